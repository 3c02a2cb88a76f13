"""The discipline of the demonstration data set (the demo step ``discipline``, after the
accounts): through the services, as the demo's users would record it.

In the grassroots cell of the demo's cell secretary (``chibo``, Xã Tháp Mười): a thematic
supervision of the cell and an inspection on signs of violation by the commune; a reprimand
the cell decides with its vote, appealed to the commune, which upholds it; a dismissal of a
member of the cell committee that the commune opens, the cell proposes with its vote and the
commune committee (``xa``) decides (the cell itself is refused it, the rule cited; the post
ends that day); a case whose violation is past the limitation period, left open (recording its
reprimand is refused with the period cited); and a few decisions of earlier years across the
province. The decisions step's expulsion (27-QĐ/ĐU) is a discipline decision too: the
wrapped applier records it (``discipline.appliers``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied

from dangvien.accounts.models import RoleAssignment, User
from dangvien.accounts.types import Actor
from dangvien.committees.models import CommitteePost
from dangvien.committees.services import committee_post_assign
from dangvien.core.decisions import Decision
from dangvien.core.demo import DemoContext
from dangvien.core.exceptions import DomainError
from dangvien.decisions.selectors import official_members_convened
from dangvien.discipline.choices import Form, ProgrammeKind, Subject
from dangvien.discipline.models import (
    AppealOutcome,
    DisciplineCase,
    DisciplineDecision,
    Recommendation,
)
from dangvien.discipline.programmes import (
    programme_conclude,
    programme_plan,
    recommendation_done,
)
from dangvien.discipline.services import (
    appeal_decide,
    appeal_lodge,
    case_decide,
    case_open,
    case_propose,
    discipline_record,
)
from dangvien.members.models import Member, MemberPeriod
from dangvien.organizations.models import Organization, OrganizationVersion

INSPECTION_LOGIN = "ubkt"
OPENED = date(2026, 3, 2)
PROPOSED = date(2026, 3, 16)
DECIDED = date(2026, 4, 6)


@dataclass(frozen=True)
class Scenario:
    """Who records what: the cell's secretary, a user of the body above that decides
    expulsions, the cell and the body that opens the cases, and the user of that body's
    inspection commission (its programmes and cases)."""

    secretary: User
    decider: User
    cell: Organization
    opener: Organization
    inspector: User


def discipline_present() -> dict[str, int] | None:
    count = DisciplineCase.objects.count()
    return {"discipline_cases": count} if count else None


def build_discipline(context: DemoContext[Actor]) -> None:
    secretary = User.objects.get(username="chibo")
    decider = User.objects.get(username="xa")
    cell = RoleAssignment.objects.get(user=secretary, role="cell_secretary").organization
    commune = RoleAssignment.objects.get(user=decider, role="staff").organization
    inspector = User.objects.get(username=INSPECTION_LOGIN)
    scenario = Scenario(secretary, decider, cell, commune, inspector)
    context.summary["discipline_cases"] = run_scenario(scenario) + earlier_years(context)


def _members(cell: Organization, on: date, count: int) -> list[Member]:
    """Official members of ``cell`` on ``on`` who stay there (no later move or exit) and have
    no proposal of another step of the demo (the decisions step's expulsion and removal)."""
    from dangvien.decisions.models import Proposal

    ids = list(
        MemberPeriod.objects.at(on)
        .filter(
            organization=cell,
            status="official",
            is_exempted=False,
            host_organization__isnull=True,
            transit_to__isnull=True,
            valid_to__isnull=True,
        )
        .exclude(member_id__in=Proposal.objects.values("member_id"))
        .exclude(
            member_id__in=CommitteePost.objects.filter(
                held_to__isnull=True, member__isnull=False
            ).values("member_id")
        )
        .order_by("member_id")
        .values_list("member_id", flat=True)[:count]
    )
    return list(Member.objects.filter(pk__in=ids).order_by("pk"))


def run_scenario(scenario: Scenario) -> int:
    """The cases of the scenario; returns how many were opened."""
    reprimanded, dismissed, late = _members(scenario.cell, OPENED, 3)
    # the commune's inspection commission: a thematic supervision of the cell, and an
    # inspection on signs of violation whose conclusion opens the dismissal case below
    supervision = programme_plan(
        actor=scenario.inspector,
        organization=scenario.opener,
        kind=ProgrammeKind.THEMATIC_SUPERVISION,
        title="Giám sát chuyên đề việc thực hiện chế độ sinh hoạt chi bộ năm 2026",
        starts_on=date(2026, 2, 2),
        ends_on=date(2026, 2, 27),
        team="Ủy ban Kiểm tra Đảng ủy xã",
        organizations=[scenario.cell],
    )
    programme_conclude(
        actor=scenario.inspector,
        programme=supervision,
        concluded_on=date(2026, 3, 2),
        findings="Chi bộ duy trì sinh hoạt định kỳ; một số đảng viên vắng sinh hoạt không lý do",
        recommendations="Chi bộ kiểm điểm, xử lý đảng viên vắng sinh hoạt không lý do\n"
        "Chi bộ báo cáo kết quả khắc phục với Ủy ban Kiểm tra Đảng ủy xã",
        violation_found=True,
        recommendations_due_on=date(2026, 4, 30),
    )
    # the first recommendation carried out, the report still awaited (overdue)
    recommendation_done(
        actor=scenario.inspector,
        recommendation=Recommendation.objects.filter(conclusion__programme=supervision).order_by(
            "id"
        )[0],
        done_on=date(2026, 3, 9),
        note="Chi bộ đã kiểm điểm, xử lý (khiển trách 01-QĐ/CB)",
    )
    inspection = programme_plan(
        actor=scenario.inspector,
        organization=scenario.opener,
        kind=ProgrammeKind.INSPECTION_SIGNS,
        title=f"Kiểm tra khi có dấu hiệu vi phạm đối với đảng viên {dismissed.full_name}",
        starts_on=date(2026, 2, 9),
        ends_on=date(2026, 2, 27),
        team="Ủy ban Kiểm tra Đảng ủy xã",
        members=[dismissed],
    )
    programme_conclude(
        actor=scenario.inspector,
        programme=inspection,
        concluded_on=date(2026, 3, 2),
        findings="Đảng viên vi phạm nguyên tắc tập trung dân chủ, đến mức phải xem xét kỷ luật",
        recommendations="Chi bộ xem xét, đề nghị hình thức kỷ luật",
        violation_found=True,
    )
    # a reprimand the cell decides with its vote, appealed to the commune, which upholds it
    first = case_open(
        actor=scenario.secretary,
        subject=Subject.MEMBER,
        member=reprimanded,
        opened_on=OPENED,
        violated_on=date(2026, 1, 20),
        violation="Không thực hiện nhiệm vụ chi bộ phân công, vắng sinh hoạt không lý do",
        offence="Quy định 69-QĐ/TW Điều 9",
        opened_by=scenario.cell,
    )
    reprimanded_on = date(2026, 3, 9)
    convened = official_members_convened(scenario.cell, reprimanded_on)
    case_decide(
        actor=scenario.secretary,
        case=first,
        form=Form.REPRIMAND,
        decision=Decision("01-QĐ/CB", reprimanded_on),
        votes_for=convened - convened // 10,
        votes_against=convened // 10,
        members_convened=convened,
    )
    appeal = appeal_lodge(
        actor=scenario.secretary,
        decision=DisciplineDecision.objects.get(case=first),
        received_on=date(2026, 3, 10),
        lodged_on=date(2026, 3, 24),
        appealed_to=scenario.opener,
        grounds="Đảng viên cho rằng vắng sinh hoạt có lý do (đi làm ăn xa)",
    )
    appeal_decide(
        actor=scenario.decider,
        appeal=appeal,
        outcome=AppealOutcome.UPHELD,
        decision=Decision("131-QĐ/ĐU", date(2026, 4, 20)),
    )
    # a member of the cell committee: the commune opens the case on the inspection's
    # conclusion, the cell votes the dismissal, may not decide it, the commune decides it
    committee_post_assign(
        actor=scenario.decider,
        organization=scenario.cell,
        post="member",
        member=dismissed,
        held_from=date(2025, 8, 1),
    )
    second = case_open(
        actor=scenario.inspector,
        subject=Subject.MEMBER,
        member=dismissed,
        opened_on=OPENED,
        violated_on=date(2025, 12, 1),
        violation="Vi phạm nguyên tắc tập trung dân chủ trong chỉ đạo công tác của chi bộ",
        offence="Quy định 69-QĐ/TW Điều 8",
        opened_by=scenario.opener,
    )
    votes = official_members_convened(scenario.cell, PROPOSED)
    case_propose(
        actor=scenario.secretary,
        case=second,
        form=Form.DISMISSAL,
        proposed_on=PROPOSED,
        votes_for=votes - votes // 5,
        votes_against=votes // 5,
        members_convened=votes,
    )
    try:  # the cell may not decide a dismissal (rule competence.dismissal)
        case_decide(
            actor=scenario.secretary,
            case=second,
            form=Form.DISMISSAL,
            decision=Decision("02-QĐ/CB", DECIDED),
        )
    except PermissionDenied:
        pass  # refused, the rule cited: the commune committee decides below
    else:
        raise RuntimeError("the cell decided a dismissal beyond its competence")
    case_decide(
        actor=scenario.decider,
        case=second,
        form=Form.DISMISSAL,
        decision=Decision("126-QĐ/ĐU", DECIDED),
    )
    # a violation found too late: the case stays open, its reprimand is refused (the period)
    case_open(
        actor=scenario.secretary,
        subject=Subject.MEMBER,
        member=late,
        opened_on=OPENED,
        violated_on=date(2019, 6, 14),
        violation="Vi phạm quy định về những điều đảng viên không được làm (phát hiện muộn)",
        opened_by=scenario.cell,
    )
    return 3


def earlier_years(context: DemoContext[Actor]) -> int:
    """A few reprimands and warnings of 2023–2025 decided by cells of the province."""
    province = context.made.get("province")
    if province is None:
        return 0
    recorded = 0
    for year in (2023, 2024, 2025):
        on = date(year, context.random.randint(3, 11), context.random.randint(1, 28))
        cells = list(
            OrganizationVersion.objects.at(on)
            .filter(path__startswith=province.path, kind__in=["cell", "grassroots_cell"])
            .order_by("organization_id")
            .values_list("organization_id", flat=True)
        )
        for _ in range(4):
            if not cells:
                break
            cell = Organization.objects.get(pk=context.random.choice(cells))
            members = _members(cell, on, 5)
            if not members:
                continue
            member = context.random.choice(members)
            try:
                discipline_record(
                    actor=context.actor,
                    key=f"KL-{year}-{recorded + 1:04d}",
                    subject=Subject.MEMBER,
                    member=member,
                    form=context.random.choice([Form.REPRIMAND, Form.WARNING]),
                    decided_on=on,
                    deciding_organization=cell,
                    number=f"{recorded + 1:02d}-QĐ/CB",
                    violation="Vi phạm quy định về sinh hoạt đảng",
                )
            except DomainError:
                continue
            recorded += 1
    return recorded
