"""What staff learn about members and organizations outside their scope (issue 13, defect 9;
docs/security.md): a citizen ID or card number held elsewhere is "already used" by another
party member, without whom; a destination outside the scope cannot be probed by its code."""

import csv
from datetime import date

import pytest

from dangvien.core.exceptions import ValidationFailed
from dangvien.interchange.importer import ImportFailed, import_bundle
from dangvien.members.models import Member
from dangvien.members.services import member_update_profile
from dangvien.members.tests.support import admit, make_cell

pytestmark = pytest.mark.django_db

CCCD = "001090012345"


@pytest.fixture
def far_holder(org_tree, superuser) -> Member:
    """A member of another district holding ``CCCD`` and card 0099."""
    far = make_cell(superuser, "CB-XA", org_tree.sibling_commune)
    return admit(superuser, far, name="Trần Thị Xa", national_id=CCCD, party_card_number="0099")


def test_an_edit_does_not_name_the_holder_of_an_id_outside_the_scope(
    org_tree, superuser, make_actor, far_holder
):
    """Regression: the refusal named which member held the citizen ID, nationwide."""
    # given
    staff = make_actor("staff", org_tree.commune)
    member = admit(superuser, org_tree.cell_a)
    # when
    with pytest.raises(ValidationFailed) as refusal:
        member_update_profile(actor=staff, member=member, changes={"national_id": CCCD})
    # then
    assert refusal.value.code == "national_id_taken"
    assert far_holder.member_key not in str(refusal.value.message)
    assert "Xa" not in str(refusal.value.message)
    with pytest.raises(ValidationFailed) as card_refusal:
        member_update_profile(actor=staff, member=member, changes={"party_card_number": "0099"})
    assert far_holder.member_key not in str(card_refusal.value.message)
    assert Member.objects.get(pk=member.pk).national_id != CCCD


def test_an_edit_names_the_holder_the_actor_may_see(org_tree, superuser, make_actor):
    staff = make_actor("staff", org_tree.commune)
    holder = admit(superuser, org_tree.cell_b, name="Lê Văn Gần", national_id=CCCD)
    member = admit(superuser, org_tree.cell_a)
    with pytest.raises(ValidationFailed) as refusal:
        member_update_profile(actor=staff, member=member, changes={"national_id": CCCD})
    assert holder.member_key in str(refusal.value.message)


def test_an_import_check_by_staff_does_not_name_the_holder_outside_the_scope(
    tmp_path, org_tree, make_actor, far_holder
):
    """Regression: a staff dry-run named which member holds any citizen ID nationwide."""
    # given
    staff = make_actor("staff", org_tree.commune)
    folder = tmp_path / "b"
    folder.mkdir()
    with (folder / "organizations.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerow(
            ["code", "name", "kind", "sector", "parent_code", "established_on", "dissolved_on"]
        )
    with (folder / "members.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(
            [
                [
                    "member_id",
                    "full_name",
                    "sex",
                    "birth_date",
                    "national_id",
                    "organization_code",
                    "decision_on",
                    "admitted_on",
                ],
                ["M9", "Ngô Văn Chín", "M", "1980-01-01", CCCD, "CB-A", "2005-01-10", "2005-02-01"],
            ]
        )
    # when
    with pytest.raises(ImportFailed) as failure:
        import_bundle(folder, actor=staff, dry_run=True)
    # then
    problems = [str(p) for p in failure.value.problems]
    assert any(p.startswith("members.csv:2: national_id:") for p in problems), problems
    assert not any(far_holder.member_key in p for p in problems), problems


def _transfer_issue(api_client, member, code):
    return api_client.post(
        f"/api/members/{member.pk}/transfer-issue/",
        {"organization": code, "effective_on": "2024-03-01"},
        format="json",
    )


def test_a_destination_outside_the_scope_cannot_be_probed(
    org_tree, superuser, make_actor, api_client
):
    """Regression: transfer targets let staff enumerate organization codes (an existing code
    answered otherwise than an unknown one, with the organization's name and kind)."""
    # given
    member = admit(superuser, org_tree.cell_a, admitted_on=date(2020, 1, 10))
    api_client.force_authenticate(make_actor("staff", org_tree.commune))
    # when: a code that exists outside the scope (not a cell) and one that does not
    existing = _transfer_issue(api_client, member, org_tree.sibling_district.code)
    unknown = _transfer_issue(api_client, member, "NO-SUCH")
    # then: the same answer but for the code itself
    assert existing.status_code == unknown.status_code == 400
    assert existing.json()["code"] == unknown.json()["code"] == "organization_unknown"
    assert existing.json()["message"].replace(org_tree.sibling_district.code, "?") == (
        unknown.json()["message"].replace("NO-SUCH", "?")
    )
    assert "Cao Lãnh" not in existing.content.decode()
