"""The version of a day's figures moves with the changes that may alter them: a change dated
``affects_from`` leaves the figures of earlier days (and their kept copies) as they were."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import transaction

from dangvien.audit.choices import AuditAction
from dangvien.audit.models import AuditEvent, chain_run
from dangvien.audit.selectors import cached_until_write, data_version, data_version_on
from dangvien.audit.services import record

pytestmark = pytest.mark.django_db

DAYS = (date(2024, 12, 31), date(2025, 6, 29), date(2025, 6, 30), date(2026, 1, 1))


def versions() -> list[str]:
    return [data_version_on(day) for day in DAYS]


def test_a_dated_change_moves_the_versions_of_its_day_and_later_only(superuser):
    record(actor=superuser, action=AuditAction.CREATE, message="first")
    before, every_day = versions(), data_version()
    record(
        actor=superuser,
        action=AuditAction.CREATE,
        message="a meeting held on 30/06/2025",
        affects_from=date(2025, 6, 30),
    )
    after = versions()
    assert after[:2] == before[:2]
    assert after[2] != before[2] and after[3] != before[3]
    assert data_version() != every_day


def test_an_undated_change_moves_the_version_of_every_day(superuser):
    record(actor=superuser, action=AuditAction.CREATE, message="first", affects_from=DAYS[3])
    before = versions()
    record(actor=superuser, action=AuditAction.UPDATE, message="a member's profile")
    assert all(a != b for a, b in zip(versions(), before, strict=True))


def test_a_read_moves_no_version(superuser):
    record(actor=superuser, action=AuditAction.CREATE, message="first")
    before = versions()
    record(actor=superuser, action=AuditAction.READ, message="a read", affects_from=DAYS[0])
    assert versions() == before


def test_a_later_change_of_an_earlier_day_is_seen_by_the_days_after_a_later_one(superuser):
    record(actor=superuser, action=AuditAction.CREATE, message="late", affects_from=DAYS[3])
    late = data_version_on(DAYS[3])
    record(actor=superuser, action=AuditAction.CREATE, message="early", affects_from=DAYS[0])
    # the change recorded last, though of an earlier day, is the last one 2026 has seen
    assert data_version_on(DAYS[3]) != late
    assert data_version_on(DAYS[3]) == data_version_on(DAYS[0])


def test_a_change_rolled_back_leaves_the_versions(superuser):
    record(actor=superuser, action=AuditAction.CREATE, message="first")
    before = versions()

    def undone() -> None:
        with transaction.atomic():
            record(
                actor=superuser, action=AuditAction.CREATE, message="undone", affects_from=DAYS[0]
            )
            raise RuntimeError

    with pytest.raises(RuntimeError):
        undone()
    assert versions() == before


def test_a_chain_run_counts_for_every_day(superuser):
    record(actor=superuser, action=AuditAction.CREATE, message="first")
    before = versions()
    with chain_run():
        record(actor=superuser, action=AuditAction.CREATE, message="imported", affects_from=DAYS[3])
    assert all(a != b for a, b in zip(versions(), before, strict=True))
    assert AuditEvent.objects.filter(message="imported").exists()


def test_a_day_kept_survives_later_changes_and_not_one_of_its_day(superuser):
    record(actor=superuser, action=AuditAction.CREATE, message="first")
    computed: list[int] = []

    def compute() -> int:
        computed.append(1)
        return len(computed)

    day = DAYS[1]
    assert cached_until_write("figures", compute, on=day) == 1
    record(actor=superuser, action=AuditAction.CREATE, message="next day", affects_from=DAYS[2])
    assert cached_until_write("figures", compute, on=day) == 1
    record(actor=superuser, action=AuditAction.CREATE, message="that day", affects_from=day)
    assert cached_until_write("figures", compute, on=day) == 2


def test_a_change_the_table_missed_counts_for_every_day(superuser):
    from dangvien.audit.models import HEAD_ID, AuditChainHead

    record(actor=superuser, action=AuditAction.CREATE, message="first")
    before = data_version_on(DAYS[0])
    # a process of the code before the table records a change (a rolling upgrade): the head
    # moves, the table does not
    AuditChainHead.objects.filter(pk=HEAD_ID).update(last_change_hash="f" * 64)
    missed = data_version_on(DAYS[0])
    assert missed != before
    # the next change, though of a later day, records the missed one for every day first
    record(actor=superuser, action=AuditAction.CREATE, message="later", affects_from=DAYS[3])
    assert data_version_on(DAYS[0]) not in (before, missed)
    assert data_version_on(DAYS[0]) != data_version_on(DAYS[3])
