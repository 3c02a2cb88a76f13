"""Web routes of the statistics app (included under the ``web`` namespace)."""

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
