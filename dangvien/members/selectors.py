"""Scoped reads of members: who belonged where on day D, search, timelines and working lists.

A member is visible to an actor when one of the member's periods lies in the actor's scope
(official organization, temporary host or transfer destination). The timeline of a member shows
only the events of organizations in the actor's scope: the sending side of a transfer does not
see into the receiving side.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, NamedTuple

from django.db import connection, connections, router
from django.db.models import BooleanField, Count, Exists, F, Func, OuterRef, Q, QuerySet, Value
from django.http import Http404

from dangvien.accounts.permissions import Permission
from dangvien.accounts.scoping import can, granted_paths, scope_q
from dangvien.accounts.types import Actor
from dangvien.core.dates import add_months, months_between, today
from dangvien.core.memo import memoized, memoized_each
from dangvien.core.text import fold
from dangvien.core.workdays import add_working_days
from dangvien.members.choices import ADMISSION_EVENTS, EXIT_EVENTS, MemberEventType, MemberStatus
from dangvien.members.models import (
    BadgeAward,
    Member,
    MemberEvent,
    MemberPeriod,
    MemberPeriodQuerySet,
    PartyCardEntry,
)
from dangvien.members.permissions import MemberPermission
from dangvien.members.rule_keys import (
    BADGE_AWARD_OCCASIONS,
    BADGE_EARLY_MONTHS_SERIOUS_ILLNESS,
    BADGE_MILESTONE_YEARS,
    PROBATION_MONTHS,
    RECOGNITION_PROPOSAL_WORKING_DAYS,
    TEMPORARY_STUDY_MAX_MONTHS,
    TEMPORARY_WORK_MAX_MONTHS,
    TRANSFER_PRESENTATION_WORKING_DAYS,
)
from dangvien.members.transitions import LedgerEntry, MemberState, effective_entries, replay
from dangvien.organizations.models import Organization, OrganizationVersion
from dangvien.organizations.selectors import (
    attach_latest_names,
    organization_state,
    organizations_by_id,
)
from dangvien.rules.keys import RuleLookup
from dangvien.rules.selectors import rule_lookup, rulebook

VIEW = MemberPermission.VIEW
E = MemberEventType


#: The organizations a period places its member in: a period in the actor's scope by any of
#: them makes the member visible.
PERIOD_PLACES = ("organization", "host_organization", "transit_to")


def _visible_periods(actor: Actor, action: Permission = VIEW) -> MemberPeriodQuerySet:
    query = Q()
    for place in PERIOD_PLACES:
        query |= scope_q(actor, action, place)
    return MemberPeriod.objects.filter(query)


def member_queryset(actor: Actor, action: Permission = VIEW) -> QuerySet[Member]:
    """Members the actor may see (any period in scope)."""
    if granted_paths(actor, action) is None:
        return Member.objects.all()
    return Member.objects.filter(
        Exists(_visible_periods(actor, action).filter(member=OuterRef("pk")))
    )


def member_get(*, actor: Actor, pk: int, action: Permission = VIEW) -> Member:
    member = member_queryset(actor, action).filter(pk=pk).first()
    if member is None:
        raise Http404("member")
    return member


def subtree_path(organization: Organization, on: date) -> str | None:
    """The path of ``organization`` on ``on`` (None if it did not exist then)."""
    state = organization_state(organization, on=on)  # read once in a read-only request
    return state.path if state is not None else None


def periods_in_subtree(
    organization: Organization, on: date, *, field: str = "organization"
) -> QuerySet[MemberPeriod]:
    """Periods valid at ``on`` whose ``field`` organization stood in the subtree that day (one join)."""
    path = subtree_path(organization, on)
    if path is None:
        return MemberPeriod.objects.none()
    versions = OrganizationVersion.objects.at(on).filter(path__startswith=path)
    return MemberPeriod.objects.at(on).filter(
        **{f"{field}_id__in": versions.values("organization_id")}
    )


def periods_in_subtree_counts(organization: Organization, days: Sequence[date]) -> dict[date, int]:
    """``periods_in_subtree(organization, day).count()`` for each of ``days``, in one scan of
    the periods per path the organization had on those days (a line of members over the years:
    nine counts of a whole tree took 5.1 s at 1 million members, one scan 0.5 s). A period is
    joined to its organization's versions, of which one stands on a day (the organizations'
    services end a version where the next begins)."""
    counts = dict.fromkeys(days, 0)
    by_path: dict[str, list[date]] = {}
    for day in days:
        path = subtree_path(organization, day)
        if path is not None:
            by_path.setdefault(path, []).append(day)
    database = router.db_for_read(MemberPeriod)
    quote = connections[database].ops.quote_name
    periods = quote(MemberPeriod._meta.db_table)
    versions = quote(OrganizationVersion._meta.db_table)
    never = date(9999, 12, 31)
    for path, group in by_path.items():
        # a period and its organization's version valid at the end of each day (the
        # conditions of ``MemberPeriodQuerySet.at`` and ``OrganizationVersionQuerySet.at``)
        at_day = (
            "SUM(CASE WHEN p.valid_from <= %s AND COALESCE(p.valid_to, %s) > %s "
            "AND v.valid_from <= %s AND COALESCE(v.valid_to, %s) > %s THEN 1 ELSE 0 END)"
        )
        sql = (
            f"SELECT {', '.join([at_day] * len(group))} FROM {periods} p "  # noqa: S608
            f"JOIN {versions} v ON v.organization_id = p.organization_id "
            "WHERE v.path LIKE %s AND v.valid_from <= %s AND COALESCE(v.valid_to, %s) > %s "
            "AND p.valid_from <= %s AND COALESCE(p.valid_to, %s) > %s"
        )
        params: list[Any] = [value for day in group for value in (day, never, day, day, never, day)]
        first, last = min(group), max(group)
        # a path is ids and slashes ("/1/2/"): nothing in it for LIKE to read as a wildcard
        params += [f"{path}%", last, never, first, last, never, first]
        with connections[database].cursor() as cursor:
            cursor.execute(sql, params)
            row = cursor.fetchone()
        for day, count in zip(group, row, strict=True):
            counts[day] = int(count or 0)
    return counts


def periods_shown(ids: Sequence[int]) -> list[MemberPeriod]:
    """The period rows ``ids`` in that order, with what a list shows of them: a long list is
    ordered and paged on its ids alone (narrow rows), then only the page is read in full."""
    rows = MemberPeriod.objects.filter(pk__in=ids).select_related(
        "member", "organization", "host_organization", "transit_to"
    )
    by_id = {row.pk: row for row in rows}
    return [by_id[pk] for pk in ids if pk in by_id]


def member_list_at(
    *,
    actor: Actor,
    organization: Organization,
    on: date | None = None,
    status: str = "",
    sex: str = "",
    exempted: bool | None = None,
    away: bool | None = None,
    ethnicity: str = "",
    religion: str = "",
    education: str = "",
    political_theory: str = "",
    age_from: int | None = None,
    age_to: int | None = None,
    search: str = "",
) -> QuerySet[MemberPeriod]:
    """Members of the subtree of ``organization`` at the end of day ``on`` (their period rows),
    in Vietnamese list order.

    Scoped: the organization must be visible to the actor; rows of organizations outside the
    actor's scope are left out.
    """
    on = on or today()
    periods = periods_in_subtree(organization, on).filter(scope_q(actor, VIEW, "organization"))
    if status:
        periods = periods.filter(status=status)
    if sex:
        periods = periods.filter(sex=sex)  # the period's copy: no join for it
    if exempted is not None:
        periods = periods.filter(is_exempted=exempted)
    if away is not None:
        periods = periods.filter(host_organization__isnull=not away)
    for field, value in (
        ("ethnicity", ethnicity),
        ("religion", religion),
        ("education", education),
        ("political_theory", political_theory),
    ):
        if value:
            periods = periods.filter(**{f"member__{field}": value})
    if age_from is not None:
        periods = periods.filter(member__birth_date__lte=add_months(on, -12 * age_from))
    if age_to is not None:
        periods = periods.filter(member__birth_date__gt=add_months(on, -12 * (age_to + 1)))
    if search:
        periods = periods.filter(_name_query(search, "member__"))
    # Vietnamese list order (the given name, then the family name), by the database
    return periods.select_related(
        "member", "organization", "host_organization", "transit_to"
    ).order_by("member__list_key", "member_id")


def member_list_counts(periods: QuerySet[MemberPeriod]) -> dict[str, int]:
    """The figures above a member list (``member_list_at``): total, probationary, official,
    women, exempted, away (hosted elsewhere), one query."""
    counts: dict[str, int] = periods.aggregate(
        total=Count("id"),
        probationary=Count("id", filter=Q(status=MemberStatus.PROBATIONARY)),
        official=Count("id", filter=Q(status=MemberStatus.OFFICIAL)),
        female=Count("id", filter=Q(sex="F")),  # the period's copy: no join for it
        exempted=Count("id", filter=Q(is_exempted=True)),
        away=Count("id", filter=Q(host_organization__isnull=False)),
    )
    return counts


def guests_at(
    *, actor: Actor, organization: Organization, on: date | None = None
) -> QuerySet[MemberPeriod]:
    """Members temporarily hosted in the subtree (not counted there)."""
    on = on or today()
    return (
        periods_in_subtree(organization, on, field="host_organization")
        .filter(scope_q(actor, VIEW, "host_organization"))
        .select_related("member", "organization", "host_organization")
    )


def _name_query(search: str, prefix: str = "", *, words_index: bool = True) -> Q:
    """Every word of ``search`` begins a word of the name (diacritics and case ignored).

    ``words_index=False`` leaves out the condition through the index of the name's words (a
    query that reads the names in order from another index)."""
    words = fold(search).split()
    query = Q()
    for word in words:
        query &= Q(**{f"{prefix}search_name__startswith": word}) | Q(
            **{f"{prefix}search_name__contains": f" {word}"}
        )
    if words_index and connection.vendor == "postgresql":
        # The same condition through the index of the name's words (members migration 0006):
        # a superset of the LIKEs above, which keep the exact meaning; without it a common
        # name's matches were found by trigrams that narrow little (3.8 s at 5.6 million).
        plain = [word for word in words if PLAIN_WORD.fullmatch(word)]
        if plain:
            query &= Q(
                NameWordsMatch(
                    F(f"{prefix}search_name"), Value(" & ".join(f"{w}:*" for w in plain))
                )
            )
    return query


# A word the text-search parser keeps whole (a name's word beginning with it gives a lexeme
# beginning with it); words with other characters are matched by the LIKEs alone.
PLAIN_WORD = re.compile(r"[a-z0-9]+")


class NameWordsMatch(Func):
    """PostgreSQL: ``to_tsvector('simple', name) @@ to_tsquery('simple', query)``, the
    expression of the index ``member_search_words`` (members migration 0006)."""

    template = "to_tsvector('simple'::regconfig, %(expressions)s)"
    arg_joiner = ") @@ to_tsquery('simple'::regconfig, "
    output_field = BooleanField()


#: A scope of up to this many organizations and members is searched among its members, listed
#: first; a larger one by walking the names in order (``_walk_names``), else through the index
#: of the names' words, each match checked against the scope.
SMALL_SCOPE_ORGANIZATIONS = 500
SMALL_SCOPE_MEMBERS = 5000
#: How many names in name order the walk reads at most before the search turns to the index of
#: the names' words: a name held by 1 member in 4 000 (0.025 %) still fills 50 rows.
NAME_WALK = 200_000
#: A scoped actor's walk takes this many matches per row asked for (a province's officer sees
#: about one match in three or four).
SCOPED_MATCHES = 5
NAME_ORDER = ("search_name", "id")


def member_search(*, actor: Actor, query: str, limit: int = 50) -> QuerySet[Member]:
    """The first ``limit`` members in name order the actor may see whose name holds every word
    of ``query`` as the beginning of a word (diacritics and case ignored), or whose citizen
    ID, card number or member key is ``query``.

    How it is found depends on the scope (the answer does not): a small scope's members are
    listed first, then their names read; a large scope (a province, the whole tree) walks
    the names in order and stops at ``limit`` matches in scope (a common name: tens of
    thousands of matches at national size, of which the index of the names' words found and
    sorted every one), and only when the walk ends short asks that index.
    """
    text = query.strip()
    members = member_queryset(actor)
    if not text:
        return members.none()
    exact = Q(national_id=text) | Q(party_card_number=text) | Q(member_key=text)
    whole = granted_paths(actor, VIEW) is None
    few = None if whole else _small_scope_members(actor)
    if few is not None:
        # a commune's officer: with the scope as a condition beside the name the planner began
        # with the name's matches in the whole country and checked each against the scope
        # (170 ms at 1 million members; 4 ms this way)
        members = Member.objects.filter(pk__in=few)
    else:
        found = _walk_words(text, None if whole else members, limit)
        if found is not None:
            # every match in scope up to ``limit``, in name order
            return members.filter(Q(pk__in=found) | exact).order_by(*NAME_ORDER)[:limit]
        walked = _walk_names(text, limit if whole else limit * SCOPED_MATCHES)
        if not whole:
            walked = list(
                members.filter(pk__in=walked).order_by(*NAME_ORDER).values_list("pk", flat=True)
            )[:limit]
        if len(walked) >= limit:
            # the first ``limit`` matches in scope in name order: a match the walk did not
            # reach comes after them (an exact match may come anywhere)
            return members.filter(Q(pk__in=walked) | exact).order_by(*NAME_ORDER)[:limit]
    return members.filter(exact | _name_query(text)).order_by(*NAME_ORDER)[:limit]


def _walk_names(text: str, count: int) -> list[int]:
    """The ids of the first ``count`` members in name order whose name matches ``text``
    (``_name_query``) among the first ``NAME_WALK`` names, read from the index
    ``member_name_order`` without the table; fewer when the walk ends first."""
    names = Member.objects.filter(_name_query(text, words_index=False)).query
    database = router.db_for_read(Member)
    where, params = names.get_compiler(using=database).compile(names.where)
    table = connections[database].ops.quote_name(Member._meta.db_table)
    # the first names in order, under the table's own name so that the condition compiled
    # for the table reads the walk's columns (the words are parameters of ``where``)
    sql = (
        f"SELECT id FROM (SELECT id, search_name FROM {table} ORDER BY search_name, id "  # noqa: S608
        f"LIMIT %s) AS {table} WHERE {where} ORDER BY search_name, id LIMIT %s"
    )
    with connections[database].cursor() as cursor:
        cursor.execute(sql, [NAME_WALK, *params, count])
        return [row[0] for row in cursor.fetchall()]


#: The word walk reads the names of a query word beginning at most this many different words of
#: names (a letter begins hundreds: the index of the names' words answers it).
WALK_WORDS = 20
#: The word walk's first read takes this many rows per row asked for, each later one four times
#: the one before up to ``WALK_BATCH_MOST`` (a scoped actor's rows are found among the whole
#: tree's, each read checked against the scope in one query), and after ``WALK_ROWS_MOST``
#: rows read without enough in scope the other ways answer (a name common in the country and
#: rare in the scope would be walked to its end).
WALK_BATCH = SCOPED_MATCHES
WALK_BATCH_MOST = 5000
WALK_ROWS_MOST = 20_000
NAME_WORDS_TABLE = "members_name_word"
#: Above every word beginning with a given word in byte order (``COLLATE "C"``).
LAST_CHARACTER = chr(0x10FFFF)


def _walk_words(text: str, members: QuerySet[Member] | None, limit: int) -> list[int] | None:
    """PostgreSQL: the ids of the first ``limit`` members in name order whose name matches
    ``text`` (``_name_query``), of ``members`` (every member when None); all of them when there
    are fewer. None when the walk cannot answer: another database, a word that is not plain
    (``PLAIN_WORD``) or that begins more than ``WALK_WORDS`` words of names, or
    ``WALK_ROWS_MOST`` rows read without ``limit`` in scope.

    Each query word stands for the words of names it begins (read from ``members_name_word``,
    members migration 0009); the database function ``members_name_walk`` joins their rows
    in name order by leaps through the table's key and stops at the rows asked for, so a
    common full name costs about a probe per word and match, not a read of every match."""
    database = router.db_for_read(Member)
    prefixes = sorted(set(fold(text).split()))
    if connections[database].vendor != "postgresql" or not prefixes:
        return None
    if not all(PLAIN_WORD.fullmatch(prefix) for prefix in prefixes):
        return None
    words: list[str] = []
    groups: list[int] = []
    with connections[database].cursor() as cursor:
        for group, prefix in enumerate(prefixes, start=1):
            cursor.execute(
                # the different words of names in the prefix's range, a probe each (a loose
                # index scan)
                f"WITH RECURSIVE found(word) AS ((SELECT word FROM {NAME_WORDS_TABLE} "  # noqa: S608
                "WHERE word >= %s AND word < %s ORDER BY word LIMIT 1) UNION ALL "
                f"SELECT (SELECT w.word FROM {NAME_WORDS_TABLE} w WHERE w.word > found.word "
                "AND w.word < %s ORDER BY w.word LIMIT 1) FROM found WHERE found.word IS NOT NULL) "
                "SELECT word FROM found WHERE word IS NOT NULL LIMIT %s",
                [prefix, prefix + LAST_CHARACTER, prefix + LAST_CHARACTER, WALK_WORDS + 1],
            )
            begun = [row[0] for row in cursor.fetchall()]
            if len(begun) > WALK_WORDS:
                return None
            if not begun:
                return []
            words += begun
            groups += [group] * len(begun)
        found: list[int] = []
        after: tuple[str, int] = ("", 0)
        batch = limit if members is None else limit * WALK_BATCH
        read = 0
        while True:
            if read >= WALK_ROWS_MOST:
                return None
            cursor.execute(
                "SELECT member_id, search_name FROM members_name_walk(%s, %s, %s, %s, %s)",
                [words, groups, *after, batch],
            )
            rows = cursor.fetchall()
            read += len(rows)
            ids = [row[0] for row in rows]
            if members is not None and ids:
                shown = set(members.filter(pk__in=ids).values_list("pk", flat=True))
                ids = [pk for pk in ids if pk in shown]
            found += ids
            if len(found) >= limit or len(rows) < batch:
                return found[:limit]
            after = (rows[-1][1], rows[-1][0])
            batch = min(batch * 4, WALK_BATCH_MOST)


def _small_scope_members(actor: Actor) -> list[int] | None:
    """The ids of the members a scoped actor may see when the scope is small
    (``member_queryset`` as a list), else None (a province)."""
    organizations = list(
        Organization.objects.filter(scope_q(actor, VIEW, ""))
        .order_by()
        .values_list("pk", flat=True)[: SMALL_SCOPE_ORGANIZATIONS + 1]
    )
    if len(organizations) > SMALL_SCOPE_ORGANIZATIONS:
        return None
    placed = Q()
    for place in PERIOD_PLACES:
        placed |= Q(**{f"{place}_id__in": organizations})
    members = (
        MemberPeriod.objects.filter(placed)
        .order_by()
        .values_list("member_id", flat=True)
        .distinct()[: SMALL_SCOPE_MEMBERS + 1]
    )
    ids = sorted(members)
    return ids if len(ids) <= SMALL_SCOPE_MEMBERS else None


def member_timeline(*, actor: Actor, member: Member) -> QuerySet[MemberEvent]:
    """The member's events that concern organizations in the actor's scope, oldest first."""
    events = MemberEvent.objects.filter(member=member)
    if granted_paths(actor, VIEW) is not None:
        events = events.filter(
            scope_q(actor, VIEW, "organization") | scope_q(actor, VIEW, "from_organization")
        )
    return events.select_related("organization", "from_organization", "corrects").order_by(
        "effective_on", "id"
    )


def member_periods(*, actor: Actor, member: Member) -> tuple[MemberPeriod, ...]:
    """The member's periods the actor may see, by start, with their organizations. Read once
    per member and actor in a read-only request (the page's history and its header's
    ``member_last_period``)."""
    return memoized(
        ("member_periods", member.pk, actor.pk),
        lambda: tuple(_periods_of(actor, [member.pk])),
    )


def _periods_of(actor: Actor | None, member_ids: Iterable[int]) -> MemberPeriodQuerySet:
    """The periods of ``member_ids`` (those the actor may see, with ``actor``), by member and
    start, with the organizations they place their member in."""
    periods = _visible_periods(actor) if actor is not None else MemberPeriod.objects.all()
    return (
        periods.filter(member__in=set(member_ids))
        .select_related(*PERIOD_PLACES)
        .order_by("member_id", "valid_from", "id")
    )


def _last_period(periods: Sequence[MemberPeriod], on: date) -> MemberPeriod | None:
    """Of one member's periods (by start), the one valid at ``on``, else the latest begun by
    then (None before the first: read at 2022, a member admitted in 2025 showed "probationary"
    in the cell they joined three years later)."""
    begun = None
    for period in periods:
        if period.valid_at(on):
            return period
        if period.valid_from <= on:
            begun = period
    return begun


@dataclass(frozen=True)
class LifecycleDates:
    decision_on: date | None
    decision_number: str
    admitted_on: date | None
    official_on: date | None
    left_on: date | None
    exit_type: str


def lifecycle_dates(
    member: Member, *, actor: Actor | None = None, on: date | None = None
) -> LifecycleDates:
    """Dates of the member's file, read from the ledger (first admission decision, last ceremony …).

    With ``on``, the file as it stood that day: entries in force taking effect after it are left
    out (a page read at a past day said "official on" a later day beside "probationary").

    With ``actor``, read the events the actor may see (``member_events_seen``: an exit recorded
    while the member stood in the actor's scope included) and those before the first of them: the file that came with a member transferred in (its admission and
    recognition), not what happened elsewhere after the member left the actor's scope.
    """
    if actor is None:
        return _lifecycle_from(member_ledger(member), on)
    visible = member_events_seen(actor=actor, member=member)
    if not visible:
        return _lifecycle_from(visible, on)
    # the ledger's order is (effective date, id): what comes before the first visible event in
    # it, a recognition on the day the transfer was issued included
    first = (visible[0].effective_on, visible[0].pk)
    earlier = [row for row in member_ledger(member) if (row.effective_on, row.pk) < first]
    return _lifecycle_from([*earlier, *visible], on)


class _LedgerRow(NamedTuple):
    """The columns of a ``MemberEvent`` that ``_lifecycle_from`` reads (a bulk read)."""

    pk: int
    type: str
    effective_on: date
    organization_id: int | None
    corrects_id: int | None
    decision_date: date | None
    decision_number: str


LEDGER_ROW = (
    "id",
    "type",
    "effective_on",
    "organization_id",
    "corrects_id",
    "decision_date",
    "decision_number",
)


#: Member ids a query of ledgers takes at most (SQLite's limit of a statement's variables).
LEDGER_IDS = 10_000


def _ledgers(members: QuerySet[Any, Any] | Sequence[int]) -> dict[int, list[_LedgerRow]]:
    """The ledgers of ``members`` (a subquery of member ids, or the ids, read ``LEDGER_IDS`` at
    a time) by member, in effective-date order (what ``_lifecycle_from`` reads)."""
    events: dict[int, list[_LedgerRow]] = {}
    wanted: list[Any] = (
        [members]
        if isinstance(members, QuerySet)
        else [members[i : i + LEDGER_IDS] for i in range(0, len(members), LEDGER_IDS)]
    )
    for part in wanted:
        for member_id, *ledger_row in (
            MemberEvent.objects.filter(member_id__in=part)
            .order_by("member_id", "effective_on", "id")
            .values_list("member_id", *LEDGER_ROW)
        ):
            events.setdefault(member_id, []).append(_LedgerRow(*ledger_row))
    return events


class _PeriodRow(NamedTuple):
    """The columns of a ``MemberPeriod`` that ``_party_age_from`` reads (a bulk read)."""

    valid_from: date
    valid_to: date | None
    transit_to_id: int | None


def _lifecycle_from(
    events: Sequence[MemberEvent | _LedgerRow], on: date | None = None
) -> LifecycleDates:
    """``lifecycle_dates`` of a ledger already read (in effective-date order), up to ``on``."""
    entries = effective_entries(
        LedgerEntry(e.pk, e.type, e.effective_on, e.organization_id, e.corrects_id) for e in events
    )
    if on is not None:
        # after the corrections: a correction moving an entry past ``on`` takes it out of that day
        entries = [e for e in entries if e.effective_on <= on]
    by_key = {e.pk: e for e in events}
    first = next((by_key[e.key] for e in entries if e.type == E.ADMITTED), None)
    admissions = [e for e in entries if e.type in ADMISSION_EVENTS]
    recognised = [e for e in entries if e.type == E.RECOGNISED]
    exits = [e for e in entries if e.type in EXIT_EVENTS]
    last_admission = admissions[-1].effective_on if admissions else None
    left = (
        exits[-1]
        if exits and (last_admission is None or exits[-1].effective_on >= last_admission)
        else None
    )
    return LifecycleDates(
        decision_on=first.decision_date if first else None,
        decision_number=first.decision_number if first else "",
        admitted_on=last_admission,
        official_on=recognised[-1].effective_on if recognised else None,
        left_on=left.effective_on if left else None,
        exit_type=left.type if left else "",
    )


@dataclass(frozen=True)
class PartyAge:
    start: date
    days: int
    gaps: list[tuple[date, date, str]]
    end: date

    @property
    def years(self) -> int:
        """Completed calendar years: the counted days end on ``end`` and start after the gaps."""
        return months_between(self.end - timedelta(days=self.days), self.end) // 12


def party_age(member: Member, on: date | None = None) -> PartyAge | None:
    """Party age at ``on``: from the first admission decision, minus the gaps the rules exclude.

    Gaps: time out of the party (removal, resignation, expulsion) until re-admission, and time
    in transit beyond the deadline to present the transfer (``transfer.official_presentation_
    working_days``). Counted only for members who were recognised as official.
    """
    return _party_age_from(lifecycle_dates(member), member_all_periods(member), on or today())


def _party_age_from(
    dates: LifecycleDates,
    periods: Sequence[MemberPeriod | _PeriodRow],
    on: date,
    rules: RuleLookup | None = None,
) -> PartyAge | None:
    """``party_age`` of a ledger's dates and periods already read (periods by start), the
    rulebook read through ``rules`` when given (a ``RuleBook`` for many members)."""
    if dates.decision_on is None or dates.official_on is None or dates.decision_on > on:
        return None
    gaps: list[tuple[date, date, str]] = []
    for earlier, later in itertools.pairwise(periods):
        if earlier.valid_to is not None and earlier.valid_to < later.valid_from:
            gaps.append((earlier.valid_to, later.valid_from, "out_of_party"))
    for period in periods:
        if period.transit_to_id is not None:
            allowed = add_working_days(
                period.valid_from,
                TRANSFER_PRESENTATION_WORKING_DAYS(on=period.valid_from, rules=rules),
            )
            end = period.valid_to or on
            if end > allowed:
                gaps.append((allowed, end, "transfer"))
    last = periods[-1] if periods else None
    end_of_count = on if last is None or last.valid_to is None else min(on, last.valid_to)
    days = (end_of_count - dates.decision_on).days
    for start, end, _reason in gaps:
        overlap = (min(end, end_of_count) - max(start, dates.decision_on)).days
        days -= max(0, overlap)
    return PartyAge(dates.decision_on, max(0, days), gaps, end_of_count)


def _occasions(around: date) -> list[date]:
    month_days = BADGE_AWARD_OCCASIONS(on=around)
    days = []
    for year in (around.year - 1, around.year, around.year + 1):
        for month_day in month_days:
            month, day = (int(part) for part in month_day.split("-"))
            days.append(date(year, month, day))
    return sorted(days)


def next_badge_occasion(after: date) -> date:
    """The next award occasion (3/2, 19/5, 2/9, 7/11 in the rulebook) on or after ``after``."""
    return next(day for day in _occasions(after) if day >= after)


def previous_badge_occasion(before: date) -> date:
    return [day for day in _occasions(before) if day < before][-1]


@dataclass(frozen=True)
class BadgeCandidate:
    member: Member
    organization: Organization
    milestone: int
    party_age_years: int
    award_on: date


def badge_candidates(
    *,
    actor: Actor,
    organization: Organization,
    award_on: date | None = None,
    serious_illness_ids: frozenset[int] = frozenset(),
) -> list[BadgeCandidate]:
    """Members of the subtree who reach a badge milestone by the occasion ``award_on`` (the next
    occasion by default) and had not reached it by the previous occasion.

    Members in ``serious_illness_ids`` may be proposed early by the months the rulebook allows
    (``badge.early_months_serious_illness``).
    """
    award_on = award_on or next_badge_occasion(today())
    previous = previous_badge_occasion(award_on)
    milestones = BADGE_MILESTONE_YEARS(on=award_on)
    early = BADGE_EARLY_MONTHS_SERIOUS_ILLNESS(on=award_on)
    listed = member_list_at(
        actor=actor, organization=organization, on=award_on, status=MemberStatus.OFFICIAL
    )
    # Set-based (issue 13, defect 10: 46 s for a province of 13 thousand members, seven
    # queries per member): the ledgers, periods and awards of every listed member in three
    # queries, through the list itself as a subquery, read as plain rows; the same pure
    # computation; the candidates' members and organizations read last.
    listed = listed.order_by()
    rows = list(listed.values_list("member_id", "organization_id"))
    if not rows:
        return []
    members = listed.values("member_id")
    events = _ledgers(members)
    periods: dict[int, list[_PeriodRow]] = {}
    for member_id, valid_from, valid_to, transit_to_id in (
        MemberPeriod.objects.filter(member_id__in=members)
        .order_by("member_id", "valid_from")
        .values_list("member_id", "valid_from", "valid_to", "transit_to_id")
    ):
        periods.setdefault(member_id, []).append(_PeriodRow(valid_from, valid_to, transit_to_id))
    awarded: dict[int, set[int]] = {}
    for member_id, milestone in BadgeAward.objects.filter(member_id__in=members).values_list(
        "member_id", "milestone"
    ):
        awarded.setdefault(member_id, set()).add(milestone)
    book = rulebook()
    needed_days: dict[tuple[date, int], int] = {}
    found: list[tuple[int, int, int, int]] = []
    for member_id, organization_id in rows:
        dates = _lifecycle_from(events.get(member_id, []))
        ledger_periods = periods.get(member_id, [])
        now = _party_age_from(dates, ledger_periods, award_on, book)
        if now is None:
            continue
        before = _party_age_from(dates, ledger_periods, previous, book)
        for milestone in milestones:
            if milestone in awarded.get(member_id, ()):
                continue
            allowance = int(early.get(str(milestone), 0)) if member_id in serious_illness_ids else 0
            # Calendar months, as badge_award counts them (many members share a start).
            months = 12 * milestone - allowance
            needed = needed_days.get((now.start, months))
            if needed is None:
                needed = (add_months(now.start, months) - now.start).days
                needed_days[now.start, months] = needed
            had = before is not None and before.days >= needed
            if now.days >= needed and not had:
                found.append((member_id, organization_id, milestone, now.years))
    people = Member.objects.in_bulk([member_id for member_id, *_rest in found])
    places = Organization.objects.in_bulk([organization_id for _m, organization_id, *_r in found])
    return [
        BadgeCandidate(people[member_id], places[organization_id], milestone, years, award_on)
        for member_id, organization_id, milestone, years in found
    ]


@dataclass(frozen=True)
class TransferRow:
    member: Member
    from_organization: Organization
    to_organization: Organization
    issued_on: date
    deadline: date
    is_overdue: bool
    direction: str


def transfers_pending(
    *, actor: Actor, organization: Organization, on: date | None = None
) -> list[TransferRow]:
    """Transfers in transit out of or into the subtree, with the deadline to present them."""
    on = on or today()
    outgoing = (
        periods_in_subtree(organization, on)
        .filter(transit_to__isnull=False)
        .filter(scope_q(actor, VIEW, "organization"))
    )
    incoming = periods_in_subtree(organization, on, field="transit_to").filter(
        scope_q(actor, VIEW, "transit_to")
    )
    rows = []
    for direction, periods in (("out", outgoing), ("in", incoming)):
        for period in periods.select_related("member", "organization", "transit_to"):
            assert period.transit_to is not None
            deadline = add_working_days(
                period.valid_from,
                TRANSFER_PRESENTATION_WORKING_DAYS(on=period.valid_from),
            )
            rows.append(
                TransferRow(
                    period.member,
                    period.organization,
                    period.transit_to,
                    period.valid_from,
                    deadline,
                    on > deadline,
                    direction,
                )
            )
    return sorted(rows, key=lambda r: (r.deadline, r.member.search_name))


@dataclass(frozen=True)
class RecognitionDue:
    member: Member
    organization: Organization
    admitted_on: date
    probation_ends: date
    proposal_deadline: date
    is_overdue: bool


def recognition_due(
    *, actor: Actor, organization: Organization, on: date | None = None, within_days: int = 60
) -> list[RecognitionDue]:
    """Probationary members whose probation ends by ``on + within_days`` (or has ended)."""
    on = on or today()
    # read once per request: the inbox asks for the members due (60 days ahead) and the
    # removal due-list for those overdue (a whole tree at 1 million members: 2.5 s of reads)
    pairs, events = memoized(
        ("probationary_ledgers", getattr(actor, "pk", None), organization.pk, on),
        lambda: _probationary_ledgers(actor, organization, on),
    )
    book = rulebook()
    due = []
    for member_id, organization_id in pairs:
        dates = _lifecycle_from(events.get(member_id, []))
        if dates.admitted_on is None:
            continue
        ends = add_months(dates.admitted_on, PROBATION_MONTHS(on=dates.admitted_on, rules=book))
        if ends > on + timedelta(days=within_days):
            continue
        deadline = add_working_days(ends, RECOGNITION_PROPOSAL_WORKING_DAYS(on=ends, rules=book))
        due.append((member_id, organization_id, dates.admitted_on, ends, deadline))
    # the members and organizations of the rows due only, as objects (once per request: the
    # inbox and the removal due-list ask)
    members = memoized_each("member", {row[0] for row in due}, Member.objects.in_bulk)
    organizations = organizations_by_id(row[1] for row in due)
    rows = [
        RecognitionDue(
            members[member_id],
            organizations[organization_id],
            admitted,
            ends,
            deadline,
            on > deadline,
        )
        for member_id, organization_id, admitted, ends, deadline in due
    ]
    # by the end of probation, then in list order (the list's order before)
    return sorted(rows, key=lambda r: (r.probation_ends, r.member.list_key, r.member.pk))


def _probationary_ledgers(
    actor: Actor, organization: Organization, on: date
) -> tuple[list[tuple[int, int]], dict[int, list[_LedgerRow]]]:
    """The probationary members at ``on`` in the subtree, as (member, organization) ids, and
    their ledgers."""
    listed = member_list_at(
        actor=actor, organization=organization, on=on, status=MemberStatus.PROBATIONARY
    )
    # Set-based, as badge_candidates (issue 19: the inbox of a province of the 100 000-member
    # set took 13 s, three queries per probationary member): the ledgers in one query, the
    # rulebook loaded once. The ids only: a whole tree's 17 000 probationary members at 1
    # million, read as periods with their members and organizations, took 0.9 s.
    pairs = list(listed.order_by().values_list("member_id", "organization_id"))
    # the ids read, not the list's query again as a subquery: the planner, expecting ten times
    # the probationary members there are, joined the whole ledger by hash (6.1 s for the whole
    # tree at national size; 1.9 s by the ids)
    return pairs, _ledgers(sorted({member_id for member_id, _ in pairs}))


#
# Helpers of the member pages and API (added with the web UI)
#


def transfer_target(code: str) -> Organization | None:
    """Any organization by code, unscoped: the destination of a transfer or temporary transfer
    need not be visible to the sending side (the services check what it may hold)."""
    return Organization.objects.filter(code=code.strip()).first() if code.strip() else None


def member_last_period(
    member: Member, on: date | None = None, *, actor: Actor | None = None
) -> MemberPeriod | None:
    """The member's period valid at ``on`` (default today), else their latest period.

    With ``actor``, only periods in the actor's scope: a member who moved out of it shows
    where they stood last inside it, not where they went.
    """
    on = on or today()
    if actor is None:
        periods: Sequence[MemberPeriod] = tuple(_periods_of(None, [member.pk]))
    else:
        periods = member_periods(actor=actor, member=member)
    period = _last_period(periods, on)
    if period is not None:
        attach_latest_names((period.organization, period.host_organization, period.transit_to))
    return period


def members_last_periods(
    members: Iterable[Member], on: date | None = None, *, actor: Actor | None = None
) -> dict[int, MemberPeriod]:
    """``member_last_period`` of each member, by member id, in one query (a page of members;
    a member without a period in the actor's scope is left out). The organizations carry
    their latest names for ``orgname`` (one query more)."""
    on = on or today()
    chosen: dict[int, MemberPeriod] = {}
    for member_id, periods in itertools.groupby(
        _periods_of(actor, (m.pk for m in members)), key=lambda p: p.member_id
    ):
        period = _last_period(list(periods), on)
        if period is not None:
            chosen[member_id] = period
    attach_latest_names(
        organization
        for period in chosen.values()
        for organization in (period.organization, period.host_organization, period.transit_to)
    )
    return chosen


def members_in_force(member_ids: Iterable[int], on: date) -> set[int]:
    """The ids among ``member_ids`` of the members with a period in force at ``on`` in any
    organization (whatever the actor's scope): a member whose last period in scope ended is
    still a member when listed here."""
    return set(
        MemberPeriod.objects.at(on)
        .filter(member_id__in=set(member_ids))
        .values_list("member_id", flat=True)
    )


def member_timeline_with_own_events(*, actor: Actor, member: Member) -> QuerySet[MemberEvent]:
    """``member_timeline`` plus the events recorded without an organization (exemption, exits,
    temporary return …) while the member belonged to an organization in the actor's scope.

    The lifecycle services record those events with ``organization`` empty, which
    ``member_timeline`` leaves out for every scoped actor.
    """
    events = MemberEvent.objects.filter(member=member)
    if granted_paths(actor, VIEW) is not None:
        home_in_scope = Exists(
            MemberPeriod.objects.filter(
                scope_q(actor, VIEW, "organization"),
                member_id=OuterRef("member_id"),
                valid_from__lte=OuterRef("effective_on"),
            ).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=OuterRef("effective_on")))
        )
        events = events.filter(
            scope_q(actor, VIEW, "organization")
            | scope_q(actor, VIEW, "from_organization")
            | (Q(organization__isnull=True, from_organization__isnull=True) & home_in_scope)
        )
    return events.select_related("organization", "from_organization", "corrects").order_by(
        "effective_on", "id"
    )


def member_events_seen(*, actor: Actor, member: Member) -> tuple[MemberEvent, ...]:
    """``member_timeline_with_own_events``, read once per member and actor in a read-only
    request (the member's page lists them and reads its file's dates from them)."""
    return memoized(
        ("member_events_seen", member.pk, actor.pk),
        lambda: tuple(member_timeline_with_own_events(actor=actor, member=member)),
    )


def member_event_get(*, actor: Actor, member: Member, pk: int) -> MemberEvent:
    """One event of the member's timeline as the actor sees it (``Http404`` otherwise)."""
    event = member_timeline_with_own_events(actor=actor, member=member).filter(pk=pk).first()
    if event is None:
        raise Http404("member event")
    return event


def exempted_at(
    *, actor: Actor, organization: Organization, on: date | None = None
) -> QuerySet[MemberPeriod]:
    """Members of the subtree exempted from activities at ``on``."""
    return member_list_at(actor=actor, organization=organization, on=on, exempted=True)


def card_register(
    *, actor: Actor, organization: Organization | None = None, member: Member | None = None
) -> QuerySet[PartyCardEntry]:
    """Entries of the card register the actor may see (of one member, or of a subtree)."""
    entries = PartyCardEntry.objects.filter(scope_q(actor, VIEW, "organization"))
    if member is not None:
        entries = entries.filter(member=member)
    if organization is not None:
        entries = entries.filter(organization__path__startswith=organization.path)
    return entries.select_related("member", "organization").order_by("-effective_on", "-id")


def badge_awards(*, actor: Actor, member: Member) -> QuerySet[BadgeAward]:
    return BadgeAward.objects.filter(scope_q(actor, VIEW, "organization"), member=member).order_by(
        "milestone"
    )


#
# The ledger and the state it implies
#


def member_ledger(member: Member) -> tuple[_LedgerRow, ...]:
    """The member's whole ledger, whatever the reader's scope, in effective-date order (what
    ``_lifecycle_from`` reads). Read once per member in a read-only request: the page, its
    actions and its panels all replay it."""
    return memoized(
        ("member_ledger", member.pk),
        lambda: tuple(
            _LedgerRow(*row)
            for row in MemberEvent.objects.filter(member=member)
            .order_by("effective_on", "id")
            .values_list(*LEDGER_ROW)
        ),
    )


def member_all_periods(member: Member) -> tuple[MemberPeriod, ...]:
    """Every period of the member, whatever the reader's scope, by start (with their
    organizations). Read once per member in a read-only request."""
    return memoized(
        ("member_all_periods", member.pk),
        lambda: tuple(
            MemberPeriod.objects.filter(member=member)
            .select_related("organization")
            .order_by("valid_from", "id")
        ),
    )


def member_entries(member: Member) -> list[LedgerEntry]:
    return [
        LedgerEntry(e.pk, e.type, e.effective_on, e.organization_id, e.corrects_id)
        for e in member_ledger(member)
    ]


def home_organization(member: Member, on: date) -> Organization | None:
    """Where the member stood on ``on``, else their last organization (for authorization).
    Read once per member and day in a read-only request (the page's panels all ask)."""
    return memoized(("home_organization", member.pk, on), lambda: _home_organization(member, on))


def _home_organization(member: Member, on: date) -> Organization | None:
    periods = member_all_periods(member)
    begun = [p for p in periods if p.valid_from <= on]
    period = begun[-1] if begun else (periods[0] if periods else None)
    if period is None:
        # no period at all (died on the day of admission): the organization of the ledger
        event = (
            MemberEvent.objects.filter(member=member, organization__isnull=False)
            .select_related("organization")
            .order_by("-effective_on", "-pk")
            .first()
        )
        return event.organization if event else None
    return period.organization


def exit_reason(member: Member, exit_type: str) -> str:
    """The reason recorded with the member's last exit of ``exit_type`` ("" without one): what
    the re-admission and its checklist ask (``rules.readmission_exclusion_verdict``)."""
    if not exit_type:
        return ""
    event = (
        MemberEvent.objects.filter(member=member, type=exit_type)
        .order_by("-effective_on", "-id")
        .first()
    )
    return str((event.data or {}).get("reason", "")) if event is not None else ""


def member_known_period(member: Member, on: date, *, actor: Actor) -> MemberPeriod | None:
    """``member_last_period`` at ``on``, else the latest in the actor's scope: the organization
    the reader knows the member by, under which a read of the file is audited (read at a day
    before the member came into the scope, the audit log of that subtree lists it)."""
    return member_last_period(member, on, actor=actor) or member_last_period(
        member, date.max, actor=actor
    )


def member_state(member: Member, on: date | None = None) -> MemberState:
    """The state after the whole ledger (status, organization, flags), as recorded; with
    ``on``, after the entries in force that took effect by that day."""
    entries = member_entries(member)
    if on is not None:
        entries = [e for e in effective_entries(entries) if e.effective_on <= on]
    return replay(entries, rule_lookup, deviations=[])[0]


def probation_end(member: Member) -> date | None:
    state = member_state(member)
    if state.admitted_on is None:
        return None
    return add_months(state.admitted_on, PROBATION_MONTHS(on=state.admitted_on))


def can_change_member(actor: Actor, member: Member) -> bool:
    home = home_organization(member, date.max)
    return home is not None and can(actor, MemberPermission.CHANGE, home)


@dataclass(frozen=True)
class AwayRow:
    """A member of the subtree on a temporary transfer, with how long it may last."""

    period: MemberPeriod
    since: date
    purpose: str
    max_months: int
    ends_on: date
    on: date

    @property
    def overdue(self) -> bool:
        """Past its maximum length at the date asked."""
        return self.ends_on < self.on


def temporary_away(
    *, actor: Actor, organization: Organization, on: date | None = None
) -> list[AwayRow]:
    """Members of the subtree away on a temporary transfer at ``on``, the oldest first, each
    with the day it began, its purpose and the day its maximum length (work or residence:
    ``transfer.temporary_work_max_months``; study: ``..._study_max_months``, Quy định
    294-QĐ/TW 6.3.2, in force the day it began) runs out; past it, an extension is due or the
    member returns (a warning, not a refusal)."""
    on = on or today()
    periods = list(
        member_list_at(actor=actor, organization=organization, on=on).filter(
            host_organization__isnull=False
        )
    )
    starts: dict[int, MemberEvent] = {}
    for event in (
        MemberEvent.objects.filter(
            member_id__in=[p.member_id for p in periods],
            type=MemberEventType.TEMPORARY_OUT,
            effective_on__lte=on,
        )
        .exclude(Exists(MemberEvent.objects.filter(corrects=OuterRef("pk"))))
        .order_by("effective_on", "id")
    ):
        starts[event.member_id] = event  # the latest one before ``on``
    rows = []
    for period in periods:
        started = starts.get(period.member_id)
        since = started.effective_on if started is not None else period.valid_from
        purpose = (started.data or {}).get("purpose", "work") if started is not None else "work"
        rule = TEMPORARY_STUDY_MAX_MONTHS if purpose == "study" else TEMPORARY_WORK_MAX_MONTHS
        months = rule(on=since)
        rows.append(AwayRow(period, since, purpose, months, add_months(since, months), on))
    return sorted(rows, key=lambda row: (row.ends_on, row.period.member_id))


@dataclass(frozen=True)
class FileFacts:
    """What an export row reads of a member's file: admission and official dates, party age."""

    admitted_on: date | None
    official_on: date | None
    party_age_years: int | None


def member_file_facts(member_ids: Sequence[int], on: date) -> dict[int, FileFacts]:
    """``FileFacts`` of many members at ``on`` in three queries (the ledgers, the periods, the
    rulebook), the same computation as ``lifecycle_dates`` and ``party_age``."""
    if not member_ids:
        return {}
    events = _ledgers(MemberEvent.objects.filter(member_id__in=member_ids).values("member_id"))
    periods: dict[int, list[_PeriodRow]] = {}
    for member_id, valid_from, valid_to, transit_to_id in (
        MemberPeriod.objects.filter(member_id__in=member_ids)
        .order_by("member_id", "valid_from")
        .values_list("member_id", "valid_from", "valid_to", "transit_to_id")
    ):
        periods.setdefault(member_id, []).append(_PeriodRow(valid_from, valid_to, transit_to_id))
    book = rulebook()
    facts = {}
    for member_id in member_ids:
        dates = _lifecycle_from(events.get(member_id, []))
        age = _party_age_from(dates, periods.get(member_id, []), on, book)
        facts[member_id] = FileFacts(
            dates.admitted_on, dates.official_on, age.years if age is not None else None
        )
    return facts
