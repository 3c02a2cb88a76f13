"""What may be done with meetings: the actions roles are granted (see ``accounts.roles``)."""

from dangvien.accounts.permissions import Permission


class MeetingPermission(Permission):
    VIEW = "meetings.view"
    CHANGE = "meetings.change"
