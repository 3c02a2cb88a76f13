"""fee_basis_record and fee_relief_record: the rows, their audit, each rule; their effect on
the collection sheet and on the unpaid months."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from dangvien.accounts.models import RoleAssignment, User
from dangvien.audit.models import AuditEvent
from dangvien.core.decisions import Decision
from dangvien.core.exceptions import ValidationFailed
from dangvien.fees.models import FeeBasis, FeeRelief
from dangvien.fees.selectors import collection_sheet, unpaid_months
from dangvien.fees.services import fee_basis_record, fee_relief_record

pytestmark = pytest.mark.django_db
MAR = date(2026, 3, 1)


@pytest.fixture
def member(tree, admit):
    return admit("an", tree.cell_1, date(2020, 3, 1), official_on=date(2021, 3, 1))


def _decision(number="12-QĐ/ĐU", on=date(2026, 2, 20)):
    return Decision(number, on, "Đảng ủy xã Yên")


def test_a_basis_is_recorded_with_an_audit_row_and_a_correction_is_a_new_row(
    member, tree, superuser
):
    audits = AuditEvent.objects.count()
    fee_basis_record(
        actor=superuser, member=member, valid_from=MAR, kind="salary", amount=6_000_000
    )
    fee_basis_record(
        actor=superuser, member=member, valid_from=MAR, kind="salary", amount=7_000_000
    )
    assert FeeBasis.objects.filter(member=member).count() == 2
    assert AuditEvent.objects.count() == audits + 2
    [line] = collection_sheet(organization=tree.cell_1, month=MAR, on=date(2026, 4, 1))
    assert (line.due.amount, line.suggested_amount) == (70_000, 70_000)


@pytest.mark.parametrize(
    ("kind", "amount", "month", "code"),
    [
        ("salary", 0, MAR, "fee_basis_amount"),
        ("wage", 5_000_000, MAR, "fee_basis_kind"),
        ("pension", 5_000_000, date(2019, 1, 1), "fee_not_member"),
    ],
)
def test_refuses_a_basis_that_breaks_a_rule(member, superuser, kind, amount, month, code):
    with pytest.raises(ValidationFailed) as refused:
        fee_basis_record(actor=superuser, member=member, valid_from=month, kind=kind, amount=amount)
    assert refused.value.code == code
    assert not FeeBasis.objects.exists()


def test_a_reduction_is_decided_by_the_grassroots_committee_and_preloads_the_sheet(
    member, tree, superuser
):
    fee_basis_record(
        actor=superuser, member=member, valid_from=MAR, kind="salary", amount=6_000_000
    )
    relief = fee_relief_record(
        actor=superuser, member=member, kind="reduction", percent=50,
        first_month=MAR, last_month=date(2027, 2, 1), decision=_decision(),
    )  # fmt: skip
    assert relief.decided_by == tree.commune
    [line] = collection_sheet(organization=tree.cell_1, month=MAR, on=date(2026, 4, 1))
    assert (line.due.amount, line.due.reason, line.due.percent_off) == (30_000, "reduced", 50)


@pytest.mark.parametrize(
    ("kind", "percent", "first", "last", "decision", "code"),
    [
        ("reduction", 40, MAR, MAR, _decision(), "fee_relief_percent"),
        ("reduction", 30, MAR, date(2027, 3, 1), _decision(), "fee_relief_too_long"),
        (
            "reduction",
            30,
            date(2025, 6, 1),
            date(2025, 8, 1),
            _decision(),
            "fee_reduction_not_provided",
        ),
        ("reduction", 30, MAR, MAR, Decision("", date(2026, 2, 20)), "decision_required"),
        ("exemption", 50, MAR, MAR, _decision(), "fee_relief_percent"),
        ("reduction", 30, MAR, date(2026, 1, 1), _decision(), "fee_relief_order"),
    ],
)
def test_refuses_a_relief_that_breaks_a_rule(
    member, superuser, kind, percent, first, last, decision, code
):
    with pytest.raises(ValidationFailed) as refused:
        fee_relief_record(
            actor=superuser, member=member, kind=kind, percent=percent,
            first_month=first, last_month=last, decision=decision,
        )  # fmt: skip
    assert refused.value.code == code
    assert not FeeRelief.objects.exists()


def test_only_the_competent_body_decides_a_relief(member, tree):
    secretary = User.objects.create_user("bithu", password="pass-123-abc", full_name="Bí thư")
    RoleAssignment.objects.create(
        user=secretary, organization=tree.cell_1, role="cell_secretary", valid_from=date(2020, 1, 1)
    )
    with pytest.raises(PermissionDenied):
        fee_relief_record(
            actor=secretary, member=member, kind="reduction", percent=30,
            first_month=MAR, last_month=MAR, decision=_decision(),
        )  # fmt: skip
    assert not FeeRelief.objects.exists()


def test_a_hardship_exemption_removes_its_months_from_the_unpaid(member, superuser, pay):
    pay(member, "2026-01", "2026-02")
    assert unpaid_months([member.pk], date(2026, 6, 30))[member.pk] == [
        date(2026, month, 1) for month in (3, 4, 5, 6)
    ]
    fee_relief_record(
        actor=superuser, member=member, kind="exemption", percent=100,
        first_month=date(2026, 4, 1), last_month=date(2026, 12, 1), decision=_decision(),
        reason="Hộ nghèo",
    )  # fmt: skip
    assert unpaid_months([member.pk], date(2026, 6, 30))[member.pk] == [MAR]


def test_a_social_pension_exempts_from_february_2026(member, superuser, pay):
    pay(member, "2025-12")
    fee_basis_record(
        actor=superuser, member=member, valid_from=date(2025, 12, 1), kind="social_pension"
    )
    assert unpaid_months([member.pk], date(2026, 3, 31))[member.pk] == [date(2026, 1, 1)]
