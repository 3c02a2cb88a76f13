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


# Vietnamese collation (the order of Vietnamese dictionaries, as ICU's "vi" tailoring sorts):
# a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y (f j w z where Latin puts them);
# letters first, the tone only when the letters tie: none, huyền, hỏi, ngã, sắc, nặng; then
# lower case before upper case. Runs of digits compare as numbers ("ấp 2" before "ấp 10").
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_MODIFIED = {
    ("a", "\u0306"): "ă",
    ("a", "\u0302"): "â",
    ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ",
    ("u", "\u031b"): "ư",
}
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_RANK = {letter: 100 + i for i, letter in enumerate(_ALPHABET)}
_SPACE, _DIGITS, _OTHER = 1, 2, 1000

VnKey = tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...], str]


def vn_sort_key(text: str) -> VnKey:
    """A key that sorts ``text`` in Vietnamese dictionary order (see above).

    >>> sorted(["Đức", "Dung", "Ánh", "An", "Bình"], key=vn_sort_key)
    ['An', 'Ánh', 'Bình', 'Dung', 'Đức']
    """
    primary: list[int] = []
    tones: list[int] = []
    cases: list[int] = []
    decomposed = unicodedata.normalize("NFD", " ".join(text.split()))
    i, n = 0, len(decomposed)
    while i < n:
        ch = decomposed[i]
        i += 1
        if ch.isdecimal():
            start = i - 1
            while i < n and decomposed[i].isdecimal():
                i += 1
            primary += [_DIGITS, int(decomposed[start:i])]
            continue
        marks = []
        while i < n and unicodedata.category(decomposed[i]) == "Mn":
            marks.append(decomposed[i])
            i += 1
        lower = ch.lower()
        tone = 0
        for mark in marks:
            if (lower, mark) in _MODIFIED:
                lower = _MODIFIED[(lower, mark)]
            elif mark in _TONES:
                tone = _TONES[mark]
        if lower.isspace():
            primary.append(_SPACE)
        elif lower in _RANK:
            primary.append(_RANK[lower])
            tones.append(tone)
            cases.append(0 if ch == ch.lower() else 1)
        elif lower.isalnum():
            primary.append(_OTHER + ord(lower))
            tones.append(tone)
            cases.append(0 if ch == ch.lower() else 1)
        # punctuation is ignored at the first level, as ICU does by default
    return tuple(primary), tuple(tones), tuple(cases), text


def person_sort_key(full_name: str) -> tuple[VnKey, VnKey, VnKey]:
    """Vietnamese list order of people: the given name (tên, the last word), then the family
    name (họ, the first word), then the middle names; each in Vietnamese collation.

    >>> sorted(["Trần Văn Bình", "Nguyễn Thị An", "Lê An"], key=person_sort_key)
    ['Lê An', 'Nguyễn Thị An', 'Trần Văn Bình']
    """
    words = full_name.split()
    if not words:
        return vn_sort_key(""), vn_sort_key(""), vn_sort_key("")
    given, family = words[-1], words[0] if len(words) > 1 else ""
    return vn_sort_key(given), vn_sort_key(family), vn_sort_key(" ".join(words[1:-1]))


# ``person_list_key`` as text, for the database to sort by (``ORDER BY`` on a stored column):
# each number of the key's first three levels in an order-keeping hexadecimal form, each level
# ended by a mark lower than any number, so that comparing the strings compares the keys. Only
# 0-9 and a-f are used: every collation a database may have sorts them as ASCII does.
LIST_KEY_LENGTH = 255
_SHORT = 0xF0  # values below in two hex digits ("01".."ef"); above, "f" and six digits


def _hex_level(values: tuple[int, ...], width: int) -> str:
    if width == 1:  # tones (0-5) and cases (0-1): one digit each, shifted past the end mark
        return "".join(f"{v + 1:x}" for v in values) + "0"
    parts = []
    for value in values:
        v = min(value + 1, 0xFFFFFF)
        parts.append(f"{v:02x}" if v < _SHORT else f"f{v:06x}")
    return "".join(parts) + "00"


def person_list_key(full_name: str) -> str:
    """``person_sort_key`` as a string that sorts the same way (the last level, the text as
    written, is left out: names equal but for it are ordered by the caller's next column).

    Stored on the member (``Member.list_key``) so that lists are ordered and paged in the
    database; cut at ``LIST_KEY_LENGTH`` characters (a name of some 60 letters or more), which
    keeps the order of every name shorter than that."""
    parts = []
    for key in person_sort_key(full_name):
        primary, tones, cases, _text = key
        parts += [_hex_level(primary, 2), _hex_level(tones, 1), _hex_level(cases, 1)]
    return "".join(parts)[:LIST_KEY_LENGTH]


def compact(text: str) -> int | str:
    """``text`` as a smaller object to hold by the million (a dict's or set's key), equal to
    another's exactly when the texts are equal: ASCII digits (a citizen ID) as their number
    tagged with their count, so that leading zeros count; other ASCII text of up to 15
    characters as the negative of the number its bytes spell after a marker byte; any other
    text unchanged (an int never equals a str). A 12-digit ID takes 32 bytes instead of 61, a
    key "DV00000001" 40 instead of 59."""
    if text.isascii():
        if text.isdigit() and len(text) <= 18:
            return int(text) << 5 | len(text)
        if len(text) <= 15:
            return -int.from_bytes(b"\x01" + text.encode("ascii"), "big")
    return text
