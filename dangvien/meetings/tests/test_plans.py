"""Meeting plans and absences announced from the handbook: the secretary plans, the member
announces an absence on a phone, the secretary records the meeting and finds the absence
preloaded."""

from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from dangvien.accounts.models import User
from dangvien.core.dates import today
from dangvien.core.exceptions import ValidationFailed
from dangvien.meetings.models import AbsenceNotice, MeetingPlan
from dangvien.meetings.services import absence_announce, meeting_plan_create, meeting_record
from dangvien.portal.services import member_account_link

pytestmark = pytest.mark.django_db


@pytest.fixture
def accounts(people, superuser):
    made = {}
    for key in ("an", "cuong"):
        user = User.objects.create_user(key, password="pass-12345")
        member_account_link(actor=superuser, user=user, member=people[key], on=today())
        made[key] = user
    return made


def test_a_plan_is_for_today_or_later(actors, org_tree):
    with pytest.raises(ValidationFailed) as error:
        meeting_plan_create(
            actor=actors["secretary"],
            organization=org_tree.cell_a,
            kind="regular",
            planned_on=today() - timedelta(days=1),
        )
    assert error.value.code == "plan_in_the_past"


def test_only_the_member_or_the_cell_announces_and_never_after_the_meeting(
    people, actors, accounts, org_tree
):
    plan = meeting_plan_create(
        actor=actors["secretary"],
        organization=org_tree.cell_a,
        kind="regular",
        planned_on=today() + timedelta(days=5),
    )
    notice = absence_announce(actor=accounts["an"], plan=plan, member=people["an"], reason="Ốm")
    again = absence_announce(
        actor=accounts["an"], plan=plan, member=people["an"], reason="Đi  công tác"
    )
    assert again.pk == notice.pk and again.reason == "Đi công tác"
    with pytest.raises(PermissionDenied):
        absence_announce(actor=accounts["an"], plan=plan, member=people["binh"], reason="Ốm")
    with pytest.raises(ValidationFailed) as error:
        absence_announce(actor=accounts["cuong"], plan=plan, member=people["cuong"], reason="Ốm")
    assert error.value.code == "attendance_exempted"
    with pytest.raises(ValidationFailed) as error:
        absence_announce(actor=accounts["an"], plan=plan, member=people["an"], reason=" ")
    assert error.value.code == "notice_reason_required"
    MeetingPlan.objects.filter(pk=plan.pk).update(planned_on=today() - timedelta(days=1))
    with pytest.raises(ValidationFailed) as error:
        absence_announce(actor=accounts["an"], plan=plan, member=people["an"], reason="Ốm")
    assert error.value.code == "notice_too_late"


def test_plan_announce_then_record_with_the_absence_preloaded(
    client, people, actors, accounts, org_tree, today_is
):
    day = today() + timedelta(days=7)
    client.force_login(actors["secretary"])
    response = client.post(
        reverse("web:meeting_plan_create", args=["CB-A"]),
        {"kind": "thematic", "planned_on": day.strftime("%d/%m/%Y"), "topic": "Nghị quyết 21"},
    )
    assert response.status_code == 302
    plan = MeetingPlan.objects.get()
    # the member sees it on their phone and announces an absence
    client.force_login(accounts["an"])
    page = client.get(reverse("web:portal")).content.decode()
    assert "Nghị quyết 21" in page and reverse("web:plan_absence", args=[plan.pk]) in page
    response = client.post(reverse("web:plan_absence", args=[plan.pk]), {"reason": "Đi công tác"})
    assert response.status_code == 302
    assert AbsenceNotice.objects.get().reason == "Đi công tác"
    # the exempted member is not invited
    client.force_login(accounts["cuong"])
    assert "Nghị quyết 21" not in client.get(reverse("web:portal")).content.decode()
    response = client.post(reverse("web:plan_absence", args=[plan.pk]), {"reason": "Ốm"})
    assert response.status_code == 200  # the form again, with the refusal
    assert AbsenceNotice.objects.count() == 1
    # held: recorded on the day ("today" is that day for the refusal of future dates)
    today_is(day)
    client.force_login(actors["secretary"])
    form = client.get(reverse("web:meeting_create", args=["CB-A"]) + f"?plan={plan.pk}")
    assert "Nghị quyết 21" in form.content.decode()
    response = client.post(
        reverse("web:meeting_create", args=["CB-A"]) + f"?plan={plan.pk}",
        {"kind": "thematic", "held_on": day.strftime("%d/%m/%Y"), "topic": "Nghị quyết 21"},
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.meeting is not None
    page = client.get(response.url).content.decode()
    an_status = page.split(f'name="status-{people["an"].pk}"')
    assert 'value="excused" checked' in "".join(an_status[1:3])
    assert 'value="Đi công tác"' in page


def _coming(page: str) -> str:
    """The handbook's "coming meetings" (empty when it has none)."""
    return page.split("Cuộc họp sắp tới")[1].split("</ul>")[0] if "Cuộc họp sắp tới" in page else ""


def test_the_handbook_read_at_a_past_day_lists_the_plans_coming_then(
    client, people, actors, accounts, org_tree
):
    """Read at a past day, the handbook listed the plans coming today (the demo: next January's
    meeting under 01/05/2023) and not those coming then but held since."""
    # given: September's plan, entered on 20/08/2024 and held on 15/09/2024; a plan entered today
    september = meeting_plan_create(
        actor=actors["secretary"],
        organization=org_tree.cell_a,
        kind="regular",
        planned_on=today() + timedelta(days=1),
        topic="Kế hoạch tháng 9",
    )
    MeetingPlan.objects.filter(pk=september.pk).update(
        planned_on=date(2024, 9, 15),
        created_at=datetime(2024, 8, 20, 10, tzinfo=timezone.get_current_timezone()),
    )
    september.refresh_from_db()
    meeting_record(
        actor=actors["secretary"],
        organization=org_tree.cell_a,
        kind="regular",
        held_on=date(2024, 9, 15),
        plan=september,
    )
    meeting_plan_create(
        actor=actors["secretary"],
        organization=org_tree.cell_a,
        kind="regular",
        planned_on=today() + timedelta(days=7),
        topic="Kế hoạch mới",
    )
    client.force_login(accounts["an"])

    # when
    then = _coming(client.get(reverse("web:portal"), {"as_of": "2024-09-02"}).content.decode())
    before = _coming(client.get(reverse("web:portal"), {"as_of": "2024-08-19"}).content.decode())
    now = _coming(client.get(reverse("web:portal")).content.decode())

    # then: on 02/09/2024 September's meeting was coming, today's plan unknown; before it was
    # entered nothing was; today only today's plan is
    assert "Kế hoạch tháng 9" in then and "Kế hoạch mới" not in then
    assert before == ""
    assert "Kế hoạch mới" in now and "Kế hoạch tháng 9" not in now


def test_the_handbook_read_at_another_day_offers_no_absence_to_announce(
    client, actors, accounts, org_tree
):
    """An absence is announced today: read at another day, the handbook offered the link for
    plans no longer coming today, and the form answered 404."""
    plan = meeting_plan_create(
        actor=actors["secretary"],
        organization=org_tree.cell_a,
        kind="regular",
        planned_on=today() + timedelta(days=3),
        topic="Kế hoạch tháng sau",
    )
    client.force_login(accounts["an"])
    link = reverse("web:plan_absence", args=[plan.pk])

    assert link in _coming(client.get(reverse("web:portal")).content.decode())
    tomorrow = (today() + timedelta(days=1)).isoformat()
    coming_then = _coming(client.get(reverse("web:portal"), {"as_of": tomorrow}).content.decode())
    assert "Kế hoạch tháng sau" in coming_then
    assert link not in coming_then


def test_a_plan_and_an_absence_announced_alter_no_figure_of_a_day_before_the_plan(
    people, accounts, actors, org_tree
):
    from dangvien.audit.selectors import data_version_on

    planned_on = today() + timedelta(days=7)
    days = (today(), planned_on)
    before = [data_version_on(day) for day in days]
    plan = meeting_plan_create(
        actor=actors["secretary"], organization=org_tree.cell_a, kind="regular",
        planned_on=planned_on,
    )  # fmt: skip
    after_plan = [data_version_on(day) for day in days]
    absence_announce(actor=accounts["an"], plan=plan, member=people["an"], reason="Ốm")
    after_notice = [data_version_on(day) for day in days]
    # today's figures (and every earlier day's) are kept
    assert before[0] == after_plan[0] == after_notice[0]
    assert len({before[1], after_plan[1], after_notice[1]}) == 3
