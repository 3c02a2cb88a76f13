"""assessments.csv: loaded through the services' rules (row errors as file:row: column),
idempotent, and exported so that export → import gives the same statistics."""

from __future__ import annotations

import csv
from datetime import date

import pytest
from django.apps import apps
from django.core.management import call_command

from dangvien.accounts.models import User
from dangvien.assessment.models import AssessmentResult
from dangvien.assessment.services import assessment_correct, assessment_record
from dangvien.assessment.statistics import assessment_statistics
from dangvien.interchange.exporter import export_bundle
from dangvien.interchange.importer import ImportFailed, import_bundle
from dangvien.organizations.models import Organization
from dangvien.rules.seed import reseed_rulebook

HEADER = ["year", "subject", "code", "level", "score", "decided_on", "decided_by_code"]


def _write(path, name, header, rows):
    with (path / name).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def _bundle(folder, assessments):
    folder.mkdir()
    _write(
        folder,
        "organizations.csv",
        ["code", "name", "kind", "sector", "parent_code", "established_on", "dissolved_on"],
        [
            ["T", "Đảng bộ tỉnh Đồng Tháp", "provincial", "", "", "2000-01-01", ""],
            ["X", "Đảng bộ xã Mỹ An", "grassroots_committee", "commune", "T", "2000-01-01", ""],
            ["C", "Chi bộ ấp 1", "cell", "residential", "X", "2000-01-01", ""],
            ["Y", "Đảng bộ xã Mỹ Hiệp", "grassroots_committee", "commune", "T", "2000-01-01", ""],
        ],
    )
    _write(
        folder,
        "members.csv",
        ["member_id", "full_name", "sex", "birth_date", "organization_code", "decision_on",
         "admitted_on", "official_on"],
        [
            ["M1", "Nguyễn Văn An", "M", "1980-01-01", "C", "2015-02-01", "2015-03-01", "2016-03-01"],
            ["M2", "Trần Thị Bình", "F", "1981-01-01", "C", "2015-02-01", "2015-03-01", "2016-03-01"],
        ],
    )  # fmt: skip
    _write(folder, "assessments.csv", HEADER, assessments)
    return folder


GOOD_ROWS = [
    ["2021", "member", "M1", "good", "80", "2021-12-20", ""],  # the competent body: X
    ["2021", "member", "M2", "not_completed", "", "2021-12-20", "X"],
    ["2021", "organization", "C", "excellent", "", "2021-12-25", "X"],
]


@pytest.mark.django_db
def test_a_bundle_gives_the_assessment_key_and_a_second_import_changes_nothing(superuser, tmp_path):
    folder = _bundle(tmp_path / "b", GOOD_ROWS)
    import_bundle(folder, actor=superuser)
    value = assessment_statistics(Organization.objects.get(code="T"), date(2022, 1, 1))
    assert value == {
        "year": 2021,
        "members": {"excellent": 0, "good": 1, "completed": 0, "not_completed": 1},
        "organizations": {"excellent": 1, "good": 0, "completed": 0, "not_completed": 0},
    }
    assert AssessmentResult.objects.get(member__member_key="M1").decided_by.code == "X"
    count = AssessmentResult.objects.count()
    import_bundle(folder, actor=superuser)
    assert AssessmentResult.objects.count() == count == 3


@pytest.mark.django_db
def test_row_errors_are_reported_by_file_row_and_column_and_nothing_is_written(superuser, tmp_path):
    rows = [
        *GOOD_ROWS,
        ["2021", "member", "M1", "completed", "", "2021-12-21", "X"],  # 5: a second result
        ["2021", "member", "M9", "good", "", "2021-12-20", "X"],  # 6: unknown member
        ["2021", "organization", "C", "good", "", "2021-12-20", "ZZ"],  # 7: unknown decider
        ["2022", "member", "M2", "great", "", "2022-12-20", "X"],  # 8: unknown level
        ["2022", "member", "M2", "good", "120", "2022-12-20", "X"],  # 9: score out of range
        ["2022", "member", "M1", "good", "", "2022-12-20", "Y"],  # 10: not above the member
        ["2022", "organization", "T", "good", "", "2022-12-20", "X"],  # 11: decider below
        ["2022", "team", "X", "good", "", "2022-12-20", "T"],  # 12: unknown subject
        ["2023", "member", "M2", "good", "", "2022-12-20", "X"],  # 13: year after the decision
        # 14: below the band of "excellent" in force on 20/12/2025 (Quy định 366-QĐ/TW): refused
        # as the web and the API refuse it
        ["2025", "member", "M2", "excellent", "85", "2025-12-20", "X"],
        # 15: a level of 2020 with any score: no bands before Quy định 366 (taken as decided)
        ["2020", "member", "M2", "excellent", "40", "2020-12-20", "X"],
    ]
    folder = _bundle(tmp_path / "b", rows)
    with pytest.raises(ImportFailed) as failed:
        import_bundle(folder, actor=superuser)
    found = {(p.line, p.column) for p in failed.value.problems}
    assert {
        (5, "year"),
        (6, "code"),
        (7, "decided_by_code"),
        (8, "level"),
        (9, "score"),
        (10, "decided_by_code"),
        (11, "decided_by_code"),
        (12, "subject"),
        (13, "year"),
        (14, "score"),
    } <= found
    assert not {p for p in found if p[0] == 15}
    band = next(p for p in failed.value.problems if p.line == 14)
    assert "85" in band.message and "90" in band.message
    assert all(p.file == "assessments.csv" for p in failed.value.problems)
    assert not AssessmentResult.objects.exists()
    assert not Organization.objects.exists()


def _figures(codes, dates):
    return {
        (code, on): assessment_statistics(Organization.objects.get(code=code), on)
        for code in codes
        for on in dates
    }


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_export_then_import_into_an_empty_database_gives_the_same_statistics(tmp_path):
    admin = User.objects.create_superuser("root", "r@x.vn", "x")
    import_bundle(_bundle(tmp_path / "b", GOOD_ROWS), actor=admin)
    m1 = AssessmentResult.objects.get(member__member_key="M1")
    # history corrected and completed as decided (no rounds in this bundle)
    assessment_correct(
        actor=admin, result=m1, level="completed", decided_on=date(2022, 1, 10), check_round=False
    )
    assessment_record(
        actor=admin, organization=Organization.objects.get(code="X"), year=2022, level="good",
        decided_on=date(2023, 1, 5), check_round=False,
    )  # fmt: skip
    dates = [date(2021, 12, 31), date(2022, 6, 1), date(2023, 6, 1)]
    before = _figures(["T", "X", "C"], dates)
    export_bundle(tmp_path / "export")
    call_command("flush", interactive=False, verbosity=0)
    reseed_rulebook(apps)
    import_bundle(tmp_path / "export", actor=User.objects.create_superuser("root2", "r2@x.vn", "x"))
    after = _figures(["T", "X", "C"], dates)
    # the correction's history travels in assessment_history.csv: the same figures at every
    # date, before and after the correction
    assert after == before
    assert before[("X", date(2021, 12, 31))]["members"]["good"] == 1
    assert before[("X", date(2022, 6, 1))]["members"]["good"] == 0
    assert before[("X", date(2023, 6, 1))]["organizations"]["good"] == 1
    assert AssessmentResult.objects.filter(supersedes__isnull=False).count() == 1
    count = AssessmentResult.objects.count()
    import_bundle(tmp_path / "export", actor=User.objects.get(username="root2"))
    assert AssessmentResult.objects.count() == count


@pytest.mark.django_db
def test_a_different_result_for_a_subject_and_year_already_recorded_is_a_row_error(
    superuser, tmp_path
):
    import_bundle(_bundle(tmp_path / "a", GOOD_ROWS), actor=superuser)
    changed = [GOOD_ROWS[0], ["2021", "member", "M2", "completed", "", "2021-12-20", "X"]]
    with pytest.raises(ImportFailed) as failed:
        import_bundle(_bundle(tmp_path / "b", changed), actor=superuser)
    assert [(p.line, p.column) for p in failed.value.problems] == [(3, "year")]
    assert "2021" in failed.value.problems[0].message
    assert AssessmentResult.objects.get(member__member_key="M2").level == "not_completed"


@pytest.mark.django_db
def test_results_of_members_who_had_left_and_of_dissolved_organizations_load(superuser, tmp_path):
    rows = [
        ["2021", "member", "M1", "good", "", "2021-12-20", "X"],
        ["2021", "organization", "C", "good", "", "2021-12-20", "X"],
    ]
    folder = _bundle(tmp_path / "b", rows)
    with (folder / "member_events.csv").open("w", encoding="utf-8") as handle:
        handle.write("member_id,event,effective_on,organization_code,note\nM1,died,2021-11-01,,\n")
    import_bundle(folder, actor=superuser)
    value = assessment_statistics(Organization.objects.get(code="T"), date(2022, 1, 1))
    # the member had died before the decision: placed nowhere; the cell is
    assert value["members"]["good"] == 0 and value["organizations"]["good"] == 1
