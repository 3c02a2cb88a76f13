"""Reads of the web import: a user's import jobs and the progress of a running one."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from dangvien.accounts.scoping import granted_paths
from dangvien.accounts.types import Actor
from dangvien.interchange.models import ImportJob
from dangvien.interchange.permissions import InterchangePermission

IMPORT_ACTION = InterchangePermission.IMPORT


def can_import(actor: Actor) -> bool:
    """Staff (on any organization) and system administrators may import bundles."""
    paths = granted_paths(actor, IMPORT_ACTION)
    return paths is None or bool(paths)


def require_import(actor: Actor) -> None:
    if not can_import(actor):
        raise PermissionDenied(IMPORT_ACTION)


def uploads_dir() -> Path:
    folder = Path(settings.DATA_DIR) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def progress_path(job: ImportJob) -> Path:
    """The file where a running import writes its progress (readable outside its transaction)."""
    return uploads_dir() / f"job-{job.pk}.progress.json"


def import_jobs_for(*, actor: Actor) -> QuerySet[ImportJob]:
    """The jobs the actor may see: their own; a system administrator sees every job."""
    require_import(actor)
    jobs = ImportJob.objects.all()
    if not actor.is_superuser:
        jobs = jobs.filter(created_by_id=actor.pk)
    return jobs


def import_job_get(*, actor: Actor, pk: int) -> ImportJob:
    job = import_jobs_for(actor=actor).filter(pk=pk).first()
    if job is None:
        raise Http404("import job")
    return job


def import_job_progress(job: ImportJob) -> dict[str, Any]:
    """``{"stage": …, "stages": {stage: count}, "fractions": {stage: share read}}``: live
    while the job runs, the final counts afterwards."""
    if job.is_active:
        try:
            data = json.loads(progress_path(job).read_text())
        except (OSError, ValueError):
            return {"stage": "", "stages": {}, "fractions": {}}
        return {
            "stage": data.get("stage", ""),
            "stages": data.get("stages", {}),
            "fractions": data.get("fractions", {}),
        }
    return {"stage": "", "stages": job.stages, "fractions": {}}
