"""API routes: one router over every app's viewsets, the token endpoint and the schema.

Each installed dangvien app with an ``api/urls.py`` contributes its ``router`` (merged into the
root router) and its extra ``urlpatterns``, so an app adds its endpoints without editing this
file.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.urls import URLPattern, URLResolver, path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework.routers import DefaultRouter

from dangvien.api.views import ObtainTokenView
from dangvien.http.discovery import app_url_modules

router = DefaultRouter()
extra: list[URLPattern | URLResolver] = []
for name in app_url_modules("api.urls"):
    module: Any = import_module(name)
    app_router = getattr(module, "router", None)
    if app_router is not None:
        router.registry.extend(app_router.registry)
    extra.extend(getattr(module, "urlpatterns", []))

app_name = "api"
urlpatterns = [
    path("auth/token/", ObtainTokenView.as_view(), name="token"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # the split view serves its start-up script as a file (the Content-Security-Policy)
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
    *extra,
    *router.urls,
]
