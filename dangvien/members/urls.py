from django.urls import path

from dangvien.members import views

urlpatterns = [
    path("members/", views.search, name="member_search"),
    path("org/<str:code>/members/", views.organization_members, name="organization_members"),
    path("org/<str:code>/members/admit/", views.member_admit, name="member_admit"),
    path(
        "org/<str:code>/members/<slug:slug>/",
        views.organization_worklist,
        name="organization_worklist",
    ),
    path("member/<int:pk>/", views.member_detail, name="member"),
    path("member/<int:pk>/edit/", views.member_edit, name="member_edit"),
    path(
        "member/<int:pk>/events/<int:event_pk>/correct/",
        views.event_correct,
        name="member_event_correct",
    ),
    path("member/<int:pk>/events/<int:event_pk>/void/", views.event_void, name="member_event_void"),
    path("member/<int:pk>/card/", views.member_card, name="member_card"),
    path("member/<int:pk>/badge/", views.member_badge, name="member_badge"),
    path("member/<int:pk>/<slug:slug>/", views.member_action, name="member_action"),
]
