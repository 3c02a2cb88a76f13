from typing import Any

from rest_framework.routers import SimpleRouter

from dangvien.discipline.api.views import DisciplineCaseViewSet

router = SimpleRouter()
router.register("discipline/cases", DisciplineCaseViewSet, basename="discipline-case")

# Routes come from the router (merged into the root router by dangvien.api.urls).
urlpatterns: list[Any] = []
