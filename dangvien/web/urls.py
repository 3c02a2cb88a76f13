"""URLs of the web UI.

Log-in and log-out are not namespaced (settings: LOGIN_URL = "login"); every page is under
the ``web`` namespace, gathered from the ``urls`` module of each installed dangvien app (in the
order of ``INSTALLED_APPS``), so an app adds its pages without editing this file.
"""

from __future__ import annotations

from importlib import import_module

from django.urls import URLPattern, URLResolver, include, path

from dangvien.http.discovery import app_url_modules
from dangvien.web import views

web_patterns: list[URLPattern | URLResolver] = [
    path("", views.home, name="home"),
    path("inbox/", views.inbox, name="inbox"),
    path("tree/<str:code>/children/", views.tree_children, name="tree_children"),
    *(path("", include(import_module(name))) for name in app_url_modules("urls")),
]

urlpatterns = [
    path("", include("dangvien.users.urls")),
    path("", include((web_patterns, "web"))),
]
