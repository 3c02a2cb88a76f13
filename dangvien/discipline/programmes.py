"""Inspection and supervision programmes (kiểm tra, giám sát; Quy định 296-QĐ/TW): the writes
and reads of the programmes a committee or its inspection commission plans for a year, their
subjects and conclusions. A plan is not a fact (its schedule may lie ahead); its conclusion is.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from dangvien.accounts.scoping import require
from dangvien.accounts.types import Actor
from dangvien.audit.services import AuditAction, record, recorded_by, snapshot
from dangvien.core import dates
from dangvien.core.dates import refuse_future
from dangvien.core.exceptions import ValidationFailed
from dangvien.core.formatting import vn_date
from dangvien.discipline.choices import ProgrammeKind
from dangvien.discipline.models import (
    Programme,
    ProgrammeConclusion,
    ProgrammeSubject,
    Recommendation,
    RecommendationEvent,
)
from dangvien.discipline.permissions import DisciplinePermission
from dangvien.discipline.selectors import standing_on
from dangvien.members.models import Member
from dangvien.organizations.models import Organization, OrganizationVersion
from dangvien.organizations.selectors import existing_state


@transaction.atomic
def programme_plan(
    *,
    actor: Actor,
    organization: Organization,
    kind: str,
    title: str,
    starts_on: date,
    ends_on: date,
    team: str = "",
    organizations: list[Organization] | None = None,
    members: list[Member] | None = None,
) -> Programme:
    """Plan an inspection or supervision of ``organization``'s body.

    Rules: the actor may change discipline files of the organization; it exists on the first
    day; a known kind and a title; the schedule ordered and within one year; at least one
    subject, each in the organization's subtree on the first day (an organization standing
    there, a member whose official organization stands there). Writes: Programme, its
    subjects, AuditEvent(create).
    """
    require(actor, DisciplinePermission.CHANGE, organization)
    state = existing_state(organization, starts_on, field="starts_on")
    if kind not in ProgrammeKind.values:
        raise ValidationFailed(
            _("Unknown kind of inspection or supervision."), code="kind", field="kind"
        )
    if not title.strip():
        raise ValidationFailed(_("A title is required."), code="title", field="title")
    if ends_on < starts_on or ends_on.year != starts_on.year:
        raise ValidationFailed(
            _("The schedule runs forward within one year."), code="schedule", field="ends_on"
        )
    organizations, members = list(organizations or []), list(members or [])
    if not organizations and not members:
        raise ValidationFailed(_("Name at least one subject."), code="subjects", field="subjects")
    inside = set(
        OrganizationVersion.objects.at(starts_on)
        .filter(path__startswith=state.path)
        .values_list("organization_id", flat=True)
    )
    for subject in organizations:
        if subject.pk not in inside:
            raise ValidationFailed(
                _("%(code)s is not in the subtree on %(date)s.")
                % {"code": subject.code, "date": vn_date(starts_on)},
                code="subject_outside",
                field="subjects",
            )
    for member in members:
        standing = standing_on(member, starts_on)
        if standing is None or standing.organization_id not in inside:
            raise ValidationFailed(
                _("%(name)s is not a member of the subtree on %(date)s.")
                % {"name": member.full_name, "date": vn_date(starts_on)},
                code="subject_outside",
                field="subjects",
            )
    user, name = recorded_by(actor)
    programme = Programme.objects.create(
        organization=organization,
        year=starts_on.year,
        kind=kind,
        title=title.strip(),
        team=team.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        actor=user,
        actor_name=name,
    )
    ProgrammeSubject.objects.bulk_create(
        [ProgrammeSubject(programme=programme, organization=o) for o in organizations]
        + [ProgrammeSubject(programme=programme, member=m) for m in members]
    )
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=programme,
        after={
            **snapshot(programme),
            "organizations": [o.pk for o in organizations],
            "members": [m.pk for m in members],
        },
        organization_path=organization.path,
        message=f"programme {kind}",
    )
    return programme


@transaction.atomic
def programme_conclude(
    *,
    actor: Actor,
    programme: Programme,
    concluded_on: date,
    findings: str,
    recommendations: str = "",
    violation_found: bool = False,
    recommendations_due_on: date | None = None,
) -> ProgrammeConclusion:
    """The conclusion of an inspection or supervision, with its findings and recommendations;
    with ``recommendations_due_on`` each line of the recommendations becomes an item to follow
    up by that day (``recommendation_add``).

    Rules: the actor may change the organization's discipline files; not concluded yet; not in
    the future nor before the programme started; findings written. Writes:
    ProgrammeConclusion, AuditEvent(update).
    """
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    require(actor, DisciplinePermission.CHANGE, programme.organization)
    if ProgrammeConclusion.objects.filter(programme=programme).exists():
        raise ValidationFailed(_("Already concluded."), code="already_concluded")
    refuse_future(concluded_on, "concluded_on")
    if concluded_on < programme.starts_on:
        raise ValidationFailed(
            _("The conclusion cannot precede the start."), code="before_start", field="concluded_on"
        )
    if not findings.strip():
        raise ValidationFailed(_("Write the findings."), code="findings", field="findings")
    user, name = recorded_by(actor)
    conclusion = ProgrammeConclusion.objects.create(
        programme=programme,
        concluded_on=concluded_on,
        findings=findings.strip(),
        recommendations=recommendations.strip(),
        violation_found=violation_found,
        actor=user,
        actor_name=name,
    )
    record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=programme,
        before={"status": "planned"},
        after={"status": "concluded", "conclusion": snapshot(conclusion)},
        organization_path=programme.organization.path,
        message="programme concluded",
    )
    if recommendations_due_on is not None:
        for line in conclusion.recommendations.splitlines():
            if line.strip():
                recommendation_add(
                    actor=actor, conclusion=conclusion, text=line, due_on=recommendations_due_on
                )
    return conclusion


def programmes_of(
    *, actor: Actor | None, organization: Organization, year: int | None = None
) -> QuerySet[Programme]:
    """The programmes of ``organization``'s subtree the actor may read, newest first; each
    with ``overdue`` (no conclusion after the schedule ended) annotated by ``with_status``."""
    found = (
        Programme.objects.for_actor(actor, DisciplinePermission.VIEW)
        .filter(organization__path__startswith=organization.path)
        .select_related("organization", "conclusion")
        .prefetch_related("subjects__member", "subjects__organization")
        .order_by("-starts_on", "-id")
    )
    return found.filter(year=year) if year is not None else found


def overdue_programmes(*, actor: Actor | None) -> QuerySet[Programme]:
    """Programmes whose schedule ended without a conclusion, where the actor records them."""
    return Programme.objects.for_actor(actor, DisciplinePermission.CHANGE).filter(
        conclusion__isnull=True, ends_on__lt=dates.today()
    )


def programme_counts(organization: Organization) -> list[tuple[str, int]]:
    """How many programmes of ``organization``'s subtree are planned, overdue and concluded:
    what the staff without the files see."""
    found = Programme.objects.filter(organization__path__startswith=organization.path)
    day = dates.today()
    return [
        (str(_("Planned")), found.filter(conclusion__isnull=True, ends_on__gte=day).count()),
        (
            str(_("Conclusion overdue")),
            found.filter(conclusion__isnull=True, ends_on__lt=day).count(),
        ),
        (str(_("Concluded")), found.filter(conclusion__isnull=False).count()),
    ]


@transaction.atomic
def recommendation_add(
    *, actor: Actor, conclusion: ProgrammeConclusion, text: str, due_on: date
) -> Recommendation:
    """A recommendation of a conclusion to follow up, due by ``due_on``.

    Rules: the actor may change the programme's discipline files; the text written; due not
    before the conclusion. Writes: Recommendation, AuditEvent(create).
    """
    programme = conclusion.programme
    require(actor, DisciplinePermission.CHANGE, programme.organization)
    if not text.strip():
        raise ValidationFailed(
            _("Write the recommendation."), code="recommendation_text", field="text"
        )
    if due_on < conclusion.concluded_on:
        raise ValidationFailed(
            _("The due date cannot precede the conclusion (%(date)s).")
            % {"date": vn_date(conclusion.concluded_on)},
            code="due_before_conclusion",
            field="due_on",
        )
    user, name = recorded_by(actor)
    item = Recommendation.objects.create(
        conclusion=conclusion, text=text.strip(), due_on=due_on, actor=user, actor_name=name
    )
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=item,
        after=snapshot(item),
        organization_path=programme.organization.path,
        message="recommendation",
    )
    return item


@transaction.atomic
def recommendation_done(
    *, actor: Actor, recommendation: Recommendation, done_on: date, note: str = ""
) -> RecommendationEvent:
    """The recommendation was carried out on ``done_on`` (a dated event; late if after its
    due date, which stays visible).

    Rules: the actor may change the programme's discipline files; not done already; not in
    the future nor before the conclusion. Writes: RecommendationEvent, AuditEvent(update).
    """
    recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    conclusion = recommendation.conclusion
    organization = conclusion.programme.organization
    require(actor, DisciplinePermission.CHANGE, organization)
    if recommendation.events.filter(kind=RecommendationEvent.DONE).exists():
        raise ValidationFailed(
            _("This recommendation was already carried out."), code="already_done"
        )
    refuse_future(done_on, "done_on")
    if done_on < conclusion.concluded_on:
        raise ValidationFailed(
            _("It cannot be carried out before the conclusion (%(date)s).")
            % {"date": vn_date(conclusion.concluded_on)},
            code="done_before_conclusion",
            field="done_on",
        )
    user, name = recorded_by(actor)
    event = RecommendationEvent.objects.create(
        recommendation=recommendation,
        kind=RecommendationEvent.DONE,
        happened_on=done_on,
        note=note.strip(),
        actor=user,
        actor_name=name,
    )
    record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=recommendation,
        before={"status": "open"},
        after={"status": "done", "on": done_on.isoformat()},
        organization_path=organization.path,
        message="recommendation done",
    )
    return event


def with_status(items: list[Recommendation], on: date) -> list[Recommendation]:
    """Set ``done_on`` and ``status`` (done, overdue, open) on each item as of ``on``."""
    done = dict(
        RecommendationEvent.objects.filter(
            recommendation__in=items, kind=RecommendationEvent.DONE, happened_on__lte=on
        ).values_list("recommendation_id", "happened_on")
    )
    for item in items:
        item.done_on = done.get(item.pk)  # type: ignore[attr-defined]
        item.status = (  # type: ignore[attr-defined]
            "done" if item.pk in done else "overdue" if item.due_on < on else "open"
        )
    return items


def recommendations_of(*, actor: Actor | None, programme: Programme) -> list[Recommendation]:
    """A programme's recommendations the actor may read, by due date, with their status."""
    items = list(
        Recommendation.objects.for_actor(actor, DisciplinePermission.VIEW)
        .filter(conclusion__programme=programme)
        .order_by("due_on", "id")
    )
    return with_status(items, dates.today())


def overdue_recommendations(
    *, actor: Actor | None, action: str = DisciplinePermission.VIEW, organization: Any = None
) -> QuerySet[Recommendation]:
    """Recommendations past their due date and not carried out, of the programmes of
    ``organization``'s subtree (every one the actor may ``action`` when ``None``)."""
    found = (
        Recommendation.objects.for_actor(actor, DisciplinePermission(action))
        .filter(due_on__lt=dates.today())
        .exclude(events__kind=RecommendationEvent.DONE)
        .select_related("conclusion__programme__organization")
        .order_by("due_on", "id")
    )
    if organization is not None:
        found = found.filter(
            conclusion__programme__organization__path__startswith=organization.path
        )
    return found


def overdue_conclusions(*, actor: Actor | None, organization: Organization) -> QuerySet[Programme]:
    """Programmes of ``organization``'s subtree whose schedule ended without a conclusion."""
    return (
        Programme.objects.for_actor(actor, DisciplinePermission.VIEW)
        .filter(
            organization__path__startswith=organization.path,
            conclusion__isnull=True,
            ends_on__lt=dates.today(),
        )
        .select_related("organization")
        .order_by("ends_on", "id")
    )
