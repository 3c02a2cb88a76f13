"""What the benchmarks share: a call timed warm."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def timed(call: Callable[[], T], runs: int) -> tuple[float, T]:
    """One untimed call, then the median seconds of ``runs`` calls, and the last value."""
    value = call()
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        value = call()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings), value
