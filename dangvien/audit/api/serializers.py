"""Audit API serializers (read-only)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from dangvien.audit.choices import AuditAction
from dangvien.audit.models import AuditEvent


@extend_schema_field({"type": "object", "additionalProperties": True, "nullable": True})
class SnapshotField(serializers.JSONField):
    """Field values of the object before or after the change."""


class AuditEventSerializer(serializers.ModelSerializer):
    object_type = serializers.SerializerMethodField()
    before = SnapshotField()
    after = SnapshotField()

    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "recorded_at",
            "actor_name",
            "request_id",
            "action",
            "object_type",
            "object_id",
            "object_repr",
            "organization_path",
            "before",
            "after",
            "message",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_object_type(self, event: AuditEvent) -> str | None:
        if event.object_type is None:
            return None
        return f"{event.object_type.app_label}.{event.object_type.model}"


class AuditListQuerySerializer(serializers.Serializer):
    organization = serializers.CharField(
        required=False, help_text=_("Only rows of this organization's subtree.")
    )
    action = serializers.ChoiceField(choices=AuditAction.choices, required=False)
    actor_name = serializers.CharField(required=False, help_text=_("Part of the actor's name."))
    object_type = serializers.CharField(
        required=False,
        help_text=_("Model name, e.g. term, or with its app as the rows give it: committees.term."),
    )
    object_id = serializers.CharField(required=False)
    date_from = serializers.DateField(required=False)
    date_to = serializers.DateField(required=False)
