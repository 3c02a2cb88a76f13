"""``get_FOO_display()`` from labels built once per field reads as Django's own does."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import models
from django.utils import translation

from dangvien.core.models import ChoiceLabels

CHOICE_FIELDS = [
    (model, field)
    for model in apps.get_models()
    if issubclass(model, ChoiceLabels)
    for field in model._meta.concrete_fields
    if field.choices
]


def test_the_domain_models_with_choices_read_their_labels_once():
    labelled = {model._meta.label for model, _field in CHOICE_FIELDS}
    for label in ("organizations.OrganizationVersion", "members.MemberPeriod", "members.Member"):
        assert label in labelled


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_label_reads_as_django_reads_it_in_the_language_shown(language):
    with translation.override(language):
        for model, field in CHOICE_FIELDS:
            values = [value for value, _label in field.flatchoices] + ["not-a-choice", None]
            for value in values:
                row = model()
                setattr(row, field.attname, value)
                ours = row._get_FIELD_display(field)
                djangos = models.Model._get_FIELD_display(row, field)
                assert ours == djangos, (model._meta.label, field.name, value)
                assert type(ours) is type(djangos)


def test_a_label_follows_the_language_of_the_request():
    from dangvien.organizations.models import OrganizationVersion

    version = OrganizationVersion(kind="cell")
    with translation.override("vi"):
        vietnamese = version.get_kind_display()
    with translation.override("en"):
        english = version.get_kind_display()
    assert vietnamese != english and vietnamese.startswith("Chi bộ")
