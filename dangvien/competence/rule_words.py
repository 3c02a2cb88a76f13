"""How the rulebook page reads the parts of the competence rules' values (``rules.wording``)
that the audit words of ``CompetenceConfig.ready()`` leave out; registered there too."""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

from dangvien.rules.wording import RuleWords

RULE_WORDS: dict[str, RuleWords] = {
    # the parts of ``rules.Competence`` that only the rulebook shows (every competence.<kind>)
    "competence.*": RuleWords(
        {
            "vote_strict": pgettext_lazy("rule value", "more than the vote share required"),
            "decider_outside": pgettext_lazy(
                "rule value", "decided by, when the organization concerned is outside"
            ),
        }
    ),
    # a transfer's "outside" is out of the grassroots organization
    "competence.transfer_introduction": RuleWords(
        {
            "decider_outside": pgettext_lazy(
                "rule value", "decided by, for a transfer out of the grassroots organization"
            ),
        }
    ),
}
