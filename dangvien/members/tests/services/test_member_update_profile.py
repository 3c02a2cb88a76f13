import pytest
from django.core.exceptions import PermissionDenied

from dangvien.core.exceptions import ValidationFailed
from dangvien.members.models import Member
from dangvien.members.services import member_update_profile
from dangvien.members.tests.support import admit, audits_of, counts

pytestmark = pytest.mark.django_db


def test_changes_fields_and_records_before_and_after(org_tree, make_actor, superuser):
    # given
    member = admit(superuser, org_tree.cell_a, name="Nguyễn Văn An", phone="0901")
    actor = make_actor("cell_secretary", org_tree.cell_a)
    before = counts()
    # when
    member_update_profile(
        actor=actor, member=member, changes={"full_name": "Đặng  Văn An ", "phone": "0902"}
    )
    # then
    member.refresh_from_db()
    assert (member.full_name, member.search_name, member.phone) == (
        "Đặng Văn An",
        "dang van an",
        "0902",
    )
    audit = audits_of(member)[-1]
    assert audit.action == "update"
    assert audit.before == {"full_name": "Nguyễn Văn An", "phone": "0901"}
    assert audit.after == {"full_name": "Đặng Văn An", "phone": "0902"}
    after = counts()
    assert after["audit"] == before["audit"] + 1
    assert after["events"] == before["events"] and after["periods"] == before["periods"]


def test_does_nothing_when_no_field_changes(org_tree, superuser):
    # given
    member = admit(superuser, org_tree.cell_a, name="Nguyễn Văn An", phone="0901")
    before = counts()
    # when
    member_update_profile(
        actor=superuser, member=member, changes={"full_name": " Nguyễn   Văn An", "phone": "0901"}
    )
    # then
    assert counts() == before


@pytest.mark.parametrize(
    ("_case", "changes", "code"),
    [
        ("citizen id of another member", {"national_id": "087090001234"}, "national_id_taken"),
        ("card number of another member", {"party_card_number": "12.345678"}, "card_taken"),
        ("citizen id of 13 digits", {"national_id": "0870900012345"}, "national_id_invalid"),
        ("blank name", {"full_name": ""}, "name_required"),
        ("lifecycle field", {"member_key": "X"}, "unknown_field"),
        ("unknown theory level", {"political_theory": "phd"}, "theory_invalid"),
    ],
)
def test_rejects_invalid_change(org_tree, superuser, _case, changes, code):
    # given
    admit(
        superuser,
        org_tree.cell_a,
        name="Lê Văn Cường",
        national_id="087090001234",
        party_card_number="12.345678",
    )
    member = admit(superuser, org_tree.cell_b, name="Nguyễn Văn An")
    before = counts()
    # when
    with pytest.raises(ValidationFailed) as error:
        member_update_profile(actor=superuser, member=member, changes=changes)
    # then
    assert error.value.code == code
    assert counts() == before
    assert Member.objects.get(pk=member.pk).full_name == "Nguyễn Văn An"


def test_keeps_own_citizen_id_when_saving_it_again(org_tree, superuser):
    # given
    member = admit(superuser, org_tree.cell_a, national_id="087090001234")
    before = counts()
    # when
    member_update_profile(actor=superuser, member=member, changes={"national_id": "087090001234"})
    # then
    assert counts() == before


@pytest.mark.parametrize(
    ("_case", "role", "on"),
    [
        ("viewer of the cell", "viewer", "cell_a"),
        ("staff of a sibling district", "staff", "sibling_district"),
        ("secretary of the other cell", "cell_secretary", "cell_b"),
    ],
)
def test_refuses_actor_without_rights(org_tree, superuser, make_actor, _case, role, on):
    # given
    member = admit(superuser, org_tree.cell_a)
    actor = make_actor(role, getattr(org_tree, on))
    before = counts()
    # when
    with pytest.raises(PermissionDenied):
        member_update_profile(actor=actor, member=member, changes={"phone": "0999"})
    # then
    assert counts() == before
    assert Member.objects.get(pk=member.pk).phone == ""


def test_rejects_a_birth_date_after_the_admission(org_tree, superuser):
    # given
    from datetime import date

    member = admit(superuser, org_tree.cell_a)
    before = counts()
    # when
    with pytest.raises(ValidationFailed) as error:
        member_update_profile(
            actor=superuser, member=member, changes={"birth_date": date(2099, 1, 1)}
        )
    # then
    assert error.value.field == "birth_date"
    assert counts() == before
