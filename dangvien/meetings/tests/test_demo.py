"""The demo's meetings: three years in the secretary's cell and two others, two members on the
three-months list, and the commune's statistics."""

from datetime import date

import pytest

from dangvien.accounts.models import User
from dangvien.decisions.due import removal_due
from dangvien.meetings.due import UNEXCUSED_TRIGGER
from dangvien.meetings.models import Attendance, Meeting
from dangvien.statistics.selectors import statistics_for

pytestmark = pytest.mark.django_db


def test_the_demo_has_meetings_attendance_and_members_on_the_three_months_list(demo):
    summary = demo
    assert summary["meetings"] == Meeting.objects.count() >= 90
    assert Attendance.objects.count() > 1000
    secretary = User.objects.get(username="chibo")
    cell = secretary.role_assignments.get().organization
    assert Meeting.objects.filter(organization=cell, kind="thematic").count() >= 10
    due = [
        row
        for row in removal_due(actor=secretary, organization=cell, on=date(2026, 11, 1))
        if row.trigger is UNEXCUSED_TRIGGER
    ]
    assert len(due) >= 2
    # the member whose removal the cell proposed is one of them; the expelled member has no
    # attendance after the expulsion
    from dangvien.decisions.models import Proposal

    waiting = Proposal.objects.get(kind="removal", ruling__isnull=True).member
    assert waiting in [row.due.member for row in due]
    expelled = Proposal.objects.get(kind="expulsion").member
    assert not Attendance.objects.filter(member=expelled, held_on__gt=date(2026, 3, 26)).exists()
    commune = User.objects.get(username="xa").role_assignments.get().organization
    figures = statistics_for(commune, date(2026, 11, 1))["meetings"]
    assert figures["regular"] >= 20 and figures["thematic"] >= 6
    assert 80 < figures["attendance_percent"] < 100
    assert figures["members_with_3_unexcused_months"] >= 2
    # next month's meeting is planned and the demo member sees it in the handbook
    from django.test import Client
    from django.urls import reverse

    from dangvien.core.dates import today
    from dangvien.meetings.models import MeetingPlan

    plan = MeetingPlan.objects.get(organization=cell)
    assert plan.planned_on > today()
    client = Client()
    client.force_login(User.objects.get(username="dangvien"))
    page = client.get(reverse("web:portal")).content.decode()
    assert reverse("web:plan_absence", args=[plan.pk]) in page
