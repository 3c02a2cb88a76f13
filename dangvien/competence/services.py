"""Writes of the competence app: authorisations of organizations."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from dangvien.accounts.scoping import require
from dangvien.accounts.types import Actor
from dangvien.audit.services import AuditAction, record, recorded_by, snapshot
from dangvien.competence.models import Authorisation
from dangvien.competence.permissions import CompetencePermission
from dangvien.core.decisions import Decision, require_numbered
from dangvien.core.exceptions import ValidationFailed
from dangvien.core.formatting import vn_date
from dangvien.organizations.models import Organization


@transaction.atomic
def authorisation_grant(
    *,
    actor: Actor,
    organization: Organization,
    kind: str,
    valid_from: date,
    decision: Decision,
    valid_to: date | None = None,
) -> Authorisation:
    """Authorise ``organization`` to decide ``kind`` itself from ``valid_from`` (e.g. a đảng ủy
    cơ sở authorised to admit members), by a decision of the level above.

    Rules: the actor may authorise on the organization's parent (or is an administrator); a
    decision number and date; the period is ordered; no overlapping authorisation of the
    same kind. Writes: Authorisation, AuditEvent(create).
    """
    from dangvien.organizations.selectors import organization_state

    state = organization_state(organization, on=valid_from)
    if state is None:
        raise ValidationFailed(
            _("%(code)s does not exist on %(date)s.")
            % {"code": organization.code, "date": vn_date(valid_from)},
            code="organization_not_existing",
            field="valid_from",
        )
    require(actor, CompetencePermission.AUTHORISE, state.parent or organization)
    decided_on = require_numbered(decision, field="number")
    if valid_to is not None and valid_to < valid_from:
        raise ValidationFailed(_("The period is reversed."), code="period", field="valid_to")
    overlapping = Authorisation.objects.filter(organization=organization, kind=kind).exclude(
        valid_to__lt=valid_from
    )
    if valid_to is not None:
        overlapping = overlapping.exclude(valid_from__gt=valid_to)
    if overlapping.exists():
        raise ValidationFailed(
            _("An authorisation of this kind already covers part of that period."),
            code="overlap",
            field="valid_from",
        )
    user, name = recorded_by(actor)
    authorisation = Authorisation.objects.create(
        organization=organization,
        kind=kind,
        valid_from=valid_from,
        valid_to=valid_to,
        decision_number=decision.number,
        decision_date=decided_on,
        decision_issuer=decision.issuer,
        actor=user,
        actor_name=name,
    )
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=authorisation,
        after=snapshot(authorisation),
        organization_path=organization.path,
        message=f"authorisation {kind}",
    )
    return authorisation
