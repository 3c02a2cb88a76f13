"""Assessment rounds: opening with a schedule, the population at the reference date, entries
allowed only while a covering round is open, closing freezes the figures."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from dangvien.accounts.choices import Role
from dangvien.assessment.models import AssessmentResult, AssessmentStep, RoundClosure
from dangvien.assessment.selectors import (
    round_covering,
    round_differences,
    round_figures,
    round_progress,
)
from dangvien.assessment.services import (
    Entry,
    assessment_decide_many,
    assessment_propose_many,
    assessment_record,
    assessment_round_close,
    assessment_round_open,
    assessment_self_submit,
)
from dangvien.audit.models import AuditEvent
from dangvien.core.exceptions import ValidationFailed
from dangvien.members.services import member_exempt, member_resign

pytestmark = pytest.mark.django_db

SCHEDULE = {
    "opened_on": date(2026, 11, 16),
    "self_until": date(2026, 12, 10),
    "review_until": date(2026, 12, 15),
    "decide_until": date(2026, 12, 31),
    "reference_date": date(2026, 11, 16),
}


@pytest.fixture
def today(today_is):
    today_is(date(2026, 12, 1))


@pytest.fixture
def round_2026(org_tree, superuser, today):
    return assessment_round_open(
        actor=superuser, organization=org_tree.commune, year=2026, **SCHEDULE
    )


def _refused(call, **kwargs):
    with pytest.raises(ValidationFailed) as error:
        call(**kwargs)
    return error.value


def test_a_round_is_opened_with_its_schedule_and_an_audit_row(org_tree, superuser, today):
    before = AuditEvent.objects.count()
    round_ = assessment_round_open(
        actor=superuser, organization=org_tree.commune, year=2026, **SCHEDULE
    )
    assert (round_.year, round_.organization.code, round_.decide_until) == (
        2026,
        "X-MA",
        date(2026, 12, 31),
    )
    assert AuditEvent.objects.count() == before + 1


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"reference_date": date(2025, 12, 31)}, "assessment_round_reference"),
        ({"review_until": date(2026, 12, 1)}, "assessment_round_schedule"),
        ({"opened_on": date(2026, 12, 20)}, "future_date"),
    ],
)
def test_a_round_out_of_order_is_refused(org_tree, superuser, today, change, code):
    error = _refused(
        assessment_round_open,
        actor=superuser,
        organization=org_tree.commune,
        year=2026,
        **{**SCHEDULE, **change},
    )
    assert error.code == code


def test_a_second_round_over_the_same_subtree_is_refused(round_2026, org_tree, superuser):
    for organization in (org_tree.commune, org_tree.cell_a, org_tree.district):
        error = _refused(
            assessment_round_open,
            actor=superuser,
            organization=organization,
            year=2026,
            **SCHEDULE,
        )
        assert error.code == "assessment_round_overlap"
        assert "Mỹ An" in str(error.message)
    # another commune has its own
    assessment_round_open(
        actor=superuser, organization=org_tree.sibling_commune, year=2026, **SCHEDULE
    )


def test_staff_of_another_commune_may_not_open_the_round(org_tree, make_actor, today):
    outsider = make_actor(Role.STAFF, org_tree.sibling_commune)
    with pytest.raises(PermissionDenied):
        assessment_round_open(actor=outsider, organization=org_tree.commune, year=2026, **SCHEDULE)


def test_the_population_is_taken_at_the_reference_date_minus_the_exempted(
    org_tree, cell_members, superuser, today_is, admit
):
    a, b = cell_members
    member_exempt(actor=superuser, member=b[1], effective_on=date(2026, 3, 1))
    member_resign(actor=superuser, member=a[5], effective_on=date(2026, 10, 1))
    late = admit(org_tree.cell_a, admitted_on=date(2026, 11, 20), name="Đảng viên mới")
    today_is(date(2026, 12, 1))
    round_ = assessment_round_open(
        actor=superuser, organization=org_tree.commune, year=2026, **SCHEDULE
    )
    figures = round_figures(round_)
    members = {line["id"]: line for line in figures["members"]}
    assert set(members) == {m.pk for m in [*a[:5], *b]}  # not the one who left, nor the late one
    assert late.pk not in members
    assert members[b[1].pk]["excluded"] == "exempted"
    assert members[b[1].pk]["organization"] == "Chi bộ Trường Tiểu học Mỹ An"
    # the organizations assessed: the cells below the commune, not the commune itself
    assert [o["code"] for o in figures["organizations"]] == ["CB-A", "CB-B"]
    progress = round_progress(figures)
    assert (progress.population, progress.excluded, progress.decided) == (6, 1, 0)


def test_entries_need_an_open_round_covering_the_subject(org_tree, cell_members, superuser, today):
    member = cell_members[0][0]
    error = _refused(
        assessment_self_submit,
        actor=superuser, member=member, year=2026, level="good", score=80, on=date(2026, 12, 1),
    )  # fmt: skip
    assert error.code == "assessment_no_round"
    error = _refused(
        assessment_record,
        actor=superuser, member=member, year=2026, level="good", decided_on=date(2026, 12, 1),
    )  # fmt: skip
    assert error.code == "assessment_no_round"
    assert not AssessmentStep.objects.exists() and not AssessmentResult.objects.exists()


def test_history_of_years_without_rounds_is_still_recorded(org_tree, cell_members, superuser):
    result = assessment_record(
        actor=superuser, member=cell_members[0][0], year=2019, level="good",
        decided_on=date(2019, 12, 20), check_round=False,
    )  # fmt: skip
    assert result.level == "good"


def test_each_stage_is_entered_until_its_deadline(round_2026, cell_members, superuser, today_is):
    member = cell_members[0][0]
    assessment_self_submit(
        actor=superuser, member=member, year=2026, level="good", score=80, on=date(2026, 12, 1)
    )
    today_is(date(2026, 12, 12))
    error = _refused(
        assessment_self_submit,
        actor=superuser, member=member, year=2026, level="good", score=80, on=date(2026, 12, 12),
    )  # fmt: skip
    assert error.code == "assessment_round_deadline"
    assert "10/12/2026" in str(error.message)
    # the cell's review is still open on the 12th
    assessment_propose_many(
        actor=superuser, year=2026, proposed_on=date(2026, 12, 12),
        entries=[Entry(member, "good", 80)],
    )  # fmt: skip
    error = _refused(
        assessment_self_submit,
        actor=superuser, member=member, year=2026, level="good", on=date(2026, 11, 10),
    )  # fmt: skip
    assert error.code == "assessment_round_not_open"


def test_an_exempted_member_is_not_assessed(org_tree, cell_members, superuser, today_is):
    b = cell_members[1]
    member_exempt(actor=superuser, member=b[1], effective_on=date(2026, 3, 1))
    today_is(date(2026, 12, 1))
    assessment_round_open(actor=superuser, organization=org_tree.commune, year=2026, **SCHEDULE)
    error = _refused(
        assessment_record,
        actor=superuser, member=b[1], year=2026, level="good", decided_on=date(2026, 12, 1),
    )  # fmt: skip
    assert error.code == "assessment_not_assessed"
    assert "Miễn" in str(error.message) or "xempted" in str(error.message)


def test_the_cap_is_checked_when_levels_are_decided_in_the_round(
    round_2026, cell_members, superuser
):
    a, _b = cell_members
    error = _refused(
        assessment_decide_many,
        actor=superuser, year=2026, decided_on=date(2026, 12, 1),
        entries=[Entry(a[0], "excellent", 95), Entry(a[1], "good", 80)],
    )  # fmt: skip
    assert error.code == "assessment_excellent_cap"
    assert "Hướng dẫn 21-HD/BTCTW" in str(error.message)
    assert not AssessmentResult.objects.exists()


def test_closing_freezes_the_figures_and_later_corrections_show_as_differences(
    round_2026, org_tree, cell_members, superuser, today_is
):
    a, b = cell_members
    assessment_decide_many(
        actor=superuser, year=2026, decided_on=date(2026, 12, 1),
        entries=[Entry(m, "good", 80) for m in a[:5]] + [Entry(a[5], "completed", 60)],
    )  # fmt: skip
    closure = assessment_round_close(actor=superuser, round=round_2026, closed_on=date(2026, 12, 1))
    frozen = round_progress(closure.figures)
    assert (frozen.population, frozen.decided) == (8, 6)
    assert frozen.members_by_level == {
        "excellent": 0, "good": 5, "completed": 1, "not_completed": 0
    }  # fmt: skip
    # a correction of member data: b[0] was in fact exempted from before the reference date
    member_exempt(actor=superuser, member=b[0], effective_on=date(2026, 6, 1))
    closure = RoundClosure.objects.get(pk=closure.pk)
    assert round_progress(closure.figures) == frozen
    differences = round_differences(closure.figures, round_figures(round_2026))
    assert [(d.name, d.field, d.frozen, d.now) for d in differences] == [
        ("Đảng viên B0", "excluded", "", "exempted")
    ]
    # nothing more is entered in the closed round
    error = _refused(
        assessment_record,
        actor=superuser, member=b[1], year=2026, level="good", decided_on=date(2026, 12, 1),
    )  # fmt: skip
    assert error.code == "assessment_round_closed"
    error = _refused(
        assessment_round_close, actor=superuser, round=round_2026, closed_on=date(2026, 12, 1)
    )
    assert error.code == "assessment_round_closed"


def test_the_covering_round_of_an_organization_is_the_one_above_it(round_2026, org_tree):
    assert round_covering(year=2026, organization=org_tree.cell_a).round == round_2026
    assert round_covering(year=2026, organization=org_tree.commune) is None
