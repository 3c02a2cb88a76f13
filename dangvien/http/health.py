"""Liveness and readiness probes for the load balancer and the service manager.

``/healthz``: the process answers (no database, no session). ``/readyz``: the database answers
and every migration of the code is applied, 503 otherwise; the replica's state, if there is
one, is told but does not make the instance unready (every instance shares it: taking them all
out would stop the whole service for the reporting pages' sake). No log-in; the answer names the checks and their state in a word, nothing more
(no version, no error text, no host). Never cached.
"""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from dangvien.http.replica import REPLICA, replica_configured

# Once every migration was found applied, the process does not look again: migrations are
# applied before the new code starts serving, never undone under it.
_migrated = False


def _database_answers(alias: str) -> bool:
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        return False


def _migrations_applied() -> bool:
    global _migrated
    if not _migrated:
        connection = connections[DEFAULT_DB_ALIAS]
        executor = MigrationExecutor(connection)
        targets = executor.loader.graph.leaf_nodes()
        _migrated = not executor.migration_plan(targets)
    return _migrated


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def readyz(request: HttpRequest) -> JsonResponse:
    checks: dict[str, str] = {}
    database = _database_answers(DEFAULT_DB_ALIAS)
    checks["database"] = "ok" if database else "unreachable"
    if database:
        try:
            checks["migrations"] = "ok" if _migrations_applied() else "pending"
        except DatabaseError:
            checks["migrations"] = "unknown"
    if replica_configured():
        checks["replica"] = "ok" if _database_answers(REPLICA) else "unreachable"
    ready = all(state == "ok" for name, state in checks.items() if name != "replica")
    return JsonResponse(
        {"status": "ready" if ready else "not ready", "checks": checks},
        status=200 if ready else 503,
    )
