"""Serializers shared by every app's API: errors, decisions, authentication."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from dangvien.organizations.services import Decision


class ErrorSerializer(serializers.Serializer):
    """Body of a 400 caused by a domain rule."""

    code = serializers.CharField(help_text=_("Stable machine-readable code."))
    message = serializers.CharField(help_text=_("Translated message for the user."))
    field = serializers.CharField(required=False, help_text=_("Input field concerned, if any."))


class DetailSerializer(serializers.Serializer):
    """Body of a 401, 403 or 404."""

    detail = serializers.CharField()


class DecisionSerializer(serializers.Serializer):
    """The document behind a change."""

    number = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    date = serializers.DateField(required=False, allow_null=True, default=None)
    issuer = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")


def decision_from(data: dict | None) -> Decision:
    """A ``Decision`` from validated ``DecisionSerializer`` data (or none)."""
    if not data:
        return Decision()
    return Decision(
        number=data.get("number", ""), date=data.get("date"), issuer=data.get("issuer", "")
    )


class CredentialsSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(
        max_length=128, style={"input_type": "password"}, trim_whitespace=False
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()
