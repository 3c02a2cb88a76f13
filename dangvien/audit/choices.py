from django.db import models
from django.utils.translation import pgettext_lazy


class AuditAction(models.TextChoices):
    """What an audit row records. The labels read on their own (the log's column and its
    filter, the administration), so they start with a capital as every label does."""

    CREATE = "create", pgettext_lazy("audit action", "Create")
    UPDATE = "update", pgettext_lazy("audit action", "Update")
    DELETE = "delete", pgettext_lazy("audit action", "Delete")
    EXPORT = "export", pgettext_lazy("audit action", "Export")
    READ = "read", pgettext_lazy("audit action", "Read")
    LOGIN = "login", pgettext_lazy("audit action", "Log-in")
    LOGIN_FAILED = "login_failed", pgettext_lazy("audit action", "Failed log-in")
