from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "dangvien.members"
    label = "members"
    verbose_name = _("Party members")

    def ready(self) -> None:
        from dangvien.accounts.choices import Role
        from dangvien.accounts.roles import grant, grant_view
        from dangvien.members.permissions import MemberPermission

        grant_view(MemberPermission.VIEW)
        grant(Role.STAFF, MemberPermission.CHANGE, MemberPermission.TRANSFER)
        grant(Role.CELL_SECRETARY, MemberPermission.CHANGE)
        # Explicit registration (not signals): organization merges/dissolutions/splits must
        # account for the members of the organizations they end, in the same transaction.
        from dangvien.members.services import register_organization_hooks

        register_organization_hooks()
        from dangvien.http.registry import NavItem, navigation

        navigation.register(
            "member_search",
            NavItem(
                _("Party members"),
                "web:member_search",
                permission=MemberPermission.VIEW,
                keep_as_of=True,
            ),
            order=20,
        )

        from dangvien.http.registry import inbox
        from dangvien.members.panels import inbox_members, register_panels

        register_panels()
        inbox.register("members", inbox_members, order=10)

        # the codes and numbers inside its rules' values as the rulebook page reads them
        from dangvien.members.rule_words import RULE_WORDS
        from dangvien.rules.wording import register_rule_words

        register_rule_words(RULE_WORDS)

        from dangvien.interchange.sections import sections
        from dangvien.members.interchange import MembersSection

        sections.register("members", MembersSection(), order=20)

        from dangvien.audit.readable import AuditValues, record_ids, register_values, register_words
        from dangvien.members.choices import MemberEventType
        from dangvien.members.models import Member

        def member_names(values: set[object]) -> dict[object, str]:
            ids = record_ids(values)
            return dict(Member.objects.filter(pk__in=ids).values_list("pk", "full_name"))

        register_values(["members.member", "member"], AuditValues(_("party member"), member_names))
        register_words(dict(MemberEventType.choices))
        register_words(
            {
                "exempted": _("exempted from activities"),
                "temporarily_away": _("temporarily active elsewhere"),
            }
        )

        from django.utils.text import format_lazy
        from django.utils.translation import pgettext_lazy

        from dangvien.audit.readable import register_data
        from dangvien.members.models import CardAction
        from dangvien.members.worklists import WORKLISTS

        # the messages of the card register and the badges ("card issued DT-00005679",
        # "badge 30")
        register_words(
            {
                f"card {CardAction.ISSUED.value}": pgettext_lazy("audit log", "party card issued"),
                f"card {CardAction.REISSUED.value}": pgettext_lazy(
                    "audit log", "party card re-issued"
                ),
                f"card {CardAction.RECALLED.value}": pgettext_lazy(
                    "audit log", "party card recalled"
                ),
                "badge": pgettext_lazy("audit log", "party badge for {} years of membership"),
            }
        )
        # what officers read and download of the members (a file, a list, a work list)
        register_data(
            {
                "member.file": pgettext_lazy("audit log", "the party member's file"),
                "members": pgettext_lazy("audit log", "the list of party members"),
                "member-search": pgettext_lazy("audit log", "the party members found"),
                **{
                    slug: format_lazy(pgettext_lazy("audit log", "the list “{}”"), worklist.title)
                    for slug, worklist in WORKLISTS.items()
                },
            }
        )
