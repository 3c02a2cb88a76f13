"""``{{ organization|orgname }}``: an organization by the name a person reads (its latest
name, also once it no longer exists), not by its code."""

from __future__ import annotations

from django import template

from dangvien.organizations.models import Organization
from dangvien.organizations.selectors import LATEST_NAME, attach_latest_names

register = template.Library()


@register.filter
def orgname(organization: Organization | None) -> str:
    if organization is None:
        return ""
    attach_latest_names([organization])
    name: str = getattr(organization, LATEST_NAME)
    return name
