"""Reads answered once per request: a page asks the same question many times (the rule in
force, an organization's chain of ancestors), each a query.

Only a request that changes nothing opens a memo (``http.memo.ReadRequestMemoMiddleware``,
GET and HEAD): its reads cannot see a change of its own, so a value read once stays true
for the rest of it. Outside such a request ``memoized`` computes every time.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

T = TypeVar("T")

_memo: ContextVar[dict[Hashable, Any] | None] = ContextVar("request_memo", default=None)


@contextmanager
def read_memo() -> Iterator[None]:
    """Within the block, ``memoized`` keeps what it computed (the block must not write)."""
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def in_read_memo() -> bool:
    return _memo.get() is not None


def memoized(key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, computed once per ``key`` inside ``read_memo``, every time outside."""
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    value: T = memo[key]
    return value
