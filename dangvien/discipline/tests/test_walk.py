"""The walk of issue 16's "done when", through the pages as its users do it: the commune's
inspection commission opens a case against a cell member, the cell votes, the cell is refused
a form beyond its competence with the rule cited, the body above decides it, and the member's
page, the committee and the statistics show the effects; a second case past its limitation
period is refused with the period cited."""

import json
from datetime import date

import pytest
from django.urls import reverse

from dangvien.committees.models import CommitteePost
from dangvien.discipline.models import DisciplineCase, DisciplineDecision
from dangvien.discipline.tests.services.test_cases import hold_post

pytestmark = pytest.mark.django_db


def test_the_done_when_walk_through_the_pages(client, cell, actors, org_tree, superuser):
    member, late_member = cell["official"][0], cell["official"][1]
    post = hold_post(superuser, member, org_tree.cell_a)
    # the commune's inspection commission opens the case against the cell's deputy secretary
    client.force_login(actors["commune_inspection"])
    opened = client.post(
        reverse("web:discipline_case_new", args=[org_tree.cell_a.code]),
        {
            "subject": "member",
            "member_key": member.member_key,
            "opened_on": "2024-03-01",
            "violation": "Vi phạm nguyên tắc tập trung dân chủ",
            "violated_on": "2024-01-15",
            "key": "KL-WALK-1",
        },
    )
    assert opened.status_code == 302
    case = DisciplineCase.objects.get(key="KL-WALK-1")
    url = reverse("web:discipline_case", args=[case.pk])
    # the cell votes the dismissal
    client.force_login(actors["secretary"])
    proposed = client.post(
        url,
        {
            "do": "propose",
            "form": "dismissal",
            "proposed_on": "2024-03-10",
            "members_convened": "2",
            "votes_for": "2",
        },
    )
    assert proposed.status_code == 302
    # the cell may not decide it: refused on the page, the rule cited, nothing written
    refused = client.post(
        url,
        {
            "do": "decide",
            "form": "dismissal",
            "outcome": "approved",
            "decided_on": "2024-04-02",
            "number": "02-QĐ/CB",
        },
    )
    assert refused.status_code == 200
    from dangvien.competence.selectors import competence_source

    # the rule cited by its source, not its key (walk of issue 19)
    assert competence_source("dismissal", date.today()) in refused.content.decode()
    assert "competence.dismissal" not in refused.content.decode()
    assert not DisciplineDecision.objects.exists()
    # the body above (competent for a dismissal) finds the file addressed to it and decides
    client.force_login(actors["district"])
    decided = client.post(
        url,
        {
            "do": "decide",
            "form": "dismissal",
            "outcome": "approved",
            "decided_on": "2024-04-02",
            "number": "08-QĐ/HU",
        },
    )
    assert decided.status_code == 302
    # the effects: the committee post ended that day, the member's page and the statistics
    assert CommitteePost.objects.get(pk=post.pk).held_to == date(2024, 4, 2)
    client.force_login(actors["commune_inspection"])
    member_page = client.get(reverse("web:member", args=[member.pk])).content.decode()
    assert "KL-WALK-1" in member_page and "08-QĐ/HU" in member_page
    stats = client.get(
        reverse("web:organization_statistics_download", args=[org_tree.commune.code, "json"]),
        {"as_of": "2024-12-31"},
    )
    assert json.loads(stats.content)["discipline"]["by_form"] == {"dismissal": 1}
    # a second case, its violation past the limitation period: refused, the period cited
    client.post(
        reverse("web:discipline_case_new", args=[org_tree.cell_a.code]),
        {
            "subject": "member",
            "member_key": late_member.member_key,
            "opened_on": "2024-03-01",
            "violation": "Vi phạm phát hiện muộn",
            "violated_on": "2017-06-14",
            "key": "KL-WALK-2",
        },
    )
    late = DisciplineCase.objects.get(key="KL-WALK-2")
    client.force_login(actors["secretary"])
    page = client.post(
        reverse("web:discipline_case", args=[late.pk]),
        {
            "do": "decide",
            "form": "reprimand",
            "outcome": "approved",
            "decided_on": "2024-04-02",
            "number": "03-QĐ/CB",
            "members_convened": "2",
            "votes_for": "2",
        },
    ).content.decode()
    assert "Quy định 69-QĐ/TW Điều 6" in page and "14/06/2022" in page
    assert "discipline.limitation_years" not in page  # the source, not the key
    assert not DisciplineDecision.objects.filter(case=late).exists()
