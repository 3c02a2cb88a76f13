"""The assessment's rules as pure functions of plain values, returning verdicts.

The service, the cell's batch form and the bundle import call the same functions; the callers
look up what a rule needs (the rulebook value on the decision date, whether a result exists,
the paths of the organizations that day).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dangvien.assessment.choices import LEVELS, Form, Level, Subject
from dangvien.core.formatting import vn_date
from dangvien.core.verdicts import Refusal, Verdict

FIRST_YEAR = 1930


def level_verdict(level: str) -> Verdict:
    if level not in LEVELS:
        return Refusal(
            _("unknown level “%(value)s”") % {"value": level}, "assessment_level", "level"
        )
    return None


def score_verdict(score: int | None) -> Verdict:
    """A score is on the 100-point scale."""
    if score is not None and not 0 <= score <= 100:
        return Refusal(_("The score is a whole number from 0 to 100."), "assessment_score", "score")
    return None


def allowed_by_score(score: int, min_scores: dict[str, int]) -> str:
    """The highest level ``score`` reaches under the bands ``min_scores``."""
    for level in (Level.EXCELLENT, Level.GOOD, Level.COMPLETED):
        if score >= min_scores.get(level, 0):
            return level
    return Level.NOT_COMPLETED


def band_verdict(level: str, score: int | None, min_scores: dict[str, int]) -> Verdict:
    """The level is not higher than the score's band (conditions beyond points may only lower
    it); no check when the rules in force set no bands or no score is given."""
    if score is None or not min_scores or level not in LEVELS:
        return None
    highest = allowed_by_score(score, min_scores)
    if LEVELS.index(level) < LEVELS.index(highest):
        return Refusal(
            _(
                "A score of %(score)s does not reach the level “%(level)s” (at least "
                "%(minimum)s points)."
            )
            % {
                "score": score,
                "level": Level(level).label,
                "minimum": min_scores.get(level, 0),
            },
            "assessment_band",
            "score",
            "assessment.level_min_scores",
        )
    return None


def year_verdict(year: int, decided_on: date) -> Verdict:
    """A year's result is decided in that year or later."""
    if year < FIRST_YEAR or year > decided_on.year:
        return Refusal(
            _("The result of %(year)s cannot be decided on %(date)s.")
            % {"year": year, "date": vn_date(decided_on)},
            "assessment_year",
            "year",
        )
    return None


def duplicate_verdict(existing_level: str | None, year: int) -> Verdict:
    """One result per subject and year: a second one is a correction of the first."""
    if existing_level is not None:
        return Refusal(
            _(
                "A result for %(year)s is already recorded (%(level)s); correct it instead of "
                "recording a second one."
            )
            % {"year": year, "level": Level(existing_level).label},
            "assessment_duplicate",
            "year",
        )
    return None


def correction_date_verdict(previous: date, decided_on: date) -> Verdict:
    """A correction is not dated before the result it corrects."""
    if decided_on < previous:
        return Refusal(
            _("A correction cannot be dated before the result it corrects."),
            "assessment_correction_date",
            "decided_on",
        )
    return None


def member_verdict(organization_id: int | None, decided_on: date) -> Verdict:
    """A member's result is decided once they are a member (``organization_id``: where it is
    filed, ``None`` before the admission)."""
    if organization_id is None:
        return Refusal(
            _("The person was not yet a party member on %(date)s.") % {"date": vn_date(decided_on)},
            "assessment_not_member",
            "decided_on",
        )
    return None


def decider_verdict(
    subject_path: str | None, decider_path: str | None, decided_on: date
) -> Verdict:
    """The deciding organization existed on the decision date and the subject stood in its
    subtree then (a committee decides about its own subtree)."""
    if decider_path is None:
        return Refusal(
            _("The deciding organization did not exist on %(date)s.")
            % {"date": vn_date(decided_on)},
            "assessment_decider_missing",
            "decided_by",
        )
    if subject_path is None:
        return Refusal(
            _("The organization assessed did not exist yet on %(date)s.")
            % {"date": vn_date(decided_on)},
            "assessment_subject_missing",
            "decided_on",
        )
    if not subject_path.startswith(decider_path):
        return Refusal(
            _("The deciding organization is not above the subject on %(date)s.")
            % {"date": vn_date(decided_on)},
            "assessment_decider_outside",
            "decided_by",
        )
    return None


def cap_verdict(excellent: int, good: int, cap: Fraction, source: str) -> Verdict:
    """Members rated "excellent" in a grassroots organization are at most ``cap`` of those
    rated "good" there (counts after the decision)."""
    if excellent and excellent > cap * good:
        return Refusal(
            _(
                "%(excellent)s members rated “excellently completed” exceed %(percent)s%% of the "
                "%(good)s rated “well completed” in the grassroots organization (rule "
                "assessment.excellent_cap_of_good: %(source)s)."
            )
            % {
                "excellent": excellent,
                "good": good,
                "percent": f"{float(cap * 100):g}".replace(".", ","),
                "source": source,
            },
            "assessment_excellent_cap",
            "level",
            "assessment.excellent_cap_of_good",
        )
    return None


MEMBER_FORMS = (Form.FORM_2A, Form.FORM_2B, Form.FORM_2C)


def form_verdict(subject: str, form: str) -> Verdict:
    """A member self-assesses on form 2A, 2B or 2C; an organization's collective on form 01."""
    allowed = MEMBER_FORMS if subject == Subject.MEMBER else (Form.FORM_01,)
    if form and form not in allowed:
        return Refusal(
            _("Form %(form)s is not the form of this subject.") % {"form": form},
            "assessment_form",
            "form",
        )
    return None


#
# Rounds
#


@dataclass(frozen=True)
class Window:
    """What a round's checks need: the name of the organization that opened it, the day it
    opened, the last day of the stage asked about, the day it closed (``None``: open)."""

    organization: str
    opened_on: date
    until: date
    closed_on: date | None


def schedule_verdict(
    year: int,
    opened_on: date,
    self_until: date,
    review_until: date,
    decide_until: date,
    reference_date: date,
) -> Verdict:
    """A yearly round opens within or after its year; its stages end in order (self-assessments,
    then the cells' reviews, then the decisions); the population is taken on a day of the year."""
    if not date(year, 1, 1) <= reference_date <= date(year, 12, 31):
        return Refusal(
            _("The reference date of the round of %(year)s is a day of %(year)s.") % {"year": year},
            "assessment_round_reference",
            "reference_date",
        )
    if opened_on.year < year:
        return Refusal(
            _("The round of %(year)s cannot open before %(year)s.") % {"year": year},
            "assessment_round_opened",
            "opened_on",
        )
    if not opened_on <= self_until <= review_until <= decide_until:
        return Refusal(
            _(
                "The schedule runs in order: the opening, the end of the self-assessments, the "
                "end of the cells' reviews, the end of the decisions."
            ),
            "assessment_round_schedule",
            "self_until"
            if self_until < opened_on
            else "review_until"
            if review_until < self_until
            else "decide_until",
        )
    return None


def overlap_verdict(other: str | None, year: int) -> Verdict:
    """One round of a year covers a member: no round inside or above an organization that has
    one (``other``: the organization whose round of the year overlaps)."""
    if other is not None:
        return Refusal(
            _("%(organization)s already has a round of %(year)s covering this subtree.")
            % {"organization": other, "year": year},
            "assessment_round_overlap",
            "year",
        )
    return None


STAGE_WORDS = {
    "self": gettext_lazy("self-assessments"),
    "proposal": gettext_lazy("cells' reviews and proposals"),
    "decision": gettext_lazy("decisions"),
}


def round_verdict(year: int, window: Window | None, on: date, stage: str) -> Verdict:
    """A self-assessment, a proposal or a decision of ``year`` is entered while a round covering
    the subject is open, dated from its opening to the end of that stage."""
    if window is None:
        return Refusal(
            _(
                "No assessment round of %(year)s covers this subject: the organization above "
                "opens the round first."
            )
            % {"year": year},
            "assessment_no_round",
            "year",
        )
    if window.closed_on is not None:
        return Refusal(
            _(
                "The assessment round of %(year)s of %(organization)s was closed on %(date)s: "
                "its results are frozen."
            )
            % {
                "year": year,
                "organization": window.organization,
                "date": vn_date(window.closed_on),
            },
            "assessment_round_closed",
            "year",
        )
    if on < window.opened_on:
        return Refusal(
            _("The assessment round of %(year)s opened on %(date)s; nothing is dated before.")
            % {"year": year, "date": vn_date(window.opened_on)},
            "assessment_round_not_open",
            "on" if stage != "decision" else "decided_on",
        )
    if on > window.until:
        return Refusal(
            _("The %(stage)s of the round of %(year)s ended on %(date)s.")
            % {"stage": STAGE_WORDS[stage], "year": year, "date": vn_date(window.until)},
            "assessment_round_deadline",
            "on" if stage != "decision" else "decided_on",
        )
    return None


def excluded_verdict(reason: str | None, year: int) -> Verdict:
    """A member left out of the round's population (exempted …) is not assessed."""
    if reason:
        return Refusal(
            _("%(reason)s: not assessed in the round of %(year)s.")
            % {"reason": EXCLUSION_WORDS.get(reason, reason), "year": year},
            "assessment_not_assessed",
            "code",
        )
    return None


EXCLUSION_WORDS = {"exempted": gettext_lazy("Exempted from activities")}


def close_verdict(closed_on: date | None, opened_on: date, on: date) -> Verdict:
    """A round closes once, not before it opened."""
    if closed_on is not None:
        return Refusal(
            _("The round was already closed on %(date)s.") % {"date": vn_date(closed_on)},
            "assessment_round_closed",
            "closed_on",
        )
    if on < opened_on:
        return Refusal(
            _("A round cannot close before it opened (%(date)s).") % {"date": vn_date(opened_on)},
            "assessment_round_close_date",
            "closed_on",
        )
    return None
