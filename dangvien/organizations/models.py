"""The tree of party organizations and its dated history.

Three tables:

* ``Organization``: identity (code), existence (established/dissolved) and the *access path*,
  the path of its latest state, which scopes permissions (a merged organization hangs under
  its survivor so the survivor's staff keep its history).
* ``OrganizationVersion``: the state (name, kind, sector, parent, path) valid from one date to
  the next; "the tree on day D" is the set of versions valid at D. Derived from the changes by
  the services, never edited by hand.
* ``OrganizationChange``: the append-only ledger of what happened (founded, renamed, moved …)
  with its effective date, its decision reference and who recorded it.

Dates: a change effective on day E applies from E on; ``valid_to`` is exclusive, and an
organization dissolved on E does not exist at the end of day E.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dangvien.accounts.scoping import ScopedQuerySet
from dangvien.core.models import AppendOnlyModel, AppendOnlyQuerySet, BaseModel, ChoiceLabels
from dangvien.organizations.choices import ChangeType, OrganizationKind, Sector


def path_ids(path: str) -> list[int]:
    """The ids an access path (or a state's path) names, the root first and the organization
    itself last: ``"/1/5/9/"`` gives ``[1, 5, 9]``; its ancestors are ``path_ids(path)[:-1]``."""
    return [int(part) for part in path.split("/") if part]


class OrganizationQuerySet(ScopedQuerySet["Organization"]):
    scope_field = ""


class Organization(BaseModel):
    """A party organization that exists or once existed (identified by its ``code``)."""

    code = models.CharField(_("code"), max_length=64, unique=True)
    established_on = models.DateField(_("established on"))
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="absorbed",
        verbose_name=_("merged into"),
    )
    # Delimiter-terminated pk segments, e.g. "/1/7/23/": a prefix match gives the subtree.
    path = models.CharField(_("access path"), max_length=255, db_index=True, editable=False)

    objects: ClassVar[OrganizationQuerySet] = OrganizationQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("party organization")
        verbose_name_plural = _("party organizations")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(dissolved_on__isnull=True)
                | Q(dissolved_on__gt=models.F("established_on")),
                name="organization_dissolved_after_established",
            )
        ]
        indexes = [
            # the statistics ask which organizations had ended by a date (statistics.placement):
            # a few among hundreds of thousands at national size, read without a table scan
            models.Index(
                fields=["dissolved_on"],
                condition=Q(dissolved_on__isnull=False),
                name="organization_dissolved_idx",
            )
        ]

    def __str__(self) -> str:
        return self.code


class OrganizationVersionQuerySet(ScopedQuerySet["OrganizationVersion"]):
    def at(self, on: object) -> OrganizationVersionQuerySet:
        """Versions valid at the end of day ``on``."""
        return self.filter(valid_from__lte=on).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on))


class OrganizationVersion(ChoiceLabels, models.Model):
    """The state of one organization from ``valid_from`` (inclusive) to ``valid_to`` (exclusive)."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="versions"
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    name = models.CharField(pgettext_lazy("field", "name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=32, choices=OrganizationKind.choices)
    sector = models.CharField(_("sector"), max_length=32, choices=Sector.choices, blank=True)
    parent = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="child_versions",
        verbose_name=_("parent"),
    )
    path = models.CharField(max_length=255, db_index=True)
    depth = models.PositiveSmallIntegerField(default=0)
    # Code and name folded (no diacritics, lower case) for search.
    search_text = models.CharField(max_length=400, blank=True, db_index=True)

    objects: ClassVar[OrganizationVersionQuerySet] = OrganizationVersionQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("organization state")
        verbose_name_plural = _("organization states")
        ordering = ["organization_id", "valid_from"]
        indexes = [
            models.Index(fields=["valid_from", "valid_to"]),
            models.Index(fields=["parent", "valid_from"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "valid_from"], name="organization_version_from_unique"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                name="organization_version_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.valid_from}–{self.valid_to or '…'})"


class OrganizationChangeQuerySet(AppendOnlyQuerySet, ScopedQuerySet["OrganizationChange"]):
    pass


class OrganizationChange(AppendOnlyModel):
    """One dated change of an organization, with the decision that made it (append-only)."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="changes")
    change_type = models.CharField(_("change"), max_length=16, choices=ChangeType.choices)
    effective_on = models.DateField(_("effective on"))
    related_organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("related organization"),
    )
    decision_number = models.CharField(_("decision number"), max_length=100, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decision_issuer = models.CharField(_("issued by"), max_length=255, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(_("recorded by"), max_length=200, blank=True)

    objects: ClassVar[OrganizationChangeQuerySet] = OrganizationChangeQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("organization change")
        verbose_name_plural = _("organization changes")
        ordering = ["effective_on", "id"]
        indexes = [models.Index(fields=["organization", "effective_on"])]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.change_type} {self.effective_on}"
