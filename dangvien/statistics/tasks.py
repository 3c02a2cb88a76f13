"""Background tasks of the statistics (django-tasks; the worker is `dangvien db_worker`)."""

from __future__ import annotations

from datetime import date

from django_tasks import task

from dangvien.statistics.background import count_in_background


@task()
def count_statistics_task(organization_id: int, on: str, combined: bool) -> None:
    """``statistics.background.count_in_background``: a large subtree's first counting of a
    day (ISO date), kept for the statistics page that queued it."""
    count_in_background(organization_id, date.fromisoformat(on), combined)
