"""`dangvien export PATH [--org CODE]`: write the database (or one subtree) as a bundle."""

import shutil
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from dangvien.audit.services import AuditAction, record
from dangvien.interchange.exporter import export_bundle
from dangvien.interchange.sections import ExportContext, ExportFailed
from dangvien.users.services import system_actor


class Command(BaseCommand):
    help = "Export the whole database (or --org CODE: one subtree) as a bundle folder or .zip."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="a folder, or a file name ending in .zip")
        parser.add_argument("--org", help="code of the subtree's root")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            self._export(Path(options["path"]), options["org"])

    def _export(self, target: Path, scope: str | None) -> None:
        try:
            if target.suffix.lower() == ".zip":
                with tempfile.TemporaryDirectory() as tmp:
                    context = export_bundle(Path(tmp) / "bundle", scope=scope)
                    shutil.make_archive(str(target.with_suffix("")), "zip", Path(tmp) / "bundle")
            else:
                context = export_bundle(target, scope=scope)
        except ExportFailed as error:
            raise CommandError(str(error)) from None
        summary = _summary(context)
        record(
            actor=system_actor(),
            action=AuditAction.EXPORT,
            object_repr=f"export {target.name}",
            organization_path=context.scope_path,
            message=f"export {summary}",
        )
        self.stdout.write(
            _("Exported %(path)s: %(summary)s") % {"path": target, "summary": summary}
        )


def _summary(context: ExportContext) -> str:
    return ", ".join(f"{name}={count}" for name, count in context.counts.items())
