"""URLs of the web UI.

Log-in and log-out are not namespaced (settings: LOGIN_URL = "login"); every page is under
the ``web`` namespace, gathered here from the apps that own them.
"""

from django.urls import URLPattern, URLResolver, include, path

from dangvien.web import views

web_patterns: list[URLPattern | URLResolver] = [
    path("", views.home, name="home"),
    path("tree/<str:code>/children/", views.tree_children, name="tree_children"),
    path("", include("dangvien.organizations.urls")),
    path("", include("dangvien.committees.urls")),
    path("", include("dangvien.members.urls")),
    path("rules/", include("dangvien.rules.urls")),
    path("audit/", include("dangvien.audit.urls")),
    path("", include("dangvien.statistics.urls")),
    path("", include("dangvien.interchange.urls")),
    path("", include("dangvien.admissions.urls")),
    path("", include("dangvien.reports.urls")),
]

urlpatterns = [
    path("", include("dangvien.accounts.urls")),
    path("", include((web_patterns, "web"))),
]
