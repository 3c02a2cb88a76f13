"""The Vietnamese catalog is complete: no empty and no fuzzy entry."""

from pathlib import Path

import pytest
from django.conf import settings

PO = Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES" / "django.po"
# Every app keeps its own catalog (dangvien/<app>/locale/…): an app brings its translations
# with it; the project catalog holds only the base templates'. Django merges them all.
APP_CATALOGS = sorted(Path(settings.BASE_DIR).glob("dangvien/*/locale/vi/LC_MESSAGES/django.po"))


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


@pytest.mark.parametrize(
    "catalog", [PO, *APP_CATALOGS], ids=lambda p: str(p.parent.parent.parent.parent.name)
)
def test_vi_catalog_has_no_untranslated_or_fuzzy_entries(catalog):
    items = [e for e in entries(catalog.read_text(encoding="utf-8")) if e.get("msgid")]
    assert len(items) > 0
    fuzzy = [e["msgid"] for e in items if "fuzzy" in e.get("flags", "")]
    empty = [e["msgid"] for e in items if not e.get("msgstr", e.get("msgstr[0]", ""))]
    assert fuzzy == []
    assert empty == []
    assert catalog.with_suffix(".mo").exists()


@pytest.mark.parametrize(
    "catalog", [PO, *APP_CATALOGS], ids=lambda p: str(p.parent.parent.parent.parent.name)
)
def test_no_translation_is_written_twice_over(catalog):
    # a translation pasted twice ("… Điều 7).Không khai trừ … Điều 7).") reads as a stutter
    items = [e for e in entries(catalog.read_text(encoding="utf-8")) if e.get("msgid")]
    doubled = [
        e["msgid"]
        for e in items
        if len(text := e.get("msgstr", "")) > 20 and text[: len(text) // 2] * 2 == text
    ]
    assert doubled == []


def test_our_translations_are_the_ones_shown():
    """gettext keeps one translation per msgid, from the first installed app that has it, and
    Django's own apps come first (admin: "History" → "Bản ghi nhớ", "Change" → "Thay đổi"):
    every msgid of ours must come out as one of our translations, else it needs a context."""
    from django.utils import translation

    ours: dict[str, set[str]] = {}
    for catalog in [PO, *APP_CATALOGS]:
        for e in entries(catalog.read_text(encoding="utf-8")):
            if e.get("msgid") and "msgctxt" not in e and "msgid_plural" not in e:
                ours.setdefault(e["msgid"], set()).add(e.get("msgstr", "").replace('\\"', '"'))
    with translation.override("vi"):
        shown_elsewhere = {
            msgid: translation.gettext(msgid)
            for msgid, translations in ours.items()
            if "\\" not in msgid and translation.gettext(msgid) not in translations
        }
    assert shown_elsewhere == {}
