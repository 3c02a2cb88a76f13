"""Discipline API serializers (plain strings for the forms and subjects, checked by the
services' rules, so that the schema's enums of other apps keep their names)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from dangvien.discipline.models import DisciplineCase


class DisciplineCaseSerializer(serializers.ModelSerializer):
    organization = serializers.CharField(source="organization.code", read_only=True)
    member = serializers.SerializerMethodField()
    opened_by = serializers.SerializerMethodField()
    case_status = serializers.CharField(source="status", read_only=True)
    decision = serializers.SerializerMethodField()

    class Meta:
        model = DisciplineCase
        fields = [
            "id",
            "key",
            "subject",
            "member",
            "organization",
            "opened_on",
            "opened_by",
            "violation",
            "violated_on",
            "offence",
            "case_status",
            "decision",
        ]
        read_only_fields = fields

    def get_member(self, case: DisciplineCase) -> str | None:
        return case.member.member_key if case.member is not None else None

    def get_opened_by(self, case: DisciplineCase) -> str | None:
        return case.opened_by.code if case.opened_by is not None else None

    def get_decision(self, case: DisciplineCase) -> dict[str, Any] | None:
        if not hasattr(case, "decision"):
            return None
        decision = case.decision
        return {
            "form": decision.form,
            "decided_on": decision.decided_on.isoformat(),
            "decided_by": decision.deciding_organization.code,
            "number": decision.number,
        }


class CaseOpenInputSerializer(serializers.Serializer[Any]):
    subject = serializers.CharField(help_text="member or organization")
    member = serializers.CharField(required=False, allow_blank=True, help_text="member key")
    organization = serializers.CharField(
        required=False, allow_blank=True, help_text="code of the organization disciplined"
    )
    opened_on = serializers.DateField()
    opened_by = serializers.CharField(required=False, allow_blank=True)
    violation = serializers.CharField()
    violated_on = serializers.DateField(required=False, allow_null=True)
    offence = serializers.CharField(required=False, allow_blank=True)
    key = serializers.CharField(required=False, allow_blank=True)


class CaseProposeInputSerializer(serializers.Serializer[Any]):
    form = serializers.CharField(help_text="dismissal or expulsion")
    proposed_on = serializers.DateField()
    members_convened = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    votes_for = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    votes_against = serializers.IntegerField(min_value=0, required=False, allow_null=True)


class CaseDecideInputSerializer(serializers.Serializer[Any]):
    form = serializers.CharField(
        help_text="reprimand, warning, dismissal, expulsion or dissolution"
    )
    decided_on = serializers.DateField()
    number = serializers.CharField()
    approved = serializers.BooleanField(default=True)
    decided_by = serializers.CharField(
        required=False, allow_blank=True, help_text="code of the deciding body (organizations)"
    )
    members_convened = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    votes_for = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    votes_against = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    confirmed = serializers.BooleanField(default=False)
