"""Home page: what waits for the user (the inbox), the organization tree at a date, and the
search of organizations."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from dangvien.http.context import parse_as_of
from dangvien.http.registry import inbox_items
from dangvien.organizations.selectors import (
    organization_get,
    organization_states,
    organization_tree,
)


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    on = parse_as_of(request)
    query = request.GET.get("q", "").strip()
    context: dict[str, Any] = {"q": query, "inbox": inbox_items(request.user)}
    if query:
        context["results"] = list(
            organization_states(actor=request.user, on=on, search=query)[:200]
        )
    else:
        context["roots"] = organization_tree(actor=request.user, on=on, max_depth=None)
    return render(request, "web/home.html", context)


@login_required
@require_GET
def tree_children(request: HttpRequest, code: str) -> HttpResponse:
    """The sub-organizations of one node (htmx partial), each knowing whether it has children."""
    on = parse_as_of(request)
    organization = organization_get(actor=request.user, code=code)
    nodes = organization_tree(actor=request.user, on=on, root=organization, max_depth=2)
    children = nodes[0].children if nodes else []
    return render(request, "web/_tree_children.html", {"nodes": children})
