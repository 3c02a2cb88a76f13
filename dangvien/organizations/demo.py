"""The organization tree of the demonstration data set (the demo step ``tree``): a realistic
province before and after the 07/2025 reform.

Built deterministically (the demo's random stream) and only through the services, so its
history is the same kind of history a user would record: two provinces (Đồng Tháp, Tiền Giang)
with districts, communes, agencies, schools and cells since 1976–2015; a cell merge (2019), a
rename (2020) and a split (2021); then on 01/07/2025 the communes are regrouped into new
commune-level party committees directly under the merged province, the district level is
dissolved and both provinces merge into the new Đảng bộ tỉnh Đồng Tháp. Each organization is
announced as founded (``context.founded``) with the day its leadership starts and its congress,
so the committees step staffs it there and then.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import vietnam_provinces

from dangvien.accounts.types import Actor
from dangvien.core.decisions import Decision
from dangvien.core.demo import DemoContext, Founding
from dangvien.core.text import fold
from dangvien.organizations.models import Organization
from dangvien.organizations.selectors import organization_children
from dangvien.organizations.services import (
    SplitPart,
    organization_create,
    organization_dissolve,
    organization_merge,
    organization_move,
    organization_reclassify,
    organization_rename,
    organization_split,
)

REFORM = date(2025, 7, 1)
# The history of the Mỹ An township cells before the reform (``history_before_reform``): the
# second cell merges into the first in 2019, the first is split in two in 2021. Their committees
# are staffed only up to those days (a post cannot outlive its organization).
MY_AN = "Thị trấn Mỹ An"
MY_AN_MERGE = date(2019, 10, 1)
MY_AN_SPLIT = date(2021, 6, 1)
CELL_CONGRESS = date(2022, 5, 5)
NEW_PROVINCE_CODE = "T-DT25"
NEW_PROVINCE_WARD_CODE = 82  # Đồng Tháp in vietnam-provinces (post-07/2025 units)


#: The official type (loại hình) a commune's cell takes when it becomes a grassroots cell in
#: the reform: schools and clinics are public service units; a hamlet's or a neighbourhood's
#: cell has no type of its own among the grassroots ones ("khác"). Without it the province's
#: breakdown by type counted 92 of its 326 grassroots organizations.
REFORM_CELL_SECTORS = {
    "residential": "other",
    "school": "public_service",
    "health": "public_service",
}


@dataclass
class District:
    code: str
    name: str
    seat: str  # the new commune that takes the district's agencies in 07/2025
    communes: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    # new commune name -> [(old commune name, sector)]


PROVINCES: dict[str, tuple[str, int, list[District]]] = {
    "T-DT": (
        "Đảng bộ tỉnh Đồng Tháp",
        1976,
        [
            District(
                "HU-TM",
                "Đảng bộ huyện Tháp Mười",
                "Xã Tháp Mười",
                {
                    "Xã Tháp Mười": [("Thị trấn Mỹ An", "township"), ("Xã Mỹ Hòa", "commune")],
                    "Xã Thanh Mỹ": [("Xã Thanh Mỹ", "commune"), ("Xã Tân Kiều", "commune")],
                    "Xã Trường Xuân": [("Xã Trường Xuân", "commune")],
                    "Xã Mỹ Quí": [("Xã Mỹ Quý", "commune"), ("Xã Mỹ Đông", "commune")],
                    "Xã Đốc Binh Kiều": [("Xã Đốc Binh Kiều", "commune")],
                },
            ),
            District(
                "HU-CL",
                "Đảng bộ huyện Cao Lãnh",
                "Xã Mỹ Thọ",
                {
                    "Xã Mỹ Thọ": [("Thị trấn Mỹ Thọ", "township"), ("Xã Mỹ Xương", "commune")],
                    "Xã Mỹ Hiệp": [("Xã Mỹ Hiệp", "commune")],
                    "Xã Ba Sao": [("Xã Ba Sao", "commune"), ("Xã Phương Thịnh", "commune")],
                    "Xã Phong Mỹ": [("Xã Phong Mỹ", "commune")],
                },
            ),
            District(
                "HU-TN",
                "Đảng bộ huyện Tam Nông",
                "Xã Tràm Chim",
                {
                    "Xã Tràm Chim": [
                        ("Thị trấn Tràm Chim", "township"),
                        ("Xã Hòa Bình", "commune"),
                    ],
                    "Xã Phú Cường": [("Xã Phú Cường", "commune")],
                    "Xã An Long": [("Xã An Long", "commune"), ("Xã Phú Ninh", "commune")],
                },
            ),
        ],
    ),
    "T-TG": (
        "Đảng bộ tỉnh Tiền Giang",
        1976,
        [
            District(
                "HU-CB",
                "Đảng bộ huyện Cái Bè",
                "Xã Cái Bè",
                {
                    "Xã Cái Bè": [("Thị trấn Cái Bè", "township"), ("Xã Đông Hòa Hiệp", "commune")],
                    "Xã Hậu Mỹ": [("Xã Hậu Mỹ Bắc A", "commune"), ("Xã Hậu Mỹ Trinh", "commune")],
                    "Xã Mỹ Đức Tây": [("Xã Mỹ Đức Tây", "commune")],
                    "Xã Mỹ Thiện": [("Xã Thiện Trung", "commune"), ("Xã Mỹ Lợi A", "commune")],
                },
            ),
            District(
                "TP-MT",
                "Đảng bộ thành phố Mỹ Tho",
                "Phường Mỹ Tho",
                {
                    "Phường Mỹ Tho": [("Phường 1", "ward"), ("Phường 4", "ward")],
                    "Phường Đạo Thạnh": [("Phường 5", "ward"), ("Xã Đạo Thạnh", "commune")],
                    "Phường Thới Sơn": [("Xã Thới Sơn", "commune")],
                },
            ),
        ],
    ),
}


class TreeBuilder:
    """Builds the tree with the demo's recording actor (a system administrator)."""

    def __init__(self, context: DemoContext[Actor]) -> None:
        self.context = context
        self.admin = context.actor
        self.random = context.random
        self.serial: dict[str, int] = {}
        self.old_communes: dict[str, Organization] = {}
        self.new_communes: dict[str, Organization] = {}

    # -- helpers ---------------------------------------------------------------------------

    def code(self, prefix: str) -> str:
        self.serial[prefix] = self.serial.get(prefix, 0) + 1
        return f"{prefix}-{self.serial[prefix]:02d}"

    def create(
        self,
        code: str,
        name: str,
        kind: str,
        parent: Organization | None,
        on: date,
        sector: str = "",
        decision: Decision | None = None,
    ) -> Organization:
        return organization_create(
            actor=self.admin,
            code=code,
            name=name,
            kind=kind,
            sector=sector,
            parent=parent,
            established_on=on,
            decision=decision or Decision(),
        )

    def found(self, organization: Organization, founding: Founding) -> None:
        """Let the other steps set the new organization up (committee, term)."""
        self.context.founded(organization, founding)

    # -- the history -----------------------------------------------------------------------

    def build(self) -> Organization:
        for code, (name, year, districts) in PROVINCES.items():
            province = self.create(code, name, "provincial", None, date(year, 2, 3))
            self.found(province, Founding(date(2020, 10, 15), congress_on=date(2020, 10, 15)))
            for district in districts:
                self.build_district(province, district)
        self.history_before_reform()
        return self.reform()

    def build_district(self, province: Organization, district: District) -> None:
        founded = date(1976, 3, 1)
        org = self.create(district.code, district.name, "upper_grassroots", province, founded)
        self.found(org, Founding(date(2020, 7, 20), congress_on=date(2020, 7, 20)))
        short = district.name.split(" ", 3)[-1]
        for olds in district.communes.values():
            for old_name, sector in olds:
                commune = self.create(
                    self.code(f"{district.code}-X"),
                    f"Đảng bộ {old_name[0].lower()}{old_name[1:]}",
                    "grassroots_committee",
                    org,
                    date(1976 + self.random.randint(0, 20), 1, 1)
                    + timedelta(days=self.random.randint(0, 300)),
                    sector,
                )
                self.old_communes[f"{district.code}:{old_name}"] = commune
                self.found(commune, Founding(date(2020, 5, 10), congress_on=date(2020, 5, 10)))
                self.build_cells(commune, old_name, sector)
        agency = self.create(
            self.code(f"{district.code}-CQ"),
            f"Đảng bộ Cơ quan Chính quyền {short}",
            "grassroots_committee",
            org,
            date(1995, 5, 1),
            "agency",
        )
        self.found(agency, Founding(date(2020, 4, 1)))
        for unit in [
            "Văn phòng HĐND và UBND",
            "Phòng Tài chính - Kế hoạch",
            "Phòng Giáo dục và Đào tạo",
            "Phòng Nông nghiệp và Phát triển nông thôn",
        ]:
            cell = self.create(
                self.code(f"{district.code}-CQ-C"),
                f"Chi bộ {unit}",
                "cell",
                agency,
                date(1996, 1, 1),
                "agency",
            )
            self.found(cell, Founding(date(2022, 4, 1), cell=True))
        for name, sector in [
            (f"Chi bộ Trường THPT {short}", "public_service"),
            (f"Chi bộ Trung tâm Y tế {short}", "public_service"),
            (f"Chi bộ Công ty TNHH Nông sản {short}", "non_state_enterprise"),
            (f"Chi bộ Công an {short}", "police"),
            (f"Chi bộ Quân sự {short}", "army"),
        ]:
            grassroots_cell = self.create(
                self.code(f"{district.code}-CS"),
                name,
                "grassroots_cell",
                org,
                date(2000 + self.random.randint(0, 15), 3, 1),
                sector,
            )
            self.found(grassroots_cell, Founding(date(2020, 3, 1), cell=True))

    def build_cells(self, commune: Organization, commune_name: str, sector: str) -> None:
        place = "khóm" if sector in {"township", "ward"} else "ấp"
        founded = max(date(1990, 1, 1), commune.established_on)
        # the place's name without "Xã" or "Thị trấn" ("Chi bộ khóm 4 trấn Mỹ An" before); a
        # ward keeps "Phường" (its name is often a number)
        base = commune_name.removeprefix("Xã ").removeprefix("Thị trấn ")
        # Names carry the commune: after the 07/2025 merges cells of several old communes
        # stand side by side under one new commune.
        units = [
            (f"Chi bộ {place} {i} {base}", "residential")
            for i in range(1, self.random.randint(4, 7))
        ]
        units += [
            (f"Chi bộ Trường Tiểu học {base}", "school"),
            (f"Chi bộ Trường THCS {base}", "school"),
            (f"Chi bộ Trạm Y tế {base}", "health"),
            (f"Chi bộ Quân sự {base}", "agency"),
            (f"Chi bộ Công an {base}", "agency"),
        ]
        # the first cell of Mỹ An is split, the second merged (see history_before_reform)
        ends = [MY_AN_SPLIT, MY_AN_MERGE] if commune_name == MY_AN else []
        for index, (name, cell_sector) in enumerate(units):
            cell = self.create(
                self.code(f"{commune.code}-C"), name, "cell", commune, founded, cell_sector
            )
            until = ends[index] if index < len(ends) else None
            self.found(
                cell,
                Founding(date(2020, 1, 1), cell=True, congress_on=CELL_CONGRESS, until=until),
            )

    def history_before_reform(self) -> None:
        commune = self.old_communes[f"HU-TM:{MY_AN}"]
        cells = {
            c.code: c
            for c in Organization.objects.filter(
                path__startswith=commune.path, dissolved_on__isnull=True
            )
            .exclude(pk=commune.pk)
            .order_by("code")
        }
        codes = sorted(cells)
        # 2019: two residential cells merge
        organization_merge(
            actor=self.admin,
            absorbed=[cells[codes[1]]],
            survivor=cells[codes[0]],
            effective_on=MY_AN_MERGE,
            decision=Decision("245-QĐ/ĐU", date(2019, 9, 20), "Đảng ủy thị trấn Mỹ An"),
        )
        # 2020: a cell renamed
        organization_rename(
            actor=self.admin,
            organization=cells[codes[2]],
            name="Chi bộ khóm 3 (Mỹ Tây)",
            effective_on=date(2020, 3, 1),
            decision=Decision("12-QĐ/ĐU", date(2020, 2, 25), "Đảng ủy thị trấn Mỹ An"),
        )
        # 2021: a cell split in two
        organization_split(
            actor=self.admin,
            organization=cells[codes[0]],
            effective_on=MY_AN_SPLIT,
            parts=[
                SplitPart(f"{codes[0]}A", "Chi bộ khóm 1A", "cell", "residential"),
                SplitPart(f"{codes[0]}B", "Chi bộ khóm 1B", "cell", "residential"),
            ],
            decision=Decision("301-QĐ/ĐU", date(2021, 5, 20), "Đảng ủy thị trấn Mỹ An"),
        )
        for code in (f"{codes[0]}A", f"{codes[0]}B"):
            self.found(Organization.objects.get(code=code), Founding(MY_AN_SPLIT, cell=True))

    def reform(self) -> Organization:
        decision = Decision("326-QĐ/TW", date(2025, 6, 30), "Bộ Chính trị")
        province = self.create(
            NEW_PROVINCE_CODE,
            "Đảng bộ tỉnh Đồng Tháp",
            "provincial",
            None,
            REFORM,
            decision=decision,
        )
        self.found(province, Founding(REFORM, congress_on=date(2025, 10, 1)))
        known = {
            w.name
            for w in vietnam_provinces.Ward.iter_all()
            if w.province_code.value == NEW_PROVINCE_WARD_CODE
        }
        commune_decision = Decision(
            "1150-QĐ/TU", date(2025, 6, 28), "Ban Thường vụ Tỉnh ủy Đồng Tháp"
        )
        for _code, (_name, _year, districts) in PROVINCES.items():
            for district in districts:
                for new_name, olds in district.communes.items():
                    if new_name not in known:
                        raise ValueError(f"{new_name} is not a commune of the new province")
                    new = self.create(
                        f"DT25-{fold(new_name).replace(' ', '-').upper()}",
                        f"Đảng bộ {new_name[0].lower()}{new_name[1:]}",
                        "upper_grassroots",
                        province,
                        REFORM,
                        decision=commune_decision,
                    )
                    self.new_communes[new_name] = new
                    self.found(new, Founding(REFORM))
                    for old_name, _sector in olds:
                        old = self.old_communes[f"{district.code}:{old_name}"]
                        organization_move(
                            actor=self.admin,
                            organization=old,
                            new_parent=province,
                            effective_on=REFORM,
                            decision=commune_decision,
                        )
                        organization_reclassify(
                            actor=self.admin,
                            organization=old,
                            kind="upper_grassroots",
                            child_kinds={
                                "cell": "grassroots_cell",
                                "sub_committee": "grassroots_committee",
                            },
                            child_sectors=REFORM_CELL_SECTORS,
                            effective_on=REFORM,
                            decision=commune_decision,
                        )
                        organization_merge(
                            actor=self.admin,
                            absorbed=[old],
                            survivor=new,
                            effective_on=REFORM,
                            decision=commune_decision,
                        )
                seat = self.new_communes[district.seat]
                district_org = Organization.objects.get(code=district.code)
                for child in list(organization_children(district_org, on=REFORM)):
                    organization_move(
                        actor=self.admin,
                        organization=child.organization,
                        new_parent=seat,
                        effective_on=REFORM,
                        decision=commune_decision,
                    )
                organization_dissolve(
                    actor=self.admin,
                    organization=district_org,
                    effective_on=REFORM,
                    decision=decision,
                )
        organization_merge(
            actor=self.admin,
            absorbed=list(Organization.objects.filter(code__in=list(PROVINCES))),
            survivor=province,
            effective_on=REFORM,
            decision=decision,
        )
        return province


def build_tree(context: DemoContext[Actor]) -> None:
    """The demo step ``tree``: the provinces, their history and the 07/2025 reform."""
    builder = TreeBuilder(context)
    context.made["province"] = builder.build()
    context.made["new_communes"] = builder.new_communes
    context.summary["organizations"] = Organization.objects.count()


def tree_present() -> dict[str, int] | None:
    """The tree is there once the merged province of the reform exists."""
    if not Organization.objects.filter(code=NEW_PROVINCE_CODE).exists():
        return None
    return {"organizations": Organization.objects.count()}
