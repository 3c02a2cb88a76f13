"""Kinds of decision and the levels that propose and decide them."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DecisionKind(models.TextChoices):
    """Every change of a member's standing that a competent body decides (§2, §11)."""

    ADMISSION = "admission", _("Admission")
    OVER_AGE_ADMISSION = "over_age_admission", _("Admission above the age limit")
    RECOGNITION = "recognition", _("Recognition as an official member")
    PROBATIONARY_REMOVAL = "probationary_removal", _("Removal of a probationary member")
    REMOVAL = "removal", _("Removal from the list of members")
    RESIGNATION = "resignation", _("Leaving the party on request")
    EXPULSION = "expulsion", _("Expulsion")
    REPRIMAND = "reprimand", _("Reprimand")
    # a context of its own: "Warning" elsewhere is a notice (cảnh báo), here the form of
    # discipline (cảnh cáo)
    WARNING = "warning", pgettext_lazy("discipline form", "Warning")
    DISMISSAL = "dismissal", _("Dismissal from a post")
    READMISSION = "readmission", _("Re-admission")
    CARD_ISSUE = "card_issue", _("Issue of the party card")
    BADGE_AWARD = "badge_award", _("Award of the party badge")
    EXEMPTION = "exemption", _("Exemption from activities")
    TRANSFER_INTRODUCTION = "transfer_introduction", _("Introduction of an official transfer")


class Level(models.TextChoices):
    """A body named relative to the member's organization on the day."""

    CELL = "cell", _("the member's cell")
    GRASSROOTS = "grassroots", _("the grassroots party organization")
    ABOVE_GRASSROOTS = (
        "above_grassroots",
        _("the standing committee directly above the grassroots organization"),
    )
    PROVINCIAL = "provincial", _("the party committee directly under the Centre")
