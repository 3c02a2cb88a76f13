"""How the rulebook page reads the numbers inside the members' rules' values
(``rules.wording``); registered in ``MembersConfig.ready()``."""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

from dangvien.rules.choices import Unit
from dangvien.rules.wording import RuleWords

RULE_WORDS: dict[str, RuleWords] = {
    # milestone (years of party age, ``badge.milestone_years``) → months a member seriously
    # ill may be proposed early (``selectors.badge_candidates``,
    # ``services.cards.badge_award``)
    "badge.early_months_serious_illness": RuleWords(
        keys=pgettext_lazy("rule value", "%(n)s years of party age"), unit=Unit.MONTHS
    ),
}
