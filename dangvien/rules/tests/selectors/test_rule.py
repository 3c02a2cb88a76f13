import itertools
from datetime import date

import pytest

from dangvien.core.memo import read_memo
from dangvien.rules.models import RuleParameter
from dangvien.rules.selectors import RuleMissing, rule, rule_version

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("_case", "key", "on", "expected"),
    [
        ("cell committee threshold", "cell.committee_min_official_members", date(2022, 1, 1), 9),
        ("cell committee size", "cell.committee_max_members", date(2022, 1, 1), 7),
        (
            "to form an organization",
            "organization.min_official_members_to_form",
            date(2022, 1, 1),
            3,
        ),
        ("grassroots committee", "grassroots.committee_min_members", date(2022, 1, 1), 30),
        ("cell term before 294", "term.cell_months", date(2025, 6, 30), 30),
        (
            "cell term from 294 (the five-year term is a pilot per cell)",
            "term.cell_months",
            date(2025, 7, 1),
            30,
        ),
        ("cell pilot term", "term.cell_pilot_months", date(2025, 7, 1), 60),
        ("probation", "probation.months", date(2022, 1, 1), 12),
    ],
)
def test_returns_value_in_force_that_day(_case, key, on, expected):
    assert rule(key, on=on) == expected


def test_every_seeded_rule_names_its_source_and_confidence():
    for version in RuleParameter.objects.all():
        assert version.source.strip(), version.key
        assert version.confidence in {"confirmed", "partial", "unconfirmed"}


def test_versions_of_a_key_do_not_overlap():
    by_key: dict[str, list[RuleParameter]] = {}
    for version in RuleParameter.objects.order_by("key", "effective_from"):
        by_key.setdefault(version.key, []).append(version)
    for versions in by_key.values():
        for earlier, later in itertools.pairwise(versions):
            assert earlier.effective_to is not None and earlier.effective_to < later.effective_from


def test_unknown_key_or_date_before_any_version_is_a_clear_error():
    with pytest.raises(RuleMissing) as error:
        rule("no.such.rule", on=date(2022, 1, 1))
    assert "no.such.rule" in str(error.value)
    with pytest.raises(RuleMissing):
        rule_version("fee.exempt_party_age_years", on=date(2020, 1, 1))


def test_a_read_only_request_reads_the_rulebook_once(django_assert_num_queries):
    # the state of the rules, then the rules (the process kept none yet)
    with read_memo(), django_assert_num_queries(2):
        for on in (date(2022, 1, 1), date(2025, 7, 1)):
            assert rule("probation.months", on=on) == 12
            assert rule("term.cell_months", on=on) == 30
        with pytest.raises(RuleMissing):
            rule("probation.months", on=date(1900, 1, 1))


def test_outside_a_read_only_request_each_rule_is_read_as_it_is_now():
    assert rule("probation.months", on=date(2022, 1, 1)) == 12
    RuleParameter.objects.filter(key="probation.months").update(value=18)
    assert rule("probation.months", on=date(2022, 1, 1)) == 18


def test_a_read_only_request_reads_the_rulebook_again_only_when_the_rules_changed(superuser):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from dangvien.rules.services import rule_set

    def read() -> tuple[int, int]:
        with read_memo(), CaptureQueriesContext(connection) as queries:
            value = rule("probation.months", on=date(2030, 1, 1))
        rows = [q for q in queries if 'FROM "rules_ruleparameter"' in q["sql"]]
        return value, len([q for q in rows if "COUNT(" not in q["sql"].upper()])

    assert read() == (12, 1)  # read the first time
    assert read() == (12, 0)  # kept: only the state of the rules asked
    rule_set(
        actor=superuser,
        key="probation.months",
        value=18,
        unit="months",
        effective_from=date(2029, 1, 1),
        title="Thử",
        source="Quy định thử",
    )
    assert read() == (18, 1)  # a new version: read again
    assert read() == (18, 0)
    version = RuleParameter.objects.get(key="probation.months", effective_from=date(2029, 1, 1))
    version.value = 24
    version.save()  # a version corrected in place (the admin site): its updated_at moves
    assert read() == (24, 1)
