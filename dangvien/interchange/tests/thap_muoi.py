"""A bundle built from the numbers of ../shared/context/thap-muoi-2022-phat-trien-dang-vien.txt.

Đảng bộ huyện Tháp Mười, 30/04/2022: 38 grassroots organizations directly under it (13 commune
and township committees, 15 other grassroots committees, 10 grassroots cells), 226 cells under
the grassroots committees, 4.541 members (3,45% of 131.623 people), a 2020–2025 target of 570
admissions and 3,85%, and 126 admissions since the start of the term (22,1%). Around those
figures it adds history that must not be counted at that date: members who left, members
admitted after the date, a transfer in from outside, a cell merged and a temporary transfer.
"""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

AS_OF = date(2022, 4, 30)
TERM_START = date(2020, 7, 1)
MEMBERS_AT_DATE = 4541
ADMISSIONS_IN_TERM = 126
POPULATION = 131623

COMMUNES = [
    "Mỹ An",
    "Mỹ Hòa",
    "Mỹ Quý",
    "Mỹ Đông",
    "Đốc Binh Kiều",
    "Tân Kiều",
    "Thạnh Lợi",
    "Hưng Thạnh",
    "Trường Xuân",
    "Phú Điền",
    "Láng Biển",
    "Thanh Mỹ",
    "Mỹ An (thị trấn)",
]


def write_thap_muoi_bundle(folder: Path, *, seed: int = 11) -> None:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    orgs = [
        ["code", "name", "kind", "sector", "parent_code", "established_on", "dissolved_on"],
        ["T-DT", "Đảng bộ tỉnh Đồng Tháp", "provincial", "", "", "1976-02-03", ""],
        ["HU-TM", "Đảng bộ huyện Tháp Mười", "upper_grassroots", "", "T-DT", "1977-03-01", ""],
    ]
    committees: list[str] = []
    for index, name in enumerate(COMMUNES):
        township = "thị trấn" in name
        code = f"TM-X{index + 1:02d}"
        label = f"Đảng bộ thị trấn {name.split(' (')[0]}" if township else f"Đảng bộ xã {name}"
        orgs.append(
            [
                code,
                label,
                "grassroots_committee",
                "township" if township else "commune",
                "HU-TM",
                "1980-01-01",
                "",
            ]
        )
        committees.append(code)
    for index in range(15):
        code = f"TM-CQ{index + 1:02d}"
        orgs.append(
            [
                code,
                f"Đảng bộ Cơ quan số {index + 1}",
                "grassroots_committee",
                "agency",
                "HU-TM",
                "1985-05-01",
                "",
            ]
        )
        committees.append(code)
    grassroots_cells = []
    for index in range(10):
        code = f"TM-CS{index + 1:02d}"
        orgs.append(
            [
                code,
                f"Chi bộ Trường THPT số {index + 1}",
                "grassroots_cell",
                "public_service",
                "HU-TM",
                "1990-09-01",
                "",
            ]
        )
        grassroots_cells.append(code)
    cells = []
    for index in range(226):
        parent = committees[index % len(committees)]
        code = f"{parent}-C{index + 1:03d}"
        orgs.append(
            [code, f"Chi bộ ấp {index + 1}", "cell", "residential", parent, "1990-01-01", ""]
        )
        cells.append(code)
    # history not counted at the date: a cell merged into another in 2021, a cell founded after
    orgs.append(
        ["TM-X01-CM", "Chi bộ ấp cũ", "cell", "residential", "TM-X01", "1990-01-01", "2021-01-01"]
    )
    orgs.append(
        ["TM-X02-CN", "Chi bộ khu dân cư mới", "cell", "residential", "TM-X02", "2023-01-01", ""]
    )
    # an organization outside the district (a transfer source)
    orgs.append(
        ["HU-CL", "Đảng bộ huyện Cao Lãnh", "upper_grassroots", "", "T-DT", "1977-03-01", ""]
    )
    orgs.append(
        [
            "CL-X01",
            "Đảng bộ xã Mỹ Hiệp",
            "grassroots_committee",
            "commune",
            "HU-CL",
            "1980-01-01",
            "",
        ]
    )
    orgs.append(
        ["CL-X01-C001", "Chi bộ ấp Mỹ Hiệp 1", "cell", "residential", "CL-X01", "1990-01-01", ""]
    )
    _write(folder / "organizations.csv", orgs)
    _write(
        folder / "org_changes.csv",
        [
            ["code", "change", "effective_on", "new_parent_code", "new_name", "merged_into_code"],
            ["TM-X01-CM", "merge", "2021-01-01", "", "", cells[0]],
            [cells[1], "rename", "2021-06-01", "", "Chi bộ ấp 2 (Mỹ Tây)", ""],
        ],
    )

    holders = cells + grassroots_cells
    members = [
        [
            "member_id",
            "full_name",
            "sex",
            "birth_date",
            "national_id",
            "ethnicity",
            "religion",
            "education",
            "political_theory",
            "organization_code",
            "decision_on",
            "admitted_on",
            "official_on",
        ]
    ]
    events = [["member_id", "event", "effective_on", "organization_code", "note"]]
    serial = 0

    def add(org: str, admitted: date, *, official: bool = True, female: bool = False) -> str:
        nonlocal serial
        serial += 1
        key = f"TM{serial:05d}"
        birth = admitted - timedelta(days=365 * rng.randint(20, 45) + rng.randint(0, 300))
        official_on = _add_year(admitted).isoformat() if official else ""
        members.append(
            [
                key,
                f"Đảng viên {serial}",
                "F" if female else "M",
                birth.isoformat(),
                f"{870000000000 + serial:012d}",
                "Kinh",
                "",
                "12/12",
                rng.choice(["elementary", "intermediate", "advanced"]),
                org,
                (admitted - timedelta(days=20)).isoformat(),
                admitted.isoformat(),
                official_on,
            ]
        )
        return key

    # 4.541 members at the date: 126 admitted in the term (those after 30/04/2021 still probationary),
    # the rest admitted before the term.
    in_term = [
        TERM_START + timedelta(days=rng.randint(0, (AS_OF - TERM_START).days))
        for _ in range(ADMISSIONS_IN_TERM)
    ]
    # one more member transfers in on the date (counted), so the base is one smaller
    for index in range(MEMBERS_AT_DATE - ADMISSIONS_IN_TERM - 1):
        admitted = date(1991, 1, 1) + timedelta(
            days=rng.randint(0, (TERM_START - date(1991, 1, 2)).days)
        )
        key = add(holders[index % len(holders)], admitted, female=index % 3 == 0)
        if index % 40 == 0:
            events.append([key, "exempt", "2021-01-01", "", "tuổi cao"])
        if index == 7:
            events.append([key, "temporary_out", "2022-01-10", "CL-X01-C001", "đi học"])
    for day in in_term:
        add(rng.choice(holders), day, official=_add_year(day) <= AS_OF, female=rng.random() < 0.45)
    # members of the merged cell pass to its survivor: counted
    # people not counted at the date
    for offset in range(5):
        key = add(cells[offset], date(2001, 5, 1))
        events.append([key, "died", f"2021-0{offset + 1}-15", "", ""])
    key = add("TM-X01-CM", date(2005, 3, 1))  # passes to the survivor cell on the merge
    events.append([key, "removed", "2020-12-31", "", "xóa tên trước khi hợp nhất"])
    key = add(cells[3], date(2010, 3, 1))
    events.append([key, "transfer", "2021-03-01", "CL-X01-C001", "chuyển sinh hoạt ra ngoài huyện"])
    key = add(cells[4], date(2022, 5, 5), official=False)  # admitted after the date
    key = add("CL-X01-C001", date(2012, 6, 1))  # transferred in on the date: counted
    events.append([key, "transfer", AS_OF.isoformat(), cells[5], "chuyển đến"])
    key = add(cells[6], date(2008, 6, 1))  # leaves on the date: not counted
    events.append([key, "resigned", AS_OF.isoformat(), "", ""])
    _write(folder / "members.csv", members)
    _write(folder / "member_events.csv", events)
    _write(
        folder / "populations.csv",
        [
            ["organization_code", "year", "population"],
            ["HU-TM", "2020", "129870"],
            ["HU-TM", "2022", str(POPULATION)],
            ["HU-TM", "2023", "132500"],
        ],
    )
    _write(
        folder / "targets.csv",
        [
            [
                "organization_code",
                "period_from",
                "period_to",
                "admissions",
                "members_per_population_percent",
            ],
            ["HU-TM", "2020-07-01", "2025-06-30", "570", "3.85"],
        ],
    )
    posts = [["organization_code", "member_id", "post", "from", "to"]]
    for index, code in enumerate(committees + grassroots_cells + cells):
        posts.append([code, f"TM{index + 1:05d}", "secretary", "2020-06-01", ""])
    _write(folder / "committee_members.csv", posts)


def _add_year(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def _write(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)


def record_reform_and_history(admin: Any) -> None:
    """After the bundle: the 07/2025 reform (TM-X01 and TM-X02 moved under the province,
    reclassified with their cells and merged into the new commune DT25-X), a rename, a transfer
    in transit to a cell outside the district, an exemption, a corrected removal and a
    re-admission there, all through the services."""
    from dangvien.core.decisions import Decision
    from dangvien.members.models import Member
    from dangvien.members.services import (
        member_event_correct,
        member_exempt,
        member_readmit,
        member_remove,
        member_transfer_issue,
    )
    from dangvien.members.tests.support import CONSENT, HARDSHIP
    from dangvien.organizations.models import Organization
    from dangvien.organizations.services import (
        organization_create,
        organization_merge,
        organization_move,
        organization_reclassify,
        organization_rename,
    )

    province, district = (
        Organization.objects.get(code="T-DT"),
        Organization.objects.get(code="HU-TM"),
    )
    reform = date(2025, 7, 1)
    new_commune = organization_create(
        actor=admin,
        code="DT25-X",
        name="Đảng bộ xã Tháp Mười",
        kind="upper_grassroots",
        parent=province,
        established_on=reform,
    )
    for code in ["TM-X01", "TM-X02"]:
        commune = Organization.objects.get(code=code)
        organization_move(
            actor=admin, organization=commune, new_parent=province, effective_on=reform
        )
        organization_reclassify(
            actor=admin,
            organization=commune,
            kind="upper_grassroots",
            child_kinds={"cell": "grassroots_cell"},
            effective_on=reform,
        )
        organization_merge(
            actor=admin, absorbed=[commune], survivor=new_commune, effective_on=reform
        )
    organization_rename(
        actor=admin,
        organization=district,
        name="Đảng bộ huyện Tháp Mười (cũ)",
        effective_on=date(2024, 1, 1),
    )
    members = list(Member.objects.order_by("pk")[:3])
    cell = Organization.objects.get(code="CL-X01-C001")
    member_transfer_issue(
        actor=admin, member=members[0], to_organization=cell, effective_on=date(2023, 3, 1)
    )
    member_exempt(actor=admin, member=members[1], effective_on=date(2023, 5, 1))
    removal = member_remove(actor=admin, member=members[2], effective_on=date(2018, 1, 1))
    member_event_correct(actor=admin, event=removal, effective_on=date(2018, 2, 1))
    member_readmit(
        consent=CONSENT,
        hardship_exception=HARDSHIP,
        actor=admin,
        member=members[2],
        organization=cell,
        effective_on=date(2021, 6, 1),
        decision=Decision("9-QĐ", date(2021, 5, 20), "Huyện ủy"),
    )
