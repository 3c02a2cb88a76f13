"""What may be done in audit: the actions roles are granted (see ``accounts.roles``)."""

from dangvien.accounts.permissions import Permission


class AuditPermission(Permission):
    VIEW = "audit.view"
