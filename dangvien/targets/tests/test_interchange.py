"""populations.csv and targets.csv imported (``targets.interchange``): each row checked with
the services' rules against the rows recorded and those before it, the new ones written
together, a changed one through the services, a row already recorded identically skipped."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangvien.audit.models import AuditEvent
from dangvien.audit.services import snapshot
from dangvien.interchange.importer import ImportFailed, import_bundle
from dangvien.interchange.tests import corpus as c
from dangvien.organizations.models import Organization
from dangvien.targets.models import AdmissionTarget, Population
from dangvien.users.services import system_actor

pytestmark = pytest.mark.django_db


def _figures(files: c.Files, populations: list[list[str]], targets: list[list[str]]) -> c.Files:
    files["populations.csv"] = [files["populations.csv"][0], *populations]
    files["targets.csv"] = [files["targets.csv"][0], *targets]
    return files


def test_a_figure_changed_and_changed_back_in_one_file_ends_as_its_last_row(tmp_path):
    # given: the same year three times, the last row as the first
    files = _figures(
        c.base(),
        [["X", "2024", "1000"], ["X", "2024", "1200"], ["X", "2024", "1000"]],
        [
            ["X", "2025-07-01", "2030-06-30", "40", ""],
            ["X", "2025-07-01", "2030-06-30", "45", "3.90"],
            ["X", "2025-07-01", "2030-06-30", "40", ""],
        ],
    )
    # when
    result = import_bundle(c.write_bundle(tmp_path, files), actor=system_actor())
    # then: every row differed from the figure recorded before it
    assert (result.populations, result.targets) == (3, 3)
    x = Organization.objects.get(code="X")
    assert Population.objects.get(organization=x, year=2024).population == 1000
    target = AdmissionTarget.objects.get(organization=x, period_from="2025-07-01")
    assert (target.admissions, target.members_per_population_percent) == (40, None)


def test_a_row_repeated_or_already_recorded_is_skipped_without_asking_per_row(tmp_path):
    # given: the figures imported once
    rows = [["X", str(year), "12000"] for year in range(2000, 2020)]
    files = _figures(c.base(), rows, [["X", "2020-07-01", "2025-06-30", "50", "3.85"]])
    first = import_bundle(c.write_bundle(tmp_path / "first", files), actor=system_actor())
    assert (first.populations, first.targets) == (20, 1)
    # when: the same bundle again, one year's figure repeated in it
    files["populations.csv"].append(["X", "2000", "12000"])
    with CaptureQueriesContext(connection) as queries:
        again = import_bundle(c.write_bundle(tmp_path / "again", files), actor=system_actor())
    # then: nothing new, and the recorded figures read once for the whole file
    assert (again.populations, again.targets) == (0, 0)
    asked = [q["sql"] for q in queries.captured_queries if "targets_population" in q["sql"]]
    assert len(asked) == 1, asked
    assert Population.objects.filter(year__lt=2020).count() == 20
    target = AdmissionTarget.objects.get(period_from="2020-07-01")
    assert target.members_per_population_percent == Decimal("3.85")


def test_new_figures_are_written_together_and_audited_as_the_services_audit_them(tmp_path):
    # given: 40 years of population and eight yearly targets inside the province's term
    populations = [["X", str(year), str(10000 + year)] for year in range(1980, 2020)]
    targets = [["P", "2020-07-01", "2025-06-30", "900", "", "term"]] + [
        ["X", f"{year}-01-01", f"{year}-12-31", "5", "", "year"] for year in range(2017, 2025)
    ]
    files = _figures(c.base(), populations, [])
    files["targets.csv"] = [[*files["targets.csv"][0], "kind"], *targets]
    # when
    with CaptureQueriesContext(connection) as queries:
        result = import_bundle(c.write_bundle(tmp_path, files), actor=system_actor())
    # then: one insert per table (a row each before), and an audit row per figure
    assert (result.populations, result.targets) == (40, 9)
    inserts = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith("INSERT INTO") and "targets_" in q["sql"].split("(")[0]
    ]
    assert len(inserts) == 2, inserts
    for model, count in ((Population, 40), (AdmissionTarget, 9)):
        rows = model.objects.all()
        audits = {
            a.object_id: a
            for a in AuditEvent.objects.filter(
                object_type__model=model._meta.model_name, action="create"
            )
        }
        assert len(rows) == len(audits) == count
        for row in rows:
            audit = audits[str(row.pk)]
            assert (audit.after, audit.object_repr) == (snapshot(row), str(row))
            assert audit.organization_id == row.organization_id


def test_a_target_is_checked_against_the_targets_before_it_in_the_file(tmp_path):
    # given: the province's term, then the commune's terms: one inside it, one overlapping the
    # first, one outside the province's term; and a population of 0
    files = _figures(
        c.base(),
        [["X", "2021", "0"]],
        [
            ["P", "2030-07-01", "2035-06-30", "900", ""],
            ["X", "2030-07-01", "2035-06-30", "40", ""],
            ["X", "2031-01-01", "2031-12-31", "40", ""],
            ["X-C1", "2036-01-01", "2036-12-31", "1", ""],
            ["X-C1", "2030-07-01", "2035-06-30", "2", "0.125"],
        ],
    )
    # when
    with pytest.raises(ImportFailed) as failure:
        import_bundle(c.write_bundle(tmp_path, files), actor=system_actor())
    # then: each refusal is the services' own, at its row; nothing written
    found = [(p.file, p.line, p.column, p.message) for p in failure.value.problems]
    assert found == [
        ("populations.csv", 2, "population", "Dân số phải là số dương."),
        (
            "targets.csv",
            4,
            "period_from",
            "Một chỉ tiêu khác của tổ chức này đã bao gồm một phần khoảng thời gian đó.",
        ),
        (
            "targets.csv",
            5,
            "period_from",
            "Kỳ chỉ tiêu phải nằm trong kỳ chỉ tiêu của cấp trên (chỉ tiêu được giao từ trên "
            "xuống).",
        ),
        (
            "targets.csv",
            6,
            "members_per_population_percent",
            "Tỷ lệ đảng viên so với dân số là một tỷ lệ phần trăm từ 0 đến 100, có nhiều nhất "
            "hai chữ số thập phân.",
        ),
    ], found
    assert not AdmissionTarget.objects.exists()


@pytest.mark.parametrize("dry_run", [False, True])
def test_the_recorded_targets_are_read_under_the_audit_chain_lock_unless_a_dry_run(
    tmp_path, dry_run
):
    # given: a province's term recorded, and a commune's term inside it to import
    import_bundle(c.write_bundle(tmp_path / "first", c.base()), actor=system_actor())
    files = _figures(c.base(), [], [["X", "2030-07-01", "2035-06-30", "40", ""]])
    files["targets.csv"].insert(1, ["P", "2030-07-01", "2035-06-30", "900", ""])
    # when
    with CaptureQueriesContext(connection) as queries:
        result = import_bundle(
            c.write_bundle(tmp_path / "again", files), actor=system_actor(), dry_run=dry_run
        )
    # then: the chain head is locked before the recorded targets are read (no other write
    # commits in between), a dry run locks nothing
    assert result.targets == 2
    sql = [q["sql"] for q in queries.captured_queries]
    read = next(k for k, s in enumerate(sql) if 'FROM "targets_admissiontarget"' in s)
    locked = [k for k, s in enumerate(sql[:read]) if 'FROM "audit_auditchainhead"' in s]
    if dry_run:
        assert not locked, [sql[k] for k in locked]
    else:
        assert locked
