"""Member API serializers: ``…InputSerializer`` in, record/timeline/periods/lists out."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from dangvien.core.decisions import Decision
from dangvien.http.serializers import DecisionSerializer
from dangvien.members.actions import ActionInput, ActionRequest, target_organization
from dangvien.members.choices import MemberStatus, PoliticalTheory, Sex, TemporaryPurpose
from dangvien.members.models import Member, MemberEvent, MemberPeriod
from dangvien.members.services import PROFILE_FIELDS

CODE_HELP = _("Code of a party organization.")
EARLIEST, LATEST = date(1900, 1, 1), date(2999, 12, 31)


def member_decision(data: dict[str, Any] | None) -> Decision:
    """A members' ``Decision`` from validated ``DecisionSerializer`` data (or none)."""
    if not data:
        return Decision()
    return Decision(
        number=data.get("number", ""), date=data.get("date"), issuer=data.get("issuer", "")
    )


class BoundedDateField(serializers.DateField):
    """A date within the years the registry can compute with (1900–2999)."""

    def to_internal_value(self, value: Any) -> date:
        day = super().to_internal_value(value)
        if not EARLIEST <= day <= LATEST:
            raise serializers.ValidationError(_("The date must be between 1900 and 2999."))
        return day


#
# Query parameters
#


class MemberAsOfQuerySerializer(serializers.Serializer):
    as_of = BoundedDateField(
        required=False,
        help_text=_("Date (YYYY-MM-DD) at the end of which the state is read; default today."),
    )


class MemberListQuerySerializer(MemberAsOfQuerySerializer):
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text=_("Name (diacritics ignored), citizen ID, card number or member key."),
    )
    organization = serializers.CharField(
        required=False, help_text=_("Members of this organization's subtree on ``as_of``.")
    )
    status = serializers.ChoiceField(choices=MemberStatus.choices, required=False)
    sex = serializers.ChoiceField(choices=Sex.choices, required=False)
    exempted = serializers.BooleanField(required=False, allow_null=True, default=None)
    away = serializers.BooleanField(required=False, allow_null=True, default=None)
    ethnicity = serializers.CharField(required=False, allow_blank=True)
    religion = serializers.CharField(required=False, allow_blank=True)
    education = serializers.CharField(required=False, allow_blank=True)
    political_theory = serializers.ChoiceField(choices=PoliticalTheory.choices, required=False)
    age_from = serializers.IntegerField(required=False, min_value=0, max_value=150)
    age_to = serializers.IntegerField(required=False, min_value=0, max_value=150)


class OrganizationListQuerySerializer(MemberAsOfQuerySerializer):
    organization = serializers.CharField(help_text=CODE_HELP)


#
# Output
#


class MemberSummarySerializer(serializers.Serializer):
    """A member in a list, with their organization and status on ``as_of`` (null if none)."""

    id = serializers.IntegerField()
    member_key = serializers.CharField()
    full_name = serializers.CharField()
    sex = serializers.CharField()
    birth_date = serializers.DateField(allow_null=True)
    organization = serializers.CharField(allow_null=True, help_text=CODE_HELP)
    status = serializers.CharField(allow_null=True)
    is_exempted = serializers.BooleanField(allow_null=True)
    host_organization = serializers.CharField(allow_null=True)
    transit_to = serializers.CharField(allow_null=True)


def summary(member: Member, period: MemberPeriod | None) -> dict[str, Any]:
    return {
        "id": member.pk,
        "member_key": member.member_key,
        "full_name": member.full_name,
        "sex": member.sex,
        "birth_date": member.birth_date,
        "organization": period.organization.code if period else None,
        "status": period.status if period else None,
        "is_exempted": period.is_exempted if period else None,
        "host_organization": (
            period.host_organization.code if period and period.host_organization else None
        ),
        "transit_to": period.transit_to.code if period and period.transit_to else None,
    }


class ProfileSerializer(serializers.ModelSerializer):
    class Meta:
        model = Member
        fields = PROFILE_FIELDS
        extra_kwargs = {name: {"required": False} for name in PROFILE_FIELDS}
        validators: list[Any] = []

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        for field in fields.values():
            field.validators = [
                v for v in field.validators if type(v).__name__ != "UniqueValidator"
            ]
        return fields


class LifecycleDatesSerializer(serializers.Serializer):
    decision_on = serializers.DateField(allow_null=True, help_text=_("First admission decision."))
    decision_number = serializers.CharField()
    admitted_on = serializers.DateField(allow_null=True, help_text=_("Last admission ceremony."))
    official_on = serializers.DateField(allow_null=True)
    left_on = serializers.DateField(allow_null=True)
    exit_type = serializers.CharField()


class GapSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    reason = serializers.CharField()


class PartyAgeSerializer(serializers.Serializer):
    start = serializers.DateField()
    days = serializers.IntegerField()
    years = serializers.IntegerField()
    gaps = GapSerializer(many=True)


class MemberDetailSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    member_key = serializers.CharField()
    as_of = serializers.DateField()
    profile = ProfileSerializer()
    lifecycle = LifecycleDatesSerializer()
    current = MemberSummarySerializer(help_text=_("Organization and status on ``as_of``."))
    party_age = PartyAgeSerializer(allow_null=True)


class MemberEventSerializer(serializers.ModelSerializer):
    organization = serializers.CharField(source="organization.code", allow_null=True, default=None)
    from_organization = serializers.CharField(
        source="from_organization.code", allow_null=True, default=None
    )
    corrects = serializers.IntegerField(source="corrects_id", allow_null=True)

    class Meta:
        model = MemberEvent
        fields = [
            "id",
            "type",
            "effective_on",
            "organization",
            "from_organization",
            "decision_number",
            "decision_date",
            "decision_issuer",
            "note",
            "corrects",
            "recorded_at",
            "actor_name",
        ]
        read_only_fields = fields


class MemberPeriodSerializer(serializers.ModelSerializer):
    organization = serializers.CharField(source="organization.code")
    host_organization = serializers.CharField(
        source="host_organization.code", allow_null=True, default=None
    )
    transit_to = serializers.CharField(source="transit_to.code", allow_null=True, default=None)

    class Meta:
        model = MemberPeriod
        fields = [
            "organization",
            "valid_from",
            "valid_to",
            "status",
            "is_exempted",
            "host_organization",
            "transit_to",
        ]
        read_only_fields = fields


class RecognitionDueSerializer(serializers.Serializer):
    member = serializers.IntegerField(source="member.pk")
    full_name = serializers.CharField(source="member.full_name")
    organization = serializers.CharField(source="organization.code")
    admitted_on = serializers.DateField()
    probation_ends = serializers.DateField()
    proposal_deadline = serializers.DateField()
    is_overdue = serializers.BooleanField()


class TransferRowSerializer(serializers.Serializer):
    member = serializers.IntegerField(source="member.pk")
    full_name = serializers.CharField(source="member.full_name")
    direction = serializers.ChoiceField(choices=[("in", "in"), ("out", "out")])
    from_organization = serializers.CharField(source="from_organization.code")
    to_organization = serializers.CharField(source="to_organization.code")
    issued_on = serializers.DateField()
    deadline = serializers.DateField()
    is_overdue = serializers.BooleanField()


class BadgeCandidateSerializer(serializers.Serializer):
    member = serializers.IntegerField(source="member.pk")
    full_name = serializers.CharField(source="member.full_name")
    organization = serializers.CharField(source="organization.code")
    milestone = serializers.IntegerField(help_text=_("Badge of this many years."))
    party_age_years = serializers.IntegerField()
    award_on = serializers.DateField()


#
# Input
#


class AdmitInputSerializer(serializers.Serializer):
    organization = serializers.CharField(help_text=_("Cell admitting the member."))
    admitted_on = BoundedDateField(help_text=_("Admission ceremony (probation starts)."))
    decision = DecisionSerializer(help_text=_("The admission decision (its date is required)."))
    profile = ProfileSerializer()
    member_key = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")
    vote_on = BoundedDateField(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class EventInputSerializer(serializers.Serializer):
    effective_on = BoundedDateField()
    decision = DecisionSerializer(required=False)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ConfirmedEventInputSerializer(EventInputSerializer):
    confirmed = serializers.BooleanField(help_text=_("Must be true: the action cannot be undone."))

    def validate_confirmed(self, value: bool) -> bool:
        if not value:
            raise serializers.ValidationError(_("Confirm to record it: it cannot be undone."))
        return value


class TargetInputSerializer(EventInputSerializer):
    organization = serializers.CharField(
        help_text=_("Code of the destination (any organization holding members).")
    )


class TemporaryInputSerializer(TargetInputSerializer):
    purpose = serializers.ChoiceField(
        choices=TemporaryPurpose.choices,
        default=TemporaryPurpose.WORK,
        help_text=_("What for: its maximum length depends on it (rulebook)."),
    )


class NoteInputSerializer(serializers.Serializer):
    effective_on = BoundedDateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class CorrectInputSerializer(serializers.Serializer):
    effective_on = BoundedDateField()
    organization = serializers.CharField(
        required=False, allow_blank=True, default="", help_text=_("Empty: keep the organization.")
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")


class VoidInputSerializer(serializers.Serializer):
    note = serializers.CharField(help_text=_("Why the entry is cancelled."))


#: The input serializer of each shape of action input (``actions.ActionInput``).
ACTION_SERIALIZERS: dict[ActionInput, type[serializers.Serializer]] = {
    ActionInput.EVENT: EventInputSerializer,
    ActionInput.CONFIRMED_EVENT: ConfirmedEventInputSerializer,
    ActionInput.TARGET: TargetInputSerializer,
    ActionInput.TEMPORARY: TemporaryInputSerializer,
    ActionInput.NOTE: NoteInputSerializer,
}


def action_request(data: dict[str, Any]) -> ActionRequest:
    """The validated data of an ``ACTION_SERIALIZERS`` input as the action reads it (resolving
    an organization code may raise ``ValidationFailed``: call it inside the request)."""
    code = data.get("organization")
    return ActionRequest(
        effective_on=data["effective_on"],
        note=data["note"],
        decision=member_decision(data.get("decision")),
        organization=target_organization(code) if code is not None else None,
        purpose=data.get("purpose", ""),
    )
