"""API routes of the admissions app (merged into the root router)."""

from rest_framework.routers import DefaultRouter

router = DefaultRouter()
urlpatterns: list = []
