from typing import Any

from rest_framework.routers import SimpleRouter

from dangvien.organizations.api.views import OrganizationViewSet

router = SimpleRouter()
router.register("organizations", OrganizationViewSet, basename="organization")

# Routes come from the router (merged into the root router by dangvien.api.urls).
urlpatterns: list[Any] = []
