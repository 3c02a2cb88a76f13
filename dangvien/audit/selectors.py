"""Scoped reads of the audit log."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet

from dangvien.accounts.types import Actor
from dangvien.audit.models import AuditEvent


def audit_event_list(
    *,
    actor: Actor,
    organization_path: str | None = None,
    action: str | None = None,
    actor_name: str | None = None,
    object_type: str | None = None,
    object_id: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditEvent]:
    """Audit rows the actor may read (their subtrees; administrators see everything)."""
    events = AuditEvent.objects.for_actor(actor).select_related("object_type")
    if organization_path:
        events = events.filter(
            Q(organization__path__startswith=organization_path)
            | Q(organization__isnull=True, organization_path__startswith=organization_path)
        )
    if action:
        events = events.filter(action=action)
    if actor_name:
        events = events.filter(actor_name__icontains=actor_name)
    if object_type:
        events = events.filter(object_type__model=object_type)
    if object_id:
        events = events.filter(object_id=object_id)
    if date_from:
        events = events.filter(recorded_at__date__gte=date_from)
    if date_to:
        events = events.filter(recorded_at__date__lte=date_to)
    return events
