"""How the rulebook page reads the codes and numbers inside the assessment rules' values
(``rules.wording``); registered in ``AssessmentConfig.ready()``."""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

from dangvien.assessment.choices import Level
from dangvien.rules.wording import RuleWords

RULE_WORDS: dict[str, RuleWords] = {
    # the levels (Quy định 366-QĐ/TW Điều 11) and their lowest scores
    "assessment.level_min_scores": RuleWords(
        dict(Level.choices), numbers=pgettext_lazy("rule value", "from %(n)s points")
    ),
    # "parent": the level this app's ``selectors.competent_body`` reads as the organization
    # directly above (not a level of ``competence.choices.Level``, which has no words for it)
    "competence.assessment_organization": RuleWords(
        {
            "parent": pgettext_lazy(
                "rule value", "the standing committee of the superior party committee"
            ),
        }
    ),
}
