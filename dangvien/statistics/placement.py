"""Where a fact stands in the tree at a date: "placed in the subtree" of §4 of the contract.

§4 (meetings, assessment, discipline, fees) counts facts of organizations and of members in
the subtree of a root at D. One definition for the four areas:

* an **organization** is placed where it stands at D, followed through merges up to D (an
  organization merged on or before D stands where its last survivor stands); an organization
  dissolved on or before D without a merge is placed where its parent (at its dissolution)
  is placed — recursively, the same rule for the parent; the root itself is part of its subtree;
* a **member** on a day is placed where their official organization that day is placed (on the
  day of an exit, the organization they were leaving; a temporary host does not count).

``placement(root, on)`` gives the set of organization ids placed in the subtree at D; the apps
filter their facts by it (``Placement.holds``, or ``placed_q`` in a query).
``official_organizations_on`` finds the official organization of members on days
(``member_placed_q`` is the same rule in a query); ``counted_members`` the members the §3
``members.total`` counts at D.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, F, OuterRef, Q, QuerySet

from dangvien.core.memo import memoized
from dangvien.members.models import MemberPeriod
from dangvien.organizations.models import Organization, OrganizationVersion
from dangvien.organizations.selectors import not_existing

# How many members' periods one query reads (a parameter list every database accepts).
_CHUNK = 500


@dataclass(frozen=True)
class Placement:
    """The organizations placed in ``root``'s subtree at the end of ``on`` (ids)."""

    root: Organization
    on: date
    path: str
    ids: frozenset[int]
    standing: frozenset[int]

    def holds(self, organization_id: int | None) -> bool:
        """Whether a fact of this organization (or of a member placed in it) counts."""
        return organization_id is not None and organization_id in self.ids


def year_of(on: date) -> tuple[date, date]:
    """§4's "year of D": 1 January of D's year to D inclusive."""
    return date(on.year, 1, 1), on


def placement(root: Organization, on: date) -> Placement:
    """The organizations placed in ``root``'s subtree at the end of ``on``.

    Raises ``ValidationFailed`` when the root does not stand that day (as the statistics do).
    Reads the versions valid at D under the root's path, and every organization dissolved on or
    before D with the parent of its last version: the cost grows with the dissolutions of the
    whole tree, not with its members. Read once per request (the dashboard's panels of
    meetings, assessment and fees each ask it; a whole tree's is 60 000 ids, ~50 ms).
    """
    return memoized(("placement", root.pk, on), lambda: _placement(root, on))


def _placement(root: Organization, on: date) -> Placement:
    root_state = OrganizationVersion.objects.at(on).filter(organization=root).first()
    if root_state is None:
        raise not_existing(root, on, field="as_of")
    standing = frozenset(
        OrganizationVersion.objects.at(on)
        .filter(path__startswith=root_state.path)
        .values_list("organization_id", flat=True)
    )
    ended, parent_at_end = memoized(("ended organizations", on), lambda: _ended(on))
    resolved: dict[int, bool] = {}

    def placed(pk: int) -> bool:
        chain: list[int] = []
        current: int | None = pk
        verdict = False
        # Follow merges and parents until an organization standing at D or a known answer;
        # a chain longer than the tree can only be a cycle in damaged data: not placed.
        while current is not None and len(chain) <= len(ended) + 1:
            if current in resolved:
                verdict = resolved[current]
                break
            if current in standing:
                verdict = True
                break
            if current not in ended:
                break  # stands elsewhere at D, or did not exist yet
            chain.append(current)
            current = ended[current] or parent_at_end.get(current)
        for step in chain:
            resolved[step] = verdict
        return verdict

    ids = set(standing)
    ids.update(pk for pk in ended if placed(pk))
    return Placement(root=root, on=on, path=root_state.path, ids=frozenset(ids), standing=standing)


def _ended(on: date) -> tuple[dict[int, int | None], dict[int, int | None]]:
    """The organizations ended on or before ``on`` with the survivor they merged into, and the
    parent of those ended without a merge when they ended (their last version ends on their
    dissolution): the same for every root, read once per request and day."""
    ended: dict[int, int | None] = dict(
        Organization.objects.filter(dissolved_on__lte=on)
        .order_by()
        .values_list("id", "merged_into_id")
    )
    parent_at_end: dict[int, int | None] = dict(
        OrganizationVersion.objects.filter(
            organization_id__in=[pk for pk, merged_into in ended.items() if merged_into is None],
            valid_to=F("organization__dissolved_on"),
        ).values_list("organization_id", "parent_id")
    )
    return ended, parent_at_end


def placed_q(place: Placement, field: str = "organization_id", *, probe: bool = False) -> Q:
    """Rows whose organization is placed in the subtree: those standing under the root's path
    at D (a join, however large the subtree) and the few ended ones placed there.

    ``probe``: the standing ones looked up per row (an index probe of the organization's
    version at D) rather than as a set, for a query on many rows of organizations under a
    large subtree. The set of the organizations standing there (340 000 for the whole tree at
    national size) outgrows ``work_mem``; the planner, unable to hash it, compared each row with
    every organization (the whole tree's assessment key: more than 10 minutes)."""
    versions = OrganizationVersion.objects.at(place.on).filter(path__startswith=place.path)
    if probe:
        query = Q(Exists(versions.filter(organization_id=OuterRef(field))))
    else:
        query = Q(**{f"{field}__in": versions.values("organization_id")})
    ended = sorted(place.ids - place.standing)
    if ended:
        query |= Q(**{f"{field}__in": ended})
    return query


def member_placed_q(place: Placement, member: str = "member_id", day: str = "decided_on") -> Q:
    """Rows about a member (``member``) on a day (``day``) whose member is placed in the
    subtree that day: the query form of ``official_organizations_on`` + ``Placement.holds`` (the
    period covering the day, else the period that ended that day, in an organization placed
    there). For a query on the rows, however many (three correlated look-ups a row)."""
    periods = MemberPeriod.objects.filter(member_id=OuterRef(member))
    covering = periods.filter(valid_from__lte=OuterRef(day)).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=OuterRef(day))
    )
    ending = periods.filter(valid_to=OuterRef(day))
    return Q(Exists(covering.filter(placed_q(place)))) | (
        ~Q(Exists(covering)) & Q(Exists(ending.filter(placed_q(place))))
    )


def official_organizations_on(
    facts: Iterable[tuple[int, date]],
) -> dict[tuple[int, date], int | None]:
    """The official organization of each (member id, day): the period covering the day, else
    the period that ended that day (the day of an exit counts for the organization left);
    ``None`` when the person was not a member then."""
    wanted = sorted(set(facts))
    by_member: dict[int, list[tuple[date, date | None, int]]] = {}
    members = sorted({member_id for member_id, _day in wanted})
    for start in range(0, len(members), _CHUNK):
        for member_id, organization_id, valid_from, valid_to in MemberPeriod.objects.filter(
            member_id__in=members[start : start + _CHUNK]
        ).values_list("member_id", "organization_id", "valid_from", "valid_to"):
            by_member.setdefault(member_id, []).append((valid_from, valid_to, organization_id))
    found: dict[tuple[int, date], int | None] = {}
    for member_id, day in wanted:
        covering = ending = None
        for valid_from, valid_to, organization_id in by_member.get(member_id, ()):
            if valid_from <= day and (valid_to is None or valid_to > day):
                covering = organization_id
            elif valid_to == day:
                ending = organization_id
        found[(member_id, day)] = covering if covering is not None else ending
    return found


def counted_members(place: Placement) -> QuerySet[MemberPeriod, int]:
    """The ids of the members §3's ``members.total`` counts at D (their period valid at the
    end of D in an organization standing in the subtree), as a query to filter with."""
    standing = (
        OrganizationVersion.objects.at(place.on)
        .filter(path__startswith=place.path)
        .values("organization_id")
    )
    return (
        MemberPeriod.objects.at(place.on)
        .filter(organization_id__in=standing)
        .values_list("member_id", flat=True)
    )
