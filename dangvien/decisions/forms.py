"""Forms of proposals and decisions: each maps onto one service call."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dangvien.core.decisions import Decision
from dangvien.decisions.choices import IRREVERSIBLE, DecisionKind, Outcome
from dangvien.decisions.details import detail_labels
from dangvien.decisions.services import TARGETED
from dangvien.http.forms import date_field
from dangvien.members.rules import EXIT_REASONS

# Details a proposal of some kinds needs, stored in ``Proposal.data``.


class VoteFields(forms.Form):
    """The vote of a body: a vote taken at its meeting, or the numbers typed (the official
    members convened are preloaded from the record)."""

    meeting_vote = forms.TypedChoiceField(
        label=_("Vote taken at a meeting"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("Its numbers are used instead of typed ones."),
    )
    members_convened = forms.IntegerField(
        label=_("Official members convened"),
        min_value=0,
        required=False,
        help_text=_(
            "All official members of the organization on the vote date, without those exempted "
            "from activities or away on a temporary transfer; leave as computed."
        ),
    )
    votes_for = forms.IntegerField(label=_("Votes in favour"), min_value=0, required=False)
    votes_against = forms.IntegerField(label=_("Votes against"), min_value=0, required=False)

    def offer_votes(self, choices: list[tuple[str, str]]) -> None:
        """The votes the organization took at its meetings (the field is left out when none)."""
        if "meeting_vote" not in self.fields:
            return
        if choices:
            self.fields["meeting_vote"].choices = [("", "—"), *choices]  # type: ignore[attr-defined]
        else:
            del self.fields["meeting_vote"]


class ProposalForm(VoteFields):
    proposed_on = date_field(_("Date of the resolution"))
    organization = forms.ChoiceField(label=_("Organization concerned"), required=False)
    number = forms.CharField(label=_("Party card number"), max_length=32, required=False)
    milestone = forms.IntegerField(label=_("Years of party age"), required=False, min_value=1)
    early_reason = forms.ChoiceField(
        label=_("Early award"),
        required=False,
        choices=[
            ("", "—"),
            ("serious_illness", _("serious illness")),
            ("posthumous", _("posthumous")),
        ],
    )
    consent_number = forms.CharField(
        label=_("Consent of the provincial standing committee (number)"),
        max_length=100,
        required=False,
    )
    consent_date = date_field(_("Date of the consent"), required=False)
    hardship_exception = forms.CharField(
        label=_("Family circumstances (for one who left at their own request)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    reason = forms.ChoiceField(
        label=_("Reason"),
        required=False,
        choices=[("", "—"), *EXIT_REASONS.items()],
        help_text=_("Kept with the exit: some reasons exclude a later re-admission."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(
        self,
        *args: Any,
        kind: str,
        organizations: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        keep = {
            "proposed_on",
            "meeting_vote",
            "members_convened",
            "votes_for",
            "votes_against",
            "note",
        }
        if kind in TARGETED:
            keep.add("organization")
            self.fields["organization"].required = True
            self.fields["organization"].choices = [("", "—"), *organizations]  # type: ignore[attr-defined]
            if kind == DecisionKind.READMISSION:
                self.fields["organization"].label = _("Cell that re-admits")
                keep |= {"consent_number", "consent_date", "hardship_exception"}
                self.fields["consent_number"].required = True
                self.fields["consent_date"].required = True
            else:
                self.fields["organization"].label = _("Organization transferred to")
        if kind in (
            DecisionKind.REMOVAL,
            DecisionKind.PROBATIONARY_REMOVAL,
            DecisionKind.EXPULSION,
        ):
            keep.add("reason")
        if kind == DecisionKind.CARD_ISSUE:
            keep.add("number")
            self.fields["number"].required = True
        if kind == DecisionKind.BADGE_AWARD:
            keep |= {"milestone", "early_reason"}
            self.fields["milestone"].required = True
        if self.initial.get("members_convened") is None:
            # nothing to preload (the view preloads the count whenever the ledger gives one)
            self.fields["members_convened"].help_text = _(
                "No vote is required for this proposal, and the records give no official member "
                "of the proposing organization itself on that day (its members may belong to its "
                "cells): leave it empty."
            )
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]

    def data_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        details: dict[str, Any] = {}
        for name in (
            "organization",
            "number",
            "milestone",
            "early_reason",
            "consent_number",
            "hardship_exception",
            "reason",
        ):
            if data.get(name) not in (None, ""):
                details[name] = data[name]
        if data.get("consent_date"):
            details["consent_date"] = data["consent_date"].isoformat()
        return details


class DecisionFields(forms.Form):
    number = forms.CharField(label=_("Decision number"), max_length=100)
    decided_on = date_field(_("Decision date"))
    issuer = forms.CharField(
        label=_("Issued by"),
        max_length=255,
        required=False,
        help_text=_("Leave empty for the name of the deciding organization."),
    )

    def decision(self) -> Decision:
        data = self.cleaned_data
        return Decision(data["number"], data["decided_on"], data.get("issuer") or "")


class RulingForm(DecisionFields):
    outcome = forms.ChoiceField(
        label=_("Decision"), choices=Outcome.choices, widget=forms.RadioSelect, initial="approved"
    )
    confirmed = forms.BooleanField(
        label=_("I confirm this decision: it cannot be undone."), required=False
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    field_order = ["outcome", "number", "decided_on", "issuer", "note", "confirmed"]

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if kind not in IRREVERSIBLE:
            del self.fields["confirmed"]


class DirectDecisionForm(DecisionFields, VoteFields):
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    field_order = [
        "number",
        "decided_on",
        "issuer",
        "meeting_vote",
        "members_convened",
        "votes_for",
        "votes_against",
        "note",
    ]

    def __init__(self, *args: Any, vote: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not vote:
            for name in ("meeting_vote", "members_convened", "votes_for", "votes_against"):
                del self.fields[name]


class WithdrawForm(forms.Form):
    on = date_field(_("Date"))
    note = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


def today_initial(on: date) -> dict[str, Any]:
    return {"proposed_on": on, "decided_on": on, "on": on}


def detail_rows(data: dict[str, Any]) -> list[tuple[Any, Any]]:
    """A proposal's details as the form named them: each field's label and, for a choice, the
    label of the value (never the stored key)."""
    rows: list[tuple[Any, Any]] = []
    for key, value in data.items():
        field = ProposalForm.base_fields.get(key)
        if key == "meeting_vote":
            rows.append((field.label if field else key, _vote_label(value)))
            continue
        if field is None:
            # a key another app put there (``details.detail_labels``), else the key itself
            rows.append((detail_labels.get(key) or key, value))
            continue
        if isinstance(field, forms.ChoiceField):
            value = dict(field.choices).get(value, value)  # type: ignore[arg-type]
        rows.append((field.label, value))
    return rows


def _vote_label(pk: Any) -> str:
    from dangvien.core.exceptions import ValidationFailed
    from dangvien.core.votes import vote_get

    try:
        return vote_get(None, int(pk)).label
    except (ValidationFailed, TypeError, ValueError):
        return str(pk)
