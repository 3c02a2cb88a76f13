from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    CREATE = "create", _("create")
    UPDATE = "update", _("update")
    DELETE = "delete", _("delete")
    EXPORT = "export", _("export")
    READ = "read", _("read")
    LOGIN = "login", _("login")
    LOGIN_FAILED = "login_failed", _("failed login")
