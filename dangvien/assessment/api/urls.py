from typing import Any

from rest_framework.routers import SimpleRouter

from dangvien.assessment.api.views import AssessmentResultViewSet

router = SimpleRouter()
router.register("assessment-results", AssessmentResultViewSet, basename="assessment-result")

# Routes come from the router (merged into the root router by dangvien.api.urls).
urlpatterns: list[Any] = []
