"""The admission rules are part of the rulebook seeded again (``rules.seed.reseed_rulebook``),
as every app's rules are."""

from __future__ import annotations

import pytest
from django.apps import apps

from dangvien.admissions.seed import ADMISSION_RULES
from dangvien.rules.models import RuleParameter
from dangvien.rules.seed import reseed_rulebook

pytestmark = pytest.mark.django_db


def test_the_rulebook_seeded_again_holds_the_admission_rules():
    keys = {rule["key"] for rule in ADMISSION_RULES}
    RuleParameter.objects.all().delete()  # as a test that empties the database leaves it
    reseed_rulebook(apps)
    assert set(RuleParameter.objects.filter(key__in=keys).values_list("key", flat=True)) == keys
    cells = RuleParameter.objects.get(key="admissions.priority_cell_sectors")
    assert cells.value == ["residential", "school", "enterprise", "health"]
