"""Due-lists of the removal triggers (xóa tên, domain rules §2.11): members whose record calls
for the cell to consider proposing their removal.

Each trigger is contributed by the app that holds its counter (meetings: three months absent
without reason in a year; fees: three unpaid months; assessment: two consecutive years not
completed …) in its ``AppConfig.ready()``; the trigger known here is a probation past its
recognition deadline without recognition (§2.4: not recognised → removal).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from dangvien.accounts.types import Actor
from dangvien.competence.choices import DecisionKind
from dangvien.core.registry import Registry
from dangvien.members.models import Member
from dangvien.members.selectors import members_last_periods, recognition_due
from dangvien.organizations.models import Organization
from dangvien.rules.keys import RuleKey
from dangvien.rules.selectors import RuleMissing


@dataclass(frozen=True)
class DueMember:
    member: Member
    reason: str
    kind: str = DecisionKind.REMOVAL  # the decision the cell would propose


@dataclass(frozen=True)
class RemovalTrigger:
    """A rule of §2.11 with its source, and who meets it in an organization's subtree.

    ``rule`` is the rule of the rulebook the trigger reads (its threshold): the due-list cites
    that rule's title and source document as in force on the day; ``source`` is cited when the
    trigger reads no rule, or the rulebook has none that day."""

    label: str | Promise
    source: str
    members_due: Callable[[Actor, Organization, date], list[DueMember]]
    rule: RuleKey[Any] | None = None


@dataclass(frozen=True)
class Citation:
    """What a due-list cites for a trigger: a source document a person reads, and the rule of
    the rulebook behind it (its title, and its key to link to the rulebook), not the key."""

    source: str
    title: str = ""
    rule_key: str = ""


def trigger_citation(trigger: RemovalTrigger, on: date) -> Citation:
    """The trigger's rule as the rulebook has it on ``on`` (its source document and title),
    else the trigger's own source."""
    if trigger.rule is not None:
        try:
            version = trigger.rule.version(on=on)
        except RuleMissing:
            pass
        else:
            return Citation(version.source, version.title, version.key)
    return Citation(trigger.source)


removal_triggers: Registry[RemovalTrigger] = Registry("removal triggers")


def _probation_overdue(actor: Actor, organization: Organization, on: date) -> list[DueMember]:
    from dangvien.core.formatting import vn_date

    return [
        DueMember(
            row.member,
            str(
                _("Probation ended on %(end)s; the recognition deadline %(deadline)s has passed.")
                % {"end": vn_date(row.probation_ends), "deadline": vn_date(row.proposal_deadline)}
            ),
            DecisionKind.PROBATIONARY_REMOVAL,
        )
        for row in recognition_due(actor=actor, organization=organization, on=on, within_days=0)
        if row.is_overdue
    ]


def register_builtin_triggers() -> None:
    removal_triggers.register(
        "probation_overdue",
        RemovalTrigger(
            _("Not recognised after probation"),
            "Quy định 29-QĐ/TW, 24-QĐ/TW mục 4.3–4.4; Hướng dẫn 01-HD/TW",
            _probation_overdue,
        ),
        order=10,
    )


@dataclass(frozen=True)
class DueRow:
    trigger: RemovalTrigger
    due: DueMember
    citation: Citation


def removal_due(*, actor: Actor, organization: Organization, on: date) -> list[DueRow]:
    """Every member of the subtree some removal trigger names, trigger by trigger, with what
    the trigger cites."""
    rows = []
    for trigger in removal_triggers:
        due = trigger.members_due(actor, organization, on)
        if due:
            citation = trigger_citation(trigger, on)
            rows += [DueRow(trigger, member_due, citation) for member_due in due]
    return rows


def due_organizations(rows: list[DueRow], on: date, *, actor: Actor) -> dict[int, Organization]:
    """The organization of each member of the rows on ``on``, by member id (their period on
    the day in the actor's scope, else their last one there), names attached for ``orgname``."""
    periods = members_last_periods([row.due.member for row in rows], on, actor=actor)
    return {member_id: period.organization for member_id, period in periods.items()}
