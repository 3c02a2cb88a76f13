"""Serializers of the admission API."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from dangvien.admissions.choices import CandidateSource, Step, UnionBody
from dangvien.admissions.models import Candidate, CandidateStep
from dangvien.http.params import MAX_ID
from dangvien.http.serializers import DecisionSerializer


class CandidateStepSerializer(serializers.ModelSerializer):
    class Meta:
        model = CandidateStep
        fields = [
            "step",
            "done_on",
            "document_number",
            "issuer",
            "members_called",
            "votes_for",
            "note",
        ]


class CandidateSerializer(serializers.ModelSerializer):
    organization = serializers.CharField(source="organization.code", read_only=True)
    steps = CandidateStepSerializer(many=True, read_only=True)
    introducers: serializers.ManyRelatedField = serializers.PrimaryKeyRelatedField(  # type: ignore[assignment]
        many=True, read_only=True
    )
    kind = serializers.CharField(read_only=True, help_text="new or readmission")
    sex = serializers.CharField(read_only=True, help_text="M or F")
    status = serializers.CharField(read_only=True)
    step = serializers.CharField(read_only=True)
    source = serializers.CharField(read_only=True)  # type: ignore[assignment]  # the API's field name shadows a Field attribute in the stubs
    union_body = serializers.CharField(read_only=True)

    class Meta:
        model = Candidate
        fields = [
            "id",
            "organization",
            "kind",
            "member",
            "full_name",
            "sex",
            "birth_date",
            "education",
            "national_id",
            "source",
            "joined_unit_on",
            "over_age_approved",
            "introducers",
            "union_body",
            "step",
            "status",
            "extension_working_days",
            "extension_reason",
            "escalated",
            "steps",
        ]
        read_only_fields = fields


class CandidateCreateSerializer(serializers.Serializer):
    organization = serializers.CharField(help_text="Code of the cell.")
    full_name = serializers.CharField()
    sex = serializers.RegexField(r"^[MF]$", help_text="M or F")
    birth_date = serializers.DateField(required=False, allow_null=True)
    education = serializers.CharField(required=False, allow_blank=True)
    national_id = serializers.CharField(required=False, allow_blank=True)
    source = serializers.ChoiceField(choices=CandidateSource.choices)  # type: ignore[assignment]  # the API's field name shadows a Field attribute in the stubs
    joined_unit_on = serializers.DateField(required=False, allow_null=True)
    over_age_approved = serializers.BooleanField(required=False, default=False)


class StepInputSerializer(serializers.Serializer):
    step = serializers.ChoiceField(choices=Step.choices)
    done_on = serializers.DateField()
    document_number = serializers.CharField(required=False, allow_blank=True, default="")
    issuer = serializers.CharField(required=False, allow_blank=True, default="")
    members_called = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=100000
    )
    votes_for = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=100000
    )
    meeting_vote = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=2**31 - 1,
        help_text=_(
            "Id of a vote the cell took at its meeting: its numbers (and date) are used instead "
            "of typed ones."
        ),
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")


class IntroducersInputSerializer(serializers.Serializer):
    introducers = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID), help_text="Member ids."
    )
    union_body = serializers.ChoiceField(
        choices=UnionBody.choices, required=False, allow_blank=True, default=""
    )


class CeremonyInputSerializer(serializers.Serializer):
    ceremony_on = serializers.DateField()
    member_key = serializers.CharField(required=False, allow_blank=True, default="")
    consent = DecisionSerializer(
        required=False,
        help_text=_(
            "Re-admission: the written consent of the provincial standing committee "
            "(Quy định 294-QĐ/TW mục 3.5)."
        ),
    )
    hardship_exception = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=4000,
        help_text=_("Re-admission of one who left at their own request: the family circumstances."),
    )


class RecognitionVoteInputSerializer(serializers.Serializer):
    voted_on = serializers.DateField(required=False, allow_null=True)
    members_called = serializers.IntegerField(
        min_value=1, max_value=100000, required=False, allow_null=True
    )
    votes_for = serializers.IntegerField(
        min_value=0, max_value=100000, required=False, allow_null=True
    )
    meeting_vote = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=2**31 - 1,
        help_text=_(
            "Id of a vote the cell took at its meeting: its numbers (and date) are used instead "
            "of typed ones."
        ),
    )


class CheckItemSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # the API's field name shadows a Field attribute in the stubs
    status = serializers.CharField()
    message = serializers.CharField()
    rule_key = serializers.CharField()
    source = serializers.CharField()  # type: ignore[assignment]  # the API's field name shadows a Field attribute in the stubs


class ProgressRowSerializer(serializers.Serializer):
    organization = serializers.CharField(source="organization.code")
    name = serializers.CharField()
    target = serializers.IntegerField(source="target.admissions", allow_null=True, default=None)
    period_from = serializers.DateField(source="target.period_from", allow_null=True, default=None)
    period_to = serializers.DateField(source="target.period_to", allow_null=True, default=None)
    admitted = serializers.IntegerField()
    pipeline = serializers.DictField(child=serializers.IntegerField())
    in_probation = serializers.IntegerField()
    percent = serializers.FloatField(allow_null=True)
    projection = serializers.IntegerField(allow_null=True)
    expected_share = serializers.FloatField(allow_null=True)
    behind = serializers.BooleanField()


class ProgressSerializer(ProgressRowSerializer):
    children = ProgressRowSerializer(many=True)
