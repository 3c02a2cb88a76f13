"""Migration operations for what only PostgreSQL has (trigram and text-search indexes,
triggers): SQLite, the embedded default, skips them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import migrations


def postgresql_only(forward: Sequence[str], backward: Sequence[str]) -> migrations.RunPython:
    """An operation running the ``forward`` statements on PostgreSQL (``backward`` when the
    migration is reversed), nothing on another database."""

    def run(statements: Sequence[str]) -> Any:
        def operation(apps: Any, schema_editor: Any) -> None:
            if schema_editor.connection.vendor == "postgresql":
                for statement in statements:
                    schema_editor.execute(statement)

        return operation

    return migrations.RunPython(run(forward), run(backward))
