"""The audit log as a person reads it (``readable.py``): values of mappings and lists read part
by part with Vietnamese labels and names, never as JSON; every kind of object has a Vietnamese
name."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.utils import translation

from dangvien.audit.models import AuditEvent
from dangvien.audit.readable import (
    AuditParts,
    audit_data,
    audit_parts,
    audit_words,
    readable_events,
    register_parts,
)
from dangvien.members.models import Member
from dangvien.members.tests.support import admit
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

    assert changes == {"thay đổi": [" → đổi tên"], "người ghi nhận": [" → xa"]}


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


def _said(message: str) -> str:
    """The message of an event as the log shows it."""
    with translation.override("vi"):
        return readable_events([AuditEvent(message=message)])[0].what


def test_the_counts_of_an_export_name_its_files_as_they_are_called():
    """Demo walk: the log read "org changes.csv", "member events.csv"."""
    said = _said("export organizations.csv=407, org_changes.csv=423, member_events.csv=0")
    assert "org_changes.csv: 423" in said and "organizations.csv: 407" in said
    assert "org changes" not in said and "member_events" not in said


@pytest.mark.parametrize(
    ("_case", "message", "said"),
    [
        ("a member's file, as rows stored before this fix say", "read member.file",
         "xem hồ sơ đảng viên"),
        ("a case file, with its number", "read discipline case KL-2026-0001",
         "xem hồ sơ kỷ luật KL-2026-0001"),
        ("a kind nobody registered", "read member.secret", "xem dữ liệu “member.secret”"),
        ("a list, by its file's stem and format", "export members.xlsx",
         "xuất danh sách đảng viên (XLSX)"),
        ("a work list", "export recognition.docx",
         "xuất danh sách “Đến hạn xét công nhận chính thức” (DOCX)"),
        ("a document of a date", "export fees 2025-06-30",
         "xuất báo cáo thu, nộp đảng phí tính đến ngày 30/06/2025"),
        ("a file nobody registered", "export secret.xlsx", "xuất dữ liệu “secret.xlsx”"),
    ],
)  # fmt: skip
def test_reads_and_downloads_read_as_what_they_were_of(_case, message, said):
    """User walk: the log showed a read as "Read member.file"."""
    assert _said(message) == said


@pytest.mark.parametrize(
    ("_case", "message", "said"),
    [
        ("committees", "holder identified", "xác định đảng viên giữ chức vụ"),
        ("members: a phrase, then a number", "card issued DT-00005679",
         "phát thẻ đảng viên DT-00005679"),
        ("members: a number inside the phrase", "badge 30", "tặng Huy hiệu 30 năm tuổi Đảng"),
        ("discipline", "discipline appeal upheld",
         "giải quyết khiếu nại kỷ luật: Giữ nguyên quyết định"),
        ("discipline: a phrase, then a key", "discipline appeal KL-2026-0002",
         "tiếp nhận khiếu nại về hồ sơ kỷ luật KL-2026-0002"),
        ("decisions", "dismissal approved", "đồng ý đề nghị: Cách chức"),
        ("admissions", "step cell_vote 2025-03-10 meeting vote 7",
         "hoàn thành bước: Nghị quyết chi bộ 10/03/2025 (biểu quyết số 7 tại cuộc họp)"),
        ("reports", "report approved and frozen", "duyệt và khóa số liệu báo cáo định kỳ"),
        ("an import's counts, by their sections' labels",
         "import organizations_created=0, members_created=5", "nhập dữ liệu (Đảng viên tạo mới: 5)"),
    ],
)  # fmt: skip
def test_the_messages_of_the_services_read_in_vietnamese(_case, message, said):
    """User walk: "holder identified", "card issued …", "approved" stayed English in the log."""
    assert _said(message) == said


def test_an_id_in_what_was_read_reads_as_the_name(superuser, org_tree):
    member = admit(superuser, org_tree.cell_a, name="Nguyễn Văn An")
    assert _said(f"export assessment form {member.pk}") == (
        f"xuất bản tự kiểm điểm của {member.full_name}"
    )
    assert _said(f"read discipline cases member {member.pk}: KL-1, KL-2") == (
        f"xem các hồ sơ kỷ luật trên trang của {member.full_name}: KL-1, KL-2"
    )


def test_every_word_registered_for_the_log_has_a_vietnamese_reading():
    """What the apps register for messages and reads must be in their catalogs (a reading
    left in English is what the user walk found)."""
    readings = {
        **{f"word {key}": label for key, label in audit_words.items()},
        **{f"data {key}": entry.label for key, entry in audit_data.items()},
    }
    english = {}
    for key, label in readings.items():
        with translation.override("en"):
            en = str(label)
        with translation.override("vi"):
            vi = str(label)
        if vi == en and any(c.isalpha() for c in en):
            english[key] = vi
    assert readings and english == {}


def test_a_moment_kept_in_utc_reads_in_vietnam_time():
    """Walk of issue 19: "Thời điểm ghi 04/12/2026 21:39" on a row made at 04:39 on 5 December
    in Vietnam (the snapshot keeps UTC)."""
    from dangvien.audit.readable import _plain

    with translation.override("vi"):
        assert _plain("2026-12-04T21:39:12.5+00:00") == "05/12/2026 04:39"
        assert _plain("2026-12-04T21:39:12.5") == "04/12/2026 21:39"  # no zone: as written


def test_a_message_whose_first_word_holds_an_equals_sign_reads_as_it_is():
    """Review: such a message made the summary of counts read its first word again and again
    (RecursionError: the whole log page answered 500)."""
    from dangvien.audit.readable import words

    assert words("x=1") == "x=1"
    assert "=" in words("a=b c=d")
