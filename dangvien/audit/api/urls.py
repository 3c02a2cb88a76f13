from typing import Any

from rest_framework.routers import SimpleRouter

from dangvien.audit.api.views import AuditEventViewSet

router = SimpleRouter()
router.register("audit-events", AuditEventViewSet, basename="audit-event")

# Routes come from the router (merged into the root router by dangvien.api.urls).
urlpatterns: list[Any] = []
