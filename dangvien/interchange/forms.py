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
    record_deviations = forms.BooleanField(
        label=_("Historic data: record rows that deviate from a rule as given"),
        help_text=_(
            "For data kept for years (e.g. an official date one day off the end of probation): "
            "such rows are imported as written and each is listed as a data-quality finding "
            "on the organization's “Làm sạch dữ liệu” page, instead of refusing the whole "
            "import. Leave unticked to refuse every deviation (the default)."
        ),
        required=False,
    )
