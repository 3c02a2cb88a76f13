"""Fees API serializers."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from dangvien.fees.models import FeePayment, PaymentChannel
from dangvien.fees.rules import parse_month


class FeePaymentSerializer(serializers.ModelSerializer[FeePayment]):
    member_id = serializers.CharField(source="member.member_key")
    member_name = serializers.CharField(source="member.full_name")
    organization = serializers.CharField(source="organization.code")
    month = serializers.SerializerMethodField()

    class Meta:
        model = FeePayment
        fields = [
            "id",
            "member_id",
            "member_name",
            "month",
            "amount",
            "paid_on",
            "organization",
            "channel",
            "reference",
            "recorded_at",
            "actor_name",
        ]
        read_only_fields = fields

    def get_month(self, payment: FeePayment) -> str:
        return f"{payment.month:%Y-%m}"


class MonthField(serializers.CharField):
    """``YYYY-MM`` → the first day of the month."""

    def to_internal_value(self, data: Any) -> date:  # type: ignore[override]
        month = parse_month(str(super().to_internal_value(data)))
        if month is None:
            raise serializers.ValidationError(_("Enter a month as YYYY-MM."))
        return month


class FeePaymentInputSerializer(serializers.Serializer[Any]):
    member_id = serializers.CharField(help_text=_("Key of the member who paid."))
    month = MonthField(help_text=_("Month paid for (YYYY-MM)."))
    amount = serializers.IntegerField(help_text=_("Amount in đồng (a whole number)."))
    paid_on = serializers.DateField()
    channel = serializers.ChoiceField(choices=PaymentChannel.choices, default=PaymentChannel.CASH)
    reference = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)


class FeePaymentQuerySerializer(serializers.Serializer[Any]):
    month = MonthField(required=False, help_text=_("Only this month (YYYY-MM)."))
