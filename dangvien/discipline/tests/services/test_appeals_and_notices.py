from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from dangvien.audit.models import AuditEvent
from dangvien.core.decisions import Decision
from dangvien.core.exceptions import ValidationFailed
from dangvien.discipline.choices import Form, Subject
from dangvien.discipline.models import AppealOutcome, DisciplineAppeal
from dangvien.discipline.services import (
    appeal_decide,
    appeal_lodge,
    discipline_record,
    state_notice_record,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def warned(cell, superuser, org_tree):
    return discipline_record(
        actor=superuser,
        key="KL-W",
        subject=Subject.MEMBER,
        member=cell["official"][0],
        form=Form.WARNING,
        decided_on=date(2024, 5, 2),
        deciding_organization=org_tree.cell_a,
        number="03-QĐ/CB",
    )


def test_an_appeal_within_the_month_is_settled_by_the_body_above(warned, actors, org_tree):
    appeal = appeal_lodge(
        actor=actors["secretary"],
        decision=warned,
        received_on=date(2024, 5, 6),
        lodged_on=date(2024, 6, 6),
        appealed_to=org_tree.commune,
        grounds="Hình thức quá nặng so với mức độ vi phạm",
    )
    with pytest.raises(PermissionDenied):
        appeal_decide(
            actor=actors["secretary"],
            appeal=appeal,
            outcome=AppealOutcome.CHANGED,
            new_form=Form.REPRIMAND,
            decision=Decision("20-QĐ/ĐU", date(2024, 7, 1)),
        )
    ruling = appeal_decide(
        actor=actors["commune"],
        appeal=appeal,
        outcome=AppealOutcome.CHANGED,
        new_form=Form.REPRIMAND,
        decision=Decision("20-QĐ/ĐU", date(2024, 7, 1)),
    )
    assert (ruling.outcome, ruling.new_form) == ("changed", "reprimand")


def test_a_late_appeal_is_refused_with_the_period(warned, actors, org_tree):
    audit = AuditEvent.objects.count()
    with pytest.raises(ValidationFailed) as refused:
        appeal_lodge(
            actor=actors["secretary"],
            decision=warned,
            received_on=date(2024, 5, 6),
            lodged_on=date(2024, 6, 7),
            appealed_to=org_tree.commune,
        )
    assert refused.value.code == "appeal_late"
    assert "06/06/2024" in str(refused.value)
    assert not DisciplineAppeal.objects.exists()
    assert AuditEvent.objects.count() == audit


def test_an_appeal_goes_above_the_body_that_decided(warned, actors, org_tree):
    with pytest.raises(ValidationFailed) as refused:
        appeal_lodge(
            actor=actors["secretary"],
            decision=warned,
            received_on=date(2024, 5, 6),
            lodged_on=date(2024, 5, 20),
            appealed_to=org_tree.cell_a,
        )
    assert refused.value.code == "appeal_body"


def test_a_changed_form_must_fit_the_subject(warned, actors, org_tree):
    appeal = appeal_lodge(
        actor=actors["secretary"],
        decision=warned,
        received_on=date(2024, 5, 6),
        lodged_on=date(2024, 5, 20),
        appealed_to=org_tree.district,
    )
    with pytest.raises(ValidationFailed) as refused:
        appeal_decide(
            actor=actors["district"],
            appeal=appeal,
            outcome=AppealOutcome.CHANGED,
            new_form=Form.DISSOLUTION,
            decision=Decision("5-QĐ/HU", date(2024, 6, 1)),
        )
    assert refused.value.code == "form_not_allowed"


def test_a_state_notice_is_due_five_days_after_the_state_decision(cell, actors):
    notice = state_notice_record(
        actor=actors["secretary"],
        member=cell["official"][1],
        state_body="UBND xã Mỹ An",
        measure="Khiển trách (kỷ luật hành chính)",
        state_decision=Decision("15/QĐ-UBND", date(2025, 8, 4)),
        received_on=date(2025, 8, 12),
    )
    assert notice.due_on == date(2025, 8, 9)
    assert notice.late


def test_a_state_notice_for_someone_not_a_member_is_refused(cell, actors):
    with pytest.raises(ValidationFailed) as refused:
        state_notice_record(
            actor=actors["secretary"],
            member=cell["probationary"],
            state_body="UBND xã Mỹ An",
            measure="Đình chỉ công tác",
            state_decision=Decision("15/QĐ-UBND", date(2023, 8, 4)),
            received_on=date(2023, 8, 6),
        )
    assert refused.value.code == "not_a_member"
