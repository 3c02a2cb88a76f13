"""Terms (nhiệm kỳ) and committee posts held from–to."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dangvien.accounts.scoping import ScopedQuerySet
from dangvien.committees.choices import Post
from dangvien.core.models import BaseModel


class Term(BaseModel):
    """A congress term of an organization: from the congress for the length the rulebook gives."""

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="terms"
    )
    name = models.CharField(pgettext_lazy("field", "name"), max_length=100)
    congress_on = models.DateField(_("congress date"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    length_months = models.PositiveSmallIntegerField(_("length (months)"))
    rule_source = models.CharField(_("rule"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects: ClassVar[ScopedQuerySet[Term]] = ScopedQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["organization_id", "starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "starts_on"], name="term_start_unique"),
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")), name="term_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class TermPilot(BaseModel):
    """A cell that holds its congress every five years under the pilot of Quy định 294-QĐ/TW,
    from ``valid_from``, by the decision of the committee above it (a per-organization setting:
    the pilot is not a rule for every cell)."""

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="term_pilots"
    )
    valid_from = models.DateField(_("from"))
    decision_number = models.CharField(_("decision number"), max_length=100)
    decision_date = models.DateField(_("decision date"))
    issuer = models.CharField(_("issued by"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects: ClassVar[ScopedQuerySet[TermPilot]] = ScopedQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("five-year congress pilot")
        verbose_name_plural = _("five-year congress pilots")
        ordering = ["organization_id", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "valid_from"], name="term_pilot_from_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.valid_from} {self.decision_number}"


class CommitteePost(BaseModel):
    """Someone holding a committee post of an organization from ``held_from`` to ``held_to``.

    ``held_to`` is the day the post ended (not held at the end of that day, like a dissolution
    date); empty means still in post. The holder is the ``member`` (committee members are
    party members); ``person_name`` and ``person_key`` (the member's key in the interchange
    bundle, ``member_id``) copy the member's name and key when it is known, and name the holder
    of a post recorded before the member's file was (historical data, where the bundle gives a
    name only), until ``committee_post_identify`` links it.
    """

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="committee_posts"
    )
    term = models.ForeignKey(
        Term,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="posts",
        verbose_name=_("term"),
    )
    post = models.CharField(_("post"), max_length=32, choices=Post.choices)
    member = models.ForeignKey(
        "members.Member",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="committee_posts",
        verbose_name=_("member"),
    )
    person_name = models.CharField(_("holder"), max_length=200)
    person_key = models.CharField(_("member key"), max_length=64, blank=True, db_index=True)
    held_from = models.DateField(_("from"))
    held_to = models.DateField(_("to"), null=True, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects: ClassVar[ScopedQuerySet[CommitteePost]] = ScopedQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("committee post")
        verbose_name_plural = _("committee posts")
        ordering = ["organization_id", "held_from"]
        indexes = [
            models.Index(fields=["organization", "post", "held_from"]),
            # "has a secretary on D", asked for every organization of a subtree by the
            # statistics: one index-only probe each on PostgreSQL (INCLUDE is ignored elsewhere)
            models.Index(
                fields=["organization", "held_from"],
                include=["held_to"],
                condition=Q(post=Post.SECRETARY),
                name="committee_secretary_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(held_to__isnull=True) | Q(held_to__gte=models.F("held_from")),
                name="committee_post_period_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_post_display()}: {self.person_name}"
