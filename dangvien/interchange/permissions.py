"""What may be done in interchange: the actions roles are granted (see ``accounts.roles``)."""

from dangvien.accounts.permissions import Permission


class InterchangePermission(Permission):
    IMPORT = "interchange.import"
