"""Reading the rulebook: ``rule(key, on=date)`` is how domain code gets any threshold."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, Max, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from dangvien.core.dates import today
from dangvien.core.exceptions import DomainError
from dangvien.core.formatting import vn_date
from dangvien.core.memo import in_read_memo, memoized
from dangvien.rules.models import RuleParameter


class RuleMissing(DomainError):
    default_code = "rule_missing"


def rule_version(key: str, *, on: date | None = None) -> RuleParameter:
    """The version of ``key`` in force on ``on`` (default today). Inside a read-only request
    the whole rulebook is read once (``core.memo``) and answers every later call."""
    on = on or today()
    if in_read_memo():
        return rulebook().version(key, on)
    version = (
        RuleParameter.objects.filter(key=key, effective_from__lte=on)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=on))
        .first()
    )
    if version is None:
        raise _missing(key, on)
    return version


def _missing(key: str, on: date) -> RuleMissing:
    return RuleMissing(
        _("No value of rule %(key)s is in force on %(date)s.") % {"key": key, "date": vn_date(on)}
    )


def rule(key: str, *, on: date | None = None) -> Any:
    """The value of rule ``key`` in force on ``on`` (default today)."""
    return rule_version(key, on=on).value


def rule_list(*, on: date | None = None, search: str = "") -> QuerySet[RuleParameter]:
    """Every version of every rule, or only those in force on ``on``."""
    rules = RuleParameter.objects.all()
    if on is not None:
        rules = rules.filter(effective_from__lte=on).filter(
            Q(effective_to__isnull=True) | Q(effective_to__gte=on)
        )
    if search:
        rules = rules.filter(Q(key__icontains=search) | Q(title__icontains=search))
    return rules.order_by("key", "effective_from")


def rule_history(key: str) -> QuerySet[RuleParameter]:
    return RuleParameter.objects.filter(key=key).order_by("effective_from")


class RuleBook:
    """All rule versions loaded once, answered in memory (bulk work such as imports).

    ``rulebook(key, on)`` behaves like ``rule(key, on=on)``.
    """

    def __init__(self) -> None:
        self._versions: dict[str, list[RuleParameter]] = {}
        for version in RuleParameter.objects.order_by("key", "effective_from"):
            self._versions.setdefault(version.key, []).append(version)

    def version(self, key: str, on: date) -> RuleParameter:
        for version in reversed(self._versions.get(key, [])):
            if version.effective_from <= on and (
                version.effective_to is None or on <= version.effective_to
            ):
                return version
        raise _missing(key, on)

    def __call__(self, key: str, on: date) -> Any:
        return self.version(key, on).value


def rulebook() -> RuleBook:
    """The whole rulebook in memory: afresh outside a read memo (a service or an import must see
    the rules as they are now); inside one (a read-only request's, or ``core.memo.reads_kept``'s),
    once per memo, the process's copy while the rules are unchanged (``_kept_rulebook``)."""
    if not in_read_memo():
        return RuleBook()
    return memoized(("rulebook",), _kept_rulebook)


#: The rulebook this process read last, under the state of the rules it was read at.
_kept: dict[str, tuple[tuple[Any, ...], RuleBook]] = {}


def _kept_rulebook() -> RuleBook:
    """The rulebook, read again only when the rules have changed since this process last read
    it: a new version (a row), a version closed or corrected (saved by ``rules.services``, which
    moves its ``updated_at``), one removed (the count). One aggregate of a hundred rows against
    making a hundred rule objects (a few milliseconds) at every page that asks a rule."""
    rules = RuleParameter.objects.all()
    state = rules.aggregate(count=Count("pk"), last=Max("pk"), changed=Max("updated_at"))
    fingerprint = (rules.db, state["count"], state["last"], state["changed"])
    kept = _kept.get("book")
    if kept is not None and kept[0] == fingerprint:
        return kept[1]
    book = RuleBook()
    _kept["book"] = (fingerprint, book)
    return book


def forget_kept_rulebook() -> None:
    """Drop this process's copy (tests that change rules behind the services' back)."""
    _kept.clear()


def rule_lookup(key: str, on: date) -> Any:
    """``rule`` with positional arguments, for code that takes a ``RuleLookup`` callable."""
    return rule(key, on=on)
