"""A rule's value in words, as the rulebook page shows it: "2/3", "18 tuổi 0 tháng",
"60 ngày làm việc", "3/2, 19/5, 2/9, 7/11" — never JSON, a raw key or an empty part.

Coded values (organization kinds, sectors, statuses) read through the words the apps
registered for the audit log (``audit.readable.audit_words``); a rule key named inside a value
reads as that rule's title. A code that reads otherwise in one rule than in the audit log (the
``above_grassroots`` of ``fee.keep_percent`` is each level above the grassroots, not the
competent standing committee), or that only one rule uses, reads through ``rule_words``: the
words of that rule (``"fee.keep_percent"``) or of its family (``"competence.*"``), which come
first; they say too how the rule's numbers read when its unit does not ("5.000 đồng",
"30 năm tuổi đảng: 12 tháng"). The app that owns a rule's codes registers its words in its
``ready()`` (``register_rule_words``), from its own labels. A part with no value (a level with
no superior, a list with nothing in it) reads "không có", never "label: ;".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext_lazy

from dangvien.audit.readable import Label, audit_words
from dangvien.core.formatting import vn_decimal, vn_int
from dangvien.core.registry import Registry
from dangvien.rules.choices import Unit


@dataclass(frozen=True)
class RuleWords:
    """How the codes and the numbers inside the values of one rule (or of a family) read.

    ``codes``: a code (a key of a mapping, an item of a list, a value) → its words;
    ``numbers``: how a number of the value (the value itself, or an item of a mapping) reads,
    ``%(n)s`` the number ("%(n)s đồng", "từ %(n)s điểm"), when the rule's unit does not say it;
    ``unit``: the unit (``choices.Unit``) of the items of a mapping, whose rule's own unit is
    the mapping ("30%", "12 tháng (1 năm)");
    ``keys``: how a number keying a mapping reads, ``%(n)s`` the number ("%(n)s năm tuổi
    đảng")."""

    codes: Mapping[str, Label] = field(default_factory=dict)
    numbers: Label | None = None
    unit: str | None = None
    keys: Label | None = None


#: Rule key (``"fee.keep_percent"``) or family (``"competence.*"``: every ``competence.``
#: rule) → the words of its codes and numbers; the app that owns the codes registers them in
#: its ``ready()`` (its ``rule_words`` module: ``fees``, ``assessment`` …), the rules app none.
rule_words: Registry[RuleWords] = Registry("rule words")

#: What an empty part of a value reads as.
NOTHING = pgettext_lazy("rule value", "none")


def register_rule_words(words: Mapping[str, RuleWords]) -> None:
    """The words of the codes and numbers of each rule of ``words`` (by key, or by family as
    ``"competence.*"``): an app registers those of its rules in its ``ready()``."""
    for rule, own in words.items():
        rule_words.register(rule, own)


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


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


@dataclass(frozen=True)
class _Reading:
    """The words a value of one rule reads with: the rules' titles, then the rule's own words
    for its codes, then the audit log's."""

    titles: Mapping[str, str]
    codes: Mapping[str, Label]

    def code(self, value: str) -> str:
        if value in self.codes:
            return str(self.codes[value])
        if value in self.titles:
            return self.titles[value]
        known = audit_words.get(value)
        return str(known) if known is not None else value.replace("_", " ")

    def word(self, value: Any) -> str:
        if _empty(value):
            return str(NOTHING)
        if isinstance(value, dict) and set(value) == {"num", "den"}:
            return f"{value['num']}/{value['den']}"
        if isinstance(value, str):
            return self.code(value)
        if isinstance(value, list):
            return ", ".join(self.word(v) for v in value)
        if isinstance(value, dict):
            return "; ".join(f"{self.word(k)}: {self.word(v)}" for k, v in value.items())
        return _number(value)


def _reading(key: str, titles: Mapping[str, str]) -> tuple[_Reading, RuleWords]:
    """The reading of the values of rule ``key`` and its words: the rule's own, then its
    family's."""
    family = rule_words.get(f"{key.partition('.')[0]}.*") or RuleWords()
    own = rule_words.get(key) or RuleWords()
    words = RuleWords(
        {**family.codes, **own.codes},
        numbers=own.numbers if own.numbers is not None else family.numbers,
        unit=own.unit or family.unit,
        keys=own.keys if own.keys is not None else family.keys,
    )
    return _Reading(titles, words.codes), words


def _months(months: int, *, age: bool) -> str:
    years, rest = divmod(months, 12)
    if age and rest == 0:
        return _("%(years)s years of age") % {"years": years}  # "18 tuổi", not "18 tuổi 0 tháng"
    if age:
        return _("%(years)s years %(months)s months of age") % {"years": years, "months": rest}
    text = ngettext("%(n)s month", "%(n)s months", months) % {"n": vn_int(months)}
    if rest == 0 and years:
        text += " (" + ngettext("%(n)s year", "%(n)s years", years) % {"n": years} + ")"
    return text


def _in_unit(key: str, value: Any, unit: str) -> str | None:
    """A number in its unit ("60 ngày làm việc"); ``None`` when the unit says nothing of it."""
    if isinstance(value, bool):
        return None
    if unit == Unit.MONTHS and isinstance(value, int):
        return _months(value, age="age" in key)
    if unit == Unit.WORKING_DAYS and isinstance(value, int):
        return ngettext("%(n)s working day", "%(n)s working days", value) % {"n": vn_int(value)}
    if unit == Unit.DAYS and isinstance(value, int):
        return ngettext("%(n)s day", "%(n)s days", value) % {"n": vn_int(value)}
    if unit == Unit.YEARS and isinstance(value, int):
        return ngettext("%(n)s year", "%(n)s years", value) % {"n": vn_int(value)}
    if unit == Unit.MEMBERS and isinstance(value, int):
        return ngettext("%(n)s party member", "%(n)s party members", value) % {"n": vn_int(value)}
    if unit == Unit.PERCENT and isinstance(value, int | float | Decimal | str):
        return f"{_number(value)}%"
    return None


def _in_words(words: RuleWords, value: Any) -> str | None:
    """A number in the words the rule gives its numbers; ``None`` when it gives none."""
    if words.numbers is None or not _is_number(value):
        return None
    return str(words.numbers) % {"n": _number(value)}


def _mapping(
    key: str, value: dict[Any, Any], unit: str, reading: _Reading, words: RuleWords
) -> str:
    """A mapping part by part, "label: value"; a number in the words the rule gives its
    numbers, else in the unit of its items or the rule's ("Khiển trách: 5 năm"); a number
    key in the words the rule gives its keys ("30 năm tuổi đảng")."""
    parts = []
    for part, item in value.items():
        shown = (
            _in_words(words, item) or _in_unit(key, item, words.unit or unit) or reading.word(item)
        )
        if words.keys is not None and str(part).isdigit():
            label = str(words.keys) % {"n": _number(part)}
        else:
            label = reading.word(part)
        parts.append(f"{label}: {shown}")
    return "; ".join(parts)


def value_in_words(key: str, value: Any, unit: str, titles: dict[str, str] | None = None) -> str:
    """The value of rule ``key`` in words; ``titles`` names the rules a value may refer to."""
    reading, words = _reading(key, titles or {})
    if _empty(value):
        return str(NOTHING)
    if unit == Unit.FRACTION and isinstance(value, dict):
        return reading.word(value)
    in_unit = _in_words(words, value) or _in_unit(key, value, unit)
    if in_unit is not None:
        return in_unit
    if unit == Unit.DATES and isinstance(value, list):
        days = []
        for item in value:
            month, _sep, day = str(item).partition("-")
            days.append(f"{int(day)}/{int(month)}" if day.isdigit() and month.isdigit() else item)
        return ", ".join(days)
    if unit == Unit.LIST and isinstance(value, list) and all(isinstance(v, int) for v in value):
        return ", ".join(vn_int(v) for v in value)
    if isinstance(value, dict) and set(value) != {"num", "den"}:
        return _mapping(key, value, unit, reading, words)
    return reading.word(value)


_CODED = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")

#: A code written into a text: a rule key ("admission.min_age_months") or a coded value
#: ("upper_grassroots").
_CODE = re.compile(r"\b[a-z][a-z0-9]+(?:[._][a-z0-9]+)+\b")


def is_vietnamese_title(title: str, key: str) -> bool:
    """Whether ``title`` names rule ``key`` as officers read it: words of Vietnamese written
    with its diacritics ("Thời kỳ dự bị"), not the key or another code."""
    words = title.strip()
    return (
        bool(words)
        and key not in words
        and _CODE.search(words) is None
        and any(not ch.isascii() and ch.isalpha() for ch in words)
    )


def text_in_words(text: str) -> str:
    """A rule's note with its coded values in words ("(upper_grassroots)" → its label)."""

    def word(match: re.Match[str]) -> str:
        known = audit_words.get(match.group(0))
        return str(known) if known is not None else match.group(0)

    return _CODED.sub(word, text)
