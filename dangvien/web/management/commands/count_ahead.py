"""``dangvien count_ahead``: count the large subtrees' kept figures now (after an upgrade, whose
new code reads none of the old values, or where no background worker runs)."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from dangvien.web.ahead import count_ahead


class Command(BaseCommand):
    help = (
        "Count ahead the inbox, tree and dashboard of the readers of a province or more "
        "(what the background worker does after each change)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        counted = count_ahead()
        message = _("Counted ahead for %(readers)d readers and %(organizations)d organizations.")
        self.stdout.write(
            message % {"readers": counted.readers, "organizations": counted.organizations}
        )
