"""What may be done with data-quality findings: the actions roles are granted."""

from dangvien.accounts.permissions import Permission


class QualityPermission(Permission):
    VIEW = "quality.view"
    RESOLVE = "quality.resolve"
