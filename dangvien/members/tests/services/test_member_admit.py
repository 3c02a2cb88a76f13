from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from dangvien.core.decisions import Decision
from dangvien.core.exceptions import ValidationFailed
from dangvien.members.models import Member, MemberEvent
from dangvien.members.services import member_admit
from dangvien.members.tests.support import (
    ADMITTED,
    DECIDED,
    admit,
    audits_of,
    counts,
    periods_of,
)

pytestmark = pytest.mark.django_db


def _admit(actor, organization, **overrides):
    arguments = {
        "actor": actor,
        "organization": organization,
        "admitted_on": ADMITTED,
        "decision": Decision("01-QĐ/ĐU", DECIDED, "Đảng ủy xã Mỹ An"),
        "profile": {"full_name": "Nguyễn Văn An", "sex": "M", "birth_date": date(1990, 5, 1)},
    }
    arguments.update(overrides)
    return member_admit(**arguments)


def test_creates_probationary_member_with_one_event_and_one_audit_row(org_tree, make_actor):
    # given
    # the standing committee above the grassroots organization decides (competence)
    actor = make_actor("staff", org_tree.district)
    before = counts()
    # when
    member = _admit(actor, org_tree.cell_a)
    # then
    assert periods_of(member) == [("CB-A", ADMITTED, None, "probationary", False, None, None)]
    event = MemberEvent.objects.get(member=member)
    assert (event.type, event.effective_on, event.organization) == (
        "admitted",
        ADMITTED,
        org_tree.cell_a,
    )
    assert (event.decision_number, event.decision_date) == ("01-QĐ/ĐU", DECIDED)
    assert member.member_key == f"DV{member.pk:08d}"
    assert member.search_name == "nguyen van an"
    [audit] = audits_of(member)
    assert audit.action == "create"
    assert audit.before == {"periods": []}
    assert audit.after["periods"][0]["status"] == "probationary"
    after = counts()
    assert after["members"] == before["members"] + 1
    assert after["events"] == before["events"] + 1
    assert after["periods"] == before["periods"] + 1
    assert after["audit"] == before["audit"] + 1


def test_admits_on_the_day_of_the_eighteenth_birthday(org_tree, superuser):
    # when
    member = _admit(
        superuser,
        org_tree.cell_a,
        profile={"full_name": "Lê Thị Hoa", "sex": "F", "birth_date": date(2002, 1, 5)},
    )
    # then
    assert Member.objects.filter(pk=member.pk).exists()


def test_admits_over_sixty_with_provincial_approval(org_tree, superuser):
    # when
    member = _admit(
        superuser,
        org_tree.cell_a,
        profile={"full_name": "Trần Văn Ba", "sex": "M", "birth_date": date(1959, 1, 4)},
        over_age_approved=True,
    )
    # then
    assert periods_of(member)[0][3] == "probationary"


def test_admits_into_a_grassroots_cell(org_tree, superuser):
    # given
    from dangvien.members.tests.support import make_cell

    grassroots = make_cell(superuser, "CBCS-1", org_tree.district, kind="grassroots_cell")
    # when
    member = _admit(superuser, grassroots)
    # then
    assert periods_of(member)[0][0] == "CBCS-1"


def test_age_is_checked_on_the_vote_date_when_given(org_tree, superuser):
    # given: 18 on the vote date, still 17 on the decision date
    profile = {"full_name": "Võ Minh Tâm", "sex": "M", "birth_date": date(2002, 1, 5)}
    # when
    member = _admit(
        superuser,
        org_tree.cell_a,
        profile=profile,
        decision=Decision("02", date(2020, 1, 4)),
        vote_on=date(2020, 1, 5),
    )
    # then
    assert member.pk is not None


@pytest.mark.parametrize(
    ("_case", "overrides", "code"),
    [
        (
            "national id of 11 digits",
            {"profile": {"full_name": "A", "sex": "M", "national_id": "08709000123"}},
            "national_id_invalid",
        ),
        (
            "national id with a letter",
            {"profile": {"full_name": "A", "sex": "M", "national_id": "08709000123X"}},
            "national_id_invalid",
        ),
        (
            "one day short of 18 years",
            {"profile": {"full_name": "A", "sex": "M", "birth_date": date(2002, 1, 6)}},
            "too_young",
        ),
        (
            "over 60 years without approval",
            {"profile": {"full_name": "A", "sex": "M", "birth_date": date(1959, 1, 4)}},
            "too_old",
        ),
        (
            "ceremony before the decision",
            {"decision": Decision("01", date(2020, 1, 11))},
            "ceremony_before_decision",
        ),
        ("no decision date", {"decision": Decision("01", None)}, "decision_date_required"),
        (
            "cell not yet founded",
            {"admitted_on": date(1999, 12, 31), "decision": Decision("01", date(1999, 12, 1))},
            "organization_not_existing",
        ),
        ("missing sex", {"profile": {"full_name": "A"}}, "name_required"),
        ("blank name", {"profile": {"full_name": "  ", "sex": "M"}}, "name_required"),
        ("unknown sex", {"profile": {"full_name": "A", "sex": "X"}}, "sex_invalid"),
        (
            "born after the decision",
            {"profile": {"full_name": "A", "sex": "M", "birth_date": date(2020, 2, 1)}},
            "birth_date_invalid",
        ),
    ],
)
def test_rejects_invalid_admission(org_tree, make_actor, _case, overrides, code):
    # given: the district admits (it does not decide admissions above the age limit)
    district = make_actor("staff", org_tree.district)
    before = counts()
    # when
    with pytest.raises(ValidationFailed) as error:
        _admit(district, org_tree.cell_a, **overrides)
    # then
    assert error.value.code == code
    assert counts() == before


def test_rejects_admission_into_a_commune_committee(org_tree, superuser):
    # given
    before = counts()
    # when
    with pytest.raises(ValidationFailed) as error:
        _admit(superuser, org_tree.commune)
    # then
    assert error.value.code == "organization_holds_no_members"
    assert counts() == before


def test_rejects_admission_into_a_dissolved_cell(org_tree, superuser):
    # given
    from dangvien.organizations.services import organization_dissolve

    organization_dissolve(
        actor=superuser, organization=org_tree.cell_b, effective_on=date(2019, 1, 1)
    )
    before = counts()
    # when
    with pytest.raises(ValidationFailed) as error:
        _admit(superuser, org_tree.cell_b)
    # then
    assert error.value.code == "organization_not_existing"
    assert counts() == before


@pytest.mark.parametrize(
    ("_case", "field", "value", "code"),
    [
        ("same citizen id", "national_id", "087090001234", "national_id_taken"),
        ("same card number", "party_card_number", "12.345678", "card_taken"),
    ],
)
def test_rejects_identifier_already_used(org_tree, superuser, _case, field, value, code):
    # given
    admit(superuser, org_tree.cell_a, national_id="087090001234", party_card_number="12.345678")
    before = counts()
    # when
    with pytest.raises(ValidationFailed) as error:
        _admit(
            superuser,
            org_tree.cell_b,
            profile={"full_name": "Phạm Văn Bình", "sex": "M", field: value},
        )
    # then
    assert error.value.code == code
    assert counts() == before


def test_rejects_member_key_already_used(org_tree, superuser):
    # given
    _admit(superuser, org_tree.cell_a, member_key="K-1")
    before = counts()
    # when
    with pytest.raises(ValidationFailed) as error:
        _admit(superuser, org_tree.cell_a, member_key="K-1")
    # then
    assert error.value.code == "member_key_taken"
    assert counts() == before


@pytest.mark.parametrize(
    ("_case", "role", "on"),
    [
        ("viewer of the cell", "viewer", "cell_a"),
        ("staff of a sibling district", "staff", "sibling_district"),
        ("secretary of the other cell", "cell_secretary", "cell_b"),
    ],
)
def test_refuses_actor_without_rights_on_the_cell(org_tree, make_actor, _case, role, on):
    # given
    actor = make_actor(role, getattr(org_tree, on))
    before = counts()
    # when
    with pytest.raises(PermissionDenied):
        _admit(actor, org_tree.cell_a)
    # then
    assert counts() == before
