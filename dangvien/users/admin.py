from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest

from dangvien.accounts.models import RoleAssignment, User
from dangvien.audit.services import AuditAction, record, snapshot


@admin.register(User)
class AuditedUserAdmin(UserAdmin[User]):
    """Users change here only with an audit row; they are never deleted (deactivate instead)."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        before = snapshot(User.objects.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)
        record(
            actor=request.user,
            action=AuditAction.UPDATE if change else AuditAction.CREATE,
            obj=obj,
            before=before,
            after=snapshot(obj),
            message="admin",
        )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin[RoleAssignment]):
    """Read-only here: grants change through ``role_grant``/``role_revoke`` so they are audited."""

    list_display = ["user", "organization", "role", "valid_from", "valid_to"]
    list_filter = ["role"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
