"""The pages of discipline: the cell opens and decides, is refused a form beyond its
competence with the rule cited, the district decides; reads audited; the member's panel and
portal."""

from datetime import date

import pytest
from django.urls import reverse

from dangvien.accounts.models import User
from dangvien.audit.models import AuditEvent
from dangvien.core.decisions import Decision
from dangvien.discipline.choices import READ, Form, Subject
from dangvien.discipline.models import DisciplineAppeal, DisciplineCase, DisciplineDecision
from dangvien.discipline.services import discipline_record
from dangvien.members.choices import MemberEventType
from dangvien.members.models import MemberEvent
from dangvien.portal.services import member_account_link

pytestmark = pytest.mark.django_db


def _expulsion_proposed(actor, case):
    """The cell's proposal to expel the case's member (2 of 2 convened, 10/03/2024)."""
    from dangvien.discipline.services import case_propose

    return case_propose(
        actor=actor,
        case=case,
        form=Form.EXPULSION,
        proposed_on=date(2024, 3, 10),
        votes_for=2,
        members_convened=2,
    )


def _warned(case, actors):
    """The cell decides a warning (08-QĐ/CB of 20/03/2024), its two members convened for."""
    from dangvien.discipline.services import case_decide

    case_decide(
        actor=actors["secretary"],
        case=case,
        form=Form.WARNING,
        decision=Decision("08-QĐ/CB", date(2024, 3, 20)),
        votes_for=2,
        members_convened=2,
    )


def test_the_secretary_opens_a_case_through_the_page(client, cell, actors, org_tree):
    client.force_login(actors["secretary"])
    response = client.post(
        reverse("web:discipline_case_new", args=[org_tree.cell_a.code]),
        {
            "subject": "member",
            "member_key": cell["official"][1].member_key,
            "opened_on": "2024-03-01",
            "violation": "Bỏ sinh hoạt chi bộ",
            "violated_on": "2024-02-01",
        },
    )
    case = DisciplineCase.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("web:discipline_case", args=[case.pk])
    assert case.member == cell["official"][1]


def test_the_cell_is_refused_an_expulsion_with_the_rule_and_the_district_decides(
    client, case, actors
):
    # the cell votes its proposal
    client.force_login(actors["secretary"])
    url = reverse("web:discipline_case", args=[case.pk])
    form_page = client.get(url).content.decode()
    assert "Cách chức và khai trừ do chi bộ biểu quyết đề nghị" in form_page
    assert "competence.dismissal" not in form_page  # the rules by their sources
    client.post(
        url,
        {
            "do": "propose",
            "form": "expulsion",
            "proposed_on": "2024-03-10",
            "members_convened": "2",
            "votes_for": "2",
        },
    )
    # the cell may not decide it: the rule is cited on the page, nothing written
    page = client.post(
        url,
        {
            "do": "decide",
            "form": "expulsion",
            "outcome": "approved",
            "decided_on": "2024-04-02",
            "number": "07-QĐ/CB",
            "confirmed": "on",
        },
    )
    assert page.status_code == 200
    from dangvien.competence.selectors import competence_source

    # the rule cited by its source, not its key (walk of issue 19)
    assert competence_source("expulsion", date.today()) in page.content.decode()
    assert "competence.expulsion" not in page.content.decode()
    assert not DisciplineDecision.objects.exists()
    # the district decides
    client.force_login(actors["district"])
    response = client.post(
        url,
        {
            "do": "decide",
            "form": "expulsion",
            "outcome": "approved",
            "decided_on": "2024-04-02",
            "number": "07-QĐ/HU",
            "confirmed": "on",
        },
    )
    assert response.status_code == 302
    assert MemberEvent.objects.filter(
        member=case.member, type=MemberEventType.EXPELLED, effective_on=date(2024, 4, 2)
    ).exists()
    page = client.get(url).content.decode()
    assert "07-QĐ/HU" in page
    assert "Đảng bộ huyện Tháp Mười" in page


def test_every_read_of_the_case_page_is_audited(client, case, actors):
    client.force_login(actors["district_inspection"])
    for _ in range(2):
        assert client.get(reverse("web:discipline_case", args=[case.pk])).status_code == 200
    rows = AuditEvent.objects.filter(action=READ, object_id=str(case.pk))
    assert rows.count() == 2
    assert set(rows.values_list("actor_id", flat=True)) == {actors["district_inspection"].pk}


def test_the_case_page_read_before_the_rulebooks_first_text_cites_todays_rules(
    client, case, actors
):
    # the rulebook starts on 03/02/1930 (the Party's founding): a page read at 31/12/1929
    # cites the rules of today instead of answering 500
    client.force_login(actors["district_inspection"])
    url = reverse("web:discipline_case", args=[case.pk])
    early = client.get(url, {"as_of": "1929-12-31"})
    assert early.status_code == 200
    assert "Quy định 69-QĐ/TW" in early.content.decode()


def test_every_read_through_every_door_is_audited(client, api_client, case, actors):
    # given: the commune's inspection commission, the cell secretary and the API
    reads = AuditEvent.objects.filter(
        action=READ, object_id=str(case.pk), message__startswith="read discipline"
    )
    client.force_login(actors["commune_inspection"])
    # when: the case page, the member page's panel and the API's case
    client.get(reverse("web:discipline_case", args=[case.pk]))
    client.get(reverse("web:member", args=[case.member.pk]))
    api_client.force_authenticate(actors["secretary"])
    assert api_client.get(f"/api/discipline/cases/{case.pk}/").status_code == 200
    # then: one row per read, naming who read
    assert list(reads.order_by("id").values_list("actor_id", flat=True)) == [
        actors["commune_inspection"].pk,
        actors["commune_inspection"].pk,
        actors["secretary"].pk,
    ]
    # the staff's counts page reads no file, so it writes no row
    client.force_login(actors["commune"])
    client.get(reverse("web:organization_discipline", args=["X-MA"]))
    assert reads.count() == 3


def test_the_staff_see_counts_the_inspection_commission_the_files(client, case, actors, org_tree):
    url = reverse("web:organization_discipline", args=[org_tree.commune.code])
    # the commune staff: a count, not the case
    client.force_login(actors["commune"])
    page = client.get(url).content.decode()
    assert "KL-2024-0001" not in page and case.member.full_name not in page
    assert client.get(reverse("web:discipline_case", args=[case.pk])).status_code == 404
    assert client.get(reverse("web:discipline_case_new", args=["CB-A"])).status_code == 403
    # the commune's inspection commission: the file, and it opens cases
    client.force_login(actors["commune_inspection"])
    assert "KL-2024-0001" in client.get(url).content.decode()
    assert client.get(reverse("web:discipline_case_new", args=["CB-A"])).status_code == 200
    # the other cell's secretary: not this cell's cases
    client.force_login(actors["other_secretary"])
    assert client.get(reverse("web:discipline_case", args=[case.pk])).status_code == 404


def test_the_discipline_page_of_the_staff_does_not_say_there_is_no_case(
    client, case, actors, org_tree
):
    """The walk of the demo: the province's staff read "Chưa có hồ sơ kỷ luật nào" although
    their subtree has cases (files they may not read: the inspection commission's)."""
    # given: a case in the district's subtree, addressed to no body yet
    client.force_login(actors["district"])

    # when
    page = client.get(reverse("web:discipline")).content.decode()

    # then: no claim that there is none; who reads the files; where the counts are
    assert "Chưa có hồ sơ kỷ luật nào" not in page
    assert "KL-2024-0001" not in page
    assert "Không có hồ sơ kỷ luật nào bạn được xem" in page
    assert "Hồ sơ vụ việc do ủy ban kiểm tra và bí thư chi bộ xem" in page
    counts = reverse("web:organization_discipline", args=[org_tree.district.code])
    assert f'href="{counts}">Đảng bộ huyện Tháp Mười</a>' in page
    # the inspection commission reads the file there
    client.force_login(actors["district_inspection"])
    page = client.get(reverse("web:discipline")).content.decode()
    assert "KL-2024-0001" in page and "Không có hồ sơ kỷ luật nào bạn được xem" not in page


def test_viewers_and_other_cells_do_not_see_the_files(client, case, actors, org_tree):
    for who in ("viewer", "other_secretary"):
        client.force_login(actors[who])
        assert client.get(reverse("web:discipline_case", args=[case.pk])).status_code == 404
    client.force_login(actors["viewer"])
    listing = client.get(reverse("web:organization_discipline", args=[org_tree.district.code]))
    assert listing.status_code == 403
    assert not AuditEvent.objects.filter(action=READ).exists()


def test_the_organization_list_and_the_member_panel_show_the_case(client, case, actors, org_tree):
    client.force_login(actors["commune_inspection"])
    listing = client.get(reverse("web:organization_discipline", args=[org_tree.commune.code]))
    assert "KL-2024-0001" in listing.content.decode()
    organization_page = client.get(reverse("web:organization", args=[org_tree.commune.code]))
    assert reverse("web:organization_discipline", args=["X-MA"]) in (
        organization_page.content.decode()
    )
    member_page = client.get(reverse("web:member", args=[case.member.pk])).content.decode()
    assert "KL-2024-0001" in member_page
    # a viewer's and a staff's member page have no panel
    for who in ("viewer", "commune"):
        client.force_login(actors[who])
        assert (
            "KL-2024-0001"
            not in client.get(reverse("web:member", args=[case.member.pk])).content.decode()
        )


def test_the_member_sees_only_their_own_decisions_in_the_portal(client, cell, superuser, org_tree):
    own, other = cell["official"][0], cell["official"][1]
    for key, member, number in (("K1", own, "11-QĐ/CB"), ("K2", other, "12-QĐ/CB")):
        discipline_record(
            actor=superuser,
            key=key,
            subject=Subject.MEMBER,
            member=member,
            form=Form.REPRIMAND,
            decided_on=date(2024, 5, 2),
            deciding_organization=org_tree.cell_a,
            number=number,
        )
    user = User.objects.create_user("an", password="pass-12345")
    member_account_link(actor=superuser, user=user, member=own, on=date(2024, 1, 1))
    client.force_login(user)
    page = client.get(reverse("web:portal")).content.decode()
    assert "11-QĐ/CB" in page
    assert "12-QĐ/CB" not in page


def test_a_decided_case_has_no_forms(client, case, actors):
    _warned(case, actors)
    client.force_login(actors["secretary"])
    page = client.get(reverse("web:discipline_case", args=[case.pk])).content.decode()
    assert "08-QĐ/CB" in page
    assert 'value="decide"' not in page


def test_the_inbox_counts_open_cases_for_those_who_record_them(client, case, actors):
    inbox = reverse("web:inbox")
    client.force_login(actors["secretary"])
    assert (
        reverse("web:discipline")
        in client.get(inbox, headers={"HX-Request": "true"}).content.decode()
    )
    client.force_login(actors["viewer"])
    assert (
        reverse("web:discipline")
        not in client.get(inbox, headers={"HX-Request": "true"}).content.decode()
    )


def test_an_appeal_is_lodged_and_settled_through_the_case_page(client, case, actors):
    _warned(case, actors)
    url = reverse("web:discipline_case", args=[case.pk])
    client.force_login(actors["secretary"])
    late = client.post(
        url,
        {
            "do": "appeal",
            "received_on": "2024-03-21",
            "lodged_on": "2024-05-02",
            "appealed_to": "X-MA",
        },
    )
    assert late.status_code == 200
    # the period refused and the help, citing the rule by its source, not its key
    from dangvien.discipline.rule_keys import APPEAL_MONTHS

    late_page = late.content.decode()
    source = APPEAL_MONTHS.version(on=date.today()).source
    assert late_page.count(f"({source})") == 2
    assert "Trong vòng 1 tháng kể từ ngày nhận quyết định" in late_page
    assert "discipline.appeal_months" not in late_page
    lodged = client.post(
        url,
        {
            "do": "appeal",
            "received_on": "2024-03-21",
            "lodged_on": "2024-04-02",
            "appealed_to": "X-MA",
            "grounds": "Chưa xem xét đầy đủ tình tiết",
        },
    )
    assert lodged.status_code == 302
    client.force_login(actors["commune"])
    settled = client.post(
        url,
        {"do": "settle", "outcome": "upheld", "decided_on": "2024-04-20", "number": "30-QĐ/ĐU"},
    )
    assert settled.status_code == 302
    assert "30-QĐ/ĐU" in client.get(url).content.decode()


def test_the_appeal_form_offers_the_bodies_above_the_decider_by_name(client, case, actors):
    """The walk of the demo: the appeal form asked to type a code ("mã của cấp trên")."""
    # given: the cell decided a warning
    _warned(case, actors)
    url = reverse("web:discipline_case", args=[case.pk])
    client.force_login(actors["secretary"])

    # when
    page = client.get(url).content.decode()

    # then: a choice of the bodies above the cell, by name, the nearest chosen
    form = page.split('value="appeal"', 1)[1].split("</form>", 1)[0]
    assert '<select name="appealed_to"' in form
    assert '<option value="X-MA" selected>Đảng bộ xã Mỹ An</option>' in form
    assert ">Đảng bộ huyện Tháp Mười</option>" in form
    assert ">Đảng bộ tỉnh Đồng Tháp</option>" in form
    assert "Chi bộ ấp Mỹ Phước</option>" not in form
    assert "X-MA</" not in form
    # a body that is not one of them is refused, nothing written
    data = {"do": "appeal", "received_on": "2024-03-21", "lodged_on": "2024-04-02"}
    refused = client.post(url, {**data, "appealed_to": "X-MH"})
    assert refused.status_code == 200
    assert not DisciplineAppeal.objects.exists()
    # the chosen body is recorded and the case names it
    assert client.post(url, {**data, "appealed_to": "HU-TM"}).status_code == 302
    assert DisciplineAppeal.objects.get().appealed_to.code == "HU-TM"
    card = client.get(url).content.decode().split("<h2>Khiếu nại</h2>", 1)[1]
    assert "Đảng bộ huyện Tháp Mười" in card.split("</section>", 1)[0]


class _Accepted(Exception):
    """Undoes an appeal the service accepted (the test only asks whether it would)."""


def _service_accepts(actor, decision, appealed_to, lodged_on) -> bool:
    from django.db import transaction

    from dangvien.core.exceptions import ValidationFailed
    from dangvien.discipline.services import appeal_lodge

    try:
        with transaction.atomic():
            appeal_lodge(
                actor=actor,
                decision=decision,
                received_on=date(2024, 3, 21),
                lodged_on=lodged_on,
                appealed_to=appealed_to,
            )
            raise _Accepted
    except ValidationFailed:
        return False
    except _Accepted:
        return True


def _offered(page: str) -> set[str]:
    form = page.split('value="appeal"', 1)[1].split("</form>", 1)[0]
    select = form.split('<select name="appealed_to"', 1)[1].split("</select>", 1)[0]
    return {part.split('"', 1)[0] for part in select.split('<option value="')[1:]}


def test_the_appeal_form_offers_and_accepts_the_bodies_the_service_accepts_on_lodging(
    client, case, actors, superuser, org_tree
):
    """The commune moves to another district between the decision and the appeal: the form
    posted offers (and accepts) the bodies above the cell on the day the appeal was lodged,
    as the service checks them, not those of the page's day."""
    from dangvien.organizations.models import Organization
    from dangvien.organizations.services import organization_move

    # given: the cell decided on 20/03/2024, its commune moved to Cao Lãnh on 25/03/2024
    _warned(case, actors)
    organization_move(
        actor=superuser,
        organization=org_tree.commune,
        new_parent=org_tree.sibling_district,
        effective_on=date(2024, 3, 25),
    )
    decision = DisciplineDecision.objects.get(case=case)
    url = reverse("web:discipline_case", args=[case.pk]) + "?as_of=2024-03-20"
    client.force_login(actors["secretary"])
    assert _offered(client.get(url).content.decode()) == {"X-MA", "HU-TM", "T-DT"}
    lodged_on = date(2024, 4, 2)
    secretary = User.objects.get(pk=actors["secretary"].pk)  # their grants read after the move
    accepted = {
        o.code
        for o in Organization.objects.all()
        if _service_accepts(secretary, decision, o, lodged_on)
    }
    assert accepted == {"X-MA", "HU-CL", "T-DT"}
    data = {"do": "appeal", "received_on": "2024-03-21", "lodged_on": "2024-04-02"}
    audit = AuditEvent.objects.exclude(action=READ)  # each read of the file is audited
    written = audit.count()

    # when: a body the service refuses on 02/04/2024 (above the cell on the page's day) is posted
    refused = client.post(url, {**data, "appealed_to": "HU-TM"})

    # then: refused, nothing written, and the form offers what the service accepts that day
    assert refused.status_code == 200
    assert _offered(refused.content.decode()) == accepted
    assert not DisciplineAppeal.objects.exists()
    assert audit.count() == written
    # a lodging day that does not parse: the bodies of the page's day, nothing written
    unparsed = client.post(url, {**data, "lodged_on": "2/4", "appealed_to": "HU-CL"})
    assert _offered(unparsed.content.decode()) == {"X-MA", "HU-TM", "T-DT"}
    assert not DisciplineAppeal.objects.exists()
    # a body accepted on that day is recorded, though not above the cell on the page's day
    assert client.post(url, {**data, "appealed_to": "HU-CL"}).status_code == 302
    assert DisciplineAppeal.objects.get().appealed_to.code == "HU-CL"


def test_a_state_notice_is_recorded_and_listed_late(client, cell, actors, org_tree):
    client.force_login(actors["secretary"])
    response = client.post(
        reverse("web:discipline_notice_new", args=[org_tree.cell_a.code]),
        {
            "member_key": cell["official"][1].member_key,
            "state_body": "UBND xã Mỹ An",
            "measure": "Khiển trách",
            "state_decision_number": "15/QĐ-UBND",
            "state_decided_on": "2025-08-04",
            "received_on": "2025-08-12",
        },
    )
    assert response.status_code == 302
    listing = client.get(reverse("web:organization_discipline", args=[org_tree.cell_a.code]))
    page = listing.content.decode()
    assert "UBND xã Mỹ An" in page
    assert "09/08/2025" in page


def test_the_decision_document_names_the_member_and_the_form(client, case, actors):
    from io import BytesIO

    from docx import Document

    _warned(case, actors)
    client.force_login(actors["district_inspection"])
    response = client.get(reverse("web:discipline_decision_docx", args=[case.pk]))
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(BytesIO(response.content)).paragraphs)
    assert "CẢNH CÁO" in text and "Nguyễn Văn An" in text
    assert AuditEvent.objects.filter(action=READ, object_id=str(case.pk)).count() == 1


def test_the_decisions_panel_shows_a_disciplinary_proposal_only_to_who_reads_the_file(
    client, case, actors
):

    # given: the cell proposes the expulsion the district decides
    link = _expulsion_proposed(actors["secretary"], case)
    proposal_url = reverse("web:proposal", args=[link.proposal.pk])
    member_url = reverse("web:member", args=[case.member.pk])
    # then: the secretary, the district that decides and the commune's inspection commission
    # see it on the member page; a viewer and the commune staff do not
    for who, shown in [
        ("secretary", True),
        ("district", True),
        ("commune_inspection", True),
        ("viewer", False),
        ("commune", False),
    ]:
        client.force_login(actors[who])
        assert (proposal_url in client.get(member_url).content.decode()) is shown, who


def test_a_disciplinary_proposal_is_hidden_from_the_lists_pages_and_api_of_who_cannot_read_it(
    client, api_client, case, actors
):

    # given: the cell proposes the expulsion the district decides
    link = _expulsion_proposed(actors["secretary"], case)
    proposal_url = reverse("web:proposal", args=[link.proposal.pk])
    # then: the decisions list, the proposal page and the API answer alike: the district that
    # decides sees it, the commune staff (decisions' viewers, not the files') do not
    for who, shown in [("district", True), ("commune", False), ("viewer", False)]:
        client.force_login(actors[who])
        assert (proposal_url in client.get(reverse("web:decisions")).content.decode()) is shown
        assert client.get(proposal_url).status_code == (200 if shown else 404), who
        api_client.force_authenticate(actors[who])
        answer = api_client.get(f"/api/proposals/{link.proposal.pk}/")
        assert answer.status_code == (200 if shown else 404), who


def test_the_form_of_discipline_reads_as_such_not_as_an_assessment_form(client, case, actors):
    """User walk: "hình thức kỷ luật" showed as "mẫu" (the msgid "form" of the assessment
    forms' catalog won); the case opened on read as the opening of an assessment round."""
    _warned(case, actors)
    client.force_login(actors["district_inspection"])

    page = client.get(reverse("web:discipline_case", args=[case.pk])).content.decode()
    log = client.get(reverse("web:audit"), {"object_type": "disciplinecase", "action": "update"})

    assert "Ngày mở hồ sơ" in page
    assert "Ngày mở đợt" not in page
    details = [str(d) for row in log.context["rows"] for c in row.changes for d in c.details]
    assert "hình thức kỷ luật: Cảnh cáo" in details
    assert "mẫu" not in log.content.decode()
    assert "Quyết định kỷ luật: Cảnh cáo" in log.content.decode()  # the message, in words


def test_the_case_and_its_proposal_name_who_recorded_them_by_their_name(
    client, cell, make_actor, org_tree, superuser
):
    """The walk of the demo: the case page read "Người ghi: chibo" and the proposal's row in the
    log "Người trình: chibo", the secretary's login name where their name belongs."""
    from dangvien.discipline.services import case_open

    # given: a secretary with a name opens a case and proposes an expulsion
    secretary = make_actor("cell_secretary", org_tree.cell_a, full_name="Võ Thanh Tùng")
    case = case_open(
        actor=secretary,
        subject=Subject.MEMBER,
        member=cell["official"][0],
        opened_on=date(2024, 3, 1),
        violation="Vi phạm quy định về những điều đảng viên không được làm",
        opened_by=org_tree.cell_a,
    )
    _expulsion_proposed(secretary, case)

    # when: the case page, and the log of proposals
    client.force_login(secretary)
    page = client.get(reverse("web:discipline_case", args=[case.pk])).content.decode()
    client.force_login(superuser)
    log = client.get(reverse("web:audit"), {"object_type": "proposal"}).content.decode()

    # then: the person by name, never by their login name
    assert "<dd>Võ Thanh Tùng</dd>" in page
    assert f"<dd>{secretary.username}</dd>" not in page
    assert "<td>Võ Thanh Tùng</td>" in log and "<ins>Võ Thanh Tùng</ins>" in log
    assert f"<td>{secretary.username}</td>" not in log
    assert f"<ins>{secretary.username}</ins>" not in log


def test_the_help_of_the_proposal_cites_each_source_once(client, case, actors):
    """The walk of the demo: "(Điều lệ Đảng Điều 36; Quy định 69-QĐ/TW Điều 15; Điều lệ Đảng
    Điều 36 (khoản 2 …); Quy định 69-QĐ/TW Điều 15; …)": the sources of dismissal and of
    expulsion joined whole, the citation they share twice."""
    import re

    from dangvien.competence.selectors import competence_source

    # when
    client.force_login(actors["secretary"])
    page = client.get(reverse("web:discipline_case", args=[case.pk])).content.decode()

    # then: every citation of the two rules in the rulebook, each once
    help_text = page.split("Cách chức và khai trừ do chi bộ biểu quyết đề nghị", 1)[1]
    help_text = help_text.split("</p>", 1)[0]
    citations = [
        citation.strip()
        for kind in ("dismissal", "expulsion")
        for citation in re.split(r";(?![^()]*\))", competence_source(kind, date.today()))
    ]
    assert "Quy định 69-QĐ/TW Điều 15" in citations
    for citation in citations:
        assert help_text.count(citation + ";") + help_text.count(citation + ")") == 1, citation


def test_the_body_deciding_an_organizations_discipline_is_chosen_by_name(
    client, case, actors, org_tree
):
    """The walk of the demo: the decision form asked for the deciding body's code ("Cơ quan
    quyết định (mã, khi đối tượng là tổ chức đảng)")."""
    from dangvien.discipline.services import case_open

    # given: a case of the cell CB-B, which the commune's staff may decide
    organization_case = case_open(
        actor=actors["commune_inspection"],
        subject=Subject.ORGANIZATION,
        organization=org_tree.cell_b,
        opened_on=date(2024, 3, 1),
        violation="Mất sức chiến đấu kéo dài",
    )
    url = reverse("web:discipline_case", args=[organization_case.pk])
    client.force_login(actors["commune"])

    # when
    page = client.get(url).content.decode()

    # then: a choice of the bodies above the cell, by name, the nearest chosen; no code to type
    form = page.split('value="decide"', 1)[1].split("</form>", 1)[0]
    select = form.split('<select name="deciding_body"', 1)[1].split("</select>", 1)[0]
    assert '<option value="X-MA" selected>Đảng bộ xã Mỹ An</option>' in select
    assert '<option value="HU-TM">Đảng bộ huyện Tháp Mười</option>' in select
    assert '<option value="T-DT">Đảng bộ tỉnh Đồng Tháp</option>' in select
    assert select.count("<option") == 3
    assert 'name="deciding_code"' not in page
    # a body that is not above the cell is refused, nothing written
    data = {
        "do": "decide",
        "form": "warning",
        "outcome": "approved",
        "decided_on": "2024-04-01",
        "number": "10-QĐ/ĐU",
    }
    refused = client.post(url, {**data, "deciding_body": "HU-CL"})
    assert refused.status_code == 200
    assert not DisciplineDecision.objects.exists()
    # the body chosen decides, and the case names it
    assert client.post(url, {**data, "deciding_body": "X-MA"}).status_code == 302
    assert DisciplineDecision.objects.get().deciding_organization == org_tree.commune
    # a member's case asks no deciding body: the rulebook names it
    client.force_login(actors["secretary"])
    member_page = client.get(reverse("web:discipline_case", args=[case.pk])).content.decode()
    assert 'value="decide"' in member_page and 'name="deciding_body"' not in member_page


def test_the_decision_form_offers_the_forms_the_subject_may_receive(client, case, actors, org_tree):
    """The walk of the demo: an organization's case offered an expulsion and a dismissal (with
    the box confirming an expulsion), a member's a dissolution; the service refused them."""
    from dangvien.discipline.services import case_open

    organization_case = case_open(
        actor=actors["commune_inspection"],
        subject=Subject.ORGANIZATION,
        organization=org_tree.cell_b,
        opened_on=date(2024, 3, 1),
        violation="Mất sức chiến đấu kéo dài",
    )
    client.force_login(actors["commune"])

    def offered(pk: int) -> tuple[list[str], bool]:
        response = client.get(reverse("web:discipline_case", args=[pk]))
        assert response.status_code == 200
        page = response.content.decode()
        form = page.split('value="decide"', 1)[1].split("</form>", 1)[0]
        select = form.split('<select name="form"', 1)[1].split("</select>", 1)[0]
        values = [part.split('"', 1)[0] for part in select.split('value="')[1:]]
        return values, 'name="confirmed"' in form

    assert offered(organization_case.pk) == (["reprimand", "warning", "dissolution"], False)
    client.force_login(actors["commune_inspection"])  # who keeps the member's file
    values, confirm = offered(case.pk)
    assert "dissolution" not in values and "expulsion" in values and confirm


def test_the_proposal_page_names_the_case_it_carries(client, case, superuser):
    """The walk of the demo: a disciplinary proposal's page labelled its case number "case"."""

    _expulsion_proposed(superuser, case)
    proposal = case.proposals.get().proposal
    client.force_login(superuser)
    page = client.get(reverse("web:proposal", args=[proposal.pk])).content.decode()
    assert "<dt>Hồ sơ kỷ luật</dt><dd>KL-2024-0001</dd>" in page
    assert "<dt>case</dt>" not in page
