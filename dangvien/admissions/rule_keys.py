"""The rules the admissions app reads (typed accessors of the rulebook)."""

from dangvien.competence.rule_keys import (
    ADMISSION_DECISION_WORKING_DAYS as DECISION_DEADLINE_WORKING_DAYS,
)
from dangvien.competence.rule_keys import DECISION_EXTENSION_MAX_WORKING_DAYS
from dangvien.rules.keys import FractionRule, IntRule, StrListRule, StrRule

__all__ = [
    "CEREMONY_DEADLINE_WORKING_DAYS",
    "COURSE_CERTIFICATE_VALID_MONTHS",
    "DECISION_DEADLINE_WORKING_DAYS",
    "DECISION_EXTENSION_MAX_WORKING_DAYS",
    "DUE_SOON_WORKING_DAYS",
    "INTRODUCERS_REQUIRED",
    "INTRODUCER_OVERLAP_MONTHS",
    "MIN_EDUCATION",
    "PRIORITY_CELL_SECTORS",
    "RECOGNITION_MAX_FAILED_VOTES",
    "VOTE_MIN_FRACTION",
]

MIN_EDUCATION = StrRule("admission.min_education")
COURSE_CERTIFICATE_VALID_MONTHS = IntRule("admission.course_certificate_valid_months")
INTRODUCERS_REQUIRED = IntRule("admission.introducers_required")
INTRODUCER_OVERLAP_MONTHS = IntRule("admission.introducer_overlap_months")
VOTE_MIN_FRACTION = FractionRule("admission.vote_min_fraction")
CEREMONY_DEADLINE_WORKING_DAYS = IntRule("admission.ceremony_deadline_working_days")
RECOGNITION_MAX_FAILED_VOTES = IntRule("recognition.max_failed_votes")
DUE_SOON_WORKING_DAYS = IntRule("admissions.due_soon_working_days")
PRIORITY_CELL_SECTORS = StrListRule("admissions.priority_cell_sectors")
