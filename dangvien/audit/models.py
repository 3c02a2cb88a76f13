"""The generic, append-only audit log."""

from typing import Any, NoReturn

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from dangvien.accounts.permissions import Permission
from dangvien.accounts.types import Actor
from dangvien.audit.choices import AuditAction
from dangvien.audit.permissions import AuditPermission


class AppendOnlyError(RuntimeError):
    """Raised on any attempt to change or remove an audit row."""


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit rows cannot be updated")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("audit rows cannot be deleted")

    def for_actor(
        self, actor: Actor, action: Permission = AuditPermission.VIEW
    ) -> "AuditEventQuerySet":
        from dangvien.accounts.scoping import granted_paths

        paths = granted_paths(actor, action)
        if paths is None:
            return self
        # Through the organization's current access path, so rows follow an organization that
        # moves or merges; rows without one are matched by the path frozen when written.
        query = models.Q(pk__in=[])
        for path in paths:
            query |= models.Q(organization__path__startswith=path)
            query |= models.Q(organization__isnull=True, organization_path__startswith=path)
        return self.filter(query)


class AuditEvent(models.Model):
    """One write through a service: who, when, which request, which object, before and after.

    Rows are only ever inserted (by ``audit.services.record``); updates and deletes raise.
    ``organization_path`` is the access path of the organization the object belongs to and
    scopes who may read the row; rows without one (rules, users) are visible to administrators.
    """

    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(_("actor"), max_length=200, blank=True)
    request_id = models.CharField(_("request id"), max_length=32, blank=True, db_index=True)
    action = models.CharField(_("action"), max_length=16, choices=AuditAction.choices)
    object_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
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
        if not self._state.adding:
            raise AppendOnlyError("audit rows cannot be updated")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit rows cannot be deleted")
