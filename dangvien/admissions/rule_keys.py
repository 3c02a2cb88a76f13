"""The rules the admissions app reads (typed accessors of the rulebook)."""

from dangvien.rules.keys import FractionRule, IntRule, StrListRule, StrRule

MIN_EDUCATION = StrRule("admission.min_education")
COURSE_CERTIFICATE_VALID_MONTHS = IntRule("admission.course_certificate_valid_months")
INTRODUCERS_REQUIRED = IntRule("admission.introducers_required")
INTRODUCER_OVERLAP_MONTHS = IntRule("admission.introducer_overlap_months")
VOTE_MIN_FRACTION = FractionRule("admission.vote_min_fraction")
DECISION_DEADLINE_WORKING_DAYS = IntRule("admission.decision_deadline_working_days")
DECISION_EXTENSION_MAX_WORKING_DAYS = IntRule("admission.decision_extension_max_working_days")
CEREMONY_DEADLINE_WORKING_DAYS = IntRule("admission.ceremony_deadline_working_days")
RECOGNITION_MAX_FAILED_VOTES = IntRule("recognition.max_failed_votes")
DUE_SOON_WORKING_DAYS = IntRule("admissions.due_soon_working_days")
PRIORITY_CELL_SECTORS = StrListRule("admissions.priority_cell_sectors")
