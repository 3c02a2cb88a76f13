"""API routes of the reports app (merged into the root router)."""

from rest_framework.routers import DefaultRouter

router = DefaultRouter()
urlpatterns: list = []
