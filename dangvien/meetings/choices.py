from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingKind(models.TextChoices):
    REGULAR = "regular", _("Regular meeting")
    THEMATIC = "thematic", _("Thematic meeting")
    COMMITTEE = "committee", _("Committee meeting")
    OTHER = "other", _("Other meeting")


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    EXCUSED = "excused", _("Absent with reason")
    UNEXCUSED = "unexcused", _("Absent without reason")


class DocumentKind(models.TextChoices):
    AGENDA = "agenda", _("Agenda")
    DRAFT_RESOLUTION = "draft_resolution", _("Draft resolution")
    MINUTES = "minutes", _("Minutes")
    RESOLUTION = "resolution", _("Resolution")
    OTHER = "other", _("Other document")


#: The kinds whose attendance the statistics' ``attendance_percent`` counts (§4).
PARTY_LIFE_KINDS = (MeetingKind.REGULAR, MeetingKind.THEMATIC)
