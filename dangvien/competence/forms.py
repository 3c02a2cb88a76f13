"""The authorisation form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dangvien.competence.choices import DecisionKind
from dangvien.core.decisions import Decision
from dangvien.http.forms import date_field


class AuthorisationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Decision kind"), choices=DecisionKind.choices)
    valid_from = date_field(_("Valid from"))
    valid_to = date_field(_("Valid to"), required=False)
    number = forms.CharField(label=_("Decision number"), max_length=100)
    decided_on = date_field(_("Decision date"))
    issuer = forms.CharField(label=_("Issued by"), max_length=255, required=False)

    def decision(self) -> Decision:
        data = self.cleaned_data
        return Decision(data["number"], data["decided_on"], data.get("issuer") or "")
