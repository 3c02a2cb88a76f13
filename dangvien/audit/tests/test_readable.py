"""The audit log as a person reads it (``readable.py``): values of mappings and lists read part
by part with Vietnamese labels and names, never as JSON; every kind of object has a Vietnamese
name."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.utils import translation

from dangvien.audit.models import AuditEvent
from dangvien.audit.readable import AuditParts, audit_parts, readable_events, register_parts
from dangvien.members.models import Member
from dangvien.organizations.models import Organization, OrganizationChange

pytestmark = pytest.mark.django_db


def _event(model: type, before: dict | None, after: dict, message: str = "") -> AuditEvent:
    """An event as the services write it (not saved: the log reads it the same way)."""
    return AuditEvent(
        object_type=ContentType.objects.get_for_model(model),
        object_id="",
        object_repr="",
        before=before,
        after=after,
        message=message,
    )


def _read(event: AuditEvent) -> dict[str, list[str]]:
    """Each change by its label: the parts ("label: before → after"), or the one value."""
    with translation.override("vi"):
        row = readable_events([event])[0]
    return {
        c.label: [str(d) for d in c.details] if c.details else [f"{c.before} → {c.after}"]
        for c in row.changes
    }


def test_a_list_of_records_reads_record_by_record_with_the_records_own_labels(org_tree):
    """A member's periods (kept whole in the snapshot of an exit) showed as raw JSON."""
    period = {"organization": org_tree.cell_a.pk, "from": "2021-06-01", "to": None}
    before = {"periods": [{**period, "status": "probationary", "exempted": False, "host": None}]}
    after = {
        "periods": [
            {**period, "status": "official", "to": "2026-03-26", "exempted": True,
             "host": org_tree.cell_b.pk},
        ]
    }  # fmt: skip

    changes = _read(_event(Member, before, after, "expelled 2026-03-26"))

    assert changes == {
        "giai đoạn sinh hoạt": [
            "giai đoạn sinh hoạt 1 · đến ngày: — → 26/03/2026",
            "giai đoạn sinh hoạt 1 · tình trạng: Dự bị → Chính thức",
            "giai đoạn sinh hoạt 1 · miễn sinh hoạt: không → có",
            "giai đoạn sinh hoạt 1 · sinh hoạt tạm thời tại: — → Chi bộ Trường Tiểu học Mỹ An",
        ]
    }


def test_a_record_kept_whole_reads_field_by_field_and_hides_its_machinery(org_tree):
    """A new record inside a snapshot (the decision of a case, a ruling): its fields by their
    labels, organizations by name; not its id, its link back, nor a user beside their name."""
    state = {
        "id": 7,
        "organization": org_tree.commune.pk,
        "name": "Đảng bộ xã Mỹ An",
        "parent": org_tree.district.pk,
        "valid_from": "2000-01-01",
    }

    changes = _read(_event(Organization, {"code": "X-MA"}, {"code": "X-MA", "versions": [state]}))

    assert changes == {
        "trạng thái tổ chức": [
            "trạng thái tổ chức 1 · tên: Đảng bộ xã Mỹ An",
            "trạng thái tổ chức 1 · tổ chức cấp trên: Đảng bộ huyện Tháp Mười",
            "trạng thái tổ chức 1 · hiệu lực từ: 01/01/2000",
        ]
    }


def test_a_mapping_of_items_reads_item_by_item_with_the_names_registered(org_tree):
    register_parts("test_lines", AuditParts("dòng", "organizations.organization", str.upper))
    try:
        before = {"test_lines": {str(org_tree.cell_a.pk): "có"}}
        after = {"test_lines": {str(org_tree.cell_a.pk): "không", str(org_tree.cell_b.pk): "có"}}

        changes = _read(_event(Organization, before, after))
    finally:
        audit_parts.unregister("test_lines")

    assert changes == {
        "dòng": ["Chi bộ ấp Mỹ Phước: CÓ → KHÔNG", "Chi bộ Trường Tiểu học Mỹ An: CÓ"]
    }


def test_a_list_of_ids_reads_as_names(org_tree):
    after = {"organizations": [org_tree.cell_a.pk, org_tree.cell_b.pk]}

    changes = _read(_event(Organization, None, after))

    assert changes == {"tổ chức đảng": [" → Chi bộ ấp Mỹ Phước, Chi bộ Trường Tiểu học Mỹ An"]}


def test_a_user_kept_beside_their_name_reads_once_by_the_name(superuser):
    after = {"change_type": "renamed", "actor": superuser.pk, "actor_name": "xa"}

    changes = _read(_event(OrganizationChange, None, after))

    assert changes == {"thay đổi": [" → đổi tên"], "người ghi": [" → xa"]}


def test_every_kind_of_object_has_a_vietnamese_name():
    """The log names the kind of each object by its model's verbose name: none of ours may
    stay in English (a model without a verbose name, or one its catalog does not have)."""
    ours = [m for m in apps.get_models() if m.__module__.startswith("dangvien.")]
    english = {}
    for model in ours:
        with translation.override("en"):
            en = str(model._meta.verbose_name)
        with translation.override("vi"):
            vi = str(model._meta.verbose_name)
        if vi == en:
            english[model._meta.label] = vi
    assert ours and english == {}
