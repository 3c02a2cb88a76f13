"""Forms of the admission pages: one form per write, each mapping onto one service call."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from dangvien.accounts.types import Actor
from dangvien.admissions import services
from dangvien.admissions.choices import CandidateSource, Step, UnionBody
from dangvien.core.decisions import Decision
from dangvien.http.forms import date_field
from dangvien.members.choices import Sex
from dangvien.members.models import PERSON_FIELDS, Member
from dangvien.organizations.models import Organization, OrganizationVersion
from dangvien.targets.models import TargetKind

PROFILE_FIELDS = [
    "full_name",
    "other_names",
    "sex",
    "birth_date",
    "birth_place",
    "home_town",
    "ethnicity",
    "religion",
    "national_id",
    "education",
    "professional_qualification",
    "occupation",
    "phone",
    "address",
]


def _text(label: Any, max_length: int, required: bool = False) -> forms.CharField:
    return forms.CharField(label=label, max_length=max_length, required=required)


def _number() -> forms.TextInput:
    # A text box with a numeric keyboard: the stylesheet styles text inputs, not number ones.
    return forms.TextInput(attrs={"inputmode": "numeric"})


def _note() -> forms.CharField:
    return forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


def _meeting_vote() -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=_("Vote taken at a meeting"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("Its numbers are used instead of typed ones."),
    )


def offer_votes(form: forms.Form, choices: list[tuple[str, str]], numbers: list[str]) -> None:
    """Offer the votes the cell took at its meetings (the typed ``numbers`` then become
    optional); the field is left out when there is none."""
    if "meeting_vote" not in form.fields:
        return
    if not choices:
        del form.fields["meeting_vote"]
        return
    form.fields["meeting_vote"].choices = [("", "—"), *choices]  # type: ignore[attr-defined]
    for name in numbers:
        form.fields[name].required = False


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        born = f" ({obj.birth_date.year})" if obj.birth_date else ""
        return f"{obj.full_name}{born}"


class MemberMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        born = f" ({obj.birth_date.year})" if obj.birth_date else ""
        return f"{obj.full_name}{born}"


class _RegistrationForm(forms.Form):
    """A registration (``services.candidate_register``) whose form shows every refusal of its
    rules at once, each on its field: ``clean`` collects the verdicts
    (``candidate_register_refusals``) instead of the service raising at the first; a field
    already refused by its own validation is not refused twice."""

    #: rule fields shown on another field of the form ("": above the form)
    refusal_fields: dict[str, str] = {}

    def __init__(self, *args: Any, actor: Actor, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actor, self.organization = actor, organization

    def profile(self) -> dict[str, Any]:
        return {}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _cleaned, refused = services.candidate_register_refusals(
            actor=self.actor,
            organization=self.organization,
            profile=self.profile(),
            source=data.get("source") or "",
            readmit_member=data.get("member"),
        )
        for refusal in refused:
            field = self.refusal_fields.get(refusal.field, refusal.field)
            if field not in self.fields:
                self.add_error(None, refusal.message)
            elif field not in self.errors:
                self.add_error(field, refusal.message)
        return data


class CandidateForm(_RegistrationForm):
    """A person the cell registers as a candidate (quần chúng ưu tú)."""

    full_name = _text(_("Full name"), 200, required=True)
    other_names = _text(_("Other names"), 200)
    sex = forms.ChoiceField(label=_("Sex"), choices=[("", "—"), *Sex.choices])
    birth_date = date_field(_("Date of birth"), required=False)
    birth_place = _text(_("Place of birth"), 255)
    home_town = _text(_("Home town"), 255)
    ethnicity = _text(_("Ethnicity"), 64)
    religion = _text(_("Religion"), 64)
    national_id = _text(_("Citizen ID (CCCD)"), 12)
    education = _text(_("Education"), 64)
    professional_qualification = _text(_("Professional qualification"), 128)
    occupation = _text(_("Occupation"), 128)
    phone = _text(_("Phone"), 32)
    address = _text(_("Address"), 255)
    source = forms.ChoiceField(label=_("Source"), choices=[("", "—"), *CandidateSource.choices])
    joined_unit_on = date_field(_("Working or living in the unit since"), required=False)
    over_age_approved = forms.BooleanField(
        label=_("Admission over the maximum age decided by the provincial level"), required=False
    )
    note = _note()

    def profile(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {k: data[k] for k in PROFILE_FIELDS if data.get(k) not in (None, "")}


class ReadmissionForm(_RegistrationForm):
    """A former member the cell prepares for re-admission (the profile comes from the file)."""

    member = MemberChoiceField(label=_("Former party member"), queryset=Member.objects.none())
    source = forms.ChoiceField(label=_("Source"), choices=[("", "—"), *CandidateSource.choices])
    joined_unit_on = date_field(_("Working or living in the unit since"), required=False)
    note = _note()

    # the profile comes from the former member's file: its refusals go next to the member
    refusal_fields = dict.fromkeys(PERSON_FIELDS, "member")

    def __init__(self, *args: Any, members: QuerySet[Member], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members  # type: ignore[attr-defined]


class StepForm(forms.Form):
    """The next step of the file; the fields depend on the step."""

    done_on = date_field(_("Date"))
    document_number = forms.CharField(label=_("Document number"), max_length=100, required=False)
    issuer = forms.CharField(label=_("Issued by"), max_length=255, required=False)
    meeting_vote = _meeting_vote()
    members_called = forms.IntegerField(
        widget=_number(), label=_("Official members convened"), required=False, min_value=0
    )
    votes_for = forms.IntegerField(
        widget=_number(), label=_("Votes in favour"), required=False, min_value=0
    )
    consent_number = forms.CharField(
        label=_("Consent of the provincial standing committee: number"),
        max_length=100,
        required=False,
        help_text=_("Re-admission needs its written consent (Quy định 294-QĐ/TW mục 3.5)."),
    )
    consent_on = date_field(_("Date of the consent"), required=False)
    consent_issuer = forms.CharField(label=_("Issued by"), max_length=255, required=False)
    hardship_exception = forms.CharField(
        label=_("Family circumstances (for one who left at their own request)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    note = _note()

    def __init__(self, *args: Any, step: str, readmission: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.step = step
        if step != Step.CELL_VOTE:
            del self.fields["members_called"], self.fields["votes_for"]
            del self.fields["meeting_vote"]
        else:
            self.fields["members_called"].required = True
            self.fields["votes_for"].required = True
            self.fields["document_number"].label = _("Number of the cell resolution")
        if step == Step.DECISION:
            self.fields["document_number"].label = _("Decision number")
            self.fields["done_on"].label = _("Decision date")
            self.fields["issuer"].label = _("Issuing committee")
            self.fields["document_number"].required = True
            self.fields["issuer"].required = True
        elif step == Step.CEREMONY:
            self.fields["done_on"].label = _("Date of the admission ceremony")
            del self.fields["document_number"], self.fields["issuer"]
        elif step != Step.PROPOSAL:
            del self.fields["issuer"]
        if step != Step.CEREMONY or not readmission:
            for name in ("consent_number", "consent_on", "consent_issuer", "hardship_exception"):
                del self.fields[name]

    def consent(self) -> Decision:
        """The provincial standing committee's written consent to a re-admission."""
        data = self.cleaned_data
        return Decision(
            data.get("consent_number") or "",
            data.get("consent_on"),
            data.get("consent_issuer") or "",
        )


class IntroducersForm(forms.Form):
    """Who introduces the candidate: official members, or a union resolution and one member."""

    introducers = MemberMultipleChoiceField(
        label=_("Introducers"),
        queryset=Member.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    union_body = forms.ChoiceField(
        label=_("Resolution of a mass organization (replaces one introducer)"),
        choices=[("", "—"), *UnionBody.choices],
        required=False,
    )

    def __init__(self, *args: Any, members: QuerySet[Member], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["introducers"].queryset = members  # type: ignore[attr-defined]


class ExtensionForm(forms.Form):
    working_days = forms.IntegerField(
        widget=_number(), label=_("Extension (working days)"), min_value=0
    )
    reason = forms.CharField(label=_("Reason for the extension"), max_length=300)


class RecognitionVoteForm(forms.Form):
    meeting_vote = _meeting_vote()
    voted_on = date_field(_("Vote date"))
    members_called = forms.IntegerField(
        widget=_number(), label=_("Official members convened"), min_value=0
    )
    votes_for = forms.IntegerField(widget=_number(), label=_("Votes in favour"), min_value=0)
    note = _note()


class RecogniseForm(forms.Form):
    decision_number = forms.CharField(label=_("Decision number"), max_length=100)
    decision_date = date_field(_("Decision date"))
    decision_issuer = forms.CharField(label=_("Issued by"), max_length=255, required=False)

    def decision(self) -> Decision:
        data = self.cleaned_data
        return Decision(
            number=data.get("decision_number") or "",
            date=data.get("decision_date"),
            issuer=data.get("decision_issuer") or "",
        )


class RemoveForm(RecogniseForm):
    effective_on = date_field(_("Effective date"))
    note = _note()

    field_order = ["effective_on", "decision_number", "decision_date", "decision_issuer", "note"]


class DayOffForm(forms.Form):
    day = date_field(_("Day"))
    reason = forms.CharField(label=_("Reason"), max_length=200)


class TargetForm(forms.Form):
    """The target of the organization or of one of its direct sub-organizations."""

    organization = forms.ChoiceField(label=_("Organization"))
    kind = forms.ChoiceField(label=_("Kind of period"), choices=TargetKind.choices)
    period_from = date_field(_("From"))
    period_to = date_field(_("To"))
    admissions = forms.IntegerField(
        widget=_number(), label=_("Admissions"), required=False, min_value=0
    )
    # "3,5" as the list shows it (a decimal comma in Vietnamese): it was refused as "not a
    # number"; "3.5" is still read
    members_per_population_percent = forms.DecimalField(
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        label=_("Members per population (%)"),
        required=False,
        max_digits=6,
        decimal_places=2,
        min_value=0,
        localize=True,
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, states: list[OrganizationVersion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.states = {str(s.organization_id): s for s in states}
        self.fields["organization"].choices = [  # type: ignore[attr-defined]
            (key, f"{s.name} ({s.organization.code})") for key, s in self.states.items()
        ]
