"""A large subtree's first counting in the background (issue 19): the statistics page queues
one task, says which part is being counted, and shows the figures once they are kept; a small
subtree is counted in the request as before."""

from __future__ import annotations

import time
from datetime import date
from typing import Any
from urllib.parse import parse_qs, urlsplit

import lxml.html
import pytest
from django.urls import reverse

from dangvien.core.formatting import vn_int
from dangvien.statistics import background
from dangvien.statistics.sections import StatisticsSection, statistics_sections
from dangvien.statistics.selectors import statistics_for
from dangvien.statistics.tests.conftest import ON, run

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def page(code: str) -> str:
    return reverse("web:organization_statistics", args=[code]) + f"?as_of={ON}"


def poll(code: str) -> str:
    return page(code) + "&counting=1"


@pytest.fixture
def counted(monkeypatch) -> list[Any]:
    """The statistics computed (not read from the cache) from now on, wherever asked."""
    from dangvien.statistics import history

    computed: list[Any] = []
    real = history.statistics_for

    def counting(*args: Any, **kwargs: Any) -> Any:
        computed.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(history, "statistics_for", counting)
    return computed


@pytest.fixture
def extra_section():
    """Registers a last statistics part for the test (``compute`` given), removed after."""
    registered: list[str] = []

    def register(compute: Any, title: Any = "Phần thử") -> None:
        statistics_sections.register(
            "zz_test", StatisticsSection(compute=compute, title=title), order=999
        )
        registered.append("zz_test")

    yield register
    for key in registered:
        statistics_sections.unregister(key)


@pytest.fixture
def failing_section(extra_section):
    """A last statistics part that fails, as with the database gone."""

    def compute(root, on):
        raise RuntimeError("database gone")

    extra_section(compute)


def test_a_province_is_counted_in_the_background_and_the_page_follows_it(
    client, thap_muoi, superuser, worker, monkeypatch
):
    client.force_login(superuser)
    total = vn_int(statistics_for(thap_muoi["T-DT"], ON)["members"]["total"])
    # the first asking queues the counting and says so
    html = client.get(page("T-DT")).content.decode()
    assert "Đang tổng hợp số liệu" in html
    assert "Đang chờ tiến trình nền bắt đầu tính." in html
    assert "Thống kê: Đảng bộ tỉnh Đồng Tháp" in html
    assert f"{total} đảng viên" not in html
    assert len(worker.results) == 1
    # asked again meanwhile, and polled: still one task
    client.get(page("T-DT"))
    waiting = client.get(poll("T-DT"), **HTMX)
    assert waiting.status_code == 200
    assert 'hx-trigger="every 2s"' in waiting.content.decode()
    assert len(worker.results) == 1
    assert "db_worker" not in waiting.content.decode()
    # a minute later with no worker: the page says so
    later = time.time() + 61
    monkeypatch.setattr(background.time, "time", lambda: later)
    assert "dangvien db_worker" in client.get(poll("T-DT"), **HTMX).content.decode()
    # the worker counts: the poll reloads the page, which shows the figures
    run(worker)
    done = client.get(poll("T-DT"), **HTMX)
    assert done.status_code == 204
    assert done["HX-Refresh"] == "true"
    html = client.get(page("T-DT")).content.decode()
    assert f"{total} đảng viên" in html
    assert "Đang tổng hợp số liệu" not in html
    assert len(worker.results) == 1  # kept: nothing queued again


def test_the_waiting_page_names_the_part_being_counted(
    client, thap_muoi, superuser, worker, extra_section
):
    client.force_login(superuser)
    seen: list[str] = []

    def compute(root, on):
        # the last part, while it is counted: what a reader polling then is shown
        seen.append(client.get(poll("T-DT"), **HTMX).content.decode())
        return 1

    extra_section(compute, title="Phần thử")
    client.get(page("T-DT"))
    run(worker)
    steps = len(list(statistics_sections.items())) + 1
    assert f"Phần {steps}/{steps}: Phần thử." in seen[0]
    assert f'<progress max="{steps}" value="{steps - 1}"' in seen[0]


def _live_region(html: str) -> Any:
    """The waiting block's one live region (``aria-live``), checked to be outside the part
    the poll replaces."""
    document = lxml.html.document_fromstring(html)
    [region] = document.xpath("//*[@aria-live]")
    assert region.get("aria-live") == "polite" and region.get("role") == "status"
    assert not region.xpath("ancestor-or-self::*[@hx-get]")
    return region


def _polled(html: str) -> Any:
    """The element the poll replaces (the one that asks again), with its URL's ``shown``."""
    [element] = lxml.html.document_fromstring(html).xpath("//*[@hx-get]")
    return element, parse_qs(urlsplit(element.get("hx-get")).query)["shown"][0]


def test_the_live_region_stays_and_changes_only_with_the_part(
    client, thap_muoi, superuser, worker, extra_section
):
    client.force_login(superuser)
    # the page: the live region says the worker has not begun, and nothing else (the
    # seconds counter, which changes at every poll, is read outside it)
    html = client.get(page("T-DT")).content.decode()
    region = _live_region(html)
    assert region.text_content().strip() == "Đang chờ tiến trình nền bắt đầu tính."
    polled, shown = _polled(html)
    assert "giây trước" in polled.text_content()
    # a poll while the line is unchanged replaces the polled part only: no live region
    waiting = client.get(poll("T-DT") + f"&shown={shown}", **HTMX).content.decode()
    assert "aria-live" not in waiting and "counting-line" not in waiting
    assert "giây trước" in waiting
    assert _polled(waiting)[1] == shown
    seen: list[str] = []

    def compute(root, on):
        # the last part begins: the poll of a block showing the part before it
        steps = len(list(statistics_sections.items())) + 1
        for line in (shown, f"{steps}/{steps}"):
            seen.append(client.get(poll("T-DT") + f"&shown={line}", **HTMX).content.decode())
        return 1

    extra_section(compute, title="Phần thử")
    run(worker)
    # the part changed: its line sent into the live region (its content only), and the
    # next poll asks with that line
    changed = lxml.html.fragments_fromstring(seen[0])
    [line] = [e for e in changed if e.get("hx-swap-oob")]
    assert (line.get("id"), line.get("hx-swap-oob")) == ("counting-line", "innerHTML")
    steps = len(list(statistics_sections.items())) + 1
    assert line.text_content().strip() == f"Phần {steps}/{steps}: Phần thử."
    assert "giây trước" not in line.text_content()
    assert _polled(seen[0])[1] == f"{steps}/{steps}"
    # asked again with that line: the live region is left alone
    assert "counting-line" not in seen[1] and "aria-live" not in seen[1]


def test_the_part_being_counted_is_named_in_the_readers_language(
    client, thap_muoi, superuser, worker, extra_section
):
    from django.utils.translation import pgettext_lazy

    client.force_login(superuser)
    seen: list[str] = []

    def compute(root, on):
        client.post(reverse("set_language"), {"language": "en", "next": "/"})
        seen.append(client.get(poll("T-DT"), **HTMX).content.decode())
        client.post(reverse("set_language"), {"language": "vi", "next": "/"})
        seen.append(client.get(poll("T-DT"), **HTMX).content.decode())
        return 1

    # a title with both words in the catalogues (the fees app's; not a literal here, which
    # makemessages would add to this app's as a fuzzy entry): the worker's language is not
    # the reader's
    context, title = "statistics part", "Party fees"
    extra_section(compute, title=pgettext_lazy(context, title))
    client.get(page("T-DT"))
    run(worker)
    assert ": Party fees." in seen[0]
    assert ": Đảng phí." in seen[1]


def test_a_counting_that_fails_is_reported_once_then_queued_again(
    client, thap_muoi, superuser, worker, failing_section
):
    client.force_login(superuser)
    client.get(page("T-DT"))
    with pytest.raises(RuntimeError):
        run(worker)
    assert client.get(poll("T-DT"), **HTMX)["HX-Refresh"] == "true"
    html = client.get(page("T-DT")).content.decode()
    assert "Không tính được số liệu: RuntimeError. Mở lại trang để tính lại." in html
    assert len(worker.results) == 1
    # the next asking queues it again
    assert "Đang tổng hợp số liệu" in client.get(page("T-DT")).content.decode()
    assert len(worker.results) == 2


def test_a_smaller_subtree_is_counted_in_the_request(client, thap_muoi, superuser, worker):
    client.force_login(superuser)
    html = client.get(page("HU-TM")).content.decode()
    assert "4.541 đảng viên" in html
    assert worker.results == []


def test_a_province_with_fewer_organizations_than_the_setting_is_counted_in_the_request(
    client, thap_muoi, superuser, worker, settings
):
    from dangvien.organizations.models import OrganizationVersion
    from dangvien.organizations.selectors import organization_state

    client.force_login(superuser)
    state = organization_state(thap_muoi["T-DT"], on=ON)
    assert state is not None
    size = OrganizationVersion.objects.at(ON).filter(path__startswith=state.path).count()
    total = vn_int(statistics_for(thap_muoi["T-DT"], ON)["members"]["total"])
    settings.BACKGROUND_ORGANIZATIONS = size + 1
    html = client.get(page("T-DT")).content.decode()
    assert f"{total} đảng viên" in html
    assert worker.results == []
    # as many as the setting: the background (a day not counted yet)
    settings.BACKGROUND_ORGANIZATIONS = size
    html = client.get(reverse("web:organization_statistics", args=["T-DT"])).content.decode()
    assert "Đang tổng hợp số liệu" in html
    assert len(worker.results) == 1


def test_a_poll_without_htmx_is_sent_to_the_page(client, thap_muoi, superuser, worker):
    client.force_login(superuser)
    client.get(page("T-DT"))  # queued: an htmx poll gets the waiting block
    assert client.get(poll("T-DT"), **HTMX).status_code == 200
    response = client.get(poll("T-DT"))
    assert response.status_code == 302
    assert response["Location"] == page("T-DT")


def test_the_downloads_read_what_the_page_counted(client, thap_muoi, superuser, counted):
    client.force_login(superuser)
    assert "Tải về XLSX" in client.get(page("T-DT")).content.decode()
    download = reverse("web:organization_statistics_download", args=["T-DT", "json"])
    assert client.get(f"{download}?as_of={ON}").status_code == 200
    assert len(counted) == 1


def test_the_api_answers_202_while_the_worker_counts(client, thap_muoi, superuser, worker):
    client.force_login(superuser)
    api = f"/api/statistics/T-DT/?as_of={ON}"
    waiting = client.get(api)
    assert waiting.status_code == 202
    assert waiting["Retry-After"] == "5"
    assert waiting.json()["step"] == 0 and waiting.json()["steps"] == 0
    assert len(worker.results) == 1
    run(worker)
    done = client.get(api)
    assert done.status_code == 200
    assert done.json() == statistics_for(thap_muoi["T-DT"], ON)


def test_the_api_answers_503_when_the_counting_failed(
    client, thap_muoi, superuser, worker, failing_section
):
    client.force_login(superuser)
    api = f"/api/statistics/T-DT/?as_of={ON}"
    assert client.get(api).status_code == 202
    with pytest.raises(RuntimeError):
        run(worker)
    failed = client.get(api)
    assert failed.status_code == 503
    assert failed["Retry-After"] == "5"
    assert failed.json() == {
        "code": "counting_failed",
        "message": "Không tính được số liệu: RuntimeError. Mở lại trang để tính lại.",
    }
    # asked again after it: queued again
    assert client.get(api).status_code == 202
    assert len(worker.results) == 2
    # a day the organization did not stand is the request's error still
    assert client.get("/api/statistics/T-DT/?as_of=1900-01-01").status_code == 400


def test_the_dashboard_is_counted_in_the_background_with_the_statistics(
    client, thap_muoi, superuser, worker, counted
):
    client.force_login(superuser)
    dashboard = reverse("web:dashboard", args=["T-DT"]) + f"?as_of={ON}"
    html = client.get(dashboard).content.decode()
    assert "Đang tổng hợp số liệu" in html
    assert counted == []
    waiting = client.get(dashboard + "&counting=1", **HTMX).content.decode()
    assert "/dashboard/?as_of=" in waiting and "counting=1" in waiting
    run(worker)
    assert client.get(dashboard + "&counting=1", **HTMX)["HX-Refresh"] == "true"
    total = vn_int(statistics_for(thap_muoi["T-DT"], ON)["members"]["total"])
    html = client.get(dashboard).content.decode()
    assert "Đang tổng hợp số liệu" not in html and total in html
    # the statistics page of that day reads what the dashboard counted
    assert f"{total} đảng viên" in client.get(page("T-DT")).content.decode()
    assert len(counted) == 1
    assert len(worker.results) == 1


COMPARE = date(2021, 12, 31)


def dashboard(compare: bool = True) -> str:
    url = reverse("web:dashboard", args=["T-DT"]) + f"?as_of={ON}"
    return url + f"&compare={COMPARE}" if compare else url


def dashboard_poll(on: date) -> str:
    return reverse("web:dashboard", args=["T-DT"]) + f"?as_of={on}&counting=1"


def test_the_dashboards_comparison_day_is_counted_in_the_background(
    client, thap_muoi, superuser, worker, counted
):
    client.force_login(superuser)
    client.get(dashboard(compare=False))
    run(worker)
    total = vn_int(statistics_for(thap_muoi["T-DT"], ON)["members"]["total"])
    # the main day kept, the comparison day not: queued, the main day's figures shown
    response = client.get(dashboard())
    html = response.content.decode()
    assert total in html
    assert "Đang tổng hợp số liệu ngày 31/12/2021 để so sánh" in html
    assert 'class="table compare"' not in html
    assert len(worker.results) == 2 and len(counted) == 1
    # the waiting block asks about the comparison day, not the main one
    [polled] = lxml.html.document_fromstring(html).xpath("//*[@hx-get]")
    assert f"as_of={COMPARE}&counting=1" in polled.get("hx-get")
    waiting = client.get(dashboard_poll(COMPARE), **HTMX)
    assert waiting.status_code == 200 and "giây trước" in waiting.content.decode()
    assert client.get(dashboard_poll(ON), **HTMX)["HX-Refresh"] == "true"  # that one is kept
    # the worker counts it: the poll reloads the page, which compares
    run(worker, 1)
    assert client.get(dashboard_poll(COMPARE), **HTMX)["HX-Refresh"] == "true"
    html = client.get(dashboard()).content.decode()
    assert 'class="table compare"' in html and "Đang tổng hợp số liệu" not in html
    assert len(worker.results) == 2 and len(counted) == 2


def test_the_comparison_day_counted_while_the_data_changed_is_compared_once(
    client, thap_muoi, superuser, worker, extra_section
):
    from dangvien.audit.models import AuditChainHead

    client.force_login(superuser)
    changed: list[date] = []

    def compute(root, on):
        if on == COMPARE and not changed:
            # a change recorded while the worker counts the comparison day
            AuditChainHead.objects.update(last_change_hash="changed while counting")
            changed.append(on)
        return 1

    extra_section(compute)
    client.get(dashboard(compare=False))
    run(worker)
    client.get(dashboard())
    run(worker, 1)
    # the comparison day's figures, counted while the data changed: compared once
    html = client.get(dashboard()).content.decode()
    assert 'class="table compare"' in html and "Đang tổng hợp số liệu" not in html
    assert len(worker.results) == 2
    # then counted again with the data now (the main day's first)
    assert "Đang tổng hợp số liệu" in client.get(dashboard()).content.decode()
    run(worker, 2)
    assert "để so sánh" in client.get(dashboard()).content.decode()
    assert len(worker.results) == 4


def test_a_comparison_day_that_fails_is_reported_in_its_section(
    client, thap_muoi, superuser, worker, extra_section
):
    client.force_login(superuser)

    def compute(root, on):
        if on == COMPARE:
            raise RuntimeError("database gone")
        return 1

    extra_section(compute)
    client.get(dashboard(compare=False))
    run(worker)
    client.get(dashboard())
    with pytest.raises(RuntimeError):
        run(worker, 1)
    assert client.get(dashboard_poll(COMPARE), **HTMX)["HX-Refresh"] == "true"
    html = client.get(dashboard()).content.decode()
    total = vn_int(statistics_for(thap_muoi["T-DT"], ON)["members"]["total"])
    assert total in html  # the main day's figures
    [section] = lxml.html.document_fromstring(html).xpath("//*[@role='alert']")
    assert section.text_content().strip() == (
        "Không tính được số liệu: RuntimeError. Mở lại trang để tính lại."
    )
    assert 'class="table compare"' not in html


def test_the_dashboards_document_waits_for_the_counting_on_the_page(
    client, thap_muoi, superuser, worker, counted
):
    client.force_login(superuser)
    document = reverse("web:dashboard_document", args=["T-DT", "xlsx"]) + f"?as_of={ON}"
    # not counted yet: queued, and the reader sent to the dashboard of that day, told why
    response = client.get(document)
    assert response.status_code == 302
    assert response["Location"] == dashboard(compare=False)
    html = client.get(response["Location"]).content.decode()
    assert "Đang tổng hợp số liệu" in html
    assert (
        "Số liệu ngày 30/04/2022 đang được tổng hợp. Khi số liệu hiện trên trang này, hãy tải "
        "lại tài liệu."
    ) in html
    assert client.get(document).status_code == 302
    assert len(worker.results) == 1 and counted == []
    # counted by the worker: the document, of the figures it kept
    run(worker)
    downloaded = client.get(document)
    assert downloaded.status_code == 200
    assert downloaded["Content-Disposition"] == f'attachment; filename="bao-cao-T-DT-{ON}.xlsx"'
    assert len(worker.results) == 1 and len(counted) == 1


def test_a_dashboards_document_whose_counting_failed_says_so_on_the_page(
    client, thap_muoi, superuser, worker, failing_section
):
    client.force_login(superuser)
    document = reverse("web:dashboard_document", args=["T-DT", "pdf"]) + f"?as_of={ON}"
    client.get(document)
    with pytest.raises(RuntimeError):
        run(worker)
    response = client.get(document)
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "Không tính được số liệu: RuntimeError. Mở lại trang để tính lại." in html
    assert "Đang tổng hợp số liệu" in html  # the page asked again
    assert len(worker.results) == 2


def test_figures_counted_while_the_data_changed_are_shown_once_marked(
    client, thap_muoi, superuser, worker, extra_section
):
    from dangvien.audit.models import AuditChainHead

    client.force_login(superuser)

    def compute(root, on):
        # a change recorded while the worker counts (the figures are kept under the version
        # the counting read, which is then no longer the data's)
        AuditChainHead.objects.update(last_change_hash="changed while counting")
        return 1

    extra_section(compute)
    client.get(page("T-DT"))
    run(worker)
    assert client.get(poll("T-DT"), **HTMX)["HX-Refresh"] == "true"
    html = client.get(page("T-DT")).content.decode()
    assert "dữ liệu đã thay đổi trong lúc tính" in html
    assert "Đang tổng hợp số liệu" not in html
    assert len(worker.results) == 1
    # the next asking counts them again with the data now
    assert "Đang tổng hợp số liệu" in client.get(page("T-DT")).content.decode()
    assert len(worker.results) == 2


def test_a_cache_the_worker_does_not_share_counts_in_the_request(
    client, thap_muoi, superuser, worker, settings
):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    client.force_login(superuser)
    total = vn_int(statistics_for(thap_muoi["T-DT"], ON)["members"]["total"])
    assert f"{total} đảng viên" in client.get(page("T-DT")).content.decode()
    assert worker.results == []
