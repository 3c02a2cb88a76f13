"""Home page (the organization tree at a date, search) and the shared form runner."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from dangvien.core.exceptions import DomainError
from dangvien.organizations.selectors import (
    organization_get,
    organization_states,
    organization_tree,
)
from dangvien.web.context_processors import parse_as_of


def run_service(
    request: HttpRequest,
    form: forms.Form,
    call: Callable[[dict[str, Any]], Any],
    *,
    success_url: str | Callable[[Any], str],
    success_message: str,
    field_map: Mapping[str, str] | None = None,
    extra_valid: Callable[[], bool] | None = None,
) -> HttpResponse | None:
    """On a valid POST call the service once; a DomainError goes next to its field.

    ``success_url`` may be a function of the service's result. Returns the redirect on
    success, None when the form must be shown (again).
    """
    if request.method != "POST":
        return None
    valid = form.is_valid()
    if extra_valid is not None:
        valid = extra_valid() and valid
    if not valid:
        return None
    try:
        result = call(form.cleaned_data)
    except DomainError as error:
        field = (field_map or {}).get(error.field or "", error.field)
        form.add_error(field if field in form.fields else None, str(error.message))
        return None
    messages.success(request, success_message)
    return redirect(success_url(result) if callable(success_url) else success_url)


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    on = parse_as_of(request)
    query = request.GET.get("q", "").strip()
    context: dict[str, Any] = {"q": query}
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
