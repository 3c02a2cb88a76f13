from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HttpConfig(AppConfig):
    """The shared HTTP toolkit at the bottom of the layers: base viewsets, query parameters,
    pagination, the API exception handler, form helpers, the template tags and the registries
    through which apps add navigation items and page panels."""

    name = "dangvien.http"
    label = "http"
    verbose_name = _("Web toolkit")
