"""The values of the newer areas as the audit log shows them (user walk on the demo, as admin):
statuses by their labels, records by name, months as months, amounts in đồng; each area says so
through its own registration (``AppConfig.ready``), the audit app knows no domain."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import translation

from dangvien.audit.models import AuditEvent
from dangvien.audit.readable import (
    ReadableEvent,
    audit_data,
    audit_words,
    data_words,
    readable_events,
    words,
)
from dangvien.core.decisions import Decision
from dangvien.decisions.models import Proposal
from dangvien.discipline.models import (
    DisciplineAppeal,
    DisciplineCase,
    Programme,
    Recommendation,
)
from dangvien.members.tests.support import admit
from dangvien.users.tests.support import login

pytestmark = pytest.mark.django_db


def _event(model: type[models.Model], before: dict | None, after: dict) -> AuditEvent:
    """An event as a service writes it (not saved: the log reads it the same way)."""
    return AuditEvent(
        object_type=ContentType.objects.get_for_model(model),
        object_id="",
        object_repr="",
        before=before,
        after=after,
    )


def _rows(events: list[AuditEvent]) -> list[ReadableEvent]:
    with translation.override("vi"):
        return readable_events(events)


def _changes(row: ReadableEvent) -> dict[str, str]:
    """Each change by its label: "before → after" (the parts joined by "; ")."""
    return {
        c.label: "; ".join(str(d) for d in c.details) if c.details else f"{c.before} → {c.after}"
        for c in row.changes
    }


def _last(model: type[models.Model], message: str | None = None) -> AuditEvent:
    """The last audit row the services wrote about an object of ``model``."""
    rows = AuditEvent.objects.filter(object_type=ContentType.objects.get_for_model(model))
    if message is not None:
        rows = rows.filter(message=message)
    event = rows.order_by("-id").first()
    assert event is not None
    return event


@pytest.mark.parametrize(
    ("_case", "model", "before", "after", "said"),
    [
        ("a case decided (discipline._write_decision)", DisciplineCase, "open", "decided",
         "Đang xem xét → Đã quyết định"),
        ("a proposal approved (decisions.ruling_record)", Proposal, "pending", "approved",
         "Chờ quyết định → Đồng ý"),
        ("an appeal settled (discipline.appeal_decide)", DisciplineAppeal, "lodged", "upheld",
         "Chờ giải quyết → Giữ nguyên quyết định"),
        ("a programme concluded (discipline.programme_conclude)", Programme, "planned",
         "concluded", "Đã lên kế hoạch → Đã kết luận"),
        ("a recommendation carried out (discipline.recommendation_done)", Recommendation,
         "open", "done", "Chưa thực hiện → Đã thực hiện"),
    ],
)  # fmt: skip
def test_a_status_reads_as_its_label(_case, model, before, after, said):
    """User walk: the table showed "open → decided", "pending → approved"."""
    row = _rows([_event(model, {"status": before}, {"status": after})])[0]

    assert _changes(row) == {"tình trạng": said}


@pytest.fixture
def actors(make_actor, org_tree):
    return {
        "secretary": make_actor("cell_secretary", org_tree.cell_a),
        "commune": make_actor("staff", org_tree.commune),
        "district": make_actor("staff", org_tree.district),
    }


def test_a_proposal_reads_by_its_kind_member_and_date(cell, actors):
    """User walk: a case's proposal read "Đề nghị: 4", its form "dismissal"; the proposal
    itself "Khai trừ · 5679 · 2026-03-12"."""
    from dangvien.discipline.choices import Form, Subject
    from dangvien.discipline.services import case_decide, case_open, case_propose

    # given: a case, the cell's proposal of an expulsion, the district's decision
    an = cell["official"][0]
    case = case_open(
        actor=actors["secretary"],
        subject=Subject.MEMBER,
        member=an,
        opened_on=date(2024, 3, 1),
        violation="Vi phạm quy định về sinh hoạt đảng",
        violated_on=date(2024, 1, 15),
    )
    case_propose(
        actor=actors["secretary"],
        case=case,
        form=Form.EXPULSION,
        proposed_on=date(2024, 3, 10),
        votes_for=2,
        members_convened=2,
    )
    case_decide(
        actor=actors["district"],
        case=case,
        form=Form.EXPULSION,
        decision=Decision("07-QĐ/HU", date(2024, 4, 2)),
        confirmed=True,
    )
    # when
    proposed, approved = _rows(
        [
            _last(DisciplineCase, "discipline proposal expulsion"),
            _last(Proposal, "expulsion approved"),
        ]
    )
    # then
    named = "Khai trừ · Nguyễn Văn An · 10/03/2024"
    assert _changes(proposed) == {"đề nghị": f" → {named}", "hình thức kỷ luật": " → Khai trừ"}
    assert approved.subject == named


def test_an_appeal_and_the_decision_appealed_read_by_number_and_case(cell, actors, org_tree):
    """User walk: "DisciplineAppeal object (1)", and the decision appealed as "2"."""
    from dangvien.discipline.choices import Form, Subject
    from dangvien.discipline.models import AppealOutcome
    from dangvien.discipline.services import appeal_decide, appeal_lodge, discipline_record

    # given: a warning of the cell, appealed to the commune, upheld
    warned = discipline_record(
        actor=actors["secretary"],
        key="KL-W",
        subject=Subject.MEMBER,
        member=cell["official"][0],
        form=Form.WARNING,
        decided_on=date(2024, 5, 2),
        deciding_organization=org_tree.cell_a,
        number="03-QĐ/CB",
    )
    appeal = appeal_lodge(
        actor=actors["secretary"],
        decision=warned,
        received_on=date(2024, 5, 6),
        lodged_on=date(2024, 5, 20),
        appealed_to=org_tree.commune,
    )
    appeal_decide(
        actor=actors["commune"],
        appeal=appeal,
        outcome=AppealOutcome.UPHELD,
        decision=Decision("20-QĐ/ĐU", date(2024, 7, 1)),
    )
    # when
    lodged, settled = _rows(
        [_last(DisciplineAppeal, "discipline appeal KL-W"), _last(DisciplineAppeal)]
    )
    # then
    assert lodged.subject == settled.subject == "Khiếu nại quyết định 03-QĐ/CB (hồ sơ KL-W)"
    assert _changes(lodged)["quyết định bị khiếu nại"] == (
        " → 03-QĐ/CB ngày 02/05/2024: Cảnh cáo (hồ sơ KL-W)"
    )
    assert _changes(settled)["tình trạng"] == "Chờ giải quyết → Giữ nguyên quyết định"


def test_a_state_notice_reads_by_its_body_measure_and_member(cell, actors):
    """``StateNotice`` has no name of its own ("StateNotice object (1)")."""
    from dangvien.discipline.models import StateNotice
    from dangvien.discipline.services import state_notice_record

    state_notice_record(
        actor=actors["secretary"],
        member=cell["official"][1],
        state_body="UBND xã Mỹ An",
        measure="Khiển trách",
        state_decision=Decision("15/QĐ-UBND", date(2025, 8, 4)),
        received_on=date(2025, 8, 6),
    )

    row = _rows([_last(StateNotice)])[0]

    assert row.subject == "UBND xã Mỹ An: Khiển trách · Trần Thị Bình"


def test_an_assessment_reads_by_who_year_and_level(superuser, org_tree):
    """User walk: "member 6331 2025: not_completed"; an assessment round "round 388 2026"."""
    from dangvien.assessment.models import AssessmentResult, AssessmentRound
    from dangvien.assessment.services import assessment_record, assessment_round_open

    an = admit(superuser, org_tree.cell_a, name="Nguyễn Văn An")
    assessment_record(
        actor=superuser,
        year=2023,
        level="not_completed",
        decided_on=date(2023, 12, 20),
        member=an,
        check_cap=False,
        check_round=False,
    )
    assessment_round_open(
        actor=superuser,
        organization=org_tree.commune,
        year=2024,
        opened_on=date(2024, 11, 15),
        self_until=date(2024, 12, 1),
        review_until=date(2024, 12, 10),
        decide_until=date(2024, 12, 20),
        reference_date=date(2024, 11, 15),
    )

    result, round_ = _rows([_last(AssessmentResult), _last(AssessmentRound)])

    assert result.subject == "Nguyễn Văn An · 2023: Không hoàn thành nhiệm vụ"
    assert round_.subject == "Đợt đánh giá, xếp loại năm 2024 · Đảng bộ xã Mỹ An"


def test_a_user_reads_with_vietnamese_labels_and_no_machinery(superuser):
    """User walk: "Trạng thái superuser", "Tên đăng nhập", "Ngày tham gia" (Django's own
    labels), the moment the account was made shown as a change."""
    from dangvien.accounts.models import User
    from dangvien.users.services import user_create

    user_create(actor=superuser, username="tinh", password="mat-khau-123", full_name="Lê Thị Thu")

    row = _rows([_last(User)])[0]

    assert _changes(row) == {
        "tên đăng nhập": " → tinh",
        "quản trị hệ thống": " → không",
        "được vào trang quản trị Django": " → không",
        "được đăng nhập": " → có",
        "họ và tên": " → Lê Thị Thu",
    }


def test_a_user_recorded_beside_a_record_reads_as_who_recorded_it(superuser, org_tree):
    """User walk: a meeting's "người dùng: Quản trị hệ thống" (its ``recorded_by``)."""
    from dangvien.meetings.models import Meeting
    from dangvien.meetings.services import meeting_record

    meeting_record(
        actor=superuser, organization=org_tree.cell_a, kind="regular", held_on=date(2024, 3, 5)
    )

    changes = _changes(_rows([_last(Meeting)])[0])

    assert changes["người ghi nhận"] == " → Quản trị"
    assert "người dùng" not in changes


def test_fees_read_months_as_months_and_amounts_in_dong(superuser, org_tree):
    """User walk: a fee month read "01/07/2025", an amount "616035", a remittance
    "86→85 2025-07: 616035", a reduction "5681 reduction 50% 2026-03"."""
    from dangvien.fees.models import FeeBasis, FeePayment, FeeRelief, FeeRemittance
    from dangvien.fees.services import (
        fee_basis_record,
        fee_payment_record,
        fee_relief_record,
        fee_remittance_record,
    )

    an = admit(superuser, org_tree.cell_a, name="Nguyễn Văn An")
    fee_remittance_record(
        actor=superuser,
        organization=org_tree.cell_a,
        month=date(2025, 7, 1),
        amount=616035,
        paid_on=date(2025, 8, 12),
    )
    fee_payment_record(
        actor=superuser, member=an, month=date(2025, 3, 1), amount=150000, paid_on=date(2025, 3, 5)
    )
    fee_basis_record(
        actor=superuser, member=an, valid_from=date(2025, 1, 1), kind="salary", amount=5000000
    )
    fee_relief_record(
        actor=superuser,
        member=an,
        kind="reduction",
        percent=50,
        first_month=date(2026, 3, 1),
        last_month=date(2027, 2, 1),
        decision=Decision("21-QĐ/ĐU", date(2026, 2, 26)),
        reason="Hoàn cảnh khó khăn",
    )

    remittance, payment, basis, relief = _rows(
        [_last(FeeRemittance), _last(FeePayment), _last(FeeBasis), _last(FeeRelief)]
    )

    assert remittance.subject == "Chi bộ ấp Mỹ Phước → Đảng bộ xã Mỹ An · 07/2025: 616.035 đ"
    assert _changes(remittance)["tháng"] == " → 07/2025"
    assert _changes(remittance)["số tiền (đồng)"] == " → 616.035 đ"
    assert payment.subject == "Nguyễn Văn An · 03/2025: 150.000 đ"
    assert _changes(payment)["tháng"] == " → 03/2025"
    assert _changes(payment)["số tiền (đồng)"] == " → 150.000 đ"
    assert basis.subject == "Nguyễn Văn An · từ 01/2025: Tiền lương làm căn cứ đóng BHXH"
    assert _changes(basis)["từ tháng"] == " → 01/2025"
    assert _changes(basis)["số tiền làm căn cứ (đồng)"] == " → 5.000.000 đ"
    assert relief.subject == "Nguyễn Văn An · Giảm 50% · 03/2026–02/2027"
    relieved = _changes(relief)
    assert (relieved["từ tháng"], relieved["đến tháng"]) == (" → 03/2026", " → 02/2027")
    # the body that decided is an organization: not "người dùng" (a user)
    assert relieved["cấp quyết định"] == " → Đảng bộ xã Mỹ An"


def test_a_meeting_vote_names_its_meeting_and_an_absence_its_plan(superuser, org_tree):
    """The meeting of a vote, the plan of an absence notice read as ids."""
    from dangvien.meetings.models import AbsenceNotice, MeetingVote
    from dangvien.meetings.services import meeting_plan_create, meeting_record

    meeting = meeting_record(
        actor=superuser, organization=org_tree.cell_a, kind="regular", held_on=date(2024, 3, 5)
    )
    plan = meeting_plan_create(
        actor=superuser, organization=org_tree.cell_a, kind="regular", planned_on=date(2099, 1, 5)
    )
    an = admit(superuser, org_tree.cell_a, name="Nguyễn Văn An")

    vote, notice = _rows(
        [
            _event(MeetingVote, None, {"meeting": meeting.pk, "subject": "Nghị quyết"}),
            AuditEvent(
                object_type=ContentType.objects.get_for_model(AbsenceNotice),
                object_id="",
                object_repr=f"{an.pk} {plan.pk}",
                after={"plan": plan.pk, "member": an.pk, "reason": "Ốm"},
            ),
        ]
    )

    assert _changes(vote)["cuộc họp"] == " → Sinh hoạt thường kỳ 05/03/2024"
    assert _changes(notice)["kế hoạch họp"] == " → Sinh hoạt thường kỳ 05/01/2099"


def test_a_candidates_introducers_read_by_name(superuser, org_tree):
    """``candidate_set_introducers`` keeps the introducers as member ids."""
    from dangvien.admissions.models import Candidate

    an = admit(superuser, org_tree.cell_a, name="Nguyễn Văn An")
    binh = admit(superuser, org_tree.cell_a, name="Trần Thị Bình")

    row = _rows([_event(Candidate, {"introducers": []}, {"introducers": [an.pk, binh.pk]})])[0]

    assert _changes(row) == {"người giới thiệu": "— → Nguyễn Văn An, Trần Thị Bình"}


def test_a_member_account_and_an_admission_target_read_by_name(superuser, org_tree):
    """User walk: a member account linked read "6 → 5754", a target "239 2020-07-01–…"."""
    from decimal import Decimal

    from dangvien.portal.models import MemberAccount
    from dangvien.portal.services import member_account_link
    from dangvien.targets.models import AdmissionTarget
    from dangvien.targets.services import admission_target_set
    from dangvien.users.services import user_create

    an = admit(superuser, org_tree.cell_a, name="Nguyễn Văn An")
    user = user_create(actor=superuser, username="an", password="mat-khau-123", full_name="An")
    member_account_link(actor=superuser, user=user, member=an, on=date(2025, 1, 2))
    admission_target_set(
        actor=superuser,
        organization=org_tree.commune,
        period_from=date(2020, 7, 1),
        period_to=date(2025, 6, 30),
        admissions=1200,
        members_per_population_percent=Decimal("3.85"),
    )

    account, target = _rows([_last(MemberAccount), _last(AdmissionTarget)])

    assert account.subject == "An → Nguyễn Văn An"
    assert target.subject == "Đảng bộ xã Mỹ An · 01/07/2020–30/06/2025"
    assert _changes(target)["số kết nạp"] == " → 1.200"
    assert _changes(target)["tỷ lệ đảng viên trên dân số (%)"] == " → 3,85"


def test_the_log_page_shows_the_values_in_words(client, superuser, org_tree):
    """The /audit/ page: a remittance by name, its month and amount as people write them."""
    from dangvien.fees.services import fee_remittance_record

    fee_remittance_record(
        actor=superuser,
        organization=org_tree.cell_a,
        month=date(2025, 7, 1),
        amount=616035,
        paid_on=date(2025, 8, 12),
    )
    login(client, superuser, "root-pass-123")

    body = client.get(reverse("web:audit"), {"action": "create"}).content.decode()

    assert "Chi bộ ấp Mỹ Phước → Đảng bộ xã Mỹ An · 07/2025: 616.035 đ" in body
    assert "07/2025" in body and "616.035 đ" in body
    assert "616035" not in body.split("Dữ liệu gốc")[0]


def _said(message: str) -> str:
    with translation.override("vi"):
        return words(message)


def test_a_reading_whose_word_is_missing_marks_the_gap():
    """A reading with ``{}`` and no word after its phrase ("badge" alone) read as if the word
    were never there: "tặng Huy hiệu năm tuổi Đảng", "… tính đến ngày"."""
    audit_words.register("test gap", "đọc “{}” xong")
    audit_words.register("test gap end", "đọc đến {}")
    try:
        assert _said("test gap") == "đọc “…” xong"
        assert _said("test gap end") == "đọc đến …"
        assert _said("test gap end 5") == "đọc đến 5"
        assert "  " not in _said("test gap end")
    finally:
        audit_words.unregister("test gap")
        audit_words.unregister("test gap end")
    assert _said("badge") == "tặng Huy hiệu … năm tuổi Đảng"
    assert _said("badge 30") == "tặng Huy hiệu 30 năm tuổi Đảng"
    with translation.override("vi"):
        assert data_words("fees") == "báo cáo thu, nộp đảng phí tính đến ngày …"
        assert "{}" not in data_words("assessment form")
    assert "fees" in audit_data


def test_the_names_of_a_page_take_the_same_queries_for_two_rows_or_twelve(superuser, org_tree):
    """Each key's values are named at once for the page (one query per key), not row by row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from dangvien.fees.models import FeePayment
    from dangvien.fees.services import fee_payment_record

    members = [admit(superuser, org_tree.cell_a, name=f"Nguyễn Văn {n}") for n in "ABC"]
    for month in range(1, 5):
        for member in members:
            fee_payment_record(
                actor=superuser,
                member=member,
                month=date(2025, month, 1),
                amount=100000 + month,
                paid_on=date(2025, month, 20),
            )
    events = list(
        AuditEvent.objects.filter(object_type=ContentType.objects.get_for_model(FeePayment))
        .select_related("object_type")
        .order_by("id")
    )
    assert len(events) == 12

    def queries(rows: list[AuditEvent]) -> int:
        with CaptureQueriesContext(connection) as context:
            read = _rows(rows)
        assert all(row.subject.startswith("Nguyễn Văn ") for row in read)
        return len(context.captured_queries)

    assert queries(events) == queries(events[:2])
