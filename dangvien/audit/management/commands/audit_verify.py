"""`dangvien audit_verify`: check the hash chain of the audit log."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from dangvien.audit.selectors import audit_chain_verdict


class Command(BaseCommand):
    help = (
        "Check that every audit row follows from the one before it (hash chain) and that the "
        "chain ends where its head says; name the first broken row. Exit status 1 if broken."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        verdict = audit_chain_verdict()
        if verdict.broken is not None:
            where = (
                f"row {verdict.broken.row_id}"
                if verdict.broken.row_id is not None
                else f"after row {verdict.rows}"
            )
            raise CommandError(
                f"nhật ký bị sửa đổi / audit chain broken at {where}: {verdict.broken.reason}"
            )
        self.stdout.write(
            f"nhật ký toàn vẹn / audit chain intact: {verdict.rows} rows, "
            f"last hash {verdict.last_hash}"
        )
