"""Statutory checks of a candidate's file (Điều lệ Điều 4, QĐ 232/294, HD 01-HD/TW).

``candidate_checklist`` evaluates every condition on the cell's vote date and returns one item
per condition: passed, missing (not yet recorded) or failed, with a Vietnamese explanation and
the rule key and source document from the rulebook. The services refuse to advance on it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _

from dangvien.admissions.choices import (
    DOCUMENT_STEPS,
    CandidateKind,
    CheckStatus,
    Step,
)
from dangvien.admissions.models import Candidate, CandidateStep
from dangvien.admissions.rule_keys import (
    COURSE_CERTIFICATE_VALID_MONTHS,
    INTRODUCER_OVERLAP_MONTHS,
    INTRODUCERS_REQUIRED,
    MIN_EDUCATION,
    VOTE_MIN_FRACTION,
)
from dangvien.core.dates import add_months, months_between, today
from dangvien.core.formatting import vn_date as _vn
from dangvien.core.text import fold
from dangvien.members.choices import MemberStatus
from dangvien.members.models import Member, MemberPeriod
from dangvien.members.rule_keys import (
    MAX_AGE_MONTHS,
    MIN_AGE_MONTHS,
    READMISSION_MAX_TIMES,
    READMISSION_WAIT_MONTHS,
)
from dangvien.members.rules import (
    READMISSION_SOURCE,
    admission_age_verdict,
    readmission_exclusion_verdict,
)
from dangvien.members.selectors import exit_reason, member_state
from dangvien.organizations.choices import GRASSROOTS_KINDS
from dangvien.organizations.models import Organization, OrganizationVersion, path_ids
from dangvien.rules.selectors import RuleMissing, rule_version

PASSED, MISSING, FAILED = CheckStatus.PASSED, CheckStatus.MISSING, CheckStatus.FAILED
DOCUMENTS_SOURCE = "Hướng dẫn 01-HD/TW 2021, mục 3 (hồ sơ kết nạp)"

# Education levels in order; the rulebook names the minimum by its code.
EDUCATION_LEVELS = {
    "primary": 1,
    "lower_secondary": 2,
    "upper_secondary": 3,
    "vocational": 3,
    "college": 4,
    "university": 5,
    "postgraduate": 6,
}
_WORDS = [
    ("sau dai hoc", 6),
    ("thac si", 6),
    ("tien si", 6),
    ("dai hoc", 5),
    ("cao dang", 4),
    ("trung cap", 3),
    ("thpt", 3),
    ("trung hoc pho thong", 3),
    ("thcs", 2),
    ("trung hoc co so", 2),
    ("tieu hoc", 1),
]
_GRADE = re.compile(r"^(\d{1,2})\s*/\s*(10|12)$")


def education_level(text: str) -> int | None:
    """The level of a free-text education ("lower_secondary", "9/12", "THPT", "Đại học" …)."""
    value = text.strip()
    if not value:
        return None
    if value in EDUCATION_LEVELS:
        return EDUCATION_LEVELS[value]
    grade = _GRADE.match(value)
    if grade:
        years, system = int(grade.group(1)), int(grade.group(2))
        finished_lower = 7 if system == 10 else 9
        return 3 if years == system else 2 if years >= finished_lower else 1
    folded = fold(value)
    for words, level in _WORDS:
        if words in folded:
            return level
    return None


@dataclass(frozen=True)
class CheckItem:
    key: str
    label: str
    status: str
    message: str
    rule_key: str = ""
    source: str = ""

    @property
    def passed(self) -> bool:
        return self.status == PASSED


def _source(key: str, on: date) -> str:
    try:
        return rule_version(key, on=on).source
    except RuleMissing:
        return ""


def vote_passes(votes_for: int, members_called: int, on: date) -> bool:
    """At least ``admission.vote_min_fraction`` of ALL official members convened."""
    return members_called > 0 and votes_for >= VOTE_MIN_FRACTION(on=on) * members_called


def grassroots_of(organization: Organization, on: date) -> Organization | None:
    """The grassroots organization (đảng bộ / chi bộ cơ sở) above or at ``organization``."""
    state = OrganizationVersion.objects.at(on).filter(organization=organization).first()
    if state is None:
        return None
    ids = path_ids(state.path)
    grassroots = (
        OrganizationVersion.objects.at(on)
        .filter(organization_id__in=ids, kind__in=GRASSROOTS_KINDS)
        .select_related("organization")
        .order_by("-depth")
        .first()
    )
    return grassroots.organization if grassroots else None


def steps_of(candidate: Candidate) -> dict[str, CandidateStep]:
    return {s.step: s for s in candidate.steps.all()}


def candidate_checklist(
    candidate: Candidate,
    *,
    vote_on: date | None = None,
    members_called: int | None = None,
    votes_for: int | None = None,
) -> list[CheckItem]:
    """Every admission condition on the vote date (the recorded one, else ``vote_on``, else today).

    ``members_called``/``votes_for`` check a vote about to be recorded.
    """
    steps = steps_of(candidate)
    recorded_vote = steps.get(Step.CELL_VOTE)
    on = recorded_vote.done_on if recorded_vote else (vote_on or today())
    items = [_age_item(candidate, on), _education_item(candidate, on), _course_item(steps, on)]
    items += [_document_item(steps, step) for step in DOCUMENT_STEPS if step != Step.COURSE]
    items.append(_introducers_item(candidate, on))
    if candidate.kind == CandidateKind.READMISSION:
        items.append(_readmission_item(candidate, on))
    if recorded_vote is not None:
        members_called, votes_for = recorded_vote.members_called, recorded_vote.votes_for
    items.append(_vote_item(on, members_called, votes_for))
    return items


def _age_item(candidate: Candidate, on: date) -> CheckItem:
    label = _("Age on the vote date")
    key_min = MIN_AGE_MONTHS.key
    if candidate.birth_date is None:
        return CheckItem(
            "age",
            label,
            MISSING,
            _("The date of birth is not recorded."),
            key_min,
            _source(key_min, on),
        )
    refusal = admission_age_verdict(
        candidate.birth_date,
        on,
        min_months=MIN_AGE_MONTHS(on=on),
        max_months=MAX_AGE_MONTHS(on=on),
        over_age_approved=candidate.over_age_approved,
    )
    if refusal is not None:
        return CheckItem(
            "age", label, FAILED, refusal.message, refusal.rule_key, _source(refusal.rule_key, on)
        )
    months = months_between(candidate.birth_date, on)
    age = {"date": _vn(on), "years": months // 12, "months": months % 12}
    return CheckItem(
        "age",
        label,
        PASSED,
        _("On %(date)s the person is %(years)s years %(months)s months old.") % age,
        key_min,
        _source(key_min, on),
    )


def _education_item(candidate: Candidate, on: date) -> CheckItem:
    key = MIN_EDUCATION.key
    label = _("Education")
    minimum = MIN_EDUCATION(on=on)
    level = education_level(candidate.education)
    if level is None:
        return CheckItem(
            "education",
            label,
            MISSING,
            _("The education level is not recorded or not recognised."),
            key,
            _source(key, on),
        )
    if level < EDUCATION_LEVELS.get(minimum, 2):
        return CheckItem(
            "education",
            label,
            FAILED,
            _("The person has not graduated from lower secondary school."),
            key,
            _source(key, on),
        )
    return CheckItem(
        "education",
        label,
        PASSED,
        _("The education level meets the minimum."),
        key,
        _source(key, on),
    )


def _course_item(steps: dict[str, CandidateStep], on: date) -> CheckItem:
    key = COURSE_CERTIFICATE_VALID_MONTHS.key
    label = str(Step.COURSE.label)
    course = steps.get(Step.COURSE)
    if course is None:
        return CheckItem(
            "course", label, MISSING, _("The certificate is not recorded."), key, _source(key, on)
        )
    valid_months = COURSE_CERTIFICATE_VALID_MONTHS(on=course.done_on)
    expires = add_months(course.done_on, valid_months)
    if course.done_on > on or on > expires:
        return CheckItem(
            "course",
            label,
            FAILED,
            _(
                "The certificate of %(issued)s is valid until %(until)s, not on the vote date %(date)s."
            )
            % {"issued": _vn(course.done_on), "until": _vn(expires), "date": _vn(on)},
            key,
            _source(key, on),
        )
    return CheckItem(
        "course",
        label,
        PASSED,
        _("The certificate of %(issued)s is valid until %(until)s.")
        % {"issued": _vn(course.done_on), "until": _vn(expires)},
        key,
        _source(key, on),
    )


def _document_item(steps: dict[str, CandidateStep], step: str) -> CheckItem:
    label = str(Step(step).label)
    done = steps.get(step)
    if done is None:
        return CheckItem(step, label, MISSING, _("Not recorded yet."), "", DOCUMENTS_SOURCE)
    reference = f" {done.document_number}" if done.document_number else ""
    return CheckItem(
        step,
        label,
        PASSED,
        _("Recorded on %(date)s%(ref)s.") % {"date": _vn(done.done_on), "ref": reference},
        "",
        DOCUMENTS_SOURCE,
    )


def _introducers_item(candidate: Candidate, on: date) -> CheckItem:
    key = INTRODUCERS_REQUIRED.key
    overlap_key = INTRODUCER_OVERLAP_MONTHS.key
    label = _("Introducers")
    required = INTRODUCERS_REQUIRED(on=on)
    needed_members = required - 1 if candidate.union_body else required
    introducers = list(candidate.introducers.all()) if candidate.pk else []
    source = _source(key, on)
    if len(introducers) < needed_members:
        return CheckItem(
            "introducers",
            label,
            MISSING,
            _("%(n)s official member(s) must introduce the person; %(have)s recorded.")
            % {"n": needed_members, "have": len(introducers)},
            key,
            source,
        )
    if len(introducers) > needed_members:
        return CheckItem(
            "introducers",
            label,
            FAILED,
            _("Exactly %(n)s introducing member(s) are required; %(have)s recorded.")
            % {"n": needed_members, "have": len(introducers)},
            key,
            source,
        )
    months_needed = INTRODUCER_OVERLAP_MONTHS(on=on)
    grassroots = grassroots_of(candidate.organization, on)
    problems = []
    for member in introducers:
        period = MemberPeriod.objects.at(on).filter(member=member).first()
        if period is None or period.status != MemberStatus.OFFICIAL:
            problems.append(
                _("%(name)s is not an official member on %(date)s.")
                % {"name": member.full_name, "date": _vn(on)}
            )
            continue
        since = candidate.joined_unit_on
        months = (
            introducer_overlap(member, grassroots, since, on)
            if grassroots is not None and since is not None
            else 0
        )
        if months < months_needed:
            problems.append(
                _(
                    "%(name)s has worked or lived with the person in the same grassroots "
                    "organization for %(months)s months; at least %(min)s are required."
                )
                % {"name": member.full_name, "months": months, "min": months_needed}
            )
    if problems:
        return CheckItem(
            "introducers", label, FAILED, " ".join(problems), overlap_key, _source(overlap_key, on)
        )
    names = ", ".join(m.full_name for m in introducers)
    if candidate.union_body:
        names = f"{candidate.get_union_body_display()}, {names}"
    return CheckItem(
        "introducers", label, PASSED, _("Introduced by %(names)s.") % {"names": names}, key, source
    )


def introducer_overlap(member: Member, grassroots: Organization, since: date, until: date) -> int:
    """Completed months the introducer belonged to the grassroots subtree since ``since``.

    "Worked or lived together" is approximated by the candidate's declared start in the unit
    against the introducer's membership periods in that grassroots organization.
    """
    total_days = 0
    periods = MemberPeriod.objects.filter(
        member=member, organization__path__startswith=grassroots.path, valid_from__lte=until
    )
    for period in periods:
        start = max(period.valid_from, since)
        end = min(period.valid_to or until, until)
        if end > start:
            total_days += (end - start).days
    if total_days <= 0:
        return 0
    return months_between(until - timedelta(days=total_days), until)


def _readmission_item(candidate: Candidate, on: date) -> CheckItem:
    label = _("Re-admission")
    assert candidate.member is not None
    state = member_state(candidate.member)
    max_key, wait_key = READMISSION_MAX_TIMES.key, READMISSION_WAIT_MONTHS.key
    if state.exited_on is None or state.exit_type not in {"removed", "resigned", "expelled"}:
        return CheckItem(
            "readmission",
            label,
            FAILED,
            _("The person is not a former member who left the party."),
            max_key,
            _source(max_key, on),
        )
    # who is never re-admitted, by the rule the re-admission itself applies (the checklist
    # passed a member removed for abandoning party activities)
    excluded = readmission_exclusion_verdict(
        state.exit_type, exit_reason(candidate.member, state.exit_type), ""
    )
    if excluded is not None:
        # at their own request: possible in extremely difficult family circumstances, which
        # the re-admission states; never for the reasons the rule lists
        status = MISSING if excluded.code == "readmission_resigned" else FAILED
        return CheckItem("readmission", label, status, excluded.message, "", READMISSION_SOURCE)
    max_times = READMISSION_MAX_TIMES(on=on)
    if state.admissions - 1 >= max_times:
        return CheckItem(
            "readmission",
            label,
            FAILED,
            _("A person may be re-admitted only %(n)s time(s).") % {"n": max_times},
            max_key,
            _source(max_key, on),
        )
    earliest = add_months(state.exited_on, READMISSION_WAIT_MONTHS(on=on))
    if on < earliest:
        return CheckItem(
            "readmission",
            label,
            FAILED,
            _("The person left on %(left)s; re-admission is possible from %(from)s.")
            % {"left": _vn(state.exited_on), "from": _vn(earliest)},
            wait_key,
            _source(wait_key, on),
        )
    return CheckItem(
        "readmission",
        label,
        PASSED,
        _("Left on %(left)s; the waiting period has passed.") % {"left": _vn(state.exited_on)},
        wait_key,
        _source(wait_key, on),
    )


def _vote_item(on: date, members_called: int | None, votes_for: int | None) -> CheckItem:
    key = VOTE_MIN_FRACTION.key
    label = _("Cell vote")
    if members_called is None or votes_for is None:
        return CheckItem(
            "vote", label, MISSING, _("The cell has not voted yet."), key, _source(key, on)
        )
    if votes_for > members_called:
        return CheckItem(
            "vote",
            label,
            FAILED,
            _("The votes in favour exceed the official members convened."),
            key,
            _source(key, on),
        )
    fraction = VOTE_MIN_FRACTION(on=on)
    numbers = {
        "for": votes_for,
        "called": members_called,
        "num": fraction.numerator,
        "den": fraction.denominator,
    }
    if not vote_passes(votes_for, members_called, on):
        return CheckItem(
            "vote",
            label,
            FAILED,
            _(
                "%(for)s of %(called)s official members convened voted in favour; at least "
                "%(num)s/%(den)s of all official members convened is required."
            )
            % numbers,
            key,
            _source(key, on),
        )
    return CheckItem(
        "vote",
        label,
        PASSED,
        _("%(for)s of %(called)s official members convened voted in favour.") % numbers,
        key,
        _source(key, on),
    )
