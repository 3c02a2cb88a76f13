"""The form runner every page uses: validate, call one service, show a domain error next to
its field."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from dangvien.core.exceptions import DomainError


def run_service(
    request: HttpRequest,
    form: forms.BaseForm,
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
