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

urlpatterns += [
    path("assessment/rounds/", views.round_list_page, name="assessment_rounds"),
    path("assessment/rounds/<int:pk>/", views.round_page, name="assessment_round"),
    path("org/<str:code>/assessment/rounds/open/", views.round_open, name="assessment_round_open"),
    path("org/<str:code>/assessment/form-01.docx", views.organization_form_docx,
         name="assessment_organization_form"),
    path("member/<int:pk>/assessment/form.docx", views.member_form_docx,
         name="assessment_member_form"),
]  # fmt: skip
