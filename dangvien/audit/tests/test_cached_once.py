"""``cached_until_write`` under concurrent requests: one worker computes, the others wait for
its result (a lease in the cache; a whole tree's first counting is seconds)."""

import threading
import time

import pytest
from django.core.cache import cache

from dangvien.audit import selectors
from dangvien.audit.selectors import cached_until_write
from dangvien.core.tests.concurrency import POSTGRES_RACES, race


@pytest.mark.django_db
def test_a_lease_never_released_delays_the_computation_by_the_wait_only(monkeypatch):
    """A worker killed while computing leaves its lease: the others compute after the wait."""
    cache.clear()
    monkeypatch.setattr(selectors, "FIRST_ASKER_WAIT_SECONDS", 0.2)
    monkeypatch.setattr(cache, "add", lambda *args, **kwargs: False)  # always another's
    started = time.monotonic()
    assert cached_until_write("stranded", lambda: 5) == 5
    assert 0.2 <= time.monotonic() - started < 5


@POSTGRES_RACES[0]
@POSTGRES_RACES[1]
def test_concurrent_requests_for_one_uncached_value_compute_it_once():
    cache.clear()
    calls: list[str] = []
    lock = threading.Lock()

    def compute() -> int:
        with lock:
            calls.append(threading.current_thread().name)
        time.sleep(0.5)  # a slow counting: the others arrive while it runs
        return 42

    # when: four requests at the same moment
    outcomes = race(*[lambda: cached_until_write("slow-figures", compute)] * 4)
    # then: every request has the value, counted once
    assert [o.value for o in outcomes] == [42] * 4, [o.error for o in outcomes]
    assert len(calls) == 1


@POSTGRES_RACES[0]
@POSTGRES_RACES[1]
def test_a_failed_computation_releases_the_others():
    cache.clear()

    def failing() -> int:
        raise RuntimeError("the counting failed")

    # when: the first fails
    outcomes = race(lambda: cached_until_write("failing", failing))
    # then: the lock is gone with its transaction; the next computes
    assert isinstance(outcomes[0].error, RuntimeError)
    [again] = race(lambda: cached_until_write("failing", lambda: 7))
    assert again.value == 7
