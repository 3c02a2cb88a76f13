"""Web routes of the member's portal (included under the ``web`` namespace)."""

from django.urls import URLPattern, URLResolver, path

from dangvien.portal import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("portal/", views.portal_home, name="portal"),
]
