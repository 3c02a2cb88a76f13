from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dangvien.decisions.choices import Outcome
from dangvien.discipline.choices import Form, ProgrammeKind, Subject
from dangvien.discipline.models import AppealOutcome
from dangvien.http.forms import date_field


class CaseOpenForm(forms.Form):
    subject = forms.ChoiceField(label=_("Subject"), choices=Subject.choices)
    member_key = forms.CharField(
        label=_("Member key (for a member)"), max_length=64, required=False
    )
    opened_on = date_field(pgettext_lazy("discipline case", "Opened on"))
    violation = forms.CharField(label=_("Violation"), widget=forms.Textarea(attrs={"rows": 3}))
    violated_on = date_field(_("Date of the violation"), required=False)
    offence = forms.CharField(
        label=_("Offence (Quy định 69-QĐ/TW)"), max_length=200, required=False
    )
    key = forms.CharField(label=_("Case number (optional)"), max_length=100, required=False)


class ProposeForm(forms.Form):
    form = forms.ChoiceField(
        label=_("Form proposed"),
        choices=[(Form.DISMISSAL, Form.DISMISSAL.label), (Form.EXPULSION, Form.EXPULSION.label)],
    )
    proposed_on = date_field(_("Date of the resolution"))
    members_convened = forms.IntegerField(label=_("Official members convened"), min_value=0)
    votes_for = forms.IntegerField(label=_("Votes in favour"), min_value=0)
    votes_against = forms.IntegerField(label=_("Votes against"), min_value=0, required=False)


class DecideForm(forms.Form):
    """The decision of a case. For an organization disciplined, the deciding body is one of
    ``bodies`` ((code, name) choices of those that may decide, the nearest first and chosen:
    ``selectors.decider_choices``); for a member the competent body follows from the rulebook
    (``competence``), so ``bodies`` is ``None`` and the form asks none."""

    form = forms.ChoiceField(label=_("Form of discipline"), choices=Form.choices)
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=Outcome.choices, initial=Outcome.APPROVED
    )
    decided_on = date_field(_("Decision date"))
    number = forms.CharField(label=_("Decision number"), max_length=100)
    deciding_body = forms.ChoiceField(label=_("Deciding body"))
    members_convened = forms.IntegerField(
        label=_("Official members convened"), min_value=0, required=False
    )
    votes_for = forms.IntegerField(label=_("Votes in favour"), min_value=0, required=False)
    votes_against = forms.IntegerField(label=_("Votes against"), min_value=0, required=False)
    confirmed = forms.BooleanField(
        label=_("I confirm: an expulsion cannot be undone"), required=False
    )

    def __init__(
        self,
        *args: Any,
        bodies: list[tuple[str, str]] | None = None,
        forms_offered: list[str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if forms_offered is not None:
            # the forms the subject may receive (``selectors.forms_offered``): an organization
            # is not offered an expulsion, nor a member a dissolution
            chosen = self.fields["form"]
            assert isinstance(chosen, forms.ChoiceField)
            chosen.choices = [(value, Form(value).label) for value in forms_offered]
            if Form.EXPULSION not in forms_offered:
                del self.fields["confirmed"]
        if bodies is None:
            del self.fields["deciding_body"]
            return
        field = self.fields["deciding_body"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = bodies
        if bodies:
            field.initial = bodies[0][0]


class AppealForm(forms.Form):
    """An appeal against the case's decision, to one of the ``bodies`` above the body that
    decided ((code, name) choices, the nearest first and chosen)."""

    received_on = date_field(_("Decision received on"))
    lodged_on = date_field(_("Appeal lodged on"))
    appealed_to = forms.ChoiceField(label=_("Appealed to"))
    grounds = forms.CharField(
        label=_("Grounds"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, bodies: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["appealed_to"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = bodies
        if bodies:
            field.initial = bodies[0][0]


class AppealDecideForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=AppealOutcome.choices)
    new_form = forms.ChoiceField(
        label=_("New form (when changed)"), choices=[("", "—"), *Form.choices], required=False
    )
    decided_on = date_field(_("Decision date"))
    number = forms.CharField(label=_("Decision number"), max_length=100)


class StateNoticeForm(forms.Form):
    member_key = forms.CharField(label=_("Member key"), max_length=64)
    state_body = forms.CharField(label=_("State body"), max_length=255)
    measure = forms.CharField(label=_("Measure taken"), max_length=255)
    state_decision_number = forms.CharField(label=_("State decision number"), max_length=100)
    state_decided_on = date_field(_("State decision date"))
    received_on = date_field(_("Notice received on"))


class ProgrammeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ProgrammeKind.choices)
    title = forms.CharField(label=_("Name of the inspection or supervision"), max_length=300)
    starts_on = date_field(_("From"))
    ends_on = date_field(_("To"))
    team = forms.CharField(label=_("Team"), max_length=300, required=False)
    subjects = forms.CharField(
        label=_("Subjects: organization codes or member keys, separated by commas"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ConclusionForm(forms.Form):
    concluded_on = date_field(_("Concluded on"))
    findings = forms.CharField(label=_("Findings"), widget=forms.Textarea(attrs={"rows": 3}))
    recommendations = forms.CharField(
        label=_("Recommendations"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    violation_found = forms.BooleanField(label=_("Violation found"), required=False)
    recommendations_due_on = date_field(
        _("Recommendations due by (each line followed up)"), required=False
    )


class RecommendationForm(forms.Form):
    text = forms.CharField(label=_("Recommendation"), widget=forms.Textarea(attrs={"rows": 2}))
    due_on = date_field(_("Due by"))


class RecommendationDoneForm(forms.Form):
    item = forms.IntegerField(widget=forms.HiddenInput)
    done_on = date_field(_("Carried out on"))
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
