"""What may be done in organizations: the actions roles are granted (see ``accounts.roles``)."""

from dangvien.accounts.permissions import Permission


class OrganizationPermission(Permission):
    VIEW = "organizations.view"
    CHANGE = "organizations.change"
