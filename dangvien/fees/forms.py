"""The collection sheet: one line per member expected, marked paid with an amount."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dangvien.fees.models import BasisKind, PaymentChannel, ReliefKind
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
                # any whole number of đồng: with step 1000 from min 1 the browser accepted only
                # 1, 1 001, 2 001 … and refused to send the sheet's own amounts (5 000)
                widget=forms.NumberInput(
                    attrs={"inputmode": "numeric", "step": 1, "style": "width: 7em"}
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

    # the months of a year: no search box (the page's script adds one to a list of 12 or more)
    month = forms.ChoiceField(label=_("Month"), widget=forms.Select(attrs={"data-picker": "off"}))
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


def _month_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"})


class FeeBasisForm(forms.Form):
    """What the member's fee is computed from, from a month on."""

    valid_from = forms.DateField(
        label=_("From the month of"),
        widget=_month_input(),
        help_text=_("The basis applies from this month on (any day of the month)."),
    )
    kind = forms.ChoiceField(label=_("Basis"), choices=BasisKind.choices)
    amount = forms.IntegerField(
        label=_("Monthly income (đồng)"),
        min_value=0,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 1}),
        help_text=_("Salary used for social insurance, pension or benefit; empty otherwise."),
    )
    voluntary_amount = forms.IntegerField(
        label=_("Voluntary monthly fee (đồng)"),
        min_value=1,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 1}),
        help_text=_("Only for a member who pays more than the due of their own will."),
    )


class FeeReliefForm(forms.Form):
    """An exemption or a reduction of the member's fee, decided by the competent level."""

    kind = forms.ChoiceField(label=_("Kind"), choices=ReliefKind.choices)
    percent = forms.IntegerField(
        label=_("Reduction (%)"),
        min_value=1,
        max_value=100,
        required=False,
        help_text=_("30, 50 or 70 for a reduction; an exemption is 100."),
    )
    first_month = forms.DateField(label=_("From the month of"), widget=_month_input())
    last_month = forms.DateField(label=_("To the month of"), widget=_month_input())
    decision_number = forms.CharField(label=_("Decision number"), max_length=50)
    decision_date = forms.DateField(label=_("Decision date"), widget=_month_input())
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)
