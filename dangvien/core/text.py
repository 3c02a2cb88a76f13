"""Text helpers: Vietnamese-aware folding for search that ignores diacritics and case."""

import unicodedata

_SPECIAL = str.maketrans({"đ": "d", "Đ": "d"})


def fold(text: str) -> str:
    """Lower-case ``text`` and strip Vietnamese diacritics, so "Nguyễn Đức" → "nguyen duc".

    đ/Đ are letters of their own in Unicode (no decomposition), so they are mapped explicitly.
    Whitespace runs collapse to one space.
    """
    decomposed = unicodedata.normalize("NFD", text.translate(_SPECIAL))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())


def sort_key(text: str) -> tuple[str, str]:
    """Sort Vietnamese names in dictionary order ("Đồng Tháp" before "Tiền Giang")."""
    return fold(text), text
