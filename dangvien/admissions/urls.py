"""Web routes of the admissions app (included under the ``web`` namespace)."""

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
