"""The collection sheet: one line per member expected, marked paid with an amount."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dangvien.fees.models import PaymentChannel
from dangvien.fees.selectors import SheetLine


class CollectionSheetForm(forms.Form):
    """``paid_<id>`` and ``amount_<id>`` for every member not yet paid, the day and channel."""

    paid_on = forms.DateField(label=_("Paid on"), widget=forms.DateInput(attrs={"type": "date"}))
    channel = forms.ChoiceField(label=_("Channel"), choices=PaymentChannel.choices)
    reference = forms.CharField(label=_("Receipt or reference"), max_length=100, required=False)

    def __init__(self, data: Any = None, *, lines: Sequence[SheetLine], paid_on: date) -> None:
        super().__init__(data, initial={"paid_on": paid_on})
        self.lines = [line for line in lines if line.payment is None and line.status.member]
        for line in self.lines:
            pk = line.member.pk
            self.fields[f"paid_{pk}"] = forms.BooleanField(required=False, label=_("Paid"))
            self.fields[f"amount_{pk}"] = forms.IntegerField(
                required=False,
                min_value=1,
                label=_("Amount (đồng)"),
                initial=line.suggested_amount,
                widget=forms.NumberInput(
                    attrs={"inputmode": "numeric", "step": 1000, "style": "width: 7em"}
                ),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for line in self.lines:
            pk = line.member.pk
            if data.get(f"paid_{pk}") and not data.get(f"amount_{pk}"):
                self.add_error(f"amount_{pk}", _("Enter the amount paid."))
        return data

    def marked(self) -> list[tuple[SheetLine, int]]:
        """The lines marked paid, with their amount (after validation)."""
        return [
            (line, self.cleaned_data[f"amount_{line.member.pk}"])
            for line in self.lines
            if self.cleaned_data.get(f"paid_{line.member.pk}")
        ]

    def rows(self) -> list[tuple[SheetLine, forms.BoundField, forms.BoundField]]:
        return [
            (line, self[f"paid_{line.member.pk}"], self[f"amount_{line.member.pk}"])
            for line in self.lines
        ]


class RemittanceForm(forms.Form):
    """Fees of a month sent up to the level above."""

    month = forms.ChoiceField(label=_("Month"))
    amount = forms.IntegerField(
        label=_("Amount (đồng)"),
        min_value=1,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 1}),
    )
    paid_on = forms.DateField(label=_("Sent on"), widget=forms.DateInput(attrs={"type": "date"}))
    reference = forms.CharField(label=_("Reference"), max_length=100, required=False)

    def __init__(self, data: Any = None, *, months: Sequence[tuple[str, str]], **kwargs: Any):
        super().__init__(data, **kwargs)
        self.fields["month"].choices = list(months)  # type: ignore[attr-defined]
