"""Web import: permissions, preview of a bad bundle, background import of a good one, template."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dangvien.interchange.bundle import COLUMNS
from dangvien.interchange.models import ImportJob, ImportStatus
from dangvien.interchange.sections import bundle_files
from dangvien.members.models import Member
from dangvien.organizations.models import Organization

pytestmark = pytest.mark.django_db

ORGS = [
    ["code", "name", "kind", "sector", "parent_code", "established_on", "dissolved_on"],
    # Under the commune X-MA of ``org_tree``, where the importing staff member works.
    ["X-C1", "Chi bộ ấp 1", "cell", "residential", "X-MA", "2001-01-01", ""],
]
MEMBERS_HEADER = [
    "member_id",
    "full_name",
    "sex",
    "birth_date",
    "organization_code",
    "decision_on",
    "admitted_on",
    "official_on",
]
GOOD_MEMBERS = [
    MEMBERS_HEADER,
    ["M1", "Nguyễn Văn An", "M", "1980-01-01", "X-C1", "2010-01-01", "2010-02-01", "2011-02-01"],
    ["M2", "Trần Thị Bình", "F", "1985-05-05", "X-C1", "2020-01-01", "2020-02-01", ""],
]
BAD_MEMBERS = [
    MEMBERS_HEADER,
    ["M1", "Nguyễn Văn An", "M", "1980-01-01", "X-C1", "2010-01-01", "2010-02-01", "2011-02-01"],
    ["M2", "Trần Thị Bình", "Q", "1985-05-05", "NOWHERE", "2020-01-01", "not-a-date", ""],
]


def _csv(rows) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8")


def bundle_zip(members) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("bundle/organizations.csv", _csv(ORGS))
        archive.writestr("bundle/members.csv", _csv(members))
    return SimpleUploadedFile("bundle.zip", buffer.getvalue(), content_type="application/zip")


@pytest.fixture(autouse=True)
def _data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path


@pytest.fixture
def staff(org_tree, make_actor):
    return make_actor("staff", org_tree.commune)


@pytest.mark.parametrize("role", [None, "viewer", "cell_secretary"])
def test_import_page_is_forbidden_without_the_import_action(client, org_tree, make_actor, role):
    client.force_login(make_actor(role, org_tree.commune))
    assert client.get(reverse("web:import")).status_code == 403
    assert client.post(reverse("web:import"), {"file": bundle_zip(GOOD_MEMBERS)}).status_code == 403
    assert ImportJob.objects.count() == 0


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("web:import"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_staff_and_superuser_see_the_upload_form(client, staff, superuser):
    for user in (staff, superuser):
        client.force_login(user)
        response = client.get(reverse("web:import"))
        assert response.status_code == 200
        assert reverse("web:import_template") in response.content.decode()


def test_bad_bundle_preview_lists_row_problems_and_writes_nothing(
    client, staff, row_counts, tmp_path
):
    client.force_login(staff)
    before = row_counts()
    members_before = Member.objects.count()
    response = client.post(reverse("web:import"), {"file": bundle_zip(BAD_MEMBERS)}, follow=True)
    assert response.status_code == 200
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.INVALID
    assert job.problems
    html = response.content.decode()
    problems = {(p["file"], p["line"], p["column"]) for p in job.problems}
    assert ("members.csv", 3, "sex") in problems
    assert ("members.csv", 3, "organization_code") in problems
    assert ("members.csv", 3, "admitted_on") in problems
    assert "members.csv:3: sex:" in html
    assert "Confirm" not in html and "Xác nhận nhập" not in html
    assert row_counts() == before
    assert Member.objects.count() == members_before
    assert not Organization.objects.filter(code="X-C1").exists()
    # The stored upload lies under DATA_DIR/uploads.
    assert (tmp_path / "uploads").is_dir()
    assert job.stored_path.startswith(str(tmp_path / "uploads"))
    # Confirming an invalid bundle imports nothing.
    client.post(reverse("web:import_job_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.INVALID
    assert row_counts() == before


def test_good_bundle_preview_then_confirm_imports_in_the_background(client, staff):
    client.force_login(staff)
    response = client.post(reverse("web:import"), {"file": bundle_zip(GOOD_MEMBERS)})
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("web:import_job", args=[job.pk])
    assert job.status == ImportStatus.PREVIEWED
    assert job.preview["organizations_created"] == 1
    assert job.preview["members_created"] == 2
    # The dry run wrote nothing.
    assert not Organization.objects.filter(code="X-C1").exists()
    page = client.get(response["Location"]).content.decode()
    assert reverse("web:import_job_confirm", args=[job.pk]) in page
    assert "Xác nhận nhập dữ liệu" in page

    response = client.post(reverse("web:import_job_confirm", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert job.task_id
    assert job.result["members_created"] == 2
    assert job.stages  # counts of each stage were recorded
    assert job.finished_at is not None
    assert Organization.objects.filter(code="X-C1").exists()
    assert Member.objects.count() == 2
    status = client.get(reverse("web:import_job_status", args=[job.pk]))
    assert status.status_code == 200
    assert "hx-trigger" not in status.content.decode()  # finished: no more polling
    # Confirming again is a no-op.
    client.post(reverse("web:import_job_confirm", args=[job.pk]))
    assert Member.objects.count() == 2


def test_running_job_polls_every_two_seconds(client, staff):
    job = ImportJob.objects.create(
        created_by=staff, original_name="b.zip", stored_path="/nonexistent", status="running"
    )
    client.force_login(staff)
    html = client.get(reverse("web:import_job", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in html
    assert reverse("web:import_job_status", args=[job.pk]) in html


def test_jobs_of_others_are_not_found(client, staff, org_tree, make_actor):
    job = ImportJob.objects.create(created_by=staff, original_name="b.zip", stored_path="/x")
    other = make_actor("staff", org_tree.sibling_commune)
    client.force_login(other)
    assert client.get(reverse("web:import_job", args=[job.pk])).status_code == 404


def test_xlsx_upload_is_accepted_and_other_files_refused(client, staff):
    from openpyxl import Workbook

    client.force_login(staff)
    workbook = Workbook()
    workbook.active.title = "organizations"
    for row in ORGS:
        workbook.active.append(row)
    members = workbook.create_sheet("members")
    for row in GOOD_MEMBERS:
        members.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("bundle.xlsx", buffer.getvalue())
    client.post(reverse("web:import"), {"file": upload})
    assert ImportJob.objects.get().status == ImportStatus.PREVIEWED

    response = client.post(
        reverse("web:import"), {"file": SimpleUploadedFile("notes.txt", b"hello")}
    )
    assert response.status_code == 200
    assert ImportJob.objects.count() == 1


def test_template_xlsx_has_every_file_and_the_guide(client, staff):
    """Every file is a sheet with its Vietnamese name and headers (issue 18 item 2), each header
    reading back as its contract column; the guide gives each column's contract name."""
    from openpyxl import load_workbook

    from dangvien.interchange.vietnamese import contract_file, words_of

    client.force_login(staff)
    response = client.get(reverse("web:import_template"))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    guide_sheet = workbook.sheetnames[0]
    assert guide_sheet == "Hướng dẫn"
    files = [spec.name for spec in bundle_files()]
    sheets = {}
    for sheet_name in workbook.sheetnames[1:]:
        name = contract_file(sheet_name) or f"{sheet_name}.csv"
        sheets[name] = sheet_name
        words = words_of(name)
        header = [c.value for c in workbook[sheet_name][1]]
        read = [(words.column(h) if words else None) or h for h in header]
        assert read == COLUMNS[name]
    assert set(sheets) == set(files)
    assert sheets["members.csv"] == "Đảng viên"
    guide = list(workbook[guide_sheet].values)
    documented = {(row[0], row[4]) for row in guide if row and row[1]}
    for name in files:
        for column in COLUMNS[name]:
            assert (sheets[name], column) in documented
    text = " ".join(str(v) for row in guide for v in row if v)
    for value in (
        "grassroots_committee",
        "public_service",
        "temporary_out",
        "deputy_secretary",
        "bachelor",
        "YYYY-MM-DD",
        "30/04/2022",
        "Họ và tên",
    ):
        assert value in text


def test_template_is_a_readable_empty_bundle(tmp_path, superuser, client):
    """The template itself reads as a bundle (empty sheets, guide ignored)."""
    from dangvien.interchange.importer import import_bundle
    from dangvien.interchange.workbook_template import template_xlsx

    path = tmp_path / "template.xlsx"
    path.write_bytes(template_xlsx())
    result = import_bundle(path, actor=superuser, dry_run=True)
    assert result.members_created == 0


def test_the_check_runs_in_the_background_and_the_page_waits_for_it(client, staff):
    job = ImportJob.objects.create(
        created_by=staff, original_name="b.zip", stored_path="/nonexistent", status="checking"
    )
    client.force_login(staff)
    html = client.get(reverse("web:import_job_status", args=[job.pk])).content.decode()
    assert "Đang kiểm tra bộ dữ liệu" in html
    assert "chưa ghi dữ liệu nào" in html
    assert 'hx-trigger="every 2s"' in html
    # the upload queued the check (run at once by the test task backend) and recorded its task
    client.post(reverse("web:import"), {"file": bundle_zip(GOOD_MEMBERS)})
    uploaded = ImportJob.objects.exclude(pk=job.pk).get()
    assert uploaded.status == ImportStatus.PREVIEWED
    assert uploaded.task_id


def test_progress_names_the_stages_in_vietnamese_with_the_share_read(client, staff):
    from dangvien.interchange.services import progress_path

    job = ImportJob.objects.create(
        created_by=staff, original_name="b.zip", stored_path="/nonexistent", status="running"
    )
    progress_path(job).write_text(
        '{"stage": "members", "stages": {"organizations": 610, "members": 4000},'
        ' "fractions": {"organizations": 1.0, "members": 0.4}}'
    )
    client.force_login(staff)
    html = client.get(reverse("web:import_job_status", args=[job.pk])).content.decode()
    assert "<td>Tổ chức</td>" in html and "<td>Đảng viên</td>" in html
    assert '<progress max="100" value="40"' in html
    assert "4.000" in html


def test_progress_gives_way_to_the_result_once_the_import_is_done(client, staff):
    from dangvien.interchange.services import progress_path

    job = ImportJob.objects.create(
        created_by=staff,
        original_name="b.zip",
        stored_path="/nonexistent",
        status="done",
        result={"members_created": 4000},
    )
    progress_path(job).write_text('{"stage": "members", "stages": {"members": 4000}}')
    client.force_login(staff)
    html = client.get(reverse("web:import_job_status", args=[job.pk])).content.decode()
    assert "Tiến độ" not in html
    assert "Kết quả" in html and "4.000" in html


def test_the_historic_data_choice_records_deviations_and_lists_them(client, staff):
    """Issue 18 item 8: the web import's lenient choice. An official date one day off the end
    of probation is refused by default and, with the choice, previewed as a deviation, then
    imported as given with a data-quality finding."""
    late = [MEMBERS_HEADER, [*GOOD_MEMBERS[1][:-1], "2011-02-02"]]
    client.force_login(staff)
    client.post(reverse("web:import"), {"file": bundle_zip(late)})
    strict = ImportJob.objects.get()
    assert strict.status == ImportStatus.INVALID
    assert ("members.csv", 2, "official_on") in {
        (p["file"], p["line"], p["column"]) for p in strict.problems
    }

    client.post(reverse("web:import"), {"file": bundle_zip(late), "record_deviations": "on"})
    job = ImportJob.objects.exclude(pk=strict.pk).get()
    assert job.record_deviations and job.status == ImportStatus.PREVIEWED
    assert [(d["file"], d["line"], d["column"]) for d in job.deviations] == [
        ("members.csv", 2, "official_on")
    ]
    page = client.get(reverse("web:import_job", args=[job.pk])).content.decode()
    assert "lệch quy định" in page
    client.post(reverse("web:import_job_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert Member.objects.filter(member_key="M1").exists()
    from dangvien.quality.models import Finding

    assert Finding.objects.get().member.member_key == "M1"
