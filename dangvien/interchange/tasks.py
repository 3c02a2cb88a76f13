"""Background tasks (django-tasks): the database backend's worker is `dangvien db_worker`."""

from __future__ import annotations

from django_tasks import task

from dangvien.interchange import services


@task()
def check_import_job(job_id: int) -> str:
    """Check the bundle of an uploaded ``ImportJob`` (a dry run); returns its status."""
    return str(services.import_job_check(job_id=job_id).status)


@task()
def run_import_job(job_id: int) -> str:
    """Import the bundle of a confirmed ``ImportJob``; returns the job's final status."""
    return str(services.import_job_run(job_id=job_id).status)
