"""Approval freezes: a later correction leaves the frozen figures and documents as they were."""

from __future__ import annotations

import hashlib
import json
from datetime import date

import pytest

from dangvien.members.models import MemberPeriod
from dangvien.members.services import member_update_profile
from dangvien.reports.models import PeriodReport
from dangvien.reports.selectors import figures_diff, report_figures
from dangvien.reports.services import report_approve, report_create, report_submit

pytestmark = pytest.mark.django_db


def test_correction_after_approval_leaves_frozen_figures_and_shows_a_diff(thap_muoi):
    # given: the report of Tháp Mười to 30/04/2022, approved
    from dangvien.accounts.models import User

    superuser = User.objects.get(username="bundle-admin")
    report = report_create(
        actor=superuser,
        organization=thap_muoi,
        period_kind="custom",
        period_from=date(2022, 1, 1),
        period_to=date(2022, 4, 30),
    )
    report_submit(actor=superuser, report=report)
    approver = User.objects.create_superuser("approver", "approver@example.vn", "approver-pass-1")
    report = report_approve(actor=approver, report=report)
    frozen = json.loads(json.dumps(report.figures))
    checksum = report.checksums["docx"]
    assert frozen["members"]["total"] == 4541
    # when: a member's file is corrected (a woman recorded as a man)
    period = (
        MemberPeriod.objects.at(date(2022, 4, 30))
        .filter(member__sex="F")
        .select_related("member")
        .first()
    )
    member_update_profile(actor=superuser, member=period.member, changes={"sex": "M"})
    # then: the report is unchanged, the recomputation differs on the female count
    report = PeriodReport.objects.get(pk=report.pk)
    assert report.figures == frozen
    assert hashlib.sha256(bytes(report.docx)).hexdigest() == checksum
    current = report_figures(thap_muoi, report.period_to, period_from=report.period_from)
    diff = {row["field"]: row for row in figures_diff(report.figures, current)}
    assert diff["members.female"]["frozen"] == frozen["members"]["female"]
    assert diff["members.female"]["current"] == frozen["members"]["female"] - 1
    assert "members.total" not in diff
