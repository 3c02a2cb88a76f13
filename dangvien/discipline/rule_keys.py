"""The rules of the rulebook the discipline app reads (seeded by ``seed.py``)."""

from dangvien.rules.keys import IntMapRule, StrListMapRule

# Years after the violation within which a form may still be decided (thời hiệu); a form
# absent from the mapping has no limitation (expulsion).
LIMITATION_YEARS = IntMapRule("discipline.limitation_years")
# The forms each subject may receive: "organization", "official", "probationary".
FORMS_BY_SUBJECT = StrListMapRule("discipline.forms_by_subject")
