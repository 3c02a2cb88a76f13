"""What may be done in assessment: the actions roles are granted (see ``accounts.roles``)."""

from dangvien.accounts.permissions import Permission


class AssessmentPermission(Permission):
    VIEW = "assessment.view"
    CHANGE = "assessment.change"
