"""Writing audit rows. Called by every service inside its transaction."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from dangvien.accounts.models import User
from dangvien.accounts.types import Actor
from dangvien.audit.choices import AuditAction
from dangvien.audit.context import current_request_id
from dangvien.audit.models import AuditEvent, append_events, chain_run, lock_chain_head

_PLAIN = frozenset({str, int, float, bool, type(None)})


def _jsonable(value: Any) -> Any:
    if type(value) in _PLAIN:  # most values (a bulk write builds thousands of rows)
        return value
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """Concrete field values of ``obj`` as JSON-ready data (FKs by id)."""
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        if field.name in {"created_at", "updated_at", "password"}:
            continue
        data[field.name] = _jsonable(getattr(obj, field.attname))
    return data


def recorded_by(actor: Actor | None) -> tuple[User | None, str]:
    """Who recorded a row: the user to link (``None`` when anonymous) and their name frozen as
    text (the name stays readable if the user is later renamed or removed): the person's
    name as pages show it (``User.display_name``), the login name only for an account
    without one."""
    if not isinstance(actor, User) or not actor.is_authenticated:
        return None, ""
    return actor, actor.display_name[:200]


def audit_fields(
    *,
    actor: Actor | None,
    action: str,
    object_type_id: int | None = None,
    object_id: str = "",
    object_repr: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    organization_path: str = "",
    message: str = "",
) -> dict[str, Any]:
    """The values of one audit row, by field: the actor's name frozen as text, the request id,
    the object's type and id, and the organization (the last segment of its access path), so
    that the row follows the organization when it moves. ``record`` saves one row built here;
    a bulk write (a service founding thousands of organizations) appends many with
    ``record_many``, from the same values."""
    actor_obj, actor_name = recorded_by(actor)
    return {
        "actor_id": actor_obj.pk if actor_obj is not None else None,
        "actor_name": actor_name,
        "request_id": current_request_id.get(),
        "action": action,
        "object_type_id": object_type_id,
        "object_id": object_id,
        "object_repr": object_repr[:300],
        "organization_path": organization_path,
        # The last segment of an access path is the organization itself.
        "organization_id": int(organization_path.strip("/").rsplit("/", 1)[-1])
        if organization_path
        else None,
        # _jsonable makes new containers of JSON values only (as the JSON field stores them)
        "before": _jsonable(before) if before is not None else None,
        "after": _jsonable(after) if after is not None else None,
        "message": message[:500],
    }


def record_many(
    rows: list[dict[str, Any]],
    *,
    recorded_at: datetime | None = None,
    affects_from: date | None = None,
) -> None:
    """Append many audit rows, each given as ``audit_fields`` gives it, in the caller's
    transaction and in order (a service founding thousands of organizations): one chain-head
    lock and one bulk insert (a ``COPY`` on PostgreSQL, which takes the values as they are:
    ``recorded_at`` must be aware) for all of them. ``affects_from``: as ``record``'s, for
    all the changes."""
    moment = recorded_at or timezone.now()
    if timezone.is_naive(moment):
        raise ValueError("recorded_at must be an aware datetime")
    append_events(
        [AuditEvent(recorded_at=moment, **fields) for fields in rows],
        copy=True,
        affects_from=affects_from,
    )


def hold_audit_chain() -> None:
    """Lock the audit chain's head until the caller's transaction ends. Every write records its
    audit row under this lock, so what others committed before is visible to the caller's
    next reads and nothing else commits until the caller's transaction ends: for a bulk write
    that checks its rows against what it read once (the import of targets)."""
    lock_chain_head()


def audit_row(
    *,
    actor: Actor | None,
    action: str,
    obj: models.Model | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    organization_path: str = "",
    message: str = "",
    object_repr: str | None = None,
) -> AuditEvent:
    """One audit row about ``obj`` (not saved), from ``audit_fields``."""
    return AuditEvent(
        **audit_fields(
            actor=actor,
            action=action,
            object_type_id=ContentType.objects.get_for_model(obj).pk if obj is not None else None,
            object_id=str(obj.pk) if obj is not None else "",
            object_repr=object_repr if object_repr is not None else str(obj) if obj else "",
            before=before,
            after=after,
            organization_path=organization_path,
            message=message,
        )
    )


def record(
    *,
    actor: Actor | None,
    action: str,
    obj: models.Model | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    organization_path: str = "",
    message: str = "",
    object_repr: str | None = None,
    affects_from: date | None = None,
) -> AuditEvent:
    """Insert one audit row in the caller's transaction; the actor's name is frozen as text.

    ``affects_from``: the change recorded alters no figure of a day before it (a meeting held
    that day, a payment for that month: the figures at D read only facts dated D or
    earlier), so the figures of earlier days kept in the cache stay (``audit.models.ChangeDay``).
    Without it the change may alter the figures of every day."""
    event = audit_row(
        actor=actor,
        action=action,
        obj=obj,
        before=before,
        after=after,
        organization_path=organization_path,
        message=message,
        object_repr=object_repr,
    )
    append_events([event], affects_from=affects_from)
    return event


__all__ = [
    "AuditAction",
    "audit_fields",
    "audit_row",
    "chain_run",
    "hold_audit_chain",
    "record",
    "record_export",
    "record_many",
    "record_read",
    "snapshot",
]


def record_export(*, actor: Actor, organization: Any, what: str) -> None:
    """An audit row for a download of data (member lists, statistics, documents)."""
    path = organization.path if organization is not None else ""
    record(
        actor=actor,
        action=AuditAction.EXPORT,
        organization_path=path,
        object_repr=f"{what} {getattr(organization, 'code', '')}".strip(),
        message=f"export {what}",
    )


def record_read(
    *,
    actor: Actor,
    what: str,
    organization: Any = None,
    obj: models.Model | None = None,
    object_repr: str | None = None,
) -> AuditEvent:
    """An audit row for a read of sensitive personal data (Decree 13/2023/NĐ-CP: ethnicity,
    religion, political affiliation, discipline): a member's file, a personal-data export, a
    discipline case. ``what`` names what was read (``member.file``, ``members.xlsx`` …);
    the row is scoped to ``organization`` (the one the data belongs to) like any other."""
    path = organization.path if organization is not None else ""
    return record(
        actor=actor,
        action=AuditAction.READ,
        obj=obj,
        organization_path=path,
        object_repr=object_repr,
        message=f"read {what}",
    )
