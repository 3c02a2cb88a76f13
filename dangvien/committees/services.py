"""Writes for terms and committee posts."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from dangvien.accounts.scoping import require
from dangvien.accounts.types import Actor
from dangvien.audit.services import AuditAction, record, recorded_by, snapshot
from dangvien.committees.choices import Post
from dangvien.committees.models import CommitteePost, Term, TermPilot
from dangvien.committees.permissions import CommitteePermission
from dangvien.core.dates import add_months, refuse_future
from dangvien.core.decisions import Decision, require_numbered
from dangvien.core.exceptions import ValidationFailed
from dangvien.core.formatting import vn_date
from dangvien.members.models import Member
from dangvien.organizations.models import Organization
from dangvien.organizations.selectors import existing_state
from dangvien.rules.selectors import RuleMissing, rule_version

CHANGE = CommitteePermission.CHANGE


def term_rule_key(kind: str) -> str:
    """The rulebook key giving the term length of an organization kind."""
    if kind in {"grassroots_committee", "grassroots_cell"}:
        return "term.grassroots_months"
    return f"term.{kind}_months"


def on_term_pilot(organization: Organization, on: date) -> bool:
    """Whether the cell holds its congress every five years on ``on`` (a pilot decision)."""
    return TermPilot.objects.filter(organization=organization, valid_from__lte=on).exists()


@transaction.atomic
def term_pilot_record(
    *, actor: Actor, organization: Organization, valid_from: date, decision: Decision
) -> TermPilot:
    """Record that a cell holds its congress every five years from ``valid_from`` (the pilot of
    Quy định 294-QĐ/TW), by the numbered decision of the committee above it.

    Rules: actor may change committees of the organization; it is a cell (chi bộ trực thuộc)
    existing that day; the pilot's rule (``term.cell_pilot_months``) is in force that day; the
    decision has a number and a date, not in the future. No-op when the cell is on the pilot
    already. Writes: TermPilot, AuditEvent(create).
    """
    require(actor, CHANGE, organization)
    refuse_future(valid_from, "valid_from")
    state = existing_state(organization, valid_from, field="valid_from")
    if state.kind != "cell":
        raise ValidationFailed(
            _("The five-year congress pilot applies to cells under a grassroots committee."),
            code="pilot_not_cell",
            field="valid_from",
        )
    decided_on = require_numbered(decision, field="decision_number")
    refuse_future(decided_on, "decision_date")
    try:
        rule_version("term.cell_pilot_months", on=valid_from)
    except RuleMissing:
        raise ValidationFailed(
            _("The five-year congress pilot is not in force on %(date)s.")
            % {"date": vn_date(valid_from)},
            code="pilot_not_in_force",
            field="valid_from",
        ) from None
    existing = TermPilot.objects.filter(organization=organization).first()
    if existing is not None and existing.valid_from <= valid_from:
        return existing
    pilot = TermPilot.objects.create(
        organization=organization,
        valid_from=valid_from,
        decision_number=decision.number.strip(),
        decision_date=decided_on,
        issuer=decision.issuer,
        recorded_by=recorded_by(actor)[0],
    )
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=pilot,
        after=snapshot(pilot),
        organization_path=organization.path,
    )
    return pilot


@transaction.atomic
def term_create(
    *, actor: Actor, organization: Organization, congress_on: date, name: str = "", note: str = ""
) -> Term:
    """Open a term with the congress of ``congress_on``.

    Its length comes from the rulebook for the organization's kind on the congress date (for a
    cell on the five-year pilot that day, ``term.cell_pilot_months``).
    Rules: actor may change committees of the organization; it exists that day; terms of one
    organization do not overlap (an open term ends at the new congress). Writes: Term (and the
    shortened previous term), AuditEvent(create/update).
    """
    require(actor, CHANGE, organization)
    state = existing_state(organization, congress_on, field="congress_on")
    key = term_rule_key(state.kind)
    if key == "term.cell_months" and on_term_pilot(organization, congress_on):
        key = "term.cell_pilot_months"
    version = rule_version(key, on=congress_on)
    months = int(version.value)
    ends_on = add_months(congress_on, months)
    if Term.objects.filter(organization=organization, starts_on__gte=congress_on).exists():
        raise ValidationFailed(
            _("A term starting on or after that date already exists."),
            code="term_overlap",
            field="congress_on",
        )
    previous = Term.objects.filter(organization=organization, ends_on__gt=congress_on).first()
    if previous is not None:
        before = snapshot(previous)
        previous.ends_on = congress_on
        previous.save(update_fields=["ends_on", "updated_at"])
        record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=previous,
            before=before,
            after=snapshot(previous),
            organization_path=organization.path,
        )
    term = Term.objects.create(
        organization=organization,
        name=name or f"{congress_on.year}–{ends_on.year}",
        congress_on=congress_on,
        starts_on=congress_on,
        ends_on=ends_on,
        length_months=months,
        rule_source=f"{version.key}: {version.source}",
        note=note,
    )
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=term,
        after=snapshot(term),
        organization_path=organization.path,
    )
    return term


def _check_within_organization(
    organization: Organization, held_from: date, held_to: date | None
) -> None:
    """Refuse a post that starts or runs after its organization ended (dissolved, merged or
    split): the post must end on or before that day."""
    ended = (
        Organization.objects.filter(pk=organization.pk)
        .values_list("dissolved_on", flat=True)
        .first()
    )
    if ended is None:
        return
    if held_from >= ended or held_to is None or held_to > ended:
        raise ValidationFailed(
            _(
                "%(code)s ended on %(date)s: a post of its committee cannot start or run after "
                "that day (give an end on or before it)."
            )
            % {"code": organization.code, "date": vn_date(ended)},
            code="organization_ended",
            field="held_from" if held_from >= ended else "held_to",
        )


@transaction.atomic
def committee_post_assign(
    *,
    actor: Actor,
    organization: Organization,
    post: str,
    held_from: date,
    member: Member | None = None,
    person_name: str = "",
    held_to: date | None = None,
    person_key: str = "",
    term: Term | None = None,
    decision_number: str = "",
) -> CommitteePost:
    """Record that ``member`` holds ``post`` from ``held_from``.

    The holder is the member (their name and key are copied onto the post); a ``person_key``
    that names a member's file links that member. A name alone (``person_name``) is kept for
    historical posts whose holder has no file yet (the bundle's ``full_name``); the web and the
    API ask for a member. Whether the holder was an official member that day is a warning of
    the committee (``committee_warnings``), not a refusal: historical records are kept as given.
    Rules: actor may change committees of the organization; it exists that day; the period is
    ordered; a post of an organization that has ended ends on or before its end (a post cannot
    start or run after it); one person does not hold the same post twice at once; a new
    secretary ends the previous secretary's post the same day (one secretary at a time). No-op
    for an identical open post. Writes: CommitteePost (and the ended one),
    AuditEvent(create/update).
    """
    require(actor, CHANGE, organization)
    refuse_future(held_from, "held_from")
    if member is None and person_key:
        member = Member.objects.filter(member_key=person_key).first()
    if member is not None:
        person_name, person_key = member.full_name, member.member_key
    person_name = " ".join(person_name.split())
    if not person_name:
        raise ValidationFailed(
            _("Name the holder of the post."), code="holder_required", field="person_name"
        )
    if post not in Post.values:
        raise ValidationFailed(_("Unknown post."), code="post_unknown", field="post")
    if held_to is not None and held_to < held_from:
        raise ValidationFailed(
            _("The end date is before the start date."), code="period_order", field="held_to"
        )
    _check_within_organization(organization, held_from, held_to)
    existing_state(organization, held_from, field="held_from")
    if term is not None and term.organization_id != organization.pk:
        raise ValidationFailed(
            _("The term belongs to another organization."), code="term_mismatch", field="term"
        )
    overlapping = CommitteePost.objects.filter(organization=organization, post=post).filter(
        Q(held_to__isnull=True) | Q(held_to__gt=held_from)
    )
    if held_to is not None:
        overlapping = overlapping.filter(held_from__lt=held_to)
    existing = overlapping.filter(person_name=person_name, person_key=person_key).first()
    if existing is not None:
        if existing.held_from == held_from and existing.held_to == held_to:
            return existing
        raise ValidationFailed(
            _("This person already holds this post in that period."),
            code="post_overlap",
            field="held_from",
        )
    if post == Post.SECRETARY:
        for previous in overlapping.filter(held_from__lt=held_from, held_to__isnull=True):
            before = snapshot(previous)
            previous.held_to = held_from
            previous.save(update_fields=["held_to", "updated_at"])
            record(
                actor=actor,
                action=AuditAction.UPDATE,
                obj=previous,
                before=before,
                after=snapshot(previous),
                organization_path=organization.path,
                message="ended by new secretary",
            )
    assignment = CommitteePost.objects.create(
        organization=organization,
        term=term,
        post=post,
        member=member,
        person_name=person_name,
        person_key=person_key,
        held_from=held_from,
        held_to=held_to,
        decision_number=decision_number,
        recorded_by=recorded_by(actor)[0],
    )
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=assignment,
        after=snapshot(assignment),
        organization_path=organization.path,
    )
    return assignment


@transaction.atomic
def committee_post_identify(
    *, actor: Actor, assignment: CommitteePost, member: Member
) -> CommitteePost:
    """Link a post recorded with a name alone to the member who held it.

    Rules: actor may change committees of the organization; the post has no member yet (a
    holder, once identified, is not replaced: end the post and assign another). No-op when it
    is already that member. Writes: CommitteePost (member, and the member's name and key),
    AuditEvent(update).
    """
    assignment = CommitteePost.objects.select_for_update().get(pk=assignment.pk)
    organization = assignment.organization
    require(actor, CHANGE, organization)
    if assignment.member_id == member.pk:
        return assignment
    if assignment.member_id is not None:
        raise ValidationFailed(
            _("This post already names its holder's file; end it and assign the post again."),
            code="holder_identified",
            field="member",
        )
    before = snapshot(assignment)
    assignment.member = member
    assignment.person_name, assignment.person_key = member.full_name, member.member_key
    assignment.save(update_fields=["member", "person_name", "person_key", "updated_at"])
    record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=assignment,
        before=before,
        after=snapshot(assignment),
        organization_path=organization.path,
        message="holder identified",
    )
    return assignment


@transaction.atomic
def committee_post_end(*, actor: Actor, assignment: CommitteePost, held_to: date) -> CommitteePost:
    """End a post on ``held_to`` (not held at the end of that day).

    Rules: actor may change committees of the organization; the end is not before the start.
    No-op when it already ended on or before that date. Writes: CommitteePost.held_to,
    AuditEvent(update).
    """
    assignment = CommitteePost.objects.select_for_update().get(pk=assignment.pk)
    organization = assignment.organization
    require(actor, CHANGE, organization)
    if assignment.held_to is not None and assignment.held_to <= held_to:
        return assignment
    if held_to < assignment.held_from:
        raise ValidationFailed(
            _("The end date is before the start date."), code="period_order", field="held_to"
        )
    before = snapshot(assignment)
    assignment.held_to = held_to
    assignment.save(update_fields=["held_to", "updated_at"])
    record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=assignment,
        before=before,
        after=snapshot(assignment),
        organization_path=organization.path,
    )
    return assignment


@transaction.atomic
def committee_posts_end_with_organization(
    *, actor: Actor, organization: Organization, effective_on: date
) -> list[CommitteePost]:
    """End the posts of an organization that ends on ``effective_on`` (dissolved, merged into
    another or split): its committee does not outlive it.

    Called by the organization services inside the transaction that ends the organization (an
    end hook registered in ``CommitteesConfig.ready``). Rules: no post of the organization starts
    on or after that day (refused, naming the holder: such a post would never have been held);
    actor may change committees of the organization (only asked when a post is ended). No-op
    when no post is held at the end of the day before. Writes: CommitteePost.held_to =
    ``effective_on`` for each post held then (open, or ending later), AuditEvent(update) each.
    """
    later = (
        CommitteePost.objects.filter(organization=organization, held_from__gte=effective_on)
        .order_by("held_from", "id")
        .first()
    )
    if later is not None:
        raise ValidationFailed(
            _(
                "%(code)s cannot end on %(date)s: %(name)s holds the post of %(post)s from "
                "%(from)s. Committee posts must end on or before the end of the organization."
            )
            % {
                "code": organization.code,
                "date": vn_date(effective_on),
                "name": later.person_name,
                "post": later.get_post_display(),
                "from": vn_date(later.held_from),
            },
            code="post_after_end",
            field="effective_on",
        )
    held = list(
        CommitteePost.objects.select_for_update()
        .filter(organization=organization, held_from__lt=effective_on)
        .filter(Q(held_to__isnull=True) | Q(held_to__gt=effective_on))
        .order_by("held_from", "id")
    )
    if not held:
        return []
    require(actor, CHANGE, organization)
    for assignment in held:
        before = snapshot(assignment)
        assignment.held_to = effective_on
        assignment.save(update_fields=["held_to", "updated_at"])
        record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=assignment,
            before=before,
            after=snapshot(assignment),
            organization_path=organization.path,
            message="ended with the organization",
        )
    return held
