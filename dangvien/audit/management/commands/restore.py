"""`dangvien restore PATH --yes`: replace the whole database by a backup, then check the
audit chain."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dangvien.audit.backups import BackupError, restore
from dangvien.audit.selectors import audit_chain_verdict


class Command(BaseCommand):
    help = (
        "Replace the whole database by the backup at PATH (everything written since is lost), "
        "then check the audit chain. Needs --yes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")
        parser.add_argument(
            "--yes", action="store_true", help="confirm that the database is to be replaced"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["yes"]:
            raise CommandError(
                "khôi phục sẽ thay toàn bộ dữ liệu / a restore replaces the whole database: "
                "add --yes"
            )
        path = Path(options["path"])
        try:
            restore(path)
        except BackupError as error:
            raise CommandError(f"khôi phục thất bại / restore failed: {error}") from None
        verdict = audit_chain_verdict()
        if verdict.broken is not None:
            raise CommandError(
                f"đã khôi phục nhưng nhật ký bị sửa đổi / restored, but the audit chain is broken "
                f"at row {verdict.broken.row_id}: {verdict.broken.reason}"
            )
        self.stdout.write(
            f"đã khôi phục / restored from {path}; audit chain intact: {verdict.rows} rows, "
            f"last hash {verdict.last_hash}"
        )
