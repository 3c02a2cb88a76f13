from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from dangvien.audit.models import AuditEvent
from dangvien.committees.models import CommitteePost, Term
from dangvien.committees.selectors import (
    committee_at,
    committee_warnings,
    organizations_without_secretary,
)
from dangvien.committees.services import committee_post_assign, committee_post_end, term_create
from dangvien.core.exceptions import ValidationFailed
from dangvien.organizations.models import Organization
from dangvien.organizations.services import (
    SplitPart,
    organization_dissolve,
    organization_merge,
    organization_split,
)

pytestmark = pytest.mark.django_db


def test_term_length_comes_from_the_rulebook_of_the_congress_date(org_tree, superuser):
    # when
    before_reform = term_create(
        actor=superuser, organization=org_tree.cell_a, congress_on=date(2022, 5, 10)
    )
    after_reform = term_create(
        actor=superuser, organization=org_tree.cell_b, congress_on=date(2025, 8, 1)
    )
    commune = term_create(
        actor=superuser, organization=org_tree.commune, congress_on=date(2020, 6, 15)
    )
    # then
    assert (before_reform.length_months, before_reform.ends_on) == (30, date(2024, 11, 10))
    # the five-year congress is a pilot decided per cell, not a rule for every cell (§11)
    assert (after_reform.length_months, after_reform.ends_on) == (30, date(2028, 2, 1))
    assert commune.ends_on == date(2025, 6, 15)
    assert "term.cell_months" in before_reform.rule_source


def test_a_cell_on_the_five_year_pilot_gets_a_five_year_term(org_tree, superuser):
    from dangvien.committees.services import term_pilot_record
    from dangvien.core.decisions import Decision

    # given: the commune puts CB-A on the pilot from 01/08/2025
    decision = Decision("15-QĐ/ĐU", date(2025, 7, 20), "Đảng ủy xã Mỹ An")
    term_pilot_record(
        actor=superuser,
        organization=org_tree.cell_a,
        valid_from=date(2025, 8, 1),
        decision=decision,
    )

    # when
    piloted = term_create(
        actor=superuser, organization=org_tree.cell_a, congress_on=date(2025, 9, 1)
    )
    other = term_create(actor=superuser, organization=org_tree.cell_b, congress_on=date(2025, 9, 1))

    # then
    assert (piloted.length_months, piloted.ends_on) == (60, date(2030, 9, 1))
    assert "term.cell_pilot_months" in piloted.rule_source
    assert other.length_months == 30


@pytest.mark.parametrize(
    ("organization", "valid_from", "number", "code"),
    [
        ("commune", date(2025, 8, 1), "15-QĐ/ĐU", "pilot_not_cell"),
        ("cell_a", date(2024, 8, 1), "15-QĐ/ĐU", "pilot_not_in_force"),
        ("cell_a", date(2025, 8, 1), " ", "decision_required"),
    ],
)
def test_the_pilot_is_for_a_cell_from_its_rule_with_a_decision(
    org_tree, superuser, organization, valid_from, number, code
):
    from dangvien.committees.models import TermPilot
    from dangvien.committees.services import term_pilot_record
    from dangvien.core.decisions import Decision

    with pytest.raises(ValidationFailed) as error:
        term_pilot_record(
            actor=superuser,
            organization=getattr(org_tree, organization),
            valid_from=valid_from,
            decision=Decision(number, date(2024, 7, 20), ""),
        )
    assert error.value.code == code
    assert not TermPilot.objects.exists()


def test_a_congress_more_than_six_months_late_is_overdue(org_tree, superuser):
    # given: a cell term of 2020–2022 (30 months) and no congress since
    term_create(actor=superuser, organization=org_tree.cell_a, congress_on=date(2020, 6, 1))

    def overdue(on):
        return [
            w for w in committee_warnings(org_tree.cell_a, on=on) if w.code == "congress_overdue"
        ]

    # then: the term ended on 01/12/2022; the tolerance runs to 01/06/2023
    assert overdue(date(2023, 6, 1)) == []
    late = overdue(date(2023, 6, 2))
    assert late and late[0].rule_key == "term.tolerance_months"
    assert "01/12/2022" in late[0].message and "01/06/2023" in late[0].message
    # a new congress clears it
    term_create(actor=superuser, organization=org_tree.cell_a, congress_on=date(2023, 7, 1))
    assert overdue(date(2023, 7, 2)) == []


def test_new_term_ends_the_open_one(org_tree, superuser):
    first = term_create(
        actor=superuser, organization=org_tree.commune, congress_on=date(2020, 6, 15)
    )
    term_create(actor=superuser, organization=org_tree.commune, congress_on=date(2025, 4, 20))
    first.refresh_from_db()
    assert first.ends_on == date(2025, 4, 20)
    with pytest.raises(ValidationFailed):
        term_create(actor=superuser, organization=org_tree.commune, congress_on=date(2024, 1, 1))


def test_new_secretary_ends_the_previous_secretary(org_tree, superuser):
    # given
    committee_post_assign(
        actor=superuser,
        organization=org_tree.cell_a,
        post="secretary",
        person_name="Nguyễn Văn An",
        held_from=date(2020, 1, 1),
    )
    # when
    committee_post_assign(
        actor=superuser,
        organization=org_tree.cell_a,
        post="secretary",
        person_name="Trần Thị Bình",
        held_from=date(2022, 4, 30),
    )
    # then: on the day of the change the new secretary holds the post at the end of the day
    names = lambda on: [p.person_name for p in committee_at(org_tree.cell_a, on=on)]  # noqa: E731
    assert names(date(2022, 4, 29)) == ["Nguyễn Văn An"]
    assert names(date(2022, 4, 30)) == ["Trần Thị Bình"]
    assert AuditEvent.objects.filter(object_type__model="committeepost").count() == 3


def test_post_ending_on_a_day_is_not_held_at_the_end_of_that_day(org_tree, superuser):
    post = committee_post_assign(
        actor=superuser,
        organization=org_tree.cell_a,
        post="secretary",
        person_name="Nguyễn Văn An",
        held_from=date(2020, 1, 1),
    )
    committee_post_end(actor=superuser, assignment=post, held_to=date(2022, 4, 30))
    on_day = organizations_without_secretary(
        actor=superuser, on=date(2022, 4, 30), root=org_tree.commune
    )
    day_before = organizations_without_secretary(
        actor=superuser, on=date(2022, 4, 29), root=org_tree.commune
    )
    assert "CB-A" in {s.organization.code for s in on_day}
    assert "CB-A" not in {s.organization.code for s in day_before}


def test_organizations_without_secretary_excludes_upper_levels(org_tree, superuser):
    codes = {
        s.organization.code
        for s in organizations_without_secretary(actor=superuser, on=date(2022, 1, 1))
    }
    assert codes == {"X-MA", "CB-A", "CB-B", "X-MH"}


def test_warnings_cite_the_rule(org_tree, superuser):
    # given: eight committee members and two deputies in a cell
    for index in range(6):
        committee_post_assign(
            actor=superuser,
            organization=org_tree.cell_a,
            post="member",
            person_name=f"Ủy viên {index}",
            held_from=date(2021, 1, 1),
        )
    for index in range(2):
        committee_post_assign(
            actor=superuser,
            organization=org_tree.cell_a,
            post="deputy_secretary",
            person_name=f"Phó {index}",
            held_from=date(2021, 1, 1),
        )
    # when
    warnings = {w.code: w for w in committee_warnings(org_tree.cell_a, on=date(2022, 1, 1))}
    # then
    assert {"committee_too_large", "too_many_deputies", "no_secretary"} <= set(warnings)
    assert warnings["committee_too_large"].rule_key == "cell.committee_max_members"
    assert "294" in warnings["committee_too_large"].source


def test_same_post_twice_is_a_no_op_and_overlap_is_refused(org_tree, superuser):
    committee_post_assign(
        actor=superuser,
        organization=org_tree.cell_a,
        post="member",
        person_name="Lê Văn C",
        held_from=date(2021, 1, 1),
    )
    count = CommitteePost.objects.count()
    committee_post_assign(
        actor=superuser,
        organization=org_tree.cell_a,
        post="member",
        person_name="Lê Văn C",
        held_from=date(2021, 1, 1),
    )
    assert CommitteePost.objects.count() == count
    with pytest.raises(ValidationFailed):
        committee_post_assign(
            actor=superuser,
            organization=org_tree.cell_a,
            post="member",
            person_name="Lê Văn C",
            held_from=date(2021, 6, 1),
        )


def test_cell_secretary_manages_own_cell_only(org_tree, make_actor, row_counts):
    secretary = make_actor("cell_secretary", org_tree.cell_a)
    committee_post_assign(
        actor=secretary,
        organization=org_tree.cell_a,
        post="member",
        person_name="Lê Văn D",
        held_from=date(2021, 1, 1),
    )
    before = row_counts()
    with pytest.raises(PermissionDenied):
        committee_post_assign(
            actor=secretary,
            organization=org_tree.cell_b,
            post="member",
            person_name="Lê Văn E",
            held_from=date(2021, 1, 1),
        )
    with pytest.raises(PermissionDenied):
        term_create(actor=secretary, organization=org_tree.cell_b, congress_on=date(2022, 1, 1))
    assert row_counts() == before
    assert Term.objects.count() == 0


def test_size_warnings_compare_membership_with_the_rulebook(org_tree, superuser):
    # given: five official members in CB-A, which has a committee, and a small grassroots committee
    from dangvien.core.decisions import Decision
    from dangvien.members.services import member_admit

    for index in range(5):
        member_admit(
            actor=superuser,
            organization=org_tree.cell_a,
            admitted_on=date(2015, 3, 1),
            decision=Decision("1-QĐ", date(2015, 2, 1), "Đảng ủy"),
            profile={"full_name": f"Đảng viên {index}", "sex": "M", "birth_date": date(1980, 1, 1)},
            member_key=f"K{index}",
        )
    from dangvien.members.models import Member
    from dangvien.members.services import member_recognise

    for member in Member.objects.all():
        member_recognise(
            actor=superuser, member=member, decision=Decision("2-QĐ", date(2016, 3, 5), "Đảng ủy")
        )
    for index in range(3):
        committee_post_assign(
            actor=superuser,
            organization=org_tree.cell_a,
            post="member",
            person_name=f"Ủy viên {index}",
            held_from=date(2021, 1, 1),
        )
    # when
    cell = {w.code: w for w in committee_warnings(org_tree.cell_a, on=date(2022, 1, 1))}
    commune = {w.code: w for w in committee_warnings(org_tree.commune, on=date(2022, 1, 1))}
    # then
    assert (
        cell["committee_without_enough_members"].rule_key == "cell.committee_min_official_members"
    )
    assert "5" in cell["committee_without_enough_members"].message
    assert "too_few_official_members" not in cell
    assert commune["grassroots_committee_too_small"].rule_key == "grassroots.committee_min_members"
    assert "too_few_official_members" in {
        w.code for w in committee_warnings(org_tree.cell_b, on=date(2022, 1, 1))
    }


#
# Posts end with their organization (issue 11, 6a)
#


def _posts(org, **extra):
    """A secretary in post since 2020, a member until 2030 and a deputy who left in 2021."""
    common = {"actor": extra.pop("actor"), "organization": org}
    return [
        committee_post_assign(
            **common, post="secretary", person_name="Nguyễn Văn An", held_from=date(2020, 1, 1)
        ),
        committee_post_assign(
            **common,
            post="member",
            person_name="Trần Thị Bình",
            held_from=date(2020, 1, 1),
            held_to=date(2030, 1, 1),
        ),
        committee_post_assign(
            **common,
            post="deputy_secretary",
            person_name="Lê Văn Cường",
            held_from=date(2020, 1, 1),
            held_to=date(2021, 1, 1),
        ),
    ]


def _ends(posts):
    return [CommitteePost.objects.get(pk=p.pk).held_to for p in posts]


ENDED = date(2024, 1, 1)


def test_dissolving_an_organization_ends_its_posts_that_day(org_tree, superuser):
    """Regression (issue 11, 6a): a dissolved cell kept its secretary for ever."""
    # given
    posts = _posts(org_tree.cell_b, actor=superuser)
    audit_before = AuditEvent.objects.filter(object_type__model="committeepost").count()
    # when
    organization_dissolve(actor=superuser, organization=org_tree.cell_b, effective_on=ENDED)
    # then
    assert _ends(posts) == [ENDED, ENDED, date(2021, 1, 1)]
    assert [p.person_name for p in committee_at(org_tree.cell_b, on=date(2023, 12, 31))] == [
        "Nguyễn Văn An",
        "Trần Thị Bình",
    ]
    assert not committee_at(org_tree.cell_b, on=ENDED).exists()
    assert not committee_at(org_tree.cell_b).exists()  # today: no current committee
    ended = AuditEvent.objects.filter(object_type__model="committeepost").order_by("id")[
        audit_before:
    ]
    assert [(a.action, a.after["held_to"]) for a in ended] == [("update", "2024-01-01")] * 2
    assert all(a.organization_path == org_tree.cell_b.path for a in ended)


def test_merging_ends_the_posts_of_the_absorbed_organization_not_of_the_survivor(
    org_tree, superuser
):
    # given
    absorbed = _posts(org_tree.cell_b, actor=superuser)
    survivor = _posts(org_tree.cell_a, actor=superuser)
    # when
    organization_merge(
        actor=superuser, absorbed=[org_tree.cell_b], survivor=org_tree.cell_a, effective_on=ENDED
    )
    # then
    assert _ends(absorbed) == [ENDED, ENDED, date(2021, 1, 1)]
    assert _ends(survivor) == [None, date(2030, 1, 1), date(2021, 1, 1)]


def test_splitting_ends_the_posts_of_the_split_organization(org_tree, superuser):
    # given
    posts = _posts(org_tree.commune, actor=superuser)
    # when
    organization_split(
        actor=superuser,
        organization=org_tree.commune,
        effective_on=ENDED,
        parts=[
            SplitPart(
                "X-MA1", "Đảng bộ xã Mỹ An 1", "grassroots_committee", "commune", [org_tree.cell_a]
            ),
            SplitPart(
                "X-MA2", "Đảng bộ xã Mỹ An 2", "grassroots_committee", "commune", [org_tree.cell_b]
            ),
        ],
    )
    # then
    assert _ends(posts) == [ENDED, ENDED, date(2021, 1, 1)]


def test_refuses_to_end_an_organization_with_a_post_starting_on_or_after_that_day(
    org_tree, superuser, row_counts
):
    # given
    committee_post_assign(
        actor=superuser,
        organization=org_tree.cell_b,
        post="secretary",
        person_name="Nguyễn Văn An",
        held_from=ENDED,
    )
    before = row_counts()
    # when
    with pytest.raises(ValidationFailed) as error:
        organization_dissolve(actor=superuser, organization=org_tree.cell_b, effective_on=ENDED)
    # then
    assert error.value.code == "post_after_end"
    assert "Nguyễn Văn An" in str(error.value) and "01/01/2024" in str(error.value)
    assert row_counts() == before
    assert Organization.objects.get(pk=org_tree.cell_b.pk).dissolved_on is None


@pytest.mark.parametrize(
    ("_case", "held_from", "held_to"),
    [
        ("starts_on_the_end_day", ENDED, None),
        ("starts_after", date(2024, 3, 1), date(2024, 6, 1)),
        ("open_after_the_end", date(2020, 1, 1), None),
        ("ends_after_the_end", date(2020, 1, 1), date(2024, 1, 2)),
    ],
)
def test_refuses_a_post_that_starts_or_runs_after_its_organization_ended(
    org_tree, superuser, row_counts, _case, held_from, held_to
):
    """Regression (issue 11, 6a): the demo gave posts from 2020 to a cell merged in 2019."""
    # given
    organization_dissolve(actor=superuser, organization=org_tree.cell_b, effective_on=ENDED)
    before = row_counts()
    # when
    with pytest.raises(ValidationFailed) as error:
        committee_post_assign(
            actor=superuser,
            organization=org_tree.cell_b,
            post="secretary",
            person_name="Nguyễn Văn An",
            held_from=held_from,
            held_to=held_to,
        )
    # then
    assert error.value.code == "organization_ended"
    assert "CB-B" in str(error.value) and "01/01/2024" in str(error.value)
    assert row_counts() == before


def test_a_post_may_end_on_the_day_its_organization_ended(org_tree, superuser):
    # given
    organization_dissolve(actor=superuser, organization=org_tree.cell_b, effective_on=ENDED)
    # when
    post = committee_post_assign(
        actor=superuser,
        organization=org_tree.cell_b,
        post="secretary",
        person_name="Nguyễn Văn An",
        held_from=date(2020, 1, 1),
        held_to=ENDED,
    )
    # then
    assert post.held_to == ENDED


#
# Committees are members (issue 12, 3)
#


def test_a_post_holds_the_member_named_by_id_or_key(org_tree, superuser):
    from dangvien.committees.tests.support import official_member

    # given
    member = official_member(superuser, org_tree.cell_a, "DV-9", "Đỗ Thị Chín")

    # when
    by_member = committee_post_assign(
        actor=superuser,
        organization=org_tree.cell_a,
        post="secretary",
        member=member,
        held_from=date(2020, 1, 1),
    )
    by_key = committee_post_assign(
        actor=superuser,
        organization=org_tree.commune,
        post="member",
        person_key="DV-9",
        person_name="a typed name that the file overrides",
        held_from=date(2020, 1, 1),
    )

    # then
    assert by_member.member == member and by_key.member == member
    assert by_key.person_name == "Đỗ Thị Chín"
    assert set(member.committee_posts.all()) == {by_member, by_key}


def test_a_post_named_alone_is_identified_later_and_not_replaced(org_tree, superuser):
    from dangvien.audit.models import AuditEvent
    from dangvien.committees.services import committee_post_identify
    from dangvien.committees.tests.support import official_member

    # given: a historical post with a name only
    post = committee_post_assign(
        actor=superuser,
        organization=org_tree.cell_a,
        post="secretary",
        person_name="Đỗ T. Chín",
        held_from=date(2018, 1, 1),
    )
    member = official_member(superuser, org_tree.cell_a, "DV-9", "Đỗ Thị Chín")
    other = official_member(superuser, org_tree.cell_a, "DV-10", "Lê Văn Mười")

    # when
    identified = committee_post_identify(actor=superuser, assignment=post, member=member)

    # then
    assert (identified.member, identified.person_name) == (member, "Đỗ Thị Chín")
    assert AuditEvent.objects.filter(message="holder identified").count() == 1
    with pytest.raises(ValidationFailed):
        committee_post_identify(actor=superuser, assignment=identified, member=other)


def test_a_holder_who_is_not_an_official_member_or_has_no_file_is_a_warning(org_tree, superuser):
    from dangvien.committees.tests.support import official_member
    from dangvien.core.decisions import Decision
    from dangvien.members.services import member_admit

    # given: an official secretary, a probationary deputy, a member named without a file
    official = official_member(superuser, org_tree.cell_a, "DV-1", "Nguyễn Văn Một")
    probationary = member_admit(
        actor=superuser,
        organization=org_tree.cell_a,
        admitted_on=date(2021, 6, 1),
        decision=Decision("5-QĐ", date(2021, 5, 20), "Đảng ủy xã"),
        profile={"full_name": "Trần Văn Hai", "sex": "M", "birth_date": date(1995, 1, 1)},
        member_key="DV-2",
    )
    for post, member in (("secretary", official), ("deputy_secretary", probationary)):
        committee_post_assign(
            actor=superuser,
            organization=org_tree.cell_a,
            post=post,
            member=member,
            held_from=date(2021, 7, 1),
        )
    committee_post_assign(
        actor=superuser,
        organization=org_tree.cell_a,
        post="member",
        person_name="Lê Thị Ba",
        held_from=date(2021, 7, 1),
    )

    # when
    warnings = [
        w
        for w in committee_warnings(org_tree.cell_a, on=date(2022, 1, 1))
        if w.code.startswith("holder_")
    ]

    # then
    assert sorted((w.code, w.message.split(" (")[0]) for w in warnings) == [
        ("holder_not_official_member", "Trần Văn Hai"),
        ("holder_without_member_file", "Lê Thị Ba"),
    ]


def test_an_organization_with_fewer_official_members_than_needed_to_form_one_is_warned(
    org_tree, superuser
):
    # given: the sibling commune has no member at all; Mỹ An gets three official members
    from dangvien.committees.tests.support import official_member

    for index in range(3):
        official_member(superuser, org_tree.cell_a, f"DV-{index}", f"Đảng viên {index}")

    def codes(organization):
        return {w.code for w in committee_warnings(organization, on=date(2022, 1, 1))}

    # then (Điều lệ Điều 21.2: organization.min_official_members_to_form)
    assert "too_few_to_form" in codes(org_tree.sibling_commune)
    assert "too_few_to_form" not in codes(org_tree.commune)
    # a district is counted only up to the minimum (issue 19: a province's millions)
    assert "too_few_to_form" in codes(org_tree.sibling_district)
    assert "too_few_to_form" not in codes(org_tree.district)


def test_a_large_organization_short_of_the_minimum_is_told_its_count(org_tree, superuser):
    # given: two official members under the district, one fewer than the minimum
    from dangvien.committees.tests.support import official_member

    for index in range(2):
        official_member(superuser, org_tree.cell_a, f"DV-{index}", f"Đảng viên {index}")
    # when
    (warning,) = [
        w
        for w in committee_warnings(org_tree.district, on=date(2022, 1, 1))
        if w.code == "too_few_to_form"
    ]
    # then
    assert "2" in warning.message.split(";")[0]
