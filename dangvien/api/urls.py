"""API routes: one router over every app's viewsets, the token endpoint and the schema."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from dangvien.admissions.api.urls import router as admissions_router
from dangvien.admissions.api.urls import urlpatterns as admissions_urls
from dangvien.api.views import ObtainTokenView
from dangvien.audit.api.urls import router as audit_router
from dangvien.committees.api.urls import router as committees_router
from dangvien.interchange.api.urls import router as interchange_router
from dangvien.interchange.api.urls import urlpatterns as interchange_urls
from dangvien.members.api.urls import router as members_router
from dangvien.organizations.api.urls import router as organizations_router
from dangvien.reports.api.urls import router as reports_router
from dangvien.reports.api.urls import urlpatterns as reports_urls
from dangvien.rules.api.urls import router as rules_router
from dangvien.statistics.api.urls import router as statistics_router
from dangvien.statistics.api.urls import urlpatterns as statistics_urls

router = DefaultRouter()
# Nested committee routes (organizations/{code}/terms/) come before the organization
# detail routes, which would otherwise not match them anyway ({code} has no slash).
for app_router in (
    committees_router,
    organizations_router,
    members_router,
    rules_router,
    audit_router,
    statistics_router,
    interchange_router,
    admissions_router,
    reports_router,
):
    router.registry.extend(app_router.registry)

app_name = "api"
urlpatterns = [
    path("auth/token/", ObtainTokenView.as_view(), name="token"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
    *statistics_urls,
    *interchange_urls,
    *admissions_urls,
    *reports_urls,
    *router.urls,
]
