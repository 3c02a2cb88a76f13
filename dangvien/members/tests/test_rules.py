"""The member rules shared by the services, the admission checklist and the import: pure
functions of plain values (no database)."""

from datetime import date

import pytest

from dangvien.members import rules
from dangvien.members.choices import MemberEventType as E


@pytest.mark.parametrize(
    ("_case", "verdict", "code"),
    [
        ("no name", rules.full_name_verdict(""), "name_required"),
        ("sex", rules.sex_verdict("X"), "sex_invalid"),
        (
            "born after",
            rules.birth_date_verdict(date(2001, 1, 1), date(2000, 1, 1)),
            "birth_date_invalid",
        ),
        ("short id", rules.national_id_verdict("123"), "national_id_invalid"),
        (
            "id taken",
            rules.national_id_verdict("012345678901", holder="đảng viên A"),
            "national_id_taken",
        ),
        ("card taken", rules.party_card_verdict("0001", holder="đảng viên A"), "card_taken"),
        ("theory", rules.political_theory_verdict("phd"), "theory_invalid"),
        (
            "ceremony",
            rules.ceremony_verdict(date(2000, 2, 1), date(2000, 1, 1)),
            "ceremony_before_decision",
        ),
    ],
)
def test_each_profile_rule_refuses_with_its_code_and_field(_case, verdict, code):
    assert verdict is not None and verdict.code == code and verdict.field


@pytest.mark.parametrize(
    "verdict",
    [
        rules.full_name_verdict("Nguyễn Văn An"),
        rules.sex_verdict("F"),
        rules.birth_date_verdict(None, date(2000, 1, 1)),
        rules.national_id_verdict(""),
        rules.national_id_verdict("012345678901"),
        rules.party_card_verdict("0001"),
        rules.political_theory_verdict(""),
        rules.ceremony_verdict(None, date(2000, 1, 1)),
    ],
)
def test_a_rule_that_is_met_gives_no_verdict(verdict):
    assert verdict is None


@pytest.mark.parametrize(
    ("_case", "birth", "approved", "code", "key"),
    [
        ("too young", date(1990, 1, 2), False, "too_young", "admission.min_age_months"),
        ("just old enough", date(1990, 1, 1), False, None, None),
        ("too old", date(1940, 1, 1), False, "too_old", "admission.max_age_months"),
        ("too old, approved", date(1940, 1, 1), True, None, None),
        ("born after the vote", date(2010, 1, 1), False, "birth_date_invalid", ""),
    ],
)
def test_the_admission_age_verdict_cites_its_rule(_case, birth, approved, code, key):
    verdict = rules.admission_age_verdict(
        birth, date(2008, 1, 1), min_months=216, max_months=720, over_age_approved=approved
    )
    assert (verdict.code, verdict.rule_key) == (code, key) if code else verdict is None


def test_without_a_maximum_only_the_minimum_age_is_checked():
    assert rules.admission_age_verdict(date(1900, 1, 1), date(2008, 1, 1), min_months=216) is None


@pytest.mark.parametrize(
    ("_case", "kind", "code"),
    [
        ("does not exist", None, "organization_not_existing"),
        ("holds no members", "grassroots_committee", "organization_holds_no_members"),
        ("a cell", "cell", None),
    ],
)
def test_joining_an_organization(_case, kind, code):
    verdict = rules.joining_verdict(
        "X", date(2020, 1, 1), kind=kind, holding_kinds={"cell", "grassroots_cell"}
    )
    assert (verdict.code if verdict else None) == code


def test_which_events_need_the_organization_the_member_goes_to():
    assert rules.organization_required_verdict(E.TRANSFERRED, given=False) is not None
    assert rules.organization_required_verdict(E.TRANSFERRED, given=True) is None
    assert rules.organization_required_verdict(E.EXEMPTED, given=False) is None


@pytest.mark.parametrize(
    ("_case", "organization", "host", "transit", "expected"),
    [
        ("a member of it", 1, None, None, [(E.REASSIGNED, 9)]),
        ("a guest of it", 2, 1, None, [(E.TEMPORARY_RETURN, 1), (E.TEMPORARY_OUT, 9)]),
        ("in transit to it", 2, None, 1, [(E.TRANSFER_CANCELLED, 1), (E.TRANSFER_ISSUED, 9)]),
        ("elsewhere", 2, 3, 4, []),
    ],
)
def test_a_merge_passes_members_guests_and_transfers_to_the_survivor(
    _case, organization, host, transit, expected
):
    redirects = rules.merge_redirects(
        organization=organization, host=host, transit=transit, absorbed=1, survivor=9
    )
    assert redirects == expected
