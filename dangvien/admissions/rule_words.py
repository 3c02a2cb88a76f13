"""How the rulebook page reads the codes inside the admission rules' values
(``rules.wording``); registered in ``AdmissionsConfig.ready()``."""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

from dangvien.rules.wording import RuleWords

#: The education levels of ``checks.EDUCATION_LEVELS`` (which ranks them and has no words of
#: its own), as the minimum of ``admission.min_education`` names them.
EDUCATION_LEVEL_WORDS = {
    "primary": pgettext_lazy("rule value", "Primary school completed"),
    "lower_secondary": pgettext_lazy("rule value", "Lower secondary school completed"),
    "upper_secondary": pgettext_lazy("rule value", "Upper secondary school completed"),
    "vocational": pgettext_lazy("rule value", "Vocational secondary school completed"),
    "college": pgettext_lazy("rule value", "College completed"),
    "university": pgettext_lazy("rule value", "University completed"),
    "postgraduate": pgettext_lazy("rule value", "Postgraduate"),
}

RULE_WORDS: dict[str, RuleWords] = {
    "admission.min_education": RuleWords(EDUCATION_LEVEL_WORDS),
}
