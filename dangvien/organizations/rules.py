"""Rules of the organization tree that the services and the bulk import share.

Pure functions of plain values returning a verdict (``None``, or a ``Refusal`` naming the field
and the rulebook key it cites); see ``dangvien.core.verdicts``. The callers look up what a rule
needs (whether a code is taken, the parent's kind on the founding date, the rulebook's allowed
parent kinds that day) and pass it in, so ``organization_create`` and a bulk founding of
thousands of rows apply the very same rules.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from django.utils.translation import gettext as _

from dangvien.core.formatting import vn_date
from dangvien.core.verdicts import Refusal, Verdict
from dangvien.organizations.choices import (
    CELL_SECTORS,
    GRASSROOTS_KINDS,
    GRASSROOTS_SECTORS,
    OrganizationKind,
    Sector,
)
from dangvien.organizations.rule_keys import ALLOWED_PARENT_KINDS

KINDS = frozenset(OrganizationKind.values)


def _too_long(value: str, field: str) -> Verdict:
    """Longer than the column that stores it (checked before the database, which would refuse
    it on PostgreSQL and keep it on SQLite)."""
    from dangvien.organizations.models import Organization, OrganizationVersion

    column = (
        Organization._meta.get_field("code")
        if field == "code"
        else OrganizationVersion._meta.get_field("name")
    )
    limit = getattr(column, "max_length", None) or 0
    if len(value) > limit:
        return Refusal(
            _("At most %(limit)s characters (%(length)s given).")
            % {"limit": limit, "length": len(value)},
            f"{field}_too_long",
            field,
        )
    return None


def code_verdict(code: str, *, taken: bool) -> Verdict:
    """A code is given and not used by another organization (``taken``: the caller's lookup)."""
    if not code:
        return Refusal(_("The code is required."), "code_required", "code")
    if (long := _too_long(code, "code")) is not None:
        return long
    if taken:
        return Refusal(
            _("The code %(code)s is already used.") % {"code": code}, "code_taken", "code"
        )
    return None


def name_verdict(name: str) -> Verdict:
    if not name:
        return Refusal(_("The name is required."), "name_required", "name")
    return _too_long(name, "name")


def kind_verdict(kind: str) -> Verdict:
    if kind in KINDS:
        return None
    if not kind:
        return Refusal(_("Unknown kind."), "kind_unknown", "kind")
    return Refusal(_("Unknown kind “%(value)s”.") % {"value": kind}, "kind_unknown", "kind")


def sector_verdict(kind: str, sector: str) -> Verdict:
    """Grassroots organizations take a grassroots sector, cells a cell sector, others none."""
    if not sector:
        return None
    if kind in GRASSROOTS_KINDS or kind == OrganizationKind.CELL:
        allowed = GRASSROOTS_SECTORS if kind in GRASSROOTS_KINDS else CELL_SECTORS
        if sector not in allowed:
            return Refusal(
                _("Sector %(sector)s does not apply to a %(kind)s.")
                % {"sector": _label(Sector, sector), "kind": _label(OrganizationKind, kind)},
                "sector_not_allowed",
                "sector",
            )
        return None
    return Refusal(
        _("Only grassroots organizations and cells have a sector."), "sector_not_allowed", "sector"
    )


def parent_kind_verdict(
    kind: str, parent_kind: str | None, allowed: Mapping[str, Sequence[str]]
) -> Verdict:
    """The parent's kind may hold ``kind`` (``allowed``: the rulebook's
    ``organization.allowed_parent_kinds`` on the date of the change); a root has no parent."""
    if parent_kind is None:
        return None
    kinds = allowed.get(kind, [])
    if parent_kind in kinds:
        return None
    return Refusal(
        _("A %(kind)s cannot stand under a %(parent)s (allowed: %(allowed)s).")
        % {
            "kind": _label(OrganizationKind, kind),
            "parent": _label(OrganizationKind, parent_kind),
            "allowed": ", ".join(_label(OrganizationKind, k) for k in kinds) or "—",
        },
        "parent_kind_not_allowed",
        "parent",
        ALLOWED_PARENT_KINDS.key,
    )


def existence_verdict(code: str, on: date, *, exists: bool, field: str = "") -> Verdict:
    """The organization exists at the end of day ``on`` (``exists``: the caller's lookup)."""
    if exists:
        return None
    return Refusal(
        _("%(code)s does not exist on %(date)s.") % {"code": code, "date": vn_date(on)},
        "organization_not_existing",
        field,
    )


def ending_verdict(code: str, established_on: date, ends_on: date) -> Verdict:
    """An organization ends after the day it was founded (it exists for at least a day)."""
    if ends_on > established_on:
        return None
    return Refusal(
        _("%(code)s cannot end on or before the day it was founded (%(date)s).")
        % {"code": code, "date": vn_date(established_on)},
        "ends_before_founding",
        "dissolved_on",
    )


def _label(choices: type[OrganizationKind] | type[Sector], value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value
