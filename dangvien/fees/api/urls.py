from typing import Any

from rest_framework.routers import SimpleRouter

from dangvien.fees.api.views import FeePaymentViewSet

router = SimpleRouter()
router.register(
    r"organizations/(?P<code>[^/]+)/fee-payments", FeePaymentViewSet, basename="fee-payment"
)

# Routes come from the router (merged into the root router by dangvien.api.urls).
urlpatterns: list[Any] = []
