"""fee_payments.csv: loaded through the rules of the web, row problems, the §4 key after an
import, idempotence, and export → import into an empty database giving the same figures."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command

from dangvien.accounts.models import User
from dangvien.fees.models import FeePayment
from dangvien.interchange.exporter import export_bundle
from dangvien.interchange.importer import ImportFailed, import_bundle
from dangvien.organizations.models import Organization
from dangvien.rules.seed import reseed_rulebook
from dangvien.statistics.selectors import statistics_for

MEMBER_COLUMNS = [
    "member_id", "full_name", "sex", "birth_date", "national_id", "ethnicity", "religion",
    "education", "political_theory", "organization_code", "decision_on", "admitted_on",
    "official_on",
]  # fmt: skip


def _write(path: Path, rows) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)


def _member(key: str, cell: str, decision_on: str, admitted_on: str, official_on: str = ""):
    return [key, f"Trần Văn {key}", "M", "1950-01-01", "", "", "", "", "", cell,
            decision_on, admitted_on, official_on]  # fmt: skip


def _bundle(folder: Path, payments) -> Path:
    """X (C1, C2 merged into C1 on 2026-03-15); members:
    M1 pays January only; M2 pays all; M3 (C2) pays nothing; M4 admitted 1975 (51 years of
    party age: exempt from February 2026); M5 resigned on 2026-02-10."""
    folder.mkdir(parents=True, exist_ok=True)
    _write(
        folder / "organizations.csv",
        [
            ["code", "name", "kind", "sector", "parent_code", "established_on", "dissolved_on"],
            ["X", "Đảng bộ xã Mỹ An", "grassroots_committee", "commune", "", "1960-01-01", ""],
            ["X-C1", "Chi bộ ấp 1", "cell", "residential", "X", "1960-01-01", ""],
            ["X-C2", "Chi bộ ấp 2", "cell", "residential", "X", "1960-01-01", "2026-03-15"],
        ],
    )
    _write(
        folder / "org_changes.csv",
        [
            ["code", "change", "effective_on", "new_parent_code", "new_name", "merged_into_code"],
            ["X-C2", "merge", "2026-03-15", "", "", "X-C1"],
        ],
    )
    _write(
        folder / "members.csv",
        [
            MEMBER_COLUMNS,
            _member("M1", "X-C1", "2010-01-10", "2010-02-01", "2011-02-01"),
            _member("M2", "X-C1", "2010-01-10", "2010-02-01", "2011-02-01"),
            _member("M3", "X-C2", "2010-01-10", "2010-02-01", "2011-02-01"),
            _member("M4", "X-C1", "1975-01-10", "1975-02-01", "1976-02-01"),
            _member("M5", "X-C1", "2010-01-10", "2010-02-01", "2011-02-01"),
        ],
    )
    _write(
        folder / "member_events.csv",
        [
            ["member_id", "event", "effective_on", "organization_code", "note"],
            ["M5", "resigned", "2026-02-10", "", ""],
        ],
    )
    _write(folder / "fee_payments.csv", [["member_id", "month", "amount", "paid_on"], *payments])
    return folder


GOOD = [
    ["M1", "2026-01", "20000", "2026-01-10"],
    *[["M2", f"2026-0{m}", "35000", f"2026-0{m}-05"] for m in range(1, 5)],
    ["M5", "2026-02", "5000", "2026-02-05"],  # the month of the exit may be paid
]


@pytest.mark.django_db
def test_an_imported_bundle_gives_the_fees_key(tmp_path, superuser):
    import_bundle(_bundle(tmp_path / "b", GOOD), actor=superuser)
    root = Organization.objects.get(code="X")
    # M1 (Feb–Apr) and M3 (Jan–Apr); M4 owes January only; M5 is gone
    assert statistics_for(root, date(2026, 4, 30))["fees"] == {"members_with_3_unpaid_months": 2}
    assert statistics_for(root, date(2025, 12, 31))["fees"] is None
    assert FeePayment.objects.get(member__member_key="M5").organization.code == "X-C1"


@pytest.mark.django_db
def test_importing_the_same_bundle_twice_changes_nothing(tmp_path, superuser):
    folder = _bundle(tmp_path / "b", GOOD)
    import_bundle(folder, actor=superuser)
    second = import_bundle(folder, actor=superuser)
    assert FeePayment.objects.count() == len(GOOD)
    assert second.counts.get("fee_payments", 0) == 0
    assert second.counts["fee_payments_unchanged"] == len(GOOD)


@pytest.mark.django_db
def test_bad_rows_are_reported_by_file_row_and_column_and_nothing_is_written(tmp_path, superuser):
    bad = [
        ["M1", "2026-13", "20000", "2026-01-10"],  # row 2: not a month
        ["M1", "2026-02", "-5", "2026-02-10"],  # row 3: negative amount
        ["M1", "2026-03", "abc", "2026-03-10"],  # row 4: not a number
        ["M9", "2026-03", "5000", "2026-03-10"],  # row 5: unknown member
        ["M5", "2026-03", "5000", "2026-03-10"],  # row 6: no longer a member
        ["M2", "2026-01", "5000", "2026-01-10"],  # row 7
        ["M2", "2026-01", "5000", "2026-01-11"],  # row 8: the same month twice
        ["M2", "2026-02", "5000", "2099-01-01"],  # row 9: in the future
        ["M2", "2026-03", "5000", ""],  # row 10: required
    ]
    with pytest.raises(ImportFailed) as failed:
        import_bundle(_bundle(tmp_path / "b", bad), actor=superuser)
    found = {(p.file, p.line, p.column) for p in failed.value.problems}
    assert found == {
        ("fee_payments.csv", 2, "month"),
        ("fee_payments.csv", 3, "amount"),
        ("fee_payments.csv", 4, "amount"),
        ("fee_payments.csv", 5, "member_id"),
        ("fee_payments.csv", 6, "month"),
        ("fee_payments.csv", 8, "month"),
        ("fee_payments.csv", 9, "paid_on"),
        ("fee_payments.csv", 10, "paid_on"),
    }
    assert not Organization.objects.exists()
    assert not FeePayment.objects.exists()
    messages = {p.line: p.message for p in failed.value.problems}
    assert "không phải là đảng viên" in messages[6]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_export_then_import_into_an_empty_database_gives_the_same_figures(tmp_path):
    admin = User.objects.create_superuser("root", "r@x.vn", "x")
    import_bundle(_bundle(tmp_path / "b", GOOD), actor=admin)
    days = [date(2026, 1, 31), date(2026, 3, 31), date(2026, 4, 30)]
    before = [statistics_for(Organization.objects.get(code="X"), d)["fees"] for d in days]
    export_bundle(tmp_path / "export")
    call_command("flush", interactive=False, verbosity=0)
    reseed_rulebook(apps)
    import_bundle(tmp_path / "export", actor=User.objects.create_superuser("r2", "r2@x.vn", "x"))
    after = [statistics_for(Organization.objects.get(code="X"), d)["fees"] for d in days]
    assert after == before
    assert after[-1] == {"members_with_3_unpaid_months": 2}
    assert FeePayment.objects.count() == len(GOOD)


@pytest.mark.django_db
def test_a_subtree_export_writes_the_payments_of_its_members(tmp_path, superuser):
    import_bundle(_bundle(tmp_path / "b", GOOD), actor=superuser)
    # the members of X-C1 (M3 came with the merge but paid nothing; M4 owes nothing)
    context = export_bundle(tmp_path / "sub", scope="X-C1")
    with (tmp_path / "sub" / "fee_payments.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {row["member_id"] for row in rows} == {"M1", "M2", "M5"}
    assert rows[0].keys() >= {"member_id", "month", "amount", "paid_on"}
    assert context.counts["fee_payments.csv"] == len(GOOD)
