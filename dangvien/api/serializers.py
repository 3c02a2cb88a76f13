"""Serializers of the token endpoint."""

from __future__ import annotations

from rest_framework import serializers


class CredentialsSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(
        max_length=128, style={"input_type": "password"}, trim_whitespace=False
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()
