"""fee_reliefs.csv (dangvien's extension): exemptions and reductions loaded through the rules of
fee_relief_record, row problems naming file, row and column, idempotence, and their effect on
the months owed."""

from __future__ import annotations

from datetime import date

import pytest

from dangvien.fees.models import FeeRelief
from dangvien.fees.tests.test_interchange import GOOD, _bundle, _write
from dangvien.interchange.importer import ImportFailed, import_bundle
from dangvien.organizations.models import Organization
from dangvien.statistics.selectors import statistics_for

HEADER = [
    "member_id", "kind", "percent", "first_month", "last_month",
    "decision_number", "decision_date", "decided_by", "reason",
]  # fmt: skip
# M1 paid January 2026 only: a hardship exemption of February–April takes them off the list
HARDSHIP = ["M1", "exemption", "100", "2026-02", "2026-04", "3-QĐ/ĐU", "2026-01-20", "X", "ốm"]


def _with_reliefs(folder, rows):
    bundle = _bundle(folder, GOOD)
    _write(bundle / "fee_reliefs.csv", [HEADER, *rows])
    return bundle


@pytest.mark.django_db
def test_an_exemption_is_loaded_and_its_months_are_not_owed_and_twice_changes_nothing(
    tmp_path, superuser
):
    without = import_bundle(_bundle(tmp_path / "a", GOOD), actor=superuser)
    assert not without.counts.get("fee_reliefs")
    owed = statistics_for(Organization.objects.get(code="X"), date(2026, 4, 30))["fees"]
    result = import_bundle(_with_reliefs(tmp_path / "b", [HARDSHIP]), actor=superuser)
    assert result.counts["fee_reliefs"] == 1
    relief = FeeRelief.objects.get()
    assert (relief.member.member_key, relief.percent, relief.decided_by.code) == ("M1", 100, "X")
    after = statistics_for(Organization.objects.get(code="X"), date(2026, 4, 30))["fees"]
    assert after["members_with_3_unpaid_months"] == owed["members_with_3_unpaid_months"] - 1
    again = import_bundle(_with_reliefs(tmp_path / "c", [HARDSHIP]), actor=superuser)
    assert again.counts["fee_reliefs_unchanged"] == 1
    assert FeeRelief.objects.count() == 1


@pytest.mark.django_db
def test_reliefs_breaking_a_rule_are_refused_naming_file_row_and_column(tmp_path, superuser):
    bad = [
        ["M1", "exemption", "50", "2026-02", "2026-04", "3-QĐ/ĐU", "2026-01-20", "X", ""],
        ["M2", "reduction", "40", "2026-02", "2026-04", "3-QĐ/ĐU", "2026-01-20", "X", ""],
        ["M2", "reduction", "30", "2026-05", "2026-03", "3-QĐ/ĐU", "2026-01-20", "X", ""],
        ["M9", "reduction", "30", "2026-02", "2026-03", "3-QĐ/ĐU", "2026-01-20", "X", ""],
        ["M2", "reduction", "30", "2026-02", "2026-03", "3-QĐ/ĐU", "2026-01-20", "NOPE", ""],
        ["M2", "reduction", "30", "2026-02", "2026-03", "", "2026-01-20", "X", ""],
    ]
    with pytest.raises(ImportFailed) as failed:
        import_bundle(_with_reliefs(tmp_path / "b", bad), actor=superuser)
    found = {(p.file, p.line, p.column) for p in failed.value.problems}
    assert found == {
        ("fee_reliefs.csv", 2, "percent"),
        ("fee_reliefs.csv", 3, "percent"),
        ("fee_reliefs.csv", 4, "last_month"),
        ("fee_reliefs.csv", 5, "member_id"),
        ("fee_reliefs.csv", 6, "decided_by"),
        ("fee_reliefs.csv", 7, "decision_number"),
    }
    assert not FeeRelief.objects.exists()
