from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "dangvien.web"
    label = "web"
    verbose_name = _("Web interface")

    def ready(self) -> None:
        from dangvien.http.registry import NavItem, navigation
        from dangvien.organizations.permissions import OrganizationPermission

        # for those who see an organization: a member without a role landed back on their
        # handbook from it
        navigation.register(
            "home",
            NavItem(
                _("Organization tree"),
                "web:home",
                permission=OrganizationPermission.VIEW,
                keep_as_of=True,
            ),
            order=10,
        )

        from dangvien.audit.signals import data_changed
        from dangvien.http.registry import CountedAhead, counted_ahead
        from dangvien.web.ahead import queue_count_ahead
        from dangvien.web.views import cached_inbox_items, tree_html

        # after each change, the large subtrees' readers' home page counted ahead (web.ahead)
        data_changed.connect(queue_count_ahead, dispatch_uid="dangvien.web.count_ahead")
        counted_ahead.register(
            "inbox", CountedAhead(for_reader=lambda actor, _on: cached_inbox_items(actor))
        )
        counted_ahead.register(
            "tree", CountedAhead(for_reader=lambda actor, on: tree_html(actor, on, open_roots=True))
        )
