from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from dangvien.committees.choices import Post
from dangvien.http.forms import date_field


class TermForm(forms.Form):
    congress_on = date_field(_("Congress date"))
    name = forms.CharField(label=_("Name (e.g. 2025–2030)"), max_length=100, required=False)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class PostAssignForm(forms.Form):
    post = forms.ChoiceField(label=_("Post"), choices=Post.choices)
    member = forms.ChoiceField(
        label=_("Holder"),
        help_text=_("The official members of the organization on the page's date."),
    )
    held_from = date_field(_("From"))
    held_to = date_field(_("To"), required=False)
    term = forms.ChoiceField(label=_("Term"), required=False)
    decision_number = forms.CharField(label=_("Decision number"), max_length=100, required=False)

    def __init__(
        self,
        *args: Any,
        terms: list[tuple[str, str]],
        members: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["term"]).choices = [("", "—"), *terms]
        cast(forms.ChoiceField, self.fields["member"]).choices = [("", "—"), *members]


class PostEndForm(forms.Form):
    held_to = date_field(_("Ended on"))


class PostIdentifyForm(forms.Form):
    member = forms.ChoiceField(
        label=_("Holder"),
        help_text=_("The official members of the organization on the day the post began."),
    )

    def __init__(self, *args: Any, members: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["member"]).choices = [("", "—"), *members]


class TermPilotForm(forms.Form):
    valid_from = date_field(_("From"))
    decision_number = forms.CharField(label=_("Decision number"), max_length=100)
    decision_date = date_field(_("Decision date"))
    issuer = forms.CharField(label=_("Issued by"), max_length=255, required=False)
