"""Inspection and supervision programmes: planned with subjects of the subtree, concluded,
overdue conclusions, the page."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from dangvien.audit.models import AuditEvent
from dangvien.core.exceptions import ValidationFailed
from dangvien.discipline.choices import ProgrammeKind
from dangvien.discipline.models import Programme
from dangvien.discipline.programmes import (
    overdue_programmes,
    programme_conclude,
    programme_plan,
    programmes_of,
)

pytestmark = pytest.mark.django_db


def plan(actor, org_tree, cell, **extra):
    return programme_plan(
        actor=actor,
        organization=org_tree.commune,
        kind=extra.pop("kind", ProgrammeKind.THEMATIC_SUPERVISION),
        title="Giám sát chuyên đề việc thực hiện chế độ sinh hoạt chi bộ",
        starts_on=date(2024, 4, 1),
        ends_on=date(2024, 5, 31),
        team="Ủy ban Kiểm tra Đảng ủy xã",
        organizations=[org_tree.cell_a],
        members=[cell["official"][0]],
        **extra,
    )


def test_the_commune_plans_and_concludes_a_supervision(cell, actors, org_tree):
    programme = plan(actors["commune_inspection"], org_tree, cell)
    assert programme.year == 2024 and programme.subjects.count() == 2
    assert list(overdue_programmes(actor=actors["commune_inspection"])) == [programme]
    programme_conclude(
        actor=actors["commune_inspection"],
        programme=programme,
        concluded_on=date(2024, 6, 10),
        findings="Chi bộ duy trì sinh hoạt định kỳ; một đảng viên vắng nhiều lần",
        recommendations="Chi bộ nhắc nhở, kiểm điểm đảng viên vắng sinh hoạt",
        violation_found=True,
    )
    assert not overdue_programmes(actor=actors["commune_inspection"]).exists()
    assert list(
        programmes_of(actor=actors["district_inspection"], organization=org_tree.district)
    ) == [programme]
    assert not programmes_of(actor=actors["viewer"], organization=org_tree.district).exists()
    # the staff without the inspection role read no inspection file
    assert not programmes_of(actor=actors["district"], organization=org_tree.district).exists()


def test_a_subject_outside_the_subtree_is_refused(cell, actors, org_tree):
    audit = AuditEvent.objects.count()
    with pytest.raises(ValidationFailed) as refused:
        programme_plan(
            actor=actors["commune_inspection"],
            organization=org_tree.commune,
            kind=ProgrammeKind.INSPECTION_TASKS,
            title="Kiểm tra",
            starts_on=date(2024, 4, 1),
            ends_on=date(2024, 5, 31),
            organizations=[org_tree.sibling_commune],
        )
    assert refused.value.code == "subject_outside"
    assert not Programme.objects.exists()
    assert AuditEvent.objects.count() == audit


def test_a_secretary_cannot_plan_for_the_commune(cell, actors, org_tree):
    with pytest.raises(PermissionDenied):
        plan(actors["secretary"], org_tree, cell)


def test_a_conclusion_before_the_start_is_refused(cell, actors, org_tree):
    programme = plan(actors["commune_inspection"], org_tree, cell)
    with pytest.raises(ValidationFailed) as refused:
        programme_conclude(
            actor=actors["commune_inspection"],
            programme=programme,
            concluded_on=date(2024, 3, 1),
            findings="…",
        )
    assert refused.value.code == "before_start"


def test_the_page_plans_lists_and_flags_overdue(client, cell, actors, org_tree):
    client.force_login(actors["commune_inspection"])
    url = reverse("web:organization_programmes", args=[org_tree.commune.code])
    response = client.post(
        url,
        {
            "kind": "inspection_signs",
            "title": "Kiểm tra khi có dấu hiệu vi phạm",
            "starts_on": "2024-04-01",
            "ends_on": "2024-04-30",
            "subjects": f"CB-A, {cell['official'][1].member_key}",
        },
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Kiểm tra khi có dấu hiệu vi phạm" in page
    assert "Trần Thị Bình" in page
    assert "Chi bộ ấp Mỹ Phước" in page  # the subject by its name, not "CB-A"
    assert reverse("web:programme_conclude", args=[Programme.objects.get().pk]) in page


def test_the_staff_see_only_the_counts_of_programmes(client, cell, actors, org_tree, today_is):
    # given: a programme whose conclusion is overdue
    today_is(date(2024, 7, 1))
    plan(actors["commune_inspection"], org_tree, cell)
    # when: the commune staff (no inspection role) open the page
    client.force_login(actors["commune"])
    url = reverse("web:organization_programmes", args=[org_tree.commune.code])
    page = client.get(url).content.decode()
    # then: a count of overdue conclusions, no title, no subject, no form; a write refused
    assert "Giám sát chuyên đề" not in page
    assert "Trần Thị Bình" not in page and cell["official"][0].full_name not in page
    assert 'name="title"' not in page
    assert client.post(url, {"kind": "inspection_signs", "title": "x"}).status_code == 403


def concluded(actors, org_tree, cell, due_on=date(2024, 6, 30)):
    programme = plan(actors["commune_inspection"], org_tree, cell)
    programme_conclude(
        actor=actors["commune_inspection"],
        programme=programme,
        concluded_on=date(2024, 6, 10),
        findings="Một số đảng viên vắng sinh hoạt",
        recommendations="Chi bộ kiểm điểm đảng viên vắng sinh hoạt\nChi bộ báo cáo kết quả",
        recommendations_due_on=due_on,
    )
    return programme


def test_each_recommendation_is_followed_up_as_dated_events(cell, actors, org_tree, today_is):
    from dangvien.discipline.models import Recommendation
    from dangvien.discipline.programmes import (
        overdue_recommendations,
        recommendation_done,
        recommendations_of,
    )

    # given: a conclusion whose two recommendations are due by 30/06/2024
    today_is(date(2024, 6, 20))
    programme = concluded(actors, org_tree, cell)
    first, second = Recommendation.objects.order_by("id")
    # the cell's secretary does not read the commune's inspection files
    assert recommendations_of(actor=actors["secretary"], programme=programme) == []
    statuses = recommendations_of(actor=actors["commune_inspection"], programme=programme)
    assert [i.status for i in statuses] == ["open", "open"]
    # when: the first is carried out on 25/06; the second is not by the due date
    today_is(date(2024, 6, 25))
    recommendation_done(
        actor=actors["commune_inspection"], recommendation=first, done_on=date(2024, 6, 25)
    )
    today_is(date(2024, 7, 2))
    # then: done with its date, the other overdue; the lists and the inbox say so
    items = recommendations_of(actor=actors["commune_inspection"], programme=programme)
    assert [(i.status, i.done_on) for i in items] == [
        ("done", date(2024, 6, 25)),
        ("overdue", None),
    ]
    assert list(
        overdue_recommendations(actor=actors["district_inspection"], organization=org_tree.district)
    ) == [second]
    assert not overdue_recommendations(actor=actors["district"], organization=org_tree.district)
    with pytest.raises(ValidationFailed) as refused:
        recommendation_done(
            actor=actors["commune_inspection"], recommendation=first, done_on=date(2024, 7, 1)
        )
    assert refused.value.code == "already_done"


def test_a_recommendation_due_before_its_conclusion_is_refused(cell, actors, org_tree):
    with pytest.raises(ValidationFailed) as refused:
        concluded(actors, org_tree, cell, due_on=date(2024, 6, 1))
    assert refused.value.code == "due_before_conclusion"
    # nothing half-written: neither the conclusion nor an item
    assert not Programme.objects.filter(conclusion__isnull=False).exists()


def test_the_pages_list_overdue_and_mark_done_and_the_inbox_counts(
    client, cell, actors, org_tree, today_is
):
    from dangvien.discipline.models import Recommendation, RecommendationEvent
    from dangvien.http.registry import inbox_items

    today_is(date(2024, 7, 2))
    programme = concluded(actors, org_tree, cell)
    # an overdue programme too: planned, its schedule over, no conclusion
    programme_plan(
        actor=actors["commune_inspection"],
        organization=org_tree.commune,
        kind=ProgrammeKind.INSPECTION_TASKS,
        title="Kiểm tra việc thực hiện nhiệm vụ đảng viên",
        starts_on=date(2024, 5, 1),
        ends_on=date(2024, 5, 31),
        organizations=[org_tree.cell_a],
    )
    from django.utils.translation import gettext

    items = inbox_items(actors["commune_inspection"])
    labels = {str(i.label): i.count for i in items}
    assert labels[gettext("Overdue recommendations")] == 2
    assert labels[gettext("Overdue conclusions")] == 1
    # the label says "overdue": the count is not repeated as "2 quá hạn" after it
    assert all(
        not i.overdue for i in items if "Overdue" in str(i.label) or "quá hạn" in str(i.label)
    )
    # a system administrator's item links the top of the tree that exists today, not the
    # first organization by path (a dissolved one: its empty list)
    from dangvien.accounts.models import User
    from dangvien.organizations.models import Organization
    from dangvien.organizations.services import organization_create, organization_dissolve

    admin = User.objects.get(is_superuser=True)
    ended = organization_create(
        actor=admin, code="A-ENDED", name="Đảng bộ đã giải thể", kind="provincial",
        sector="", parent=None, established_on=date(1990, 1, 1),
    )  # fmt: skip
    organization_dissolve(actor=admin, organization=ended, effective_on=date(2021, 7, 2))
    # older than the tree's root (a smaller id: its path sorts first, as in the demo)
    Organization.objects.filter(pk=ended.pk).update(path="/0/")
    links = {str(i.label): i.url for i in inbox_items(admin)}
    url = reverse("web:organization_inspection_overdue", args=[org_tree.province.code])
    assert links[gettext("Overdue recommendations")] == url
    client.force_login(actors["commune_inspection"])
    overdue = client.get(
        reverse("web:organization_inspection_overdue", args=[org_tree.commune.code])
    ).content.decode()
    assert "Kiểm tra việc thực hiện nhiệm vụ đảng viên" in overdue
    assert "Chi bộ báo cáo kết quả" in overdue
    item = Recommendation.objects.order_by("id").first()
    url = reverse("web:programme", args=[programme.pk])
    marked = client.post(url, {"do": "done", "item": item.pk, "done_on": "2024-07-01"})
    assert marked.status_code == 302
    assert RecommendationEvent.objects.get().happened_on == date(2024, 7, 1)
    # the staff without the inspection role find neither page
    client.force_login(actors["commune"])
    assert client.get(url).status_code == 404
    assert (
        client.get(
            reverse("web:organization_inspection_overdue", args=[org_tree.commune.code])
        ).status_code
        == 403
    )
