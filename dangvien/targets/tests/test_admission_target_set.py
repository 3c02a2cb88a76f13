from datetime import date
from decimal import Decimal

import pytest

from dangvien.audit.models import AuditEvent
from dangvien.core.exceptions import ValidationFailed
from dangvien.targets.models import AdmissionTarget
from dangvien.targets.services import admission_target_set

pytestmark = pytest.mark.django_db

TERM = {"period_from": date(2020, 7, 1), "period_to": date(2025, 6, 30)}


def _counts():
    return AdmissionTarget.objects.count(), AuditEvent.objects.count()


def test_a_year_target_may_lie_inside_a_term_target(org_tree, superuser):
    # given
    admission_target_set(actor=superuser, organization=org_tree.district, admissions=500, **TERM)
    audit_before = AuditEvent.objects.count()
    # when
    year = admission_target_set(
        actor=superuser,
        organization=org_tree.district,
        period_from=date(2022, 1, 1),
        period_to=date(2022, 12, 31),
        admissions=110,
        members_per_population_percent=Decimal("3.5"),
        kind="year",
    )
    # then
    assert (year.kind, year.members_per_population_percent) == ("year", Decimal("3.5"))
    assert AuditEvent.objects.count() == audit_before + 1


@pytest.mark.parametrize(
    ("_case", "ratio"),
    [
        ("negative", "-0.01"),
        ("over_a_hundred", "100.01"),
        ("three_decimals", "3.855"),
        ("not_a_number", "NaN"),
    ],
)
def test_refuses_a_ratio_that_is_not_a_percentage_with_two_decimals(
    org_tree, superuser, _case, ratio
):
    """Regression (issue 11, 6c): only the web form checked the ratio; the import took any."""
    # given
    before = _counts()
    # when
    with pytest.raises(ValidationFailed) as error:
        admission_target_set(
            actor=superuser,
            organization=org_tree.district,
            admissions=500,
            members_per_population_percent=Decimal(ratio),
            **TERM,
        )
    # then
    assert error.value.field == "members_per_population_percent"
    assert _counts() == before
