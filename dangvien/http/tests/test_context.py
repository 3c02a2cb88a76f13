"""The date a page is read at (``?as_of=``): a value that is not a day is read as today, and the
page says so next to the date picker."""

import pytest
from django.urls import reverse

from dangvien.core.dates import today
from dangvien.core.formatting import vn_date

pytestmark = pytest.mark.django_db

UNREADABLE = "Không đọc được ngày"


@pytest.mark.parametrize("typed", ["abc", "31/02/2025", "2025-13-01"])
def test_a_date_that_cannot_be_read_is_named_and_today_is_said_to_be_shown(
    client, superuser, org_tree, typed
):
    """A mistyped ``?as_of=`` was read as today without a word: the user read today's figures
    believing them of the day they meant."""
    # given
    client.force_login(superuser)

    # when
    response = client.get(reverse("web:home"), {"as_of": typed})

    # then: the page (not an error) names the value and says it shows today
    assert response.status_code == 200
    assert response.context["as_of"] == today()
    page = response.content.decode()
    assert (
        f"{UNREADABLE} “{typed}”: hãy nhập một ngày có thật theo dạng ngày/tháng/năm, ví dụ "
        "30/06/2022. Trang đang "
        f"hiển thị tình hình hôm nay, {vn_date(today())}."
    ) in page


@pytest.mark.parametrize("typed", ["2024-05-01", "01/05/2024", ""])
def test_a_date_read_says_nothing_of_the_kind(client, superuser, org_tree, typed):
    # given
    client.force_login(superuser)

    # when
    response = client.get(reverse("web:home"), {"as_of": typed})

    # then
    assert response.status_code == 200
    page = response.content.decode()
    assert UNREADABLE not in page
    if typed:
        assert "Đang xem tình hình tại ngày 01/05/2024." in page


def test_the_value_named_is_escaped_and_shortened(client, superuser, org_tree):
    # given
    client.force_login(superuser)

    def banner(typed: str) -> str:
        page = client.get(reverse("web:home"), {"as_of": typed}).content.decode()
        return page.split('class="as-of-banner as-of-unreadable"')[1].split("</div>")[0]

    # when: markup, then a value longer than a date could be
    markup = banner("<b>x</b>")
    long = banner("9" * 500)

    # then
    assert "“&lt;b&gt;x&lt;/b&gt;”" in markup and "<b>" not in markup
    assert f"“{'9' * 39}…”" in long
