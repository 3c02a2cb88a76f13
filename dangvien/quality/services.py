"""Writing data-quality findings: those of a lenient import, and marking findings resolved.

Every write records an audit row in the same transaction.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dangvien.accounts.scoping import can
from dangvien.accounts.types import Actor
from dangvien.audit.services import AuditAction, record, recorded_by
from dangvien.core.exceptions import ValidationFailed
from dangvien.interchange.sections import ImportContext
from dangvien.members.models import Member
from dangvien.organizations.models import Organization
from dangvien.quality.models import Finding, FindingOrigin
from dangvien.quality.permissions import QualityPermission
from dangvien.rules.models import RuleParameter


def _sources(keys: set[str]) -> dict[str, str]:
    """The source of each rule key (its latest version's), for the findings that cite it."""
    sources: dict[str, str] = {}
    for key, source in (
        RuleParameter.objects.filter(key__in=keys)
        .order_by("key", "effective_from")
        .values_list("key", "source")
    ):
        sources[key] = source
    return sources


def findings_from_import(context: ImportContext) -> None:
    """The import hook: one finding per row recorded as given although it deviates from a
    rule (``import_bundle(record_deviations=True)``), with the rule, its source, the row, the
    organization and the member; one audit row for them all."""
    deviations = context.deviations
    if not deviations:
        return
    codes = {d.organization_code for d in deviations if d.organization_code}
    keys = {d.member_key for d in deviations if d.member_key}
    organizations = {o.code: o for o in Organization.objects.filter(code__in=codes)}
    members = {m.member_key: m for m in Member.objects.filter(member_key__in=keys)}
    sources = _sources({d.rule_key for d in deviations})
    findings = Finding.objects.bulk_create(
        Finding(
            origin=FindingOrigin.IMPORT,
            check_key=d.rule_key,
            rule_key=d.rule_key,
            source=sources.get(d.rule_key, "")[:300],
            organization=organizations.get(d.organization_code),
            member=members.get(d.member_key),
            file=d.file[:255],
            line=d.line,
            column=d.column[:100],
            message=d.message,
        )
        for d in deviations
    )
    record(
        actor=context.actor,
        action=AuditAction.CREATE,
        object_repr=_("data-quality findings of an import"),
        message=_("%(count)s row(s) recorded as given although they deviate from a rule")
        % {"count": len(findings)},
        after={"findings": [f.pk for f in findings]},
    )


def _require_resolve(actor: Actor, organization: Organization | None) -> None:
    if organization is None or not can(actor, QualityPermission.RESOLVE, organization):
        raise PermissionDenied(QualityPermission.RESOLVE)


def _resolution(text: str) -> str:
    text = " ".join(text.split())
    if not text:
        raise ValidationFailed(
            _("Say how the finding was resolved (what was corrected, or why it stands)."),
            code="resolution_required",
            field="resolution",
        )
    return text[:2000]


@transaction.atomic
def finding_resolve(*, actor: Actor, finding: Finding, resolution: str) -> Finding:
    """Mark a stored finding resolved, saying how (audited); a second time is refused."""
    _require_resolve(actor, finding.organization)
    text = _resolution(resolution)
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    if finding.resolved_at is not None:
        raise ValidationFailed(_("This finding is already resolved."), code="already_resolved")
    user, name = recorded_by(actor)
    finding.resolved_at = timezone.now()
    finding.resolved_by, finding.resolved_by_name = user, name
    finding.resolution = text
    finding.save(
        update_fields=["resolved_at", "resolved_by", "resolved_by_name", "resolution", "updated_at"]
    )
    record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=finding,
        before={"resolved": False},
        after={"resolved": True, "resolution": text},
        organization_path=finding.organization.path if finding.organization else "",
    )
    return finding


@transaction.atomic
def check_finding_resolve(
    *,
    actor: Actor,
    check: str,
    fingerprint: str,
    message: str,
    organization: Organization,
    member: Member | None,
    rule_key: str,
    source: str,
    resolution: str,
) -> Finding:
    """Mark a finding of a check of the database resolved (it is not listed again), saying how;
    stored as a resolved finding and audited."""
    _require_resolve(actor, organization)
    text = _resolution(resolution)
    if Finding.objects.filter(fingerprint=fingerprint, resolved_at__isnull=False).exists():
        raise ValidationFailed(_("This finding is already resolved."), code="already_resolved")
    user, name = recorded_by(actor)
    finding = Finding.objects.create(
        origin=FindingOrigin.CHECK,
        check_key=check[:64],
        rule_key=rule_key[:100],
        source=source[:300],
        organization=organization,
        member=member,
        message=message,
        fingerprint=fingerprint[:200],
        resolved_at=timezone.now(),
        resolved_by=user,
        resolved_by_name=name,
        resolution=text,
    )
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=finding,
        after={"check": check, "resolved": True, "resolution": text},
        organization_path=organization.path,
    )
    return finding
