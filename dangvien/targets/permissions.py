"""What may be done in targets: the actions roles are granted (see ``accounts.roles``)."""

from dangvien.accounts.permissions import Permission


class TargetPermission(Permission):
    VIEW = "targets.view"
    CHANGE = "targets.change"
