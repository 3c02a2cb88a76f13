"""`dangvien import PATH`: load a bundle (folder, .zip or .xlsx), all or nothing."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from dangvien.interchange.importer import ImportFailed, import_bundle
from dangvien.interchange.progress import TerminalProgress
from dangvien.users.services import system_actor


class Command(BaseCommand):
    help = "Import a bundle (folder, .zip of it, or one .xlsx workbook with a sheet per file)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")
        parser.add_argument(
            "--dry-run", action="store_true", help="check and report, write nothing"
        )
        parser.add_argument(
            "--record-deviations",
            action="store_true",
            help=(
                "historic data: record a row that deviates from a rule as given (e.g. an "
                "official date off the end of probation) and flag it as a data-quality finding "
                "instead of refusing the import"
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # problems and messages in the users' language (commands run with translations off)
        with translation.override(settings.LANGUAGE_CODE):
            self._import(
                Path(options["path"]),
                dry_run=options["dry_run"],
                verbosity=options["verbosity"],
                record_deviations=options["record_deviations"],
            )

    def _import(
        self, path: Path, *, dry_run: bool, verbosity: int, record_deviations: bool = False
    ) -> None:
        progress = TerminalProgress()
        try:
            # The command's actor is made in the import's transaction: a refused import or a
            # dry run leaves no system user behind (issue 13, defect 10).
            with transaction.atomic():
                result = import_bundle(
                    path,
                    actor=system_actor(),
                    dry_run=dry_run,
                    progress=progress,
                    record_deviations=record_deviations,
                )
                if dry_run:
                    transaction.set_rollback(True)
        except ImportFailed as failure:
            progress.close()
            for problem in failure.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                _("%(count)s problem(s), nothing was imported") % {"count": len(failure.problems)}
            ) from None
        progress.close()
        if verbosity >= 2:
            # read by bench/run.py: "Thời gian (giây): members 12.3, …"
            self.stderr.write(
                _("Seconds per stage: %(stages)s")
                % {
                    "stages": ", ".join(
                        f"{stage} {seconds:.1f}" for stage, seconds in result.timings.items()
                    )
                }
            )
        for deviation in result.deviations:
            self.stderr.write(
                _("%(file)s:%(line)s: %(column)s: recorded as given: %(message)s")
                % {
                    "file": deviation.file,
                    "line": deviation.line,
                    "column": deviation.column,
                    "message": deviation.message,
                }
            )
        if result.deviations:
            self.stderr.write(
                (
                    _("%(count)s row(s) deviate from a rule (they would be recorded as given)")
                    if dry_run
                    else _(
                        "%(count)s row(s) deviate from a rule: recorded as given, each flagged "
                        "as a data-quality finding"
                    )
                )
                % {"count": len(result.deviations)}
            )
        summary = ", ".join(f"{key}={value}" for key, value in result.as_dict().items())
        self.stdout.write(
            (_("Checked (dry run): %(summary)s") if dry_run else _("Imported: %(summary)s"))
            % {"summary": summary}
        )
