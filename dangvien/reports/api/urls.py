"""API routes of the reports app (merged into the root router)."""

from rest_framework.routers import DefaultRouter

from dangvien.reports.api.views import DashboardViewSet, PeriodReportViewSet

router = DefaultRouter()
router.register("dashboards", DashboardViewSet, basename="dashboard")
router.register("period-reports", PeriodReportViewSet, basename="period-report")
urlpatterns: list = []
