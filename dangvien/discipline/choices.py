"""Subjects and forms of party discipline (Quy định 69-QĐ/TW Điều 7; Quy định 296-QĐ/TW)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dangvien.audit.choices import AuditAction


class Subject(models.TextChoices):
    MEMBER = "member", _("Party member")
    ORGANIZATION = "organization", _("Party organization")


class Form(models.TextChoices):
    """The forms of discipline; the member forms are also decision kinds of ``competence``."""

    REPRIMAND = "reprimand", pgettext_lazy("discipline form", "Reprimand")
    WARNING = "warning", pgettext_lazy("discipline form", "Warning")
    DISMISSAL = "dismissal", pgettext_lazy("discipline form", "Dismissal from a post")
    EXPULSION = "expulsion", pgettext_lazy("discipline form", "Expulsion")
    DISSOLUTION = "dissolution", pgettext_lazy("discipline form", "Dissolution")


class CaseStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("discipline case", "Open")
    PROPOSED = "proposed", _("Proposed to the competent body")
    DECIDED = "decided", _("Decided")


# The audit action of a read of a case file (the audit log keeps it as text).
READ = AuditAction.READ.value  # the audit log's own action for a read of a sensitive file


class ProgrammeKind(models.TextChoices):
    """Kinds of inspection and supervision (Quy định 296-QĐ/TW)."""

    REGULAR_SUPERVISION = "regular_supervision", _("Regular supervision")
    THEMATIC_SUPERVISION = "thematic_supervision", _("Thematic supervision")
    INSPECTION_SIGNS = "inspection_signs", _("Inspection when there are signs of violation")
    INSPECTION_TASKS = "inspection_tasks", _("Inspection of the execution of tasks")
    INSPECTION_DISCIPLINE = "inspection_discipline", _("Inspection of the execution of discipline")
