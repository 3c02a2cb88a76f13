"""API routes of proposals and decisions (merged into the root router)."""

from typing import Any

from rest_framework.routers import SimpleRouter

from dangvien.decisions.api.views import ProposalViewSet

router = SimpleRouter()
router.register("proposals", ProposalViewSet, basename="proposal")
urlpatterns: list[Any] = []
