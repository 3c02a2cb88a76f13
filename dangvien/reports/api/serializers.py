"""Serializers of the reports API."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from dangvien.reports.models import PeriodKind, PeriodReport


class DashboardQuerySerializer(serializers.Serializer):
    as_of = serializers.DateField(
        required=False, help_text=_("Date of the figures; default today.")
    )
    compare = serializers.DateField(
        required=False, help_text=_("Second date: the key figures are compared with it.")
    )
    combined = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_(
            "For dates before the organization was founded by a merge: the combined figures of "
            "its predecessors, marked with combined_from (without it, such a date is refused)."
        ),
    )


class DocumentQuerySerializer(serializers.Serializer):
    as_of = serializers.DateField(
        required=False, help_text=_("Date of the figures; default today.")
    )


class ComparisonRowSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # the API's field name shadows a Field attribute in the stubs
    now = serializers.FloatField(allow_null=True)
    then = serializers.FloatField(allow_null=True)
    change = serializers.FloatField(allow_null=True)
    percent = serializers.FloatField(allow_null=True)


class DashboardSerializer(serializers.Serializer):
    figures = serializers.JSONField(
        help_text=_("§3 statistics plus breakdowns, movement in the year and drill-down.")
    )
    members_over_time = serializers.JSONField()
    admissions_by_year = serializers.JSONField()
    comparison = ComparisonRowSerializer(many=True, allow_null=True)


class PeriodReportSerializer(serializers.ModelSerializer[PeriodReport]):
    organization = serializers.CharField(source="organization.code", read_only=True)
    approved_by = serializers.CharField(source="approved_by_name", read_only=True)
    # plain text (not an enum): other apps already name a "status" enum in the schema
    status = serializers.CharField(read_only=True, help_text=_("draft, submitted or approved"))

    class Meta:
        model = PeriodReport
        fields = [
            "id",
            "organization",
            "period_kind",
            "period_from",
            "period_to",
            "number",
            "note",
            "status",
            "submitted_at",
            "approved_at",
            "approved_by",
            "checksums",
        ]
        read_only_fields = fields


class PeriodReportDetailSerializer(PeriodReportSerializer):
    figures = serializers.JSONField(read_only=True, allow_null=True)

    class Meta(PeriodReportSerializer.Meta):
        fields = [*PeriodReportSerializer.Meta.fields, "figures"]
        read_only_fields = fields


class PeriodReportCreateSerializer(serializers.Serializer):
    organization = serializers.CharField(help_text=_("Code of the organization."))
    period_kind = serializers.ChoiceField(choices=PeriodKind.choices)
    year = serializers.IntegerField(required=False, min_value=1930, max_value=2100)
    period_from = serializers.DateField(required=False)
    period_to = serializers.DateField(required=False)
    number = serializers.CharField(required=False, allow_blank=True, max_length=50)
    note = serializers.CharField(required=False, allow_blank=True)


class DiffRowSerializer(serializers.Serializer):
    field = serializers.CharField()
    frozen = serializers.JSONField(allow_null=True)
    current = serializers.JSONField(allow_null=True)


class ReportListQuerySerializer(serializers.Serializer):
    organization = serializers.CharField(
        required=False, help_text=_("Code: reports of this organization and below.")
    )
