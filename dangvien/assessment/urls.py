"""Web routes of the assessment (included under the ``web`` namespace)."""

from django.urls import URLPattern, URLResolver, path

from dangvien.assessment import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("assessment/", views.index, name="assessment"),
    path("org/<str:code>/assessment/", views.year_page, name="assessment_year"),
    path(
        "org/<str:code>/assessment/level/",
        views.organization_result,
        name="assessment_organization_result",
    ),
    path("portal/assessment/", views.self_assessment, name="assessment_self"),
    path("member/<int:pk>/assessment/level/", views.member_result, name="assessment_member_result"),
]
