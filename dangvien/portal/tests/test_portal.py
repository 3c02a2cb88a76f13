"""The member's portal: their own record only, reached through a linked account."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from dangvien.accounts.models import User
from dangvien.core.decisions import Decision
from dangvien.core.exceptions import ValidationFailed
from dangvien.members.services import member_recognise
from dangvien.members.tests.support import admit
from dangvien.portal.models import MemberAccount
from dangvien.portal.services import member_account_link

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(org_tree, superuser):
    return admit(superuser, org_tree.cell_a, name="Nguyễn Thị Hoa")


@pytest.fixture
def account(member, superuser):
    user = User.objects.create_user("hoa", password="pass-12345")
    member_account_link(actor=superuser, user=user, member=member, on=date(2024, 1, 1))
    return user


def test_a_member_sees_their_own_file_and_timeline(client, account, member):
    client.force_login(account)
    page = client.get(reverse("web:portal")).content.decode()
    assert "Nguyễn Thị Hoa" in page
    assert f'href="{reverse("web:portal")}"' in page  # the menu's entry


def test_the_handbook_at_a_past_day_has_the_dates_of_that_day(client, account, member, superuser):
    # given: official a year after admission
    member_recognise(actor=superuser, member=member, decision=Decision("02-QĐ", date(2021, 1, 12)))
    client.force_login(account)
    official_on = member.events.get(type="recognised").effective_on

    # when: read the day before the recognition took effect, and the day it did
    before = client.get(
        reverse("web:portal"), {"as_of": (official_on - timedelta(days=1)).isoformat()}
    )
    on_the_day = client.get(reverse("web:portal"), {"as_of": official_on.isoformat()})

    # then
    assert before.context["record"].dates.official_on is None
    assert "sau ngày đang xem" in before.content.decode()
    assert on_the_day.context["record"].dates.official_on == official_on
    assert "sau ngày đang xem" not in on_the_day.content.decode()


def test_a_member_without_an_officers_role_lands_on_the_portal(client, account):
    """The walk of the demo: the member ``dangvien`` logged in to an empty organization tree."""
    # when: the member logs in
    response = client.post(
        reverse("login"), {"username": "hoa", "password": "pass-12345"}, follow=True
    )

    # then: their handbook, not the tree, nor the tree in the menu (it led back here)
    assert response.redirect_chain[-1][0] == reverse("web:portal")
    assert "Nguyễn Thị Hoa" in response.content.decode()
    menu = [str(item.label) for item in response.context["nav_items"]]
    assert "Cây tổ chức" not in menu and menu


def test_the_landing_on_the_portal_keeps_the_date_of_the_page(client, account):
    """The redirect to the handbook dropped ``?as_of=``: the member read today's record."""
    # given
    client.force_login(account)

    # when: the home page asked for a day before the member was admitted (10/01/2020)
    response = client.get(reverse("web:home"), {"as_of": "2019-12-31"})

    # then: the handbook of that day, where they were no member yet
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('web:portal')}?as_of=2019-12-31"
    page = client.get(response["Location"])
    assert page.context["record"].period is None
    assert client.get(reverse("web:portal")).context["record"].period is not None


def test_the_landing_on_the_portal_keeps_a_date_that_cannot_be_read(client, account):
    """A mistyped ``?as_of=`` was read as today without a word; the handbook a member lands on
    names it, as every page does."""
    # given
    client.force_login(account)

    # when
    response = client.get(reverse("web:home"), {"as_of": "31/02/2025"}, follow=True)

    # then: today's handbook, saying so
    assert response.redirect_chain[-1][0] == f"{reverse('web:portal')}?as_of=31%2F02%2F2025"
    assert response.context["record"].period is not None
    assert "Không đọc được ngày “31/02/2025”" in response.content.decode()


def test_a_member_who_is_also_an_officer_lands_on_the_tree(client, account, org_tree):
    # given: the member's account holds a role on the commune
    from dangvien.accounts.models import RoleAssignment

    RoleAssignment.objects.create(
        user=account, organization=org_tree.commune, role="staff", valid_from=date(2000, 1, 1)
    )
    client.force_login(account)

    # when
    response = client.get(reverse("web:home"))

    # then: the tree of the commune, the handbook in the menu
    assert response.status_code == 200
    page = response.content.decode()
    assert "Chi bộ ấp Mỹ Phước" in page and reverse("web:portal") in page
    assert "Cây tổ chức" in [str(item.label) for item in response.context["nav_items"]]


def test_a_staff_account_without_a_member_has_no_portal(client, make_actor, org_tree):
    staff = make_actor("staff", org_tree.commune)
    client.force_login(staff)
    assert client.get(reverse("web:portal")).status_code == 404
    assert reverse("web:portal") not in client.get(reverse("web:home")).content.decode()


def test_linking_needs_the_right_on_the_members_organization(member, make_actor, org_tree):
    outsider = make_actor("staff", org_tree.sibling_commune)
    user = User.objects.create_user("x", password="pass-12345")
    with pytest.raises(PermissionDenied):
        member_account_link(actor=outsider, user=user, member=member, on=date(2024, 1, 1))
    assert not MemberAccount.objects.exists()


def test_one_account_per_member(account, member, superuser):
    other = User.objects.create_user("y", password="pass-12345")
    with pytest.raises(ValidationFailed) as error:
        member_account_link(actor=superuser, user=other, member=member, on=date(2024, 1, 1))
    assert error.value.code == "member_has_account"
