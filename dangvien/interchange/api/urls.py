"""API routes of the interchange app (merged into the root router)."""

from rest_framework.routers import DefaultRouter

router = DefaultRouter()
urlpatterns: list = []
