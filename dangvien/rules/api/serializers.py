"""Rulebook API serializers."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from dangvien.rules.models import RuleParameter


@extend_schema_field(OpenApiTypes.ANY)
class RuleValueField(serializers.JSONField):
    """A number, a list or a mapping."""


class RuleParameterSerializer(serializers.ModelSerializer):
    value = RuleValueField()

    class Meta:
        model = RuleParameter
        fields = [
            "id",
            "key",
            "value",
            "unit",
            "effective_from",
            "effective_to",
            "title",
            "source",
            "confidence",
            "note",
        ]
        read_only_fields = fields


class RuleListQuerySerializer(serializers.Serializer):
    as_of = serializers.DateField(
        required=False, help_text=_("Only versions in force that day; default all.")
    )
    search = serializers.CharField(
        required=False, allow_blank=True, default="", help_text=_("Part of the key or title.")
    )
