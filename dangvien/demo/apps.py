from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    name = "dangvien.demo"
    label = "demo"
    verbose_name = _("Demonstration data")

    def ready(self) -> None:
        # The steps that span the apps: the members (a bundle through the import) and the
        # demo's accounts; the tree and the committees come from their apps.
        from dangvien.core.registry import DemoStep, demo_steps
        from dangvien.demo.accounts import build_accounts
        from dangvien.demo.members import build_members

        demo_steps.register("members", DemoStep(_("Party members"), build=build_members), order=20)
        demo_steps.register(
            "accounts", DemoStep(_("Demo accounts"), build=build_accounts), order=90
        )
