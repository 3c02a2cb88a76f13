"""Rules of meetings and attendance that the services and the bulk import share.

Pure functions of plain values returning a verdict (see ``dangvien.core.verdicts``): the caller
looks up what a rule needs (whether the organization exists that day, where the member stood
that day) and passes it in. The services raise on the first refusal; the import reports each
refusal as a problem of its row.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from dangvien.core.formatting import vn_date, vn_decimal
from dangvien.core.verdicts import Refusal, Verdict
from dangvien.core.votes import VotePurpose
from dangvien.meetings.choices import AttendanceStatus, DocumentKind, MeetingKind


def kind_verdict(kind: str) -> Verdict:
    if kind in MeetingKind.values:
        return None
    return Refusal(
        _("unknown kind “%(value)s” (regular, thematic, committee or other)") % {"value": kind},
        "meeting_kind_unknown",
        "kind",
    )


def status_verdict(status: str) -> Verdict:
    if status in AttendanceStatus.values:
        return None
    return Refusal(
        _("unknown attendance “%(value)s” (present, excused or unexcused)") % {"value": status},
        "attendance_status_unknown",
        "status",
    )


class Standing(enum.Enum):
    """How a person stood towards an organization on a meeting day."""

    MEMBER = "member"  # official organization in the organization's subtree
    GUEST = "guest"  # temporarily attached there (attends without a vote)
    EXEMPTED = "exempted"  # a member there, exempted from activity: not expected
    NONE = "none"  # not a member of it that day


@dataclass(frozen=True)
class PeriodRow:
    """A membership period as the rules see it (``valid_to`` exclusive, ``None`` open)."""

    valid_from: date
    valid_to: date | None
    organization_id: int
    host_organization_id: int | None
    is_exempted: bool


def standing_of(
    periods: Iterable[PeriodRow], day: date, organization_ids: Collection[int]
) -> Standing:
    """Where a person stood towards the organizations ``organization_ids`` (an organization and
    its subtree that day) on ``day``: the period covering the day, else the one that ended that
    day (on the day of an exit or a transfer, the organization left counts too)."""
    covering: list[PeriodRow] = []
    for period in periods:
        if period.valid_from <= day and (period.valid_to is None or period.valid_to > day):
            covering.insert(0, period)
        elif period.valid_to == day:
            covering.append(period)
    for period in covering:
        if period.organization_id in organization_ids:
            return Standing.EXEMPTED if period.is_exempted else Standing.MEMBER
    for period in covering:
        if (
            period.host_organization_id is not None
            and period.host_organization_id in organization_ids
        ):
            return Standing.GUEST
    return Standing.NONE


def attendance_verdict(standing: Standing, *, name: str, code: str, day: date) -> Verdict:
    """Only a member of the organization (or one temporarily attached to it) has attendance at
    its meeting; a member exempted from activity that day is not expected and has no row."""
    if standing in (Standing.MEMBER, Standing.GUEST):
        return None
    if standing is Standing.EXEMPTED:
        return Refusal(
            _("%(name)s is exempted from party activity on %(date)s and is not expected.")
            % {"name": name, "date": vn_date(day)},
            "attendance_exempted",
            "member_id",
        )
    return Refusal(
        _("%(name)s is not a member of %(code)s on %(date)s.")
        % {"name": name, "code": code, "date": vn_date(day)},
        "attendance_not_member",
        "member_id",
    )


def unexcused_months(days: Iterable[date]) -> int:
    """Distinct calendar months among the days of unexcused absences from regular meetings."""
    return len({(day.year, day.month) for day in days})


def meets_unexcused_threshold(days: Iterable[date], threshold: int) -> bool:
    """The three months rule (§2.11): unexcused in ``threshold`` distinct months of a year."""
    return unexcused_months(days) >= threshold


def plan_date_verdict(planned_on: date, today: date) -> Verdict:
    """A plan is for today or later (what was held is recorded as a meeting)."""
    if planned_on >= today:
        return None
    return Refusal(
        _("%(date)s has passed: record the meeting held instead of planning it.")
        % {"date": vn_date(planned_on)},
        "plan_in_the_past",
        "planned_on",
    )


def notice_verdict(*, planned_on: date, held: bool, today: date, reason: str) -> Verdict:
    """An absence is announced before the meeting, with its reason."""
    if held or planned_on < today:
        return Refusal(
            _("The meeting of %(date)s has taken place: the absence can no longer be announced.")
            % {"date": vn_date(planned_on)},
            "notice_too_late",
            "plan",
        )
    if not reason.strip():
        return Refusal(_("Give the reason of the absence."), "notice_reason_required", "reason")
    return None


def vote_verdict(
    *, subject: str, purpose: str, numbers: tuple[int, int, int], convened: int
) -> Verdict:
    """A vote names its subject and purpose; its votes in favour, against and abstaining are
    not negative and together do not exceed the official members convened."""
    if not subject.strip():
        return Refusal(_("Say what the vote was on."), "vote_subject_required", "subject")
    if purpose not in VotePurpose.values:
        return Refusal(
            _("unknown purpose “%(value)s”") % {"value": purpose}, "vote_purpose_unknown", "purpose"
        )
    if min(numbers) < 0:
        return Refusal(_("A number of votes cannot be negative."), "vote_negative", "votes_for")
    if sum(numbers) > convened:
        return Refusal(
            _(
                "%(total)s votes for, against and abstaining, but the organization has "
                "%(convened)s official members convened that day."
            )
            % {"total": sum(numbers), "convened": convened},
            "vote_over_convened",
            "votes_for",
        )
    return None


def document_kind_verdict(kind: str) -> Verdict:
    if kind in DocumentKind.values:
        return None
    return Refusal(
        _("unknown document “%(value)s”") % {"value": kind}, "document_kind_unknown", "kind"
    )


_UNSAFE = re.compile(r"[^\w .()\-]+", re.UNICODE)


def clean_file_name(name: str) -> str:
    """The name of an upload as kept and shown: without any folder, control or special
    characters (``/ \\ : * ? " < > |``), leading dots or surrounding spaces, at most 200
    characters with its extension kept."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = unicodedata.normalize("NFC", base)
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")
    base = _UNSAFE.sub("_", base).strip(" .")
    base = re.sub(r"_+", "_", base)
    if len(base) > 200:
        stem, dot, suffix = base.rpartition(".")
        base = f"{stem[: 199 - len(suffix)]}.{suffix}" if dot and len(suffix) <= 10 else base[:200]
    return base


def extension_of(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def document_file_verdict(*, name: str, size: int, limit: int, types: Collection[str]) -> Verdict:
    """A document has a name with an accepted extension, is not empty and not over the limit."""
    if not name or extension_of(name) not in types:
        return Refusal(
            _("“%(name)s”: only these kinds of file are accepted: %(types)s.")
            % {"name": name, "types": ", ".join(sorted(types))},
            "document_type",
            "file",
        )
    if size <= 0:
        return Refusal(_("“%(name)s” is empty.") % {"name": name}, "document_empty", "file")
    if size > limit:
        return Refusal(
            _("“%(name)s” is larger than %(limit)s MB.")
            % {"name": name, "limit": vn_decimal(limit / 1024**2, 1)},
            "document_too_large",
            "file",
        )
    return None
