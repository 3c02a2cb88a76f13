"""One import of an uploaded bundle through the web UI: preview, confirmation, progress, result."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dangvien.core.models import BaseModel


class ImportStatus(models.TextChoices):
    CHECKING = "checking", _("Checking the bundle")
    INVALID = "invalid", _("Invalid: nothing to import")
    PREVIEWED = "previewed", _("Checked, waiting for confirmation")
    QUEUED = "queued", _("Waiting for the worker")
    RUNNING = "running", _("Importing")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


ACTIVE_STATUSES = (ImportStatus.CHECKING, ImportStatus.QUEUED, ImportStatus.RUNNING)


class ImportJob(BaseModel):
    """An uploaded bundle and what became of it.

    The check (a dry run) and the import both run in the background. ``preview`` holds the
    counts of the dry run, ``problems`` every problem found
    (``file:row: column: message``), ``stages`` the last count of each stage of the real
    import and ``result`` its final counts. The file itself lies under ``DATA_DIR/uploads``.
    """

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_by_name = models.CharField(_("uploaded by (name)"), max_length=200, blank=True)
    original_name = models.CharField(_("file name"), max_length=255)
    stored_path = models.CharField(_("stored file"), max_length=500)
    status = models.CharField(
        _("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.PREVIEWED
    )
    record_deviations = models.BooleanField(
        _("record historic rows that deviate from a rule as given"), default=False
    )
    preview = models.JSONField(_("preview"), default=dict, blank=True)
    deviations = models.JSONField(_("deviations from the rules"), default=list, blank=True)
    problems = models.JSONField(_("problems"), default=list, blank=True)
    stages = models.JSONField(_("progress by stage"), default=dict, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    task_id = models.CharField(_("task id"), max_length=64, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")

    def __str__(self) -> str:
        return f"{self.original_name} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES
