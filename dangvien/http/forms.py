"""Shared form pieces: date inputs and the decision fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dangvien.core.decisions import Decision

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

    def decision(self) -> Decision:
        data = self.cleaned_data
        return Decision(
            number=data.get("decision_number") or "",
            date=data.get("decision_date"),
            issuer=data.get("decision_issuer") or "",
        )
