"""The tables of an organization's member pages: the list of members at a date and the work
lists (due for recognition, transfers in transit, badge candidates, exempted, guests).

Each table is its headers and a row builder over one selector; the page and its XLSX export
show the same cells. The organization page links to every work list (``panels.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dangvien.accounts.types import Actor
from dangvien.members.choices import TemporaryPurpose
from dangvien.members.models import Member, MemberPeriod
from dangvien.members.selectors import (
    badge_candidates,
    exempted_at,
    guests_at,
    next_badge_occasion,
    recognition_due,
    temporary_away,
    transfers_pending,
)
from dangvien.organizations.models import Organization

Label = str | Promise
#: A cell of a table: text, a number or a date (shown dd/mm/yyyy on the page and in the file).
Cell = str | int | date | None


class WorklistRow(NamedTuple):
    member: Member
    cells: list[Cell]
    incoming: bool = False  # a transfer towards the organization (the receiving side may act)


RowBuilder = Callable[[Actor, Organization, date], list[WorklistRow]]


@dataclass(frozen=True)
class Worklist:
    slug: str
    title: Label
    headers: list[Label]
    rows: RowBuilder


#
# The list of members at a date
#

MEMBER_HEADERS: list[Label] = [
    gettext_lazy("Full name"),
    gettext_lazy("Date of birth"),
    gettext_lazy("Sex"),
    gettext_lazy("Organization"),
    gettext_lazy("Status"),
    gettext_lazy("Exempted"),
    gettext_lazy("Temporarily at"),
    gettext_lazy("Citizen ID (CCCD)"),
    gettext_lazy("Party card number"),
]


def member_rows(periods: Iterable[MemberPeriod]) -> list[list[Cell]]:
    """The cells of ``MEMBER_HEADERS`` for each period (``member_list_at``)."""
    return [
        [
            p.member.full_name,
            p.member.birth_date,
            p.member.get_sex_display(),
            p.organization.code,
            p.get_status_display(),
            _("Yes") if p.is_exempted else "",
            p.host_organization.code if p.host_organization else "",
            p.member.national_id,
            p.member.party_card_number,
        ]
        for p in periods
    ]


#
# Work lists
#


def _recognition(actor: Actor, organization: Organization, on: date) -> list[WorklistRow]:
    return [
        WorklistRow(
            r.member,
            [
                r.member.full_name,
                r.organization.code,
                r.admitted_on,
                r.probation_ends,
                r.proposal_deadline,
                _("Overdue") if r.is_overdue else "",
            ],
        )
        for r in recognition_due(actor=actor, organization=organization, on=on)
    ]


def _transfers(actor: Actor, organization: Organization, on: date) -> list[WorklistRow]:
    return [
        WorklistRow(
            r.member,
            [
                r.member.full_name,
                _("Incoming") if r.direction == "in" else _("Outgoing"),
                r.from_organization.code,
                r.to_organization.code,
                r.issued_on,
                r.deadline,
                _("Overdue") if r.is_overdue else "",
            ],
            incoming=r.direction == "in",
        )
        for r in transfers_pending(actor=actor, organization=organization, on=on)
    ]


def _badges(actor: Actor, organization: Organization, on: date) -> list[WorklistRow]:
    occasion = next_badge_occasion(on)
    return [
        WorklistRow(
            c.member,
            [c.member.full_name, c.organization.code, c.milestone, c.party_age_years, c.award_on],
        )
        for c in badge_candidates(actor=actor, organization=organization, award_on=occasion)
    ]


def _exempted(actor: Actor, organization: Organization, on: date) -> list[WorklistRow]:
    return [
        WorklistRow(p.member, [p.member.full_name, p.organization.code, p.valid_from])
        for p in exempted_at(actor=actor, organization=organization, on=on)
    ]


def _guests(actor: Actor, organization: Organization, on: date) -> list[WorklistRow]:
    return [
        WorklistRow(
            p.member,
            [
                p.member.full_name,
                p.organization.code,
                p.host_organization.code if p.host_organization else "",
                p.valid_from,
            ],
        )
        for p in guests_at(actor=actor, organization=organization, on=on)
    ]


def _away(actor: Actor, organization: Organization, on: date) -> list[WorklistRow]:
    return [
        WorklistRow(
            row.period.member,
            [
                row.period.member.full_name,
                row.period.organization.code,
                row.period.host_organization.code if row.period.host_organization else "",
                str(TemporaryPurpose(row.purpose).label),
                row.since,
                row.ends_on,
                _("Overdue") if row.overdue else "",
            ],
        )
        for row in temporary_away(actor=actor, organization=organization, on=on)
    ]


#: The work lists by slug, in the order of the links.
WORKLISTS: dict[str, Worklist] = {
    worklist.slug: worklist
    for worklist in [
        Worklist(
            "recognition",
            gettext_lazy("Due for recognition"),
            [
                gettext_lazy("Full name"),
                gettext_lazy("Organization"),
                gettext_lazy("Admitted on"),
                gettext_lazy("Probation ends"),
                gettext_lazy("Proposal deadline"),
                gettext_lazy("Overdue"),
            ],
            _recognition,
        ),
        Worklist(
            "transfers",
            gettext_lazy("Transfers in transit"),
            [
                gettext_lazy("Full name"),
                gettext_lazy("Direction"),
                gettext_lazy("From"),
                gettext_lazy("To"),
                gettext_lazy("Issued on"),
                gettext_lazy("Deadline"),
                gettext_lazy("Overdue"),
            ],
            _transfers,
        ),
        Worklist(
            "badges",
            gettext_lazy("Badge candidates"),
            [
                gettext_lazy("Full name"),
                gettext_lazy("Organization"),
                gettext_lazy("Badge (years)"),
                gettext_lazy("Party age (years)"),
                gettext_lazy("Award occasion"),
            ],
            _badges,
        ),
        Worklist(
            "exempted",
            gettext_lazy("Exempted from activities"),
            [gettext_lazy("Full name"), gettext_lazy("Organization"), gettext_lazy("Since")],
            _exempted,
        ),
        Worklist(
            "away",
            gettext_lazy("Away on a temporary transfer"),
            [
                gettext_lazy("Full name"),
                gettext_lazy("Organization"),
                gettext_lazy("Hosted by"),
                gettext_lazy("Purpose"),
                gettext_lazy("Since"),
                gettext_lazy("Maximum length until"),
                gettext_lazy("Overdue"),
            ],
            _away,
        ),
        Worklist(
            "guests",
            gettext_lazy("Temporary guests"),
            [
                gettext_lazy("Full name"),
                gettext_lazy("Home organization"),
                gettext_lazy("Hosted by"),
                gettext_lazy("Since"),
            ],
            _guests,
        ),
    ]
}
