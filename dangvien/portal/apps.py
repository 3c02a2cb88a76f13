from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The member's own handbook (Sổ tay đảng viên): a user account linked to a member sees
    their file, timeline and the sections other apps register in ``portal_sections``."""

    name = "dangvien.portal"
    label = "portal"
    verbose_name = _("Member's handbook")

    def ready(self) -> None:
        from django.utils.translation import pgettext_lazy

        from dangvien.audit.readable import record_ids, register_words

        register_words(
            {"member account linked": pgettext_lazy("audit log", "member account linked")}
        )

        from dangvien.audit.readable import AuditValues, register_values
        from dangvien.portal.models import MemberAccount

        def accounts(values: set[object]) -> dict[object, str]:
            """An account by whose it is and whom it shows ("user → member"), not by ids."""
            ids = record_ids(values)
            rows = MemberAccount.objects.filter(pk__in=ids).select_related("user", "member")
            return {a.pk: f"{a.user} → {a.member.full_name}" for a in rows}

        register_values(["portal.memberaccount"], AuditValues(_("member account"), accounts))

        from dangvien.http.registry import NavItem, navigation
        from dangvien.portal.selectors import has_member_account

        navigation.register(
            "portal",
            NavItem(
                _("My handbook"),
                "web:portal",
                visible=has_member_account,
                landing=True,
            ),
            order=5,
        )
