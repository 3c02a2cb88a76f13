"""Root URL configuration: web UI, REST API (with its schema) and the read-mostly admin."""

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from dangvien.http import health

urlpatterns = [
    # probes of the load balancer and the service manager (no log-in; dangvien.http.health)
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    # The admin's own login form would bypass the lock-out of failed logins: use ours.
    path("admin/login/", RedirectView.as_view(pattern_name="login", query_string=True)),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("dangvien.api.urls")),
    path("", include("dangvien.web.urls")),
]
