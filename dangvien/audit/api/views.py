"""Audit API: the scoped, append-only log; there is no write endpoint."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.request import Request
from rest_framework.response import Response

from dangvien.audit.api.serializers import AuditEventSerializer, AuditListQuerySerializer
from dangvien.audit.models import AuditEvent
from dangvien.audit.selectors import audit_event_list
from dangvien.http.params import query_params
from dangvien.http.viewsets import READ_ERRORS, ScopedViewSet


@extend_schema_view(
    list=extend_schema(
        summary="Audit events in the caller's scope, newest first",
        parameters=[AuditListQuerySerializer],
        responses={200: AuditEventSerializer(many=True), **READ_ERRORS},
    ),
)
class AuditEventViewSet(ScopedViewSet):
    queryset = AuditEvent.objects.none()

    def list(self, request: Request) -> Response:
        params = query_params(request, AuditListQuerySerializer)
        events = audit_event_list(
            actor=self.actor,
            organization_code=params.get("organization"),
            action=params.get("action"),
            actor_name=params.get("actor_name"),
            object_type=params.get("object_type"),
            object_id=params.get("object_id"),
            date_from=params.get("date_from"),
            date_to=params.get("date_to"),
        )
        return self.paginated(events, AuditEventSerializer)
