"""Background tasks of the web layer (django-tasks; the worker is `dangvien db_worker`)."""

from __future__ import annotations

from django.core.cache import cache
from django_tasks import task

from dangvien.web.ahead import QUEUED, count_ahead


@task()
def count_ahead_task() -> dict[str, int]:
    """``web.ahead.count_ahead``; a change made from now on queues the next one."""
    cache.delete(QUEUED)
    counted = count_ahead()
    return {"readers": counted.readers, "organizations": counted.organizations}
