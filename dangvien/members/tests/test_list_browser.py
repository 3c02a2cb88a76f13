"""Drives Chromium over an organization's member list at desktop and phone width: the filter
panel opens into a clean grid, and the wide table scrolls sideways inside its wrapper."""

from __future__ import annotations

from dangvien.core.tests.browser import ARTIFACTS, BROWSER_TESTS, chromium, log_in, new_page
from dangvien.members.tests.support import admit

pytestmark = BROWSER_TESTS

#: The boxes of the opened filter panel: the summary, the form, each field and its input.
PANEL = """() => {
  const box = e => { const r = e.getBoundingClientRect(); return {l: r.left, r: r.right, t: r.top, b: r.bottom}; };
  const panel = document.querySelector("details.filters");
  return {
    panel: box(panel), summary: box(panel.querySelector("summary")),
    form: box(panel.querySelector("form")),
    fields: [...panel.querySelectorAll(".field")].map(f => ({
      field: box(f), input: box(f.querySelector("input, select")),
    })),
  };
}"""

#: The member table and the element that scrolls it, scrolled to its end.
TABLE = """() => {
  const table = document.querySelector("main table.table");
  const wrapper = table.parentElement;
  wrapper.scrollLeft = wrapper.scrollWidth;
  const last = table.querySelector("thead th:last-child").getBoundingClientRect();
  const frame = wrapper.getBoundingClientRect();
  return {display: getComputedStyle(table).display, overflow: getComputedStyle(wrapper).overflowX,
          client: wrapper.clientWidth, scroll: wrapper.scrollWidth,
          lastRight: last.right, frameRight: frame.right,
          page: document.documentElement.scrollWidth};
}"""


def _overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return (
        a["l"] < b["r"] - 1 and b["l"] < a["r"] - 1 and a["t"] < b["b"] - 1 and b["t"] < a["b"] - 1
    )


def test_the_filter_panel_and_the_wide_table_lay_out_at_desktop_and_phone_width(
    live_server, org_tree, superuser
):
    """The opened panel put its fields in one column beside the title, the title under them;
    at phone width the table was clipped with no wrapper to scroll it."""
    for index, name in enumerate(["Nguyễn Thị Phương Thảo", "Trần Văn Bình", "Lê Hoàng Minh"]):
        admit(superuser, (org_tree.cell_a, org_tree.cell_b)[index % 2], name=name)
    with chromium() as browser:
        page = log_in(new_page(browser, 1366, 900), live_server.url, "root", "root-pass-123")
        for width in (1366, 390):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(f"{live_server.url}/org/X-MA/members/")
            page.click("details.filters summary")
            boxes = page.evaluate(PANEL)
            page.screenshot(path=str(ARTIFACTS / f"member-filters-{width}.png"), full_page=True)

            # the title above the fields, the form as wide as the panel
            assert boxes["summary"]["b"] <= boxes["form"]["t"] + 1, width
            panel, form = boxes["panel"], boxes["form"]
            assert form["r"] - form["l"] >= 0.9 * (panel["r"] - panel["l"]), width
            fields = boxes["fields"]
            for n, one in enumerate(fields):
                # each input inside its field and the panel, no field over another
                assert one["input"]["l"] >= panel["l"] and one["input"]["r"] <= panel["r"]
                assert one["input"]["r"] <= one["field"]["r"] + 1, (width, n)
                assert not any(_overlap(one["field"], o["field"]) for o in fields[n + 1 :])
            if width == 1366:  # several fields a row on a wide screen
                assert len({round(f["field"]["t"]) for f in fields}) < len(fields) / 2

            table = page.evaluate(TABLE)
            assert table["page"] <= width  # the page never scrolls sideways
            assert table["display"] == "table" and table["overflow"] == "auto"
            if width == 390:
                # the wrapper scrolls the hidden columns into view
                assert table["scroll"] > table["client"]
                assert table["lastRight"] <= table["frameRight"] + 1
                page.screenshot(path=str(ARTIFACTS / "member-table-390-scrolled.png"))
