"""A small history across two merges, built through the services, for the combined figures.

* 2000: Đồng Tháp (the ``org_tree`` province, T-DT) with its cells CB-A and CB-B; two old
  provinces OLD-1 and OLD-2 with one cell each.
* 01/01/2010: OLD-1 and OLD-2 merge into the new province T-TG, founded that day.
* 01/07/2025 (the reform): T-DT and T-TG merge into the new province T-DT25, founded that day.

Members: two in CB-A, one in CB-B (admitted 2005), one in each old province's cell (2005), and
one admitted into T-TG's cell in 2020; so T-DT25 has 6 members after the reform, T-DT 3 and
T-TG 3 just before it, OLD-1 and OLD-2 one each in 2008.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dangvien.members.tests.support import admit
from dangvien.organizations.models import Organization
from dangvien.organizations.services import organization_create, organization_merge

FOUNDED = date(2000, 1, 1)
TG_FOUNDED = date(2010, 1, 1)
REFORM = date(2025, 7, 1)
ADMITTED = date(2005, 3, 1)
BORN = date(1980, 1, 1)


@dataclass
class Reform:
    dong_thap: Organization
    tien_giang: Organization
    old_1: Organization
    old_2: Organization
    merged: Organization


def create(actor, code, name, kind, parent, founded, sector=""):
    """An organization founded on ``founded``, through the service (the reform trees' step)."""
    return organization_create(
        actor=actor,
        code=code,
        name=name,
        kind=kind,
        sector=sector,
        parent=parent,
        established_on=founded,
    )


def build_reform(actor, org_tree) -> Reform:
    olds = []
    for n in (1, 2):
        province = create(actor, f"OLD-{n}", f"Đảng bộ tỉnh Cũ {n}", "provincial", None, FOUNDED)
        commune = create(
            actor,
            f"OLD-{n}-X",
            f"Đảng bộ xã Cũ {n}",
            "grassroots_committee",
            province,
            FOUNDED,
            "commune",
        )
        cell = create(
            actor, f"OLD-{n}-C", f"Chi bộ ấp Cũ {n}", "cell", commune, FOUNDED, "residential"
        )
        admit(actor, cell, name=f"Lê Văn Cũ {n}", admitted_on=ADMITTED, born=BORN)
        olds.append(province)
    tien_giang = create(actor, "T-TG", "Đảng bộ tỉnh Tiền Giang", "provincial", None, TG_FOUNDED)
    organization_merge(actor=actor, absorbed=olds, survivor=tien_giang, effective_on=TG_FOUNDED)
    admit(
        actor,
        Organization.objects.get(code="OLD-1-C"),
        name="Trần Thị Mới",
        admitted_on=date(2020, 1, 10),
        born=date(1995, 1, 1),
        sex="F",
    )
    for name in ("Nguyễn Văn An", "Nguyễn Văn Bình"):
        admit(actor, org_tree.cell_a, name=name, admitted_on=ADMITTED, born=BORN)
    admit(actor, org_tree.cell_b, name="Phạm Văn Cường", admitted_on=ADMITTED, born=BORN)
    merged = create(actor, "T-DT25", "Đảng bộ tỉnh Đồng Tháp", "provincial", None, REFORM)
    organization_merge(
        actor=actor,
        absorbed=[org_tree.province, tien_giang],
        survivor=merged,
        effective_on=REFORM,
    )
    for organization in olds:
        organization.refresh_from_db()
    org_tree.province.refresh_from_db()
    tien_giang.refresh_from_db()
    return Reform(org_tree.province, tien_giang, olds[0], olds[1], merged)
