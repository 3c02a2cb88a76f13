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
    member_file_facts,
    next_badge_occasion,
    recognition_due,
    temporary_away,
    transfers_pending,
)
from dangvien.organizations.models import Organization
from dangvien.organizations.selectors import organization_names

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
    gettext_lazy("No."),
    gettext_lazy("Full name"),
    gettext_lazy("Member key"),
    gettext_lazy("Date of birth"),
    gettext_lazy("Sex"),
    gettext_lazy("Organization"),
    gettext_lazy("Status"),
    gettext_lazy("Admitted on"),
    gettext_lazy("Official on"),
    gettext_lazy("Party age (years)"),
    gettext_lazy("Exempted"),
    gettext_lazy("Temporarily at"),
    gettext_lazy("Citizen ID (CCCD)"),
    gettext_lazy("Party card number"),
]


def member_rows(periods: Iterable[MemberPeriod], on: date) -> list[list[Cell]]:
    """The cells of ``MEMBER_HEADERS`` for each period (``member_list_at`` at ``on``), numbered
    in Vietnamese order of names; organizations by name; the dates of the file and the party
    age at ``on`` (the columns officers keep)."""
    # the stored key of the list order: not computed again for every row of a large export
    periods = sorted(periods, key=lambda p: (p.member.list_key, p.member_id))
    names = organization_names(
        [p.organization_id for p in periods] + [p.host_organization_id for p in periods]
    )
    facts = member_file_facts([p.member_id for p in periods], on)
    return [
        [
            number,
            p.member.full_name,
            p.member.member_key,
            p.member.birth_date,
            p.member.get_sex_display(),
            names.get(p.organization_id, ""),
            p.get_status_display(),
            facts[p.member_id].admitted_on,
            facts[p.member_id].official_on,
            facts[p.member_id].party_age_years,
            _("Yes") if p.is_exempted else "",
            names.get(p.host_organization_id, "") if p.host_organization_id else "",
            p.member.national_id,
            p.member.party_card_number,
        ]
        for number, p in enumerate(periods, start=1)
    ]


#
# Work lists
#


def _in_order(rows: list[WorklistRow]) -> list[WorklistRow]:
    """Rows in Vietnamese order of names (the given name, then the family name)."""
    return sorted(rows, key=lambda row: (row.member.list_key, row.member.pk))


def _names(*organizations: Iterable[Organization | None]) -> dict[int, str]:
    return organization_names(o.pk for group in organizations for o in group if o is not None)


def _recognition(actor: Actor, organization: Organization, on: date) -> list[WorklistRow]:
    due = list(recognition_due(actor=actor, organization=organization, on=on))
    names = _names(r.organization for r in due)
    rows = [
        WorklistRow(
            r.member,
            [
                r.member.full_name,
                names.get(r.organization.pk, r.organization.code),
                r.admitted_on,
                r.probation_ends,
                r.proposal_deadline,
                _("Overdue") if r.is_overdue else "",
            ],
        )
        for r in due
    ]
    return _in_order(rows)


def _transfers(actor: Actor, organization: Organization, on: date) -> list[WorklistRow]:
    pending = list(transfers_pending(actor=actor, organization=organization, on=on))
    # a transfer between two organizations of the subtree is out of and into it: one row
    directions: dict[int, set[str]] = {}
    for r in pending:
        directions.setdefault(r.member.pk, set()).add(r.direction)
    within = {pk for pk, seen in directions.items() if seen == {"in", "out"}}
    pending = [r for r in pending if r.member.pk not in within or r.direction == "in"]
    names = _names((r.from_organization for r in pending), (r.to_organization for r in pending))
    labels = {"in": _("Incoming"), "out": _("Outgoing")}
    rows = [
        WorklistRow(
            r.member,
            [
                r.member.full_name,
                _("Within the organization") if r.member.pk in within else labels[r.direction],
                names.get(r.from_organization.pk, r.from_organization.code),
                names.get(r.to_organization.pk, r.to_organization.code),
                r.issued_on,
                r.deadline,
                _("Overdue") if r.is_overdue else "",
            ],
            incoming=r.direction == "in",
        )
        for r in pending
    ]
    return _in_order(rows)


def _badges(actor: Actor, organization: Organization, on: date) -> list[WorklistRow]:
    occasion = next_badge_occasion(on)
    candidates = list(badge_candidates(actor=actor, organization=organization, award_on=occasion))
    names = _names(c.organization for c in candidates)
    rows = [
        WorklistRow(
            c.member,
            [
                c.member.full_name,
                names.get(c.organization.pk, c.organization.code),
                c.milestone,
                c.party_age_years,
                c.award_on,
            ],
        )
        for c in candidates
    ]
    return _in_order(rows)


def _exempted(actor: Actor, organization: Organization, on: date) -> list[WorklistRow]:
    periods = list(exempted_at(actor=actor, organization=organization, on=on))
    names = _names(p.organization for p in periods)
    rows = [
        WorklistRow(
            p.member,
            [p.member.full_name, names.get(p.organization_id, p.organization.code), p.valid_from],
        )
        for p in periods
    ]
    return _in_order(rows)


def _guests(actor: Actor, organization: Organization, on: date) -> list[WorklistRow]:
    periods = list(guests_at(actor=actor, organization=organization, on=on))
    names = _names((p.organization for p in periods), (p.host_organization for p in periods))
    rows = [
        WorklistRow(
            p.member,
            [
                p.member.full_name,
                names.get(p.organization_id, p.organization.code),
                names.get(p.host_organization_id, "") if p.host_organization_id else "",
                p.valid_from,
            ],
        )
        for p in periods
    ]
    return _in_order(rows)


def _away(actor: Actor, organization: Organization, on: date) -> list[WorklistRow]:
    away = temporary_away(actor=actor, organization=organization, on=on)
    periods = [row.period for row in away]
    names = _names((p.organization for p in periods), (p.host_organization for p in periods))
    return [
        WorklistRow(
            row.period.member,
            [
                row.period.member.full_name,
                names.get(row.period.organization_id, row.period.organization.code),
                names.get(row.period.host_organization_id, "")
                if row.period.host_organization_id
                else "",
                str(TemporaryPurpose(row.purpose).label),
                row.since,
                row.ends_on,
                _("Overdue") if row.overdue else "",
            ],
        )
        for row in away
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
                gettext_lazy("From organization"),
                gettext_lazy("To organization"),
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
