"""What may be done in members: the actions roles are granted (see ``accounts.roles``)."""

from dangvien.accounts.permissions import Permission


class MemberPermission(Permission):
    VIEW = "members.view"
    CHANGE = "members.change"
    TRANSFER = "members.transfer"
