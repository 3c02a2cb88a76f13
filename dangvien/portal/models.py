"""The link between a user account and the party member it belongs to (the member's portal)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dangvien.core.models import BaseModel


class MemberAccount(BaseModel):
    """A user account that belongs to a party member: that user sees their own file, their
    cell's meetings and their own records in the portal (Sổ tay đảng viên), nothing else."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="member_account",
        verbose_name=_("user"),
    )
    member = models.OneToOneField(
        "members.Member",
        on_delete=models.PROTECT,
        related_name="account",
        verbose_name=_("party member"),
    )
    linked_by_name = models.CharField(_("linked by"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("member account")
        verbose_name_plural = _("member accounts")

    def __str__(self) -> str:
        return f"{self.user_id} → {self.member_id}"
