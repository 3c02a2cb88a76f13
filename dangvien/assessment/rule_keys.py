"""The rules the assessment reads, typed (values in ``seed.py``, with their sources)."""

from __future__ import annotations

from typing import Any

from dangvien.competence.rules import Competence, parse_competence
from dangvien.rules.keys import (
    FractionRule,
    IntMapRule,
    IntRule,
    RuleKey,
    StrListRule,
    declared,
)

#: Lowest score of each level on the 100-point scale ({} while the rules set no bands).
LEVEL_MIN_SCORES = IntMapRule("assessment.level_min_scores")
#: "Excellent" may not exceed this share of the members rated "good" in a grassroots
#: organization.
EXCELLENT_CAP = FractionRule("assessment.excellent_cap_of_good")
#: Consecutive years "not completed" that call for the removal of a member (§2.11).
REMOVAL_YEARS = IntRule("assessment.removal_consecutive_not_completed_years")
#: The situations of a member on a round's reference date that leave them out of the round's
#: population (``exempted``: exempted from activities).
NOT_ASSESSED = StrListRule("assessment.not_assessed")
#: The kinds of organization a round assesses (``organizations.choices.OrganizationKind``).
ORGANIZATION_KINDS = StrListRule("assessment.organization_kinds")


def _competence(key: str, kind: str) -> RuleKey[Competence]:
    def parse(value: Any) -> Competence:
        return parse_competence(kind, value)

    return declared.register(key, RuleKey(key, parse))


#: Who proposes and decides a member's level (levels of ``competence.choices.Level``).
MEMBER_COMPETENCE = _competence("competence.assessment_member", "assessment_member")
#: Who decides an organization's level (``parent``: the level directly above it).
ORGANIZATION_COMPETENCE = _competence(
    "competence.assessment_organization", "assessment_organization"
)
