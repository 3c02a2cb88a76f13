"""Party members: the record, the append-only ledger of dated events, and derived periods.

* ``Member`` holds the person's file (profile); no lifecycle state is stored on it.
* ``MemberEvent`` is the ledger: what happened, effective when, by which decision, recorded by
  whom. Rows are only inserted; a correction is a new row citing the row it corrects.
* ``MemberPeriod`` is derived from the ledger by replay (``transitions.replay``), kept in step by
  the services in the same transaction: the member's official organization, status, exemption,
  temporary host and pending transfer from ``valid_from`` (inclusive) to ``valid_to`` (exclusive).
  "Members of a subtree on day D" is one join of periods valid at D with organization versions
  valid at D under the subtree's path. The member's sex is copied onto the periods (kept in
  step by the services) so that the statistics read one table.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import F, Func, Q
from django.utils.translation import gettext_lazy as _

from dangvien.accounts.scoping import ScopedQuerySet
from dangvien.core.models import AppendOnlyModel, AppendOnlyQuerySet, BaseModel, ChoiceLabels
from dangvien.members.choices import (
    ADMISSION_EVENTS,
    EXIT_EVENTS,
    MemberEventType,
    MemberStatus,
    PoliticalTheory,
    Sex,
    in_declared_order,
)


class PersonProfile(ChoiceLabels, models.Model):
    """The fields of a person's file that a party member and a candidate for admission share
    (the ceremony carries a candidate's over to the member it creates)."""

    full_name = models.CharField(_("full name"), max_length=200)
    other_names = models.CharField(_("other names"), max_length=200, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    birth_place = models.CharField(_("place of birth"), max_length=255, blank=True)
    home_town = models.CharField(_("home town"), max_length=255, blank=True)
    ethnicity = models.CharField(_("ethnicity"), max_length=64, blank=True)
    religion = models.CharField(_("religion"), max_length=64, blank=True)
    national_id = models.CharField(_("citizen ID (CCCD)"), max_length=12, blank=True)
    education = models.CharField(_("education"), max_length=64, blank=True)
    professional_qualification = models.CharField(
        _("professional qualification"), max_length=128, blank=True
    )
    occupation = models.CharField(_("occupation"), max_length=128, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)

    class Meta:
        abstract = True


#: The names of the shared person fields, in their order.
PERSON_FIELDS: list[str] = [field.name for field in PersonProfile._meta.fields]


class Member(BaseModel, PersonProfile):
    """A person who is or was a party member (their file, "lý lịch đảng viên")."""

    member_key = models.CharField(_("member key"), max_length=64, unique=True)
    # indexed with the id (Meta.indexes): the name search walks the names in order
    search_name = models.CharField(max_length=200, editable=False)
    # the name in Vietnamese list order (the given name, then the family name), as text the
    # database sorts (core.text.person_list_key): lists are ordered and paged by the database
    list_key = models.CharField(max_length=255, editable=False, default="")
    political_theory = models.CharField(
        _("political theory"), max_length=16, choices=PoliticalTheory.choices, blank=True
    )
    party_card_number = models.CharField(_("party card number"), max_length=32, blank=True)
    introducers = models.TextField(_("introducers"), blank=True)

    class Meta:
        verbose_name = _("party member")
        verbose_name_plural = _("party members")
        ordering = ["search_name", "id"]
        indexes = [
            # the members in name order, read from the index alone (members.selectors'
            # name search walks it); it serves the lists ordered by name as the index on
            # search_name alone did
            models.Index(fields=["search_name", "id"], name="member_name_order"),
            # the members in list order: a large organization's list page walks it and
            # stops at its 50 rows instead of sorting every member of the subtree
            models.Index(fields=["list_key", "id"], name="member_list_order"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["national_id"],
                condition=~Q(national_id=""),
                name="member_national_id_unique",
            ),
            models.UniqueConstraint(
                fields=["party_card_number"],
                condition=~Q(party_card_number=""),
                name="member_card_number_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name


# Admissions and exits: the events the reports count by type over a period (in this order, the
# one of the index conditions below).
ADMISSION_TYPES = in_declared_order(ADMISSION_EVENTS)
MOVEMENT_TYPES = [*ADMISSION_TYPES, *in_declared_order(EXIT_EVENTS)]


class MemberEventQuerySet(AppendOnlyQuerySet, ScopedQuerySet["MemberEvent"]):
    pass


class MemberEvent(AppendOnlyModel):
    """One dated event of a member's life in the party (append-only).

    ``organization`` is the organization the event concerns: the one admitted into, transferred
    to, temporarily hosting, or the member's organization at the time for other events.
    ``corrects`` points to an earlier event this one replaces (same type) or cancels (VOIDED).
    """

    # Foreign keys without their own index where an index below leads with the column (or a
    # partial one covers the rare non-null values): fewer indexes to maintain on every write.
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="events", db_index=False
    )
    type = models.CharField(_("event"), max_length=24, choices=MemberEventType.choices)
    effective_on = models.DateField(_("effective on"))
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="member_events",
        verbose_name=_("organization"),
        db_index=False,
    )
    from_organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("from organization"),
        db_index=False,
    )
    decision_number = models.CharField(_("decision number"), max_length=100, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decision_issuer = models.CharField(_("issued by"), max_length=255, blank=True)
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("corrects"),
        db_index=False,
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    # Not indexed: nothing reads events by who recorded them; deleting a user (rare; users are
    # deactivated) scans the table once to clear the reference.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    actor_name = models.CharField(_("recorded by"), max_length=200, blank=True)

    objects: ClassVar[MemberEventQuerySet] = MemberEventQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("member event")
        verbose_name_plural = _("member events")
        ordering = ["effective_on", "id"]
        indexes = [
            models.Index(fields=["member", "effective_on"]),
            models.Index(fields=["organization", "type", "effective_on"]),
            # Admissions and exits of a period (reports): the other events are never read by
            # type across organizations.
            models.Index(
                fields=["type", "effective_on"],
                condition=Q(type__in=MOVEMENT_TYPES),
                name="member_event_movement_idx",
            ),
            # The admissions of a period (statistics): an index-only scan on PostgreSQL.
            models.Index(
                fields=["effective_on"],
                include=["organization", "id"],
                condition=Q(type__in=ADMISSION_TYPES),
                name="member_event_admissions_idx",
            ),
            models.Index(
                fields=["corrects"],
                condition=Q(corrects__isnull=False),
                name="member_event_corrects_idx",
            ),
            models.Index(
                fields=["from_organization"],
                condition=Q(from_organization__isnull=False),
                name="member_event_from_org_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.type} {self.effective_on}"


class OpenEnd(Func):
    """``valid_to`` with the open end as 9999-12-31: "valid at D" becomes the one range
    ``valid_from <= D < OpenEnd(valid_to)``, which the index on this expression serves.

    The date is written into the SQL (not a parameter) so that the query's expression is the
    index's expression on PostgreSQL and SQLite alike.
    """

    template = "COALESCE(%(expressions)s, '9999-12-31')"
    output_field = models.DateField()

    def __init__(self, column: str = "valid_to") -> None:
        super().__init__(F(column))


class MemberPeriodQuerySet(ScopedQuerySet["MemberPeriod"]):
    def at(self, on: object) -> MemberPeriodQuerySet:
        return self.alias(period_until=OpenEnd()).filter(valid_from__lte=on, period_until__gt=on)


class MemberPeriod(ChoiceLabels, models.Model):
    """A stretch of membership with constant attributes (derived from the ledger)."""

    # Foreign keys without single-column indexes: the indexes below lead with each of them.
    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="periods", db_index=False
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="member_periods",
        db_index=False,
    )
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=MemberStatus.choices)
    is_exempted = models.BooleanField(default=False)
    host_organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="guest_periods",
        db_index=False,
    )
    transit_to = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incoming_periods",
        db_index=False,
    )
    # The member's sex, copied here (derived, like the rest of the row) so that the statistics
    # of a subtree read the periods alone; ``member_update_profile`` keeps it in step.
    sex = models.CharField(max_length=1, choices=Sex.choices, blank=True, editable=False)

    objects: ClassVar[MemberPeriodQuerySet] = MemberPeriodQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("membership period")
        verbose_name_plural = _("membership periods")
        ordering = ["member_id", "valid_from"]
        indexes = [
            # Members of an organization at D: one range per organization (and on PostgreSQL an
            # index-only scan of everything the statistics count).
            models.Index(
                F("organization"),
                OpenEnd(),
                include=[
                    "valid_from",
                    "valid_to",
                    "status",
                    "is_exempted",
                    "host_organization",
                    "transit_to",
                    "sex",
                ],
                name="member_period_at_idx",
            ),
            models.Index(fields=["member", "valid_from"]),
            models.Index(
                fields=["host_organization", "valid_from"],
                condition=Q(host_organization__isnull=False),
                name="member_period_host_idx",
            ),
            models.Index(
                fields=["transit_to", "valid_from"],
                condition=Q(transit_to__isnull=False),
                name="member_period_transit_idx",
            ),
            # The probationary members at D (the members due for recognition, the list's
            # filter): the periods of probation still open at D, without a read of every
            # period (a whole tree at national size: 3.9 s by a scan of 27 million periods).
            models.Index(
                OpenEnd(),
                condition=Q(status=MemberStatus.PROBATIONARY),
                name="member_period_probation_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                name="member_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.organization_id} {self.valid_from}–{self.valid_to or '…'}"

    def valid_at(self, on: date) -> bool:
        """Whether the period is valid at ``on``: ``MemberPeriodQuerySet.at`` of one period
        already read (``valid_to`` is exclusive; the open end is ``OpenEnd``'s 9999-12-31)."""
        return self.valid_from <= on < (self.valid_to or date.max)


class LedgerQuerySet(AppendOnlyQuerySet, ScopedQuerySet[Any]):
    pass


class CardAction(models.TextChoices):
    ISSUED = "issued", _("issued")
    REISSUED = "reissued", _("re-issued")
    RECALLED = "recalled", _("recalled")


class PartyCardEntry(AppendOnlyModel):
    """The card register (sổ phát thẻ): issue, re-issue and recall of party cards, with numbers."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="card_entries")
    action = models.CharField(_("action"), max_length=16, choices=CardAction.choices)
    number = models.CharField(_("card number"), max_length=32, blank=True, db_index=True)
    effective_on = models.DateField(_("date"))
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organization"),
    )
    decision_number = models.CharField(_("decision number"), max_length=100, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(_("recorded by"), max_length=200, blank=True)

    objects: ClassVar[LedgerQuerySet] = LedgerQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("party card entry")
        verbose_name_plural = _("party card register")
        ordering = ["effective_on", "id"]

    def __str__(self) -> str:
        return f"{self.member_id} {self.action} {self.number}"


class BadgeAward(AppendOnlyModel):
    """A party badge (Huy hiệu Đảng) awarded to a member for a party-age milestone."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="badge_awards")
    milestone = models.PositiveSmallIntegerField(_("years of party age"))
    awarded_on = models.DateField(_("awarded on"))
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organization"),
    )
    decision_number = models.CharField(_("decision number"), max_length=100, blank=True)
    early_reason = models.CharField(_("early award"), max_length=32, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(_("recorded by"), max_length=200, blank=True)

    objects: ClassVar[LedgerQuerySet] = LedgerQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("badge award")
        verbose_name_plural = _("badge awards")
        ordering = ["awarded_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "milestone"], name="badge_award_once_per_milestone"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.milestone}"
