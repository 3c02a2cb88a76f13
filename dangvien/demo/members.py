"""Members of the demonstration data set: about 13 000 people with 15 years of history.

Generated deterministically (fixed seed) as a bundle (members, their events, populations and
targets) over the organization tree the demo step ``tree`` made, then loaded with the importer
(the demo step ``members``), so the same state machine and rulebook check every ledger. The
history: members admitted since 1975, yearly admissions since 2011, recognitions twelve months
after the ceremony, transfers between cells and out of the province, temporary transfers,
exemptions of older members, removals, resignations and deaths, members passing to the
survivor of a merged cell (2019) and to the parts of a split cell (2021), pending two-sided
transfers, and exactly 125 admissions in the 2025–2030 term of Đảng bộ xã Tháp Mười (so the
admissions walkthrough can take it to 126).
"""

from __future__ import annotations

import csv
import random
import tempfile
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db.models import Q

from dangvien.accounts.types import Actor
from dangvien.core.dates import add_months
from dangvien.core.demo import FAMILY, GIVEN, MIDDLE_F, MIDDLE_M, DemoContext
from dangvien.core.exceptions import DomainError
from dangvien.interchange.bundle import COLUMNS
from dangvien.interchange.importer import ImportResult, import_bundle
from dangvien.members.keys import member_key_for
from dangvien.organizations.demo import REFORM
from dangvien.organizations.models import Organization, OrganizationVersion
from dangvien.statistics.selectors import statistics_for
from dangvien.targets.services import population_set

END = date(2026, 11, 10)
TERM_START = REFORM
THAP_MUOI_CODE = "DT25-XA-THAP-MUOI"
THAP_MUOI_TERM_ADMISSIONS = 125
ETHNICITIES = ["Kinh"] * 30 + ["Khmer", "Hoa", "Chăm"]
RELIGIONS = [""] * 12 + ["Phật giáo", "Công giáo", "Cao Đài", "Phật giáo Hòa Hảo"]
EDUCATION = ["9/12", "12/12", "12/12", "12/12", "Đại học"]
THEORY = [
    "elementary",
    "elementary",
    "intermediate",
    "intermediate",
    "advanced",
    "bachelor",
    "none",
]
HOLDING = ("cell", "grassroots_cell")


@dataclass
class Holder:
    """An organization that holds members, with the days it existed."""

    pk: int
    code: str
    sector: str
    start: date
    end: date | None
    merged: bool
    path_2026: str
    survivor_pk: int | None = None

    def alive(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


class MemberGenerator:
    def __init__(self, seed: int = 1975) -> None:
        self.random = random.Random(seed)
        self.serial = 0
        self.members: list[dict[str, Any]] = []
        self.events: list[dict[str, Any]] = []
        self.holders = self._holders()
        thap_muoi = Organization.objects.filter(code=THAP_MUOI_CODE).first()
        self.thap_muoi_path = thap_muoi.path if thap_muoi else "/none/"
        self.targets_for_transfer = [h for h in self.holders if h.end is None]

    @staticmethod
    def _holders() -> list[Holder]:
        kinds: dict[int, str] = {}
        for org_id, sector in (
            OrganizationVersion.objects.filter(kind__in=HOLDING)
            .order_by("valid_from")
            .values_list("organization_id", "sector")
        ):
            kinds.setdefault(org_id, sector)  # the sector when founded (reclassified cells lose it)
        holders = []
        for org in Organization.objects.filter(pk__in=list(kinds)).order_by("code"):
            holders.append(
                Holder(
                    org.pk,
                    org.code,
                    kinds[org.pk],
                    max(org.established_on, date(1975, 5, 1)),
                    org.dissolved_on,
                    org.merged_into_id is not None,
                    org.path,
                    org.merged_into_id,
                )
            )
        return holders

    def person(self) -> tuple[str, str]:
        female = self.random.random() < 0.42
        middle = self.random.choice(MIDDLE_F if female else MIDDLE_M)
        name = f"{self.random.choice(FAMILY)} {middle} {self.random.choice(GIVEN)}"
        return name, "F" if female else "M"

    def day_between(self, start: date, end: date) -> date:
        return start + timedelta(days=self.random.randint(0, max(0, (end - start).days)))

    def add(self, holder: Holder, admitted: date) -> str:
        self.serial += 1
        key = member_key_for(self.serial)  # the form of the keys the system makes
        name, sex = self.person()
        birth = admitted - timedelta(
            days=365 * self.random.randint(19, 44) + self.random.randint(0, 360)
        )
        official = add_months(admitted, 12)
        self.members.append(
            {
                "member_id": key,
                "full_name": name,
                "sex": sex,
                "birth_date": birth.isoformat(),
                "national_id": f"0{87 + self.random.randint(0, 5)}{self.serial:09d}",
                "ethnicity": self.random.choice(ETHNICITIES),
                "religion": self.random.choice(RELIGIONS),
                "education": self.random.choice(EDUCATION),
                "political_theory": self.random.choice(THEORY),
                "organization_code": holder.code,
                "decision_on": (admitted - timedelta(days=self.random.randint(5, 40))).isoformat(),
                "decision_number": f"{self.random.randint(10, 999)}-QĐ/ĐU",
                "admitted_on": admitted.isoformat(),
                "official_on": official.isoformat() if official <= END else "",
                "occupation": self.random.choice(
                    [
                        "Nông dân",
                        "Giáo viên",
                        "Công chức",
                        "Hưu trí",
                        "Buôn bán",
                        "Công nhân",
                        "Bác sĩ",
                    ]
                ),
            }
        )
        self.history(key, holder, admitted, birth)
        return key

    def event(self, key: str, kind: str, day: date, org: str = "", note: str = "") -> None:
        self.events.append(
            {
                "member_id": key,
                "event": kind,
                "effective_on": day.isoformat(),
                "organization_code": org,
                "note": note,
            }
        )

    def history(self, key: str, holder: Holder, admitted: date, birth: date) -> None:
        """Later events of one member, in date order, each valid at its date."""
        roll = self.random.random()
        current = holder
        day = add_months(admitted, 13)
        if day >= END:
            return
        # Follow the organization through merges (the member passes with it) and splits (the
        # member is transferred to a part on the split day) before anything else happens.
        by_pk = {h.pk: h for h in self.holders}
        while current.end is not None and current.end < END:
            ended = current.end
            if current.merged and current.survivor_pk in by_pk:
                current = by_pk[current.survivor_pk]
                continue
            parts = [
                h for h in self.holders if h.start == ended and h.code.startswith(current.code)
            ]
            if not parts:
                self.event(key, "removed", ended - timedelta(days=1))
                return
            current = self.random.choice(parts)
            self.event(key, "transfer", current.start, current.code, "Chia tách chi bộ")
            day = max(day, current.start + timedelta(days=1))
        if birth < date(1956, 1, 1) and self.random.random() < 0.35:
            exempt = self.day_between(max(day, date(2015, 1, 1)), END)
            self.event(key, "exempt", exempt, note="Tuổi cao, sức khỏe yếu")
            day = exempt + timedelta(days=1)
        if roll < 0.07:
            moved = self.day_between(day, END)
            targets = [
                h for h in self.targets_for_transfer if h.alive(moved) and h.pk != current.pk
            ]
            if targets and current.alive(moved):
                current = self.random.choice(targets)
                self.event(key, "transfer", moved, current.code, "Chuyển sinh hoạt đảng chính thức")
                day = moved + timedelta(days=1)
        elif roll < 0.09:
            out = self.day_between(day, END - timedelta(days=200))
            hosts = [h for h in self.targets_for_transfer if h.alive(out) and h.pk != current.pk]
            if hosts and current.alive(out) and out < END - timedelta(days=200):
                self.event(
                    key, "temporary_out", out, self.random.choice(hosts).code, "Đi học tập trung"
                )
                back = out + timedelta(days=self.random.randint(120, 330))
                if back < END and self.random.random() < 0.8:
                    self.event(key, "temporary_return", back)
                    day = back + timedelta(days=1)
                else:
                    return
        exit_roll = self.random.random()
        if day < END and exit_roll < 0.06 and birth < date(1960, 1, 1):
            self.event(key, "died", self.day_between(day, END), note="Từ trần")
        elif day < END and exit_roll < 0.075:
            self.event(
                key,
                "removed",
                self.day_between(day, END),
                note="Bỏ sinh hoạt đảng 3 tháng trong năm",
            )
        elif day < END and exit_roll < 0.08:
            self.event(key, "resigned", self.day_between(day, END), note="Xin ra khỏi Đảng")

    def generate(self) -> None:
        for holder in self.holders:
            size = (
                self.random.randint(44, 76)
                if holder.sector == "residential"
                else self.random.randint(14, 30)
            )
            in_thap_muoi = holder.path_2026.startswith(self.thap_muoi_path)
            last = holder.end or END
            if in_thap_muoi:
                last = min(last, TERM_START - timedelta(days=1))
            for index in range(size):
                if index < size * 0.55 and holder.start < date(2011, 1, 1):
                    admitted = self.day_between(holder.start, min(date(2010, 12, 31), last))
                else:
                    admitted = self.day_between(max(holder.start, date(2011, 1, 1)), last)
                if admitted >= last:
                    continue
                self.add(holder, admitted)
        thap_muoi = [
            h for h in self.holders if h.path_2026.startswith(self.thap_muoi_path) and h.end is None
        ]
        for _ in range(THAP_MUOI_TERM_ADMISSIONS):
            holder = self.random.choice(thap_muoi)
            self.add(holder, self.day_between(max(TERM_START, holder.start), END))
        # pending two-sided transfers for the working lists
        official = [m for m in self.members if m["official_on"] and m["official_on"] < "2025-01-01"]
        pending = self.random.sample(official, 12)
        living = [h for h in self.holders if h.end is None]
        for member in pending:
            if any(e["member_id"] == member["member_id"] for e in self.events):
                continue
            target = self.random.choice(
                [h for h in living if h.code != member["organization_code"]]
            )
            self.event(
                member["member_id"],
                "transfer_issued",
                END - timedelta(days=self.random.randint(3, 70)),
                target.code,
                "Chuyển sinh hoạt đảng chính thức",
            )

    def write(self, folder: Path) -> None:
        def write(name: str, rows: list[dict[str, Any]]) -> None:
            with (folder / name).open("w", encoding="utf-8", newline="") as handle:
                writer = csv.DictWriter(handle, fieldnames=COLUMNS[name], extrasaction="ignore")
                writer.writeheader()
                writer.writerows(rows)

        write("organizations.csv", [])
        self.events.sort(key=lambda e: (e["member_id"], e["effective_on"]))
        write("members.csv", self.members)
        write("member_events.csv", self.events)
        write("targets.csv", self.targets())

    def targets(self) -> list[dict[str, Any]]:
        rows = []
        for org in Organization.objects.filter(
            Q(code__startswith="HU-") | Q(code__startswith="TP-"), versions__kind="upper_grassroots"
        ).distinct():
            rows.append(
                {
                    "organization_code": org.code,
                    "period_from": "2020-07-01",
                    "period_to": "2025-06-30",
                    "admissions": self.random.randint(350, 600),
                    "members_per_population_percent": "3.85",
                }
            )
            rows.append(
                {
                    "organization_code": org.code,
                    "period_from": "2015-07-01",
                    "period_to": "2020-06-30",
                    "admissions": self.random.randint(300, 550),
                    "members_per_population_percent": "3.50",
                }
            )
        for org in Organization.objects.filter(code__startswith="DT25-"):
            admissions = 400 if org.code == THAP_MUOI_CODE else self.random.randint(60, 160)
            rows.append(
                {
                    "organization_code": org.code,
                    "period_from": "2025-07-01",
                    "period_to": "2030-06-30",
                    "admissions": admissions,
                    "members_per_population_percent": "3.60",
                }
            )
        rows.append(
            {
                "organization_code": "T-DT25",
                "period_from": "2025-07-01",
                "period_to": "2030-06-30",
                "admissions": 9000,
                "members_per_population_percent": "3.40",
            }
        )
        return rows


def load_demo_members(actor: Actor) -> ImportResult:
    """Generate the members of the demo and import them (raises ImportFailed on any problem);
    then record populations such that members are about 3% of the population, as in the reports."""
    generator = MemberGenerator()
    generator.generate()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        generator.write(folder)
        result = import_bundle(folder, actor=actor)
    leaders = Organization.objects.filter(
        versions__kind__in=["upper_grassroots", "provincial"]
    ).distinct()
    for organization in leaders.order_by("code"):
        for year in (2011, 2015, 2020, 2022, 2025, 2026):
            on = min(date(year, 12, 31), END)
            try:
                total = statistics_for(organization, on, sections=False)["members"]["total"]
            except DomainError:
                continue
            if total:
                ratio = Decimal(generator.random.randint(275, 345)) / 100
                population_set(
                    actor=actor,
                    organization=organization,
                    year=year,
                    population=int(total * 100 / ratio),
                )
    return result


def build_members(context: DemoContext[Actor]) -> None:
    """The demo step ``members``: the members, their events, targets and populations."""
    imported = load_demo_members(context.actor)
    context.summary["members"] = imported.members_created
