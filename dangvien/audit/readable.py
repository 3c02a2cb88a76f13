"""The audit log as a person reads it: a sentence per event and a table of the fields that
changed, with Vietnamese field labels and values by name (organizations, members, users), not
internal keys, ids, codes or JSON.

The audit app knows no domain: the apps say how their values read through two registries
filled in their ``AppConfig.ready()``:

* ``audit_values``: a snapshot key (``"organization"``, ``"parent"``, ``"kind"`` …) or a model
  label (``"organizations.organization"``, naming the event's object) → its label and a function
  that names a set of raw values at once (one query per key and page);
* ``audit_words``: a word of an event's message (``"dissolved"``, ``"transfer_received"`` …) →
  what it reads as.

What nobody registered falls back on the model's own field labels and choices; keys that are
machinery (ids, access paths, timestamps) are not shown.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from dangvien.audit.models import AuditEvent
from dangvien.core.formatting import vn_date
from dangvien.core.registry import Registry

Label = str | Promise
Namer = Callable[[set[Any]], dict[Any, str]]


@dataclass(frozen=True)
class AuditValues:
    """How the values under one snapshot key (or the objects of one model) read."""

    label: Label
    names: Namer | None = None


audit_values: Registry[AuditValues] = Registry("audit values")
audit_words: Registry[Label] = Registry("audit words")

#: Keys that are machinery, never shown to a reader.
HIDDEN_KEYS = frozenset(
    {"id", "path", "created_at", "updated_at", "search_name", "search_text", "password"}
)

#: Labels of keys common to many snapshots, when the model has no field of that name.
COMMON_LABELS: dict[str, Label] = {
    "name": pgettext_lazy("field", "name"),
    "valid_from": gettext_lazy("valid from"),
    "valid_to": gettext_lazy("valid until"),
    "dissolved_on": gettext_lazy("ended on"),
    "note": gettext_lazy("note"),
}

#: Words of the messages the audit app itself writes.
BASE_WORDS: dict[str, Label] = {
    "login": gettext_lazy("logged in"),
    "failed": gettext_lazy("failed"),
    "export": gettext_lazy("exported"),
    "import": gettext_lazy("imported"),
    "profile": gettext_lazy("record updated"),
}

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_IN_TEXT = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class ReadableEvent:
    event: AuditEvent
    subject: str  # the object by name
    what: str  # the message in words ("" when none)
    changes: list[Change]


def register_values(keys: Iterable[str], values: AuditValues) -> None:
    """Register ``values`` under each key nobody has claimed yet (several apps may know a
    generic key such as ``"organization"``; the first one to start names it)."""
    for key in keys:
        if audit_values.get(key) is None:
            audit_values.register(key, values)


def register_words(mapping: dict[str, Label]) -> None:
    """Message words; a word already registered keeps its first reading."""
    for word, label in mapping.items():
        if audit_words.get(word) is None:
            audit_words.register(word, label)


def choice_namer(choices: Iterable[tuple[Any, Any]]) -> Namer:
    """A namer for coded values with fixed labels (kinds, sectors, statuses)."""
    table = dict(choices)
    return lambda values: {v: str(table[v]) for v in values if v in table}


def _plain(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, str) and _ISO_DAY.match(value):
        return vn_date(date.fromisoformat(value))
    if isinstance(value, str) and len(value) > 19 and _ISO_DAY.match(value[:10]):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
        return f"{vn_date(moment.date())} {moment:%H:%M}"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _field(model: type[models.Model] | None, key: str) -> models.Field[Any, Any] | None:
    if model is None:
        return None
    try:
        field = model._meta.get_field(key)
    except Exception:  # FieldDoesNotExist, or a reverse relation
        return None
    return field if isinstance(field, models.Field) else None


def label_of(model: type[models.Model] | None, key: str) -> str:
    entry = audit_values.get(key)
    field = _field(model, key)
    if field is not None and field.verbose_name and not isinstance(field, models.ForeignKey):
        return str(field.verbose_name)
    if entry is not None:
        return str(entry.label)
    if field is not None and field.verbose_name:
        return str(field.verbose_name)
    return str(COMMON_LABELS.get(key, key.replace("_", " ")))


def words(message: str) -> str:
    """The message in words: registered words replaced, ISO dates as dd/mm/yyyy."""
    if not message:
        return ""
    whole = audit_words.get(message)
    if whole is not None:
        return str(whole)
    if "=" in message:  # a summary of counts (an import): "label: n" for each count not 0
        head = message.split(" ", 1)[0]
        counts = [part.rstrip(",").split("=", 1) for part in message.split() if "=" in part]
        shown = "; ".join(
            f"{audit_words.get(key) or key.replace('_', ' ')}: {count}"
            for key, count in counts
            if count != "0"
        )
        return f"{words(head)} ({shown})" if shown else words(head)
    out = []
    for token in message.split():
        known = audit_words.get(token) or BASE_WORDS.get(token)
        out.append(str(known) if known is not None else token)
    return _ISO_IN_TEXT.sub(lambda m: f"{m[3]}/{m[2]}/{m[1]}", " ".join(out))


def _diff(before: dict[str, Any], after: dict[str, Any], created: bool) -> list[str]:
    keys = [k for k in dict.fromkeys([*before, *after]) if k not in HIDDEN_KEYS]
    if created:
        return [k for k in keys if after.get(k) not in (None, "", [], {})]
    return [k for k in keys if before.get(k) != after.get(k)]


def readable_events(events: Iterable[AuditEvent]) -> list[ReadableEvent]:
    """The events of one page, each as a sentence and a labelled table of changes; the names
    they need are looked up once per key for the whole page."""
    events = list(events)
    plans: list[tuple[AuditEvent, type[models.Model] | None, list[str]]] = []
    wanted: dict[str, set[Any]] = {}
    for event in events:
        model = event.object_type.model_class() if event.object_type else None
        before, after = event.before or {}, event.after or {}
        keys = _diff(before, after, created=not before)
        plans.append((event, model, keys))
        for key in keys:
            if audit_values.get(key) is not None:
                for value in (before.get(key), after.get(key)):
                    if value not in (None, ""):
                        wanted.setdefault(key, set()).add(value)
        if model is not None and event.object_id:
            wanted.setdefault(model._meta.label_lower, set()).add(_as_id(event.object_id))
    named: dict[str, dict[Any, str]] = {}
    for key, values in wanted.items():
        entry = audit_values.get(key)
        if entry is not None and entry.names is not None:
            named[key] = entry.names(values)

    def show(model: type[models.Model] | None, key: str, value: Any) -> str:
        if value in (None, ""):
            return "—"
        field = _field(model, key)
        if field is not None and field.choices:  # the object's own choices come first
            return str(dict(field.flatchoices).get(value, value))
        if key in named:
            return named[key].get(value, _plain(value))
        return _plain(value)

    result = []
    for event, model, keys in plans:
        before, after = event.before or {}, event.after or {}
        subject = event.object_repr
        if model is not None and event.object_id:
            subject = named.get(model._meta.label_lower, {}).get(
                _as_id(event.object_id), event.object_repr
            )
        changes = [
            Change(
                label_of(model, key),
                show(model, key, before.get(key)) if key in before and before else "",
                show(model, key, after.get(key)) if key in after else "—",
            )
            for key in keys
        ]
        result.append(ReadableEvent(event, subject, words(event.message), changes))
    return result


def _as_id(raw: str) -> Any:
    return int(raw) if str(raw).isdigit() else raw
