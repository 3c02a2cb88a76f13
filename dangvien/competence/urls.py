"""Web routes of the competence app (included under the ``web`` namespace)."""

from django.urls import URLPattern, URLResolver, path

from dangvien.competence import views

urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "org/<str:code>/authorisations/",
        views.organization_authorisations,
        name="organization_authorisations",
    ),
]
