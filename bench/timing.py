"""What the benchmarks share: a call timed warm, a checkout of the code set up in-process."""

from __future__ import annotations

import os
import statistics
import sys
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


def in_process_checkout(root: str) -> None:
    """Set Django up from the checkout ``root`` (another one, a ``git worktree`` of an older
    commit, for a before/after with the same virtual environment) with the production
    settings, for ``django.test.Client`` (plain HTTP); exit if ``dangvien`` came from elsewhere."""
    sys.path.insert(0, root)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ["DJANGO_SECURE_SSL_REDIRECT"] = "false"  # the test client speaks plain HTTP
    os.environ["DJANGO_SECURE_COOKIES"] = "false"
    import django

    django.setup()
    import dangvien

    if not str(dangvien.__file__).startswith(root):
        sys.exit(f"dangvien was imported from {dangvien.__file__}, not from {root}")
