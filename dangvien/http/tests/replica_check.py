"""Run by ``test_replica_streaming`` in a child process whose settings name a primary
(``DATABASE_URL``) and its streaming replica (``DATABASE_REPLICA_URL``): checks that the
reporting reads reach the replica and that a writer's own writes stay visible to them.
Prints ``OK`` at the end; any failed check raises."""

from __future__ import annotations

import time

import django

django.setup()

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.db import DatabaseError, connections  # noqa: E402
from django.http import HttpRequest, HttpResponse  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.urls import ResolverMatch  # noqa: E402

from dangvien.http.replica import PIN_COOKIE, ReplicaMiddleware, reporting  # noqa: E402


def in_recovery(alias: str) -> bool:
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        return bool(cursor.fetchone()[0])


def on_replica(sql: str) -> None:
    with connections["replica"].cursor() as cursor:
        cursor.execute(sql)


def reported(label: str) -> bool:
    """What a reporting read sees of the row ``label``."""
    with reporting():
        return ContentType.objects.filter(app_label=label).exists()


def wait_until(check, seconds: float = 15) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():
                return True
        except DatabaseError:  # the table itself has not reached the replica yet
            pass
        time.sleep(0.1)
    return False


# the two aliases are two servers: the primary, and a replica in recovery (streaming)
assert not in_recovery("default"), "the primary is in recovery"
assert in_recovery("replica"), "the replica is not a standby"
with connections["default"].schema_editor() as editor:
    editor.create_model(ContentType)

# a row written on the primary reaches the replica, where the reporting reads find it
ContentType.objects.create(app_label="streamed", model="row")
assert wait_until(lambda: reported("streamed")), "the row never reached the replica"

# the replica stops replaying: what is written now is on the primary only
on_replica("SELECT pg_wal_replay_pause()")


def paused() -> bool:
    with connections["replica"].cursor() as cursor:
        cursor.execute("SELECT pg_get_wal_replay_pause_state()")
        return cursor.fetchone()[0] == "paused"


assert wait_until(paused), "the replica did not pause"
ContentType.objects.create(app_label="paused", model="row")
assert ContentType.objects.filter(app_label="paused").exists(), "an ordinary read missed it"
assert not reported("paused"), "a reporting read did not go to the (paused) replica"

# inside reporting work, once something is written, the reads go to the primary
with reporting():
    ContentType.objects.create(app_label="mine", model="row")
    assert ContentType.objects.filter(app_label="mine").exists(), "own write not seen"


# through the middleware: a statistics page, then the same page after a write
def statistics_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse(str(ContentType.objects.filter(app_label="paused").exists()))


def serve(request: HttpRequest) -> HttpResponse:
    request.resolver_match = ResolverMatch(
        statistics_page, (), {}, url_name="organization_statistics", namespaces=["web"]
    )
    middleware.process_view(request, statistics_page, (), {})
    return statistics_page(request)


middleware = ReplicaMiddleware(serve)
factory = RequestFactory()
assert middleware(factory.get("/org/X/statistics/")).content == b"False", "not on the replica"
written = middleware(factory.post("/org/X/statistics/"))
assert PIN_COOKIE in written.cookies, "a write did not pin its author to the primary"
pinned = factory.get("/org/X/statistics/")
pinned.COOKIES[PIN_COOKIE] = written.cookies[PIN_COOKIE].value
assert middleware(pinned).content == b"True", "the author of a write did not read it"

# replaying again, the replica catches up
on_replica("SELECT pg_wal_replay_resume()")
assert wait_until(lambda: reported("paused")), "the replica did not catch up"
print("OK")  # noqa: T201 - the parent test reads it
