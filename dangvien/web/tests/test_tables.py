"""Wide tables scroll sideways inside a wrapper on a phone (``static/css/dangvien.css``:
``.table-scroll``, or ``.scroll``, the older name), never the page; a table without one was
clipped at 390 px with no way to see its last columns."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

BASE = Path(settings.BASE_DIR)
TEMPLATES = sorted(
    [*BASE.glob("dangvien/*/templates/**/*.html"), *BASE.glob("templates/**/*.html")]
)
WRAPPER = re.compile(r'<div class="(?:table-scroll|scroll)">\s*$')
TABLE = re.compile(r'<table class="table[ "]')


def _unwrapped(text: str) -> list[int]:
    """The offsets of the page tables not directly inside a scrolling wrapper."""
    return [m.start() for m in TABLE.finditer(text) if not WRAPPER.search(text[: m.start()])]


def test_every_table_of_the_pages_sits_in_a_scrolling_wrapper():
    missing = []
    texts = {path: path.read_text() for path in TEMPLATES}
    for path, text in texts.items():
        if not _unwrapped(text):
            continue
        # a partial that is only a table may be wrapped where it is included
        name = path.as_posix().split("/templates/", 1)[1]
        sites = [
            text_
            for text_ in texts.values()
            if re.search(rf'{{% include "{re.escape(name)}"', text_)
        ]
        wrapped = sites and all(
            WRAPPER.search(site[: m.start()])
            for site in sites
            for m in re.finditer(rf'{{% include "{re.escape(name)}"', site)
        )
        if not wrapped:
            missing.append(str(path.relative_to(BASE)))
    assert TEMPLATES and missing == []


def test_the_stylesheet_scrolls_the_wrappers_and_not_the_page():
    css = (BASE / "static" / "css" / "dangvien.css").read_text()
    rule = re.search(r"\.table-scroll, \.scroll \{([^}]*)\}", css)
    assert rule is not None and "overflow-x: auto" in rule.group(1)
