"""Scoped reads of the organization tree, as of any date.

Every read starts from what the actor may see (``scope_q`` on the access path). "As of D"
means the versions valid at the end of day D; subtrees are prefix matches on the version path
of D, so a whole tree or subtree at a date is one query, whatever its depth.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import connection
from django.db.models import F, Max, Q, QuerySet
from django.db.models.functions import Collate
from django.http import Http404

from dangvien.accounts.permissions import Permission
from dangvien.accounts.scoping import granted_paths, scope_q
from dangvien.accounts.types import Actor
from dangvien.core.dates import today
from dangvien.core.exceptions import ValidationFailed
from dangvien.core.memo import memoized, memoized_each
from dangvien.core.text import VnKey, fold, vn_sort_key
from dangvien.organizations.choices import KIND_ORDER
from dangvien.organizations.models import (
    Organization,
    OrganizationChange,
    OrganizationVersion,
    path_ids,
)
from dangvien.organizations.permissions import OrganizationPermission
from dangvien.organizations.rules import existence_verdict

VIEW = OrganizationPermission.VIEW


def organization_get(
    *, actor: Actor, code: str | None = None, pk: int | None = None, action: Permission = VIEW
) -> Organization:
    """The organization by code or id, or ``Http404`` when it does not exist or is out of scope."""
    query = Organization.objects.for_actor(actor, action)
    if code is not None:
        organization = query.filter(code=code).first()
    elif pk is not None:
        organization = query.filter(pk=pk).first()
    else:
        organization = None
    if organization is None:
        raise Http404("organization")
    return organization


def organization_state(
    organization: Organization, *, on: date | None = None
) -> OrganizationVersion | None:
    """The state of ``organization`` at the end of day ``on`` (None if it did not exist).
    Read once per organization and day in a read-only request (a page, its panels and the
    chains of who decides all ask)."""
    day = on or today()
    return memoized(
        ("organization_state", organization.pk, day),
        lambda: (
            OrganizationVersion.objects.at(day)
            .filter(organization=organization)
            .select_related("organization", "parent")
            .first()
        ),
    )


def existing_state(
    organization: Organization, on: date, *, field: str | None = None
) -> OrganizationVersion:
    """The state of ``organization`` at the end of day ``on``, or ``ValidationFailed``
    ("X does not exist on D", code ``organization_not_existing``) naming ``field``."""
    state = OrganizationVersion.objects.at(on).filter(organization=organization).first()
    if state is None:
        raise not_existing(organization, on, field=field)
    return state


def not_existing(
    organization: Organization, on: date, *, field: str | None = None
) -> ValidationFailed:
    """The error "X does not exist on D" (code ``organization_not_existing``) naming ``field``."""
    refusal = existence_verdict(organization.code, on, exists=False, field=field or "")
    assert refusal is not None
    return refusal.error()


def organization_states(
    *,
    actor: Actor,
    on: date | None = None,
    root: Organization | None = None,
    include_root: bool = True,
    search: str = "",
    kinds: list[str] | None = None,
    action: Permission = VIEW,
) -> QuerySet[OrganizationVersion]:
    """States of the organizations the actor may see that existed at the end of day ``on``.

    With ``root``, only its subtree as it stood that day (empty if the root did not exist).
    ``search`` matches code or name ignoring diacritics and case.
    """
    on = on or today()
    states = (
        OrganizationVersion.objects.at(on)
        .filter(scope_q(actor, action, "organization"))
        .select_related("organization", "parent")
    )
    if root is not None:
        root_state = OrganizationVersion.objects.at(on).filter(organization=root).first()
        if root_state is None:
            return states.none()
        states = states.filter(path__startswith=root_state.path)
        if not include_root:
            states = states.exclude(organization=root)
    if search:
        # Each word must start a word of the code or name: "my an" finds "Mỹ An" but
        # "an" does not match inside "dang".
        for word in fold(search).split():
            states = states.filter(
                Q(search_text__startswith=word) | Q(search_text__contains=f" {word}")
            )
    if kinds:
        states = states.filter(kind__in=kinds)
    return states.order_by("path")


@dataclass
class TreeNode:
    state: OrganizationVersion
    children: list[TreeNode] = field(default_factory=list)
    # whether the organization has sub-organizations in the result, also below ``max_depth``
    # (where ``children`` is left empty)
    has_children: bool = False

    @property
    def organization(self) -> Organization:
        return self.state.organization


def organization_tree(
    *,
    actor: Actor,
    on: date | None = None,
    root: Organization | None = None,
    max_depth: int | None = None,
) -> list[TreeNode]:
    """The tree at the end of day ``on``, nested in memory; with ``max_depth``, only the levels
    down to ``max_depth`` below each root (each node still knows whether it has children).

    Nodes whose parent is not visible to the actor (or not in the result) become roots.
    """
    query = organization_states(actor=actor, on=on, root=root)
    with_children: set[int] | None = None
    if max_depth is not None:
        # the shape first (two numbers a row), then whole rows for the levels shown only: a
        # province's or the whole country's tree is tens of thousands of organizations, of
        # which the home page shows two levels and whether each has more
        level: dict[int, int] = {}
        with_children = set()
        shape = query
        deepest = _deepest_top(actor, on or today(), root)
        if deepest is not None:
            # the levels shown and the one below (which tells whether they open further), not
            # the cells of a province (340 000 organizations for the whole tree, 4 039 read)
            shape = shape.filter(depth__lte=deepest + max_depth + 1)
        for organization_id, parent_id in shape.values_list("organization_id", "parent_id"):
            above = level.get(parent_id) if parent_id is not None else None  # path order
            level[organization_id] = 0 if above is None else above + 1
            if above is not None:
                with_children.add(parent_id)
        shown = [pk for pk, depth in level.items() if depth <= max_depth]
        if len(shown) < len(level):
            query = query.filter(organization_id__in=shown)
    states = list(query)
    nodes = {s.organization_id: TreeNode(s) for s in states}
    roots: list[TreeNode] = []
    for state in states:
        node = nodes[state.organization_id]
        parent = nodes.get(state.parent_id) if state.parent_id else None
        (parent.children if parent else roots).append(node)
    for node in nodes.values():
        node.has_children = (
            bool(node.children)
            if with_children is None
            else node.state.organization_id in with_children
        )
        node.children.sort(key=lambda n: sibling_order(n.state))
    roots.sort(key=lambda n: vn_sort_key(n.state.name))
    return roots


def tree_order(path: str = "path") -> Collate | F:
    """Rows ordered by a path field (``path``) in the tree's order, character by character (as Python
    compares strings): a path's "/" counts, so a subtree's organizations stay together whatever
    the database's collation (a cluster made with vi_VN or en_US ignores punctuation and
    interleaves /1/2/5/ and /1/23/). SQLite compares that way already."""
    return Collate(path, "C") if connection.vendor == "postgresql" else F(path)


def sibling_order(state: OrganizationVersion) -> tuple[int, VnKey]:
    """How the sub-organizations of one organization are listed: by kind (the committees
    before the cells), then by name in Vietnamese dictionary order."""
    return KIND_ORDER.get(state.kind, 99), vn_sort_key(state.name)


def _deepest_top(actor: Actor, on: date, root: Organization | None) -> int | None:
    """The depth of the deepest organization a tree of the actor's at ``on`` starts from: the
    root, else the tops of the actor's subtrees (0 for the whole tree); None when unknown (none
    of them existed that day)."""
    states = OrganizationVersion.objects.at(on)
    if root is not None:
        states = states.filter(organization=root)
    else:
        paths = granted_paths(actor, VIEW)
        if paths is None:
            return 0
        states = states.filter(organization__path__in=paths)
    deepest: int | None = states.aggregate(deepest=Max("depth"))["deepest"]
    return deepest


def organization_ancestors(
    organization: Organization, *, on: date | None = None
) -> list[OrganizationVersion]:
    """States of the ancestors at ``on``, from the root down (one query from the path)."""
    state = organization_state(organization, on=on)
    if state is None:
        return []
    ids = path_ids(state.path)[:-1]
    by_id = {
        s.organization_id: s
        for s in OrganizationVersion.objects.at(on or today())
        .filter(organization_id__in=ids)
        .select_related("organization")
    }
    return [by_id[i] for i in ids if i in by_id]


def subtree_holds_at_least(state: OrganizationVersion, on: date, count: int) -> bool:
    """Whether ``count`` organizations or more stand at ``on`` in the subtree of ``state`` (a
    version valid that day; itself included). Reads at most ``count`` rows."""
    standing = OrganizationVersion.objects.at(on).filter(path__startswith=state.path)
    return standing[:count].count() >= count


def organization_descendants(
    organization: Organization, *, on: date | None = None, actor: Actor | None = None
) -> QuerySet[OrganizationVersion]:
    """States of every organization below ``organization`` at ``on`` (one prefix query)."""
    on = on or today()
    state = organization_state(organization, on=on)
    if state is None:
        return OrganizationVersion.objects.none()
    states = (
        OrganizationVersion.objects.at(on)
        .filter(path__startswith=state.path)
        .exclude(organization=organization)
    )
    if actor is not None:
        states = states.filter(scope_q(actor, VIEW, "organization"))
    return states.select_related("organization", "parent").order_by("path")


def organization_children(
    organization: Organization, *, on: date | None = None, actor: Actor | None = None
) -> QuerySet[OrganizationVersion]:
    states = OrganizationVersion.objects.at(on or today()).filter(parent=organization)
    if actor is not None:
        states = states.filter(scope_q(actor, VIEW, "organization"))
    return states.select_related("organization").order_by("kind", "name")


def organization_versions(organization: Organization) -> QuerySet[OrganizationVersion]:
    return organization.versions.select_related("parent").order_by("valid_from")


def organization_changes(
    *, actor: Actor, organization: Organization | None = None
) -> QuerySet[OrganizationChange]:
    """The change ledger (of one organization, or every one the actor may see), newest first."""
    changes = OrganizationChange.objects.filter(scope_q(actor, VIEW, "organization"))
    if organization is not None:
        changes = changes.filter(
            Q(organization=organization) | Q(related_organization=organization)
        )
    return changes.select_related("organization", "related_organization").order_by(
        "-effective_on", "-id"
    )


def organization_choices(
    actor: Actor,
    *,
    on: date,
    action: Permission = OrganizationPermission.VIEW,
    exclude: Organization | None = None,
) -> list[tuple[str, str]]:
    """(code, "name (code)") of the organizations the actor may act on that existed on ``on``."""
    states = organization_states(actor=actor, on=on, action=action)
    if exclude is not None:
        states = states.exclude(organization=exclude)
    choices = [(s.organization.code, f"{s.name} ({s.organization.code})") for s in states]
    return sorted(choices, key=lambda choice: vn_sort_key(choice[1]))


def organizations_by_id(ids: Iterable[int | None]) -> dict[int, Organization]:
    """The organizations of ``ids`` by id, each read once per read-only request (a page's
    panels and its chains of who decides ask for the same few)."""
    return memoized_each(
        "organization", {pk for pk in ids if pk is not None}, Organization.objects.in_bulk
    )


def organization_names(ids: Iterable[int | None]) -> dict[int, str]:
    """The name each organization last had (its latest state), by id: what a person reads where
    a record names an organization, also one that no longer exists."""
    # each name read once in a read-only request: a page and its panels name the same ones
    return memoized_each("organization name", {pk for pk in ids if pk is not None}, _latest_names)


def _latest_names(wanted: Collection[int]) -> dict[int, str]:
    names: dict[int, str] = {}
    versions = OrganizationVersion.objects.filter(organization_id__in=wanted).order_by(
        "organization_id", "valid_from"
    )
    for organization_id, name in versions.values_list("organization_id", "name"):
        names[organization_id] = name  # the latest wins
    return names


LATEST_NAME = "_latest_name"


def attach_latest_names(organizations: Iterable[Organization | None]) -> None:
    """Give each organization its ``organization_names`` name (one query for all), which the
    ``orgname`` template filter then reads instead of asking row by row."""
    wanted = [o for o in organizations if o is not None and not hasattr(o, LATEST_NAME)]
    names = organization_names(o.pk for o in wanted)
    for organization in wanted:
        setattr(organization, LATEST_NAME, names.get(organization.pk, organization.code))


def granted_roots(actor: Actor, action: Permission = VIEW) -> list[Organization]:
    """The top organizations of the actor's subtrees for ``action`` that exist today (those of
    their role assignments; the roots of the tree for a system administrator), by name."""
    paths = granted_paths(actor, action)
    on = today()
    states = OrganizationVersion.objects.at(on).select_related("organization")
    if paths is None:
        states = states.filter(parent__isnull=True)
    else:
        states = states.filter(organization__path__in=paths)
    roots = sorted(states, key=lambda s: vn_sort_key(s.name))
    # an organization inside another granted subtree adds nothing
    return [
        s.organization
        for s in roots
        if not any(
            s.organization.path != other.organization.path
            and s.organization.path.startswith(other.organization.path)
            for other in roots
        )
    ]


def organization_lookup(
    *, search: str, on: date | None = None, limit: int = 20
) -> list[dict[str, str]]:
    """Organizations existing on ``on`` whose name (without diacritics) or code matches every
    word of ``search``: the type-ahead of the forms that name another organization (a transfer
    may go to any cell, in scope or not, as the code field always allowed); by name."""
    words = fold(search).split()
    if not words:
        return []
    states = OrganizationVersion.objects.at(on or today()).select_related("organization")
    for word in words:
        states = states.filter(
            Q(search_text__startswith=word) | Q(search_text__contains=f" {word}")
        )
    found = sorted(states[: limit * 5], key=lambda s: vn_sort_key(s.name))[:limit]
    parents = organization_names(s.parent_id for s in found)
    return [
        {
            "code": s.organization.code,
            "name": s.name,
            "parent": parents.get(s.parent_id, "") if s.parent_id else "",
        }
        for s in found
    ]


@dataclass(frozen=True)
class Predecessor:
    """An organization merged into another (its successor), with the dates a reader needs."""

    organization: Organization
    name: str
    established_on: date
    merged_on: date

    @property
    def last_day(self) -> date:
        """The last day it stood (it does not exist at the end of the day of the merge)."""
        return self.merged_on - timedelta(days=1)


def organization_predecessors(organization: Organization) -> list[Predecessor]:
    """The organizations merged into ``organization`` (its predecessors: đơn vị tiền thân), each
    with the name it last had, its founding and the day of the merge; by merge date, then name.
    Whether the successor was founded by the merge or existed before does not matter here."""
    absorbed = list(Organization.objects.filter(merged_into=organization))
    names = organization_names(o.pk for o in absorbed)
    found = [
        Predecessor(
            organization=o,
            name=names.get(o.pk, o.code),
            established_on=o.established_on,
            merged_on=o.dissolved_on or o.established_on,
        )
        for o in absorbed
    ]
    return sorted(found, key=lambda p: (p.merged_on, vn_sort_key(p.name), p.organization.code))


def standing_predecessors(organization: Organization, on: date) -> list[OrganizationVersion]:
    """Before ``organization`` was founded: the states at the end of ``on`` of the predecessors
    that stood that day, following the predecessors of a predecessor not yet founded then; an
    organization inside another of them that day is left out (its figures are already in that
    one's subtree). Empty on or after the founding day, or when no predecessor stood that day.
    """
    if on >= organization.established_on:
        return []
    found: list[OrganizationVersion] = []
    pending = [organization.pk]
    seen: set[int] = set()
    while pending:
        absorbed = list(
            Organization.objects.filter(merged_into_id__in=pending).exclude(pk__in=seen)
        )
        seen.update(o.pk for o in absorbed)
        standing = {
            s.organization_id: s
            for s in OrganizationVersion.objects.at(on)
            .filter(organization__in=absorbed)
            .select_related("organization")
        }
        found.extend(standing.values())
        # founded after ``on``: their own predecessors may have stood that day
        pending = [o.pk for o in absorbed if o.pk not in standing and on < o.established_on]
    found.sort(key=lambda s: (len(s.path), s.path))
    kept: list[OrganizationVersion] = []
    for state in found:
        if not any(state.path.startswith(other.path) for other in kept):
            kept.append(state)
    return sorted(kept, key=lambda s: (vn_sort_key(s.name), s.organization.code))
