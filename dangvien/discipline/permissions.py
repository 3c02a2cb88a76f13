"""What may be done with discipline files (sensitive: not granted to viewers)."""

from dangvien.accounts.permissions import Permission


class DisciplinePermission(Permission):
    VIEW = "discipline.view"
    CHANGE = "discipline.change"
