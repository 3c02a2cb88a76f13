"""The Vietnamese catalog is complete: no empty and no fuzzy entry."""

from pathlib import Path

from django.conf import settings

PO = Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES" / "django.po"


def entries(text: str) -> list[dict[str, str]]:
    """Parse a .po file into entries with flags, msgid and msgstr (continuation lines joined)."""
    result: list[dict[str, str]] = []
    current: dict[str, str] = {}
    key = ""
    for line in [*text.splitlines(), ""]:
        if not line.strip():
            if current:
                result.append(current)
            current, key = {}, ""
        elif line.startswith("#,"):
            current["flags"] = current.get("flags", "") + line[2:]
        elif line.startswith("#"):
            continue
        elif line.startswith("msg"):
            key, _, value = line.partition(" ")
            current[key] = value.strip()[1:-1]
        elif line.startswith('"') and key:
            current[key] += line.strip()[1:-1]
    return result


def test_vi_catalog_has_no_untranslated_or_fuzzy_entries():
    items = [e for e in entries(PO.read_text(encoding="utf-8")) if e.get("msgid")]
    assert len(items) > 100
    fuzzy = [e["msgid"] for e in items if "fuzzy" in e.get("flags", "")]
    empty = [e["msgid"] for e in items if not e.get("msgstr", e.get("msgstr[0]", ""))]
    assert fuzzy == []
    assert empty == []
    assert PO.with_suffix(".mo").exists()
