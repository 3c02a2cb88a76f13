from typing import Any

from rest_framework.routers import SimpleRouter

from dangvien.rules.api.views import RuleViewSet

router = SimpleRouter()
router.register("rules", RuleViewSet, basename="rule")

# Routes come from the router (merged into the root router by dangvien.api.urls).
urlpatterns: list[Any] = []
