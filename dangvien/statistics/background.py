"""A large subtree's first counting in the background, with its progress (issue 19).

A province's figures with the newer areas take about a minute to count the first time at
national size (docs/benchmarks.md), more than the server lets a request run
(``DANGVIEN_TIMEOUT``, 60 s): the reader got an error page, and the worker was killed in the
middle of the counting. The statistics page now asks ``figures_or_counting``:

* the figures kept for the organization and day (``kept_statistics``), when they are;
* for an organization of ``LARGE_KINDS`` standing that day without them, one task
  (``statistics.tasks.count_statistics_task``, the background worker) counts and keeps them,
  while the page says which part is being counted and asks again every few seconds
  (``counting_of``);
* for the others (a commune counts in milliseconds), a day on which the organization did not
  stand (the refusal, or its predecessors' combined figures) as before, in the request.

The state of a counting (``Counting``) lives in the cache next to the figures it keeps, which
every worker and the background worker share. Writes nothing to the database but the task.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from django.core.cache import cache
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from dangvien.audit.selectors import kept_until_write
from dangvien.core.exceptions import ValidationFailed
from dangvien.organizations.choices import LARGE_KINDS
from dangvien.organizations.models import Organization, OrganizationVersion
from dangvien.statistics.history import kept_statistics, statistics_at, statistics_key
from dangvien.statistics.sections import SECTION_3, statistics_sections

logger = logging.getLogger(__name__)

#: How long the state of a counting is kept after its last step: a counting queued while no
#: worker ran (or whose worker was killed) is queued again after it.
STATE_SECONDS = 20 * 60
#: The title of the first part (§3) while it is being counted.
SECTION_3_TITLE = pgettext_lazy("statistics part", "Party organizations and members")


@dataclass(frozen=True)
class Counting:
    """A counting queued or under way: when it was queued and started (``time.time()``), the
    part being counted (``step`` of ``steps``, ``part`` its key), or the error it ended with."""

    queued_at: float
    started_at: float | None = None
    part: str = ""
    step: int = 0
    steps: int = 0
    error: str = ""

    @property
    def title(self) -> str:
        """The part being counted, as the reader is told it."""
        if self.part == SECTION_3:
            return str(SECTION_3_TITLE)
        section = statistics_sections.get(self.part) if self.part else None
        return str(section.title or self.part) if section is not None else self.part

    def waited(self, now: float | None = None) -> int:
        """Whole seconds since it was queued."""
        return int((time.time() if now is None else now) - self.queued_at)


def _state_key(organization: Organization, on: date, combined: bool) -> str:
    return f"{statistics_key(organization, on, combined=combined)}:counting"


def counted_in_background(organization: Organization, on: date) -> bool:
    """Whether a first counting of ``organization`` at ``on`` goes to the background: it stood
    that day as one of ``LARGE_KINDS``."""
    kind = (
        OrganizationVersion.objects.at(on)
        .filter(organization=organization)
        .values_list("kind", flat=True)
        .first()
    )
    return kind in LARGE_KINDS


def counting_of(organization: Organization, on: date, *, combined: bool = False) -> Counting | None:
    """The counting of these figures queued or under way, or ended with an error; ``None``
    when there is none (the figures are kept, or nobody asked)."""
    state: Counting | None = cache.get(_state_key(organization, on, combined))
    return state


def figures_or_counting(
    organization: Organization, on: date, *, combined: bool = False
) -> dict[str, Any] | Counting:
    """The figures of ``statistics_at`` when they are kept or quick to count; else the counting
    in the background, queued here when none is (one task, whoever asks meanwhile). A counting
    that ended with an error is reported once as a ``ValidationFailed`` (the next asking
    queues it again). Raises the refusals of ``statistics_at``."""
    kept: dict[str, Any] | None = kept_until_write(
        statistics_key(organization, on, combined=combined), on=on
    )
    if kept is not None:
        return kept
    if not counted_in_background(organization, on):
        return statistics_at(organization, on, combined=combined)
    key = _state_key(organization, on, combined)
    state = counting_of(organization, on, combined=combined)
    if state is None:
        queued = Counting(queued_at=time.time())
        if not cache.add(key, queued, STATE_SECONDS):
            return counting_of(organization, on, combined=combined) or queued
        from dangvien.statistics.tasks import count_statistics_task

        count_statistics_task.enqueue(organization.pk, on.isoformat(), combined)
        # a backend that runs the task at once (the tests') has counted them already
        kept = kept_until_write(statistics_key(organization, on, combined=combined), on=on)
        if kept is not None:
            return kept
        state = counting_of(organization, on, combined=combined) or queued
    if state.error:
        cache.delete(key)
        raise ValidationFailed(
            _("The figures could not be counted: %(error)s. Open the page again to retry.")
            % {"error": state.error},
            code="counting_failed",
        )
    return state


def count_in_background(organization_id: int, on: date, combined: bool) -> None:
    """The task's work: ``kept_statistics`` with each part recorded in the counting's state as
    it starts; the state removed at the end, or left with the error (the page reports it)."""
    organization = Organization.objects.get(pk=organization_id)
    key = _state_key(organization, on, combined)
    state: Counting = cache.get(key) or Counting(queued_at=time.time())
    state = replace(state, started_at=time.time())
    cache.set(key, state, STATE_SECONDS)

    def progress(part: str, step: int, steps: int) -> None:
        cache.set(key, replace(state, part=part, step=step, steps=steps), STATE_SECONDS)

    try:
        kept_statistics(organization, on, combined=combined, progress=progress)
    except ValidationFailed as error:
        cache.set(key, replace(state, error=str(error.message)), STATE_SECONDS)
    except Exception as error:
        logger.exception("statistics of %s at %s: the counting failed", organization.code, on)
        cache.set(key, replace(state, error=type(error).__name__), STATE_SECONDS)
        raise
    else:
        cache.delete(key)
