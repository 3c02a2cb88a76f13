"""The audit log is tamper-evident (issue 13, defect 8): a hash chain, checked by
``dangvien audit_verify``; rows cannot be overwritten; a removed user's rows keep the name."""

import itertools
import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from dangvien.accounts.models import User
from dangvien.audit.chain import GENESIS
from dangvien.audit.models import AppendOnlyError, AuditChainHead, AuditEvent
from dangvien.audit.selectors import audit_chain_verdict
from dangvien.audit.services import audit_fields, record, record_many, record_read

pytestmark = pytest.mark.django_db


def _raw(sql, params=()):
    """Change the table behind the log's back (on PostgreSQL with the trigger switched off, as
    a database owner could)."""
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(sql, params)


def _rows(superuser, n=4):
    return [
        record(actor=superuser, action="update", message=f"row {i}", after={"n": i, "x": 1.5})
        for i in range(n)
    ]


def test_each_row_follows_from_the_one_before(superuser):
    # when
    rows = _rows(superuser)
    # then
    chained = list(AuditEvent.objects.filter(pk__in=[r.pk for r in rows]).order_by("id"))
    for before, after in itertools.pairwise(chained):
        assert after.previous_hash == before.row_hash
    assert len({r.row_hash for r in chained}) == 4
    head = AuditChainHead.objects.get()
    assert head.last_hash == chained[-1].row_hash
    assert head.count == AuditEvent.objects.count()
    assert audit_chain_verdict().ok


def test_verify_names_the_row_whose_content_was_changed(superuser, capsys):
    # given
    rows = _rows(superuser)
    call_command("audit_verify")
    assert "intact" in capsys.readouterr().out
    # when
    _raw("UPDATE audit_auditevent SET message = %s WHERE id = %s", ["forged", rows[1].pk])
    # then
    with pytest.raises(CommandError, match=f"row {rows[1].pk}: its content was changed"):
        call_command("audit_verify")


def test_verify_names_the_row_after_one_removed(superuser):
    rows = _rows(superuser)
    _raw("DELETE FROM audit_auditevent WHERE id = %s", [rows[1].pk])
    verdict = audit_chain_verdict()
    assert verdict.broken is not None and verdict.broken.row_id == rows[2].pk


def test_verify_sees_rows_removed_at_the_end(superuser):
    rows = _rows(superuser)
    _raw("DELETE FROM audit_auditevent WHERE id = %s", [rows[-1].pk])
    with pytest.raises(CommandError, match="after row"):
        call_command("audit_verify")


def test_verify_sees_a_row_inserted_around_the_log(superuser):
    rows = _rows(superuser, 2)
    _raw(
        "INSERT INTO audit_auditevent (recorded_at, actor_name, request_id, action, object_id,"
        " object_repr, organization_path, message, previous_hash, row_hash)"
        " VALUES (%s, '', '', 'update', '', '', '', 'slipped in', '', '')",
        [rows[0].recorded_at],
    )
    verdict = audit_chain_verdict()
    assert verdict.broken is not None and "no hash" in verdict.broken.reason


def test_a_new_instance_with_an_existing_id_cannot_overwrite_a_row(superuser):
    """Regression: ``AuditEvent(pk=…).save()`` overwrote the row with that id."""
    event = record(actor=superuser, action="update", message="original")
    with pytest.raises(AppendOnlyError):
        AuditEvent(pk=event.pk, action="delete", message="overwritten").save()
    assert AuditEvent.objects.get(pk=event.pk).message == "original"
    assert audit_chain_verdict().ok


def test_bulk_update_is_refused(superuser):
    event = record(actor=superuser, action="update", message="original")
    event.message = "x"
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.bulk_update([event], ["message"])


def test_removing_a_user_keeps_their_name_and_id_on_their_rows(make_actor):
    """Regression: deleting a user nulled the actor of their rows (an update of the log)."""
    # given
    user = make_actor()
    event = record(actor=user, action="update", message="x")
    user_id, name = user.pk, user.username
    # when
    User.objects.filter(pk=user_id).delete()
    # then
    row = AuditEvent.objects.get(pk=event.pk)
    assert (row.actor_id, row.actor_name) == (user_id, name)
    assert audit_chain_verdict().ok


def test_many_rows_are_chained_in_one_bulk_write(superuser, django_assert_max_num_queries):
    rows = [
        audit_fields(actor=superuser, action="create", object_id=str(i), after={"i": i})
        for i in range(500)
    ]
    # the head locked and moved once; the rows in as few inserts as the database allows (on
    # PostgreSQL one COPY, which Django does not list among the queries: no INSERT then)
    with django_assert_max_num_queries(3 + (1 if connection.vendor == "postgresql" else 9)) as run:
        record_many(rows)
    inserts = [q for q in run.captured_queries if q["sql"].startswith("INSERT")]
    assert (not inserts) == (connection.vendor == "postgresql")
    assert AuditEvent.objects.count() == AuditChainHead.objects.get().count
    assert audit_chain_verdict().ok


def test_many_rows_keep_their_text_and_values_as_chained(superuser, org_tree):
    """From ``COPY_FROM`` rows a bulk write is a ``COPY`` on PostgreSQL: the rows read back are
    the rows hashed (tabs, line breaks, backslashes, quotes, Vietnamese, empty and nested JSON),
    in order after the rows before them."""
    from dangvien.audit.models import COPY_FROM

    # given
    before = record(actor=superuser, action="update", message="before")
    texts = ["tab\there", "line\nbreak\r", "back\\slash \\N", 'quote "x"', "Đảng ủy xã", ""]
    rows = [
        audit_fields(
            actor=superuser if i % 2 else None,
            action="create" if i % 3 else "update",
            object_id=str(i),
            object_repr=texts[i % len(texts)],
            organization_path=org_tree.cell_a.path if i % 4 else "",
            before=None if i % 2 else {"text": texts[i % len(texts)], "n": [1, 2.5, None]},
            after={"i": i, "nested": {"ok": True, "word": "Chi bộ"}},
            message=texts[(i + 1) % len(texts)],
        )
        for i in range(COPY_FROM + 7)
    ]
    # when
    record_many(rows)
    # then
    stored = list(AuditEvent.objects.filter(pk__gt=before.pk).order_by("id"))
    assert [(e.object_id, e.object_repr, e.message, e.before, e.after) for e in stored] == [
        (r["object_id"], r["object_repr"], r["message"], r["before"], r["after"]) for r in rows
    ]
    assert [e.organization_id for e in stored] == [r["organization_id"] for r in rows]
    assert stored[0].previous_hash == before.row_hash
    assert AuditChainHead.objects.get().last_hash == stored[-1].row_hash
    verdict = audit_chain_verdict()
    assert verdict.ok and verdict.rows == AuditEvent.objects.count()


def test_a_flushed_head_is_made_again_from_the_last_row(superuser):
    _rows(superuser, 2)
    AuditChainHead.objects.all().delete()
    record(actor=superuser, action="update", message="after")
    assert audit_chain_verdict().ok


def test_an_empty_log_is_intact():
    AuditChainHead.objects.all().delete()
    verdict = audit_chain_verdict()
    assert verdict.ok and verdict.rows == AuditEvent.objects.count() == 0
    assert verdict.last_hash == GENESIS


def test_record_read_is_scoped_to_the_organization_read(org_tree, superuser):
    event = record_read(actor=superuser, what="member.file", organization=org_tree.cell_a)
    assert (event.action, event.organization_id) == ("read", org_tree.cell_a.pk)
    assert event.message == "read member.file"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL trigger")
def test_the_database_refuses_to_change_or_remove_a_row(superuser):
    from django.db import InternalError, ProgrammingError

    event = record(actor=superuser, action="update", message="x")
    for sql in (
        "UPDATE audit_auditevent SET message = 'y' WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s",
    ):
        with (
            pytest.raises((InternalError, ProgrammingError)),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).message == "x"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks of PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_writers_chain_one_after_the_other():
    user = User.objects.create_user("writer", password="pass-12345")
    errors = []

    def write(n):
        try:
            for i in range(10):
                with transaction.atomic():
                    record(actor=user, action="update", message=f"{n}-{i}")
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    verdict = audit_chain_verdict()
    assert verdict.ok and verdict.rows >= 60


def test_reading_a_member_file_is_audited_on_the_page_and_the_api(org_tree, superuser, client):
    """Issue 13, defect 8: every read of a member's file (sensitive personal data) is audited."""
    from dangvien.members.tests.support import admit

    member = admit(superuser, org_tree.cell_a)
    client.force_login(superuser)
    reads = lambda: AuditEvent.objects.filter(  # noqa: E731
        action="read", object_id=str(member.pk), organization=org_tree.cell_a
    ).count()
    assert client.get(f"/member/{member.pk}/").status_code == 200
    assert reads() == 1
    assert client.get(f"/api/members/{member.pk}/").status_code == 200
    assert reads() == 2
    assert audit_chain_verdict().ok


def test_report_documents_downloaded_through_the_api_are_audited(org_tree, superuser, client):
    client.force_login(superuser)
    response = client.get(f"/api/dashboards/{org_tree.commune.code}/document/xlsx/")
    assert response.status_code == 200, response.content[:200]
    assert AuditEvent.objects.filter(action="export", message="export dashboard.xlsx").count() == 1


def test_record_many_refuses_a_naive_time():
    """A copy takes the time as it is: a naive one would be read as UTC, not local time."""
    from datetime import datetime

    from dangvien.audit.services import record_many

    with pytest.raises(ValueError, match="aware"):
        record_many([], recorded_at=datetime(2026, 1, 1, 8, 0))
