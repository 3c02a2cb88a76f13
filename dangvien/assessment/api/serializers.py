"""Assessment API serializers."""

from __future__ import annotations

from rest_framework import serializers

from dangvien.assessment.choices import Level, Subject
from dangvien.assessment.models import AssessmentResult


class AssessmentResultSerializer(serializers.ModelSerializer[AssessmentResult]):
    code = serializers.SerializerMethodField()
    organization = serializers.CharField(source="organization.code")
    decided_by_code = serializers.CharField(source="decided_by.code")
    supersedes: serializers.PrimaryKeyRelatedField[AssessmentResult] = (
        serializers.PrimaryKeyRelatedField(read_only=True)
    )

    class Meta:
        model = AssessmentResult
        fields = [
            "id",
            "year",
            "subject",
            "code",
            "organization",
            "level",
            "score",
            "decided_on",
            "decided_by_code",
            "supersedes",
            "note",
        ]
        read_only_fields = fields

    def get_code(self, result: AssessmentResult) -> str:
        """The member key, or the organization code."""
        if result.member is not None:
            return result.member.member_key
        return result.organization.code


class ResultInputSerializer(serializers.Serializer[dict[str, object]]):
    year = serializers.IntegerField(min_value=1930, max_value=2100)
    subject = serializers.ChoiceField(choices=Subject.choices)
    code = serializers.CharField(max_length=64, help_text="member_id or organization code")
    level = serializers.ChoiceField(choices=Level.choices)
    score = serializers.IntegerField(min_value=0, max_value=100, required=False, allow_null=True)
    decided_on = serializers.DateField()
    decided_by_code = serializers.CharField(
        max_length=64, required=False, allow_blank=True,
        help_text="the deciding organization; default: the competent body of the rulebook",
    )  # fmt: skip
    note = serializers.CharField(required=False, allow_blank=True, default="")


class YearQuerySerializer(serializers.Serializer[dict[str, object]]):
    year = serializers.IntegerField(required=False, min_value=1930, max_value=2100)
    subject = serializers.ChoiceField(choices=Subject.choices, required=False)
