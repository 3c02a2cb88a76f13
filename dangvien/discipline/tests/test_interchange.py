"""discipline.csv: loaded through the services' rules, errors per row, the round trip."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command

from dangvien.accounts.models import User
from dangvien.discipline.models import DisciplineDecision
from dangvien.interchange.exporter import export_bundle
from dangvien.interchange.importer import ImportFailed, import_bundle
from dangvien.organizations.models import Organization
from dangvien.rules.seed import reseed_rulebook
from dangvien.statistics.selectors import statistics_for

HEADER = ["case_id", "subject", "code", "form", "decided_on", "decided_by_code", "decision_number"]
D = date(2023, 6, 30)


def write(folder: Path, name: str, rows: list[list[str]]) -> None:
    with (folder / name).open("w", newline="", encoding="utf-8") as out:
        csv.writer(out).writerows(rows)


def bundle(folder: Path, discipline: list[list[str]]) -> Path:
    """A district with a commune and two cells; four members of CB-1, one probationary; M3
    expelled on 2023-05-02."""
    folder.mkdir(parents=True, exist_ok=True)
    write(
        folder,
        "organizations.csv",
        [
            ["code", "name", "kind", "sector", "parent_code", "established_on", "dissolved_on"],
            ["H", "Đảng bộ huyện Hòa Bình", "upper_grassroots", "", "", "1990-01-01", ""],
            ["X", "Đảng bộ xã Hòa An", "grassroots_committee", "commune", "H", "1990-01-01", ""],
            ["CB-1", "Chi bộ ấp 1", "cell", "residential", "X", "1990-01-01", ""],
            ["CB-2", "Chi bộ ấp 2", "cell", "residential", "X", "1990-01-01", ""],
            ["CB-3", "Chi bộ ấp 3", "cell", "residential", "X", "1990-01-01", "2023-04-15"],
        ],
    )
    members = [
        [
            "member_id",
            "full_name",
            "sex",
            "birth_date",
            "organization_code",
            "decision_on",
            "admitted_on",
            "official_on",
        ]
    ]
    for index, name in enumerate(["Nguyễn Văn Một", "Trần Thị Hai", "Lê Văn Ba", "Phạm Văn Tư"]):
        official = "" if index == 3 else "2011-03-01"
        admitted = "2023-01-10" if index == 3 else "2010-03-01"
        decided = "2023-01-05" if index == 3 else "2010-02-20"
        members.append([f"M{index}", name, "M", "1980-01-01", "CB-1", decided, admitted, official])
    write(folder, "members.csv", members)
    write(
        folder,
        "member_events.csv",
        [
            ["member_id", "event", "effective_on", "organization_code", "note"],
            ["M2", "expelled", "2023-05-02", "", ""],
        ],
    )
    write(folder, "discipline.csv", [HEADER, *discipline])
    return folder


GOOD = [
    ["K1", "member", "M0", "reprimand", "2023-02-01", "CB-1", "01-QĐ/CB"],
    ["K2", "member", "M1", "warning", "2022-12-31", "CB-1", "02-QĐ/CB"],
    ["K3", "member", "M2", "expulsion", "2023-05-02", "H", "03-QĐ/HU"],
    ["K4", "organization", "CB-2", "warning", "2023-03-01", "X", "04-QĐ/ĐU"],
    ["K5", "member", "M3", "warning", "2023-04-01", "CB-1", "05-QĐ/CB"],
    # dissolved by the decision: organizations.csv ends it the same day
    ["K6", "organization", "CB-3", "dissolution", "2023-04-15", "X", "06-QĐ/ĐU"],
]


@pytest.fixture
def admin(db):
    return User.objects.create_superuser("root", "r@x.vn", "x")


def problems_of(folder: Path, admin: User) -> list[str]:
    with pytest.raises(ImportFailed) as failed:
        import_bundle(folder, actor=admin)
    return [str(problem) for problem in failed.value.problems]


def test_a_bundle_gives_the_discipline_key(tmp_path, admin):
    result = import_bundle(bundle(tmp_path / "b", GOOD), actor=admin)
    assert result.counts["discipline_decisions"] == 6
    stats = statistics_for(Organization.objects.get(code="H"), D)
    assert stats["discipline"] == {
        "from": "2023-01-01",
        "to": "2023-06-30",
        "members": 3,
        "organizations": 2,
        "by_form": {"reprimand": 1, "warning": 2, "expulsion": 1, "dissolution": 1},
    }
    # the second import changes nothing
    again = import_bundle(tmp_path / "b", actor=admin)
    assert again.counts["discipline_decisions"] == 0
    assert DisciplineDecision.objects.count() == 6


@pytest.mark.parametrize(
    ("_case", "row", "column", "words"),
    [
        (
            "expulsion without the ledger event",
            ["K9", "member", "M1", "expulsion", "2023-05-02", "H", "9"],
            "decided_on",
            "expelled",
        ),
        (
            "probationary member expelled",
            ["K9", "member", "M3", "expulsion", "2023-05-02", "H", "9"],
            "form",
            "Quy định 69-QĐ/TW Điều 7)",  # the rule's source, not its key
        ),
        (
            "dissolution of a member",
            ["K9", "member", "M0", "dissolution", "2023-05-02", "H", "9"],
            "form",
            "Quy định 69-QĐ/TW Điều 7)",  # the rule's source, not its key
        ),
        ("unknown form", ["K9", "member", "M0", "fine", "2023-05-02", "H", "9"], "form", "fine"),
        ("unknown member", ["K9", "member", "M8", "warning", "2023-05-02", "H", "9"], "code", "M8"),
        (
            "not a member that day",
            ["K9", "member", "M0", "warning", "2009-05-02", "H", "9"],
            "code",
            "02/05/2009",
        ),
        (
            "body below the member",
            ["K9", "member", "M0", "warning", "2023-05-02", "CB-2", "9"],
            "decided_by_code",
            "Chi bộ ấp 2",
        ),
        (
            "duplicate case",
            ["K1", "member", "M0", "warning", "2023-05-02", "H", "9"],
            "case_id",
            "K1",
        ),
        ("missing number", ["K9", "member", "M0", "warning", "2023-05-02", "H", ""], "", ""),
    ],
)
def test_a_wrong_row_is_reported_and_nothing_is_written(tmp_path, admin, _case, row, column, words):
    folder = bundle(tmp_path / "b", [*GOOD, row])
    problems = problems_of(folder, admin)
    expected_column = column or "decision_number"
    assert any(
        p.startswith("discipline.csv:8: " + expected_column + ":") and words in p for p in problems
    ), problems
    assert DisciplineDecision.objects.count() == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_export_then_import_into_an_empty_database_gives_the_same_key(tmp_path):
    admin = User.objects.create_superuser("root", "r@x.vn", "x")
    import_bundle(bundle(tmp_path / "b", GOOD), actor=admin)

    def figures() -> list[dict]:
        return [
            statistics_for(Organization.objects.get(code=code), on)["discipline"]
            for code in ("H", "X", "CB-1", "CB-2", "CB-3")
            for on in (date(2022, 12, 31), date(2023, 4, 14), D)
            if code != "CB-3" or on < date(2023, 4, 15)
        ]

    before = figures()
    export_bundle(tmp_path / "export")
    call_command("flush", interactive=False, verbosity=0)
    reseed_rulebook(apps)
    import_bundle(tmp_path / "export", actor=User.objects.create_superuser("r2", "r2@x.vn", "x"))
    assert figures() == before
    assert DisciplineDecision.objects.count() == 6
