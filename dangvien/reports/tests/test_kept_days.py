"""What keeps a past day's figures while today's data changes holds: the meetings, attendance,
texts and payments dated after D change none of D's figures (computed again, not read from
the cache), and they leave D's version as it was, so the kept copy is the true one."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from dangvien.audit.selectors import data_version_on
from dangvien.core.decisions import Decision
from dangvien.fees.services import fee_payment_record
from dangvien.meetings.services import (
    AttendanceEntry,
    attendance_take,
    meeting_record,
    meeting_update,
)
from dangvien.members.services import member_recognise
from dangvien.members.tests.support import admit
from dangvien.reports.selectors import admissions_by_year, figures_or_combined, members_over_time
from dangvien.statistics.selectors import statistics_for

pytestmark = pytest.mark.django_db

D = date(2024, 4, 30)


def test_changes_dated_after_a_day_alter_none_of_its_figures_nor_its_version(org_tree, superuser):
    an = admit(superuser, org_tree.cell_a, name="Nguyễn Văn An", national_id="087090000001")
    binh = admit(superuser, org_tree.cell_a, name="Trần Văn Bình", national_id="087090000002")
    for member in (an, binh):
        member_recognise(actor=superuser, member=member, decision=Decision("1", date(2021, 1, 10)))

    def meeting(day: date, kind: str = "regular", absent: str = "excused") -> Any:
        held = meeting_record(actor=superuser, organization=org_tree.cell_a, kind=kind, held_on=day)
        attendance_take(
            actor=superuser,
            meeting=held,
            entries=[AttendanceEntry(an, "present"), AttendanceEntry(binh, absent, "ốm")],
        )
        return held

    def pay(month: date, paid_on: date) -> None:
        fee_payment_record(actor=superuser, member=an, month=month, amount=20_000, paid_on=paid_on)

    meeting(date(2024, 4, 10))
    for month in (1, 2, 3):
        pay(date(2024, month, 1), date(2024, month, 10))
    roots = (org_tree.cell_a, org_tree.commune, org_tree.province)

    def figures() -> list[Any]:
        return [
            (
                statistics_for(root, D),
                figures_or_combined(root, D),
                members_over_time(root, D),
                admissions_by_year(root, D),
            )
            for root in roots
        ]

    before, version = figures(), data_version_on(D)
    later = meeting(date(2024, 5, 5), absent="unexcused")
    meeting_update(actor=superuser, meeting=later, minutes="Biên bản", topic="Nghị quyết")
    meeting(date(2024, 5, 1), kind="thematic")
    pay(date(2024, 5, 1), date(2024, 5, 10))
    pay(date(2024, 6, 1), date(2024, 5, 20))

    assert figures() == before
    assert data_version_on(D) == version
    # a fact of D's own days does change them, and their version
    meeting(date(2024, 4, 20), kind="thematic")
    assert figures() != before
    assert data_version_on(D) != version
