"""The rulebook: every rule with its value in force and its history; administrators set values."""

from __future__ import annotations

import json
from itertools import groupby
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from dangvien.http.context import parse_as_of
from dangvien.http.runner import run_service
from dangvien.rules.forms import RuleSetForm
from dangvien.rules.selectors import rule_list
from dangvien.rules.services import rule_set
from dangvien.rules.wording import text_in_words, value_in_words


@login_required
def rulebook(request: HttpRequest) -> HttpResponse:
    on = parse_as_of(request)
    if request.method == "POST" and not request.user.is_superuser:
        raise PermissionDenied("superuser")
    form = None
    if request.user.is_superuser:
        form = RuleSetForm(request.POST or None, initial={"effective_from": on})
        response = run_service(
            request,
            form,
            lambda d: rule_set(actor=request.user, **d),
            success_url=lambda version: f"{reverse('web:rules')}#rule-{version.key}",
            success_message=_("The new value is in force."),
        )
        if response is not None:
            return response
    search = request.GET.get("q", "").strip()
    groups: list[dict[str, Any]] = []
    titles = {r.key: r.title for r in rule_list()}
    for key, versions in groupby(rule_list(search=search), key=lambda r: r.key):
        history = list(versions)
        current = next(
            (
                v
                for v in history
                if v.effective_from <= on and (v.effective_to is None or v.effective_to >= on)
            ),
            None,
        )
        latest = history[-1]
        groups.append(
            {
                "key": key,
                "current": current,
                "latest": latest,
                "history": [(v, value_in_words(v.key, v.value, v.unit, titles)) for v in history],
                "note_words": text_in_words((current or latest).note),
                "current_words": value_in_words(current.key, current.value, current.unit, titles)
                if current
                else "",
                "value_json": json.dumps(latest.value, ensure_ascii=False),
            }
        )
    return render(request, "rules/rulebook.html", {"groups": groups, "form": form, "q": search})
