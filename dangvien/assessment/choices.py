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
