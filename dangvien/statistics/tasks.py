"""Background tasks of the statistics (django-tasks; the worker is `dangvien db_worker`)."""

from __future__ import annotations

from datetime import date

from django_tasks import task

from dangvien.statistics.background import count_in_background


# a reader waits for it: its own queue and worker (settings.TASKS), never behind the counting
# ahead, which may take minutes at national size
@task(queue_name="pages")
def count_in_background_task(name: str, organization_id: int, on: str, combined: bool) -> None:
    """``statistics.background.count_in_background``: the first counting of a large subtree's
    figures of a page (``name``, as registered in ``countables``) for a day (ISO date), kept
    for the page that queued it."""
    count_in_background(name, organization_id, date.fromisoformat(on), combined)
