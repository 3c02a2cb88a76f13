"""Reads answered once per request or block of reads: a page asks the same question many
times (the rule in force, an organization's chain of ancestors), each a query.

Only a block that changes nothing opens a memo: a request (``http.memo.ReadRequestMemoMiddleware``,
GET and HEAD), or a block of reads under ``reads_kept``. Its reads cannot see a change of its
own, so a value read once stays true for the rest of it. Elsewhere ``memoized`` computes
every time.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

_memo: ContextVar[dict[Hashable, Any] | None] = ContextVar("request_memo", default=None)


@contextmanager
def read_memo() -> Iterator[None]:
    """Within the block, ``memoized`` keeps what it computed (the block must not write)."""
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


@contextmanager
def reads_kept() -> Iterator[None]:
    """A block of reads that asks the same questions several times (the sections of the
    statistics each place the subtree) keeps what it reads: inside an open memo (a read-only
    request's) it uses that one, elsewhere (a command, a background task, a service that
    writes after reading) it opens one for the block alone. The block must not write."""
    if in_read_memo():
        yield
        return
    with read_memo():
        yield


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


def memoized_each(
    kind: str, keys: Collection[K], compute: Callable[[list[K]], Mapping[K, V]]
) -> dict[K, V]:
    """The values of ``keys`` (a key ``compute`` does not return is left out), each computed
    once inside a memo: ``compute`` is asked only for the keys not read before in it, all at
    once. Outside a memo, ``compute(keys)`` every time."""
    memo = _memo.get()
    if memo is None:
        return dict(compute(list(keys)))
    missing = [key for key in keys if (_EACH, kind, key) not in memo]
    if missing:
        found = compute(missing)
        for key in missing:
            memo[(_EACH, kind, key)] = found.get(key, _ABSENT)
    values = {key: memo[(_EACH, kind, key)] for key in keys}
    return {key: value for key, value in values.items() if value is not _ABSENT}


def remember_each(kind: str, values: Mapping[K, V]) -> None:
    """Inside ``read_memo``, keep ``values`` (read alongside something else, e.g. the
    organizations joined to their states) for ``memoized_each`` of ``kind``; nothing outside."""
    memo = _memo.get()
    if memo is not None:
        for key, value in values.items():
            memo.setdefault((_EACH, kind, key), value)


_ABSENT = object()  # a key ``compute`` did not find, remembered as such
_EACH = object()  # the keys of ``memoized_each`` apart from those of ``memoized``
