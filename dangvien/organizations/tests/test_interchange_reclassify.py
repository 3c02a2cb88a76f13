"""A reclassification's children's new official types (``child_sectors``) through the bundle:
written by the export, read by the import (the 07/2025 reform's residential cells)."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command

from dangvien.interchange.importer import import_bundle
from dangvien.organizations.models import Organization
from dangvien.organizations.selectors import organization_state
from dangvien.organizations.services import organization_move, organization_reclassify

pytestmark = pytest.mark.django_db

DAY = date(2025, 7, 1)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_the_export_writes_the_sectors_the_children_took(org_tree, superuser, tmp_path):
    # given: the commune reclassified, its residential cell now "other", its school cell a
    # public service unit
    organization_move(
        actor=superuser,
        organization=org_tree.commune,
        new_parent=org_tree.province,
        effective_on=DAY,
    )
    organization_reclassify(
        actor=superuser,
        organization=org_tree.commune,
        kind="upper_grassroots",
        child_kinds={"cell": "grassroots_cell"},
        child_sectors={"residential": "other", "school": "public_service"},
        effective_on=DAY,
    )

    # when
    call_command("export", str(tmp_path / "out"), stdout=None)

    # then: one row for the commune, the children's kinds and types in it
    rows = [r for r in _rows(tmp_path / "out" / "org_changes.csv") if r["change"] == "reclassify"]
    assert len(rows) == 1
    assert rows[0]["code"] == "X-MA"
    assert rows[0]["child_kinds"] == "cell:grassroots_cell"
    assert sorted(rows[0]["child_sectors"].split(";")) == [
        "residential:other",
        "school:public_service",
    ]


def test_the_import_gives_the_children_the_sectors_named(superuser, tmp_path):
    # given: a commune under a province, a residential cell; the reform's three steps
    folder = tmp_path / "bundle"
    folder.mkdir()
    with (folder / "organizations.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(
            [
                ["code", "name", "kind", "sector", "parent_code", "established_on", "dissolved_on"],
                ["P", "Đảng bộ tỉnh P", "provincial", "", "", "1990-01-01", ""],
                ["H", "Đảng bộ huyện H", "upper_grassroots", "", "P", "1990-01-01", ""],
                ["X", "Đảng bộ xã X", "grassroots_committee", "commune", "H", "1990-01-01", ""],
                ["C", "Chi bộ ấp 1", "cell", "residential", "X", "1990-01-01", ""],
            ]
        )
    with (folder / "members.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerow(
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
        )
    with (folder / "org_changes.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(
            [
                [
                    "code",
                    "change",
                    "effective_on",
                    "new_parent_code",
                    "new_name",
                    "merged_into_code",
                    "new_kind",
                    "new_sector",
                    "child_kinds",
                    "child_sectors",
                ],
                ["X", "move", "2025-07-01", "P", "", "", "", "", "", ""],
                [
                    "X",
                    "reclassify",
                    "2025-07-01",
                    "",
                    "",
                    "",
                    "upper_grassroots",
                    "",
                    "cell:grassroots_cell",
                    "residential:other",
                ],
            ]
        )

    # when
    import_bundle(folder, actor=superuser)

    # then
    cell = Organization.objects.get(code="C")
    assert organization_state(cell, on=DAY).kind == "grassroots_cell"
    assert organization_state(cell, on=DAY).sector == "other"
    assert organization_state(cell, on=date(2025, 6, 30)).sector == "residential"
