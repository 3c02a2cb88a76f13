from django.urls import path

from dangvien.organizations import views

urlpatterns = [
    path("organizations/lookup/", views.organization_lookup_view, name="organization_lookup"),
    path("org/<str:code>/", views.organization_detail, name="organization"),
    path("org/<str:code>/new-child/", views.organization_create_child, name="organization_create"),
    path("org/<str:code>/rename/", views.organization_rename_view, name="organization_rename"),
    path(
        "org/<str:code>/reclassify/",
        views.organization_reclassify_view,
        name="organization_reclassify",
    ),
    path("org/<str:code>/move/", views.organization_move_view, name="organization_move"),
    path("org/<str:code>/merge/", views.organization_merge_view, name="organization_merge"),
    path("org/<str:code>/split/", views.organization_split_view, name="organization_split"),
    path(
        "org/<str:code>/dissolve/", views.organization_dissolve_view, name="organization_dissolve"
    ),
]
