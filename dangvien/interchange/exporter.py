"""Writing the database (or one subtree) as a bundle that ``import`` reads back.

Each registered section writes its own files, in section order (the organizations section
first: it resolves the scope, the code of the subtree's root, for the others).
"""

from __future__ import annotations

from pathlib import Path

from dangvien.interchange.sections import ExportContext, sections


def export_bundle(folder: Path | str, *, scope: str | None = None) -> ExportContext:
    """Write the bundle files into ``folder`` (created if needed) for the whole database or the
    subtree rooted at the organization coded ``scope``; the context holds the rows per file.
    Raises ``ExportFailed`` when the export cannot be made."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    context = ExportContext(folder=folder, scope=scope)
    for section in sections:
        section.export(context)
    return context
