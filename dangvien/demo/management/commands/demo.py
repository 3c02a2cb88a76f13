"""`dangvien demo`: load the built-in demonstration data set."""

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from dangvien.demo.runner import load_demo


class Command(BaseCommand):
    help = "Load the built-in demonstration data set (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            summary = load_demo()
        if summary["created"]:
            self.stdout.write(
                f"Demo data loaded: {summary['organizations']} organizations, {summary['members']} members."
            )
        else:
            self.stdout.write(
                f"Demo data already present ({summary['organizations']} organizations)."
            )
