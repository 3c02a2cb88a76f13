"""The organization rules shared by the services and the bulk import (no database)."""

from datetime import date

import pytest

from dangvien.organizations import rules

ALLOWED = {"cell": ["grassroots_committee", "sub_committee"]}


@pytest.mark.parametrize(
    ("_case", "verdict", "code", "field"),
    [
        ("no code", rules.code_verdict("", taken=False), "code_required", "code"),
        ("code taken", rules.code_verdict("X", taken=True), "code_taken", "code"),
        ("no name", rules.name_verdict(""), "name_required", "name"),
        ("unknown kind", rules.kind_verdict("club"), "kind_unknown", "kind"),
        (
            "sector of a cell",
            rules.sector_verdict("cell", "commune"),
            "sector_not_allowed",
            "sector",
        ),
        (
            "sector of a district",
            rules.sector_verdict("upper_grassroots", "commune"),
            "sector_not_allowed",
            "sector",
        ),
        (
            "parent kind",
            rules.parent_kind_verdict("cell", "provincial", ALLOWED),
            "parent_kind_not_allowed",
            "parent",
        ),
        (
            "not existing",
            rules.existence_verdict("X", date(2020, 1, 1), exists=False),
            "organization_not_existing",
            "",
        ),
        (
            "ends on founding",
            rules.ending_verdict("X", date(2020, 1, 1), date(2020, 1, 1)),
            "ends_before_founding",
            "dissolved_on",
        ),
    ],
)
def test_each_rule_refuses_with_its_code_and_field(_case, verdict, code, field):
    assert verdict is not None and (verdict.code, verdict.field) == (code, field)


def test_the_parent_kind_rule_cites_the_rulebook():
    verdict = rules.parent_kind_verdict("cell", "provincial", ALLOWED)
    assert verdict is not None and verdict.rule_key == "organization.allowed_parent_kinds"


@pytest.mark.parametrize(
    "verdict",
    [
        rules.code_verdict("X", taken=False),
        rules.kind_verdict("cell"),
        rules.sector_verdict("cell", "school"),
        rules.sector_verdict("grassroots_committee", "commune"),
        rules.sector_verdict("provincial", ""),
        rules.parent_kind_verdict("cell", "grassroots_committee", ALLOWED),
        rules.parent_kind_verdict("provincial", None, ALLOWED),
        rules.existence_verdict("X", date(2020, 1, 1), exists=True),
        rules.ending_verdict("X", date(2020, 1, 1), date(2020, 1, 2)),
    ],
)
def test_a_rule_that_is_met_gives_no_verdict(verdict):
    assert verdict is None
