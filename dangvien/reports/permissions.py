"""What may be done in reports: the actions roles are granted (see ``accounts.roles``)."""

from dangvien.accounts.permissions import Permission


class ReportPermission(Permission):
    VIEW = "reports.view"
    CHANGE = "reports.change"
    APPROVE = "reports.approve"
