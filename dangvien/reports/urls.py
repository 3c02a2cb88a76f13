"""Web routes of the reports app (included under the ``web`` namespace)."""

from django.urls import URLPattern, URLResolver, path

from dangvien.reports import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("reports/", views.reports_home, name="reports_home"),
    path(
        "org/<str:code>/documents/members.docx",
        views.members_list_document,
        name="members_list_document",
    ),
    path(
        "org/<str:code>/documents/<slug:slug>.docx",
        views.worklist_document,
        name="worklist_document",
    ),
    path(
        "member/<int:pk>/documents/summary.docx",
        views.member_summary_document,
        name="member_summary_document",
    ),
    path(
        "member/<int:pk>/documents/transfer-letter.docx",
        views.transfer_letter_document,
        name="transfer_letter_document",
    ),
    path("org/<str:code>/dashboard/", views.dashboard, name="dashboard"),
    path(
        "org/<str:code>/dashboard/<str:fmt>/",
        views.dashboard_document,
        name="dashboard_document",
    ),
    path("org/<str:code>/reports/", views.organization_reports, name="organization_reports"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/submit/", views.report_submit_view, name="report_submit"),
    path("reports/<int:pk>/approve/", views.report_approve_view, name="report_approve"),
    path("reports/<int:pk>/return/", views.report_return_view, name="report_return"),
    path("reports/<int:pk>/<str:fmt>/", views.report_document, name="report_document"),
]
