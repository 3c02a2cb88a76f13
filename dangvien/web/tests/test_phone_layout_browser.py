"""At a phone's width (390 px): the tree's rows and the dashboard's charts stay readable; at a
laptop's (1280 px) they look as they did."""

from __future__ import annotations

from datetime import date

from dangvien.accounts.models import User
from dangvien.core.tests.browser import ARTIFACTS, BROWSER_TESTS, chromium, log_in, new_page
from dangvien.organizations.services import organization_create

pytestmark = BROWSER_TESTS

LONG_NAME = "Chi bộ Trường Tiểu học Mỹ An, xã Mỹ An, huyện Tháp Mười"

#: Per row of the tree: the toggle's (or the leaf blank's) box, the box of every line of the
#: name's text, and the boxes of the name, the code and the kind.
ROWS_JS = """() => [...document.querySelectorAll('ul.tree .row')].map(row => {
  const box = e => { const r = e.getBoundingClientRect();
                     return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; };
  const link = row.querySelector('a');
  const text = document.createRange();
  text.selectNodeContents(link);
  return {
    name: link.textContent,
    toggle: box(row.querySelector('.toggle, .leaf')),
    lines: [...text.getClientRects()].map(r => ({left: r.left, right: r.right, top: r.top})),
    link: box(link),
    code: box(row.querySelector('.code')),
    kind: box(row.querySelector('.kind')),
  };
})"""

#: Per chart: the smallest text as rendered (its font size in drawing units times the scale of
#: the drawing), and the chart's box against the box it scrolls in.
CHARTS_JS = """() => [...document.querySelectorAll('svg.chart')].map(svg => {
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  const sizes = [...svg.querySelectorAll('text')].map(t => parseFloat(getComputedStyle(t).fontSize));
  const box = svg.parentElement;
  return {smallest: Math.min(...sizes) * scale, inner: box.clientWidth, drawn: box.scrollWidth};
})"""


def build_tree() -> None:
    """A province, a commune under it and, under the commune, a cell with a long name."""
    admin = User.objects.create_superuser(
        "root", "root@example.vn", "root-pass-123", full_name="Quản trị"
    )

    def make(code, name, kind, parent, sector=""):
        return organization_create(
            actor=admin,
            code=code,
            name=name,
            kind=kind,
            sector=sector,
            parent=parent,
            established_on=date(2000, 1, 1),
        )

    province = make("T-DT", "Đảng bộ tỉnh Đồng Tháp", "provincial", None)
    commune = make("X-MA", "Đảng bộ xã Mỹ An", "grassroots_committee", province, "commune")
    make("CB-TH-MY-AN-01", LONG_NAME, "cell", commune, "residential")
    make("CB-A", "Chi bộ ấp Mỹ Phước", "cell", commune, "residential")


def test_tree_rows_and_charts_at_phone_and_laptop_widths(live_server):
    from playwright.sync_api import expect

    build_tree()
    with chromium() as browser:
        page = log_in(new_page(browser, 390, 844), live_server.url, "root", "root-pass-123")
        tree = page.locator("ul.tree")
        page.locator("button.toggle[data-code='X-MA']").click()
        expect(tree).to_contain_text(LONG_NAME)
        page.screenshot(path=str(ARTIFACTS / "tree-phone-rows.png"), full_page=True)
        rows = page.evaluate(ROWS_JS)
        assert len(rows) == 4
        for row in rows:
            column = row["toggle"]["right"]
            # every line of the name, its code and its kind start right of the toggle, none
            # under it: a wrapped line hangs at the name's left edge
            assert all(line["left"] >= column for line in row["lines"]), row
            assert row["link"]["left"] >= column, row
            assert row["code"]["left"] >= row["link"]["left"] - 0.5, row
            assert row["kind"]["left"] >= row["link"]["left"] - 0.5, row
            assert max(row["link"]["right"], row["code"]["right"], row["kind"]["right"]) <= 390
        long_row = next(row for row in rows if row["name"] == LONG_NAME)
        assert len({round(line["top"]) for line in long_row["lines"]}) >= 2  # it did wrap
        lefts = {round(line["left"]) for line in long_row["lines"]}
        assert len(lefts) == 1, long_row  # …aligned to its first line
        # the page never scrolls sideways
        assert page.evaluate("document.documentElement.scrollWidth") <= 390

        # the charts: text of 11 px at least, the drawing scrolls inside its card
        page.goto(f"{live_server.url}/org/T-DT/dashboard/")
        expect(page.locator("svg.chart").first).to_be_visible()
        charts = page.evaluate(CHARTS_JS)
        assert charts
        for chart in charts:
            assert chart["smallest"] >= 11 - 0.01, chart
            assert chart["drawn"] > chart["inner"], chart
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.screenshot(path=str(ARTIFACTS / "dashboard-phone-charts.png"), full_page=True)

        # a laptop: the name, its code and its kind on one line; a chart fits its card
        page.set_viewport_size({"width": 1280, "height": 800})
        for chart in page.evaluate(CHARTS_JS):
            assert chart["drawn"] <= chart["inner"], chart
            assert chart["smallest"] >= 10.5, chart
        page.goto(f"{live_server.url}/")
        page.locator("button.toggle[data-code='X-MA']").click()
        expect(tree).to_contain_text(LONG_NAME)
        for row in page.evaluate(ROWS_JS):
            assert len(row["lines"]) == 1, row
            assert row["link"]["right"] <= row["code"]["left"] <= row["kind"]["left"], row
            assert abs(row["code"]["top"] - row["link"]["top"]) < 8, row


#: Per figure of a list of facts: its box's width and the lines its text takes (the distinct
#: tops of the text's boxes; the box itself is as tall as its label).
FACTS_JS = """() => [...document.querySelectorAll('dl.facts dd')].map(dd => {
  const text = document.createRange();
  text.selectNodeContents(dd);
  const tops = new Set([...text.getClientRects()].map(r => Math.round(r.top)));
  return {width: dd.getBoundingClientRect().width, lines: tops.size};
})"""


def test_a_long_label_leaves_its_figure_on_one_line_at_phone_width():
    """The meetings page at 390 px read "9/1/,/0/4/%" one character a line: its label took the
    whole width. The stylesheet itself, on a list of facts with the page's longest label."""
    from django.conf import settings

    css = (settings.BASE_DIR / "static" / "css" / "dangvien.css").read_text(encoding="utf-8")
    html = (
        f"<style>{css}</style><main><section class='card'><dl class='facts'>"
        "<dt>Đảng viên vắng không có lý do từ ba tháng trở lên trong năm</dt><dd>91,04%</dd>"
        "<dt>Số cuộc sinh hoạt thường kỳ</dt><dd>1.036</dd></dl></section></main>"
    )
    with chromium() as browser:
        page = new_page(browser, 390, 844)
        page.set_content(html)
        facts = page.evaluate(FACTS_JS)
    assert len(facts) == 2
    for fact in facts:
        assert fact["width"] >= 60
        assert fact["lines"] == 1
