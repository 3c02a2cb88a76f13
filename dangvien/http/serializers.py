"""Serializers shared by every app's API: errors and the decision behind a change."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from dangvien.core.decisions import Decision


class ErrorSerializer(serializers.Serializer[Any]):
    """Body of a 400 caused by a domain rule."""

    code = serializers.CharField(help_text=_("Stable machine-readable code."))
    message = serializers.CharField(help_text=_("Translated message for the user."))
    field = serializers.CharField(required=False, help_text=_("Input field concerned, if any."))


class DetailSerializer(serializers.Serializer[Any]):
    """Body of a 401, 403 or 404."""

    detail = serializers.CharField()


class DecisionSerializer(serializers.Serializer[Any]):
    """The document behind a change."""

    number = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    date = serializers.DateField(required=False, allow_null=True, default=None)
    issuer = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")


def decision_from(data: dict[str, Any] | None) -> Decision:
    """A ``Decision`` from validated ``DecisionSerializer`` data (or none)."""
    if not data:
        return Decision()
    return Decision(
        number=data.get("number", ""), date=data.get("date"), issuer=data.get("issuer", "")
    )
