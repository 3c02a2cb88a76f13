import csv
import zipfile
from datetime import date
from pathlib import Path

import pytest

from dangvien.interchange.importer import ImportFailed, import_bundle
from dangvien.interchange.tests.thap_muoi import write_thap_muoi_bundle
from dangvien.members.models import Member, MemberEvent, MemberPeriod
from dangvien.organizations.models import Organization
from dangvien.statistics.selectors import statistics_for

pytestmark = pytest.mark.django_db


def _write(path: Path, rows):
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)


def _minimal(folder: Path, members_rows=None, org_rows=None, events_rows=None):
    folder.mkdir(parents=True, exist_ok=True)
    _write(
        folder / "organizations.csv",
        [
            ["code", "name", "kind", "sector", "parent_code", "established_on", "dissolved_on"],
            ["X", "Đảng bộ xã Mỹ An", "grassroots_committee", "commune", "", "2000-01-01", ""],
            ["X-C1", "Chi bộ ấp 1", "cell", "residential", "X", "2000-01-01", ""],
            ["X-C2", "Chi bộ ấp 2", "cell", "residential", "X", "2000-01-01", ""],
            *(org_rows or []),
        ],
    )
    _write(
        folder / "members.csv",
        [
            [
                "member_id",
                "full_name",
                "sex",
                "birth_date",
                "national_id",
                "ethnicity",
                "religion",
                "education",
                "political_theory",
                "organization_code",
                "decision_on",
                "admitted_on",
                "official_on",
            ],
            [
                "M1",
                "Nguyễn Văn An",
                "M",
                "1980-01-01",
                "012345678901",
                "Kinh",
                "",
                "12/12",
                "intermediate",
                "X-C1",
                "2005-01-10",
                "2005-02-01",
                "2006-02-01",
            ],
            *(members_rows or []),
        ],
    )
    if events_rows is not None:
        _write(
            folder / "member_events.csv",
            [["member_id", "event", "effective_on", "organization_code", "note"], *events_rows],
        )


def _counts():
    return (
        Organization.objects.count(),
        Member.objects.count(),
        MemberEvent.objects.count(),
        MemberPeriod.objects.count(),
    )


def test_bad_rows_are_all_reported_and_nothing_is_written(tmp_path, superuser):
    # given: three bad member rows and a bad event row
    _minimal(
        tmp_path,
        members_rows=[
            [
                "M2",
                "Trần Thị Bình",
                "X",
                "1981-01-01",
                "123",
                "",
                "",
                "",
                "",
                "X-C1",
                "2005-01-10",
                "2005-02-01",
                "",
            ],
            [
                "M3",
                "Lê Văn C",
                "M",
                "1990-01-01",
                "",
                "",
                "",
                "",
                "",
                "NOPE",
                "2010-01-10",
                "2010-02-01",
                "",
            ],
            [
                "M1",
                "Trùng mã",
                "M",
                "1980-01-01",
                "",
                "",
                "",
                "",
                "",
                "X-C1",
                "2005-01-10",
                "2005-02-01",
                "",
            ],
        ],
        events_rows=[["M1", "expelled", "2005-06-01", "", "đảng viên dự bị không bị khai trừ"]],
    )
    before = _counts()
    # when
    with pytest.raises(ImportFailed) as failure:
        import_bundle(tmp_path, actor=superuser)
    # then
    messages = [str(p) for p in failure.value.problems]
    assert any(m.startswith("members.csv:3: sex:") for m in messages)
    assert any(m.startswith("members.csv:3: national_id:") for m in messages)
    assert any(m.startswith("members.csv:4: organization_code:") for m in messages)
    assert any(m.startswith("members.csv:5: member_id:") for m in messages)
    assert _counts() == before


def test_transition_errors_name_the_event_row(tmp_path, superuser):
    _minimal(tmp_path, events_rows=[["M1", "expelled", "2005-06-01", "", ""]])
    with pytest.raises(ImportFailed) as failure:
        import_bundle(tmp_path, actor=superuser)
    assert [str(p).split(": ", 1)[0] for p in failure.value.problems] == ["member_events.csv:2"]
    assert Member.objects.count() == 0


def test_recognition_before_the_end_of_probation_is_refused(tmp_path, superuser):
    _minimal(
        tmp_path,
        members_rows=[
            [
                "M2",
                "Trần Thị Bình",
                "F",
                "1981-01-01",
                "",
                "",
                "",
                "",
                "",
                "X-C1",
                "2005-01-10",
                "2005-02-01",
                "2005-12-01",
            ]
        ],
    )
    with pytest.raises(ImportFailed) as failure:
        import_bundle(tmp_path, actor=superuser)
    assert str(failure.value.problems[0]).startswith("members.csv:3: official_on:")


def test_reads_a_zip_and_an_xlsx_workbook(tmp_path, superuser):
    from openpyxl import Workbook

    folder = tmp_path / "bundle"
    _minimal(folder)
    archive = tmp_path / "bundle.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        for file in folder.iterdir():
            handle.write(file, f"bundle/{file.name}")
    workbook = Workbook()
    workbook.remove(workbook.active)
    for file in folder.iterdir():
        sheet = workbook.create_sheet(file.stem)
        with file.open(encoding="utf-8") as handle:
            for row in csv.reader(handle):
                sheet.append(row)
    workbook.save(tmp_path / "bundle.xlsx")
    # when
    first = import_bundle(archive, actor=superuser)
    second = import_bundle(tmp_path / "bundle.xlsx", actor=superuser)
    # then
    assert first.members_created == 1
    assert second.members_created == 0 and second.members_unchanged == 1


def test_members_of_a_merged_cell_pass_to_the_survivor(tmp_path, superuser):
    _minimal(
        tmp_path,
        org_rows=[["X-C3", "Chi bộ ấp 3", "cell", "residential", "X", "2000-01-01", "2010-01-01"]],
        members_rows=[
            [
                "M2",
                "Trần Thị Bình",
                "F",
                "1981-01-01",
                "",
                "",
                "",
                "",
                "",
                "X-C3",
                "2005-01-10",
                "2005-02-01",
                "2006-02-01",
            ]
        ],
    )
    _write(
        tmp_path / "org_changes.csv",
        [
            ["code", "change", "effective_on", "new_parent_code", "new_name", "merged_into_code"],
            ["X-C3", "merge", "2010-01-01", "", "", "X-C2"],
        ],
    )
    import_bundle(tmp_path, actor=superuser)
    stats = statistics_for(Organization.objects.get(code="X-C2"), date(2010, 1, 1))
    assert stats["members"]["total"] == 1
    assert (
        statistics_for(Organization.objects.get(code="X-C2"), date(2009, 12, 31))["members"][
            "total"
        ]
        == 0
    )


def test_member_left_in_a_dissolved_cell_is_an_error(tmp_path, superuser):
    _minimal(
        tmp_path,
        org_rows=[["X-C3", "Chi bộ ấp 3", "cell", "residential", "X", "2000-01-01", "2010-01-01"]],
        members_rows=[
            [
                "M2",
                "Trần Thị Bình",
                "F",
                "1981-01-01",
                "",
                "",
                "",
                "",
                "",
                "X-C3",
                "2005-01-10",
                "2005-02-01",
                "2006-02-01",
            ]
        ],
    )
    with pytest.raises(ImportFailed) as failure:
        import_bundle(tmp_path, actor=superuser)
    assert "members.csv:3: organization_code:" in str(failure.value.problems[0])


def test_thap_muoi_bundle_gives_the_report_figures(tmp_path, superuser):
    write_thap_muoi_bundle(tmp_path)
    import_bundle(tmp_path, actor=superuser)
    stats = statistics_for(Organization.objects.get(code="HU-TM"), date(2022, 4, 30))
    assert (stats["grassroots"]["total"], stats["cells"], stats["members"]["total"]) == (
        38,
        226,
        4541,
    )
    assert stats["grassroots"]["by_sector"] == {
        "agency": 15,
        "commune": 12,
        "public_service": 10,
        "township": 1,
    }
    assert (stats["members_per_population_percent"], stats["admissions"]["count"]) == (3.45, 126)


def test_an_archive_that_unpacks_too_large_is_refused(tmp_path, superuser, settings):
    """Review: no limit on the unpacked size of an uploaded .zip/.xlsx (zip bomb)."""
    settings.IMPORT_MAX_UNPACKED_BYTES = 1000
    folder = tmp_path / "bundle"
    _minimal(folder)
    (folder / "padding.txt").write_text("0" * 5000)
    archive = tmp_path / "bundle.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as handle:
        for file in folder.iterdir():
            handle.write(file, file.name)
    with pytest.raises(ImportFailed) as failure:
        import_bundle(archive, actor=superuser)
    assert "tệp nén giải ra" in str(failure.value.problems[0])
    assert Member.objects.count() == 0


def test_staff_cannot_import_members_outside_their_subtree(tmp_path, org_tree, make_actor):
    """Review: members, events and periods were written into any organization."""
    staff = make_actor("staff", org_tree.sibling_district)
    folder = tmp_path / "b"
    folder.mkdir()
    _write(
        folder / "organizations.csv",
        [["code", "name", "kind", "sector", "parent_code", "established_on", "dissolved_on"]],
    )
    _write(
        folder / "members.csv",
        [
            [
                "member_id",
                "full_name",
                "sex",
                "birth_date",
                "organization_code",
                "decision_on",
                "admitted_on",
            ],
            ["M9", "Ngô Văn Chín", "M", "1980-01-01", "CB-A", "2005-01-10", "2005-02-01"],
        ],
    )
    with pytest.raises(ImportFailed) as failure:
        import_bundle(folder, actor=staff)
    assert str(failure.value.problems[0]).startswith("members.csv:2: organization_code:")
    assert Member.objects.count() == 0


def test_events_of_an_existing_member_without_their_row_are_reported(tmp_path, superuser):
    """Review: such event rows were silently dropped."""
    _minimal(tmp_path / "first")
    import_bundle(tmp_path / "first", actor=superuser)
    second = tmp_path / "second"
    second.mkdir()
    _write(
        second / "organizations.csv",
        [["code", "name", "kind", "sector", "parent_code", "established_on", "dissolved_on"]],
    )
    _write(
        second / "members.csv",
        [["member_id", "full_name", "sex", "organization_code", "admitted_on"]],
    )
    _write(
        second / "member_events.csv",
        [
            ["member_id", "event", "effective_on", "organization_code", "note"],
            ["M1", "exempt", "2020-01-01", "", ""],
        ],
    )
    with pytest.raises(ImportFailed) as failure:
        import_bundle(second, actor=superuser)
    assert str(failure.value.problems[0]).startswith(
        "member_events.csv:2: member_id: đảng viên M1 đã có"
    )


@pytest.mark.parametrize(
    ("_case", "order"),
    [
        ("parents_first", ["P", "D", "X", "X-C1", "X-C2"]),
        ("children_first", ["P", "X-C2", "X-C1", "X", "D"]),
    ],
)
def test_organizations_ending_on_the_same_day_as_their_parent_are_accepted_in_any_row_order(
    tmp_path, superuser, _case, order
):
    """Regression (issue 11, 6d): a district dissolved on the day of its last cells (the 07/2025
    reform) was refused ("vẫn còn 3 tổ chức trực thuộc") when its row came first."""
    # given: a district, its commune and its two cells all dissolved on 01/07/2025
    rows = {
        "P": ["P", "Đảng bộ tỉnh Đồng Tháp", "provincial", "", "", "1976-02-03", ""],
        "D": [
            "D",
            "Đảng bộ huyện Tháp Mười",
            "upper_grassroots",
            "",
            "P",
            "1976-03-01",
            "2025-07-01",
        ],
        "X": [
            "X",
            "Đảng bộ xã Mỹ An",
            "grassroots_committee",
            "commune",
            "D",
            "1980-01-01",
            "2025-07-01",
        ],
        "X-C1": ["X-C1", "Chi bộ ấp 1", "cell", "residential", "X", "1990-01-01", "2025-07-01"],
        "X-C2": ["X-C2", "Chi bộ ấp 2", "cell", "residential", "X", "1990-01-01", "2025-07-01"],
    }
    _write(
        tmp_path / "organizations.csv",
        [
            ["code", "name", "kind", "sector", "parent_code", "established_on", "dissolved_on"],
            *[rows[code] for code in order],
        ],
    )
    _write(
        tmp_path / "members.csv",
        [["member_id", "full_name", "sex", "organization_code", "admitted_on"]],
    )
    # when
    result = import_bundle(tmp_path, actor=superuser)
    # then
    assert result.organizations_created == 5
    ended = dict(Organization.objects.exclude(code="P").values_list("code", "dissolved_on"))
    assert ended == dict.fromkeys(["D", "X", "X-C1", "X-C2"], date(2025, 7, 1))
    assert statistics_for(Organization.objects.get(code="P"), date(2025, 6, 30))["cells"] == 2
    assert statistics_for(Organization.objects.get(code="P"), date(2025, 7, 1))["cells"] == 0


@pytest.mark.parametrize(
    ("_case", "kind", "ratio", "column"),
    [
        ("unknown_kind", "month", "3.85", "kind"),
        ("three_decimals", "term", "3.855", "members_per_population_percent"),
        ("negative", "term", "-1", "members_per_population_percent"),
        ("over_a_hundred", "year", "12345.5", "members_per_population_percent"),
    ],
)
def test_a_target_the_web_form_refuses_is_a_row_problem(
    tmp_path, superuser, _case, kind, ratio, column
):
    """Regression (issue 11, 6c): the import took any ratio (PostgreSQL rounds a third decimal,
    a figure over its six digits was a database error) and no kind of period."""
    # given
    _minimal(tmp_path)
    _write(
        tmp_path / "targets.csv",
        [
            [
                "organization_code",
                "period_from",
                "period_to",
                "admissions",
                "kind",
                "members_per_population_percent",
            ],
            ["X", "2020-07-01", "2025-06-30", "10", kind, ratio],
        ],
    )
    before = _counts()
    # when
    with pytest.raises(ImportFailed) as failure:
        import_bundle(tmp_path, actor=superuser)
    # then
    assert [str(p).split(": ")[0:2] for p in failure.value.problems] == [["targets.csv:2", column]]
    assert _counts() == before


@pytest.mark.parametrize(
    ("_case", "held_from", "held_to", "column"),
    [
        ("open_after_the_end", "2005-01-01", "", "to"),
        ("ends_after_the_end", "2005-01-01", "2011-01-01", "to"),
        ("starts_after_the_end", "2012-01-01", "2013-01-01", "from"),
    ],
)
def test_a_committee_post_running_after_its_organization_ended_is_a_row_problem(
    tmp_path, superuser, _case, held_from, held_to, column
):
    """Issue 11, 6a: the demo's export held posts of cells merged or split before them."""
    # given: X-C3 dissolved on 2010-01-01
    _minimal(
        tmp_path,
        org_rows=[["X-C3", "Chi bộ ấp 3", "cell", "residential", "X", "2000-01-01", "2010-01-01"]],
    )
    _write(
        tmp_path / "committee_members.csv",
        [
            ["organization_code", "member_id", "post", "from", "to", "full_name"],
            ["X-C3", "", "secretary", "2003-01-01", "2010-01-01", "Lê Văn Cường"],
            ["X-C3", "", "deputy_secretary", held_from, held_to, "Trần Văn Dũng"],
        ],
    )
    before = _counts()
    # when
    with pytest.raises(ImportFailed) as failure:
        import_bundle(tmp_path, actor=superuser)
    # then
    problems = [str(p) for p in failure.value.problems]
    assert len(problems) == 1
    assert problems[0].startswith(f"committee_members.csv:3: {column}: X-C3 ")
    assert "01/01/2010" in problems[0]
    assert _counts() == before
