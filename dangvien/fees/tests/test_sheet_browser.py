"""The collection sheet on a phone (390 px): the tick and the amount of every member owing stay
on screen, the status and the due read under the name; at a laptop's width, in columns. The
amounts, typed or paid, read right-aligned under their heading."""

from __future__ import annotations

from datetime import date

from dangvien.core.tests.browser import ARTIFACTS, BROWSER_TESTS, chromium, log_in, new_page

pytestmark = BROWSER_TESTS

#: Per line that can be ticked: the right edges of the tick box and of the amount, and the
#: width the sheet's table may use.
INPUTS_JS = """() => {
  const table = document.querySelector('.fee-sheet .table');
  const width = table.parentElement.clientWidth;
  return [...table.querySelectorAll('tbody tr')].filter(tr => tr.querySelector('input[type=number]'))
    .map(tr => ({tick: tr.querySelector('input[type=checkbox]').getBoundingClientRect().right,
                 amount: tr.querySelector('input[type=number]').getBoundingClientRect().right,
                 right: table.parentElement.getBoundingClientRect().right,
                 scrolls: table.parentElement.scrollWidth > width,
                 under: getComputedStyle(tr.querySelector('.below-narrow')).display,
                 // the amounts read right-aligned, their heading above them
                 aligned: [table.querySelector('thead th:last-child'), tr.lastElementChild,
                           tr.querySelector('input[type=number]')]
                   .map(cell => getComputedStyle(cell).textAlign)}));
}"""


def test_the_sheet_keeps_the_tick_and_the_amount_on_a_phone(live_server, tree, admit, make_actor):
    admit("an", tree.cell_1, date(2010, 3, 1), official_on=date(2011, 3, 1))
    admit("binh", tree.cell_1, date(2012, 3, 1), official_on=date(2013, 3, 1))
    secretary = make_actor("cell_secretary", tree.cell_1, full_name="Võ Thanh Tùng")
    url = f"{live_server.url}/org/CB-1/fees/2026-03/"
    with chromium() as browser:
        for width, under in ((390, "block"), (1280, "none")):
            page = log_in(
                new_page(browser, width, 844), live_server.url, secretary.username, "pass-12345"
            )
            page.goto(url)
            page.screenshot(path=str(ARTIFACTS / f"fee-sheet-{width}.png"), full_page=True)
            lines = page.evaluate(INPUTS_JS)
            assert len(lines) == 2, lines
            for line in lines:
                assert not line["scrolls"], line
                assert line["tick"] <= line["right"] and line["amount"] <= line["right"], line
                assert line["under"] == under, line
                assert line["aligned"] == ["right", "right", "right"], line
            page.context.close()
