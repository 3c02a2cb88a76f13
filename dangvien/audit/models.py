"""The generic, append-only audit log."""

from typing import Any, NoReturn

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dangvien.accounts.permissions import Permission
from dangvien.accounts.types import Actor
from dangvien.audit.chain import GENESIS, HASHED_COLUMNS, row_hash
from dangvien.audit.choices import AuditAction
from dangvien.audit.permissions import AuditPermission
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


def append_events(events: list[AuditEvent]) -> list[AuditEvent]:
    """Insert new audit rows at the end of the chain, in order, in the caller's transaction.

    Locks the chain head, so that concurrent writers chain their rows one after the other
    (on SQLite the IMMEDIATE transactions already run one at a time); three statements for
    any number of rows (a bulk import chains thousands in one ``bulk_create``)."""
    if not events:
        return events
    with transaction.atomic(savepoint=False):
        head = lock_chain_head()
        previous, now = head.last_hash, timezone.now()
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
        # the base manager is a plain one: its bulk_create inserts (ours chains, and is this)
        AuditEvent._base_manager.bulk_create(events, batch_size=2000)
        AuditChainHead.objects.filter(pk=HEAD_ID).update(
            count=F("count") + len(events),
            last_hash=previous,
            **({"last_change_hash": last_change} if last_change else {}),
        )
    if last_change:
        # told once committed (never for a change rolled back); a failing receiver does not
        # undo the committed change
        transaction.on_commit(_tell_data_changed, robust=True)
    return events


def _tell_data_changed() -> None:
    from dangvien.audit.signals import data_changed

    data_changed.send(sender=AuditEvent)
