"""`dangvien stats ORG_CODE --as-of YYYY-MM-DD [--format json|text|xlsx|docx] [--output FILE]
[--combined]`; without ``--as-of``, today."""

import json
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dangvien.core.dates import today
from dangvien.core.exceptions import DomainError
from dangvien.organizations.models import Organization
from dangvien.reports.documents import statistics_document
from dangvien.statistics.history import before_founding, statistics_or_combined
from dangvien.statistics.narrative import statistics_text
from dangvien.statistics.selectors import statistics_for


class Command(BaseCommand):
    help = "Statistics of the subtree rooted at ORG_CODE as it stood at the end of a day."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("org_code")
        parser.add_argument("--as-of", help="YYYY-MM-DD (default: today)")
        parser.add_argument("--format", choices=["json", "text", "xlsx", "docx"], default="json")
        parser.add_argument(
            "--output", help="file to write (default: standard output for json/text)"
        )
        parser.add_argument(
            "--combined",
            action="store_true",
            help="before the organization was founded by a merge: the combined figures of its "
            "predecessors (marked with combined_from)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            on = date.fromisoformat(options["as_of"]) if options["as_of"] else today()
        except ValueError:
            raise CommandError(
                f"ngày không hợp lệ '{options['as_of']}' (expected YYYY-MM-DD)"
            ) from None
        root = Organization.objects.filter(code=options["org_code"]).first()
        if root is None:
            raise CommandError(f"không có tổ chức mã {options['org_code']} (unknown organization)")
        try:
            stats = (
                statistics_or_combined(root, on)
                if options["combined"]
                else statistics_for(root, on)
            )
        except DomainError as error:
            if error.code != "organization_not_existing":
                raise CommandError(str(error)) from None
            # before its founding: say so and name the commands that give the predecessors'
            # figures (one line, as every error of the command)
            refusal = before_founding(root, on)
            commands = [
                f"dangvien stats {predecessor['code']} --as-of {on.isoformat()}"
                for predecessor in refusal.params.get("predecessors", [])
            ]
            if commands and not options["combined"]:
                commands.append(f"dangvien stats {root.code} --as-of {on.isoformat()} --combined")
            message = f"{refusal} — {'; '.join(commands)}" if commands else str(refusal)
            raise CommandError(message) from None
        fmt, output = options["format"], options["output"]
        if fmt in {"json", "text"}:
            text = (
                json.dumps(stats, ensure_ascii=False, indent=2)
                if fmt == "json"
                else statistics_text(stats)
            )
            if output:
                Path(output).write_text(text + "\n", encoding="utf-8")
            else:
                self.stdout.write(text)
            return
        # The documents of a report: the party's document format (DOCX) and the basic
        # statistical forms (XLSX), built from the same figures.
        data = statistics_document(stats, fmt)
        path = Path(output or f"{root.code}-{on.isoformat()}.{fmt}")
        path.write_bytes(data)
        self.stdout.write(str(path))
