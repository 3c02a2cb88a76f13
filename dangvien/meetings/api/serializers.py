"""Meetings API serializers."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from dangvien.core.votes import VotePurpose
from dangvien.meetings.choices import AttendanceStatus, MeetingKind
from dangvien.meetings.models import Attendance, Meeting, MeetingVote


class AttendanceSerializer(serializers.ModelSerializer[Attendance]):
    member_key = serializers.CharField(source="member.member_key")
    full_name = serializers.CharField(source="member.full_name")

    class Meta:
        model = Attendance
        fields = ["member", "member_key", "full_name", "status", "reason", "as_guest"]
        read_only_fields = fields


class MeetingSerializer(serializers.ModelSerializer[Meeting]):
    organization = serializers.CharField(source="organization.code")

    class Meta:
        model = Meeting
        fields = [
            "id",
            "key",
            "organization",
            "kind",
            "held_on",
            "place",
            "topic",
            "agenda",
            "minutes",
            "resolution",
            "chaired_by",
            "members_convened",
        ]
        read_only_fields = fields


class MeetingVoteSerializer(serializers.ModelSerializer[MeetingVote]):
    class Meta:
        model = MeetingVote
        fields = [
            "id",
            "subject",
            "purpose",
            "members_convened",
            "votes_for",
            "votes_against",
            "abstentions",
        ]
        read_only_fields = fields


class MeetingVoteInputSerializer(serializers.Serializer[Any]):
    subject = serializers.CharField(max_length=500)
    purpose = serializers.ChoiceField(choices=VotePurpose.choices)
    votes_for = serializers.IntegerField(min_value=0, max_value=100000)
    votes_against = serializers.IntegerField(min_value=0, max_value=100000, default=0)
    abstentions = serializers.IntegerField(min_value=0, max_value=100000, default=0)


class MeetingDetailSerializer(MeetingSerializer):
    attendance = AttendanceSerializer(source="attendances", many=True, read_only=True)
    votes = MeetingVoteSerializer(many=True, read_only=True)

    class Meta(MeetingSerializer.Meta):
        fields = [*MeetingSerializer.Meta.fields, "attendance", "votes"]
        read_only_fields = fields


class MeetingCreateInputSerializer(serializers.Serializer[Any]):
    organization = serializers.CharField(help_text=_("Code of the organization that met."))
    kind = serializers.ChoiceField(choices=MeetingKind.choices)
    held_on = serializers.DateField()
    key = serializers.CharField(
        max_length=64,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Stable unique key of the meeting."),
    )
    place = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    topic = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    agenda = serializers.CharField(required=False, allow_blank=True, default="")
    minutes = serializers.CharField(required=False, allow_blank=True, default="")
    resolution = serializers.CharField(required=False, allow_blank=True, default="")
    chaired_by = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class AttendanceLineSerializer(serializers.Serializer[Any]):
    member = serializers.IntegerField(help_text=_("Id of the member."))
    status = serializers.ChoiceField(choices=AttendanceStatus.choices)
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class AttendanceInputSerializer(serializers.Serializer[Any]):
    lines = AttendanceLineSerializer(many=True)


class ExpectedSerializer(serializers.Serializer[Any]):
    member = serializers.IntegerField(source="member.pk")
    member_key = serializers.CharField(source="member.member_key")
    full_name = serializers.CharField(source="member.full_name")
    as_guest = serializers.BooleanField()


class MeetingsQuerySerializer(serializers.Serializer[Any]):
    organization = serializers.CharField(
        required=False, help_text=_("Only the meetings of this organization (code).")
    )
    year = serializers.IntegerField(required=False, min_value=1930, max_value=9999)
