"""Committee API serializers."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from dangvien.committees.choices import Post
from dangvien.committees.models import CommitteePost, Term
from dangvien.organizations.models import OrganizationVersion


class TermSerializer(serializers.ModelSerializer):
    organization = serializers.CharField(source="organization.code")

    class Meta:
        model = Term
        fields = [
            "id",
            "organization",
            "name",
            "congress_on",
            "starts_on",
            "ends_on",
            "length_months",
            "rule_source",
            "note",
        ]
        read_only_fields = fields


class CommitteePostSerializer(serializers.ModelSerializer):
    class Meta:
        model = CommitteePost
        fields = [
            "id",
            "term",
            "post",
            "member",
            "person_name",
            "person_key",
            "held_from",
            "held_to",
            "decision_number",
        ]
        read_only_fields = fields


class OrganizationWithoutSecretarySerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="organization.code")
    parent = serializers.CharField(source="parent.code", allow_null=True, default=None)  # type: ignore[assignment]  # the API's field name shadows a Field attribute in the stubs

    class Meta:
        model = OrganizationVersion
        fields = ["code", "name", "kind", "sector", "parent", "depth"]
        read_only_fields = fields


class TermCreateInputSerializer(serializers.Serializer):
    congress_on = serializers.DateField(help_text=_("Date of the congress opening the term."))
    name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class PostAssignInputSerializer(serializers.Serializer):
    post = serializers.ChoiceField(choices=Post.choices)
    member = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=1,
        max_value=2**63 - 1,
        help_text=_("Id of the member holding the post (or give their member key)."),
    )
    person_key = serializers.CharField(
        max_length=64,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Member key of the holder, when the id is not given."),
    )
    held_from = serializers.DateField()
    held_to = serializers.DateField(required=False, allow_null=True, default=None)
    term = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text=_("Id of a term of the same organization."),
    )
    decision_number = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default=""
    )


class PostEndInputSerializer(serializers.Serializer):
    held_to = serializers.DateField(help_text=_("Last day: the post is not held at its end."))


class WithoutSecretaryQuerySerializer(serializers.Serializer):
    as_of = serializers.DateField(required=False, help_text=_("Date; default today."))
    root = serializers.CharField(required=False, help_text=_("Only the subtree of this code."))  # type: ignore[assignment]  # the API's field name shadows a Field attribute in the stubs
