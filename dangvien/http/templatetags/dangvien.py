"""Template helpers: Vietnamese dates and numbers, links that keep ``?as_of=``."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django import template
from django.utils import timezone

from dangvien.core.formatting import vn_date, vn_decimal, vn_int

register = template.Library()


@register.filter
def vndate(value: Any) -> str:
    """30/04/2022; date-times in local time with hours: 30/04/2022 08:15."""
    if not value:
        return ""
    if isinstance(value, datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{vn_date(local.date())} {local:%H:%M}"
    if isinstance(value, date):
        return vn_date(value)
    return str(value)


@register.filter
def vnnumber(value: Any) -> str:
    """4.541; 3,45 — other values (lists, mappings) as compact JSON."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return vn_int(value)
    if isinstance(value, float | Decimal):
        return vn_decimal(value)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else str(value)


@register.simple_tag(takes_context=True)
def keep_as_of(context: template.Context, **params: Any) -> str:
    """A query string with the page's ``as_of`` (when not today) plus ``params``."""
    query: dict[str, Any] = {}
    if not context.get("is_today", True) and context.get("as_of_iso"):
        query["as_of"] = context["as_of_iso"]
    query.update({k: v for k, v in params.items() if v not in (None, "")})
    return f"?{urlencode(query)}" if query else ""


@register.filter
def lookup(mapping: Any, key: Any) -> Any:
    """``mapping[key]`` in a template (None when absent): ``{{ names|lookup:c.organization_id }}``."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None


_CITED_KEY = re.compile(r"^[a-z_]+(\.[a-z_]+)+:\s*")


@register.filter
def without_key(value: Any) -> str:
    """A citation without the rulebook key it starts with: "term.provincial_months: Chỉ thị
    45-CT/TW (2025)" → "Chỉ thị 45-CT/TW (2025)" (the key is for programs, not for readers)."""
    return _CITED_KEY.sub("", str(value or ""))
