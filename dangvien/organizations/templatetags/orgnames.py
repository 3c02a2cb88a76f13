"""``{{ organization|orgname }}``: an organization by the name a person reads (its latest
name, also once it no longer exists), not by its code."""

from __future__ import annotations

from django import template

from dangvien.organizations.models import Organization
from dangvien.organizations.selectors import organization_names

register = template.Library()


@register.filter
def orgname(organization: Organization | None) -> str:
    if organization is None:
        return ""
    cached: str | None = getattr(organization, "_latest_name", None)
    if cached is None:
        cached = organization_names([organization.pk]).get(organization.pk, organization.code)
        organization._latest_name = cached  # type: ignore[attr-defined]
    return cached
