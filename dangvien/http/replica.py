"""Read replicas for the reporting work (docs/deployment.md).

With ``DATABASE_REPLICA_URL`` set, the settings add a database ``replica``. The reads of the
views named in ``settings.DATABASE_REPLICA_VIEWS`` (statistics, dashboards, documents,
exports: GET and HEAD only) go to it; every other read and every write goes to the primary.
A user's own writes stay visible to them:

* a request that writes (any method other than GET, HEAD, OPTIONS, answered below 400) sets a
  cookie that sends all that user's reads to the primary for
  ``DATABASE_REPLICA_PIN_SECONDS`` (the replica's lag is far shorter); a client without
  cookies (the API with a token) asks for the same with the header ``X-Read-Primary: 1``;
* inside a request, once anything has been written, or inside a transaction, the reads go to
  the primary as well (a document that records its export, then reads).

Without a replica nothing of this runs: the router answers "default".
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
PIN_COOKIE = "dangvien_primary"
PRIMARY_HEADER = "HTTP_X_READ_PRIMARY"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass
class _Reads:
    """Where the reads of the current request (or ``reporting()`` block) may go."""

    replica: bool = False
    wrote: bool = False


_reads: ContextVar[_Reads | None] = ContextVar("dangvien_reads", default=None)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@contextmanager
def reporting() -> Iterator[None]:
    """Reads inside the block go to the replica (if there is one): for read-only reporting
    work outside a request (a command building documents)."""
    token = _reads.set(_Reads(replica=True))
    try:
        yield
    finally:
        _reads.reset(token)


def _in_transaction() -> bool:
    """A transaction of the code is open on the primary (its reads must see its writes).
    The transaction a test case wraps around each test is not one (Django marks it)."""
    return any(
        not getattr(block, "_from_testcase", False)
        for block in connections[DEFAULT_DB_ALIAS].atomic_blocks
    )


class ReplicaRouter:
    """Reads of the reporting work to ``replica``, everything else to the primary."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str:
        reads = _reads.get()
        if (
            reads is not None
            and reads.replica
            and not reads.wrote
            and replica_configured()
            and not _in_transaction()
        ):
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        # explicit: otherwise Django saves an object where it was read from (the replica)
        reads = _reads.get()
        if reads is not None:
            reads.wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool | None:
        same = {DEFAULT_DB_ALIAS, REPLICA}
        if obj1._state.db in same and obj2._state.db in same:
            return True
        return None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        # the replica receives the primary's changes, schema included
        return False if db == REPLICA else None


def _reporting_views() -> dict[str, str | None]:
    """view name → the query parameter that must be present (None: always)."""
    views: dict[str, str | None] = {}
    for entry in settings.DATABASE_REPLICA_VIEWS:
        name, _sep, param = entry.partition("?")
        views[name] = param or None
    return views


class ReplicaMiddleware:
    """Marks the reporting requests of users who have not just written; pins a writer to the
    primary for a while. Placed after the authentication middleware (its session is read
    from wherever the view's reads go)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.views = _reporting_views()
        self.pin_seconds = settings.DATABASE_REPLICA_PIN_SECONDS

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not replica_configured():
            return self.get_response(request)
        token = _reads.set(_Reads())
        try:
            response = self.get_response(request)
        finally:
            _reads.reset(token)
        if request.method not in SAFE_METHODS and response.status_code < 400:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=self.pin_seconds,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: Any,
        view_kwargs: Any,
    ) -> None:
        reads = _reads.get()
        if reads is None or request.method not in SAFE_METHODS:
            return
        if request.COOKIES.get(PIN_COOKIE) or request.META.get(PRIMARY_HEADER) == "1":
            return
        match = request.resolver_match
        if match is None or match.view_name not in self.views:
            return
        param = self.views[match.view_name]
        reads.replica = param is None or param in request.GET
