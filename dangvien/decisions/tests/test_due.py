"""What the removal due-list cites for a trigger (``due.trigger_citation``): the rule of the
rulebook behind it by its source document and title, never its key."""

from __future__ import annotations

from datetime import date

import pytest

from dangvien.decisions.due import RemovalTrigger, trigger_citation
from dangvien.rules.keys import RuleKey
from dangvien.rules.models import RuleParameter

pytestmark = pytest.mark.django_db

KEY = "removal.unexcused_months_per_year"


def _trigger(rule: RuleKey | None) -> RemovalTrigger:
    return RemovalTrigger("Thử", "Nguồn ghi trong mã", lambda actor, org, on: [], rule=rule)


def test_a_trigger_that_reads_a_rule_cites_the_rules_source_and_title_in_force():
    RuleParameter.objects.filter(key=KEY).update(
        source="Quy định thử mục 1", title="Ba tháng trong năm thì xem xét xóa tên"
    )

    citation = trigger_citation(_trigger(RuleKey(KEY, int)), date(2026, 4, 30))

    assert (citation.source, citation.title, citation.rule_key) == (
        "Quy định thử mục 1",
        "Ba tháng trong năm thì xem xét xóa tên",
        KEY,
    )


def test_a_trigger_without_a_rule_in_force_cites_its_own_source():
    assert trigger_citation(_trigger(None), date(2026, 4, 30)).source == "Nguồn ghi trong mã"
    missing = trigger_citation(_trigger(RuleKey("removal.no_such_rule", int)), date(2026, 4, 30))
    assert (missing.source, missing.rule_key) == ("Nguồn ghi trong mã", "")
