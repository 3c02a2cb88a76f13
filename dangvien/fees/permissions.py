"""What may be done with party fees: the actions roles are granted (see ``accounts.roles``)."""

from dangvien.accounts.permissions import Permission


class FeePermission(Permission):
    VIEW = "fees.view"
    CHANGE = "fees.change"
