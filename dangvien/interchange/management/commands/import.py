"""`dangvien import PATH`: load a bundle (folder, .zip or .xlsx), all or nothing."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dangvien.interchange.importer import ImportFailed, TerminalProgress, import_bundle
from dangvien.users.services import system_actor


class Command(BaseCommand):
    help = "Import a bundle (folder, .zip of it, or one .xlsx workbook with a sheet per file)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")
        parser.add_argument(
            "--dry-run", action="store_true", help="check and report, write nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        progress = TerminalProgress()
        try:
            result = import_bundle(
                path, actor=system_actor(), dry_run=options["dry_run"], progress=progress
            )
        except ImportFailed as failure:
            progress.close()
            for problem in failure.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"{len(failure.problems)} lỗi, không ghi dữ liệu nào (nothing was imported)"
            ) from None
        progress.close()
        if options["verbosity"] >= 2:
            self.stderr.write(
                "Thời gian (giây): "
                + ", ".join(f"{stage} {seconds:.1f}" for stage, seconds in result.timings.items())
            )
        summary = ", ".join(f"{key}={value}" for key, value in result.as_dict().items())
        self.stdout.write(
            ("Kiểm tra xong (dry run): " if options["dry_run"] else "Đã nhập: ") + summary
        )
