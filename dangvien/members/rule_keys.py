"""The rules the members app reads (typed accessors of the rulebook)."""

from dangvien.rules.keys import IntListRule, IntMapRule, IntRule, StrListRule

ORGANIZATION_KINDS = StrListRule("member.organization_kinds")
MIN_AGE_MONTHS = IntRule("admission.min_age_months")
MAX_AGE_MONTHS = IntRule("admission.max_age_months")
PROBATION_MONTHS = IntRule("probation.months")
READMISSION_MAX_TIMES = IntRule("readmission.max_times")
READMISSION_WAIT_MONTHS = IntRule("readmission.wait_months")
READMISSION_WAIT_AFTER_MINOR_CRIME = IntRule("readmission.wait_months_after_minor_conviction")
BADGE_MILESTONE_YEARS = IntListRule("badge.milestone_years")
BADGE_EARLY_MONTHS_SERIOUS_ILLNESS = IntMapRule("badge.early_months_serious_illness")
BADGE_POSTHUMOUS_EARLY_MONTHS = IntRule("badge.posthumous_early_months")
BADGE_AWARD_OCCASIONS = StrListRule("badge.award_occasions")
TRANSFER_PRESENTATION_WORKING_DAYS = IntRule("transfer.official_presentation_working_days")
RECOGNITION_PROPOSAL_WORKING_DAYS = IntRule("recognition.proposal_deadline_working_days")
TEMPORARY_WORK_MAX_MONTHS = IntRule("transfer.temporary_work_max_months")
TEMPORARY_STUDY_MAX_MONTHS = IntRule("transfer.temporary_study_max_months")
