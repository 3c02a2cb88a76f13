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

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from dangvien.accounts.types import Actor
from dangvien.competence.choices import DecisionKind
from dangvien.core.registry import Registry
from dangvien.members.models import Member
from dangvien.members.selectors import recognition_due
from dangvien.organizations.models import Organization


@dataclass(frozen=True)
class DueMember:
    member: Member
    reason: str
    kind: str = DecisionKind.REMOVAL  # the decision the cell would propose


@dataclass(frozen=True)
class RemovalTrigger:
    """A rule of §2.11 with its source, and who meets it in an organization's subtree."""

    label: str | Promise
    source: str
    members_due: Callable[[Actor, Organization, date], list[DueMember]]


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


def removal_due(*, actor: Actor, organization: Organization, on: date) -> list[DueRow]:
    """Every member of the subtree some removal trigger names, trigger by trigger."""
    return [
        DueRow(trigger, due)
        for trigger in removal_triggers
        for due in trigger.members_due(actor, organization, on)
    ]
