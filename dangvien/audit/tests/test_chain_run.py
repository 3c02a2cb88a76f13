"""A chain run (a bulk import): appends chained after the last row, the head written once."""

from __future__ import annotations

import itertools
import threading

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from dangvien.accounts.models import User
from dangvien.audit.choices import AuditAction
from dangvien.audit.models import AuditChainHead, AuditEvent
from dangvien.audit.selectors import audit_chain_verdict, cached_until_write, data_version
from dangvien.audit.services import chain_run, record
from dangvien.audit.signals import data_changed

pytestmark = pytest.mark.django_db


def _record(actor, message, action=AuditAction.UPDATE):
    return record(actor=actor, action=action, message=message)


def test_rows_of_a_run_follow_one_another_and_the_head_ends_on_the_last(superuser):
    _record(superuser, "before the run")
    # when
    with transaction.atomic(), chain_run():
        rows = [_record(superuser, f"row {i}") for i in range(5)]
    _record(superuser, "after the run")
    # then
    chained = list(AuditEvent.objects.order_by("id"))
    for before, after in itertools.pairwise(chained):
        assert after.previous_hash == before.row_hash
    head = AuditChainHead.objects.get()
    assert head.count == AuditEvent.objects.count() == 7
    assert head.last_hash == chained[-1].row_hash
    assert [r.pk for r in rows] == [r.pk for r in chained[1:6]]
    assert audit_chain_verdict().ok


def test_the_head_is_written_once_at_the_end_of_a_run(superuser):
    _record(superuser, "before the run")
    with CaptureQueriesContext(connection) as queries, transaction.atomic(), chain_run():
        for i in range(4):
            _record(superuser, f"row {i}")
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if "audit_auditchainhead" in q["sql"] and q["sql"].lstrip().upper().startswith("UPDATE")
    ]
    # one write at the end, not one per row (each row locks it: a lock writes no version)
    assert len(writes) == 1
    assert AuditChainHead.objects.get().count == 5
    assert audit_chain_verdict().ok


def test_a_row_of_a_savepoint_rolled_back_in_a_run_is_not_chained_after(superuser):
    # when: the second row's savepoint is rolled back (a refused row of an import)
    with transaction.atomic(), chain_run():
        _record(superuser, "kept")
        try:
            with transaction.atomic():
                _record(superuser, "rolled back")
                raise RuntimeError("refused")
        except RuntimeError:
            pass
        _record(superuser, "kept too")
    # then
    assert list(AuditEvent.objects.order_by("id").values_list("message", flat=True)) == [
        "kept",
        "kept too",
    ]
    assert AuditChainHead.objects.get().count == 2
    assert audit_chain_verdict().ok


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL's row locks"
)
def test_a_run_locks_nothing_until_it_appends_and_chains_after_a_writer_before_then():
    """An import that writes nothing (a dry run, a re-import with nothing new) held the head
    for its whole length: every audited action of the deployment waited for it."""
    user = User.objects.create_user("writer", password="pass-12345")
    done = threading.Event()
    errors: list[BaseException] = []

    def other_writer() -> None:
        try:
            with transaction.atomic():
                record(actor=user, action=AuditAction.UPDATE, message="another writer")
            done.set()
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    with transaction.atomic(), chain_run():
        # when: another writer appends while the run has appended nothing yet
        writer = threading.Thread(target=other_writer)
        writer.start()
        writer.join(timeout=10)
        assert done.is_set(), "the other writer waited for a run that had written nothing"
        # then: the run's row follows that writer's
        record(actor=user, action=AuditAction.UPDATE, message="the run's row")
    assert errors == []
    assert list(AuditEvent.objects.order_by("id").values_list("message", flat=True)) == [
        "another writer",
        "the run's row",
    ]
    assert AuditChainHead.objects.get().count == 2
    assert audit_chain_verdict().ok


def test_the_data_version_moves_at_the_end_of_a_run_and_the_change_is_told_once(
    superuser, django_capture_on_commit_callbacks
):
    _record(superuser, "before the run")
    before = data_version()
    told = []

    def receiver(**kwargs):
        told.append(kwargs)

    data_changed.connect(receiver)
    try:
        with (
            django_capture_on_commit_callbacks(execute=True),
            transaction.atomic(),
            chain_run(),
        ):
            _record(superuser, "a change")
            _record(superuser, "another")
            _record(superuser, "a read, last", action=AuditAction.READ)
    finally:
        data_changed.disconnect(receiver)
    assert data_version() != before
    # the version is the last change's (a read after it changes nothing)
    another = AuditEvent.objects.get(message="another")
    assert AuditChainHead.objects.get().last_change_hash == another.row_hash
    assert len(told) == 1


def test_nothing_is_kept_in_the_cache_during_a_run(superuser):
    """The version does not move until the run ends: a value computed from the run's rows
    kept under the version before it would outlive a run rolled back."""
    computed = []

    def compute() -> int:
        computed.append(1)
        return len(computed)

    with transaction.atomic(), chain_run():
        _record(superuser, "a change")
        assert cached_until_write("k", compute) == 1
        assert cached_until_write("k", compute) == 2
    assert cached_until_write("k", compute) == 3
    assert cached_until_write("k", compute) == 3
