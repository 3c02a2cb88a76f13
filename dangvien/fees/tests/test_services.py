"""fee_payment_record and fee_sheet_record: the payment, its audit row, each rule, the scope."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from dangvien.audit.models import AuditEvent
from dangvien.core.exceptions import ValidationFailed
from dangvien.fees.models import FeePayment
from dangvien.fees.services import SheetEntry, fee_payment_record, fee_sheet_record
from dangvien.members.services import member_resign

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(tree, admit):
    return admit("an", tree.cell_1, date(2020, 3, 1), official_on=date(2021, 3, 1))


def _counts():
    return FeePayment.objects.count(), AuditEvent.objects.count()


def test_records_the_payment_with_its_collecting_cell_and_an_audit_row(member, tree, superuser):
    audits = AuditEvent.objects.count()
    payment = fee_payment_record(
        actor=superuser, member=member, month=date(2026, 3, 17), amount=48_000,
        paid_on=date(2026, 3, 20), reference="PT-12",
    )  # fmt: skip
    assert payment.month == date(2026, 3, 1)
    assert payment.organization == tree.cell_1
    assert payment.actor_name
    assert AuditEvent.objects.count() == audits + 1
    assert AuditEvent.objects.latest("id").after["amount"] == 48_000


@pytest.mark.parametrize(
    ("_case", "month", "amount", "paid_on", "code"),
    [
        ("zero amount", date(2026, 3, 1), 0, date(2026, 3, 5), "fee_amount_invalid"),
        ("negative amount", date(2026, 3, 1), -5, date(2026, 3, 5), "fee_amount_invalid"),
        ("before admission", date(2020, 2, 1), 5000, date(2020, 2, 5), "fee_not_member"),
        ("future day", date(2026, 3, 1), 5000, date(2099, 1, 1), "future_date"),
    ],
)
def test_refuses_a_payment_that_breaks_a_rule(
    member, superuser, _case, month, amount, paid_on, code
):
    before = _counts()
    with pytest.raises(ValidationFailed) as refused:
        fee_payment_record(
            actor=superuser, member=member, month=month, amount=amount, paid_on=paid_on
        )
    assert refused.value.code == code
    assert _counts() == before


def test_a_month_is_paid_once(member, pay, superuser):
    pay(member, "2026-03")
    before = _counts()
    with pytest.raises(ValidationFailed) as refused:
        fee_payment_record(
            actor=superuser, member=member, month=date(2026, 3, 1), amount=5000,
            paid_on=date(2026, 4, 1),
        )  # fmt: skip
    assert refused.value.code == "fee_already_paid"
    assert _counts() == before


def test_the_month_of_the_exit_may_be_paid_but_not_the_next(member, superuser):
    member_resign(actor=superuser, member=member, effective_on=date(2026, 5, 15))
    fee_payment_record(
        actor=superuser, member=member, month=date(2026, 5, 1), amount=5000,
        paid_on=date(2026, 5, 10),
    )  # fmt: skip
    with pytest.raises(ValidationFailed):
        fee_payment_record(
            actor=superuser, member=member, month=date(2026, 6, 1), amount=5000,
            paid_on=date(2026, 6, 10),
        )  # fmt: skip


def test_a_secretary_of_another_cell_may_not_record(member, tree, make_actor):
    outsider = make_actor("cell_secretary", tree.cell_3)
    before = _counts()
    with pytest.raises(PermissionDenied):
        fee_payment_record(
            actor=outsider, member=member, month=date(2026, 3, 1), amount=5000,
            paid_on=date(2026, 3, 5),
        )  # fmt: skip
    assert _counts() == before


def test_the_cells_secretary_records_the_sheet_and_a_second_send_records_nothing(
    member, tree, admit, make_actor
):
    other = admit("binh", tree.cell_1, date(2020, 3, 1), official_on=date(2021, 3, 1))
    secretary = make_actor("cell_secretary", tree.cell_1)
    entries = [
        SheetEntry(member, 20_000, date(2026, 3, 5)),
        SheetEntry(other, 35_000, date(2026, 3, 5)),
    ]
    saved = fee_sheet_record(
        actor=secretary, organization=tree.cell_1, month=date(2026, 3, 1), entries=entries
    )
    assert [p.amount for p in saved] == [20_000, 35_000]
    again = fee_sheet_record(
        actor=secretary, organization=tree.cell_1, month=date(2026, 3, 1), entries=entries
    )
    assert again == []
    assert FeePayment.objects.count() == 2


def test_a_sheet_is_all_or_nothing(member, tree, admit, superuser):
    late = admit("binh", tree.cell_1, date(2026, 4, 1))
    with pytest.raises(ValidationFailed):
        fee_sheet_record(
            actor=superuser, organization=tree.cell_1, month=date(2026, 3, 1),
            entries=[SheetEntry(member, 20_000, date(2026, 3, 5)), SheetEntry(late, 5000, date(2026, 3, 5))],
        )  # fmt: skip
    assert FeePayment.objects.count() == 0


def test_payments_cannot_be_edited_or_deleted(member, pay):
    from dangvien.core.models import AppendOnlyError

    pay(member, "2026-03")
    payment = FeePayment.objects.get()
    payment.amount = 1
    with pytest.raises(AppendOnlyError):
        payment.save()
    with pytest.raises(AppendOnlyError):
        FeePayment.objects.all().delete()


def test_the_demo_step_writes_two_years_with_the_exempt_owing_nothing(tree, admit, superuser):
    import random

    from dangvien.core.demo import DemoContext
    from dangvien.fees.demo import build_fees

    old = admit(
        "cu", tree.cell_1, date(1975, 2, 1), decided_on=date(1975, 1, 10),
        official_on=date(1976, 2, 1),
    )  # fmt: skip
    for key in ("a", "b", "c", "d", "e", "f"):
        admit(key, tree.cell_1, date(2010, 3, 1), official_on=date(2011, 3, 1))
    context = DemoContext(
        actor=superuser,
        random=random.Random(7),
        made={"new_communes": {"Xã Tháp Mười": tree.commune}},
    )
    build_fees(context)
    months = set(FeePayment.objects.values_list("month", flat=True))
    assert date(2025, 1, 1) in months and date(2026, 3, 1) in months
    # the member of fifty years pays under 342 (January 2026), not under 01-QĐ/TW (March)
    paid = set(FeePayment.objects.filter(member=old).values_list("month", flat=True))
    assert date(2026, 1, 1) in paid and date(2026, 3, 1) not in paid
    assert context.summary["fee_payments"] == FeePayment.objects.count()
