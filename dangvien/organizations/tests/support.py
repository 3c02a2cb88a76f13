"""Helpers of the organization and committee tests."""

from __future__ import annotations

from datetime import date

from dangvien.audit.models import AuditEvent
from dangvien.committees.models import CommitteePost, Term
from dangvien.organizations.models import OrganizationChange
from dangvien.organizations.services import organization_dissolve, organization_move


def side_effects() -> tuple[int, int, int, int]:
    """Counts of every row an organization or committee write endpoint may add."""
    return (
        OrganizationChange.objects.count(),
        AuditEvent.objects.count(),
        Term.objects.count(),
        CommitteePost.objects.count(),
    )


def restructure(actor, tree):
    """The 07/2025 reform on ``org_tree``: both communes under the province, the district
    dissolved."""
    reform = date(2025, 7, 1)
    organization_move(
        actor=actor, organization=tree.commune, new_parent=tree.province, effective_on=reform
    )
    organization_move(
        actor=actor,
        organization=tree.sibling_commune,
        new_parent=tree.province,
        effective_on=reform,
    )
    organization_dissolve(actor=actor, organization=tree.district, effective_on=reform)
