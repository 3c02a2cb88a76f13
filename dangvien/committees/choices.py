from django.db import models
from django.utils.translation import gettext_lazy as _


class Post(models.TextChoices):
    SECRETARY = "secretary", _("Secretary")
    DEPUTY_SECRETARY = "deputy_secretary", _("Deputy secretary")
    STANDING_MEMBER = "standing_member", _("Standing committee member")
    MEMBER = "member", _("Committee member")
