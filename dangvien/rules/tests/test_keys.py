"""Every rule key the code reads is declared once with its type, and the rulebook has it."""

from datetime import date
from fractions import Fraction
from importlib import import_module
from importlib.util import find_spec

import pytest
from django.apps import apps

from dangvien.rules.keys import IntRule, declared
from dangvien.rules.models import RuleParameter

pytestmark = pytest.mark.django_db


def _import_declarations() -> None:
    for config in apps.get_app_configs():
        if config.name.startswith("dangvien.") and find_spec(f"{config.name}.rule_keys"):
            import_module(f"{config.name}.rule_keys")


def test_every_declared_key_is_in_the_seeded_rulebook():
    # given
    _import_declarations()
    # when
    keys = set(declared.keys())
    seeded = set(RuleParameter.objects.values_list("key", flat=True))
    # then
    assert len(keys) > 20
    assert keys - seeded == set()


def test_values_come_typed():
    # given
    _import_declarations()
    vote = declared["admission.vote_min_fraction"]
    milestones = declared["badge.milestone_years"]
    # when / then
    assert vote(on=date(2022, 4, 30)) == Fraction(2, 3)
    assert milestones(on=date(2022, 4, 30))[0] == 30


def test_a_second_declaration_of_a_key_with_another_type_is_refused():
    from dangvien.core.registry import RegistryError
    from dangvien.rules.keys import StrRule

    _import_declarations()
    with pytest.raises(RegistryError):
        StrRule("probation.months")
    # the same declaration again (an app's ready() may run twice in tests) is no conflict
    assert IntRule("probation.months") == declared["probation.months"]
