"""The audit log: scoped, filtered, paginated; each event as a sentence and a labelled table
of what changed (``readable.py``), the raw snapshots one click away for administrators."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from dangvien.audit.forms import AuditFilterForm
from dangvien.audit.readable import readable_events
from dangvien.audit.selectors import audit_event_list, audit_object_types

PAGE_SIZE = 25


def _show(value: Any) -> str:
    if value is None:
        return "∅"
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def diff(before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[tuple[str, str, str]]:
    """(field, before, after) for the fields that differ; all fields for a creation."""
    before, after = before or {}, after or {}
    keys = [k for k in dict.fromkeys([*before, *after]) if k not in {"created_at", "updated_at"}]
    return [
        (k, _show(before.get(k)) if k in before else "", _show(after.get(k)) if k in after else "")
        for k in keys
        if before.get(k) != after.get(k)
    ]


@login_required
@require_GET
def audit_log(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None, object_types=audit_object_types())
    filters: dict[str, Any] = {}
    if form.is_bound and form.is_valid():
        filters = {k: v for k, v in form.cleaned_data.items() if v}
    events = audit_event_list(actor=request.user, **filters)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = readable_events(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/log.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            # the raw snapshots, one click away, for administrators
            "show_raw": request.user.is_superuser,
        },
    )
