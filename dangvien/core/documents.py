"""The page of a party document in DOCX (Hướng dẫn 36-HD/VPTW): A4, margins 3 cm left and 2 cm
elsewhere, Times New Roman 13 pt. Every DOCX the apps write starts from ``party_document``."""

from __future__ import annotations

from typing import Any


def party_document() -> Any:
    """A new python-docx ``Document`` laid out as a party document."""
    from docx import Document
    from docx.shared import Cm, Pt

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    section.top_margin = section.bottom_margin = Cm(2)
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(13)
    return document
