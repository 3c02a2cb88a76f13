"""The demo's discipline scenario, on the test tree: supervision and inspection concluded, the
cell reprimands (appealed, upheld), is refused the dismissal it proposed, the body above
dismisses (the post ends); the late case stays open and is refused."""

from datetime import date

import pytest

from dangvien.committees.models import CommitteePost
from dangvien.core.decisions import Decision
from dangvien.core.exceptions import ValidationFailed
from dangvien.discipline.choices import CaseStatus, Form
from dangvien.discipline.demo import Scenario, run_scenario
from dangvien.discipline.models import AppealRuling, DisciplineCase, ProgrammeConclusion
from dangvien.discipline.services import case_decide
from dangvien.discipline.statistics import discipline_statistics

pytestmark = pytest.mark.django_db


def test_the_scenario_writes_through_the_services(cell, actors, org_tree, superuser):
    from dangvien.members.services import member_recognise
    from dangvien.members.tests.support import admit

    # two more official members who are not exempted
    for index, name in enumerate(["Võ Văn Em", "Đỗ Văn Giang"]):
        extra = admit(
            superuser,
            org_tree.cell_a,
            name=name,
            admitted_on=date(2022, 1, 10),
            national_id=f"08709100000{index}",
        )
        member_recognise(actor=superuser, member=extra, decision=Decision("2", date(2023, 1, 12)))
    scenario = Scenario(
        actors["secretary"],
        actors["district"],
        org_tree.cell_a,
        org_tree.district,
        actors["district_inspection"],
    )
    assert run_scenario(scenario) == 3
    statuses = sorted(c.status for c in DisciplineCase.objects.all())
    assert statuses == [CaseStatus.DECIDED] * 2 + [CaseStatus.OPEN]
    assert AppealRuling.objects.get().outcome == "upheld"
    assert ProgrammeConclusion.objects.filter(violation_found=True).count() == 2
    assert CommitteePost.objects.get(post="member").held_to == date(2026, 4, 6)
    assert discipline_statistics(org_tree.district, date(2026, 11, 1))["by_form"] == {
        "reprimand": 1,
        "dismissal": 1,
    }
    late = DisciplineCase.objects.get(decision__isnull=True)
    with pytest.raises(ValidationFailed) as refused:
        case_decide(
            actor=actors["secretary"],
            case=late,
            form=Form.REPRIMAND,
            decision=Decision("9", date(2026, 5, 4)),
            votes_for=2,
            members_convened=2,
        )
    assert refused.value.code == "limitation_expired"
