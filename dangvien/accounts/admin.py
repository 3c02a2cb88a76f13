from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest

from dangvien.accounts.models import RoleAssignment, User

admin.site.register(User, UserAdmin)


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
