"""One policy for dated facts: an event dated after today is refused, by every service."""

from datetime import date, timedelta

import pytest

from dangvien.core.dates import today
from dangvien.core.decisions import Decision
from dangvien.core.exceptions import ValidationFailed
from dangvien.members.models import MemberEvent
from dangvien.members.services import member_readmit, member_resign
from dangvien.members.tests.support import admit
from dangvien.organizations.services import organization_rename

pytestmark = pytest.mark.django_db


def test_a_readmission_dated_in_the_future_is_refused(org_tree, superuser):
    """Regression (issue 12): a re-admission dated 01/12/2030 was accepted and the member page
    showed "Dự bị, ngày kết nạp 01/12/2030" today."""
    # given
    member = admit(superuser, org_tree.cell_a)
    member_resign(actor=superuser, member=member, effective_on=date(2020, 6, 1))
    events = MemberEvent.objects.count()
    # when
    with pytest.raises(ValidationFailed) as error:
        member_readmit(
            actor=superuser,
            member=member,
            organization=org_tree.cell_a,
            effective_on=date(2030, 12, 1),
            decision=Decision("1", date(2030, 11, 20)),
        )
    # then
    assert error.value.code == "future_date"
    assert MemberEvent.objects.count() == events


def test_an_admission_tomorrow_is_refused_and_today_accepted(org_tree, superuser):
    tomorrow = today() + timedelta(days=1)
    with pytest.raises(ValidationFailed) as error:
        admit(superuser, org_tree.cell_a, admitted_on=tomorrow, decided_on=today())
    assert error.value.field in {"admitted_on", "decision_date"}
    assert admit(superuser, org_tree.cell_a, admitted_on=today(), decided_on=today())


def test_a_rename_dated_in_the_future_is_refused(org_tree, superuser):
    with pytest.raises(ValidationFailed) as error:
        organization_rename(
            actor=superuser,
            organization=org_tree.commune,
            name="Đảng bộ xã Mỹ An mới",
            effective_on=today() + timedelta(days=30),
        )
    assert error.value.code == "future_date"
