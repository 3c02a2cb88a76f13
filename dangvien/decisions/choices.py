"""The state of a proposal and the outcome of a ruling; the kinds come from ``competence``."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from dangvien.competence.choices import DecisionKind

__all__ = ["IRREVERSIBLE", "DecisionKind", "Outcome", "ProposalStatus"]


class ProposalStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a decision")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Outcome(models.TextChoices):
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


# Decisions that end membership or take back what cannot be given again: the forms ask for a
# confirmation before they are recorded.
IRREVERSIBLE = frozenset(
    {
        DecisionKind.EXPULSION,
        DecisionKind.REMOVAL,
        DecisionKind.PROBATIONARY_REMOVAL,
        DecisionKind.RESIGNATION,
    }
)
