"""A rule's value in words, as the rulebook page shows it: "2/3", "18 tuổi 0 tháng",
"60 ngày làm việc", "3/2, 19/5, 2/9, 7/11" — never JSON or a raw key.

Coded values (organization kinds, sectors, statuses) read through the words the apps
registered for the audit log (``audit.readable.audit_words``); a rule key named inside a value
reads as that rule's title.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dangvien.audit.readable import audit_words
from dangvien.core.formatting import vn_decimal, vn_int
from dangvien.rules.choices import Unit


def _number(value: Any) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int):
        return vn_int(value)
    if isinstance(value, float | Decimal):
        return vn_decimal(value)
    if isinstance(value, str):
        try:
            return vn_decimal(Decimal(value))
        except ArithmeticError:
            return value
    return str(value)


def _word(value: Any, titles: dict[str, str]) -> str:
    if isinstance(value, dict) and set(value) == {"num", "den"}:
        return f"{value['num']}/{value['den']}"
    if isinstance(value, str):
        if value in titles:
            return titles[value]
        known = audit_words.get(value)
        return str(known) if known is not None else value.replace("_", " ")
    if isinstance(value, list):
        return ", ".join(_word(v, titles) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{_word(k, titles)}: {_word(v, titles)}" for k, v in value.items())
    return _number(value)


def _months(months: int, *, age: bool) -> str:
    years, rest = divmod(months, 12)
    if age:
        return _("%(years)s years %(months)s months of age") % {"years": years, "months": rest}
    text = ngettext("%(n)s month", "%(n)s months", months) % {"n": vn_int(months)}
    if rest == 0 and years:
        text += " (" + ngettext("%(n)s year", "%(n)s years", years) % {"n": years} + ")"
    return text


def value_in_words(key: str, value: Any, unit: str, titles: dict[str, str] | None = None) -> str:
    """The value of rule ``key`` in words; ``titles`` names the rules a value may refer to."""
    titles = titles or {}
    if unit == Unit.FRACTION and isinstance(value, dict):
        return _word(value, titles)
    if unit == Unit.MONTHS and isinstance(value, int):
        return _months(value, age="age" in key)
    if unit == Unit.WORKING_DAYS and isinstance(value, int):
        return ngettext("%(n)s working day", "%(n)s working days", value) % {"n": vn_int(value)}
    if unit == Unit.YEARS and isinstance(value, int):
        return ngettext("%(n)s year", "%(n)s years", value) % {"n": vn_int(value)}
    if unit == Unit.MEMBERS and isinstance(value, int):
        return ngettext("%(n)s party member", "%(n)s party members", value) % {"n": vn_int(value)}
    if unit == Unit.PERCENT:
        return f"{_number(value)}%"
    if unit == Unit.DATES and isinstance(value, list):
        days = []
        for item in value:
            month, _sep, day = str(item).partition("-")
            days.append(f"{int(day)}/{int(month)}" if day.isdigit() and month.isdigit() else item)
        return ", ".join(days)
    if unit == Unit.LIST and isinstance(value, list) and all(isinstance(v, int) for v in value):
        return ", ".join(vn_int(v) for v in value)
    return _word(value, titles)


_CODED = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")


def text_in_words(text: str) -> str:
    """A rule's note with its coded values in words ("(upper_grassroots)" → its label)."""

    def word(match: re.Match[str]) -> str:
        known = audit_words.get(match.group(0))
        return str(known) if known is not None else match.group(0)

    return _CODED.sub(word, text)
