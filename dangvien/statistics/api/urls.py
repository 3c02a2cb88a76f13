"""API routes of the statistics app (merged into the root router)."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from dangvien.statistics.api.views import StatisticsView

router = DefaultRouter()
urlpatterns: list = [
    path("statistics/<str:code>/", StatisticsView.as_view(), name="statistics"),
]
