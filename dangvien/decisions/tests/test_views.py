"""The web pages of proposals and decisions: the cell proposes, the competent body decides."""

from datetime import date

import pytest
from django.urls import reverse

from dangvien.decisions.models import Proposal, Ruling
from dangvien.members.selectors import member_state

pytestmark = pytest.mark.django_db


def _login(client, user):
    client.force_login(user)
    return client


def test_the_proposal_form_preloads_the_official_members_convened(client, cell, actors):
    member = cell["official"][0]
    page = _login(client, actors["secretary"]).get(
        reverse("web:member_propose", args=[member.pk, "expulsion"]), {"as_of": "2024-03-05"}
    )
    assert page.status_code == 200
    assert 'name="members_convened" value="2"' in page.content.decode()


def test_cell_proposes_and_district_decides_through_the_pages(client, cell, actors):
    # given
    member = cell["official"][0]
    _login(client, actors["secretary"]).post(
        reverse("web:member_propose", args=[member.pk, "expulsion"]) + "?as_of=2024-03-05",
        {
            "proposed_on": "2024-03-05",
            "members_convened": "2",
            "votes_for": "2",
            "votes_against": "0",
        },
    )
    proposal = Proposal.objects.get()
    # when: the district sees it waiting and decides
    client.force_login(actors["district"])
    waiting = client.get(reverse("web:decisions")).content.decode()
    response = client.post(
        reverse("web:proposal", args=[proposal.pk]),
        {
            "do": "decide",
            "outcome": "approved",
            "number": "45-QĐ/HU",
            "decided_on": "2024-03-20",
            "confirmed": "on",
        },
    )
    # then
    assert member.full_name in waiting
    assert response.status_code == 302
    assert Ruling.objects.get().number == "45-QĐ/HU"
    assert member_state(member).status == "exited"


def test_the_secretary_cannot_post_a_decision(client, cell, actors):
    member = cell["official"][0]
    client.force_login(actors["secretary"])
    client.post(
        reverse("web:member_propose", args=[member.pk, "expulsion"]) + "?as_of=2024-03-05",
        {"proposed_on": "2024-03-05", "members_convened": "2", "votes_for": "2"},
    )
    proposal = Proposal.objects.get()
    page = client.get(reverse("web:proposal", args=[proposal.pk])).content.decode()
    response = client.post(
        reverse("web:proposal", args=[proposal.pk]),
        {
            "do": "decide",
            "outcome": "approved",
            "number": "1",
            "decided_on": "2024-03-20",
            "confirmed": "on",
        },
    )
    assert 'value="decide"' not in page
    assert response.status_code == 403
    assert not Ruling.objects.exists()


def test_a_vote_short_of_two_thirds_is_shown_next_to_the_field(client, cell, actors):
    member = cell["official"][0]
    response = _login(client, actors["secretary"]).post(
        reverse("web:member_propose", args=[member.pk, "expulsion"]) + "?as_of=2024-03-05",
        {"proposed_on": "2024-03-05", "members_convened": "2", "votes_for": "1"},
    )
    assert response.status_code == 200
    from dangvien.competence.selectors import competence_source

    # the rule cited by its source, not its key (walk of issue 19)
    assert competence_source("expulsion", date.today()) in response.content.decode()
    assert "competence.expulsion" not in response.content.decode()
    assert not Proposal.objects.exists()


def test_the_cell_records_an_exemption_itself(client, cell, actors):
    member = cell["official"][1]
    response = _login(client, actors["secretary"]).post(
        reverse("web:member_decide", args=[member.pk, "exemption"]),
        {"number": "NQ-04", "decided_on": "2024-05-02"},
    )
    assert response.status_code == 302
    assert member_state(member).is_exempted


def test_the_commune_may_not_open_the_cells_decision_form(client, cell, actors):
    response = _login(client, actors["commune"]).get(
        reverse("web:member_decide", args=[cell["official"][1].pk, "exemption"])
    )
    assert response.status_code == 403


def test_the_district_authorises_the_commune(client, cell, actors, org_tree):
    url = reverse("web:organization_authorisations", args=[org_tree.commune.code])
    response = _login(client, actors["district"]).post(
        url,
        {
            "kind": "admission",
            "valid_from": "2024-01-01",
            "number": "12-QĐ/HU",
            "decided_on": "2023-12-20",
        },
    )
    assert response.status_code == 302
    assert "12-QĐ/HU" in client.get(url).content.decode()
    assert date(2024, 1, 1) == org_tree.commune.authorisations.get().valid_from


def test_the_inbox_shows_proposals_only_to_the_body_that_decides(client, cell, actors):
    # given
    member = cell["official"][0]
    client.force_login(actors["secretary"])
    client.post(
        reverse("web:member_propose", args=[member.pk, "expulsion"]) + "?as_of=2024-03-05",
        {"proposed_on": "2024-03-05", "members_convened": "2", "votes_for": "2"},
    )
    secretary_home = client.get(reverse("web:inbox"), headers={"HX-Request": "true"}).content
    # when
    client.force_login(actors["district"])
    district_home = client.get(reverse("web:inbox"), headers={"HX-Request": "true"}).content

    # then (the secretary's inbox may hold other lines: members due for recognition …)
    def inbox_of(section: bytes) -> str:
        return section.decode()

    assert reverse("web:decisions") in inbox_of(district_home)
    assert reverse("web:decisions") not in inbox_of(secretary_home)


def test_a_probation_past_its_recognition_deadline_is_on_the_removal_due_list(
    client, org_tree, superuser, actors
):
    # given: admitted 10/01/2022, probation ended 10/01/2023, never recognised
    from dangvien.members.tests.support import admit

    member = admit(superuser, org_tree.cell_a, name="Đỗ Văn Khánh", admitted_on=date(2022, 1, 10))
    # when
    page = (
        _login(client, actors["commune"])
        .get(reverse("web:removal_due", args=[org_tree.commune.code]), {"as_of": "2023-06-01"})
        .content.decode()
    )
    early = client.get(
        reverse("web:removal_due", args=[org_tree.commune.code]), {"as_of": "2023-01-05"}
    ).content.decode()
    # then
    assert "Đỗ Văn Khánh" in page
    assert reverse("web:member_propose", args=[member.pk, "probationary_removal"]) in page
    assert "Đỗ Văn Khánh" not in early


def test_the_removal_due_list_above_a_cell_names_each_members_organization(
    client, org_tree, superuser, actors
):
    """The commune's list named the members without their cells: a cell's own list needs no
    such column."""
    # given: a probation past its recognition deadline in cell_a
    from dangvien.members.tests.support import admit

    admit(superuser, org_tree.cell_a, name="Đỗ Văn Khánh", admitted_on=date(2022, 1, 10))
    _login(client, actors["commune"])

    # when
    commune = client.get(
        reverse("web:removal_due", args=[org_tree.commune.code]), {"as_of": "2023-06-01"}
    ).content.decode()
    cell = client.get(
        reverse("web:removal_due", args=[org_tree.cell_a.code]), {"as_of": "2023-06-01"}
    ).content.decode()

    # then
    row = commune.split("Đỗ Văn Khánh", 1)[1].split("</tr>", 1)[0]
    assert "<th>Tổ chức đảng</th>" in commune and "Chi bộ ấp Mỹ Phước" in row
    assert "Đỗ Văn Khánh" in cell and "<th>Tổ chức đảng</th>" not in cell


def test_the_member_page_offers_the_proposals_the_secretary_may_make(client, cell, actors):
    """The panel was registered in member_panels but the member page rendered none."""
    # given
    member = cell["official"][0]

    # when
    page = _login(client, actors["secretary"]).get(
        reverse("web:member", args=[member.pk]), {"as_of": "2024-03-05"}
    )

    # then: the proposals panel, with a link to propose an expulsion
    html = page.content.decode()
    assert page.status_code == 200
    assert reverse("web:member_propose", args=[member.pk, "expulsion"]) in html


def test_the_member_page_offers_each_transfer_and_badge_action_once(client, cell, actors):
    """The walk of the demo: the member page offered three transfer actions and "Tặng Huy
    hiệu Đảng" twice: the member actions, the badge register's button and the proposals panel
    each offered the decisions of a transfer's introduction and of a badge."""
    member = cell["official"][1]
    url = reverse("web:member", args=[member.pk])
    issue = reverse("web:member_action", args=[member.pk, "transfer-issue"])
    one_step = reverse("web:member_action", args=[member.pk, "transfer"])
    propose_transfer = reverse("web:member_propose", args=[member.pk, "transfer_introduction"])
    award = reverse("web:member_badge", args=[member.pk])
    propose_badge = reverse("web:member_propose", args=[member.pk, "badge_award"])

    # the commune decides a transfer's introduction itself and proposes a badge to the province
    commune = _login(client, actors["commune"]).get(url).content.decode()
    assert issue in commune and propose_transfer not in commune
    assert one_step in commune
    assert "Giới thiệu chuyển sinh hoạt đảng chính thức</a>" in commune
    assert "Chuyển sinh hoạt một bước (ghi cả nơi đi và nơi đến)</a>" in commune
    assert propose_badge in commune and award not in commune
    assert "Đề nghị: Tặng Huy hiệu Đảng</a>" in commune
    assert commune.count("Huy hiệu Đảng</a>") == 1

    # the province awards the badge (its register's button) and proposes the introduction
    province = _login(client, actors["province"]).get(url).content.decode()
    assert award in province and propose_badge not in province
    assert province.count("Huy hiệu Đảng</a>") == 1
    assert propose_transfer in province and issue not in province
    assert "Đề nghị: Giới thiệu chuyển sinh hoạt đảng chính thức</a>" in province

    # the secretary proposes the introduction (a badge is proposed by the commune)
    secretary = _login(client, actors["secretary"]).get(url).content.decode()
    assert propose_transfer in secretary and issue not in secretary
    assert propose_badge not in secretary and award not in secretary


def test_the_proposal_page_names_its_details_as_the_form_did(client, cell, actors):
    from dangvien.decisions.choices import DecisionKind
    from dangvien.decisions.services import proposal_submit

    proposal = proposal_submit(
        actor=actors["secretary"],
        kind=DecisionKind.REMOVAL,
        member=cell["official"][0],
        proposed_on=date(2024, 3, 5),
        votes_for=2,
        votes_against=0,
        data={"reason": "abandoned_activity"},
    )
    client.force_login(actors["district"])
    html = client.get(f"/decisions/proposal/{proposal.pk}/", HTTP_ACCEPT_LANGUAGE="vi").content
    page = html.decode()
    assert "abandoned_activity" not in page and "<dt>reason</dt>" not in page
    assert "<dt>Lý do</dt>" in page
    # a removal has no deadline in the rulebook: the page says so rather than a bare dash
    assert proposal.due_on is None
    assert "quy định chưa đặt hạn cho loại quyết định này" in page
    # the member told apart from a namesake
    assert cell["official"][0].member_key in page


def test_a_badge_the_member_cannot_reach_is_refused_next_to_the_milestone(client, cell, actors):
    """Walk of the demo: a 30-year badge proposed for a member with a few years of party age
    was sent to the province and refused only by its decision."""
    # given: party age from 05/01/2020
    member = cell["official"][0]
    # when
    response = _login(client, actors["commune"]).post(
        reverse("web:member_propose", args=[member.pk, "badge_award"]) + "?as_of=2024-03-05",
        {"proposed_on": "2024-03-05", "milestone": "30"},
    )
    # then: the form again, the award's words beside the milestone, nothing sent
    assert response.status_code == 200
    form = response.context["form"]
    assert "tuổi đảng là 4 năm; Huy hiệu 30 năm tuổi đảng cần đủ 30 năm" in " ".join(
        form.errors["milestone"]
    )
    assert not Proposal.objects.exists()


def test_a_recognition_resolved_before_probation_ends_is_refused_next_to_its_date(
    client, cell, actors
):
    # given: probation ends 10/01/2025
    member = cell["probationary"]
    # when
    response = _login(client, actors["secretary"]).post(
        reverse("web:member_propose", args=[member.pk, "recognition"]) + "?as_of=2024-12-16",
        {"proposed_on": "2024-12-16", "members_convened": "2", "votes_for": "2"},
    )
    # then
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["proposed_on"])
    assert "Đảng viên hết thời gian dự bị ngày 10/01/2025" in errors
    assert not Proposal.objects.exists()


def test_the_member_page_at_a_past_day_lists_the_proposals_made_by_then(client, cell, actors):
    from dangvien.decisions.choices import DecisionKind
    from dangvien.decisions.services import proposal_submit

    # given: a removal proposed on 05/03/2024
    member = cell["official"][0]
    proposal = proposal_submit(
        actor=actors["secretary"],
        kind=DecisionKind.REMOVAL,
        member=member,
        proposed_on=date(2024, 3, 5),
        votes_for=2,
        votes_against=0,
        data={"reason": "abandoned_activity"},
    )
    client.force_login(actors["district"])
    link = f"/decisions/proposal/{proposal.pk}/"

    # when
    before = client.get(f"/member/{member.pk}/", {"as_of": "2024-03-04"}).content.decode()
    on_the_day = client.get(f"/member/{member.pk}/", {"as_of": "2024-03-05"}).content.decode()

    # then
    assert link not in before
    assert link in on_the_day


def test_the_badge_form_preloads_the_official_members_convened_of_the_proposing_cell(
    client, superuser, org_tree
):
    """The badge needs no vote share, and the form showed the count empty under its help text
    "leave as computed": the ledger's count is preloaded whenever it gives one."""
    from dangvien.core.decisions import Decision
    from dangvien.members.services import member_recognise
    from dangvien.members.tests.support import admit
    from dangvien.organizations.services import organization_create

    # given: a grassroots cell (it proposes the badge itself) with two official members
    cell = organization_create(
        actor=superuser,
        code="CBCS",
        name="Chi bộ Công ty Mỹ An",
        kind="grassroots_cell",
        parent=org_tree.district,
        established_on=date(2000, 1, 1),
    )
    members = [
        admit(superuser, cell, name=name, national_id=f"08709000001{index}")
        for index, name in enumerate(["Nguyễn Văn An", "Trần Thị Bình"])
    ]
    for member in members:
        member_recognise(actor=superuser, member=member, decision=Decision("1", date(2021, 1, 10)))
    # when
    page = _login(client, superuser).get(
        reverse("web:member_propose", args=[members[0].pk, "badge_award"]),
        {"as_of": "2024-03-05"},
    )
    # then
    assert page.status_code == 200
    assert 'name="members_convened" value="2"' in page.content.decode()


def test_the_badge_form_of_a_committee_says_why_the_count_is_empty(client, cell, actors):
    # given: the commune proposes the badge; its members belong to its cells
    member = cell["official"][0]
    # when
    page = _login(client, actors["commune"]).get(
        reverse("web:member_propose", args=[member.pk, "badge_award"]),
        {"as_of": "2024-03-05"},
        HTTP_ACCEPT_LANGUAGE="vi",
    )
    # then: nothing preloaded, and the help text says to leave it empty (not "as computed")
    html = page.content.decode()
    field = html.split('id="field-members_convened"', 1)[1].split("</div>", 1)[0]
    assert 'name="members_convened" min="0"' in field and "value=" not in field
    assert "không bắt buộc biểu quyết" in field and "giữ nguyên số đã tính" not in field
