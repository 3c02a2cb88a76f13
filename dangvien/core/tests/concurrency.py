"""Races for the concurrency suites: run callables at the same moment in threads, each thread
with its own database connection (PostgreSQL only: SQLite serializes writers with IMMEDIATE
transactions, and its in-memory test database is not shared between connections)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection, connections

# The marks of a concurrency test module: committed transactions (each thread sees what the
# others commit), the rulebook of the data migrations restored after the flush, PostgreSQL only.
POSTGRES_RACES = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="races need row locks and several connections (PostgreSQL)",
    ),
]


@dataclass
class Outcome:
    value: Any = None
    error: BaseException | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def race(*calls: Callable[[], Any], timeout: float = 60) -> list[Outcome]:
    """Run ``calls`` in parallel threads released together by a barrier; their outcomes in
    order (the value returned or the exception raised)."""
    barrier = threading.Barrier(len(calls))
    outcomes = [Outcome() for _ in calls]

    def run(index: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout)
            outcomes[index].value = call()
        except BaseException as error:
            outcomes[index].error = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    assert not any(t.is_alive() for t in threads), "a racing thread did not finish"
    return outcomes
