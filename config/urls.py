"""Root URL configuration: web UI, REST API and its schema."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("dangvien.api.urls")),
    path("", include("dangvien.web.urls")),
]
_ = i18n_patterns  # language comes from the session/cookie (set_language), not the URL
