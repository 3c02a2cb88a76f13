"""Root URL configuration: web UI, REST API (with its schema) and the read-mostly admin."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("dangvien.api.urls")),
    path("", include("dangvien.web.urls")),
]
