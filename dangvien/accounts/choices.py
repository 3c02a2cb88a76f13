from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    STAFF = "staff", _("Organization staff")
    CELL_SECRETARY = "cell_secretary", _("Cell secretary")
    VIEWER = "viewer", _("Viewer")
    # the inspection commission (ủy ban kiểm tra) of a committee: reads and writes the
    # sensitive inspection and discipline files of its subtree (``discipline``)
    INSPECTION = "inspection_commission", _("Inspection commission")
