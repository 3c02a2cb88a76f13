"""`dangvien rebuild_member_periods [--verify]`: replay every ledger and check/rewrite periods."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dangvien.members.services import rebuild_member_periods


class Command(BaseCommand):
    help = "Rebuild membership periods from the event ledger (or, with --verify, only compare)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--verify", action="store_true", help="compare only; exit 1 on any difference"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = rebuild_member_periods(verify_only=options["verify"])
        self.stdout.write(
            f"{result['checked']} members checked, {result['differing']} differing, "
            f"{result['orphaned']} periods in organizations that do not exist on their dates."
        )
        problems = []
        if options["verify"] and result["differing"]:
            problems.append("stored periods differ from the ledger")
        if result["orphaned"]:
            # a rebuild does not mend these: the ledger itself names an organization that
            # did not exist on those days
            problems.append("periods in organizations that do not exist on their dates")
        if problems:
            raise CommandError("; ".join(problems))
