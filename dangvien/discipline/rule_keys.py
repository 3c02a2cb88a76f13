"""The rules of the rulebook the discipline app reads (seeded by ``seed.py``)."""

from dangvien.rules.keys import IntMapRule, IntRule, StrListMapRule

# Years after the violation within which a form may still be decided (thời hiệu); a form
# absent from the mapping has no limitation (expulsion).
LIMITATION_YEARS = IntMapRule("discipline.limitation_years")
# The forms each subject may receive: "organization", "official", "probationary".
FORMS_BY_SUBJECT = StrListMapRule("discipline.forms_by_subject")
# Months from receiving a decision within which it may be appealed (Điều lệ Điều 39.7).
APPEAL_MONTHS = IntRule("discipline.appeal_months")
# Days within which a state body notifies the party organization of its discipline of a
# member (Quy định 296-QĐ/TW).
STATE_NOTICE_DAYS = IntRule("discipline.state_notice_days")
