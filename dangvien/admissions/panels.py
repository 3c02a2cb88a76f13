"""What the admissions app shows on the member page (registered in ``apps.py``)."""

from __future__ import annotations

from typing import Any

from dangvien.admissions.selectors import member_candidacies
from dangvien.http.registry import PanelContext


def member_admission_files(page: PanelContext) -> dict[str, Any] | None:
    """The admission files this member was admitted (or re-admitted) from, if any."""
    candidates = list(member_candidacies(actor=page.actor, member=page.subject))
    if not candidates:
        return None
    return {"candidates": candidates}
