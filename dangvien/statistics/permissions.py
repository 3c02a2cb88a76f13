"""What may be done in statistics: the actions roles are granted (see ``accounts.roles``)."""

from dangvien.accounts.permissions import Permission


class StatisticsPermission(Permission):
    VIEW = "statistics.view"
