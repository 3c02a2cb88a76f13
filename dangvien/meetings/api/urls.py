from typing import Any

from rest_framework.routers import SimpleRouter

from dangvien.meetings.api.views import MeetingViewSet

router = SimpleRouter()
router.register("meetings", MeetingViewSet, basename="meeting")

# Routes come from the router (merged into the root router by dangvien.api.urls).
urlpatterns: list[Any] = []
