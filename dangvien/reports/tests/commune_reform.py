"""A commune formed at the 07/2025 reform from two merged communes and a cell moved in, built
through the services, for the dashboard of a merged commune.

* 2000: under the district HU-TM, the communes X-MA (the ``org_tree`` one, cells CB-A and
  CB-B) and X-MB (cell CB-C); under the sibling district's commune X-MH, the cells CB-M and
  CB-N.
* 01/07/2025 (the reform): the new commune XA-TM is founded under HU-TM; X-MA and X-MB merge
  into it (their cells pass to it) and CB-M is moved into it from X-MH; CB-N stays.

Members (admitted 2005 unless said): two in CB-A, one in CB-B, one in CB-C, two in CB-M and
one more in CB-M admitted 2020, one in CB-N. XA-TM has 7 members after the reform; the
predecessors X-MA and X-MB had 4 on its eve, the cell moved in 3.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dangvien.members.tests.support import admit
from dangvien.organizations.models import Organization
from dangvien.organizations.services import organization_merge, organization_move
from dangvien.statistics.tests.reform import ADMITTED, BORN, FOUNDED, REFORM, create

MOVED_IN_ADMITTED = date(2020, 3, 2)


@dataclass
class CommuneReform:
    commune: Organization  # XA-TM, founded at the reform
    my_an: Organization  # X-MA, merged
    my_binh: Organization  # X-MB, merged
    moved_in: Organization  # CB-M, moved in from X-MH
    stayed: Organization  # CB-N, stays in X-MH


def build_commune_reform(actor, org_tree) -> CommuneReform:
    my_binh = create(
        actor,
        "X-MB",
        "Đảng bộ xã Mỹ Bình",
        "grassroots_committee",
        org_tree.district,
        FOUNDED,
        "commune",
    )
    cell_c = create(actor, "CB-C", "Chi bộ ấp Mỹ Bình", "cell", my_binh, FOUNDED, "residential")
    moved_in = create(
        actor, "CB-M", "Chi bộ ấp Mỹ Hiệp", "cell", org_tree.sibling_commune, FOUNDED, "residential"
    )
    stayed = create(
        actor, "CB-N", "Chi bộ ấp Mỹ Long", "cell", org_tree.sibling_commune, FOUNDED, "residential"
    )
    for cell, names in (
        (org_tree.cell_a, ("Nguyễn Văn An", "Nguyễn Văn Bình")),
        (org_tree.cell_b, ("Phạm Văn Cường",)),
        (cell_c, ("Lê Thị Dung",)),
        (moved_in, ("Trần Văn Em", "Trần Văn Giang")),
        (stayed, ("Võ Văn Hải",)),
    ):
        for name in names:
            admit(actor, cell, name=name, admitted_on=ADMITTED, born=BORN)
    admit(actor, moved_in, name="Đỗ Thị Hoa", admitted_on=MOVED_IN_ADMITTED, born=BORN, sex="F")
    commune = create(
        actor,
        "XA-TM",
        "Đảng bộ xã Tháp Mười",
        "grassroots_committee",
        org_tree.district,
        REFORM,
        "commune",
    )
    organization_merge(
        actor=actor, absorbed=[org_tree.commune, my_binh], survivor=commune, effective_on=REFORM
    )
    organization_move(actor=actor, organization=moved_in, new_parent=commune, effective_on=REFORM)
    for organization in (org_tree.commune, my_binh, moved_in, commune):
        organization.refresh_from_db()
    return CommuneReform(commune, org_tree.commune, my_binh, moved_in, stayed)
