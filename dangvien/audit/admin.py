from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from dangvien.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin[AuditEvent]):
    """Read-only: the audit log has no change or delete path, not even here."""

    list_display = ["recorded_at", "actor_name", "action", "object_repr", "request_id"]
    list_filter = ["action"]
    search_fields = ["actor_name", "object_repr", "request_id", "message"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
