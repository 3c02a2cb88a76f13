"""Issue 18 item 8: dirty legacy data is cleaned rather than refused wholesale.

The strict import still refuses a row that deviates from a rule; the explicit lenient mode
records it as given and writes a data-quality finding (rule, source, row, organization,
member). The "Làm sạch dữ liệu" page of an organization lists those findings and the checks of
the data already in the database, scoped to its subtree, each resolvable (audited).
"""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from dangvien.audit.models import AuditEvent
from dangvien.interchange.importer import ImportFailed, import_bundle
from dangvien.interchange.tests import corpus as c
from dangvien.members.models import Member, MemberEvent
from dangvien.organizations.models import Organization
from dangvien.quality.models import Finding, FindingOrigin
from dangvien.users.services import system_actor

pytestmark = pytest.mark.django_db

#: M1 was admitted on 2001-02-01: probation ends 2002-02-01; the legacy file says a day later.
ONE_DAY_OFF = "2002-02-02"


def _dirty_bundle(tmp_path):
    files = c.base()
    files["members.csv"][1][12] = ONE_DAY_OFF
    return c.write_bundle(tmp_path / "legacy", files)


def test_the_strict_default_refuses_an_official_date_off_the_end_of_probation(tmp_path):
    with pytest.raises(ImportFailed) as failure:
        import_bundle(_dirty_bundle(tmp_path), actor=system_actor())

    problem = failure.value.problems[0]
    assert (problem.file, problem.line, problem.column) == ("members.csv", 2, "official_on")
    assert not Member.objects.exists()
    assert not Finding.objects.exists()


def test_the_lenient_mode_records_the_row_as_given_and_writes_a_finding(tmp_path):
    result = import_bundle(_dirty_bundle(tmp_path), actor=system_actor(), record_deviations=True)

    assert result.members_created == 6
    recognised = MemberEvent.objects.get(member__member_key="M1", type="recognised")
    assert recognised.effective_on == date(2002, 2, 2)  # as given
    finding = Finding.objects.get()
    assert finding.origin == FindingOrigin.IMPORT
    assert finding.rule_key == "probation.months"
    assert finding.source  # the rulebook's source of the rule
    assert (finding.file, finding.line, finding.column) == ("members.csv", 2, "official_on")
    assert finding.member.member_key == "M1"
    assert finding.organization.code == "X-C1"
    assert "01/02/2002" in finding.message
    audited = [e.after for e in AuditEvent.objects.filter(action="create") if e.after]
    assert {"findings": [finding.pk]} in audited


def test_a_dry_run_of_the_lenient_mode_lists_the_deviation_and_writes_nothing(tmp_path):
    result = import_bundle(
        _dirty_bundle(tmp_path), actor=system_actor(), dry_run=True, record_deviations=True
    )

    assert [(d.file, d.line, d.column) for d in result.deviations] == [
        ("members.csv", 2, "official_on")
    ]
    assert not Member.objects.exists() and not Finding.objects.exists()


def test_the_command_option_records_deviations(tmp_path, capsys):
    path = _dirty_bundle(tmp_path)
    with pytest.raises(CommandError):
        call_command("import", str(path))
    call_command("import", str(path), "--record-deviations")

    err = capsys.readouterr().err
    assert "members.csv:2: official_on" in err
    assert Finding.objects.count() == 1


@pytest.fixture
def imported(tmp_path):
    import_bundle(_dirty_bundle(tmp_path), actor=system_actor(), record_deviations=True)
    return Organization.objects.get(code="X")


def _page(client, code: str) -> str:
    response = client.get(reverse("web:organization_quality", args=[code]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_lists_import_findings_and_checks_of_the_subtree(client, imported, make_actor):
    staff = make_actor("staff", Organization.objects.get(code="P"))
    client.force_login(staff)

    page = _page(client, "X")

    assert "Nguyễn Văn An" in page  # the import's finding, by the member's name
    assert "probation.months" in page
    # Trần Thị Bình (M2) has no citizen ID: the members' rule, checked on the database
    assert 'id="check-national_id"' in page
    assert "Trần Thị Bình" in page
    # the organizations without a secretary of the subtree (X-C1 has none)
    assert 'id="check-without_secretary"' in page
    assert reverse("web:post_assign", args=["X-C1"]) in page


def test_a_duplicate_person_is_found(client, imported, make_actor):
    m1 = Member.objects.get(member_key="M1")
    Member.objects.filter(member_key="M5").update(
        full_name="NGUYEN VAN AN", birth_date=m1.birth_date
    )
    client.force_login(make_actor("staff", Organization.objects.get(code="P")))

    page = _page(client, "X")

    section = page.split('id="check-duplicate"')[1].split("</section>")[0]
    assert "M1, M5" in section or "M5, M1" in section


def test_resolving_a_finding_is_audited_and_removes_it_from_the_open_list(
    client, imported, make_actor
):
    client.force_login(make_actor("staff", Organization.objects.get(code="P")))
    finding = Finding.objects.get()
    url = reverse("web:quality_resolve", args=["X"])

    refused = client.post(url, {"finding": finding.pk, "resolution": " "})
    assert refused.status_code == 302
    finding.refresh_from_db()
    assert finding.resolved_at is None  # a resolution must say how

    client.post(url, {"finding": finding.pk, "resolution": "Đối chiếu quyết định: đúng 02/02"})

    finding.refresh_from_db()
    assert finding.resolved_at is not None and finding.resolution.startswith("Đối chiếu")
    assert AuditEvent.objects.filter(object_id=str(finding.pk), action="update").exists()
    page = _page(client, "X")
    assert page.count("Đối chiếu quyết định") == 1  # listed once, among the resolved


def test_resolving_a_check_finding_hides_it(client, imported, make_actor):
    client.force_login(make_actor("staff", Organization.objects.get(code="P")))
    m2 = Member.objects.get(member_key="M2")
    fingerprint = f"national_id:member:{m2.pk}"

    client.post(
        reverse("web:quality_resolve", args=["X"]),
        {"check": "national_id", "fingerprint": fingerprint, "resolution": "Đã từ trần"},
    )

    resolved = Finding.objects.get(fingerprint=fingerprint)
    assert resolved.origin == FindingOrigin.CHECK and resolved.member == m2
    section = _page(client, "X").split('id="check-national_id"')[1].split("</section>")[0]
    assert "Trần Thị Bình" not in section


def test_a_forged_fingerprint_is_not_found(client, imported, make_actor):
    client.force_login(make_actor("staff", Organization.objects.get(code="P")))
    response = client.post(
        reverse("web:quality_resolve", args=["X"]),
        {"check": "national_id", "fingerprint": "national_id:member:999999", "resolution": "x"},
    )
    assert response.status_code == 404
    assert not Finding.objects.filter(origin=FindingOrigin.CHECK).exists()


def test_nobody_sees_findings_outside_their_scope(client, imported, make_actor):
    other = Organization.objects.get(code="Y")
    client.force_login(make_actor("staff", other))

    assert client.get(reverse("web:organization_quality", args=["X"])).status_code == 404
    page = _page(client, "Y")
    assert "Nguyễn Văn An" not in page


def test_a_reader_cannot_resolve(client, imported, make_actor):
    client.force_login(make_actor("cell_secretary", Organization.objects.get(code="X-C1")))
    finding = Finding.objects.get()

    page = _page(client, "X-C1")
    assert "Mark resolved" not in page and "Đánh dấu" not in page
    response = client.post(
        reverse("web:quality_resolve", args=["X-C1"]), {"finding": finding.pk, "resolution": "x"}
    )
    assert response.status_code == 403
    finding.refresh_from_db()
    assert finding.resolved_at is None


def test_a_member_recorded_as_given_still_opens_and_stays_recorded(client, imported, make_actor):
    """The stored ledger stands as recorded: the member's page replays it without refusing the
    recognition the lenient import kept, and the state is official."""
    from dangvien.members.selectors import member_state

    m1 = Member.objects.get(member_key="M1")
    assert member_state(m1).status == "official"
    client.force_login(make_actor("staff", Organization.objects.get(code="P")))
    assert client.get(reverse("web:member", args=[m1.pk])).status_code == 200
