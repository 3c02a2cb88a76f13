"""API routes of the admissions app (merged into the root router)."""

from rest_framework.routers import DefaultRouter

from dangvien.admissions.api.views import CandidateViewSet, TargetProgressViewSet

router = DefaultRouter()
router.register("admission-candidates", CandidateViewSet, basename="admission-candidate")
router.register("admission-progress", TargetProgressViewSet, basename="admission-progress")
urlpatterns: list = []
