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
    programme = plan(actors["commune"], org_tree, cell)
    assert programme.year == 2024 and programme.subjects.count() == 2
    assert list(overdue_programmes(actor=actors["commune"])) == [programme]
    programme_conclude(
        actor=actors["commune"],
        programme=programme,
        concluded_on=date(2024, 6, 10),
        findings="Chi bộ duy trì sinh hoạt định kỳ; một đảng viên vắng nhiều lần",
        recommendations="Chi bộ nhắc nhở, kiểm điểm đảng viên vắng sinh hoạt",
        violation_found=True,
    )
    assert not overdue_programmes(actor=actors["commune"]).exists()
    assert list(programmes_of(actor=actors["district"], organization=org_tree.district)) == [
        programme
    ]
    assert not programmes_of(actor=actors["viewer"], organization=org_tree.district).exists()


def test_a_subject_outside_the_subtree_is_refused(cell, actors, org_tree):
    audit = AuditEvent.objects.count()
    with pytest.raises(ValidationFailed) as refused:
        programme_plan(
            actor=actors["commune"],
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
    programme = plan(actors["commune"], org_tree, cell)
    with pytest.raises(ValidationFailed) as refused:
        programme_conclude(
            actor=actors["commune"],
            programme=programme,
            concluded_on=date(2024, 3, 1),
            findings="…",
        )
    assert refused.value.code == "before_start"


def test_the_page_plans_lists_and_flags_overdue(client, cell, actors, org_tree):
    client.force_login(actors["commune"])
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
    assert reverse("web:programme_conclude", args=[Programme.objects.get().pk]) in page
