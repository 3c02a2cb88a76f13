"""Forms of the organization changes; each maps onto one service call."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from dangvien.accounts.types import Actor
from dangvien.http.forms import DecisionForm
from dangvien.organizations.choices import OrganizationKind, Sector
from dangvien.organizations.models import Organization
from dangvien.organizations.permissions import OrganizationPermission
from dangvien.organizations.selectors import organization_choices

CHANGE = OrganizationPermission.CHANGE
SECTOR_CHOICES = [("", "—"), *Sector.choices]


class OrganizationForm(DecisionForm):
    """A decision form that knows the actor, the organization and the page's date."""

    def __init__(
        self, *args: Any, actor: Actor, organization: Organization, on: date, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.organization = organization
        self.on = on


class CreateChildForm(OrganizationForm):
    code = forms.CharField(label=_("Code"), max_length=64)
    name = forms.CharField(label=_("Name"), max_length=255)
    kind = forms.ChoiceField(label=_("Kind"), choices=OrganizationKind.choices)
    sector = forms.ChoiceField(label=_("Sector"), choices=SECTOR_CHOICES, required=False)

    field_order = ["code", "name", "kind", "sector", "effective_on"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["effective_on"].label = _("Established on")


class RenameForm(OrganizationForm):
    name = forms.CharField(label=_("New name"), max_length=255)
    field_order = ["name", "effective_on"]


class ReclassifyForm(OrganizationForm):
    kind = forms.ChoiceField(label=_("New kind"), choices=OrganizationKind.choices)
    sector = forms.ChoiceField(label=_("Sector"), choices=SECTOR_CHOICES, required=False)
    field_order = ["kind", "sector", "effective_on"]


class MoveForm(OrganizationForm):
    parent = forms.ChoiceField(label=_("New superior organization"))
    field_order = ["parent", "effective_on"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["parent"]).choices = organization_choices(
            self.actor, on=self.on, action=CHANGE, exclude=self.organization
        )


class MergeForm(OrganizationForm):
    absorbed = forms.MultipleChoiceField(
        label=_("Organizations merged into this one"), widget=forms.CheckboxSelectMultiple
    )
    field_order = ["absorbed", "effective_on"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["absorbed"]).choices = organization_choices(
            self.actor, on=self.on, action=CHANGE, exclude=self.organization
        )


class DissolveForm(OrganizationForm):
    field_order = ["effective_on"]


class SplitForm(OrganizationForm):
    field_order = ["effective_on"]


class SplitPartForm(forms.Form):
    """One resulting organization of a split; a part without a code is left out."""

    code = forms.CharField(label=_("Code"), max_length=64, required=False)
    name = forms.CharField(label=_("Name"), max_length=255, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=OrganizationKind.choices, required=False)
    sector = forms.ChoiceField(label=_("Sector"), choices=SECTOR_CHOICES, required=False)
    children = forms.MultipleChoiceField(
        label=_("Sub-organizations it receives"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self, *args: Any, children: list[tuple[str, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["children"]).choices = children or []

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("code") and not data.get("name"):
            self.add_error("name", _("Name the resulting organization."))
        return data


SplitPartFormSet = forms.formset_factory(SplitPartForm, extra=4, max_num=4, min_num=0)
