from datetime import date

import pytest
from django.db.models import QuerySet

from dangvien.core.decisions import Decision
from dangvien.core.memo import read_memo
from dangvien.members.models import MemberEvent, MemberPeriod
from dangvien.members.selectors import (
    lifecycle_dates,
    member_last_period,
    member_timeline,
    members_last_periods,
)
from dangvien.members.services import (
    member_recognise,
    member_record_death,
    member_remove,
    member_transfer,
    member_transfer_issue,
    member_transfer_receive,
)
from dangvien.members.tests.support import admit, make_cell, transferred_then_removed

pytestmark = pytest.mark.django_db


@pytest.fixture
def transferred(org_tree, superuser):
    """Admitted at CB-A, transferred to CB-C (sibling district), then moved on to CB-D there."""
    cell_c = make_cell(superuser, "CB-C", org_tree.sibling_commune)
    cell_d = make_cell(superuser, "CB-D", org_tree.sibling_commune)
    member = admit(superuser, org_tree.cell_a)
    member_transfer_issue(
        actor=superuser, member=member, to_organization=cell_c, effective_on=date(2020, 6, 1)
    )
    member_transfer_receive(actor=superuser, member=member, effective_on=date(2020, 6, 15))
    member_transfer(
        actor=superuser, member=member, to_organization=cell_d, effective_on=date(2020, 9, 1)
    )
    return member


def _types(events):
    return [e.type for e in events]


def test_sender_does_not_see_the_receiving_sides_events(org_tree, make_actor, transferred):
    # given
    sender = make_actor("viewer", org_tree.district)
    # when
    events = member_timeline(actor=sender, member=transferred)
    # then
    assert _types(events) == ["admitted", "transfer_issued", "transfer_received"]


def test_receiver_sees_the_transfer_and_its_own_events(org_tree, make_actor, transferred):
    # given
    receiver = make_actor("viewer", org_tree.sibling_district)
    # when
    events = member_timeline(actor=receiver, member=transferred)
    # then
    assert _types(events) == ["transfer_issued", "transfer_received", "transferred"]


def test_superuser_sees_every_event(superuser, transferred):
    # when
    events = member_timeline(actor=superuser, member=transferred)
    # then
    assert _types(events) == ["admitted", "transfer_issued", "transfer_received", "transferred"]


def test_outsider_sees_nothing(org_tree, make_actor, superuser):
    # given
    member = admit(superuser, org_tree.cell_a)
    outsider = make_actor("viewer", org_tree.sibling_district)
    # when
    events = member_timeline(actor=outsider, member=member)
    # then
    assert _types(events) == []


def test_own_cell_sees_recognition_and_removal(org_tree, make_actor, superuser):
    # given
    member = admit(superuser, org_tree.cell_a)
    member_recognise(actor=superuser, member=member, decision=Decision("05"))
    member_remove(actor=superuser, member=member, effective_on=date(2022, 6, 1))
    secretary = make_actor("cell_secretary", org_tree.cell_a)
    # when
    events = member_timeline(actor=secretary, member=member)
    # then
    assert _types(events) == ["admitted", "recognised", "removed"]


@pytest.fixture
def moved(org_tree, superuser):
    """A member of CB-A transferred in 2021 to a cell of the other district, later removed."""
    return transferred_then_removed(superuser, org_tree)


def test_sending_side_sees_where_the_member_stood_inside_its_scope(moved, make_actor, org_tree):
    """The member page showed the destination and the later removal to the sending side."""
    member, _far = moved
    viewer = make_actor("viewer", org_tree.cell_a)
    period = member_last_period(member, date(2024, 1, 1), actor=viewer)
    assert period is not None and period.organization == org_tree.cell_a
    assert lifecycle_dates(member, actor=viewer).exit_type == ""
    assert lifecycle_dates(member).exit_type == "removed"


def test_the_receiving_side_reads_the_admission_dates_of_the_file_that_came_with_the_member(
    transferred, make_actor, org_tree
):
    """Walk of issue 19: a member transferred in showed "Ngày kết nạp —" beside a party age of
    years (the admission lay outside the receiving side's scope)."""
    # given: admitted at CB-A (district HU-TM), received in 2020 in the other district's cells
    receiving = make_actor("viewer", org_tree.sibling_commune)
    # when
    dates = lifecycle_dates(transferred, actor=receiving)
    # then: the admission as the whole file has it
    assert dates.admitted_on is not None
    assert dates.admitted_on == lifecycle_dates(transferred).admitted_on
    assert dates.decision_number == lifecycle_dates(transferred).decision_number


def test_a_recognition_on_the_day_the_transfer_was_issued_is_part_of_the_file(
    org_tree, superuser, make_actor
):
    """Review: the file before the first visible event was cut by date only, so a recognition
    on the day of the transfer was lost to the receiving side."""
    from dangvien.members.services import member_transfer_issue, member_transfer_receive

    cell_c = make_cell(superuser, "CB-C", org_tree.sibling_commune)
    member = admit(superuser, org_tree.cell_a, admitted_on=date(2019, 1, 10))
    official = member_recognise(
        actor=superuser, member=member, decision=Decision("05")
    ).effective_on
    member_transfer_issue(
        actor=superuser, member=member, to_organization=cell_c, effective_on=official
    )
    member_transfer_receive(actor=superuser, member=member, effective_on=official)
    receiving = make_actor("viewer", org_tree.sibling_commune)
    # when
    seen = lifecycle_dates(member, actor=receiving)
    # then
    assert seen.official_on == lifecycle_dates(member).official_on == official


@pytest.mark.parametrize(
    ("on", "code"),
    [
        (date(2020, 3, 1), "CB-A"),  # the period covering the day
        (date(2020, 6, 15), "CB-C"),  # the receiving day: the new period begins
        (date(2020, 7, 1), "CB-C"),
        (date(2020, 9, 1), "CB-D"),  # the end is exclusive: CB-C's period ended the day before
        (date(2024, 1, 1), "CB-D"),
        (date(1990, 1, 1), None),  # before any period: none (not yet a member that day)
    ],
)
def test_last_periods_of_a_page_of_members(transferred, org_tree, superuser, on, code):
    # given: the transferred member and one who stayed in CB-B
    stayed = admit(superuser, org_tree.cell_b)
    # when
    periods = members_last_periods([transferred, stayed], on, actor=superuser)
    # then: each as member_last_period finds it alone
    found = periods.get(transferred.pk)
    assert (found.organization.code if found else None) == code
    assert found == member_last_period(transferred, on, actor=superuser)
    assert periods.get(stayed.pk) == member_last_period(stayed, on, actor=superuser)


def test_last_periods_leave_out_a_member_outside_the_scope(moved, make_actor, org_tree, superuser):
    # given
    member, _far = moved
    outsider = admit(superuser, make_cell(superuser, "CB-Y", org_tree.sibling_commune))
    viewer = make_actor("viewer", org_tree.cell_a)
    # when
    periods = members_last_periods([member, outsider], date(2024, 1, 1), actor=viewer)
    # then: the moved member where they stood last inside the scope, the other not at all
    assert periods[member.pk].organization == org_tree.cell_a
    assert outsider.pk not in periods


def test_last_periods_take_the_same_queries_for_many_members(
    org_tree, superuser, django_assert_max_num_queries
):
    # given
    members = [admit(superuser, org_tree.cell_a) for _ in range(12)]
    # when / then: the periods covering the day, the organizations' names
    with django_assert_max_num_queries(2):
        periods = members_last_periods(members, date(2024, 1, 1), actor=superuser)
    assert len(periods) == 12


def test_a_read_request_reads_a_members_ledger_and_periods_once(
    org_tree, superuser, django_assert_num_queries
):
    """The member page, its actions and its panels each replay the ledger and ask where the
    member stands: inside a read memo the ledger and the periods are read once."""
    from dangvien.core.memo import read_memo
    from dangvien.members.selectors import home_organization, member_state, party_age

    # given: a member recognised as official
    member = admit(superuser, org_tree.cell_a)
    member_recognise(actor=superuser, member=member, decision=Decision("05"))
    expected = (member_state(member), lifecycle_dates(member), party_age(member, date(2024, 1, 1)))
    # when: the ledger once, the rulebook once (the state of the rules, then the rules: this
    # process kept none yet), the periods once
    with read_memo(), django_assert_num_queries(4):
        answers = (
            member_state(member),
            lifecycle_dates(member),
            party_age(member, date(2024, 1, 1)),
        )
        member_state(member)
        home = home_organization(member, date(2024, 1, 1))
        home_organization(member, date.max)
    # then: the same answers as read afresh
    assert answers == expected
    assert home == org_tree.cell_a


def test_an_exit_recorded_without_an_organization_is_in_the_file_the_cell_reads(
    org_tree, superuser, make_actor
):
    """Events recorded before they carried their organization (an exit, an exemption): the
    page lists the cell's own ones (``member_timeline_with_own_events``), and the file's dates
    read from the same events."""
    member = admit(superuser, org_tree.cell_a)
    death = member_record_death(actor=superuser, member=member, effective_on=date(2022, 3, 4))
    # a row as recorded then (the ledger refuses updates: the queryset's own update)
    QuerySet.update(MemberEvent.objects.filter(pk=death.pk), organization=None)
    officer = make_actor("viewer", org_tree.cell_a)
    seen = lifecycle_dates(member, actor=officer)
    assert (seen.exit_type, seen.left_on) == ("died", date(2022, 3, 4))
    assert seen == lifecycle_dates(member)


def test_a_period_is_valid_at_a_day_as_the_query_of_that_day_finds_it(transferred):
    for on in [date(2020, 5, 31), date(2020, 6, 1), date(2020, 6, 15), date(2020, 9, 1), date.max]:
        found = set(MemberPeriod.objects.filter(member=transferred).at(on))
        assert {p for p in MemberPeriod.objects.filter(member=transferred) if p.valid_at(on)} == (
            found
        ), on


def test_inside_one_request_each_reader_gets_their_own_last_period(
    moved, make_actor, org_tree, superuser
):
    """The periods are read once per member and reader: the cell's viewer and the
    administrator asking in one request each get their own (CB-A, the far cell)."""
    member, far = moved
    viewer = make_actor("viewer", org_tree.cell_a)
    with read_memo():
        seen = member_last_period(member, date(2024, 1, 1), actor=viewer)
        whole = member_last_period(member, date(2024, 1, 1), actor=superuser)
    assert seen is not None and seen.organization == org_tree.cell_a
    assert whole is not None and whole.organization == far
