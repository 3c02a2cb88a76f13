"""The data version behind the caches of derived figures moves with changes, not with reads."""

from __future__ import annotations

import pytest

from dangvien.audit.choices import AuditAction
from dangvien.audit.selectors import cached_until_write, data_version
from dangvien.audit.services import record

pytestmark = pytest.mark.django_db


def test_the_data_version_moves_with_a_change_and_not_with_a_read_an_export_or_a_log_in(
    superuser,
):
    record(actor=superuser, action=AuditAction.CREATE, message="first")
    before = data_version()
    for action in (AuditAction.READ, AuditAction.EXPORT, AuditAction.LOGIN):
        record(actor=superuser, action=action, message="nothing changes")
    assert data_version() == before
    record(actor=superuser, action=AuditAction.UPDATE, message="a change")
    assert data_version() != before


def test_a_kept_value_is_computed_again_after_a_change_only(superuser):
    computed = []

    def compute() -> int:
        computed.append(1)
        return len(computed)

    assert cached_until_write("k", compute) == 1
    record(actor=superuser, action=AuditAction.READ, message="a read")
    assert cached_until_write("k", compute) == 1
    record(actor=superuser, action=AuditAction.DELETE, message="a change")
    assert cached_until_write("k", compute) == 2


def test_a_read_only_request_reads_the_version_once(superuser, django_assert_num_queries):
    from dangvien.core.memo import read_memo

    record(actor=superuser, action=AuditAction.CREATE, message="first")
    with read_memo(), django_assert_num_queries(1):
        first = data_version()
        assert data_version() == first
    # the next request reads it again: a change in between is seen
    record(actor=superuser, action=AuditAction.UPDATE, message="a change")
    with read_memo():
        assert data_version() != first
