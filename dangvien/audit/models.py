"""The generic, append-only audit log."""

import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from typing import Any, NoReturn

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dangvien.accounts.permissions import Permission
from dangvien.accounts.types import Actor
from dangvien.audit.chain import GENESIS, HASHED_COLUMNS, row_hash
from dangvien.audit.choices import AuditAction
from dangvien.audit.permissions import AuditPermission
from dangvien.core.copying import copy_rows
from dangvien.core.models import ChoiceLabels


class AppendOnlyError(RuntimeError):
    """Raised on any attempt to change or remove an audit row."""


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit rows cannot be updated")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("audit rows cannot be deleted")

    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> Any:
        """Rows are appended to the chain (``append_events``), never inserted around it."""
        return append_events(list(objs))

    def bulk_update(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit rows cannot be updated")

    def for_actor(
        self, actor: Actor, action: Permission = AuditPermission.VIEW
    ) -> "AuditEventQuerySet":
        return self.filter(audit_scope_q(actor, action))


def audit_scope_q(actor: Actor, action: Permission) -> models.Q:
    """The audit rows of the organizations where ``actor`` may do ``action`` (every row for an
    administrator). Through the organization's current access path, so rows follow an
    organization that moves or merges; rows without one are matched by the path frozen when
    written."""
    from dangvien.accounts.scoping import granted_paths

    paths = granted_paths(actor, action)
    if paths is None:
        return models.Q()
    query = models.Q(pk__in=[])
    for path in paths:
        query |= models.Q(organization__path__startswith=path)
        query |= models.Q(organization__isnull=True, organization_path__startswith=path)
    return query


class AuditEvent(ChoiceLabels, models.Model):
    """One write through a service: who, when, which request, which object, before and after.

    Rows are only ever appended (by ``audit.services.record`` and ``record_many``), each
    chained to the one before by ``previous_hash`` and ``row_hash`` (``audit.chain``); updates
    and deletes raise here, and a trigger refuses them on PostgreSQL. ``organization_path`` is
    the access path of the organization the object belongs to and scopes who may read the row;
    rows without one (rules, users) are visible to administrators. ``actor`` keeps the id of a
    user who is later removed (no constraint, nothing written to the row) and ``actor_name``
    their name.
    """

    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_name = models.CharField(_("actor"), max_length=200, blank=True)
    request_id = models.CharField(_("request id"), max_length=32, blank=True, db_index=True)
    action = models.CharField(_("action"), max_length=16, choices=AuditAction.choices)
    object_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    object_id = models.CharField(pgettext_lazy("field", "object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=300, blank=True)
    organization_path = models.CharField(max_length=255, blank=True, db_index=True)
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
    )
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    message = models.CharField(_("message"), max_length=500, blank=True)
    previous_hash = models.CharField(max_length=64, blank=True, editable=False)
    row_hash = models.CharField(max_length=64, blank=True, editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-recorded_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return (
            f"{self.recorded_at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"
        )

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Append this new row to the chain; a row read from the database, or one given the
        id of an existing row (``AuditEvent(pk=…).save()`` would overwrite it), is refused."""
        if not self._state.adding or self.pk is not None:
            raise AppendOnlyError("audit rows cannot be updated")
        append_events([self])

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit rows cannot be deleted")


class AuditChainHead(models.Model):
    """The end of the audit chain: how many rows it holds and the hash of the last one.

    One row (id 1). Writers lock it (``select_for_update``) for the rest of their transaction,
    so the rows of concurrent transactions are chained one after the other; ``audit_verify``
    compares it with the last row, which catches rows removed at the end of the log.
    """

    count = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS)
    # the hash of the last row that records a change of the data (not a read, an export or a
    # log-in): what caches of derived figures key on (``audit.selectors.data_version``)
    last_change_hash = models.CharField(max_length=64, default=GENESIS)

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self) -> str:
        return f"{self.count} {self.last_hash}"


class ChangeDay(models.Model):
    """The last change of the data whose effects begin on ``day``: a change appended with
    ``affects_from=day`` (a meeting held that day, a fee payment for that month) changes no
    figure of an earlier day. Any other change is recorded under ``ANY_DAY``: it may change
    the figures of every day.

    One row per day ever given (a few hundred a year). ``count`` is the chain's row count after
    the change (the order of the changes: the chain head is locked while it is written);
    ``audit.selectors.data_version_on(D)`` is the hash of the last change of the days up to D,
    what caches of figures at D key on, so that today's meetings and payments do not make the
    kept figures of an earlier day stale.
    """

    day = models.DateField(unique=True)
    count = models.BigIntegerField()
    change_hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("change by effective day")
        # the newest change, and the newest up to a day: read at every change and by every
        # request that keeps figures of a day (one row per day: thousands after a decade)
        indexes = [models.Index(fields=["count"], name="change_day_count_idx")]

    def __str__(self) -> str:
        return f"{self.day} {self.count}"


#: The day of a change whose effects on the figures may begin on any day.
ANY_DAY = date.min


def _date_change(head: AuditChainHead, count: int, change_hash: str, day: date | None) -> None:
    """Record the change (the chain's ``count`` after it, its hash) under its first day, the
    chain head being locked (``head`` as read before the change). A change the table missed
    (the head's last change is not its newest: written by a process of the code before it, in
    a rolling upgrade) is recorded first, for every day."""
    newest = ChangeDay.objects.order_by("-count").values_list("change_hash", flat=True).first()
    if newest != head.last_change_hash:
        _set_day(ANY_DAY, head.count, head.last_change_hash)
    _set_day(ANY_DAY if day is None else day, count, change_hash)


def _set_day(day: date, count: int, change_hash: str) -> None:
    if not ChangeDay.objects.filter(day=day).update(count=count, change_hash=change_hash):
        ChangeDay.objects.create(day=day, count=count, change_hash=change_hash)


HEAD_ID = 1
# the actions that record a change of the data (reads, exports and log-ins change nothing)
CHANGING_ACTIONS = frozenset({AuditAction.CREATE, AuditAction.UPDATE, AuditAction.DELETE})


def lock_chain_head() -> AuditChainHead:
    """The chain head, locked until the caller's transaction ends (made when missing: a new
    database, or a test database flushed; then it continues from the last row)."""
    head = AuditChainHead.objects.select_for_update().filter(pk=HEAD_ID).first()
    if head is None:
        last = AuditEvent.objects.order_by("-id").values_list("row_hash", flat=True).first()
        AuditChainHead.objects.bulk_create(
            [
                AuditChainHead(
                    pk=HEAD_ID, count=AuditEvent.objects.count(), last_hash=last or GENESIS
                )
            ],
            ignore_conflicts=True,
        )
        head = AuditChainHead.objects.select_for_update().get(pk=HEAD_ID)
    return head


@dataclass
class _Run:
    """A chain run (``chain_run``): the last row before its first append and the head's hash
    then (``None`` until it appends)."""

    after_id: int | None = None
    head_hash: str = ""


_RUN: ContextVar[_Run | None] = ContextVar("audit_chain_run", default=None)


def in_chain_run() -> bool:
    """Whether this thread's appends are chained in a run (``chain_run``): the chain head, and
    with it the data version, is written only at its end."""
    return _RUN.get() is not None


@contextmanager
def chain_run() -> Iterator[None]:
    """A long transaction's appends (a bulk import: the services' rows one by one) chained after
    the last row written, the chain head written once, at the end.

    Updating the head at every append left PostgreSQL one version of its row per append,
    which every later read of the row walks until the transaction ends (and, past 64
    savepoints, looks each one up): 8 000 appends took 95 s, the last ones 19 ms each. In a
    run each append locks the head (a lock writes no version) and chains after the last row
    written since the run's first append; the rows of a savepoint rolled back are not there
    to chain after. A run that appends nothing locks nothing (a dry run, a re-import with
    nothing new). While the run lasts the data version does not move, so nothing is kept in
    the cache then (``audit.selectors.cached_until_write``). Nested runs are one run."""
    if _RUN.get() is not None:
        yield
        return
    with transaction.atomic(savepoint=False):
        run = _Run()
        token = _RUN.set(run)
        try:
            yield
        finally:
            _RUN.reset(token)
        _end_run(run)


def _run_previous(run: _Run) -> str:
    """Lock the head and give the hash to chain a run's next row after.

    The head is not written during the run, so its hash changes only if another transaction
    appended: that can happen only while this one held no lock — before its first append, or
    after the savepoints of all its rows (and so of its locks) were rolled back — and then
    the run starts again after that writer's last row."""
    head = lock_chain_head()
    if run.after_id is None or run.head_hash != head.last_hash:
        last_id = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()
        run.after_id, run.head_hash = last_id or 0, head.last_hash
    return _last_hash(run.after_id) or run.head_hash


def _last_hash(after_id: int, *, changes: bool = False) -> str | None:
    """The hash of the last row after ``after_id`` (of a change of the data, with
    ``changes``); ``None`` when there is none."""
    rows = AuditEvent.objects.filter(pk__gt=after_id)
    if changes:
        rows = rows.filter(action__in=CHANGING_ACTIONS)
    return rows.order_by("-id").values_list("row_hash", flat=True).first()


def _end_run(run: _Run) -> None:
    """Write the chain head once: the rows the run added (those of savepoints rolled back are
    gone), the last one's hash and the last change's. Rows added means the head is locked."""
    if run.after_id is None:
        return
    count = AuditEvent.objects.filter(pk__gt=run.after_id).count()
    if not count:
        return
    last, last_change = _last_hash(run.after_id), _last_hash(run.after_id, changes=True)
    head = AuditChainHead.objects.get(pk=HEAD_ID)
    AuditChainHead.objects.filter(pk=HEAD_ID).update(
        count=F("count") + count,
        last_hash=last,
        **({"last_change_hash": last_change} if last_change else {}),
    )
    if last_change:
        # a run (a bulk import) may change anything: the figures of every day
        _date_change(head, head.count + count, last_change, ANY_DAY)
        transaction.on_commit(_tell_data_changed, robust=True)


def _chained(events: list[AuditEvent], previous: str) -> str | None:
    """Give ``events`` their hashes after ``previous``; the hash of the last change among
    them (``None``: none changes the data)."""
    now = timezone.now()
    last_change = None
    for event in events:
        if event.pk is not None:
            raise AppendOnlyError("audit rows cannot be updated")
        if event.recorded_at is None:
            event.recorded_at = now
        event.previous_hash = previous
        event.row_hash = previous = row_hash(
            previous, {column: getattr(event, column) for column in HASHED_COLUMNS}
        )
        if event.action in CHANGING_ACTIONS:
            last_change = previous
    return last_change


# What a copy writes: every column but the id (the sequence gives it in the rows' order).
_COPIED = [field for field in AuditEvent._meta.concrete_fields if not field.primary_key]
_COPIED_NAMES = [field.attname for field in _COPIED]
# The JSON columns (before, after): a copy sends their text; the others go as they are, with
# no field's conversion: they must already be what the database takes (plain text, ids, an
# aware time: what ``audit_fields`` and ``record_many`` give).
_COPIED_JSON = [k for k, field in enumerate(_COPIED) if isinstance(field, models.JSONField)]
# From this many rows a copy (PostgreSQL) is faster than an insert of the rows as values.
COPY_FROM = 200


def _insert(events: list[AuditEvent], *, copy: bool) -> None:
    """Insert chained rows in order: with ``copy`` and ``COPY_FROM`` of them or more, on
    PostgreSQL, by ``COPY`` (12 000 rows of founded organizations: 0.4 s against 1.1 s for
    ``bulk_create``; those rows get no ``pk``)."""
    if copy and len(events) >= COPY_FROM and connection.vendor == "postgresql":
        copy_rows(
            AuditEvent._meta.db_table,
            [field.column for field in _COPIED],
            (_copied_values(event) for event in events),
        )
        return
    # the base manager is a plain one: its bulk_create inserts (ours chains, and is this)
    AuditEvent._base_manager.bulk_create(events, batch_size=2000)


def _copied_values(event: AuditEvent) -> list[Any]:
    """The row's values as a copy takes them: as they are (no field's ``get_db_prep_save``, which
    took 4.7 s for the 340 000 audit rows of the national bundle's organizations; see
    ``_COPIED_JSON``), the JSON of before and after as its text (``None``: SQL null, as the
    nullable field stores it)."""
    values = [getattr(event, name) for name in _COPIED_NAMES]
    for k in _COPIED_JSON:
        if values[k] is not None:
            values[k] = json.dumps(values[k])
    return values


def append_events(
    events: list[AuditEvent], *, copy: bool = False, affects_from: date | None = None
) -> list[AuditEvent]:
    """Insert new audit rows at the end of the chain, in order, in the caller's transaction.

    Locks the chain head, so that concurrent writers chain their rows one after the other
    (on SQLite the IMMEDIATE transactions already run one at a time); three statements for
    any number of rows (a bulk import chains thousands in one ``bulk_create``, or with
    ``copy`` and ``COPY_FROM`` rows or more on PostgreSQL in one ``COPY``: those rows are not
    given their ids). In a chain run
    (``chain_run``) the head is locked, not written: the last row's hash read instead.

    ``affects_from``: the changes among ``events`` change no figure of a day before it (facts
    dated that day or later: ``ChangeDay``); without it they may change any day's."""
    if not events:
        return events
    run = _RUN.get()
    if run is not None:
        _chained(events, _run_previous(run))
        _insert(events, copy=copy)
        return events
    with transaction.atomic(savepoint=False):
        head = lock_chain_head()
        last_change = _chained(events, head.last_hash)
        previous = events[-1].row_hash
        _insert(events, copy=copy)
        AuditChainHead.objects.filter(pk=HEAD_ID).update(
            count=F("count") + len(events),
            last_hash=previous,
            **({"last_change_hash": last_change} if last_change else {}),
        )
        if last_change:
            _date_change(head, head.count + len(events), last_change, affects_from)
    if last_change:
        # told once committed (never for a change rolled back); a failing receiver does not
        # undo the committed change
        transaction.on_commit(_tell_data_changed, robust=True)
    return events


def _tell_data_changed() -> None:
    from dangvien.audit.signals import data_changed

    data_changed.send(sender=AuditEvent)
