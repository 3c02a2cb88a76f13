"""Forms of the member pages: the filters of the lists, the profile and one form per lifecycle
action (each maps onto one service call)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dangvien.core.decisions import Decision
from dangvien.http.forms import DecisionForm, date_field
from dangvien.members.actions import ActionInput, ActionRequest, target_organization
from dangvien.members.choices import MemberStatus, PoliticalTheory, Sex, TemporaryPurpose
from dangvien.members.models import CardAction, Member

BLANK: list[tuple[str, Any]] = [("", "—")]
YES_NO = [("", "—"), ("1", _("Yes")), ("0", _("No"))]


class MemberFilterForm(forms.Form):
    """Filters of an organization's member list (all optional, read from the query string)."""

    q = forms.CharField(label=_("Name"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=BLANK + MemberStatus.choices, required=False
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=BLANK + Sex.choices, required=False)
    exempted = forms.ChoiceField(label=_("Exempted"), choices=YES_NO, required=False)
    away = forms.ChoiceField(label=_("Temporarily away"), choices=YES_NO, required=False)
    age_from = forms.IntegerField(label=_("Age from"), required=False, min_value=0, max_value=150)
    age_to = forms.IntegerField(label=_("Age to"), required=False, min_value=0, max_value=150)
    ethnicity = forms.CharField(label=_("Ethnicity"), required=False)
    religion = forms.CharField(label=_("Religion"), required=False)
    education = forms.CharField(label=_("Education"), required=False)
    political_theory = forms.ChoiceField(
        label=_("Political theory"), choices=BLANK + PoliticalTheory.choices, required=False
    )

    def filters(self) -> dict[str, Any]:
        """Keyword arguments of ``member_list_at`` (empty when the form is invalid)."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data

        def yes_no(value: str) -> bool | None:
            return None if value == "" else value == "1"

        return {
            "search": data["q"] or "",
            "status": data["status"] or "",
            "sex": data["sex"] or "",
            "exempted": yes_no(data["exempted"]),
            "away": yes_no(data["away"]),
            "age_from": data["age_from"],
            "age_to": data["age_to"],
            "ethnicity": data["ethnicity"] or "",
            "religion": data["religion"] or "",
            "education": data["education"] or "",
            "political_theory": data["political_theory"] or "",
        }


class ProfileForm(forms.ModelForm):
    """The member's file (profile fields only)."""

    birth_date = date_field(_("Date of birth"), required=False)

    class Meta:
        model = Member
        fields = [
            "full_name",
            "other_names",
            "sex",
            "birth_date",
            "birth_place",
            "home_town",
            "ethnicity",
            "religion",
            "national_id",
            "education",
            "professional_qualification",
            "political_theory",
            "occupation",
            "phone",
            "address",
            "party_card_number",
            "introducers",
        ]
        widgets = {"introducers": forms.Textarea(attrs={"rows": 2})}

    def _post_clean(self) -> None:
        # Uniqueness and the rules are checked by the service (``validate_profile``).
        pass


class ActionForm(forms.Form):
    """The form of a member action (``actions.ACTIONS``): read as one ``ActionRequest``."""

    def __init__(self, *args: Any, on: date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.on = on

    def action_request(self) -> ActionRequest:
        """The valid input as the action reads it (call inside the service call: resolving an
        organization code may raise a ``DomainError`` that belongs next to its field)."""
        data = self.cleaned_data
        return ActionRequest(effective_on=data["effective_on"], note=data["note"])


class MemberDecisionForm(ActionForm, DecisionForm):
    """A decision form whose ``decision()`` is the members' ``Decision``."""

    def member_decision(self) -> Decision:
        data = self.cleaned_data
        return Decision(
            number=data.get("decision_number") or "",
            date=data.get("decision_date"),
            issuer=data.get("decision_issuer") or "",
        )

    def action_request(self) -> ActionRequest:
        data = self.cleaned_data
        return ActionRequest(
            effective_on=data["effective_on"], note=data["note"], decision=self.member_decision()
        )


class AdmitForm(MemberDecisionForm):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices)
    birth_date = date_field(_("Date of birth"), required=False)
    national_id = forms.CharField(label=_("Citizen ID (CCCD)"), max_length=12, required=False)
    ethnicity = forms.CharField(label=_("Ethnicity"), max_length=64, required=False)
    religion = forms.CharField(label=_("Religion"), max_length=64, required=False)
    member_key = forms.CharField(label=_("Member key"), max_length=64, required=False)
    vote_on = date_field(_("Date of the cell's vote"), required=False)

    field_order = [
        "full_name",
        "sex",
        "birth_date",
        "national_id",
        "ethnicity",
        "religion",
        "member_key",
        "effective_on",
        "decision_number",
        "decision_date",
        "decision_issuer",
        "vote_on",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["effective_on"].label = _("Admission ceremony")
        self.fields["decision_date"].required = True

    def profile(self) -> dict[str, Any]:
        data = self.cleaned_data
        keys = ["full_name", "sex", "birth_date", "national_id", "ethnicity", "religion"]
        return {k: data[k] for k in keys if data.get(k) not in (None, "")}


class SimpleActionForm(MemberDecisionForm):
    """Effective date, decision and note."""


class ConfirmedActionForm(MemberDecisionForm):
    """Effective date, decision and note, and a confirmation (the action cannot be undone)."""

    confirmed = forms.BooleanField(
        label=_("I confirm: this cannot be undone."),
        required=True,
        error_messages={"required": _("Confirm to record it: it cannot be undone.")},
    )


class TargetForm(MemberDecisionForm):
    """An action towards another organization, chosen by its code (any existing cell)."""

    organization = forms.CharField(
        label=_("Organization"),
        max_length=64,
        widget=forms.TextInput(attrs={"data-org-lookup": "1", "autocomplete": "off"}),
        help_text=_("Type part of the name (no diacritics needed) or the code, then pick."),
    )
    field_order = ["organization", "effective_on"]

    def action_request(self) -> ActionRequest:
        request = super().action_request()
        return ActionRequest(
            effective_on=request.effective_on,
            note=request.note,
            decision=request.decision,
            organization=target_organization(self.cleaned_data["organization"]),
        )


class TemporaryForm(TargetForm):
    """A temporary transfer: the host and what for (its maximum length depends on it)."""

    purpose = forms.ChoiceField(
        label=_("Purpose"),
        choices=TemporaryPurpose.choices,
        initial=TemporaryPurpose.WORK,
        required=False,  # work or residence when not said
    )
    field_order = ["organization", "purpose", "effective_on"]

    def action_request(self) -> ActionRequest:
        request = super().action_request()
        return ActionRequest(
            effective_on=request.effective_on,
            note=request.note,
            decision=request.decision,
            organization=request.organization,
            purpose=self.cleaned_data["purpose"] or TemporaryPurpose.WORK,
        )


class NoteOnlyForm(ActionForm):
    effective_on = date_field(_("Effective date"))
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CorrectForm(forms.Form):
    effective_on = date_field(_("Correct effective date"))
    organization = forms.CharField(
        label=_("Organization"),
        max_length=64,
        required=False,
        widget=forms.TextInput(attrs={"data-org-lookup": "1", "autocomplete": "off"}),
        help_text=_("Leave empty to keep the organization of the entry."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, on: date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.on = on


class VoidForm(forms.Form):
    note = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, on: date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.on = on


class PartyCardForm(forms.Form):
    action = forms.ChoiceField(
        label=pgettext_lazy("party card", "Action"), choices=CardAction.choices
    )
    number = forms.CharField(label=_("Card number"), max_length=32, required=False)
    effective_on = date_field(_("Date"))
    decision_number = forms.CharField(label=_("Decision number"), max_length=100, required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class BadgeAwardForm(forms.Form):
    milestone = forms.TypedChoiceField(label=_("Years of party age"), coerce=int, choices=[])
    awarded_on = date_field(_("Awarded on"))
    decision_number = forms.CharField(label=_("Decision number"), max_length=100, required=False)
    early_reason = forms.ChoiceField(
        label=_("Early award"),
        required=False,
        choices=[
            ("", "—"),
            ("serious_illness", _("serious illness")),
            ("posthumous", _("posthumous")),
        ],
    )

    def __init__(self, *args: Any, milestones: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["milestone"].choices = [(m, str(m)) for m in milestones]  # type: ignore[attr-defined]


#: The form of each shape of action input (``actions.ActionInput``).
ACTION_FORMS: dict[ActionInput, type[ActionForm]] = {
    ActionInput.EVENT: SimpleActionForm,
    ActionInput.CONFIRMED_EVENT: ConfirmedActionForm,
    ActionInput.TARGET: TargetForm,
    ActionInput.TEMPORARY: TemporaryForm,
    ActionInput.NOTE: NoteOnlyForm,
}
