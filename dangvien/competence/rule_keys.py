"""The rules of competence: who proposes and decides each kind, the deadlines they name, and
who counts in the denominator of a vote."""

from __future__ import annotations

from typing import Any

from dangvien.competence.choices import DecisionKind
from dangvien.competence.rules import Competence, parse_competence
from dangvien.rules.keys import IntRule, RuleKey, StrListRule, declared


def _competence_rule(kind: str) -> RuleKey[Competence]:
    def parse(value: Any) -> Competence:
        return parse_competence(kind, value)

    key = f"competence.{kind}"
    return declared.register(key, RuleKey(key, parse))


COMPETENCE: dict[str, RuleKey[Competence]] = {
    kind: _competence_rule(kind) for kind in DecisionKind.values
}
VOTE_CONVENED_EXCLUDES = StrListRule("vote.convened_excludes")
# Deadlines the competence rules name (working days the deciding body has).
ADMISSION_DECISION_WORKING_DAYS = IntRule("admission.decision_deadline_working_days")
DECISION_EXTENSION_MAX_WORKING_DAYS = IntRule("admission.decision_extension_max_working_days")
RECOGNITION_DECISION_WORKING_DAYS = IntRule("recognition.decision_deadline_working_days")
TRANSFER_FILING_WORKING_DAYS = IntRule("transfer.official_filing_working_days")
