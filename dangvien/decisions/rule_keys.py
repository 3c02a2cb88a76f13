"""The rules the decisions app reads: the competence of each decision kind, and who counts in
the denominator of a vote."""

from __future__ import annotations

from typing import Any

from dangvien.decisions.choices import DecisionKind
from dangvien.decisions.competence import Competence, parse_competence
from dangvien.rules.keys import RuleKey, StrListRule, declared


def _competence_rule(kind: str) -> RuleKey[Competence]:
    def parse(value: Any) -> Competence:
        return parse_competence(kind, value)

    key = f"competence.{kind}"
    return declared.register(key, RuleKey(key, parse))


COMPETENCE: dict[str, RuleKey[Competence]] = {
    kind: _competence_rule(kind) for kind in DecisionKind.values
}
VOTE_CONVENED_EXCLUDES = StrListRule("vote.convened_excludes")
