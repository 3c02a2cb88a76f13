"""A rebuild rewrites the periods its ledger implies and says so in the audit log."""

from __future__ import annotations

from datetime import date

import pytest

from dangvien.audit.models import AuditEvent
from dangvien.audit.selectors import data_version
from dangvien.members.models import MemberPeriod
from dangvien.members.services import rebuild_member_periods
from dangvien.members.tests.support import admit

pytestmark = pytest.mark.django_db


def test_a_rebuild_that_rewrote_periods_is_audited_and_moves_the_data_version(org_tree, superuser):
    member = admit(superuser, org_tree.cell_a, admitted_on=date(2024, 1, 10))
    MemberPeriod.objects.filter(member=member).update(valid_from=date(2024, 2, 1))  # damaged
    version, rows = data_version(), AuditEvent.objects.count()

    result = rebuild_member_periods()

    assert result["differing"] == 1
    assert MemberPeriod.objects.get(member=member).valid_from == date(2024, 1, 10)
    event = AuditEvent.objects.order_by("-pk").first()
    assert AuditEvent.objects.count() == rows + 1
    assert (event.action, event.actor_id) == ("update", None)
    assert "1 members" in event.message
    assert data_version() != version  # what is kept until the next change is computed again


def test_a_rebuild_that_found_nothing_to_rewrite_records_nothing(org_tree, superuser):
    admit(superuser, org_tree.cell_a, admitted_on=date(2024, 1, 10))
    rows = AuditEvent.objects.count()

    assert rebuild_member_periods()["differing"] == 0
    assert rebuild_member_periods(verify_only=True)["differing"] == 0
    assert AuditEvent.objects.count() == rows
