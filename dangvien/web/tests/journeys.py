"""The main journeys of the demo's three officers, for the browser test (issue 18, "Done
when"): each page at 1280 and 390 px, with the checks a Vietnamese officer would make —
no sideways scrolling on a phone, no English word of the interface, no raw key or code where
a name belongs. Also runnable against a served demo: ``python -m dangvien.web.tests.journeys URL``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PASSWORD = "dangvien-demo"
WIDTHS = (1280, 390)

#: English words of the interface that must not show in Vietnamese (whole words, any case).
ENGLISH = re.compile(
    r"\b(organization|organizations|member|members|admission|admissions|transfer|proposal|"
    r"report|reports|status|true|false|none|null|submitted|approved|draft|overdue|cancel|"
    r"received|issued|created|updated|deleted|the|of|and|yes|no)\b",
    re.IGNORECASE,
)
#: Raw keys: snake_case words or dotted keys (``transfer_received``, ``members.total``).
RAW_KEY = re.compile(r"\b[a-z]+_[a-z_]+\b|\b[a-z]+\.[a-z_]+\.[a-z_]+\b")

#: Visible text of the page without what is shown as a code on purpose (``.code``, ``code``),
#: the administrators' raw data and the language switch.
VISIBLE_TEXT_JS = """() => {
  const main = document.querySelector('main').cloneNode(true);
  main.querySelectorAll('code, .code, details.raw, pre, .print-head, input, select, textarea').forEach(e => e.remove());
  return main.innerText;
}"""


@dataclass
class Finding:
    user: str
    page: str
    width: int
    what: str


@dataclass
class Journey:
    user: str
    pages: list[tuple[str, str]]  # (name, path)
    findings: list[Finding] = field(default_factory=list)


def demo_journeys(member_of_cell: int | None) -> list[Journey]:
    province, commune, cell = "T-DT25", "DT25-XA-THAP-MUOI", "HU-TM-X-01-C-01A"
    chibo = [
        ("home", "/"),
        ("cell", f"/org/{cell}/"),
        ("cell-members", f"/org/{cell}/members/"),
        ("cell-recognition", f"/org/{cell}/members/recognition/"),
    ]
    if member_of_cell is not None:
        chibo += [
            ("member", f"/member/{member_of_cell}/"),
            ("member-transfer", f"/member/{member_of_cell}/transfer-issue/"),
        ]
    return [
        Journey(
            "tinh",
            [
                ("home", "/"),
                ("province", f"/org/{province}/"),
                ("old-district", "/org/HU-TM/"),
                ("province-members", f"/org/{province}/members/"),
                ("transfers", f"/org/{province}/members/transfers/"),
                ("statistics", f"/org/{province}/statistics/"),
                ("dashboard", f"/org/{province}/dashboard/"),
                ("reports", "/reports/"),
                ("audit", "/audit/"),
                ("rules", "/rules/"),
                ("decisions", "/decisions/"),
                ("member-search", "/members/?q=nguyen van"),
            ],
        ),
        Journey(
            "xa",
            [
                ("home", "/"),
                ("commune", f"/org/{commune}/"),
                ("commune-members", f"/org/{commune}/members/"),
                ("recognition", f"/org/{commune}/members/recognition/"),
                ("admissions", f"/org/{commune}/admissions/"),
                ("targets", f"/org/{commune}/admissions/targets/"),
                ("overdue", f"/org/{commune}/admissions/overdue/"),
                ("statistics", f"/org/{commune}/statistics/"),
            ],
        ),
        Journey("chibo", chibo),
    ]


def walk(
    browser: Any,
    base_url: str,
    journey: Journey,
    shots: Path,
    on_page: Callable[[Any, str, int], None] | None = None,
) -> list[Finding]:
    """Log in as the journey's user and open each page at both widths; screenshots go to
    ``shots`` as ``<user>-<page>-<width>.png``; returns what an officer would find wrong."""
    page = browser.new_page(viewport={"width": WIDTHS[0], "height": 900}, locale="vi-VN")
    page.goto(f"{base_url}/login/")
    page.fill("input[name=username]", journey.user)
    page.fill("input[name=password]", PASSWORD)
    page.click("button.primary")
    page.wait_for_load_state()
    for name, path in journey.pages:
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            response = page.goto(f"{base_url}{path}")
            status = response.status if response is not None else 0
            if status != 200:
                journey.findings.append(Finding(journey.user, name, width, f"HTTP {status}"))
            page.screenshot(path=str(shots / f"{journey.user}-{name}-{width}.png"), full_page=True)
            scroll = page.evaluate("document.documentElement.scrollWidth")
            if scroll > width + 1:
                journey.findings.append(
                    Finding(journey.user, name, width, f"scrolls sideways ({scroll} px)")
                )
            if width == WIDTHS[0]:
                text = page.evaluate(VISIBLE_TEXT_JS)
                for pattern, what in ((ENGLISH, "English word"), (RAW_KEY, "raw key")):
                    words = sorted({m.group(0) for m in pattern.finditer(text)})
                    if words:
                        journey.findings.append(
                            Finding(journey.user, name, width, f"{what}: {', '.join(words[:8])}")
                        )
            if on_page is not None:
                on_page(page, name, width)
    page.close()
    return journey.findings


def main() -> None:  # pragma: no cover - a tool for looking at a served demo
    import sys

    from playwright.sync_api import sync_playwright

    base_url = sys.argv[1].rstrip("/")
    member = int(sys.argv[2]) if len(sys.argv) > 2 else None
    shots = Path(sys.argv[3] if len(sys.argv) > 3 else "test-artifacts/journeys")
    shots.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
        )
        for journey in demo_journeys(member):
            for finding in walk(browser, base_url, journey, shots):
                print(finding.user, finding.page, finding.width, finding.what)  # noqa: T201
        browser.close()


if __name__ == "__main__":  # pragma: no cover
    main()
