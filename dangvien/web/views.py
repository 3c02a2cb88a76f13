"""Home page: what waits for the user (the inbox), the organization tree at a date, and the
search of organizations; a user who may see no organization lands on their own page when the
menu offers one (a member's handbook).

The inbox is counted by a request of its own, after the page (htmx): for a province it gathers
the work lists of tens of thousands of members, and the tree should not wait for it. Its lines
are kept in the cache until the next change of the data (``audit.selectors.data_version``) or
the next day."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from dangvien.accounts.scoping import granted_paths
from dangvien.audit.selectors import cached_for_reader
from dangvien.http.context import as_of_context, parse_as_of, unreadable_as_of
from dangvien.http.registry import InboxItem, inbox_items, page_url, visible_navigation
from dangvien.organizations.models import Organization
from dangvien.organizations.permissions import OrganizationPermission
from dangvien.organizations.selectors import (
    organization_get,
    organization_states,
    organization_tree,
)


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    if granted_paths(request.user, OrganizationPermission.VIEW) == []:
        # no organization in scope: the user's own page if the menu has one (a member's
        # handbook), not an empty tree
        for item in visible_navigation(request.user):
            if item.landing:
                url = page_url(item.url_name, on=parse_as_of(request))
                if unreadable := unreadable_as_of(request):  # the page there says so
                    url = f"{url}?{urlencode({'as_of': unreadable})}"
                return redirect(url)
    on = parse_as_of(request)
    query = request.GET.get("q", "").strip()
    context: dict[str, Any] = {"q": query}
    if query:
        context["results"] = list(
            organization_states(actor=request.user, on=on, search=query)[:200]
        )
    else:
        # the roots open and their children, each knowing whether it opens further
        context["tree"] = tree_html(request.user, on, open_roots=True)
    return render(request, "web/home.html", context)


def tree_html(actor: Any, on: date, root: Organization | None = None, *, open_roots: bool) -> str:
    """The tree ``actor`` sees at ``on`` as list items, two levels (below ``root``, or from the
    tops of the actor's subtrees; ``open_roots``: the first level open on its children), kept
    until the next change: a province's shape is thousands of rows to read and hundreds of
    nodes to render (~60 ms) at every opening of the home page or of a node."""

    def render() -> str:
        nodes = organization_tree(actor=actor, on=on, root=root, max_depth=1)
        if root is not None:
            nodes = nodes[0].children if nodes else []
        # the links keep the page's date (``keep_as_of``) as the page's own context says it
        context = {"nodes": nodes, "open": open_roots}
        return render_to_string("web/_tree_nodes.html", context | as_of_context(on))

    return mark_safe(cached_for_reader(f"tree:{on}:{root.pk if root else ''}", actor, render))


def cached_inbox_items(actor: Any) -> list[InboxItem]:
    """``inbox_items`` of ``actor``, counted again after any change of the data or on a new day."""
    return cached_for_reader("inbox", actor, lambda: inbox_items(actor))


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    """What waits for the user: the home page's section (htmx) or a page of its own."""
    context = {"inbox": cached_inbox_items(request.user)}
    template = "web/_inbox.html" if getattr(request, "htmx", False) else "web/inbox.html"
    return render(request, template, context)


@login_required
@require_GET
def tree_children(request: HttpRequest, code: str) -> HttpResponse:
    """The sub-organizations of one node (htmx partial), each knowing whether it has children."""
    on = parse_as_of(request)
    organization = organization_get(actor=request.user, code=code)
    return HttpResponse(tree_html(request.user, on, organization, open_roots=False))
