from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "dangvien.organizations"
    label = "organizations"
    verbose_name = _("Party organizations")
