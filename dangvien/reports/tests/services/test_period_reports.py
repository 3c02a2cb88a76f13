"""Period reports: draft → submit → approve freezes figures and documents; permissions."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from dangvien.audit.models import AuditEvent
from dangvien.core.exceptions import TransitionError, ValidationFailed
from dangvien.reports.models import PeriodReport, ReportStatus
from dangvien.reports.selectors import report_list, rollup
from dangvien.reports.services import (
    canonical,
    report_approve,
    report_create,
    report_return,
    report_submit,
)

pytestmark = pytest.mark.django_db


def _approved(actor, organization, **period):
    report = report_create(actor=actor, organization=organization, **period)
    report_submit(actor=actor, report=report)
    return report_approve(actor=_second_administrator(), report=report)


def _second_administrator():
    from dangvien.accounts.models import User

    return User.objects.filter(username="approver").first() or User.objects.create_superuser(
        "approver", "approver@example.vn", "approver-pass-1"
    )


def test_draft_writes_one_report_and_one_audit_row(org_tree, make_actor):
    # given
    staff = make_actor("staff", org_tree.district)
    audit_before = AuditEvent.objects.count()
    # when
    report = report_create(
        actor=staff, organization=org_tree.commune, period_kind="year", year=2024
    )
    # then
    assert (report.status, report.period_from, report.period_to) == (
        ReportStatus.DRAFT,
        date(2024, 1, 1),
        date(2024, 12, 31),
    )
    assert AuditEvent.objects.count() == audit_before + 1
    assert AuditEvent.objects.latest("id").action == "create"


def test_first_half_covers_january_to_june(org_tree, superuser):
    report = report_create(
        actor=superuser, organization=org_tree.commune, period_kind="first_half", year=2022
    )
    assert (report.period_from, report.period_to) == (date(2022, 1, 1), date(2022, 6, 30))


def test_rejects_custom_period_ending_before_it_starts(org_tree, superuser, row_counts):
    before = row_counts()
    with pytest.raises(ValidationFailed):
        report_create(
            actor=superuser,
            organization=org_tree.commune,
            period_kind="custom",
            period_from=date(2022, 5, 1),
            period_to=date(2022, 4, 1),
        )
    assert row_counts() == before
    assert not PeriodReport.objects.exists()


def test_approval_freezes_figures_documents_and_checksums(org_tree, superuser):
    # when
    report = _approved(superuser, org_tree.district, period_kind="year", year=2024)
    # then
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED
    assert report.figures["organization"]["code"] == "HU-TM"
    assert report.checksums["figures"] == hashlib.sha256(canonical(report.figures)).hexdigest()
    for fmt in ("docx", "xlsx", "pdf"):
        assert report.checksums[fmt] == hashlib.sha256(bytes(getattr(report, fmt))).hexdigest()
    assert bytes(report.pdf).startswith(b"%PDF")
    from django.contrib.contenttypes.models import ContentType

    rows = AuditEvent.objects.filter(
        object_type=ContentType.objects.get_for_model(PeriodReport), object_id=str(report.pk)
    )
    assert [row.message for row in rows.order_by("id")] == [
        "report drafted",
        "report submitted",
        "report approved and frozen",
    ]


def test_approved_report_never_changes(org_tree, superuser):
    report = _approved(superuser, org_tree.district, period_kind="year", year=2024)
    report.note = "sửa"
    with pytest.raises(RuntimeError):
        report.save()
    with pytest.raises(RuntimeError):
        report.delete()
    # approving again is a no-op; going back is refused
    audit = AuditEvent.objects.count()
    assert (
        report_approve(actor=_second_administrator(), report=report).status == ReportStatus.APPROVED
    )
    assert AuditEvent.objects.count() == audit
    with pytest.raises(TransitionError):
        report_return(actor=superuser, report=report)


@pytest.mark.parametrize(
    ("_case", "role", "where"),
    [
        ("viewer on the organization", "viewer", "district"),
        ("cell secretary", "cell_secretary", "district"),
        ("staff of a sibling", "staff", "sibling_district"),
        ("staff below", "staff", "commune"),
    ],
)
def test_refuses_approval_without_reports_approve(
    org_tree, superuser, make_actor, row_counts, _case, role, where
):
    # given
    report = report_create(
        actor=superuser, organization=org_tree.district, period_kind="year", year=2024
    )
    report_submit(actor=superuser, report=report)
    actor = make_actor(role, getattr(org_tree, where))
    before = row_counts()
    # when
    with pytest.raises(PermissionDenied):
        report_approve(actor=actor, report=report)
    # then
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.figures is None
    assert row_counts() == before


def test_staff_above_may_approve(org_tree, superuser, make_actor):
    report = report_create(
        actor=superuser, organization=org_tree.commune, period_kind="year", year=2024
    )
    report_submit(actor=superuser, report=report)
    assert report_approve(actor=make_actor("staff", org_tree.province), report=report).is_frozen


def test_only_submitted_reports_are_approved(org_tree, superuser):
    report = report_create(
        actor=superuser, organization=org_tree.commune, period_kind="year", year=2024
    )
    with pytest.raises(TransitionError):
        report_approve(actor=superuser, report=report)


def test_upper_level_sees_only_approved_reports_below(org_tree, superuser, make_actor):
    # given
    staff_commune = make_actor("staff", org_tree.commune)
    draft = report_create(
        actor=staff_commune, organization=org_tree.commune, period_kind="year", year=2023
    )
    approved = _approved(superuser, org_tree.commune, period_kind="year", year=2024)
    viewer_above = make_actor("viewer", org_tree.district)
    # then
    assert set(report_list(actor=staff_commune)) == {draft, approved}
    assert list(report_list(actor=viewer_above)) == [approved]
    assert list(report_list(actor=make_actor("viewer", org_tree.sibling_district))) == []


def test_rollup_sums_the_approved_reports_of_direct_sub_organizations(org_tree, superuser):
    _approved(superuser, org_tree.commune, period_kind="year", year=2024)
    own = _approved(superuser, org_tree.district, period_kind="year", year=2024)
    result = rollup(own)
    assert [row["state"].organization for row in result["rows"]] == [org_tree.commune]
    assert result["missing"] == 0
    assert result["sums"] == result["own"]


def test_the_submitter_cannot_approve_their_own_report(org_tree, make_actor, row_counts):
    """Regression (issue 12): an approval is never given by the person who submitted."""
    # given
    staff = make_actor("staff", org_tree.district)
    report = report_create(
        actor=staff, organization=org_tree.district, period_kind="year", year=2024
    )
    report_submit(actor=staff, report=report)
    before = row_counts()
    # when
    with pytest.raises(ValidationFailed) as error:
        report_approve(actor=staff, report=report)
    # then
    assert error.value.code == "four_eyes"
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert row_counts() == before


def test_an_identical_report_cannot_be_created_again(org_tree, make_actor):
    """Regression (issue 13, defect 10): identical period reports could be created repeatedly."""
    # given
    staff = make_actor("staff", org_tree.commune)
    report_create(actor=staff, organization=org_tree.commune, period_kind="year", year=2024)
    audits = AuditEvent.objects.count()
    # when / then
    with pytest.raises(ValidationFailed) as refusal:
        report_create(actor=staff, organization=org_tree.commune, period_kind="year", year=2024)
    assert refusal.value.code == "report_exists"
    assert PeriodReport.objects.filter(organization=org_tree.commune).count() == 1
    assert AuditEvent.objects.count() == audits
    # another period is another report
    report_create(actor=staff, organization=org_tree.commune, period_kind="year", year=2023)
