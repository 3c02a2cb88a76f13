"""Statistics page: pick an organization and a date, read the figures of §3, download them."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Min
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from dangvien.audit.services import record_export
from dangvien.core.exceptions import ValidationFailed
from dangvien.core.formatting import vn_date
from dangvien.http.context import parse_as_of
from dangvien.organizations.choices import Sector
from dangvien.organizations.models import Organization
from dangvien.organizations.selectors import (
    organization_get,
    organization_names,
    organization_predecessors,
    organization_states,
)
from dangvien.statistics.background import (
    Counted,
    Counting,
    countables,
    counting_of,
    queued_or_kept,
)
from dangvien.statistics.documents import statistics_docx, statistics_xlsx
from dangvien.statistics.history import kept_statistics, statistics_at
from dangvien.statistics.narrative import statistics_text

DOWNLOADS = {
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "json": ("application/json", "json"),
}

Row = tuple[str, Any, str]  # label, value, "int" | "percent" | "date"


def _sector_label(key: str) -> str:
    try:
        return str(Sector(key).label)
    except ValueError:
        return key


def statistics_sections(stats: dict[str, Any]) -> list[tuple[str, list[Row]]]:
    """The figures of §3 grouped in titled tables, with translated labels."""
    direct = stats["direct_subordinates"]
    grassroots = stats["grassroots"]
    members = stats["members"]
    organizations: list[Row] = [
        (_("Directly subordinate party organizations"), direct["total"], "int"),
        (_("— of which grassroots party organizations"), direct["grassroots"], "int"),
        (_("— of which upper-grassroots party committees"), direct["upper_grassroots"], "int"),
        (_("— of which other kinds"), direct["other"], "int"),
        (_("Grassroots party organizations (whole subtree)"), grassroots["total"], "int"),
        (_("— grassroots party committees"), grassroots["committees"], "int"),
        (_("— grassroots party cells"), grassroots["cells"], "int"),
    ]
    organizations += [
        (_("— type: %(sector)s") % {"sector": _sector_label(key)}, value, "int")
        for key, value in grassroots["by_sector"].items()
    ]
    organizations += [
        (_("Sub-committees"), stats["sub_committees"], "int"),
        (_("Subordinate party cells"), stats["cells"], "int"),
        (_("Organizations without a secretary"), stats["organizations_without_secretary"], "int"),
    ]
    member_rows: list[Row] = [
        (_("Party members"), members["total"], "int"),
        (_("— official members"), members["official"], "int"),
        (_("— probationary members"), members["probationary"], "int"),
        (_("— women"), members["female"], "int"),
        (_("— exempted from activities"), members["exempted"], "int"),
        (_("— temporarily active elsewhere"), members["temporarily_away"], "int"),
        (_("Population"), stats["population"], "int"),
        (_("Party members per population"), stats["members_per_population_percent"], "percent"),
    ]
    admissions = stats["admissions"]
    admission_rows: list[Row] = [
        (_("Counted from"), date.fromisoformat(admissions["from"]), "date"),
        (_("Counted to"), date.fromisoformat(admissions["to"]), "date"),
        (_("Members admitted"), admissions["count"], "int"),
    ]
    target = stats["admission_target"]
    if target is not None:
        admission_rows += [
            (
                _("Target period"),
                f"{vn_date(date.fromisoformat(target['period_from']))} – "
                f"{vn_date(date.fromisoformat(target['period_to']))}",
                "text",
            ),
            (_("Admission target"), target["admissions"], "int"),
            (_("Target achieved"), target["percent_achieved"], "percent"),
            (
                _("Target ratio of members to population"),
                target["members_per_population_percent"],
                "percent",
            ),
        ]
    return [
        (_("Party organizations"), organizations),
        (_("Party members"), member_rows),
        (_("Admissions"), admission_rows),
    ]


def _choices(request: HttpRequest, on: date, query: str) -> list[Any]:
    """Search results, or the top organizations of the user's scope."""
    states = organization_states(actor=request.user, on=on, search=query)
    if query:
        return list(states[:100])
    top = states.aggregate(depth=Min("depth"))["depth"]
    if top is None:
        return []
    return list(states.filter(depth__lte=top + 1).order_by("path")[:100])


def _ended(organization: Organization, on: date) -> dict[str, Any] | None:
    """For a day on or after the organization ended: its name (the error of §3 names the code
    only: "HU-TM-X-01 không tồn tại …"), its last day and, when merged, its successor."""
    ended_on = organization.dissolved_on
    if ended_on is None or on < ended_on:
        return None
    successor = organization.merged_into
    names = organization_names([organization.pk, getattr(successor, "pk", None)])
    name = names.get(organization.pk, organization.code)
    last_day = date.fromordinal(ended_on.toordinal() - 1)
    if successor is not None:
        message = _(
            "%(name)s (%(code)s) no longer existed on %(date)s: it was merged into "
            "%(successor)s on %(ended)s. Its figures can be read up to %(last)s."
        ) % {
            "name": name,
            "code": organization.code,
            "date": vn_date(on),
            "successor": names.get(successor.pk, successor.code),
            "ended": vn_date(ended_on),
            "last": vn_date(last_day),
        }
    else:
        message = _(
            "%(name)s (%(code)s) no longer existed on %(date)s: it was dissolved on %(ended)s. "
            "Its figures can be read up to %(last)s."
        ) % {
            "name": name,
            "code": organization.code,
            "date": vn_date(on),
            "ended": vn_date(ended_on),
            "last": vn_date(last_day),
        }
    return {"message": message, "last_day": last_day, "successor": successor}


@login_required
@require_GET
def statistics_page(request: HttpRequest, code: str | None = None) -> HttpResponse:
    on = parse_as_of(request)
    query = request.GET.get("q", "").strip()
    code = code or request.GET.get("code", "").strip() or None
    context: dict[str, Any] = {"q": query, "code": code}
    if code is not None:
        organization = organization_get(actor=request.user, code=code)
        if request.GET.get("counting"):
            return counting_poll(request, "statistics", organization, on, combined=True)
        context["organization"] = organization
        context["predecessors"] = organization_predecessors(organization)
        try:
            # a large subtree's first counting of a day goes to the background worker (the
            # page follows it); then, before its founding, the combined figures of its
            # predecessors (marked), kept until the next change that may alter that day's
            counting = queued_or_kept("statistics", organization, on, combined=True)
            if isinstance(counting, Counted):
                # counted while the data changed: those figures, marked, once
                context["counted_at"] = datetime.fromtimestamp(counting.counted_at, UTC)
                stats = counting.value
            elif counting is None:
                stats = statistics_at(organization, on, combined=True)
        except ValidationFailed as error:
            context["error"] = str(error.message)
            context["ended"] = _ended(organization, on)
            if context["ended"]:
                context["error"] = context["ended"]["message"]
        else:
            if isinstance(counting, Counting):
                context.update(counting_context("statistics", organization, on, counting))
            else:
                context.update(
                    stats=stats,
                    sections=statistics_sections(stats),
                    narrative=statistics_text(stats),
                )
    if code is None or query:
        context["choices"] = _choices(request, on, query)
    return render(request, "statistics/page.html", context)


#: After this many seconds without a worker taking the counting, the page says so.
STALLED_SECONDS = 60


def counting_context(
    name: str, organization: Organization, on: date, counting: Counting
) -> dict[str, Any]:
    """What the waiting block (``statistics/_counting.html``) shows of a counting of
    ``name``'s figures, and where it asks again: with ``line``, what its live region says
    (the part being counted, or that the worker has not begun), so that the poll changes
    that region only when it changes."""
    waited = counting.waited()
    stalled = counting.started_at is None and waited > STALLED_SECONDS
    if counting.started_at is not None:
        line = f"{counting.step}/{counting.steps}"
    else:
        line = "stalled" if stalled else "queued"
    url = reverse(countables[name].page, args=[organization.code])
    return {
        "counting": counting,
        "name": organization_names([organization.pk]).get(organization.pk, organization.code),
        "done": max(counting.step - 1, 0),
        "waited": waited,
        "stalled": stalled,
        "line": line,
        "poll_url": f"{url}?as_of={on.isoformat()}&counting=1&shown={line}",
    }


def counting_poll(
    request: HttpRequest, name: str, organization: Organization, on: date, *, combined: bool
) -> HttpResponse:
    """What the waiting block asks every few seconds (htmx): the counting's progress while it
    is queued or under way (its polled part; the live region's line too, out of band, only
    when it differs from the one the block shows, ``shown``); once it has ended (the figures
    kept, or an error to report), the page is loaded again (``HX-Refresh``). A plain request
    is sent to the page."""
    if not getattr(request, "htmx", False):
        url = reverse(countables[name].page, args=[organization.code])
        return redirect(f"{url}?as_of={on.isoformat()}")
    state = counting_of(name, organization, on, combined=combined)
    if state is not None and not state.error:
        context = counting_context(name, organization, on, state)
        # a screen reader announces every change of the live region, even to the same words
        context["announce"] = request.GET.get("shown") != context["line"]
        return render(request, "statistics/_counting_poll.html", context)
    response = HttpResponse(status=204)
    response["HX-Refresh"] = "true"
    return response


@login_required
@require_GET
def statistics_download(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    if fmt not in DOWNLOADS:
        raise Http404("format")
    on = parse_as_of(request)
    organization = organization_get(actor=request.user, code=code)
    try:
        # kept by day as the page's figures (its own key: the page combines predecessors)
        stats = kept_statistics(organization, on)
    except ValidationFailed as error:
        return HttpResponse(
            str(error.message), status=400, content_type="text/plain; charset=utf-8"
        )
    content_type, extension = DOWNLOADS[fmt]
    record_export(actor=request.user, organization=organization, what=f"statistics.{fmt}")
    if fmt == "xlsx":
        body = statistics_xlsx(stats)
    elif fmt == "docx":
        body = statistics_docx(stats)
    else:
        body = json.dumps(stats, ensure_ascii=False, indent=2).encode()
    response = HttpResponse(body, content_type=content_type)
    filename = f"thong-ke-{code}-{on.isoformat()}.{extension}"
    disposition = "inline" if fmt == "json" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
