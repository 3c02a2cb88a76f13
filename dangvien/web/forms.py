"""Shared form pieces: date inputs, the decision fields, organization choices."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dangvien.organizations.selectors import organization_states

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def date_field(label: Any, *, required: bool = True, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, widget=DateInput(), input_formats=DATE_FORMATS, **kwargs
    )


class DecisionForm(forms.Form):
    """Effective date and the decision behind a change (number, date, issuing body)."""

    effective_on = date_field(_("Effective date"))
    decision_number = forms.CharField(label=_("Decision number"), max_length=100, required=False)
    decision_date = date_field(_("Decision date"), required=False)
    decision_issuer = forms.CharField(label=_("Issued by"), max_length=255, required=False)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    decision_fields = ("decision_number", "decision_date", "decision_issuer")

    def decision(self) -> Any:
        from dangvien.organizations.services import Decision

        data = self.cleaned_data
        return Decision(
            number=data.get("decision_number") or "",
            date=data.get("decision_date"),
            issuer=data.get("decision_issuer") or "",
        )


def organization_choices(
    actor: Any, *, on: date, action: str = "organizations.view", exclude: Any = None
) -> list[tuple[str, str]]:
    """(code, "name (code)") of the organizations the actor may act on that existed on ``on``."""
    states = organization_states(actor=actor, on=on, action=action)
    if exclude is not None:
        states = states.exclude(organization=exclude)
    return [(s.organization.code, f"{s.name} ({s.organization.code})") for s in states]
