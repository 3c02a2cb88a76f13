from django.urls import URLPattern, URLResolver, path

from dangvien.quality import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("org/<str:code>/quality/", views.organization_quality, name="organization_quality"),
    path("org/<str:code>/quality/resolve/", views.quality_resolve, name="quality_resolve"),
]
