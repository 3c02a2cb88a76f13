from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dangvien.http.forms import date_field
from dangvien.rules.choices import Confidence, Unit


class RuleSetForm(forms.Form):
    key = forms.CharField(label=pgettext_lazy("rule", "Key"), max_length=100)
    value = forms.CharField(
        label=_("Value (JSON: a number, a list or a mapping)"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    unit = forms.ChoiceField(label=_("Unit"), choices=Unit.choices)
    effective_from = date_field(_("In force from"))
    title = forms.CharField(label=_("Title"), max_length=300)
    source = forms.CharField(label=_("Source document"), max_length=300)
    confidence = forms.ChoiceField(label=_("Confidence"), choices=Confidence.choices)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_value(self) -> Any:
        raw = self.cleaned_data["value"].strip()
        try:
            return json.loads(raw)
        except ValueError:
            raise forms.ValidationError(_("Enter valid JSON, e.g. 30 or [1, 2].")) from None
