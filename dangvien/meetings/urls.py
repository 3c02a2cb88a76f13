"""Web routes of meetings (included under the ``web`` namespace)."""

from django.urls import URLPattern, URLResolver, path

from dangvien.meetings import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("meetings/", views.meetings_index, name="meetings"),
    path("org/<str:code>/meetings/", views.organization_meetings, name="organization_meetings"),
    path("org/<str:code>/meetings/new/", views.meeting_create, name="meeting_create"),
    path("org/<str:code>/meetings/plan/", views.plan_create, name="meeting_plan_create"),
    path("portal/plan/<int:pk>/absence/", views.plan_absence, name="plan_absence"),
    path("meeting/<int:pk>/", views.meeting_detail, name="meeting"),
    path("meeting/<int:pk>/attendance/", views.meeting_attendance, name="meeting_attendance"),
    path("meeting/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meeting/<int:pk>/votes/new/", views.meeting_vote_create, name="meeting_vote_create"),
    path(
        "meeting/<int:pk>/documents/new/",
        views.meeting_document_create,
        name="meeting_document_create",
    ),
    path(
        "meetings/plan/<int:pk>/documents/new/",
        views.plan_document_create,
        name="plan_document_create",
    ),
    path("meetings/document/<int:pk>/", views.document_download, name="meeting_document"),
]
