"""``cached_until_write`` under concurrent requests: one worker computes, the others wait for
its result (PostgreSQL: an advisory lock; a whole tree's first counting is seconds)."""

import threading
import time

from django.core.cache import cache

from dangvien.audit.selectors import cached_until_write
from dangvien.core.tests.concurrency import POSTGRES_RACES, race

pytestmark = POSTGRES_RACES


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
