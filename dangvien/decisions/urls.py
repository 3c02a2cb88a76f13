"""Web routes of proposals and decisions (included under the ``web`` namespace)."""

from django.urls import URLPattern, URLResolver, path

from dangvien.decisions import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("decisions/", views.index, name="decisions"),
    path("decisions/proposal/<int:pk>/", views.proposal_detail, name="proposal"),
    path("member/<int:pk>/propose/<slug:kind>/", views.member_propose, name="member_propose"),
    path("member/<int:pk>/decide/<slug:kind>/", views.member_decide, name="member_decide"),
    path("org/<str:code>/removal-due/", views.organization_removal_due, name="removal_due"),
]
