from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dangvien.core.votes import VotePurpose
from dangvien.http.forms import date_field
from dangvien.meetings.choices import AttendanceStatus, DocumentKind, MeetingKind


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingKind.choices)
    held_on = date_field(_("Held on"))
    place = forms.CharField(label=_("Place"), max_length=255, required=False)
    topic = forms.CharField(label=_("Topic"), max_length=500, required=False)
    chaired_by = forms.CharField(label=_("Chaired by"), max_length=200, required=False)
    agenda = forms.CharField(
        label=_("Agenda"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    minutes = forms.CharField(
        label=_("Minutes"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    resolution = forms.CharField(
        label=_("Resolution"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class MeetingPlanForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingKind.choices)
    planned_on = date_field(_("Planned for"))
    place = forms.CharField(label=_("Place"), max_length=255, required=False)
    topic = forms.CharField(label=_("Topic"), max_length=500, required=False)
    agenda = forms.CharField(
        label=_("Agenda"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class AbsenceForm(forms.Form):
    reason = forms.CharField(label=_("Reason of the absence"), max_length=300)


class MeetingTextsForm(forms.Form):
    place = forms.CharField(label=_("Place"), max_length=255, required=False)
    topic = forms.CharField(label=_("Topic"), max_length=500, required=False)
    chaired_by = forms.CharField(label=_("Chaired by"), max_length=200, required=False)
    agenda = forms.CharField(
        label=_("Agenda"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    minutes = forms.CharField(
        label=_("Minutes"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    resolution = forms.CharField(
        label=_("Resolution"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class MeetingVoteForm(forms.Form):
    subject = forms.CharField(label=_("Subject of the vote"), max_length=500)
    purpose = forms.ChoiceField(label=_("Purpose"), choices=VotePurpose.choices)
    votes_for = forms.IntegerField(
        label=_("Votes in favour"),
        min_value=0,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    votes_against = forms.IntegerField(
        label=_("Votes against"),
        min_value=0,
        initial=0,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    abstentions = forms.IntegerField(
        label=_("Abstentions"),
        min_value=0,
        initial=0,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=DocumentKind.choices)
    file = forms.FileField(label=_("File"))


STATUS_CHOICES = AttendanceStatus.choices
