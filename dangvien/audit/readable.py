"""The audit log as a person reads it: a sentence per event and a table of the fields that
changed, with Vietnamese field labels and values by name (organizations, members, users), not
internal keys, ids, codes or JSON.

The audit app knows no domain: the apps say how their values read through registries
filled in their ``AppConfig.ready()``:

* ``audit_values``: a snapshot key (``"organization"``, ``"parent"``, ``"kind"`` …), a model
  label (``"organizations.organization"``, naming the event's object and what points to it)
  or a key of one model's snapshots (``"fees.feeremittance.month"``, ``"discipline.
  disciplinecase.status"``: a value a service keeps that is no field of the model, or one that
  reads otherwise there) → its label and a function that names a set of raw values at once
  (one query per key and page); the key of one model comes first, and one registered with a
  label only (no function) relabels the key and leaves its values to the other readings;
* ``audit_hidden``: keys of one model's snapshots that are machinery (``"accounts.user.
  last_login"``), never shown, like the ids and timestamps every snapshot holds;
* ``audit_words``: a word or a phrase of an event's message (``"dissolved"``, ``"holder
  identified"``, ``"card issued"`` …) → what it reads as; the longest phrase registered wins,
  and a reading that holds ``{}`` takes the word after the phrase there (``"badge"`` →
  "tặng Huy hiệu {} năm tuổi Đảng"), or "…" when the message ends with the phrase (a gap
  the reader sees, not a sentence with a word missing);
* ``audit_data``: what a read or a download was of (the ``what`` of ``record_read`` and
  ``record_export``: ``"member.file"``, ``"members.xlsx"``, ``"fees 2025-06-30"`` …) → a noun
  phrase, which the audit app puts in its own sentence ("xem hồ sơ đảng viên"); a file name
  reads by its stem and format, a kind with parameters by its leading words, and what nobody
  registered as "dữ liệu “…”";
* ``audit_parts``: a snapshot key whose value is a mapping of items (a meeting's
  ``"attendance"``: member id → [status, reason]) → its label, who the items are, and how one
  item's value reads.

What nobody registered falls back on the model's own field labels and choices; keys that are
machinery (ids, access paths, timestamps) are not shown. A value that is a mapping or a list (a
related record kept inside the snapshot, the lines of an attendance) reads part by part,
"label: before → after", never as JSON.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from dangvien.audit.choices import AuditAction
from dangvien.audit.models import AuditEvent
from dangvien.core.formatting import vn_date
from dangvien.core.registry import Registry

Label = str | Promise
Namer = Callable[[set[Any]], dict[Any, str]]
Model = type[models.Model]


@dataclass(frozen=True)
class AuditValues:
    """How the values under one snapshot key (or the objects of one model) read."""

    label: Label
    names: Namer | None = None


@dataclass(frozen=True)
class AuditParts:
    """A snapshot key whose value maps items to values (``{"5754": ["present", ""]}``).

    ``items`` is the ``audit_values`` key that names the items (``"members.member"``: the
    mapping's keys are member ids); ``reads`` says one item's value in words."""

    label: Label
    items: str
    reads: Callable[[Any], str]


@dataclass(frozen=True)
class AuditData:
    """What a read or a download was of (``record_read``/``record_export``'s ``what``).

    ``label`` is a noun phrase ("hồ sơ đảng viên"); a label holding ``{}`` takes there the
    word after the kind (``"assessment form 5827"``), named through the ``audit_values`` key
    ``names`` when that word is an id (a member by name)."""

    label: Label
    names: str | None = None


audit_values: Registry[AuditValues] = Registry("audit values")
audit_words: Registry[Label] = Registry("audit words")
audit_parts: Registry[AuditParts] = Registry("audit parts")
audit_data: Registry[AuditData] = Registry("audit data")
audit_hidden: Registry[bool] = Registry("audit hidden")
#: The labels of the counts a summary holds ("import members_created=5, …"), from the apps
#: that know them once every app has started (the import sections): a function giving
#: count key → label, asked when a summary is read.
audit_counts: Registry[Callable[[], Mapping[str, Label]]] = Registry("audit counts")

#: Keys that are machinery, never shown to a reader.
HIDDEN_KEYS = frozenset(
    {"id", "path", "created_at", "updated_at", "search_name", "search_text", "password"}
)

#: Labels of keys common to many snapshots, when the model has no field of that name (or one
#: without a label of its own).
COMMON_LABELS: dict[str, Label] = {
    "name": pgettext_lazy("field", "name"),
    "valid_from": gettext_lazy("valid from"),
    "valid_to": gettext_lazy("valid until"),
    "dissolved_on": gettext_lazy("ended on"),
    "note": gettext_lazy("note"),
    "status": gettext_lazy("status"),
    "from": gettext_lazy("from"),
    "to": gettext_lazy("to"),
    "on": pgettext_lazy("field", "date"),
    "form": pgettext_lazy("discipline", "form"),
    "reason": gettext_lazy("reason"),
    "case": gettext_lazy("case file"),
    "recipient": gettext_lazy("receiving organization"),
    "submitted_by": gettext_lazy("submitted by"),
    "proposal": gettext_lazy("proposal"),
    "members": gettext_lazy("party members"),
    "exempted": gettext_lazy("exempted from activities"),
    "organizations": gettext_lazy("organizations"),
}

#: Words of the messages the audit app itself writes.
BASE_WORDS: dict[str, Label] = {
    "login": gettext_lazy("logged in"),
    "failed": gettext_lazy("failed"),
    "export": gettext_lazy("exported"),
    "read": pgettext_lazy("audit log", "viewed"),
    "import": gettext_lazy("imported"),
    "profile": gettext_lazy("record updated"),
}

#: The sentences of a read and of a download, by the first word of their message
#: (``"read member.file"``, ``"export members.xlsx"``); ``what`` is the thing by its
#: ``audit_data`` reading.
DATA_VERBS: dict[str, Label] = {
    "read": pgettext_lazy("audit log", "viewed %(what)s"),
    "export": pgettext_lazy("audit log", "downloaded %(what)s"),
}
#: A thing read or downloaded that no app registered in ``audit_data``.
UNKNOWN_DATA = pgettext_lazy("audit log", "data “%(what)s”")
#: The file formats a download's name may end with (``"dashboard.xlsx"``).
FILE_FORMATS = frozenset({"csv", "docx", "json", "pdf", "xlsx", "xml", "zip"})
#: The longest phrase of a message looked up, in words.
_PHRASE_WORDS = 6
#: What stands in a reading's ``{}`` when the message has no word for it.
_GAP = "…"

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_IN_TEXT = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_CODE = re.compile(r"^[a-z]+(?:_[a-z]+)*$")
#: How deep a value of mappings and lists is read part by part (then it reads as one text).
_DEPTH = 3


@dataclass(frozen=True)
class Detail:
    """One part of a structured value that changed: "label: before → after"."""

    label: str
    before: str
    after: str

    def __str__(self) -> str:
        if self.before:
            return f"{self.label}: {self.before} → {self.after}"
        return f"{self.label}: {self.after}"


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str
    #: a value made of parts (a mapping, a list of records) reads part by part, not as one text
    details: tuple[Detail, ...] = field(default=())


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


def each_value(
    template: str, choices: Iterable[tuple[Any, Any]], reading: Label
) -> dict[str, Label]:
    """The messages ``template`` makes of each coded value (``"discipline %s"`` →
    ``"discipline reprimand"`` …), each read as ``reading`` with the value's label in its
    ``{}``, ready for ``register_words``."""
    return {template % value: format_lazy(reading, label) for value, label in choices}


def register_hidden(model: str, keys: Iterable[str]) -> None:
    """Keys of the snapshots of ``model`` (its label, ``"accounts.user"``) that are machinery:
    never shown in the table of changes."""
    for key in keys:
        audit_hidden.register(f"{model}.{key}", True)


def register_data(mapping: dict[str, Label], *, names: str | None = None) -> None:
    """What reads and downloads are of (``what`` → a noun phrase); ``names`` is the
    ``audit_values`` key that names the id after a kind whose label holds ``{}``. A kind
    already registered keeps its first reading."""
    for what, label in mapping.items():
        if audit_data.get(what) is None:
            audit_data.register(what, AuditData(label, names))


def register_parts(key: str, parts: AuditParts) -> None:
    """A snapshot key whose value is a mapping of items; the first app to claim it names it."""
    if audit_parts.get(key) is None:
        audit_parts.register(key, parts)


def record_ids(values: Iterable[Any]) -> list[int]:
    """The ids among the raw values of a key that names records (a snapshot keeps a record as
    its id; anything else, a code or an empty value, is no record)."""
    return [v for v in values if isinstance(v, int) and not isinstance(v, bool)]


def choice_namer(choices: Iterable[tuple[Any, Any]]) -> Namer:
    """A namer for coded values with fixed labels (kinds, sectors, statuses)."""
    table = dict(choices)
    return lambda values: {v: str(table[v]) for v in values if v in table}


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _plain(value: Any) -> str:
    if _empty(value):
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
        if timezone.is_aware(moment):  # stored in UTC: read in the officer's time (Vietnam)
            moment = timezone.localtime(moment)
        return f"{vn_date(moment.date())} {moment:%H:%M}"
    return str(value)


def _scoped(model: Model | None, key: str) -> str | None:
    """The ``audit_values`` key of ``key`` in the snapshots of ``model`` alone."""
    return f"{model._meta.label_lower}.{key}" if model is not None else None


def _scoped_entry(model: Model | None, key: str) -> AuditValues | None:
    scoped = _scoped(model, key)
    return audit_values.get(scoped) if scoped is not None else None


def _is_hidden(model: Model | None, key: str) -> bool:
    """Machinery: the ids and timestamps of every snapshot, and the keys an app hides."""
    scoped = _scoped(model, key)
    return key in HIDDEN_KEYS or (scoped is not None and scoped in audit_hidden)


def _relation(field: models.Field[Any, Any] | None) -> bool:
    """A field whose values are ids of another model's objects (a foreign key, a list)."""
    return isinstance(field, models.ForeignKey | models.ManyToManyField)


def _field(model: Model | None, key: str) -> models.Field[Any, Any] | None:
    if model is None:
        return None
    try:
        field = model._meta.get_field(key)
    except Exception:  # FieldDoesNotExist, or a reverse relation
        return None
    return field if isinstance(field, models.Field) else None


def _own_label(field: models.Field[Any, Any]) -> bool:
    """Whether the field was given a label (Django makes one of the name otherwise: "status",
    "recipient" — English words a Vietnamese reader should not see)."""
    name = field.name.replace("_", " ")
    return bool(field.verbose_name) and (
        isinstance(field.verbose_name, Promise) or field.verbose_name != name
    )


def _part_model(model: Model | None, key: str) -> Model | None:
    """The model of a record kept whole under ``key`` (the decision of a case, the periods of
    a member, the proposal itself), when the key names a relation of ``model`` or the model."""
    if model is None:
        return None
    if key == model._meta.model_name:
        return model
    try:
        relation = model._meta.get_field(key)
    except FieldDoesNotExist:
        return None
    related = relation.related_model if relation.is_relation else None
    return related if isinstance(related, type) else None


def _link_back(model: Model | None, key: str) -> str | None:
    """The field of a record kept whole under ``key`` that points back to ``model`` (the
    ``member`` of a member's periods): the record it belongs to, shown already."""
    if model is None:
        return None
    try:
        relation = model._meta.get_field(key)
    except FieldDoesNotExist:
        return None
    return relation.field.name if isinstance(relation, models.ForeignObjectRel) else None


def label_of(model: Model | None, key: str) -> str:
    scoped = _scoped_entry(model, key)
    if scoped is not None:  # what the model's app says of its own snapshots comes first
        return str(scoped.label)
    entry = audit_values.get(key)
    field = _field(model, key)
    own = field is not None and _own_label(field)
    if field is not None and own and not _relation(field):
        return str(field.verbose_name)
    if field is not None and _relation(field) and entry is not None:
        # a key registered only to be named as any object of its model ("proposing_organization"
        # as "organization"), or for objects of another model ("decided_by": a user elsewhere,
        # an organization here), reads with the field's own label ("proposed by"); one
        # registered with a label of its own keeps it ("parent": "superior organization")
        target = _target(field)
        elsewhere = target is not None and entry.names is not target.names
        if own and (entry == target or elsewhere):
            return str(field.verbose_name)
        if elsewhere and target is not None:  # no label of its own: what it points to
            return str(target.label)
    if entry is not None:
        return str(entry.label)
    parts = audit_parts.get(key)
    if parts is not None:
        return str(parts.label)
    if field is not None and own:
        return str(field.verbose_name)
    if key in COMMON_LABELS:
        return str(COMMON_LABELS[key])
    part = _part_model(model, key)
    if part is not None:  # a record kept whole: "decision" → the model's "quyết định kỷ luật"
        return str(part._meta.verbose_name)
    return key.replace("_", " ")


def words(message: str, names: _Names | None = None) -> str:
    """The message in words: registered words and phrases replaced, a read or a download as a
    sentence about what it was of, ISO dates as dd/mm/yyyy. With ``names`` (a page's), ids
    named by a registered kind read as names (asked for on the page's first reading)."""
    if not message:
        return ""
    whole = audit_words.get(message)
    if whole is not None and "{}" not in str(whole):
        return str(whole)
    head = message.split(" ", 1)[0]
    if "=" in message and "=" not in head:  # a summary of counts (an import): "label: n" each
        counts = [part.rstrip(",").split("=", 1) for part in message.split() if "=" in part]
        shown = "; ".join(f"{_count_label(key)}: {count}" for key, count in counts if count != "0")
        return f"{words(head)} ({shown})" if shown else words(head)
    verb, _sep, what = message.partition(" ")
    if what.strip() and verb in DATA_VERBS:
        return _dates(str(DATA_VERBS[verb]) % {"what": data_words(what.strip(), names)})
    return _dates(_phrases(message.split()))


def _count_label(key: str) -> str:
    """A count of a summary by its label (registered words first, then the apps' counts)."""
    known = audit_words.get(key)
    if known is None:
        known = next((found for labels in audit_counts if (found := labels().get(key))), None)
    if known is not None:
        return str(known)
    # a file of a bundle keeps its name (the log read "org changes.csv")
    return key if "." in key else key.replace("_", " ")


def data_words(what: str, names: _Names | None = None) -> str:
    """What a read or a download was of, in words (``"member.file"`` → "hồ sơ đảng viên",
    ``"members.xlsx"`` → "danh sách đảng viên (XLSX)", ``"fees 2025-06-30"`` → the fee
    report's label with the date in it); what nobody registered reads as "dữ liệu “…”", never
    as nothing."""
    tokens = what.split()
    if not tokens:
        return str(UNKNOWN_DATA) % {"what": what.strip()}
    entry = audit_data.get(what)
    if entry is not None:
        return _filled(entry.label, [], entry.names, names)
    stem, dot, extension = tokens[0].rpartition(".")
    entry = audit_data.get(stem) if dot and extension.lower() in FILE_FORMATS else None
    if entry is not None and len(tokens) == 1:
        return f"{_filled(entry.label, [], entry.names, names)} ({extension.upper()})"
    for end in range(len(tokens) - 1, 0, -1):  # the longest kind of the leading words
        entry = audit_data.get(" ".join(tokens[:end]))
        if entry is not None:
            return _filled(entry.label, tokens[end:], entry.names, names)
    return str(UNKNOWN_DATA) % {"what": what}


def _phrases(tokens: list[str]) -> str:
    """The words of a message, each longest registered phrase replaced by its reading."""
    out = []
    start = 0
    while start < len(tokens):
        for end in range(min(len(tokens), start + _PHRASE_WORDS), start, -1):
            phrase = " ".join(tokens[start:end])
            known = audit_words.get(phrase)
            if known is None and end == start + 1:
                known = BASE_WORDS.get(phrase)
            if known is not None:
                break
        else:
            out.append(tokens[start])
            start += 1
            continue
        text = str(known)
        word = ""
        if "{}" in text and end < len(tokens):
            word, end = tokens[end], end + 1
        out.append(_fill(text, word))
        start = end
    return " ".join(out)


_ID = re.compile(r"^(\d+)(\W*)$")


def _fill(text: str, word: str) -> str:
    """A reading with the word in its ``{}``; with no word, "…" marks the gap (the reading
    stays a phrase the reader can follow: "tặng Huy hiệu … năm tuổi Đảng")."""
    if "{}" not in text:
        return " ".join(text.split())
    return " ".join(text.replace("{}", word or _GAP, 1).replace("{}", _GAP).split())


def _filled(label: Label, rest: list[str], key: str | None, names: _Names | None) -> str:
    """A label, the word after it put in its ``{}`` (an id named through ``key``), then the
    rest of the words as they are."""
    text = str(label)
    if "{}" in text:
        word, rest = (rest[0], rest[1:]) if rest else ("", [])
        match = _ID.match(word)
        if match and key is not None and names is not None:
            named = names.ask(key, int(match[1]))
            word = f"{named}{match[2]}" if named is not None else word
        text = _fill(text, word)
    return " ".join([text, *rest])


def _dates(text: str) -> str:
    return _ISO_IN_TEXT.sub(lambda m: f"{m[3]}/{m[2]}/{m[1]}", text)


def _diff(
    model: Model | None, before: dict[str, Any], after: dict[str, Any], created: bool
) -> list[str]:
    # a user kept beside their name ("actor" and "actor_name") reads once, by the name
    keys = [
        k
        for k in dict.fromkeys([*before, *after])
        if not _is_hidden(model, k) and f"{k}_name" not in after and f"{k}_name" not in before
    ]
    if created:
        return [k for k in keys if not _empty(after.get(k))]
    return [k for k in keys if before.get(k) != after.get(k)]


class _Names:
    """The names a page needs, asked for once per key: a first reading of the page collects
    the values to name (``ask`` answers nothing yet), ``look_up`` names them all, a second
    reading uses the names."""

    def __init__(self) -> None:
        self.wanted: dict[str, set[Any]] = {}
        self.found: dict[str, dict[Any, str]] | None = None

    def ask(self, reading: str, value: Any) -> str | None:
        if self.found is None:
            self.wanted.setdefault(reading, set()).add(value)
            return None
        return self.found.get(reading, {}).get(value)

    def look_up(self) -> None:
        self.found = {}
        for reading, values in self.wanted.items():
            entry = audit_values.get(reading)
            if entry is not None and entry.names is not None:
                self.found[reading] = entry.names(values)


def _reading(model: Model | None, key: str, *, many: bool = False) -> str | None:
    """The ``audit_values`` key that names the values of ``key``: the key of ``model``'s
    snapshots (``"fees.feeremittance.month"``), the key itself, for a list of ids its singular
    (``"members"`` → ``"member"``), else the model a foreign key or a list of them points to
    (``"fees.feeremittance"``'s ``recipient`` → ``"organizations.organization"``)."""
    scoped = _scoped_entry(model, key)
    if scoped is not None and scoped.names is not None:
        return _scoped(model, key)
    field = _field(model, key)
    target = _target(field) if field is not None and _relation(field) else None
    target_key = field.related_model._meta.label_lower if target is not None else None  # type: ignore[union-attr]
    candidates = [key, key[:-1]] if many and key.endswith("s") else [key]
    for candidate in candidates:
        entry = audit_values.get(candidate)
        if entry is not None and entry.names is not None:
            if target is not None and entry.names is not target.names:
                return target_key  # the key names other objects elsewhere ("decided_by")
            return candidate
    return target_key


def _target(field: models.Field[Any, Any]) -> AuditValues | None:
    """How the objects a relation points to read, when their model is registered with names."""
    entry = audit_values.get(field.related_model._meta.label_lower)  # type: ignore[union-attr]
    return entry if entry is not None and entry.names is not None else None


@dataclass
class _Reader:
    names: _Names

    def show(self, model: Model | None, key: str, value: Any) -> str:
        """One value in words: the model's choices, a registered name, a word, a date."""
        if _empty(value):
            return "—"
        if isinstance(value, list):
            reading = _reading(model, key, many=True)
            return ", ".join(self._scalar(model, key, item, reading) for item in value)
        if isinstance(value, dict):  # deeper than the parts are read: one line
            return "; ".join(str(d) for d in self.parts(model, key, {}, value, _DEPTH))
        return self._scalar(model, key, value, _reading(model, key))

    def _scalar(self, model: Model | None, key: str, value: Any, reading: str | None) -> str:
        if isinstance(value, dict | list):
            return self.show(model, key, value)
        field = _field(model, key)
        if field is not None and field.choices:  # the object's own choices come first
            return str(dict(field.flatchoices).get(value, value))
        if reading is not None and not isinstance(value, bool):
            named = self.names.ask(reading, value)
            if named is not None:
                return named
        if model is None and isinstance(value, str) and _CODE.match(value):
            known = audit_words.get(value)  # a code kept in free JSON ("reason": "corruption")
            if known is not None:
                return str(known)
        return _plain(value)

    def _hidden(self, model: Model | None, key: str, part: dict[str, Any]) -> bool:
        """Machinery inside a record kept whole: ids, a user whose name is kept beside
        (``actor`` with ``actor_name``), links to records nobody names (a ledger event)."""
        if _is_hidden(model, key) or f"{key}_name" in part:
            return True
        field = _field(model, key)
        return _relation(field) and _reading(model, key) is None

    def parts(
        self, model: Model | None, key: str, before: Any, after: Any, depth: int
    ) -> list[Detail]:
        """The parts of a structured value that changed (all of them for a new value), each
        as "label: before → after"; a record inside reads with its own model's labels."""
        registered = audit_parts.get(key)
        if registered is not None and isinstance(before or {}, dict) and isinstance(after, dict):
            return self._items(registered, before or {}, after)
        if isinstance(before, list) or isinstance(after, list):
            return self._list(model, key, before, after, depth)
        return self._record(_part_model(model, key), _link_back(model, key), before, after, depth)

    def _record(
        self, model: Model | None, back: str | None, before: Any, after: Any, depth: int
    ) -> list[Detail]:
        """One record kept whole (of ``model`` when known; ``back`` its link to the record
        that holds it)."""
        old = before if isinstance(before, dict) else {}
        new = after if isinstance(after, dict) else {}
        details = []
        for sub in dict.fromkeys([*old, *new]):
            a, b = old.get(sub), new.get(sub)
            if a == b or sub == back or self._hidden(model, sub, {**old, **new}):
                continue
            if not old and _empty(b):
                continue
            label = label_of(model, sub)
            if depth > 1 and any(isinstance(v, dict) or _records(v) for v in (a, b)):
                details += [
                    Detail(f"{label} · {d.label}", d.before, d.after)
                    for d in self.parts(model, sub, a, b, depth - 1)
                ]
                continue
            details.append(
                Detail(label, self.show(model, sub, a) if old else "", self.show(model, sub, b))
            )
        return details

    def _list(
        self, model: Model | None, key: str, before: Any, after: Any, depth: int
    ) -> list[Detail]:
        old = before if isinstance(before, list) else []
        new = after if isinstance(after, list) else []
        if not any(isinstance(v, dict) for v in [*old, *new]):  # ids, codes: one line
            old_text = self.show(model, key, old) if old else ""
            return [Detail(label_of(model, key), old_text, self.show(model, key, new))]
        part_model, back = _part_model(model, key), _link_back(model, key)
        noun = str(part_model._meta.verbose_name) if part_model else label_of(model, key)
        details = []
        for index in range(max(len(old), len(new))):
            a = old[index] if index < len(old) else None
            b = new[index] if index < len(new) else None
            if a == b:
                continue
            if b is None:  # a record taken away
                details.append(Detail(f"{noun} {index + 1}", self.show(model, key, a), "—"))
                continue
            details += [
                Detail(f"{noun} {index + 1} · {d.label}", d.before, d.after)
                for d in self._record(part_model, back, a if a is not None else {}, b, depth - 1)
            ]
        return details

    def _items(
        self, parts: AuditParts, before: dict[str, Any], after: dict[str, Any]
    ) -> list[Detail]:
        details = []
        for item in dict.fromkeys([*before, *after]):
            a, b = before.get(item), after.get(item)
            if a == b:
                continue
            name = self.names.ask(parts.items, _as_id(item)) or str(item)
            details.append(
                Detail(
                    name,
                    parts.reads(a) if item in before else "",
                    parts.reads(b) if item in after else "—",
                )
            )
        return details


def readable_events(events: Iterable[AuditEvent]) -> list[ReadableEvent]:
    """The events of one page, each as a sentence and a labelled table of changes; the names
    they need are looked up once per key for the whole page."""
    events = list(events)
    names = _Names()
    reader = _Reader(names)
    plans: list[tuple[AuditEvent, Model | None, list[str]]] = []
    for event in events:
        model = event.object_type.model_class() if event.object_type else None
        before, after = event.before or {}, event.after or {}
        plans.append((event, model, _diff(model, before, after, created=not before)))
        if model is not None and event.object_id:
            names.ask(model._meta.label_lower, _as_id(event.object_id))

    def changes(event: AuditEvent, model: Model | None, keys: list[str]) -> list[Change]:
        before, after = event.before or {}, event.after or {}
        result = []
        for key in keys:
            old, new = before.get(key), after.get(key)
            if isinstance(old, dict) or isinstance(new, dict) or _records(old) or _records(new):
                details = reader.parts(model, key, old if before else None, new, _DEPTH)
                result.append(Change(label_of(model, key), "", "", tuple(details)))
                continue
            result.append(
                Change(
                    label_of(model, key),
                    reader.show(model, key, old) if key in before and before else "",
                    reader.show(model, key, new) if key in after else "—",
                )
            )
        return result

    for event, model, keys in plans:  # the first reading: what to name
        changes(event, model, keys)
        words(event.message, names)
        if _about_data(event, model):
            names.ask(_organizations(), event.organization_id)
    names.look_up()
    result = []
    for event, model, keys in plans:
        subject = event.object_repr
        if model is not None and event.object_id:
            subject = names.ask(model._meta.label_lower, _as_id(event.object_id)) or subject
        elif _about_data(event, model):
            # a download of an organization's data: its name, not "members.xlsx X-MA"
            subject = names.ask(_organizations(), event.organization_id) or subject
        result.append(
            ReadableEvent(event, subject, words(event.message, names), changes(event, model, keys))
        )
    return result


def _organizations() -> str:
    """The ``audit_values`` key of the organizations audit rows belong to."""
    related = AuditEvent._meta.get_field("organization").related_model
    assert related is not None
    assert not isinstance(related, str)
    return related._meta.label_lower


def _about_data(event: AuditEvent, model: Model | None) -> bool:
    """A read or a download of an organization's data about no single object (its object is
    kept as the ``what`` and the organization's code; not a bundle exported, whose message
    sums it up by file and whose object is the file's name)."""
    return (
        model is None
        and event.organization_id is not None
        and event.action in (AuditAction.READ, AuditAction.EXPORT)
        and "=" not in event.message
    )


def _records(value: Any) -> bool:
    """A list of records (a member's periods), read record by record."""
    return isinstance(value, list) and any(isinstance(v, dict) for v in value)


def _as_id(raw: Any) -> Any:
    return int(raw) if str(raw).isdigit() else raw
