"""Web routes of discipline (included under the ``web`` namespace)."""

from django.urls import URLPattern, URLResolver, path

from dangvien.discipline import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("discipline/", views.index, name="discipline"),
    path("discipline/case/<int:pk>/", views.case_detail, name="discipline_case"),
    path(
        "discipline/case/<int:pk>/decision.docx",
        views.case_decision_docx,
        name="discipline_decision_docx",
    ),
    path("org/<str:code>/discipline/", views.organization_cases, name="organization_discipline"),
    path("org/<str:code>/discipline/new/", views.case_new, name="discipline_case_new"),
    path("org/<str:code>/discipline/notice/", views.notice_new, name="discipline_notice_new"),
    path(
        "org/<str:code>/inspection/", views.organization_programmes, name="organization_programmes"
    ),
    path("inspection/<int:pk>/", views.programme_detail, name="programme"),
    path(
        "org/<str:code>/inspection/overdue/",
        views.organization_overdue,
        name="organization_inspection_overdue",
    ),
    path(
        "inspection/<int:pk>/conclude/",
        views.programme_conclude_view,
        name="programme_conclude",
    ),
]
