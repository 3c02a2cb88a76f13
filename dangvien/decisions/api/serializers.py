"""Serializers of the proposals and decisions API."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from dangvien.decisions.choices import DecisionKind, Outcome
from dangvien.decisions.models import Proposal, Ruling
from dangvien.http.serializers import DecisionSerializer


class RulingSerializer(serializers.ModelSerializer[Ruling]):
    organization = serializers.CharField(source="organization.code")

    class Meta:
        model = Ruling
        fields = [
            "outcome",
            "organization",
            "decided_on",
            "number",
            "issuer",
            "note",
            "decided_by_name",
        ]


class ProposalSerializer(serializers.ModelSerializer[Proposal]):
    member = serializers.IntegerField(source="member_id")
    member_name = serializers.CharField(source="member.full_name")
    proposing_organization = serializers.CharField(source="proposing_organization.code")
    deciding_organization = serializers.CharField(source="deciding_organization.code")
    status = serializers.CharField()
    ruling = serializers.SerializerMethodField()

    class Meta:
        model = Proposal
        fields = [
            "id",
            "kind",
            "member",
            "member_name",
            "proposing_organization",
            "deciding_organization",
            "proposed_on",
            "members_convened",
            "votes_for",
            "votes_against",
            "due_on",
            "data",
            "note",
            "status",
            "submitted_by_name",
            "ruling",
        ]

    def get_ruling(self, proposal: Proposal) -> dict[str, Any] | None:
        ruling = getattr(proposal, "ruling", None)
        return RulingSerializer(ruling).data if ruling is not None else None


class ProposalListQuerySerializer(serializers.Serializer[Any]):
    waiting = serializers.BooleanField(
        required=False, default=False, help_text=_("Only proposals waiting for a decision.")
    )
    to_decide = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_("Only proposals waiting for a decision of a body the caller acts for."),
    )
    member = serializers.IntegerField(
        required=False, min_value=1, max_value=2**31 - 1, help_text=_("Only this member's.")
    )


class ProposalInputSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=DecisionKind.choices)
    member = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    proposed_on = serializers.DateField()
    members_convened = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=100000
    )
    votes_for = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=100000
    )
    votes_against = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=100000
    )
    meeting_vote = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=2**31 - 1,
        help_text=_(
            "Id of a vote the organization took at its meeting on that day: its numbers are "
            "used instead of typed ones."
        ),
    )
    details = serializers.DictField(
        required=False,
        default=dict,
        help_text=_(
            "Details by kind: organization (code) for a transfer introduction or a re-admission; "
            "number for a party card; milestone and early_reason for a badge; consent_number "
            "and consent_date for a re-admission."
        ),
    )
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)


class RulingInputSerializer(serializers.Serializer[Any]):
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    decision = DecisionSerializer()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)
    confirmed = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_("Required for an approval that cannot be undone (expulsion, removal …)."),
    )


class WithdrawInputSerializer(serializers.Serializer[Any]):
    on = serializers.DateField()
    note = serializers.CharField(max_length=4000)


class DirectDecisionInputSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=DecisionKind.choices)
    member = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    decision = DecisionSerializer()
    members_convened = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=100000
    )
    votes_for = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=100000
    )
    votes_against = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=100000
    )
    meeting_vote = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=2**31 - 1,
        help_text=_(
            "Id of a vote the organization took at its meeting on that day: its numbers are "
            "used instead of typed ones."
        ),
    )
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)
