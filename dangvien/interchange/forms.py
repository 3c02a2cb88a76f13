"""The upload form of the web import."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Bundle file"),
        help_text=_(
            "A .zip of the bundle folder (CSV files) or an .xlsx workbook with one sheet per file."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,.xlsx"}),
    )
