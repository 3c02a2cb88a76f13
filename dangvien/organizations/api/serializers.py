"""Organization API serializers: ``…InputSerializer`` in, state/detail/history out."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from dangvien.http.serializers import DecisionSerializer
from dangvien.organizations.choices import OrganizationKind, Sector
from dangvien.organizations.models import OrganizationChange, OrganizationVersion

CODE_HELP = _("Code of a party organization.")

#
# Output
#


class OrganizationStateSerializer(serializers.ModelSerializer):
    """The state of an organization on one date."""

    code = serializers.CharField(source="organization.code")
    parent = serializers.CharField(  # type: ignore[assignment]
        source="parent.code",
        allow_null=True,
        default=None,
        help_text=_("Code of the parent organization that day."),
    )
    established_on = serializers.DateField(source="organization.established_on")
    dissolved_on = serializers.DateField(source="organization.dissolved_on", allow_null=True)

    class Meta:
        model = OrganizationVersion
        fields = [
            "code",
            "name",
            "kind",
            "sector",
            "parent",
            "depth",
            "valid_from",
            "valid_to",
            "established_on",
            "dissolved_on",
        ]
        read_only_fields = fields


class AncestorSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="organization.code")

    class Meta:
        model = OrganizationVersion
        fields = ["code", "name", "kind"]
        read_only_fields = fields


class OrganizationDetailSerializer(serializers.Serializer):
    """Identity of an organization, its state on ``as_of`` (null if it did not exist then)
    and its ancestors that day, from the root down."""

    code = serializers.CharField()
    established_on = serializers.DateField()
    dissolved_on = serializers.DateField(allow_null=True)
    merged_into = serializers.CharField(allow_null=True, help_text=_("Code of the survivor."))
    as_of = serializers.DateField()
    state = OrganizationStateSerializer(allow_null=True)
    ancestors = AncestorSerializer(many=True)


class OrganizationVersionSerializer(serializers.ModelSerializer):
    parent = serializers.CharField(source="parent.code", allow_null=True, default=None)  # type: ignore[assignment]  # the API's field name shadows a Field attribute in the stubs

    class Meta:
        model = OrganizationVersion
        fields = ["name", "kind", "sector", "parent", "path", "depth", "valid_from", "valid_to"]
        read_only_fields = fields


class OrganizationChangeSerializer(serializers.ModelSerializer):
    organization = serializers.CharField(source="organization.code")
    related_organization = serializers.CharField(
        source="related_organization.code", allow_null=True, default=None
    )

    class Meta:
        model = OrganizationChange
        fields = [
            "id",
            "organization",
            "change_type",
            "effective_on",
            "related_organization",
            "decision_number",
            "decision_date",
            "decision_issuer",
            "data",
            "note",
            "recorded_at",
            "actor_name",
        ]
        read_only_fields = fields


class OrganizationHistorySerializer(serializers.Serializer):
    code = serializers.CharField()
    changes = OrganizationChangeSerializer(many=True, help_text=_("Newest first."))
    versions = OrganizationVersionSerializer(many=True, help_text=_("Oldest first."))


class TreeNodeSerializer(serializers.Serializer):
    """One node of the tree on a date, with its sub-organizations."""

    code = serializers.CharField(source="state.organization.code")
    name = serializers.CharField(source="state.name")
    kind = serializers.ChoiceField(source="state.kind", choices=OrganizationKind.choices)
    sector = serializers.CharField(source="state.sector")
    depth = serializers.IntegerField(source="state.depth")


# Recursive: drf-spectacular emits a self-referencing component.
TreeNodeSerializer._declared_fields["children"] = TreeNodeSerializer(many=True)


class SplitResultSerializer(serializers.Serializer):
    organization = OrganizationDetailSerializer(help_text=_("The organization that was split."))
    parts = OrganizationDetailSerializer(many=True, help_text=_("The organizations founded."))


#
# Input
#


class ChangeInputSerializer(serializers.Serializer):
    """Fields every change carries: its effective date, decision and note."""

    effective_on = serializers.DateField(help_text=_("Business date from the decision."))
    decision = DecisionSerializer(required=False)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class OrganizationCreateInputSerializer(serializers.Serializer):
    parent = serializers.CharField(  # type: ignore[assignment]
        required=False,
        allow_null=True,
        default=None,
        help_text=_("Parent code; empty for a root (administrators)."),
    )
    code = serializers.CharField(max_length=64)
    name = serializers.CharField(max_length=255)
    kind = serializers.ChoiceField(choices=OrganizationKind.choices)
    sector = serializers.ChoiceField(
        choices=Sector.choices, required=False, allow_blank=True, default=""
    )
    established_on = serializers.DateField()
    decision = DecisionSerializer(required=False)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class RenameInputSerializer(ChangeInputSerializer):
    name = serializers.CharField(max_length=255)


class ReclassifyInputSerializer(ChangeInputSerializer):
    kind = serializers.ChoiceField(choices=OrganizationKind.choices)
    sector = serializers.ChoiceField(
        choices=Sector.choices,
        required=False,
        allow_blank=True,
        allow_null=True,
        default=None,
        help_text=_("Omit to keep the sector where it still applies."),
    )
    child_kinds = serializers.DictField(
        child=serializers.ChoiceField(choices=OrganizationKind.choices),
        required=False,
        default=dict,
        help_text=_("New kinds of direct children, by their current kind."),
    )
    child_sectors = serializers.DictField(
        child=serializers.ChoiceField(choices=Sector.choices),
        required=False,
        default=dict,
        help_text=_("Official types the reclassified children take, by their current type."),
    )


class MoveInputSerializer(ChangeInputSerializer):
    parent = serializers.CharField(help_text=_("Code of the new parent."))  # type: ignore[assignment]  # the API's field name shadows a Field attribute in the stubs


class MergeInputSerializer(ChangeInputSerializer):
    absorbed = serializers.ListField(
        child=serializers.CharField(),
        allow_empty=True,
        help_text=_("Codes of the organizations merged into this one."),
    )


class SplitPartInputSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=64)
    name = serializers.CharField(max_length=255)
    kind = serializers.ChoiceField(choices=OrganizationKind.choices)
    sector = serializers.ChoiceField(
        choices=Sector.choices, required=False, allow_blank=True, default=""
    )
    children = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        default=list,
        help_text=_("Codes of the sub-organizations it receives."),
    )


class SplitInputSerializer(ChangeInputSerializer):
    parts = SplitPartInputSerializer(many=True)


class DissolveInputSerializer(ChangeInputSerializer):
    pass


#
# Query parameters
#


class OrganizationListQuerySerializer(serializers.Serializer):
    as_of = serializers.DateField(
        required=False, help_text=_("State at the end of this day; default today.")
    )
    search = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Words of the code or name (diacritics ignored)."),
    )
    kind = serializers.MultipleChoiceField(
        choices=OrganizationKind.choices,
        required=False,
        help_text=_("Only these kinds (repeatable)."),
    )
    root = serializers.CharField(  # type: ignore[assignment]
        required=False, help_text=_("Only the subtree of this code that day.")
    )


class TreeQuerySerializer(serializers.Serializer):
    as_of = serializers.DateField(
        required=False, help_text=_("Tree at the end of this day; default today.")
    )
    root = serializers.CharField(required=False, help_text=_("Only the subtree of this code."))  # type: ignore[assignment]  # the API's field name shadows a Field attribute in the stubs
