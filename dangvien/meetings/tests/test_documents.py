"""Documents of meetings: kept under the private directory with a random name, limited in size
and kind, named safely, audited; served only to those who see the meeting and to the members of
the cell in their handbook."""

import hashlib
from datetime import date, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dangvien.accounts.models import User
from dangvien.audit.models import AuditEvent
from dangvien.core.dates import today
from dangvien.core.exceptions import DomainError
from dangvien.meetings.models import MeetingDocument
from dangvien.meetings.rules import clean_file_name
from dangvien.meetings.services import document_attach, meeting_plan_create, meeting_record
from dangvien.portal.services import member_account_link

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 Du thao nghi quyet chi bo"


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.MEETING_DOCUMENTS_ROOT = tmp_path / "private"
    settings.MEETING_DOCUMENT_MAX_BYTES = 1024
    return settings.MEETING_DOCUMENTS_ROOT


@pytest.fixture
def meeting(people, org_tree, superuser):
    return meeting_record(
        actor=superuser, organization=org_tree.cell_a, kind="regular", held_on=date(2024, 3, 5)
    )


@pytest.fixture
def member_users(people, org_tree, superuser):
    """Accounts of An (a member of CB-A) and of a member of CB-B."""
    from dangvien.members.tests.support import admit

    other = admit(superuser, org_tree.cell_b, name="Hồ Văn Khác", national_id="087090000077")
    made = {}
    for key, member in (("an", people["an"]), ("other", other)):
        user = User.objects.create_user(f"portal-{key}", password="pass-12345")
        member_account_link(actor=superuser, user=user, member=member, on=today())
        made[key] = user
    return made


def test_names_are_cleaned_of_folders_and_unsafe_characters():
    assert clean_file_name("../../etc/passwd.pdf") == "passwd.pdf"
    assert (
        clean_file_name("C:\\Users\\an\\Dự thảo <nghị quyết>.docx") == "Dự thảo _nghị quyết_.docx"
    )
    assert clean_file_name(".hidden\x00.pdf") == "hidden.pdf"
    long = clean_file_name("a" * 300 + ".pdf")
    assert len(long) == 200 and long.endswith(".pdf")


def test_a_document_is_stored_privately_under_a_random_name_and_audited(
    meeting, actors, private_root
):
    document = document_attach(
        actor=actors["secretary"],
        upload=SimpleUploadedFile("../Dự thảo nghị quyết.pdf", PDF),
        kind="draft_resolution",
        meeting=meeting,
    )
    stored = private_root / document.file.name
    assert stored.read_bytes() == PDF
    assert "Dự thảo" not in document.file.name and document.name == "Dự thảo nghị quyết.pdf"
    assert (document.size, document.content_type) == (len(PDF), "application/pdf")
    event = AuditEvent.objects.filter(
        object_type=ContentType.objects.get_for_model(MeetingDocument), object_id=str(document.pk)
    ).get()
    assert event.after["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert event.after["stored_as"] == document.file.name
    with pytest.raises(ValueError, match="no public URL"):
        document.file.url  # noqa: B018  (no public URL exists)


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("script.html", b"<script>", "document_type"),
        ("noextension", b"x", "document_type"),
        ("big.pdf", b"x" * 1025, "document_too_large"),
        ("empty.pdf", b"", "document_empty"),
    ],
)
def test_type_and_size_come_from_the_settings(meeting, actors, private_root, name, content, code):
    with pytest.raises(DomainError) as refused:
        document_attach(
            actor=actors["secretary"],
            upload=SimpleUploadedFile(name, content),
            kind="agenda",
            meeting=meeting,
        )
    assert refused.value.code == code
    assert MeetingDocument.objects.count() == 0
    assert not private_root.exists() or not any(private_root.rglob("*.*"))


def test_another_cell_cannot_attach(meeting, actors):
    with pytest.raises(PermissionDenied):
        document_attach(
            actor=actors["other_secretary"],
            upload=SimpleUploadedFile("a.pdf", PDF),
            kind="agenda",
            meeting=meeting,
        )


def test_served_to_the_scope_and_the_cell_members_only(client, meeting, actors, member_users):
    client.force_login(actors["secretary"])
    page = reverse("web:meeting_document_create", args=[meeting.pk])
    response = client.post(
        page, {"kind": "minutes", "file": SimpleUploadedFile("Biên bản.pdf", PDF)}
    )
    assert response.status_code == 302
    document = MeetingDocument.objects.get()
    url = reverse("web:meeting_document", args=[document.pk])
    assert url in client.get(reverse("web:meeting", args=[meeting.pk])).content.decode()
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    for outsider in (actors["other_secretary"], member_users["other"]):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
    client.force_login(actors["commune"])
    assert client.get(url).status_code == 200
    client.force_login(member_users["an"])
    assert client.get(url).status_code == 200


def test_the_members_read_the_documents_of_the_coming_meeting_in_the_handbook(
    client, org_tree, actors, member_users
):
    plan = meeting_plan_create(
        actor=actors["secretary"],
        organization=org_tree.cell_a,
        kind="thematic",
        planned_on=today() + timedelta(days=5),
        topic="Nghị quyết 21-NQ/TW",
    )
    client.force_login(actors["secretary"])
    response = client.post(
        reverse("web:plan_document_create", args=[plan.pk]),
        {"kind": "draft_resolution", "file": SimpleUploadedFile("Dự thảo.docx", b"PK docx")},
    )
    assert response.status_code == 302
    url = reverse("web:meeting_document", args=[MeetingDocument.objects.get(plan=plan).pk])
    client.force_login(member_users["an"])
    assert url in client.get(reverse("web:portal")).content.decode()
    assert client.get(url).status_code == 200
    client.force_login(member_users["other"])
    assert url not in client.get(reverse("web:portal")).content.decode()
    assert client.get(url).status_code == 404


def test_the_upload_page_refuses_with_the_reason(client, meeting, actors):
    client.force_login(actors["secretary"])
    response = client.post(
        reverse("web:meeting_document_create", args=[meeting.pk]),
        {"kind": "agenda", "file": SimpleUploadedFile("virus.exe", b"MZ")},
        HTTP_ACCEPT_LANGUAGE="vi",
    )
    assert response.status_code == 200
    assert "virus.exe" in response.content.decode()
    assert MeetingDocument.objects.count() == 0


def test_a_document_alters_no_figure_of_a_day_before_its_meeting(meeting, actors):
    from dangvien.audit.selectors import data_version_on

    days = (meeting.held_on - timedelta(days=1), meeting.held_on)
    before = [data_version_on(day) for day in days]
    document_attach(
        actor=actors["secretary"],
        upload=SimpleUploadedFile("Biên bản.pdf", PDF),
        kind="minutes",
        meeting=meeting,
    )
    after = [data_version_on(day) for day in days]
    assert after[0] == before[0] and after[1] != before[1]
