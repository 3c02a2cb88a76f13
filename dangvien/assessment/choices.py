"""The subjects of an assessment and the four levels (Quy định 366-QĐ/TW Điều 11)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Subject(models.TextChoices):
    MEMBER = "member", _("Party member")
    ORGANIZATION = "organization", _("Party organization")


class Level(models.TextChoices):
    """Highest first; the order is used to compare levels."""

    EXCELLENT = "excellent", _("Excellently completed the tasks")
    GOOD = "good", _("Well completed the tasks")
    COMPLETED = "completed", _("Completed the tasks")
    NOT_COMPLETED = "not_completed", _("Did not complete the tasks")


#: Levels from the highest down (the statistics keys keep this order).
LEVELS: tuple[str, ...] = tuple(Level.values)


class Stage(models.TextChoices):
    """The steps before the decision (Hướng dẫn 43-HD/BTCTW: self-assessment, review and
    proposal, decision by the competent level)."""

    SELF = "self", _("Self-assessment")
    PROPOSAL = "proposal", _("Proposal of the cell")


class Form(models.TextChoices):
    """The self-assessment forms of Hướng dẫn 43-HD/BTCTW."""

    FORM_2A = "2A", _("Form 2A: member holding a leadership or management post")
    FORM_2B = "2B", _("Form 2B: member working in the political system")
    FORM_2C = "2C", _("Form 2C: member not working in the political system")
    FORM_01 = "01", _("Form 01: collective of a party organization")
