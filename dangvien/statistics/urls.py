"""Web routes of the statistics app (included under the ``web`` namespace)."""

from django.urls import URLPattern, URLResolver, path

from dangvien.statistics import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("statistics/", views.statistics_page, name="statistics"),
    path("org/<str:code>/statistics/", views.statistics_page, name="organization_statistics"),
    path(
        "org/<str:code>/statistics/download/<str:fmt>/",
        views.statistics_download,
        name="organization_statistics_download",
    ),
]
