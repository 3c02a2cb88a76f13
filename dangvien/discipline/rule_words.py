"""How the rulebook page reads the codes inside the discipline rules' values
(``rules.wording``); registered in ``DisciplineConfig.ready()``. The forms and the subjects
read through the audit words of ``Form`` and ``Subject`` registered there."""

from __future__ import annotations

from django.utils.functional import lazy
from django.utils.text import capfirst

from dangvien.discipline.rules import SUBJECT_CLASS_LABELS
from dangvien.members.choices import MemberStatus
from dangvien.rules.wording import RuleWords

_capitalised = lazy(capfirst, str)

RULE_WORDS: dict[str, RuleWords] = {
    # the subjects a member's status makes (``rules.subject_class``): a member of that status,
    # in the words the refusals of ``rules.form_verdict`` name them ("an official member"),
    # not the status alone (``MemberStatus``: "Official")
    "discipline.forms_by_subject": RuleWords(
        {
            status: _capitalised(SUBJECT_CLASS_LABELS[status])
            for status in (MemberStatus.OFFICIAL.value, MemberStatus.PROBATIONARY.value)
        }
    ),
}
