from typing import Any

from rest_framework.routers import SimpleRouter

from dangvien.committees.api.views import CommitteePostViewSet, CommitteeViewSet, TermViewSet

router = SimpleRouter()
router.register(r"organizations/(?P<code>[^/]+)/terms", TermViewSet, basename="term")
router.register(
    r"organizations/(?P<code>[^/]+)/posts", CommitteePostViewSet, basename="committee-post"
)
router.register("committees", CommitteeViewSet, basename="committee")

# Routes come from the router (merged into the root router by dangvien.api.urls).
urlpatterns: list[Any] = []
