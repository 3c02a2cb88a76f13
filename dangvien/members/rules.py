"""Rules of the member's file and ledger that the services, the admission checklist and the
bulk import share.

Pure functions of plain values returning a verdict (``None``, or a ``Refusal`` with its
translated message, the field and the rulebook key it cites; see ``dangvien.core.verdicts``).
What a rule needs from the database or the rulebook is looked up by the caller and passed in:
who else holds a citizen ID, the minimum age on the vote date, an organization's kind that day.
The services raise on the first refusal, the checklist shows each one, the import reports them
as problems of their rows.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Hashable, Mapping
from datetime import date, timedelta
from typing import Protocol, TypeVar

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dangvien.core.dates import add_months, months_between
from dangvien.core.formatting import vn_date
from dangvien.core.verdicts import Refusal, Verdict
from dangvien.members.choices import MemberEventType, PoliticalTheory, Sex
from dangvien.members.rule_keys import (
    BADGE_MILESTONE_YEARS,
    MAX_AGE_MONTHS,
    MIN_AGE_MONTHS,
    ORGANIZATION_KINDS,
)
from dangvien.members.transitions import NEEDS_ORGANIZATION
from dangvien.organizations.rules import existence_verdict

E = MemberEventType
NATIONAL_ID = re.compile(r"^\d{12}$")
SEXES = frozenset(Sex.values)
THEORY_LEVELS = frozenset(PoliticalTheory.values)

#
# The file (profile)
#


def full_name_verdict(full_name: str) -> Verdict:
    if not full_name:
        return Refusal(_("The full name is required."), "name_required", "full_name")
    return None


def sex_verdict(sex: str) -> Verdict:
    if sex in SEXES:
        return None
    if not sex:
        return Refusal(_("Sex must be M or F."), "sex_invalid", "sex")
    return Refusal(_("Sex must be M or F, not “%(value)s”.") % {"value": sex}, "sex_invalid", "sex")


def birth_date_verdict(birth_date: date | None, reference_day: date | None) -> Verdict:
    """Born before the admission decision (``reference_day``)."""
    if birth_date is not None and reference_day is not None and birth_date >= reference_day:
        return Refusal(
            _("The date of birth must be before the admission."),
            "birth_date_invalid",
            "birth_date",
        )
    return None


def member_holder(member_key: str) -> str:
    """Who else holds a unique value: a member of the database."""
    return _("member %(key)s") % {"key": member_key}


def unnamed_holder() -> str:
    """Who else holds a unique value, when that member lies outside the actor's scope: nobody
    is named (docs/security.md, *What staff learn outside their scope*)."""
    return _("another party member")


def row_holder(line: int) -> str:
    """Who else holds a unique value: an earlier row of the file being imported."""
    return _("the member on row %(line)s") % {"line": line}


def national_id_verdict(national_id: str, *, holder: str = "") -> Verdict:
    """A citizen ID (CCCD) has 12 digits and is unique among members (``holder``: who else has
    it, from the caller's lookup, "" when nobody does)."""
    if not national_id:
        return None
    if not NATIONAL_ID.match(national_id):
        return Refusal(
            _("The citizen ID (CCCD) has exactly 12 digits."), "national_id_invalid", "national_id"
        )
    if holder:
        return Refusal(
            _("This citizen ID already belongs to %(holder)s.") % {"holder": holder},
            "national_id_taken",
            "national_id",
        )
    return None


def party_card_verdict(card: str, *, holder: str = "") -> Verdict:
    """A party card number is unique among members (``holder`` as for the citizen ID)."""
    if card and holder:
        return Refusal(
            _("This party card number already belongs to %(holder)s.") % {"holder": holder},
            "card_taken",
            "party_card_number",
        )
    return None


def political_theory_verdict(theory: str) -> Verdict:
    if theory and theory not in THEORY_LEVELS:
        return Refusal(
            _("Unknown political-theory level “%(value)s”.") % {"value": theory},
            "theory_invalid",
            "political_theory",
        )
    return None


#
# The admission
#


def ceremony_verdict(decision_on: date | None, admitted_on: date) -> Verdict:
    """The ceremony (probation starts) is not before the admission decision."""
    if decision_on is not None and decision_on > admitted_on:
        return Refusal(
            _("The admission ceremony cannot precede the admission decision."),
            "ceremony_before_decision",
            "admitted_on",
        )
    return None


def admission_age_verdict(
    birth_date: date | None,
    vote_on: date,
    *,
    min_months: int,
    max_months: int | None = None,
    over_age_approved: bool = False,
) -> Verdict:
    """The age on the cell's vote date, in completed months, is at least ``min_months`` (rule
    ``admission.min_age_months``) and, unless the provincial level approved it, at most
    ``max_months`` (rule ``admission.max_age_months``; ``None``: not checked)."""
    if birth_date is None:
        return None
    if birth_date >= vote_on:
        return birth_date_verdict(birth_date, vote_on)
    months = months_between(birth_date, vote_on)
    if months >= min_months and (max_months is None or months <= max_months or over_age_approved):
        return None  # the usual case, without building a message (the import checks thousands)
    age = {"date": vn_date(vote_on), "years": months // 12, "months": months % 12}
    if months < min_months:
        return Refusal(
            _(
                "On %(date)s the person is %(years)s years %(months)s months old; "
                "the minimum is %(min)s years."
            )
            % {**age, "min": min_months // 12},
            "too_young",
            "birth_date",
            MIN_AGE_MONTHS.key,
        )
    if max_months is not None and months > max_months and not over_age_approved:
        return Refusal(
            _(
                "On %(date)s the person is %(years)s years %(months)s months old, over %(max)s "
                "years: admission needs the decision of the provincial-level committee."
            )
            % {**age, "max": max_months // 12},
            "too_old",
            "birth_date",
            MAX_AGE_MONTHS.key,
        )
    return None


#
# Joining an organization
#


def needs_organization(event: str) -> bool:
    """Whether the event names the organization the member goes to (admitted, re-admitted,
    transferred, transfer issued, sent temporarily, passed on a merge)."""
    return event in NEEDS_ORGANIZATION


def organization_required_verdict(event: str, *, given: bool) -> Verdict:
    if given or not needs_organization(event):
        return None
    return Refusal(
        _("This event needs the organization the member goes to."),
        "organization_required",
        "organization",
    )


def joining_verdict(
    code: str,
    on: date,
    *,
    kind: str | None,
    holding_kinds: Collection[str],
    name: str = "",
    field: str = "organization",
) -> Verdict:
    """The organization a member joins on ``on`` exists that day (``kind`` is its kind that
    day, ``None`` when it does not exist) and is a kind that holds members (``holding_kinds``:
    rule ``member.organization_kinds``, cells and grassroots cells)."""
    if kind is None:
        return existence_verdict(code, on, exists=False, field=field)
    if kind not in holding_kinds:
        return Refusal(
            _("Members belong to a cell or a grassroots cell; %(name)s is not one on %(date)s.")
            % {"name": name or code, "date": vn_date(on)},
            "organization_holds_no_members",
            field,
            ORGANIZATION_KINDS.key,
        )
    return None


#
# Restructuring
#

T = TypeVar("T", bound=Hashable)


def merge_redirects(
    *, organization: T | None, host: T | None, transit: T | None, absorbed: T, survivor: T
) -> list[tuple[str, T]]:
    """The ledger entries, all dated the merge day, that pass a member on when ``absorbed`` is
    merged into ``survivor``, given the member's official organization, temporary host and
    transfer destination that day: a transfer in transit to it is cancelled and issued again to
    the survivor, a temporary stay there ends and starts again at the survivor, and a member of
    it is reassigned to the survivor (in that order). Each entry is (event type, organization
    the event names)."""
    entries: list[tuple[str, T]] = []
    if transit == absorbed:
        entries += [(E.TRANSFER_CANCELLED, absorbed), (E.TRANSFER_ISSUED, survivor)]
    if host == absorbed:
        entries += [(E.TEMPORARY_RETURN, absorbed), (E.TEMPORARY_OUT, survivor)]
    if organization == absorbed:
        entries.append((E.REASSIGNED, survivor))
    return entries


def merge_note(survivor_code: str) -> str:
    """The note of the entries ``merge_redirects`` gives."""
    return _("Merged into %(code)s") % {"code": survivor_code}


#
# Re-admission (kết nạp lại)
#

#: Why a person left, as recorded on their exit (``MemberEvent.data["reason"]``). Those who left
#: for one of ``NEVER_READMITTED`` are never re-admitted (Quy định 294-QĐ/TW mục 3.5.2).
EXIT_REASONS = {
    "abandoned_activity": gettext_lazy("quit party activities"),
    "disunity": gettext_lazy("caused serious internal disunity"),
    "corruption": gettext_lazy("convicted of corruption"),
    "serious_crime": gettext_lazy("convicted of a serious crime or worse"),
    "minor_crime": gettext_lazy("convicted of a minor crime"),
    "other": gettext_lazy("other"),
}
NEVER_READMITTED = frozenset({"abandoned_activity", "disunity", "corruption", "serious_crime"})
READMISSION_SOURCE = "Quy định 294-QĐ/TW mục 3.5 (như Quy định 24-QĐ/TW)"


def readmission_exclusion_verdict(
    exit_type: str, exit_reason: str, hardship_exception: str
) -> Verdict:
    """Who is never re-admitted (a reason of ``NEVER_READMITTED``), and who only in extremely
    difficult family circumstances, stated (a member who left at their own request): the part
    of ``readmission_verdict`` the admissions checklist asks of a candidate for re-admission."""
    if exit_reason in NEVER_READMITTED:
        return Refusal(
            _(
                "A person who left the party for this reason (%(reason)s) is never re-admitted (%(source)s)."
            )
            % {"reason": EXIT_REASONS[exit_reason], "source": READMISSION_SOURCE},
            "readmission_excluded",
            "member",
        )
    if exit_type == E.RESIGNED and not hardship_exception.strip():
        return Refusal(
            _(
                "A person who left the party at their own request is re-admitted only in extremely "
                "difficult family circumstances: state them (%(source)s)."
            )
            % {"source": READMISSION_SOURCE},
            "readmission_resigned",
            "hardship_exception",
        )
    return None


def readmission_verdict(
    *,
    exit_type: str,
    exit_reason: str,
    hardship_exception: str,
    consent: tuple[str, date | None],
    record_cleared_on: date | None = None,
    minor_crime_wait_months: int = 0,
    on: date | None = None,
) -> Verdict:
    """Who may be re-admitted, and with what: never those who left for a reason of
    ``NEVER_READMITTED``; not those who left at their own request, except in extremely
    difficult family circumstances (stated); after a minor conviction, not before
    ``minor_crime_wait_months`` after the record was cleared; always with the written consent of
    the provincial standing committee (number and date)."""
    excluded = readmission_exclusion_verdict(exit_type, exit_reason, hardship_exception)
    if excluded is not None:
        return excluded
    if exit_reason == "minor_crime" and on is not None:
        from dangvien.core.dates import add_months

        earliest = (
            add_months(record_cleared_on, minor_crime_wait_months)
            if record_cleared_on is not None
            else None
        )
        if earliest is None or on < earliest:
            return Refusal(
                _(
                    "After a conviction for a minor crime, re-admission comes at least "
                    "%(months)s months after the record was cleared%(since)s."
                )
                % {
                    "months": minor_crime_wait_months,
                    "since": f" ({vn_date(earliest)})" if earliest else "",
                },
                "readmission_too_early",
                "effective_on",
                "readmission.wait_months_after_minor_conviction",
            )
    number, day = consent
    if not number.strip() or day is None:
        return Refusal(
            _(
                "Re-admission needs the written consent of the provincial standing committee "
                "(its number and date) (%(source)s)."
            )
            % {"source": READMISSION_SOURCE},
            "consent_required",
            "consent",
        )
    return None


#
# The party badge (Huy hiệu Đảng)
#


class CountedPartyAge(Protocol):
    """What the badge rule reads of a party age (``members.selectors.PartyAge``): the days
    counted (the excluded gaps taken out), the day the count ends and the completed years."""

    @property
    def days(self) -> int: ...

    @property
    def end(self) -> date: ...

    @property
    def years(self) -> int: ...


def badge_milestone_verdict(
    milestone: int,
    on: date,
    *,
    age: CountedPartyAge | None,
    milestones: Collection[int],
    serious_illness_months: Mapping[str, int],
    posthumous_months: int,
    source: str,
    early_reason: str = "",
) -> Verdict:
    """The badge for ``milestone`` years of party age, awarded on ``on`` (§2.7): the milestone
    is one of ``milestones`` (rule ``badge.milestone_years``); the member has a party age on
    ``on`` (``age``, ``None`` when never recognised as official) that reaches the milestone,
    or reaches it within the early allowance for ``early_reason``: "serious_illness" (the
    months of ``serious_illness_months`` for the milestone, rule
    ``badge.early_months_serious_illness``) or "posthumous" (``posthumous_months``, rule
    ``badge.posthumous_early_months``). ``source``: the rulebook source the message cites.

    The proposal of the body below asks it for the occasion proposed for, so that a badge the
    competent body could not award is refused when proposed, not when decided; ``badge_award``
    refuses the same on the award day (the same messages and codes; a test of the decisions
    app pins that both agree)."""
    if milestone not in milestones:
        return Refusal(
            _("Badges are awarded for %(list)s years of party age.")
            % {"list": ", ".join(map(str, milestones))},
            "milestone",
            "milestone",
            BADGE_MILESTONE_YEARS.key,
        )
    if age is None:
        return Refusal(
            _("The member has no party age (never recognised as official)."),
            "no_party_age",
            "milestone",
        )
    if early_reason == "serious_illness":
        allowance = int(serious_illness_months.get(str(milestone), 0))
    elif early_reason == "posthumous":
        allowance = posthumous_months
    elif early_reason:
        return Refusal(_("Unknown reason for an early award."), "early_reason", "early_reason")
    else:
        allowance = 0
    # The counted days end on age.end; shifting the start by the excluded gaps gives the day
    # from which the milestone is counted in calendar years.
    counted_from = age.end - timedelta(days=age.days)
    if add_months(counted_from, 12 * milestone - allowance) > age.end:
        return Refusal(
            _(
                "On %(date)s the party age is %(years)s years; the %(milestone)s-year badge needs %(milestone)s "
                "years (%(source)s)."
            )
            % {"date": vn_date(on), "years": age.years, "milestone": milestone, "source": source},
            "party_age_short",
            "milestone",
            BADGE_MILESTONE_YEARS.key,
        )
    return None
