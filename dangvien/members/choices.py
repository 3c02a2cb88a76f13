from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class PoliticalTheory(models.TextChoices):
    NONE = "none", _("None")
    ELEMENTARY = "elementary", _("Elementary")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")
    BACHELOR = "bachelor", _("Bachelor")


class MemberStatus(models.TextChoices):
    """Membership status of a period (derived from the ledger)."""

    PROBATIONARY = "probationary", _("Probationary")
    OFFICIAL = "official", _("Official")


class MemberEventType(models.TextChoices):
    """Lifecycle events, past tense. Stored values are stable."""

    ADMITTED = "admitted", _("admitted")
    RECOGNISED = "recognised", _("recognised as official")
    TRANSFERRED = "transferred", _("transferred (official)")
    TRANSFER_ISSUED = "transfer_issued", _("transfer issued")
    TRANSFER_RECEIVED = "transfer_received", _("transfer received")
    TRANSFER_CANCELLED = "transfer_cancelled", _("transfer cancelled")
    TEMPORARY_OUT = "temporary_out", _("temporarily transferred out")
    TEMPORARY_RETURN = "temporary_return", _("returned from temporary transfer")
    EXEMPTED = "exempted", _("exempted from activities")
    EXEMPTION_ENDED = "exemption_ended", _("exemption ended")
    REASSIGNED = "reassigned", _("passed to the merged organization")
    REMOVED = "removed", _("removed from the list")
    RESIGNED = "resigned", _("left the party")
    EXPELLED = "expelled", _("expelled")
    DIED = "died", _("died")
    READMITTED = "readmitted", _("re-admitted")
    VOIDED = "voided", _("entry cancelled")


EXIT_EVENTS = frozenset(
    {
        MemberEventType.REMOVED,
        MemberEventType.RESIGNED,
        MemberEventType.EXPELLED,
        MemberEventType.DIED,
    }
)
