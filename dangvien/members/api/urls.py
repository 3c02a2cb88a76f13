from typing import Any

from rest_framework.routers import SimpleRouter

from dangvien.members.api.views import MemberViewSet

router = SimpleRouter()
router.register("members", MemberViewSet, basename="member")

# Routes come from the router (merged into the root router by dangvien.api.urls).
urlpatterns: list[Any] = []
