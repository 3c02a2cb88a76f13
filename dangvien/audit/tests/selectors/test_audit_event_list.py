"""``audit_event_list``: the filters of the log's page and of its API."""

from __future__ import annotations

import pytest

from dangvien.audit.selectors import audit_event_list
from dangvien.audit.services import AuditAction, record

pytestmark = pytest.mark.django_db


def test_who_acted_is_the_name_the_log_shows(superuser, make_actor, django_assert_num_queries):
    """The name is ``User.display_name``: the person's name, the log-in name only for an account
    without one; a person's rows are found by their present name, also those of before a rename."""
    nameless = make_actor()
    renamed = make_actor(full_name="Lê Thị Hoà")
    record(actor=nameless, action=AuditAction.EXPORT, object_repr="a")
    record(actor=renamed, action=AuditAction.EXPORT, object_repr="b")
    renamed.full_name = "Lê Thị Hoà Bình"
    renamed.save()

    def found(who: str) -> list[str]:
        events = audit_event_list(actor=superuser, action="export", actor_name=who)
        return list(events.values_list("object_repr", flat=True))

    assert found(nameless.username.upper()) == ["a"]
    with django_assert_num_queries(2):  # the accounts, then the rows by their actor's id
        assert found("hoa binh") == ["b"]
    assert found(renamed.username) == []
