"""Writes to the organization tree: create, rename, reclassify, move, merge, split, dissolve.

Every service runs in one transaction, checks the actor's scope on each organization it
touches, validates against the rulebook in force on the effective date, then writes the new
``OrganizationVersion`` rows, one ``OrganizationChange`` per organization changed and one
``AuditEvent`` per row changed. History is append-only: a change must not be dated before a
change already recorded for the organizations it touches (record a new, later change instead).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from dangvien.accounts.scoping import require, require_superuser
from dangvien.accounts.types import Actor
from dangvien.audit.services import (
    AuditAction,
    audit_fields,
    record,
    record_many,
    recorded_by,
    snapshot,
)
from dangvien.core.dates import refuse_future
from dangvien.core.decisions import NO_DECISION, Decision
from dangvien.core.exceptions import ValidationFailed
from dangvien.core.formatting import vn_date
from dangvien.core.text import fold
from dangvien.core.verdicts import enforce
from dangvien.interchange.bulk import allocate_ids, write_rows
from dangvien.organizations import rules
from dangvien.organizations.choices import (
    CELL_SECTORS,
    GRASSROOTS_KINDS,
    GRASSROOTS_SECTORS,
    ChangeType,
    OrganizationKind,
)
from dangvien.organizations.models import Organization, OrganizationChange, OrganizationVersion
from dangvien.organizations.permissions import OrganizationPermission
from dangvien.organizations.rule_keys import ALLOWED_PARENT_KINDS
from dangvien.organizations.selectors import existing_state

CHANGE = OrganizationPermission.CHANGE


@dataclass
class SplitPart:
    """One organization that results from a split, and the sub-organizations it receives."""

    code: str
    name: str
    kind: str
    sector: str = ""
    children: list[Organization] = field(default_factory=list)


# Called inside the merge transaction as hook(actor=, absorbed=, survivor=, effective_on=) by
# apps that own rows hanging on organizations (members pass to the survivor). Registered
# explicitly in AppConfig.ready(), not through signals.
MergeHook = Callable[..., None]
merge_hooks: list[MergeHook] = []
# Called as guard(organization=, effective_on=) before an organization is dissolved or split;
# raises a DomainError when rows hanging on it (members) would be orphaned.
EndGuard = Callable[..., None]
end_guards: list[EndGuard] = []
# Called as hook(actor=, organization=, effective_on=) inside the transaction that ends an
# organization (dissolved, merged into another, or split), before its end is written: apps end
# the rows that cannot outlive it (committee posts) or raise a DomainError to refuse.
EndHook = Callable[..., object]  # the return value is ignored
end_hooks: list[EndHook] = []


#
# Internal helpers
#


def _state_at(organization: Organization, on: date, *, field_name: str = "") -> OrganizationVersion:
    return existing_state(organization, on, field=field_name or None)


def _lock(organizations: Iterable[Organization]) -> None:
    ids = sorted({o.pk for o in organizations})
    list(Organization.objects.select_for_update().filter(pk__in=ids).values_list("pk"))


def _ensure_no_later_history(version: OrganizationVersion, on: date) -> None:
    """Refuse a change dated before changes already recorded in the subtree."""
    later = (
        OrganizationVersion.objects.filter(path__startswith=version.path, valid_from__gt=on)
        .select_related("organization")
        .first()
    )
    if later is not None:
        raise ValidationFailed(
            _(
                "A later change of %(code)s is already recorded (from %(date)s); "
                "changes must be recorded in date order."
            )
            % {"code": later.organization.code, "date": vn_date(later.valid_from)},
            code="history_order",
            field="effective_on",
        )


def _check_sector(kind: str, sector: str) -> None:
    enforce(rules.sector_verdict(kind, sector))


def _check_parent_kind(kind: str, parent_kind: str | None, on: date, *, field_name: str) -> None:
    enforce(rules.parent_kind_verdict(kind, parent_kind, ALLOWED_PARENT_KINDS(on=on)))


def _record_change(
    *,
    actor: Actor,
    organization: Organization,
    change_type: str,
    effective_on: date,
    decision: Decision,
    related: Organization | None = None,
    data: dict[str, Any] | None = None,
    note: str = "",
) -> OrganizationChange:
    refuse_future(effective_on, "effective_on")
    actor_obj, actor_name = recorded_by(actor)
    return OrganizationChange.objects.create(
        organization=organization,
        change_type=change_type,
        effective_on=effective_on,
        related_organization=related,
        decision_number=decision.number,
        decision_date=decision.date,
        decision_issuer=decision.issuer,
        data=data or {},
        note=note,
        actor=actor_obj,
        actor_name=actor_name,
    )


def _version_snapshot(version: OrganizationVersion) -> dict[str, Any]:
    return snapshot(version, VERSION_SNAPSHOT)


# What the audit rows of a change keep of a version (before and after).
VERSION_SNAPSHOT = ["name", "kind", "sector", "parent", "path", "valid_from", "valid_to"]


def _audit(
    actor: Actor,
    organization: Organization,
    action: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    message: str,
) -> None:
    record(
        actor=actor,
        action=action,
        obj=organization,
        before=before,
        after=after,
        organization_path=organization.path,
        message=message,
    )


def _successor_version(
    current: OrganizationVersion, on: date, **changes: Any
) -> OrganizationVersion:
    """Apply ``changes`` from ``on``: same-day changes update the version, others close it."""
    if current.valid_from == on:
        for key, value in changes.items():
            setattr(current, key, value)
        current.search_text = fold(f"{current.organization.code} {current.name}")
        current.save()
        return current
    end = current.valid_to
    current.valid_to = on
    current.save(update_fields=["valid_to"])
    successor = OrganizationVersion(
        organization=current.organization,
        valid_from=on,
        valid_to=end,
        name=current.name,
        kind=current.kind,
        sector=current.sector,
        parent=current.parent,
        path=current.path,
        depth=current.depth,
    )
    for key, value in changes.items():
        setattr(successor, key, value)
    successor.search_text = fold(f"{current.organization.code} {successor.name}")
    successor.save()
    return successor


def _rehome_subtree(
    version: OrganizationVersion, new_parent: Organization | None, new_parent_path: str, on: date
) -> OrganizationVersion:
    """Re-parent ``version``'s organization at ``on`` and rewrite the paths of its subtree.

    Bulk work: one query reads the subtree's versions valid at ``on``; versions starting that
    day are updated, the others are closed and copied with the new path; the access paths of
    the whole subtree (including dissolved and merged descendants) change in one UPDATE.
    """
    organization = version.organization
    organization.refresh_from_db(fields=["path"])
    old_path = version.path
    new_path = f"{new_parent_path}{version.organization_id}/"
    depth_delta = new_path.count("/") - old_path.count("/")
    subtree = list(
        OrganizationVersion.objects.at(on)
        .filter(path__startswith=old_path)
        .select_related("organization")
    )
    same_day = [v for v in subtree if v.valid_from == on]
    earlier = [v for v in subtree if v.valid_from != on]
    for v in same_day:
        v.path = new_path + v.path[len(old_path) :]
        v.depth += depth_delta
        if v.organization_id == version.organization_id:
            v.parent = new_parent
    if same_day:
        OrganizationVersion.objects.bulk_update(same_day, ["path", "depth", "parent"])
    copies = []
    for v in earlier:
        copies.append(
            OrganizationVersion(
                organization_id=v.organization_id,
                valid_from=on,
                valid_to=v.valid_to,
                name=v.name,
                kind=v.kind,
                sector=v.sector,
                parent=new_parent if v.organization_id == version.organization_id else v.parent,
                path=new_path + v.path[len(old_path) :],
                depth=v.depth + depth_delta,
                search_text=v.search_text,
            )
        )
    if earlier:
        OrganizationVersion.objects.filter(pk__in=[v.pk for v in earlier]).update(valid_to=on)
        OrganizationVersion.objects.bulk_create(copies)
    access_old = organization.path
    Organization.objects.filter(path__startswith=access_old).update(
        path=Concat(Value(new_path), Substr("path", len(access_old) + 1))
    )
    organization.refresh_from_db(fields=["path"])
    return OrganizationVersion.objects.at(on).get(organization=organization)


def _living_children(organization: Organization, on: date) -> list[OrganizationVersion]:
    return list(
        OrganizationVersion.objects.at(on)
        .filter(parent=organization)
        .select_related("organization")
        .order_by("name")
    )


def _check_change_date(organization: Organization, on: date) -> OrganizationVersion:
    version = _state_at(organization, on, field_name="effective_on")
    _ensure_no_later_history(version, on)
    return version


#
# Services
#


@transaction.atomic
def organization_create(
    *,
    actor: Actor,
    code: str,
    name: str,
    kind: str,
    established_on: date,
    parent: Organization | None = None,
    sector: str = "",
    decision: Decision = NO_DECISION,
    note: str = "",
) -> Organization:
    """Found an organization.

    Rules: the actor may change the parent's subtree (a root needs a system administrator);
    the code is unique; the parent exists on the founding date (a child cannot predate its
    parent) and its kind may hold this kind (rule ``organization.allowed_parent_kinds``); the
    sector fits the kind. Writes: Organization, OrganizationVersion, OrganizationChange(created),
    AuditEvent(create).
    """
    code = code.strip()
    name = " ".join(name.split())
    enforce(rules.code_verdict(code, taken=False), rules.name_verdict(name))
    if parent is None:
        require_superuser(actor)
    else:
        require(actor, CHANGE, parent)
        _lock([parent])
    taken = Organization.objects.filter(code=code).exists()
    enforce(
        rules.code_verdict(code, taken=taken),
        rules.kind_verdict(kind),
        rules.sector_verdict(kind, sector),
    )
    parent_version = None
    if parent is not None:
        parent_version = _state_at(parent, established_on, field_name="parent")
        _check_parent_kind(kind, parent_version.kind, established_on, field_name="parent")
    organization = Organization.objects.create(code=code, established_on=established_on, path="")
    path = f"{parent_version.path if parent_version else '/'}{organization.pk}/"
    organization.path = path
    organization.save(update_fields=["path"])
    version = OrganizationVersion.objects.create(
        organization=organization,
        valid_from=established_on,
        name=name,
        kind=kind,
        sector=sector,
        parent=parent,
        path=path,
        depth=path.count("/") - 2,
        search_text=fold(f"{code} {name}"),
    )
    _record_change(
        actor=actor,
        organization=organization,
        change_type=ChangeType.CREATED,
        effective_on=established_on,
        decision=decision,
        related=parent,
        data={
            "name": name,
            "kind": kind,
            "sector": sector,
            "parent": parent.code if parent else None,
        },
        note=note,
    )
    _audit(actor, organization, AuditAction.CREATE, None, _version_snapshot(version), "created")
    return organization


@transaction.atomic
def organization_rename(
    *,
    actor: Actor,
    organization: Organization,
    name: str,
    effective_on: date,
    decision: Decision = NO_DECISION,
    note: str = "",
) -> Organization:
    """Rename from ``effective_on`` (earlier dates keep the old name).

    Rules: actor may change the organization; it exists that day; no later change recorded.
    No-op when the name is unchanged. Writes: OrganizationVersion, OrganizationChange(renamed),
    AuditEvent(update).
    """
    require(actor, CHANGE, organization)
    _lock([organization])
    name = " ".join(name.split())
    enforce(rules.name_verdict(name))
    current = _check_change_date(organization, effective_on)
    if current.name == name:
        return organization
    before = _version_snapshot(current)
    old_name = current.name
    version = _successor_version(current, effective_on, name=name)
    _record_change(
        actor=actor,
        organization=organization,
        change_type=ChangeType.RENAMED,
        effective_on=effective_on,
        decision=decision,
        data={"old": old_name, "new": name},
        note=note,
    )
    _audit(actor, organization, AuditAction.UPDATE, before, _version_snapshot(version), "renamed")
    return organization


@transaction.atomic
def organization_reclassify(
    *,
    actor: Actor,
    organization: Organization,
    kind: str,
    effective_on: date,
    sector: str | None = None,
    child_kinds: dict[str, str] | None = None,
    child_sectors: dict[str, str] | None = None,
    decision: Decision = NO_DECISION,
    note: str = "",
) -> Organization:
    """Change the kind (and sector) from ``effective_on``, e.g. a commune committee becoming an
    upper-grassroots organization in the 07/2025 reform.

    ``child_kinds`` maps the kinds of direct children to their new kinds in the same change
    (the commune's cells become grassroots cells), since neither order of two separate changes
    would be valid; ``child_sectors`` maps a reclassified child's sector to the one it takes
    (a residential cell becoming a grassroots cell has no grassroots sector of that name); a
    sector that does not fit the new kind and is not mapped is left empty. Rules: actor may
    change the organization; the parent may hold the new kind; every child (after
    ``child_kinds``) may stand under the new kind; sector fits the kind (the mapped ones too).
    No-op when nothing changes. Writes: OrganizationVersion and OrganizationChange(reclassified)
    for the organization and each reclassified child, AuditEvent(update) for each.
    """
    require(actor, CHANGE, organization)
    _lock([organization])
    enforce(rules.kind_verdict(kind))
    current = _check_change_date(organization, effective_on)
    new_sector = current.sector if sector is None else sector
    if kind not in GRASSROOTS_KINDS and kind != OrganizationKind.CELL and sector is None:
        new_sector = ""
    _check_sector(kind, new_sector)
    child_kinds = child_kinds or {}
    if current.kind == kind and current.sector == new_sector and not child_kinds:
        return organization
    parent_kind = None
    if current.parent_id is not None:
        parent_kind = _state_at(current.parent, effective_on).kind  # type: ignore[arg-type]
    _check_parent_kind(kind, parent_kind, effective_on, field_name="kind")
    children = _living_children(organization, effective_on)
    for child in children:
        child_kind = child_kinds.get(child.kind, child.kind)
        _check_parent_kind(child_kind, kind, effective_on, field_name="kind")
        if child_kind != child.kind:
            fitting = GRASSROOTS_SECTORS if child_kind in GRASSROOTS_KINDS else CELL_SECTORS
            child_sector = (child_sectors or {}).get(child.sector, child.sector)
            if child.sector in (child_sectors or {}):
                _check_sector(child_kind, child_sector)
            elif child_sector not in fitting:
                child_sector = ""
            before = _version_snapshot(child)
            old_child_kind, old_child_sector = child.kind, child.sector
            updated = _successor_version(child, effective_on, kind=child_kind, sector=child_sector)
            _record_change(
                actor=actor,
                organization=child.organization,
                change_type=ChangeType.RECLASSIFIED,
                effective_on=effective_on,
                decision=decision,
                related=organization,
                # the sectors too: the export writes the parent's ``child_sectors`` from them
                data={
                    "old": old_child_kind,
                    "new": child_kind,
                    "old_sector": old_child_sector,
                    "sector": child_sector,
                },
                note=note,
            )
            _audit(
                actor,
                child.organization,
                AuditAction.UPDATE,
                before,
                _version_snapshot(updated),
                "reclassified",
            )
    before = _version_snapshot(current)
    old_kind = current.kind
    version = _successor_version(current, effective_on, kind=kind, sector=new_sector)
    _record_change(
        actor=actor,
        organization=organization,
        change_type=ChangeType.RECLASSIFIED,
        effective_on=effective_on,
        decision=decision,
        data={"old": old_kind, "new": kind, "sector": new_sector},
        note=note,
    )
    _audit(
        actor, organization, AuditAction.UPDATE, before, _version_snapshot(version), "reclassified"
    )
    return organization


@transaction.atomic
def organization_move(
    *,
    actor: Actor,
    organization: Organization,
    new_parent: Organization,
    effective_on: date,
    decision: Decision = NO_DECISION,
    note: str = "",
) -> Organization:
    """Place the organization (with its whole subtree) under ``new_parent`` from ``effective_on``.

    Rules: actor may change both the organization and the new parent; both exist that day; no
    cycle (the new parent is not in the organization's subtree); the new parent's kind may hold
    the organization's kind; no later change recorded in the subtree. No-op when the parent is
    unchanged. Writes: OrganizationVersion for every organization of the subtree (paths),
    Organization.path of the subtree, OrganizationChange(moved), AuditEvent(update).
    """
    require(actor, CHANGE, organization)
    require(actor, CHANGE, new_parent)
    _lock([organization, new_parent])
    current = _check_change_date(organization, effective_on)
    if current.parent_id == new_parent.pk:
        return organization
    parent_version = _state_at(new_parent, effective_on, field_name="parent")
    if parent_version.path.startswith(current.path):
        raise ValidationFailed(
            _("%(parent)s lies inside %(code)s: the tree would become a cycle.")
            % {"parent": new_parent.code, "code": organization.code},
            code="cycle",
            field="parent",
        )
    _check_parent_kind(current.kind, parent_version.kind, effective_on, field_name="parent")
    before = _version_snapshot(current)
    old_parent = current.parent
    version = _rehome_subtree(current, new_parent, parent_version.path, effective_on)
    _record_change(
        actor=actor,
        organization=organization,
        change_type=ChangeType.MOVED,
        effective_on=effective_on,
        decision=decision,
        related=new_parent,
        data={"old": old_parent.code if old_parent else None, "new": new_parent.code},
        note=note,
    )
    _audit(actor, organization, AuditAction.UPDATE, before, _version_snapshot(version), "moved")
    return organization


def _end(
    *,
    actor: Actor,
    organization: Organization,
    current: OrganizationVersion,
    effective_on: date,
    change_type: str,
    decision: Decision,
    related: Organization | None,
    data: dict[str, Any],
    note: str,
) -> None:
    for hook in end_hooks:
        hook(actor=actor, organization=organization, effective_on=effective_on)
    before = _version_snapshot(current)
    organization.refresh_from_db(fields=["path"])
    if current.valid_from == effective_on:
        # Changed earlier the same day (e.g. moved, reclassified, then merged on 01/07/2025):
        # that state never held at the end of a day, so the state before it is the last one.
        previous = OrganizationVersion.objects.filter(
            organization=organization, valid_to=effective_on
        ).first()
        if previous is None:
            raise ValidationFailed(
                _("%(code)s cannot end on the day it was founded.") % {"code": organization.code},
                code="ends_on_founding_day",
                field="effective_on",
            )
        current.delete()
        current = previous
        if organization.path != previous.path:
            Organization.objects.filter(path__startswith=organization.path).update(
                path=Concat(Value(previous.path), Substr("path", len(organization.path) + 1))
            )
            organization.refresh_from_db(fields=["path"])
    else:
        current.valid_to = effective_on
        current.save(update_fields=["valid_to"])
    organization.dissolved_on = effective_on
    organization.merged_into = related if change_type == ChangeType.MERGED else None
    organization.save(update_fields=["dissolved_on", "merged_into", "updated_at"])
    _record_change(
        actor=actor,
        organization=organization,
        change_type=change_type,
        effective_on=effective_on,
        decision=decision,
        related=related,
        data=data,
        note=note,
    )
    _audit(
        actor,
        organization,
        AuditAction.UPDATE,
        before,
        {**_version_snapshot(current), "dissolved_on": effective_on.isoformat()},
        change_type,
    )


@transaction.atomic
def organization_dissolve(
    *,
    actor: Actor,
    organization: Organization,
    effective_on: date,
    decision: Decision = NO_DECISION,
    note: str = "",
) -> Organization:
    """End the organization on ``effective_on`` (it does not exist at the end of that day).

    Rules: actor may change it; it exists that day; it has no sub-organization still existing
    (a child cannot outlive its parent: move or dissolve them first); no later change recorded.
    No-op when already dissolved on that date. Writes: OrganizationVersion.valid_to,
    Organization.dissolved_on, OrganizationChange(dissolved), AuditEvent(update), and what the
    registered end hooks write (committee posts end that day).
    """
    require(actor, CHANGE, organization)
    _lock([organization])
    if organization.dissolved_on == effective_on:
        return organization
    current = _check_change_date(organization, effective_on)
    children = _living_children(organization, effective_on)
    if children:
        raise ValidationFailed(
            _(
                "%(code)s still has %(count)s sub-organizations on that day (%(names)s); move or "
                "dissolve them first."
            )
            % {
                "code": organization.code,
                "count": len(children),
                "names": ", ".join(c.name for c in children[:5])
                + ("…" if len(children) > 5 else ""),
            },
            code="has_children",
            field="effective_on",
        )
    for guard in end_guards:
        guard(organization=organization, effective_on=effective_on)
    _end(
        actor=actor,
        organization=organization,
        current=current,
        effective_on=effective_on,
        change_type=ChangeType.DISSOLVED,
        decision=decision,
        related=None,
        data={},
        note=note,
    )
    return organization


@transaction.atomic
def organization_merge(
    *,
    actor: Actor,
    absorbed: Sequence[Organization],
    survivor: Organization,
    effective_on: date,
    decision: Decision = NO_DECISION,
    note: str = "",
) -> Organization:
    """Merge ``absorbed`` organizations into ``survivor`` (N→1) on ``effective_on``.

    The sub-organizations of each absorbed one move under the survivor; then each absorbed one
    ends that day with ``merged_into`` set, and its access path moves under the survivor so the
    survivor's staff keep its history. Registered merge hooks pass members over in the same
    transaction. Rules: actor may change every organization involved; all exist that day; the
    survivor is not among or inside the absorbed; the survivor may hold the moved children;
    no later change recorded. Writes: as ``organization_move`` for each child, then
    OrganizationChange(merged) on each absorbed and (absorbed) on the survivor, AuditEvents, and
    what the registered end hooks write for each absorbed one (its committee posts end that day).
    """
    if not absorbed:
        raise ValidationFailed(
            _("Choose at least one organization to merge."),
            code="nothing_to_merge",
            field="absorbed",
        )
    require(actor, CHANGE, survivor)
    for org in absorbed:
        require(actor, CHANGE, org)
    _lock([survivor, *absorbed])
    survivor_version = _state_at(survivor, effective_on, field_name="survivor")
    for org in absorbed:
        if org.pk == survivor.pk:
            raise ValidationFailed(
                _("An organization cannot be merged into itself."),
                code="merge_into_self",
                field="survivor",
            )
        current = _check_change_date(org, effective_on)
        if survivor_version.path.startswith(current.path):
            raise ValidationFailed(
                _("%(survivor)s lies inside %(code)s and cannot absorb it.")
                % {"survivor": survivor.code, "code": org.code},
                code="cycle",
                field="survivor",
            )
        for child in _living_children(org, effective_on):
            organization_move(
                actor=actor,
                organization=child.organization,
                new_parent=survivor,
                effective_on=effective_on,
                decision=decision,
                note=note,
            )
        for hook in merge_hooks:
            hook(actor=actor, absorbed=org, survivor=survivor, effective_on=effective_on)
        current = _state_at(org, effective_on)
        _end(
            actor=actor,
            organization=org,
            current=current,
            effective_on=effective_on,
            change_type=ChangeType.MERGED,
            decision=decision,
            related=survivor,
            data={"survivor": survivor.code},
            note=note,
        )
        survivor.refresh_from_db(fields=["path"])
        access_old = org.path
        access_new = f"{survivor.path}{org.pk}/"
        Organization.objects.filter(path__startswith=access_old).update(
            path=Concat(Value(access_new), Substr("path", len(access_old) + 1))
        )
        org.refresh_from_db(fields=["path"])
        _record_change(
            actor=actor,
            organization=survivor,
            change_type=ChangeType.ABSORBED,
            effective_on=effective_on,
            decision=decision,
            related=org,
            data={"absorbed": org.code},
            note=note,
        )
    return survivor


@transaction.atomic
def organization_split(
    *,
    actor: Actor,
    organization: Organization,
    effective_on: date,
    parts: Sequence[SplitPart],
    decision: Decision = NO_DECISION,
    note: str = "",
) -> list[Organization]:
    """Split one organization into several (1→N) on ``effective_on`` with an explicit assignment.

    Each part is founded that day under the split organization's parent and receives the
    sub-organizations assigned to it; every sub-organization existing that day must be assigned
    to exactly one part; then the split organization ends. Rules: at least two parts; actor may
    change the organization and its parent; codes are new; as ``organization_create`` and
    ``organization_move`` for each part and child. Writes: their rows, plus
    OrganizationChange(split) and AuditEvent(update) on the split organization, and what the
    registered end hooks write (its committee posts end that day).
    """
    require(actor, CHANGE, organization)
    _lock([organization])
    if len(parts) < 2:
        raise ValidationFailed(
            _("A split needs at least two resulting organizations."),
            code="split_parts",
            field="parts",
        )
    current = _check_change_date(organization, effective_on)
    children = {c.organization_id: c for c in _living_children(organization, effective_on)}
    assigned: dict[int, str] = {}
    for part in parts:
        for child in part.children:
            if child.pk not in children:
                raise ValidationFailed(
                    _("%(code)s is not a sub-organization of %(parent)s on that day.")
                    % {"code": child.code, "parent": organization.code},
                    code="split_assignment",
                    field="parts",
                )
            if child.pk in assigned:
                raise ValidationFailed(
                    _("%(code)s is assigned to two parts.") % {"code": child.code},
                    code="split_assignment",
                    field="parts",
                )
            assigned[child.pk] = part.code
    missing = [c.organization.code for pk, c in children.items() if pk not in assigned]
    if missing:
        raise ValidationFailed(
            _("Assign every sub-organization to a part; missing: %(codes)s.")
            % {"codes": ", ".join(missing)},
            code="split_assignment",
            field="parts",
        )
    for guard in end_guards:
        guard(organization=organization, effective_on=effective_on)
    created = []
    for part in parts:
        new = organization_create(
            actor=actor,
            code=part.code,
            name=part.name,
            kind=part.kind,
            sector=part.sector,
            parent=current.parent,
            established_on=effective_on,
            decision=decision,
            note=note or _("Founded by splitting %(code)s") % {"code": organization.code},
        )
        for child in part.children:
            organization_move(
                actor=actor,
                organization=child,
                new_parent=new,
                effective_on=effective_on,
                decision=decision,
                note=note,
            )
        created.append(new)
    current = _state_at(organization, effective_on)
    _end(
        actor=actor,
        organization=organization,
        current=current,
        effective_on=effective_on,
        change_type=ChangeType.SPLIT,
        decision=decision,
        related=None,
        data={"parts": [p.code for p in parts]},
        note=note,
    )
    return created


#
# Bulk founding (the import of a bundle)
#


@dataclass(frozen=True)
class Founding:
    """An organization to found in bulk: checked by the caller with ``organizations.rules`` as
    ``organization_create`` checks it, with an id from ``organization_reserve_ids`` and its
    path (the parent's path on the founding date, then its id)."""

    pk: int
    code: str
    name: str
    kind: str
    sector: str
    parent_id: int | None
    parent_code: str
    established_on: date
    path: str


def organization_reserve_ids(count: int) -> list[int]:
    """Reserve ``count`` ids for ``organization_create_many`` (inside the caller's transaction)."""
    return allocate_ids(Organization, count)


@transaction.atomic
def organization_create_many(*, actor: Actor, foundings: Sequence[Founding]) -> None:
    """Found many organizations in a few statements (the bulk import of a bundle).

    Rules: a system administrator only (no per-row scope check); each founding was checked by
    the caller with ``organizations.rules`` as ``organization_create`` checks it (code, name,
    kind, sector, parent existing on the founding date and of an allowed kind). Writes: for
    each, the rows ``organization_create`` writes: Organization, OrganizationVersion,
    OrganizationChange(created), AuditEvent(create) built by ``audit_row``.
    """
    require_superuser(actor)
    if not foundings:
        return
    now = timezone.now()
    user, actor_name = recorded_by(actor)
    content_type = ContentType.objects.get_for_model(Organization).pk
    organizations, versions, changes, audits = [], [], [], []
    for f in foundings:
        organizations.append((f.pk, now, now, f.code, f.established_on, None, None, f.path))
        depth = f.path.count("/") - 2
        search_text = fold(f"{f.code} {f.name}")
        versions.append(
            (
                f.pk,
                f.established_on,
                None,
                f.name,
                f.kind,
                f.sector,
                f.parent_id,
                f.path,
                depth,
                search_text,
            )
        )
        data = {"name": f.name, "kind": f.kind, "sector": f.sector, "parent": f.parent_code or None}
        changes.append(
            (
                f.pk,
                ChangeType.CREATED,
                f.established_on,
                f.parent_id,
                NO_DECISION.number,
                NO_DECISION.date,
                NO_DECISION.issuer,
                json.dumps(data, ensure_ascii=False),
                "",
                now,
                user.pk if user is not None else None,
                actor_name,
            )
        )
        # the version as _version_snapshot gives it (VERSION_SNAPSHOT)
        after = {
            "name": f.name,
            "kind": f.kind,
            "sector": f.sector,
            "parent": f.parent_id,
            "path": f.path,
            "valid_from": f.established_on,
            "valid_to": None,
        }
        fields = audit_fields(
            actor=actor,
            action=AuditAction.CREATE,
            object_type_id=content_type,
            object_id=str(f.pk),
            object_repr=f.code,
            after=after,
            organization_path=f.path,
            message="created",
        )
        audits.append(fields)
    write_rows(Organization, ORGANIZATION_COLUMNS, organizations)
    write_rows(OrganizationVersion, VERSION_COLUMNS, versions)
    write_rows(OrganizationChange, CHANGE_COLUMNS, changes)
    record_many(audits, recorded_at=now)


ORGANIZATION_COLUMNS = [
    "id",
    "created_at",
    "updated_at",
    "code",
    "established_on",
    "dissolved_on",
    "merged_into_id",
    "path",
]
VERSION_COLUMNS = [
    "organization_id",
    "valid_from",
    "valid_to",
    "name",
    "kind",
    "sector",
    "parent_id",
    "path",
    "depth",
    "search_text",
]
CHANGE_COLUMNS = [
    "organization_id",
    "change_type",
    "effective_on",
    "related_organization_id",
    "decision_number",
    "decision_date",
    "decision_issuer",
    "data",
    "note",
    "recorded_at",
    "actor_id",
    "actor_name",
]


@transaction.atomic
def organization_reference_create(
    *, actor: Actor, code: str, name: str, established_on: date | None = None
) -> bool:
    """Record an external reference: an organization outside the tree that members came from
    or went to (a subtree's bundle names them), known by its code and name only. It has no
    state (``OrganizationVersion``), so it never stands in the tree and is never counted; its
    access path is its own, so only system administrators see it. A code already recorded
    (an organization of the tree, or the same reference) is left as it is.

    Rules: a system administrator only; a code. Returns whether a reference was recorded.
    Writes: Organization, OrganizationChange(created, with the name and ``external``),
    AuditEvent(create).
    """
    require_superuser(actor)
    code = code.strip()
    enforce(rules.code_verdict(code, taken=False))
    if Organization.objects.filter(code=code).exists():
        return False
    organization = Organization.objects.create(
        code=code, established_on=established_on or date.min, path=""
    )
    organization.path = f"/{organization.pk}/"
    organization.save(update_fields=["path"])
    data = {"name": " ".join(name.split()), "external": True}
    _record_change(
        actor=actor,
        organization=organization,
        change_type=ChangeType.CREATED,
        effective_on=organization.established_on,
        decision=NO_DECISION,
        data=data,
    )
    _audit(actor, organization, AuditAction.CREATE, None, data, "external reference")
    return True
