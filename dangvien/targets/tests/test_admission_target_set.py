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


def test_a_target_lies_within_the_term_of_the_nearest_ancestor_that_has_one(org_tree, superuser):
    # given: the province's term; the district (between) has no target of that kind, only a year
    admission_target_set(actor=superuser, organization=org_tree.province, admissions=900, **TERM)
    admission_target_set(
        actor=superuser,
        organization=org_tree.district,
        period_from=date(2021, 1, 1),
        period_to=date(2021, 12, 31),
        admissions=50,
        kind="year",
    )
    before = _counts()
    # when: the commune's term reaches past the province's
    with pytest.raises(ValidationFailed) as error:
        admission_target_set(
            actor=superuser,
            organization=org_tree.commune,
            period_from=date(2020, 7, 1),
            period_to=date(2026, 6, 30),
            admissions=40,
        )
    # then: refused against the province's term, passing over the district's year
    assert (error.value.code, error.value.field) == ("target_outside_parent", "period_from")
    assert _counts() == before
    inside = admission_target_set(
        actor=superuser, organization=org_tree.commune, admissions=40, **TERM
    )
    assert inside.pk is not None


def test_an_identical_period_keeps_its_kind_and_others_of_the_kind_may_not_overlap(
    org_tree, superuser
):
    # given
    admission_target_set(actor=superuser, organization=org_tree.district, admissions=500, **TERM)
    before = _counts()
    # when / then: the same period as a year, and a term overlapping it, are refused
    for kind, start, end in (
        ("year", TERM["period_from"], TERM["period_to"]),
        ("term", date(2024, 1, 1), date(2028, 12, 31)),
    ):
        with pytest.raises(ValidationFailed) as error:
            admission_target_set(
                actor=superuser,
                organization=org_tree.district,
                period_from=start,
                period_to=end,
                admissions=1,
                kind=kind,
            )
        assert error.value.code == "target_overlap"
    assert _counts() == before
    # the same period and kind: its figures replaced, one audit row more
    same = admission_target_set(
        actor=superuser, organization=org_tree.district, admissions=600, **TERM
    )
    assert (same.admissions, _counts()) == (600, (before[0], before[1] + 1))
