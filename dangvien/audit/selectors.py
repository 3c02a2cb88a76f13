"""Scoped reads of the audit log."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, router
from django.db.models import Q, QuerySet
from django.utils.translation import get_language

from dangvien.accounts.models import User
from dangvien.accounts.types import Actor
from dangvien.audit.chain import Verdict, verify
from dangvien.audit.models import HEAD_ID, AuditChainHead, AuditEvent, ChangeDay, in_chain_run
from dangvien.core.dates import today
from dangvien.core.memo import memoized
from dangvien.core.registry import Registry
from dangvien.core.text import fold

#: Rows some readers of the audit log may not see although they lie in their subtree: an app
#: whose records are confidential beyond the organization's scope (a discipline file) says
#: which rows a reader may see as far as it goes (a ``Q`` over ``AuditEvent``), as
#: ``decisions.selectors.proposal_visibility`` does for the proposals. Applied by
#: ``audit_event_list``: the log's page, its API and its downloads agree.
audit_visibility: Registry[Callable[[Actor], Q]] = Registry("audit visibility")


def audit_event_list(
    *,
    actor: Actor,
    organization_path: str | None = None,
    organization_code: str | None = None,
    action: str | None = None,
    actor_name: str | None = None,
    object_type: str | None = None,
    object_id: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditEvent]:
    """Audit rows the actor may read (their subtrees, narrowed by ``audit_visibility``;
    administrators see everything),
    optionally under one organization given by its access path or its code (a code outside
    the actor's scope, or unknown, gives no rows: nothing is disclosed)."""
    events = AuditEvent.objects.for_actor(actor).select_related("object_type")
    for visible in audit_visibility:
        events = events.filter(visible(actor))
    if organization_code and not organization_path:
        # Through the audit row's own link to the organization (audit sits below the
        # organizations app and does not import it).
        organizations = AuditEvent._meta.get_field("organization").related_model
        assert organizations is not None
        assert not isinstance(organizations, str)
        organization_path = (
            organizations._default_manager.filter(code=organization_code)
            .values_list("path", flat=True)
            .first()
        ) or "/nothing/"
    if organization_path:
        events = events.filter(
            Q(organization__path__startswith=organization_path)
            | Q(organization__isnull=True, organization_path__startswith=organization_path)
        )
    if action:
        events = events.filter(action=action)
    if actor_name and fold(actor_name):
        events = events.filter(actor_id__in=_actors_named(actor_name))
    if object_type:
        # a model's name ("term"), or its app's label too ("committees.term") where two
        # apps have a model of that name (``audit_object_types``)
        app_label, _dot, model = object_type.rpartition(".")
        events = events.filter(object_type__model=model)
        if app_label:
            events = events.filter(object_type__app_label=app_label)
    if object_id:
        events = events.filter(object_id=object_id)
    if date_from:
        events = events.filter(recorded_at__date__gte=date_from)
    if date_to:
        events = events.filter(recorded_at__date__lte=date_to)
    return events


def _actors_named(text: str) -> list[int]:
    """The ids of the users whose name as the log shows it (``User.display_name``: the
    person's name, the log-in name only for an account without one) holds ``text``, diacritics
    and case ignored (``core.text.fold``, as every search of the product). The accounts are
    read, not the log: a few thousand of them however many millions of rows the log holds,
    whose rows are then found by their actor's id (the column's index). A person's rows are
    all found by their present name, also those written before a rename (a row shows the
    name it was written with)."""
    wanted = fold(text)
    users = User.objects.only("full_name", "first_name", "last_name", "username")
    return [user.pk for user in users if wanted in fold(user.display_name)]


def audit_object_types() -> list[ContentType]:
    """The kinds of object the audit rows are about, in id order (rows about no object, such
    as a failed log-in, have none): kinds, not rows, so not scoped. One query however large
    the log: a skip scan of the index on (object type, object id) from one kind to the next,
    for SQLite and PostgreSQL alike."""
    connection = connections[router.db_for_read(AuditEvent) or DEFAULT_DB_ALIAS]
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    column = connection.ops.quote_name(AuditEvent._meta.get_field("object_type").column)
    sql = f"""
        WITH RECURSIVE kinds(id) AS (
            SELECT MIN({column}) FROM {table}
            UNION ALL
            SELECT (SELECT MIN({column}) FROM {table} WHERE {column} > kinds.id)
            FROM kinds WHERE kinds.id IS NOT NULL
        )
        SELECT id FROM kinds WHERE id IS NOT NULL
    """  # noqa: S608 (names from the model's metadata, no parameter)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        ids = [row[0] for row in cursor.fetchall()]
    found = ContentType.objects.in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def audit_chain_verdict() -> Verdict:
    """Check the whole audit chain (every row, in id order) against its head: the first row
    that does not follow from the one before it, or rows missing at the end."""
    head = AuditChainHead.objects.filter(pk=HEAD_ID).values_list("count", "last_hash").first()
    # every column (by attribute name: actor_id …), which the hashed ones are among
    rows = AuditEvent.objects.order_by("id").values().iterator(chunk_size=5000)
    return verify(
        rows,
        head_count=head[0] if head else None,
        head_hash=head[1] if head else None,
    )


def data_version() -> str:
    """A token that changes with every audited change of the data: the hash of the last audit
    row of a creation, change or deletion (every service records its audit row in the
    transaction of its change; reads, exports and log-ins, audited too, change nothing). A
    cache of figures derived from the data keys on it: a write makes the cached copies stale
    at once, without listing what they depended on. One row read by key, once per read-only
    request (``core.memo``: a dashboard keeps four parts, each asked the version)."""
    return memoized(("data_version",), _read_data_version)


def _read_data_version() -> str:
    head = (
        AuditChainHead.objects.filter(pk=HEAD_ID).values_list("last_change_hash", flat=True).first()
    )
    return head or "empty"


def data_version_on(day: date) -> str:
    """A token that changes with every audited change of the data that may change the figures
    at the end of ``day``: the last change recorded under a day up to ``day``
    (``audit.models.ChangeDay``; a change recorded without ``affects_from`` counts for every
    day). Today's meetings and payments leave the versions of earlier days as they were. One
    small read, once per read-only request and day (``core.memo``)."""
    return memoized(("data_version_on", day), lambda: _read_data_version_on(day))


def _read_data_version_on(day: date) -> str:
    days = ChangeDay.objects.order_by("-count").values_list("change_hash", flat=True)
    if days.first() != data_version():
        # the last change is not in the table (none yet, a database flushed by a test, or one
        # written by a process of the code before it during an upgrade, until the next change
        # records it for every day): the version of every change
        return data_version()
    return f"on:{days.filter(day__lte=day).first()}"


T = TypeVar("T")
UNTIL_WRITE_SECONDS = 600  # besides the data version: a cache shared by workers stays small
#: How long figures of a past day are kept (a change dated that day or before makes them
#: stale at once; without one they stay true).
PAST_DAY_SECONDS = 24 * 3600


def cached_until_write(key: str, compute: Callable[[], T], *, on: date | None = None) -> T:
    """``compute()``, kept in the cache under ``key`` until the next change of the data (the key
    holds ``data_version``). For figures derived from the data alone (the key must hold
    everything else they depend on: the organization, the date, the user, the filters …; any
    text: it is hashed, as every cache backend accepts). In a chain run (a bulk import) the
    version does not move until its end: computed, not kept (kept under the version before
    it, figures of a run rolled back would outlive it).

    ``on``: the figures are those at the end of that day, read from facts dated then or
    earlier only (the statistics, the dashboard's figures): kept until the next change that
    may change that day's figures (``data_version_on``), and a past day's for a day
    (``PAST_DAY_SECONDS``)."""
    if in_chain_run():
        return compute()
    versioned = _versioned(key, on)
    value: T | None = cache.get(versioned)
    if value is None:
        # one worker computes, the others asking meanwhile wait for its result: a whole tree's
        # first counting (seconds) was computed by every worker that asked
        with _one_at_a_time(versioned):
            value = cache.get(versioned)
            if value is None:
                value = compute()
                past = on is not None and on < today()
                cache.set(versioned, value, PAST_DAY_SECONDS if past else UNTIL_WRITE_SECONDS)
    return value


def kept_until_write(key: str, *, on: date | None = None) -> Any:
    """What ``cached_until_write(key, …, on=on)`` keeps now, without computing it: ``None``
    when nothing is kept under the current version (or in a chain run, which keeps
    nothing)."""
    if in_chain_run():
        return None
    return cache.get(_versioned(key, on))


def _versioned(key: str, on: date | None) -> str:
    version = data_version() if on is None else data_version_on(on)
    return hashlib.sha256(f"{key}:{version}".encode()).hexdigest()


def cached_for_reader(key: str, actor: Actor, compute: Callable[[], T]) -> T:
    """``cached_until_write`` for what one reader sees today, in the page's language: the key
    also holds the reader (their scope: grants change with the day as well as with a write),
    the active language (labels worded when computed) and today (what "today" selects moves
    without a write). ``key`` holds the rest (the organization, the date read …)."""
    return cached_until_write(f"{key}:{actor.pk}:{get_language()}:{today()}", compute)


#: How long a request waits for another worker's computation before computing itself.
FIRST_ASKER_WAIT_SECONDS = 60


@contextmanager
def _one_at_a_time(key: str) -> Iterator[None]:
    """The block run by one worker at a time for ``key``: a lease in the cache (an atomic
    ``add``, which every worker of the deployment shares, as it shares the values), the
    others polling until the value is in the cache, or computing themselves after
    ``FIRST_ASKER_WAIT_SECONDS`` (a killed worker's lease expires then). Nothing in the
    database: the computation's reads still go where the router sends them (the replica),
    and a connection pooler cannot strand a lock."""
    lease = f"{key}:computing"
    deadline = time.monotonic() + FIRST_ASKER_WAIT_SECONDS
    while not cache.add(lease, True, FIRST_ASKER_WAIT_SECONDS):
        if cache.get(key) is not None or time.monotonic() > deadline:
            yield  # the value is there (read again by the caller), or waited long enough
            return
        time.sleep(0.05)
    try:
        yield
    finally:
        cache.delete(lease)
