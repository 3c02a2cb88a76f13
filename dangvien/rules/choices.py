from django.db import models
from django.utils.translation import gettext_lazy as _


class Confidence(models.TextChoices):
    CONFIRMED = "confirmed", _("confirmed")
    PARTIAL = "partial", _("partial")
    UNCONFIRMED = "unconfirmed", _("unconfirmed")


class Unit(models.TextChoices):
    MEMBERS = "members", _("members")
    MONTHS = "months", _("months")
    YEARS = "years", _("years")
    WORKING_DAYS = "working_days", _("working days")
    DAYS = "days", _("days")  # calendar days (a deadline counted on every day, e.g. 296-QĐ/TW)
    FRACTION = "fraction", _("fraction")
    PERCENT = "percent", _("percent")
    COUNT = "count", _("count")
    LIST = "list", _("list")
    MAPPING = "mapping", _("mapping")
    DATES = "dates", _("dates (MM-DD)")
