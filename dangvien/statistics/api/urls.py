"""API routes of the statistics app (merged into the root router)."""

from rest_framework.routers import DefaultRouter

router = DefaultRouter()
urlpatterns: list = []
