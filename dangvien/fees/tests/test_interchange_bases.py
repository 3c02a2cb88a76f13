"""fee_bases.csv (dangvien's extension): bases loaded through the rules of fee_basis_record,
all or nothing, row problems naming file, row and column, idempotence, export and round trip."""

from __future__ import annotations

import csv
from datetime import date

import pytest
from django.apps import apps
from django.core.management import call_command

from dangvien.accounts.models import User
from dangvien.fees.models import FeeBasis, FeePayment
from dangvien.fees.selectors import collection_sheet
from dangvien.fees.tests.test_interchange import GOOD, _bundle, _write
from dangvien.interchange.exporter import export_bundle
from dangvien.interchange.importer import ImportFailed, import_bundle
from dangvien.organizations.models import Organization
from dangvien.rules.seed import reseed_rulebook
from dangvien.statistics.selectors import statistics_for

HEADER = ["member_id", "month", "kind", "amount", "voluntary_amount"]
BASES = [
    ["M1", "2025-01", "salary", "6000000", ""],
    ["M2", "2025-01", "pension", "7000000", "50000"],
    ["M3", "2026-01", "social_pension", "", ""],
]


def _with_bases(folder, rows):
    bundle = _bundle(folder, GOOD)
    _write(bundle / "fee_bases.csv", [HEADER, *rows])
    return bundle


@pytest.mark.django_db
def test_bases_feed_the_dues_and_a_social_pension_exempts_from_february(tmp_path, superuser):
    result = import_bundle(_with_bases(tmp_path / "b", BASES), actor=superuser)
    assert result.counts["fee_bases"] == 3
    # M3 (social pension) owes January 2026 only: the key counts M1 alone
    root = Organization.objects.get(code="X")
    assert statistics_for(root, date(2026, 4, 30))["fees"] == {"members_with_3_unpaid_months": 1}
    lines = {
        line.member.member_key: line
        for line in collection_sheet(
            organization=Organization.objects.get(code="X-C1"),
            month=date(2026, 3, 1),
            on=date(2026, 4, 30),
        )
    }
    assert lines["M1"].due.amount == 60_000
    assert (lines["M2"].due.amount, lines["M2"].due.reason) == (50_000, "voluntary")
    assert lines["M3"].due.exempt


@pytest.mark.django_db
def test_importing_the_bases_twice_changes_nothing(tmp_path, superuser):
    folder = _with_bases(tmp_path / "b", BASES)
    import_bundle(folder, actor=superuser)
    second = import_bundle(folder, actor=superuser)
    assert FeeBasis.objects.count() == 3
    assert second.counts.get("fee_bases", 0) == 0
    assert second.counts["fee_bases_unchanged"] == 3


@pytest.mark.django_db
def test_bad_bases_are_reported_by_row_and_column_and_nothing_is_written(tmp_path, superuser):
    bad = [
        ["M1", "2025-13", "salary", "6000000", ""],  # row 2: not a month
        ["M1", "2025-02", "wage", "6000000", ""],  # row 3: unknown kind
        ["M1", "2025-03", "salary", "", ""],  # row 4: a salary needs an amount
        ["M1", "2025-04", "salary", "abc", ""],  # row 5: not a number
        ["M9", "2025-05", "student", "", ""],  # row 6: unknown member
        ["M2", "2025-06", "student", "", ""],  # row 7
        ["M2", "2025-06", "other", "", ""],  # row 8: the same month twice
        ["M5", "2026-05", "other", "", ""],  # row 9: no longer a member
        ["M2", "2025-07", "other", "", "0"],  # row 10: voluntary not positive
    ]
    with pytest.raises(ImportFailed) as failed:
        import_bundle(_with_bases(tmp_path / "b", bad), actor=superuser)
    found = {(p.file, p.line, p.column) for p in failed.value.problems}
    assert found == {
        ("fee_bases.csv", 2, "month"),
        ("fee_bases.csv", 3, "kind"),
        ("fee_bases.csv", 4, "amount"),
        ("fee_bases.csv", 5, "amount"),
        ("fee_bases.csv", 6, "member_id"),
        ("fee_bases.csv", 8, "month"),
        ("fee_bases.csv", 9, "month"),
        ("fee_bases.csv", 10, "voluntary_amount"),
    }
    assert not FeeBasis.objects.exists()
    assert not FeePayment.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_bases_go_out_and_come_back_the_same(tmp_path):
    admin = User.objects.create_superuser("root", "r@x.vn", "x")
    import_bundle(_with_bases(tmp_path / "b", BASES), actor=admin)
    export_bundle(tmp_path / "export")
    with (tmp_path / "export" / "fee_bases.csv").open(encoding="utf-8") as handle:
        exported = [[row[c] for c in HEADER] for row in csv.DictReader(handle)]
    assert sorted(exported) == sorted(BASES)
    call_command("flush", interactive=False, verbosity=0)
    reseed_rulebook(apps)
    import_bundle(tmp_path / "export", actor=User.objects.create_superuser("r2", "r2@x.vn", "x"))
    assert FeeBasis.objects.count() == 3
    root = Organization.objects.get(code="X")
    assert statistics_for(root, date(2026, 4, 30))["fees"] == {"members_with_3_unpaid_months": 1}
