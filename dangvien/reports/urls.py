"""Web routes of the reports app (included under the ``web`` namespace)."""

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
