"""Votes recorded once (a vote taken at a meeting) that an admission, a recognition or a proposal
takes its numbers from, instead of numbers typed again.

The app that records votes (meetings) registers a source in its ``AppConfig.ready()``; the apps
that use a vote (admissions, decisions) look it up here without importing that app. Whether the
vote is enough is decided by the service of each use, with its own rule (one implementation of
each threshold); a source only says who voted how, and the denominator it computed from the
record (the official members convened that day).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dangvien.core.exceptions import ValidationFailed
from dangvien.core.formatting import vn_date
from dangvien.core.registry import Registry

# Who asks (a user, as ``dangvien.accounts.types.Actor``: core imports no app above it).
Actor = Any


class VotePurpose(models.TextChoices):
    """What a vote is for: which form offers it."""

    ADMISSION = "admission", gettext_lazy("Admission or re-admission")
    RECOGNITION = "recognition", gettext_lazy("Recognition as official member")
    PROPOSAL = "proposal", gettext_lazy("Proposal or decision about a member")
    OTHER = "other", gettext_lazy("Other matter")


@dataclass(frozen=True)
class RecordedVote:
    """A vote as its users see it: the organization that voted, the day, the numbers."""

    pk: int
    organization_id: int
    held_on: date
    purpose: str
    subject: str
    members_convened: int
    votes_for: int
    votes_against: int
    abstentions: int

    @property
    def numbers(self) -> tuple[int, int, int]:
        """Votes for, against, and the official members convened."""
        return self.votes_for, self.votes_against, self.members_convened

    @property
    def label(self) -> str:
        return _("%(date)s: %(subject)s (%(for)s in favour of %(convened)s convened)") % {
            "date": vn_date(self.held_on),
            "subject": self.subject,
            "for": self.votes_for,
            "convened": self.members_convened,
        }


class VoteSource(Protocol):
    def get(self, actor: Actor | None, pk: int) -> RecordedVote | None:
        """The vote ``pk`` if ``actor`` may see it (``None``: no check, for a stored reference)."""
        ...

    def of_organization(
        self, actor: Actor, organization_id: int, purposes: Collection[str]
    ) -> list[RecordedVote]:
        """The votes of an organization for these purposes that ``actor`` may see, latest
        first."""
        ...


vote_sources: Registry[VoteSource] = Registry("vote sources")


def vote_get(actor: Actor | None, pk: int, *, field: str = "meeting_vote") -> RecordedVote:
    """The recorded vote ``pk`` (refused, on ``field``, when no source knows it for ``actor``)."""
    for source in vote_sources:
        vote = source.get(actor, pk)
        if vote is not None:
            return vote
    raise ValidationFailed(
        _("No vote taken at a meeting has the number %(pk)s.") % {"pk": pk},
        code="vote_unknown",
        field=field,
    )


def vote_choices(
    actor: Actor, organization_id: int, purposes: Collection[str]
) -> list[tuple[str, str]]:
    """The votes an organization took for these purposes, as choices of a form."""
    return [
        (str(vote.pk), vote.label)
        for source in vote_sources
        for vote in source.of_organization(actor, organization_id, purposes)
    ]


def vote_applies(
    vote: RecordedVote,
    *,
    organization_id: int,
    organization_name: str,
    on: date | None,
    purposes: Collection[str],
    field: str = "meeting_vote",
) -> None:
    """Refuse a vote taken by another organization, on another day than the act that uses it
    (a resolution carries the date of the meeting that adopted it), or for another purpose."""
    if vote.organization_id != organization_id:
        raise ValidationFailed(
            _("This vote was not taken by %(name)s.") % {"name": organization_name},
            code="vote_other_organization",
            field=field,
        )
    if vote.purpose not in purposes:
        raise ValidationFailed(
            _("This vote was taken for another matter (%(purpose)s).")
            % {"purpose": VotePurpose(vote.purpose).label},
            code="vote_other_purpose",
            field=field,
        )
    if on is not None and on != vote.held_on:
        raise ValidationFailed(
            _("The vote was taken on %(date)s: the resolution carries the date of the meeting.")
            % {"date": vn_date(vote.held_on)},
            code="vote_other_day",
            field=field,
        )
