"""monthly_due: the rules of each month (342-QĐ/TW before 02/2026, 01-QĐ/TW from then) read
from the seeded rulebook, exemptions, reductions, voluntary payments, integer rounding."""

from __future__ import annotations

from datetime import date

import pytest

from dangvien.fees.dues import Basis, DueReason, Relief, monthly_due
from dangvien.rules.selectors import RuleBook

pytestmark = pytest.mark.django_db

JAN, MAR = date(2026, 1, 1), date(2026, 3, 1)


@pytest.fixture
def book():
    return RuleBook()


@pytest.mark.parametrize(
    ("kind", "amount", "january", "march"),
    [
        ("salary", 6_000_000, 60_000, 60_000),
        ("pension", 8_000_000, 40_000, 40_000),
        ("benefit", 3_000_000, 30_000, 30_000),
        ("student", 0, 2_000, 5_000),
        ("other", 0, 2_000, 5_000),
    ],
)
def test_the_due_follows_the_rules_of_its_month(book, kind, amount, january, march):
    basis = Basis(kind, amount)
    assert monthly_due(JAN, basis, rules=book).amount == january
    assert monthly_due(MAR, basis, rules=book).amount == march


def test_a_share_is_rounded_half_up_to_the_dong(book):
    assert monthly_due(MAR, Basis("salary", 4_680_050), rules=book).amount == 46_801
    assert monthly_due(MAR, Basis("salary", 4_680_049), rules=book).amount == 46_800


def test_fifty_years_of_party_age_exempt_from_february_2026_only(book):
    basis = Basis("pension", 8_000_000)
    january = monthly_due(JAN, basis, rules=book, party_age_years=51)
    march = monthly_due(MAR, basis, rules=book, party_age_years=51)
    assert (january.amount, january.exempt) == (40_000, False)
    assert (march.amount, march.reason, march.exempt) == (0, DueReason.PARTY_AGE, True)
    assert monthly_due(MAR, basis, rules=book, party_age_years=49).amount == 40_000


def test_the_social_pension_is_exempt_under_01_but_a_fixed_fee_under_342(book):
    basis = Basis("social_pension")
    assert monthly_due(JAN, basis, rules=book).amount == 2_000
    assert monthly_due(MAR, basis, rules=book).reason == DueReason.SOCIAL_PENSION


def test_a_reduction_takes_its_share_off_and_an_exemption_everything(book):
    basis = Basis("salary", 6_000_000)
    reduced = monthly_due(MAR, basis, rules=book, relief=Relief(30, "5-QĐ/ĐU"))
    assert (reduced.amount, reduced.reason, reduced.percent_off) == (42_000, "reduced", 30)
    assert reduced.before_reduction == 60_000
    exempt = monthly_due(MAR, basis, rules=book, relief=Relief(100, "6-QĐ/ĐU"))
    assert (exempt.amount, exempt.reason) == (0, DueReason.HARDSHIP)


def test_a_voluntary_fee_counts_when_it_is_higher(book):
    assert monthly_due(MAR, Basis("other", 0, 100_000), rules=book).amount == 100_000
    assert monthly_due(MAR, Basis("other", 0, 100_000), rules=book).reason == "voluntary"
    assert monthly_due(MAR, Basis("salary", 20_000_000, 100_000), rules=book).amount == 200_000


def test_without_a_basis_the_due_is_unknown_and_an_activity_exemption_owes_nothing(book):
    assert monthly_due(MAR, None, rules=book).amount is None
    assert monthly_due(MAR, None, rules=book).reason == DueReason.NO_BASIS
    assert monthly_due(MAR, Basis("salary", 6_000_000), rules=book, activity_exempt=True).exempt


def test_a_rate_changed_by_the_administrator_applies_from_its_month(book, superuser):
    from dangvien.rules.services import rule_set

    rule_set(
        actor=superuser,
        key="fee.other_amount",
        value=10_000,
        effective_from=date(2026, 6, 1),
        title="Mức đóng của đảng viên khác",
        source="Hướng dẫn của Văn phòng Trung ương (thử)",
        confidence="confirmed",
        unit="count",
    )
    book = RuleBook()
    assert monthly_due(MAR, Basis("other"), rules=book).amount == 5_000
    assert monthly_due(date(2026, 6, 1), Basis("other"), rules=book).amount == 10_000
