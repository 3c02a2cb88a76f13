"""What may be done in committees: the actions roles are granted (see ``accounts.roles``)."""

from dangvien.accounts.permissions import Permission


class CommitteePermission(Permission):
    VIEW = "committees.view"
    CHANGE = "committees.change"
