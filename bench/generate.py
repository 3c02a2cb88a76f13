"""Deterministic synthetic bundle (§2 of the interchange contract) at scale.

    python bench/generate.py --members 1000000 --out /tmp/bundle-1m

A national-ish tree: one central root (``TW``) → provinces (``P01`` … ``P34``; ``P01`` holds
~30 % of the members) → upper-grassroots committees → grassroots committees (communes, wards,
agencies …) → cells, plus grassroots cells directly under the upper-grassroots committees.
Sizes scale with ``--members``: ~N/100 grassroots organizations (80 % committees, 20 % cells),
~N/20 cells, ~N/1400 upper-grassroots committees. Every member has three rows in
``member_events.csv`` (transfers inside the province, temporary transfers and returns,
exemptions, deaths), so the ledger holds ~5 events per member with admission and recognition.
Populations and targets are written for the provinces and upper-grassroots committees.

All files are written row by row (nothing is held in memory but the organization lists), and
the output depends only on ``--members`` and ``--seed``.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
from datetime import date, timedelta
from pathlib import Path

FOUNDED = "1970-01-01"
END = date(2025, 6, 30)
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"]
MIDDLE_M = ["Văn", "Hữu", "Đức", "Minh", "Quốc", "Thành", "Công"]
MIDDLE_F = ["Thị", "Ngọc", "Thu", "Thanh", "Kim", "Mỹ"]
GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Giang",
    "Hà",
    "Hải",
    "Hạnh",
    "Hòa",
    "Hùng",
    "Hương",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Nam",
    "Nga",
    "Phúc",
    "Quang",
    "Sơn",
    "Tâm",
    "Thảo",
    "Trang",
    "Tuấn",
    "Việt",
    "Yến",
]
COMMITTEE_SECTORS = (
    ["commune"] * 6
    + ["ward"] * 2
    + [
        "township",
        "agency",
        "agency",
        "public_service",
        "public_service",
        "state_enterprise",
        "army",
        "police",
    ]
)
GCELL_SECTORS = ["agency", "public_service", "non_state_enterprise", "other"]
CELL_SECTORS = ["residential"] * 5 + ["school", "health", "enterprise", "agency", "other"]
THEORY = ["", "none", "elementary", "intermediate", "intermediate", "advanced", "bachelor"]


def _writer(path: Path, header: list[str]):
    handle = path.open("w", encoding="utf-8", newline="")
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(header)
    return handle, writer


def generate(members: int, out: Path, seed: int = 20250630) -> dict:
    rnd = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    n_upper = max(2, round(members / 1400))
    n_provinces = min(34, max(2, n_upper // 3))
    n_committees = max(n_upper, round(members * 0.008))
    n_gcells = max(n_upper, round(members * 0.002))
    n_cells = max(n_committees, round(members / 20))
    weights = [0.3] + [0.7 / (n_provinces - 1)] * (n_provinces - 1)

    orgs, orgw = _writer(
        out / "organizations.csv",
        ["code", "name", "kind", "sector", "parent_code", "established_on", "dissolved_on"],
    )
    pops, popw = _writer(out / "populations.csv", ["organization_code", "year", "population"])
    tgts, tgtw = _writer(
        out / "targets.csv",
        [
            "organization_code",
            "period_from",
            "period_to",
            "admissions",
            "members_per_population_percent",
        ],
    )
    orgw.writerow(["TW", "Ban Chấp hành Trung ương", "central", "", "", "1930-02-03", ""])
    holding_by_province: list[list[str]] = []
    roots = {"central": "TW"}
    counts = {
        "provincial": 0,
        "upper_grassroots": 0,
        "grassroots_committee": 0,
        "grassroots_cell": 0,
        "cell": 0,
    }
    for p, weight in enumerate(weights, start=1):
        pcode = f"P{p:02d}"
        orgw.writerow([pcode, f"Đảng bộ tỉnh {p:02d}", "provincial", "", "TW", FOUNDED, ""])
        counts["provincial"] += 1
        p_members = round(members * weight)
        popw.writerow([pcode, 2024, p_members * 30])
        tgtw.writerow([pcode, "2020-07-01", "2025-06-30", max(1, p_members // 12), "3.50"])
        uppers = [f"{pcode}-H{u:03d}" for u in range(1, max(1, round(n_upper * weight)) + 1)]
        for u, ucode in enumerate(uppers, start=1):
            orgw.writerow(
                [
                    ucode,
                    f"Đảng bộ huyện {p:02d}.{u:03d}",
                    "upper_grassroots",
                    "",
                    pcode,
                    FOUNDED,
                    "",
                ]
            )
            counts["upper_grassroots"] += 1
        holding: list[str] = []
        n_comm = max(len(uppers), round(n_committees * weight))
        committees = []
        for c in range(n_comm):
            ucode = uppers[c % len(uppers)]
            ccode = f"{ucode}-C{c // len(uppers) + 1:03d}"
            sector = COMMITTEE_SECTORS[c % len(COMMITTEE_SECTORS)]
            label = {"commune": "xã", "ward": "phường", "township": "thị trấn"}.get(
                sector, "cơ quan"
            )
            orgw.writerow(
                [
                    ccode,
                    f"Đảng bộ {label} {ccode}",
                    "grassroots_committee",
                    sector,
                    ucode,
                    FOUNDED,
                    "",
                ]
            )
            committees.append(ccode)
            counts["grassroots_committee"] += 1
        n_cell = max(n_comm, round(n_cells * weight))
        for k in range(n_cell):
            ccode = committees[k % n_comm]
            code = f"{ccode}-CB{k // n_comm + 1:02d}"
            orgw.writerow(
                [
                    code,
                    f"Chi bộ {code}",
                    "cell",
                    CELL_SECTORS[k % len(CELL_SECTORS)],
                    ccode,
                    FOUNDED,
                    "",
                ]
            )
            holding.append(code)
            counts["cell"] += 1
        for g in range(max(len(uppers), round(n_gcells * weight))):
            ucode = uppers[g % len(uppers)]
            code = f"{ucode}-G{g // len(uppers) + 1:03d}"
            orgw.writerow(
                [
                    code,
                    f"Chi bộ cơ sở {code}",
                    "grassroots_cell",
                    GCELL_SECTORS[g % len(GCELL_SECTORS)],
                    ucode,
                    FOUNDED,
                    "",
                ]
            )
            holding.append(code)
            counts["grassroots_cell"] += 1
        for ucode in uppers:
            u_members = p_members // len(uppers)
            popw.writerow([ucode, 2024, u_members * 30])
            tgtw.writerow([ucode, "2020-07-01", "2025-06-30", max(1, u_members // 12), "3.60"])
        popw.writerow([committees[0], 2024, 20000])
        holding_by_province.append(holding)
    for handle in (orgs, pops, tgts):
        handle.close()

    mems, memw = _writer(
        out / "members.csv",
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
        ],
    )
    evs, evw = _writer(
        out / "member_events.csv",
        ["member_id", "event", "effective_on", "organization_code", "note"],
    )
    start_day = date(1975, 1, 1).toordinal()
    last_admission = date(2024, 12, 31).toordinal()
    n = 0
    events = 0
    province_members = []
    for p, weight in enumerate(weights):
        holding = holding_by_province[p]
        quota = round(members * weight) if p < len(weights) - 1 else members - n
        province_members.append(quota)
        for _ in range(quota):
            n += 1
            key = f"DV{n:08d}"
            female = rnd.random() < 0.35
            name = " ".join(
                [
                    rnd.choice(FAMILY),
                    rnd.choice(MIDDLE_F if female else MIDDLE_M),
                    rnd.choice(GIVEN),
                ]
            )
            admitted = date.fromordinal(rnd.randint(start_day, last_admission))
            decision = admitted - timedelta(days=rnd.randint(5, 30))
            birth = date(
                decision.year - rnd.randint(19, 45), rnd.randint(1, 12), rnd.randint(1, 28)
            )
            # the official date is exactly the end of the 12-month probation (the services
            # refuse any other): 29 February ends on 28 February, as core.dates.add_months does
            official_day = admitted.replace(
                year=admitted.year + 1,
                day=28 if (admitted.month, admitted.day) == (2, 29) else admitted.day,
            )
            official = official_day.isoformat() if official_day <= END else ""
            org = holding[rnd.randrange(len(holding))]
            memw.writerow(
                [
                    key,
                    name,
                    "F" if female else "M",
                    birth.isoformat(),
                    f"{n:012d}",
                    "Kinh" if rnd.random() < 0.85 else "Tày",
                    "" if rnd.random() < 0.9 else "Phật giáo",
                    "12/12",
                    THEORY[n % len(THEORY)],
                    org,
                    decision.isoformat(),
                    admitted.isoformat(),
                    official,
                ]
            )
            # three events after recognition (or after admission for recent members)
            first = (official_day if official else admitted + timedelta(days=1)).toordinal()
            span = END.toordinal() - first
            if span < 6:
                continue
            d1, d2, d3 = sorted(rnd.sample(range(first + 1, END.toordinal() + 1), 3))
            d1, d2, d3 = (date.fromordinal(d).isoformat() for d in (d1, d2, d3))
            other = holding[rnd.randrange(len(holding))]
            while other == org and len(holding) > 1:
                other = holding[rnd.randrange(len(holding))]
            pattern = n % 4
            if pattern == 0:
                rows = [
                    ("transfer", d1, other),
                    ("temporary_out", d2, org),
                    ("temporary_return", d3, ""),
                ]
            elif pattern == 1:
                rows = [("exempt", d1, ""), ("exempt_end", d2, ""), ("transfer", d3, other)]
            elif pattern == 2:
                rows = [
                    ("temporary_out", d1, other),
                    ("temporary_return", d2, ""),
                    ("exempt", d3, ""),
                ]
            else:
                rows = [
                    ("transfer", d1, other),
                    ("exempt", d2, ""),
                    ("died" if n % 8 == 3 else "exempt_end", d3, ""),
                ]
            for event, day, code in rows:
                evw.writerow([key, event, day, code, ""])
                events += 1
    mems.close()
    evs.close()
    commune = None
    with (out / "organizations.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["kind"] == "grassroots_committee" and row["sector"] == "commune":
                commune = row["code"]
                break
    summary = {
        "members": members,
        "member_events": events,
        "organizations": counts,
        "grassroots": counts["grassroots_committee"] + counts["grassroots_cell"],
        "roots": {"commune": commune, "province": "P01", "whole": roots["central"]},
        "province_members": province_members[0],
        "as_of": END.isoformat(),
        "seed": seed,
    }
    (out / "summary.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=20250630)
    args = parser.parse_args()
    print(json.dumps(generate(args.members, args.out, args.seed), indent=2))


if __name__ == "__main__":
    main()
