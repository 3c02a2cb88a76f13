"""`dangvien export PATH [--org CODE]`: write the database (or one subtree) as a bundle."""

import shutil
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dangvien.audit.services import AuditAction, record
from dangvien.interchange.exporter import export_bundle
from dangvien.organizations.models import Organization
from dangvien.users.services import system_actor


class Command(BaseCommand):
    help = "Export the whole database (or --org CODE: one subtree) as a bundle folder or .zip."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="a folder, or a file name ending in .zip")
        parser.add_argument("--org", help="code of the subtree's root")

    def handle(self, *args: Any, **options: Any) -> None:
        root = None
        if options["org"]:
            root = Organization.objects.filter(code=options["org"]).first()
            if root is None:
                raise CommandError(f"không có tổ chức mã {options['org']} (unknown organization)")
        target = Path(options["path"])
        if target.suffix.lower() == ".zip":
            with tempfile.TemporaryDirectory() as tmp:
                counts = export_bundle(Path(tmp) / "bundle", root=root)
                shutil.make_archive(str(target.with_suffix("")), "zip", Path(tmp) / "bundle")
        else:
            counts = export_bundle(target, root=root)
        record(
            actor=system_actor(),
            action=AuditAction.EXPORT,
            object_repr=f"export {target.name}",
            organization_path=root.path if root else "",
            message="export " + ", ".join(f"{k}={v}" for k, v in counts.items()),
        )
        self.stdout.write(f"Đã xuất {target}: " + ", ".join(f"{k}={v}" for k, v in counts.items()))
