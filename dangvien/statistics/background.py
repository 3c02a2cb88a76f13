"""A large subtree's first counting in the background, with its progress (issue 19).

A province's figures with the newer areas take about a minute to count the first time at
national size (docs/benchmarks.md), its dashboard's two: more than the server lets a request
run (``DANGVIEN_TIMEOUT``, 60 s). The reader got an error page, and the web worker was killed
in the middle of the counting. The pages whose figures take that long register them here
(``countables``: the statistics page's, the dashboard's) and ask ``queued_or_kept`` first:

* ``None`` when the figures are kept, or quick to count (an organization not of
  ``LARGE_KINDS``, one with fewer than ``settings.BACKGROUND_ORGANIZATIONS`` organizations in
  its subtree that day, or a day on which it did not stand: the refusal, or its predecessors'
  combined figures): the page reads or counts them as before;
* else the ``Counting``: one task (``statistics.tasks.count_in_background_task``, the
  background worker) counts and keeps them, whoever asks meanwhile, while the page says which
  part is being counted and asks again every few seconds (``counting_of``).

The state of a counting lives in the cache next to the figures it keeps, which every web worker
and the background worker share. Writes nothing to the database but the task.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from dangvien.audit.selectors import kept_until_write
from dangvien.core.exceptions import ValidationFailed
from dangvien.core.registry import Registry
from dangvien.http.replica import reporting
from dangvien.organizations.choices import LARGE_KINDS
from dangvien.organizations.models import Organization
from dangvien.organizations.selectors import organization_state, subtree_holds_at_least
from dangvien.statistics.sections import Progress

logger = logging.getLogger(__name__)

#: How long the state of a counting is kept after its last step: a counting queued while no
#: worker ran (or whose worker was killed) is queued again after it.
STATE_SECONDS = 20 * 60


@dataclass(frozen=True)
class Countable:
    """Figures of a page that a large subtree may take minutes to count the first time:
    ``key(organization, on, combined)`` is the key they are kept under (``cached_until_write``
    by day), ``count(organization, on, combined, progress)`` counts and keeps them, telling
    ``progress`` each part; ``page`` the URL name of the page that shows them (its waiting
    block asks it again)."""

    key: Callable[[Organization, date, bool], str]
    count: Callable[[Organization, date, bool, Progress], Any]
    page: str


countables: Registry[Countable] = Registry("counted in the background")


@dataclass(frozen=True)
class Counting:
    """A counting queued or under way: when it was queued and started (``time.time()``), the
    part being counted (``step`` of ``steps``; ``part`` its key, ``title`` its words, a lazy
    translation read in the reader's language), or the error it ended with."""

    queued_at: float
    started_at: float | None = None
    part: str = ""
    title: str | Promise = ""
    step: int = 0
    steps: int = 0
    error: str = ""

    def waited(self, now: float | None = None) -> int:
        """Whole seconds since it was queued."""
        return int((time.time() if now is None else now) - self.queued_at)


@dataclass(frozen=True)
class Counted:
    """What a counting in the background counted (``count``'s value) and when it ended: shown
    once when the data changed while it counted (kept under the version it read, the
    figures are not those of the data now; counting again might never end under steady
    changes)."""

    value: Any
    counted_at: float


def _state_key(name: str, organization: Organization, on: date, combined: bool) -> str:
    return f"{countables[name].key(organization, on, combined)}:counting"


def counted_in_background(organization: Organization, on: date) -> bool:
    """Whether a first counting of ``organization`` at ``on`` goes to the background: it stood
    that day as one of ``LARGE_KINDS`` with ``settings.BACKGROUND_ORGANIZATIONS``
    organizations or more in its subtree (a smaller one counts in the request in less than
    the page's poll would wait), and the worker shares the cache with the web processes (not
    a dummy cache; a process's own memory only where tasks run in it)."""
    if not _cache_shared_with_worker():
        return False
    state = organization_state(organization, on=on)
    return (
        state is not None
        and state.kind in LARGE_KINDS
        and subtree_holds_at_least(state, on, settings.BACKGROUND_ORGANIZATIONS)
    )


def _cache_shared_with_worker() -> bool:
    backend = settings.CACHES["default"]["BACKEND"]
    if backend.endswith("DummyCache"):
        return False
    if backend.endswith("LocMemCache"):
        return settings.TASKS["default"]["BACKEND"].endswith(("ImmediateBackend", "DummyBackend"))
    return True


def counting_of(
    name: str, organization: Organization, on: date, *, combined: bool = False
) -> Counting | None:
    """The counting of ``name``'s figures queued or under way, or ended with an error; ``None``
    when there is none (the figures are kept, or nobody asked)."""
    state: Counting | None = cache.get(_state_key(name, organization, on, combined))
    return state


def queued_or_kept(
    name: str, organization: Organization, on: date, *, combined: bool = False
) -> Counting | Counted | None:
    """``None`` when ``name``'s figures are kept or quick to count (the caller reads or counts
    them); ``Counted`` once, when a counting ended but the data changed meanwhile (its
    figures, of the data it read); else their counting in the background, queued here when
    none is (one task, whoever asks meanwhile). A counting that ended with an error is
    reported once as a ``ValidationFailed`` (the next asking queues it again)."""
    # the organization's kind first: most pages (a commune's) read nothing more here
    if not counted_in_background(organization, on):
        return None
    kept_key = countables[name].key(organization, on, combined)
    if kept_until_write(kept_key, on=on) is not None:
        return None
    key = _state_key(name, organization, on, combined)
    counted = _take_counted(key)
    if counted is not None:
        return counted
    state = counting_of(name, organization, on, combined=combined)
    if state is None:
        queued = Counting(queued_at=time.time())
        if not cache.add(key, queued, STATE_SECONDS):
            return counting_of(name, organization, on, combined=combined) or queued
        from dangvien.statistics.tasks import count_in_background_task

        count_in_background_task.enqueue(name, organization.pk, on.isoformat(), combined)
        # a backend that runs the task at once (the tests') has counted them already
        if kept_until_write(kept_key, on=on) is not None:
            return None
        counted = _take_counted(key)
        if counted is not None:
            return counted
        state = counting_of(name, organization, on, combined=combined) or queued
    if state.error:
        cache.delete(key)
        raise ValidationFailed(
            _("The figures could not be counted: %(error)s. Open the page again to retry.")
            % {"error": state.error},
            code="counting_failed",
        )
    return state


def _take_counted(key: str) -> Counted | None:
    """What a counting that ended counted, once (removed as it is read)."""
    counted: Counted | None = cache.get(f"{key}:result")
    if counted is not None:
        cache.delete(f"{key}:result")
    return counted


def count_in_background(name: str, organization_id: int, on: date, combined: bool) -> None:
    """The task's work: ``name``'s ``count`` (its reads sent to the replica, if there is one),
    each part recorded in the counting's state as it starts; at the end the state removed and
    what it counted left beside it (``Counted``: shown once if the data changed meanwhile),
    or the state left with the error (the page reports it)."""
    organization = Organization.objects.get(pk=organization_id)
    key = _state_key(name, organization, on, combined)
    state: Counting = cache.get(key) or Counting(queued_at=time.time())
    state = replace(state, started_at=time.time())
    cache.set(key, state, STATE_SECONDS)

    def progress(part: str, title: str | Promise, step: int, steps: int) -> None:
        cache.set(
            key, replace(state, part=part, title=title, step=step, steps=steps), STATE_SECONDS
        )

    try:
        with reporting():
            value = countables[name].count(organization, on, combined, progress)
    except ValidationFailed as error:
        cache.set(key, replace(state, error=str(error.message)), STATE_SECONDS)
    except Exception as error:
        logger.exception("%s of %s at %s: the counting failed", name, organization.code, on)
        cache.set(key, replace(state, error=type(error).__name__), STATE_SECONDS)
        raise
    else:
        cache.set(f"{key}:result", Counted(value, time.time()), STATE_SECONDS)
        cache.delete(key)
