"""`dangvien backup PATH`: a consistent copy of the whole database."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dangvien.audit.backups import BackupError, backup
from dangvien.audit.selectors import audit_chain_verdict


class Command(BaseCommand):
    help = (
        "Write a consistent copy of the whole database to PATH while it stays in use "
        "(SQLite: online backup; PostgreSQL: pg_dump custom format)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        verdict = audit_chain_verdict()
        try:
            backup(path)
        except BackupError as error:
            raise CommandError(f"sao lưu thất bại / backup failed: {error}") from None
        state = "intact" if verdict.ok else f"BROKEN ({verdict.broken})"
        self.stdout.write(
            f"đã sao lưu / backed up to {path} ({path.stat().st_size} bytes); "
            f"audit chain {state}: {verdict.rows} rows, last hash {verdict.last_hash}"
        )
