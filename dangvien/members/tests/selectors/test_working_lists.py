"""transfers_pending and recognition_due."""

from datetime import date

import pytest

from dangvien.core.decisions import Decision
from dangvien.core.memo import read_memo
from dangvien.members import selectors
from dangvien.members.selectors import recognition_due, transfers_pending
from dangvien.members.services import member_recognise, member_transfer_issue
from dangvien.members.tests.support import admit, make_cell

pytestmark = pytest.mark.django_db
ISSUED = date(2021, 3, 1)  # a Monday; 30 working days end on Monday 12/04/2021
DEADLINE = date(2021, 4, 12)


@pytest.fixture
def in_transit(org_tree, superuser):
    cell_c = make_cell(superuser, "CB-C", org_tree.sibling_commune)
    member = admit(superuser, org_tree.cell_a)
    member_transfer_issue(
        actor=superuser, member=member, to_organization=cell_c, effective_on=ISSUED
    )
    return member


@pytest.mark.parametrize(
    ("_case", "on", "overdue"),
    [
        ("the day of issue", ISSUED, False),
        ("the last working day allowed", DEADLINE, False),
        ("the day after the deadline", date(2021, 4, 13), True),
    ],
)
def test_transfer_is_overdue_after_30_working_days(
    org_tree, superuser, in_transit, _case, on, overdue
):
    # when
    rows = transfers_pending(actor=superuser, organization=org_tree.district, on=on)
    # then
    assert [(r.member, r.direction, r.issued_on, r.deadline, r.is_overdue) for r in rows] == [
        (in_transit, "out", ISSUED, DEADLINE, overdue)
    ]


def test_receiving_side_lists_the_transfer_as_incoming(org_tree, make_actor, in_transit):
    # given
    receiver = make_actor("viewer", org_tree.sibling_district)
    # when
    rows = transfers_pending(actor=receiver, organization=org_tree.sibling_district, on=ISSUED)
    # then
    assert [(r.member, r.direction, r.to_organization.code) for r in rows] == [
        (in_transit, "in", "CB-C")
    ]


def test_not_pending_before_issue(org_tree, superuser, in_transit):
    # when
    rows = transfers_pending(actor=superuser, organization=org_tree.province, on=date(2021, 2, 28))
    # then
    assert rows == []


@pytest.mark.parametrize(
    ("_case", "on", "due"),
    [
        ("61 days before the end of probation", date(2020, 11, 10), False),
        ("60 days before the end of probation", date(2020, 11, 11), True),
        ("after the end of probation", date(2021, 2, 1), True),
    ],
)
def test_recognition_due_within_60_days_of_the_end_of_probation(
    org_tree, superuser, _case, on, due
):
    # given
    member = admit(superuser, org_tree.cell_a)
    # when
    rows = recognition_due(actor=superuser, organization=org_tree.commune, on=on)
    # then
    assert [(r.member, r.probation_ends) for r in rows] == (
        [(member, date(2021, 1, 10))] if due else []
    )


def test_recognised_member_is_no_longer_due(org_tree, superuser):
    # given
    member = admit(superuser, org_tree.cell_a)
    member_recognise(actor=superuser, member=member, decision=Decision("05"))
    # when
    rows = recognition_due(actor=superuser, organization=org_tree.commune, on=date(2021, 2, 1))
    # then
    assert rows == []


def test_recognition_is_overdue_after_the_proposal_deadline(org_tree, superuser):
    # given
    admit(superuser, org_tree.cell_a)
    # when
    [row] = recognition_due(actor=superuser, organization=org_tree.commune, on=date(2021, 1, 10))
    [late] = recognition_due(actor=superuser, organization=org_tree.commune, on=date(2022, 1, 10))
    # then
    assert row.is_overdue is False
    assert row.proposal_deadline > date(2021, 1, 10)
    assert late.is_overdue is True


def test_a_request_reads_the_probationary_ledgers_once(
    org_tree, superuser, django_assert_num_queries
):
    """Issue 19: the inbox's line of members due and the removal due-list ask the same."""
    # given
    member = admit(superuser, org_tree.cell_a)
    on = date(2022, 1, 10)
    with read_memo():
        recognition_due(actor=superuser, organization=org_tree.commune, on=on)
        # when: the overdue only, in the same request
        with django_assert_num_queries(0):
            rows = recognition_due(
                actor=superuser, organization=org_tree.commune, on=on, within_days=0
            )
    # then
    assert [r.member for r in rows] == [member]


def test_the_ledgers_are_read_a_part_of_the_ids_at_a_time(org_tree, superuser, monkeypatch):
    # given: two probationary members, the ledgers read one member at a time
    monkeypatch.setattr(selectors, "LEDGER_IDS", 1)
    first = admit(superuser, org_tree.cell_a)
    second = admit(superuser, org_tree.cell_a)
    # when
    rows = recognition_due(actor=superuser, organization=org_tree.commune, on=date(2021, 1, 10))
    # then: both, each with the probation their own ledger gives
    assert sorted(r.member.pk for r in rows) == sorted([first.pk, second.pk])
    assert {r.probation_ends for r in rows} == {date(2021, 1, 10)}
