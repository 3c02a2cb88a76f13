from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class PoliticalTheory(models.TextChoices):
    NONE = "none", pgettext_lazy("political theory", "None")
    ELEMENTARY = "elementary", _("Elementary")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")
    BACHELOR = "bachelor", _("Bachelor")


class MemberStatus(models.TextChoices):
    """Membership status of a period (derived from the ledger)."""

    PROBATIONARY = "probationary", _("Probationary")
    OFFICIAL = "official", _("Official")


class TemporaryPurpose(models.TextChoices):
    """What a temporary transfer is for: its maximum length depends on it (Quy định 294-QĐ/TW
    6.3.2: work or residence 3 months to under a year, full-time study up to two years)."""

    WORK = "work", _("work or residence")
    STUDY = "study", _("full-time study")


TEMPORARY_WORK = TemporaryPurpose.WORK.value


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


#
# Sets of event types: the one table the state machine, the pages, the API, the reports and
# the import ask (a new event type is added to the sets it belongs to here, and only here).
#

_E = MemberEventType
EventSet = frozenset[MemberEventType]

#: Admissions: the first one and a re-admission (each starts a probation).
ADMISSION_EVENTS: EventSet = frozenset({_E.ADMITTED, _E.READMITTED})
#: Exits in the order of the statutory report forms (deaths, resignations, removals,
#: expulsions); the reports list them in this order.
EXITS_IN_REPORT_ORDER: tuple[MemberEventType, ...] = (_E.DIED, _E.RESIGNED, _E.REMOVED, _E.EXPELLED)
#: Exits: the membership ends (only a re-admission may follow, and nothing after a death).
EXIT_EVENTS: EventSet = frozenset(EXITS_IN_REPORT_ORDER)
#: Events that change the member's official organization at once (no two-sided step).
MOVE_EVENTS: EventSet = frozenset({_E.TRANSFERRED, _E.REASSIGNED})
#: Events that start an official transfer (refused while one is in progress or the member is
#: away on a temporary transfer).
TRANSFER_EVENTS: EventSet = frozenset({_E.TRANSFERRED, _E.TRANSFER_ISSUED})
#: Events that close a transfer in progress (refused when there is none).
TRANSFER_CLOSING_EVENTS: EventSet = frozenset({_E.TRANSFER_RECEIVED, _E.TRANSFER_CANCELLED})
#: Events that name an organization other than the member's own, chosen by whoever records
#: them: the destination of a transfer, the temporary host, the cell of a re-admission.
TARGETED_EVENTS: EventSet = frozenset(
    {_E.TRANSFERRED, _E.TRANSFER_ISSUED, _E.TEMPORARY_OUT, _E.READMITTED}
)
#: Events that name the organization the member goes to (it must exist and hold members).
NEEDS_ORGANIZATION_EVENTS: EventSet = ADMISSION_EVENTS | TARGETED_EVENTS | {_E.REASSIGNED}
#: Events whose organization is not the member's official one afterwards: the temporary host
#: and the destination of a transfer in transit.
ELSEWHERE_EVENTS: EventSet = frozenset({_E.TRANSFER_ISSUED, _E.TEMPORARY_OUT})
#: Events after which the member's official organization is the event's organization.
JOINING_EVENTS: EventSet = ADMISSION_EVENTS | MOVE_EVENTS | {_E.TRANSFER_RECEIVED}


def in_declared_order(events: EventSet) -> list[MemberEventType]:
    """The events of a set in the order ``MemberEventType`` declares them (a stable order for
    queries and index conditions)."""
    return [kind for kind in MemberEventType if kind in events]


def event_values(events: EventSet) -> frozenset[str]:
    """The stored values of a set, as plain strings (for hot paths that compare strings)."""
    return frozenset(kind.value for kind in events)
