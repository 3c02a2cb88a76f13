"""Web import of a bundle: store the upload, check it (dry run), then import it in the background.

``import_bundle`` does the work and writes its own audit row; these services only keep the
``ImportJob`` bookkeeping (what was uploaded, the preview, the progress, the result).
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _

from dangvien.accounts.types import Actor
from dangvien.audit.services import recorded_by
from dangvien.core.exceptions import ValidationFailed
from dangvien.interchange.importer import ImportFailed, import_bundle
from dangvien.interchange.models import ImportJob, ImportStatus
from dangvien.interchange.problems import Problem
from dangvien.interchange.sections import Deviation
from dangvien.interchange.selectors import (
    IMPORT_ACTION,
    can_import,
    progress_path,
    require_import,
    uploads_dir,
)

logger = logging.getLogger(__name__)

UPLOAD_SUFFIXES = (".zip", ".xlsx")


def _problem_rows(
    problems: list[Problem], stored: Path, original_name: str
) -> list[dict[str, Any]]:
    rows = []
    for problem in problems:
        file = original_name if problem.file == str(stored) else problem.file
        rows.append(
            {
                "file": file,
                "line": problem.line,
                "column": problem.column,
                "message": problem.message.replace(str(stored), original_name),
            }
        )
    return rows


def _deviation_rows(deviations: list[Deviation]) -> list[dict[str, Any]]:
    return [
        {
            "file": d.file,
            "line": d.line,
            "column": d.column,
            "rule_key": d.rule_key,
            "message": d.message,
            "member_key": d.member_key,
            "organization_code": d.organization_code,
        }
        for d in deviations
    ]


def import_job_upload(
    *, actor: Actor, upload: UploadedFile, record_deviations: bool = False
) -> ImportJob:
    """Store an uploaded bundle (.zip or .xlsx) and queue its check (a dry run, in the background).

    The job is ``checking`` until the check ends ``previewed`` (with the counts that would be
    created) or ``invalid`` (with every problem). Nothing but the job is written.
    """
    require_import(actor)
    name = Path(upload.name or "").name
    suffix = Path(name).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        raise ValidationFailed(
            _("Upload a .zip of the bundle folder or an .xlsx workbook."),
            code="bad_upload",
            field="file",
        )
    limit = settings.IMPORT_UPLOAD_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise ValidationFailed(
            _("The file is larger than %(mb)s MB.") % {"mb": limit // (1024 * 1024)},
            code="upload_too_large",
            field="file",
        )
    stored = uploads_dir() / f"{uuid.uuid4().hex}{suffix}"
    with stored.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    job = ImportJob.objects.create(
        created_by=recorded_by(actor)[0],
        created_by_name=str(actor)[:200],
        original_name=name[:255],
        stored_path=str(stored),
        status=ImportStatus.CHECKING,
        record_deviations=record_deviations,
    )
    from dangvien.interchange.tasks import check_import_job

    result = check_import_job.enqueue(job.pk)
    ImportJob.objects.filter(pk=job.pk).update(task_id=str(result.id))
    job.refresh_from_db()
    return job


def import_job_check(*, job_id: int) -> ImportJob:
    """Check a job's bundle with a dry run (called by the background task): ``previewed`` with
    the counts that would be created, or ``invalid`` with every problem."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if job.status != ImportStatus.CHECKING:
        return job
    progress = _Progress(progress_path(job))
    try:
        if job.created_by is None or not can_import(job.created_by):
            raise PermissionDenied(IMPORT_ACTION)
        preview = import_bundle(
            job.stored_path,
            actor=job.created_by,
            dry_run=True,
            progress=progress,
            record_deviations=job.record_deviations,
        )
    except ImportFailed as failure:
        job.status = ImportStatus.INVALID
        job.problems = _problem_rows(failure.problems, Path(job.stored_path), job.original_name)
    except Exception as error:
        logger.exception("import check %s failed", job.pk)
        job.status = ImportStatus.FAILED
        job.error = f"{type(error).__name__}: {error}"
    else:
        job.status = ImportStatus.PREVIEWED
        job.preview = preview.as_dict()
        job.deviations = _deviation_rows(preview.deviations)
    job.save()
    progress_path(job).unlink(missing_ok=True)
    return job


def import_job_confirm(*, actor: Actor, job: ImportJob) -> ImportJob:
    """Queue the real import of a previewed bundle (a background task); no-op once queued."""
    require_import(actor)
    if job.status != ImportStatus.PREVIEWED:
        if job.status == ImportStatus.INVALID:
            raise ValidationFailed(
                _("This bundle has problems; correct them and upload it again."),
                code="import_invalid",
            )
        return job
    from dangvien.interchange.tasks import run_import_job

    job.status = ImportStatus.QUEUED
    job.save(update_fields=["status", "updated_at"])
    result = run_import_job.enqueue(job.pk)
    ImportJob.objects.filter(pk=job.pk).update(task_id=str(result.id))
    job.refresh_from_db()
    return job


class _Progress:
    """Writes the stage counts to a small JSON file at most twice a second."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.stages: dict[str, int] = {}
        self.fractions: dict[str, float] = {}
        self.written = 0.0
        self.stage = ""

    def __call__(self, stage: str, count: int, fraction: float | None = None) -> None:
        self.stages[stage] = count
        if fraction is not None:
            self.fractions[stage] = round(fraction, 3)
        now = time.monotonic()
        if stage != self.stage or now - self.written >= 0.5:
            self.stage = stage
            self.written = now
            self.write()

    def write(self) -> None:
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(
            json.dumps({"stage": self.stage, "stages": self.stages, "fractions": self.fractions})
        )
        temporary.replace(self.path)


def import_job_run(*, job_id: int) -> ImportJob:
    """Run the import of a queued job (called by the background task)."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if job.status != ImportStatus.QUEUED:
        return job
    job.status = ImportStatus.RUNNING
    job.started_at = timezone.now()
    job.save(update_fields=["status", "started_at", "updated_at"])
    progress = _Progress(progress_path(job))
    try:
        if job.created_by is None or not can_import(job.created_by):
            raise PermissionDenied(IMPORT_ACTION)
        result = import_bundle(
            job.stored_path,
            actor=job.created_by,
            progress=progress,
            record_deviations=job.record_deviations,
        )
    except ImportFailed as failure:
        job.status = ImportStatus.FAILED
        job.problems = _problem_rows(failure.problems, Path(job.stored_path), job.original_name)
    except Exception as error:
        logger.exception("import job %s failed", job.pk)
        job.status = ImportStatus.FAILED
        job.error = f"{type(error).__name__}: {error}"
    else:
        job.status = ImportStatus.DONE
        job.result = result.as_dict()
        job.deviations = _deviation_rows(result.deviations)
    job.stages = progress.stages
    job.finished_at = timezone.now()
    job.save()
    progress_path(job).unlink(missing_ok=True)
    return job
