"""What may be done in admissions: the actions roles are granted (see ``accounts.roles``)."""

from dangvien.accounts.permissions import Permission


class AdmissionPermission(Permission):
    VIEW = "admissions.view"
    CHANGE = "admissions.change"
    DECIDE = "admissions.decide"
