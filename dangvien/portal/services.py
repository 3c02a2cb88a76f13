"""Writes of the portal: linking a user account to the member it belongs to."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from dangvien.accounts.models import User
from dangvien.accounts.scoping import require
from dangvien.accounts.types import Actor
from dangvien.audit.services import AuditAction, record, recorded_by, snapshot
from dangvien.core.exceptions import ValidationFailed
from dangvien.members.models import Member
from dangvien.members.permissions import MemberPermission
from dangvien.members.selectors import home_organization
from dangvien.portal.models import MemberAccount


@transaction.atomic
def member_account_link(*, actor: Actor, user: User, member: Member, on: date) -> MemberAccount:
    """Link ``user`` to the member it belongs to (one account per member, one member per account).

    Rules: the actor may change members of the member's organization; neither the account nor
    the member is linked already (to another). No-op when this link exists. Writes:
    MemberAccount, AuditEvent(create).
    """
    home = home_organization(member, on)
    if home is None:
        raise ValidationFailed(_("The member has no organization."), code="no_organization")
    require(actor, MemberPermission.CHANGE, home)
    existing = MemberAccount.objects.filter(user=user).first()
    if existing is not None:
        if existing.member_id == member.pk:
            return existing
        raise ValidationFailed(
            _("This account already belongs to another member."), code="account_taken", field="user"
        )
    if MemberAccount.objects.filter(member=member).exists():
        raise ValidationFailed(
            _("This member already has an account."), code="member_has_account", field="member"
        )
    link = MemberAccount.objects.create(
        user=user, member=member, linked_by_name=recorded_by(actor)[1]
    )
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=link,
        after=snapshot(link),
        organization_path=home.path,
        message="member account linked",
    )
    return link
