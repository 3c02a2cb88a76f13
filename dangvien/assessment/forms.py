from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dangvien.assessment.choices import Form, Level
from dangvien.http.forms import date_field

LEVEL_CHOICES = [("", "—"), *Level.choices]


class ResultForm(forms.Form):
    """One result: a member's or an organization's level for a year."""

    year = forms.IntegerField(label=_("Year"), min_value=1930, max_value=2100)
    # no level chosen beforehand, as for the self-assessment: the form opened on the best level
    # and an officer who did not choose recorded "Hoàn thành xuất sắc nhiệm vụ"
    level = forms.ChoiceField(
        label=_("Level"),
        choices=[("", _("— choose a level —")), *Level.choices],
        error_messages={"required": _("Choose the level decided.")},
    )
    score = forms.IntegerField(label=_("Score (0–100)"), min_value=0, max_value=100, required=False)
    decided_on = date_field(_("Decided on"))
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class YearForm(forms.Form):
    """The levels of a whole cell at once: one level and score per member (empty: unchanged)."""

    decided_on = date_field(_("Decided on"))

    def __init__(self, *args: Any, member_ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.member_ids = member_ids
        for pk in member_ids:
            self.fields[f"level_{pk}"] = forms.ChoiceField(
                label=_("Level"), choices=LEVEL_CHOICES, required=False
            )
            self.fields[f"score_{pk}"] = forms.IntegerField(
                label=_("Score"), min_value=0, max_value=100, required=False,
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "score"}),
            )  # fmt: skip

    def lines(self) -> list[tuple[int, str, int | None]]:
        """(member id, level, score) of the lines given a level."""
        data = self.cleaned_data
        return [
            (pk, data[f"level_{pk}"], data.get(f"score_{pk}"))
            for pk in self.member_ids
            if data.get(f"level_{pk}")
        ]


MEMBER_FORM_CHOICES = [(f.value, f.label) for f in (Form.FORM_2A, Form.FORM_2B, Form.FORM_2C)]


class SelfAssessmentForm(forms.Form):
    """The member's self-assessment (Hướng dẫn 43-HD/BTCTW, forms 2A/2B/2C)."""

    year = forms.IntegerField(label=_("Year"), min_value=1930, max_value=2100)
    form = forms.ChoiceField(
        label=_("Form"),
        choices=MEMBER_FORM_CHOICES,
        help_text=_(
            "2A: holding a leadership or management post; 2B: working in the political system; "
            "2C: not working in the political system."
        ),
    )
    # no level chosen beforehand: a form opening on the best level had members submit it
    # unread, and the level is the member's own judgement
    level = forms.ChoiceField(
        label=_("Level I propose for myself"),
        choices=[("", _("— choose a level —")), *Level.choices],
        error_messages={"required": _("Choose the level you propose for yourself.")},
    )
    score = forms.IntegerField(label=_("Score (0–100)"), min_value=0, max_value=100, required=False)
    note = forms.CharField(
        label=_("Strengths, shortcomings and commitments"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class RoundOpenForm(forms.Form):
    """The round of a year for the organization's subtree, with its schedule."""

    year = forms.IntegerField(label=_("Year"), min_value=1930, max_value=2100)
    opened_on = date_field(_("Opened on"))
    reference_date = date_field(
        _("Reference date"),
        help_text=_("The members of the subtree on this day make up the round's population."),
    )
    self_until = date_field(_("Self-assessments until"))
    review_until = date_field(_("Cell reviews and proposals until"))
    decide_until = date_field(_("Decisions until"))
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RoundCloseForm(forms.Form):
    closed_on = date_field(_("Closed on"))
