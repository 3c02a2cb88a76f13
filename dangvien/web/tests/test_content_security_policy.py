"""A Content-Security-Policy on every response (issue 13, defect 10), and templates that need
nothing it forbids: no inline script, no ``hx-on`` (evaluated code), no ``javascript:`` URL."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import engines

pytestmark = pytest.mark.django_db

INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE), "inline <script>"),
    (re.compile(r"\bhx-on[:-]", re.IGNORECASE), "hx-on attribute (needs eval)"),
    (re.compile(r"\son[a-z]+\s*=", re.IGNORECASE), "event handler attribute"),
    (re.compile(r"javascript:", re.IGNORECASE), "javascript: URL"),
]


def _policy(response):
    return dict(
        part.strip().split(" ", 1)
        for part in response["Content-Security-Policy"].split(";")
        if part.strip()
    )


@pytest.mark.parametrize(("_case", "path"), [("page", "/login/"), ("api", "/api/auth/token/")])
def test_every_response_carries_the_policy(client, _case, path):
    policy = _policy(client.get(path))
    assert policy["script-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"


def test_the_api_docs_load_their_script_from_a_file(client, make_actor):
    client.force_login(make_actor())
    page = client.get("/api/docs/").content.decode()
    assert not INLINE[0][0].search(page), page


def test_no_template_needs_what_the_policy_forbids():
    folders = {Path(folder) for folder in settings.TEMPLATES[0]["DIRS"]}
    for loader in engines["django"].engine.template_loaders:
        folders.update(Path(d) for d in getattr(loader, "get_dirs", list)())
    root = Path(settings.BASE_DIR)
    templates = [
        path
        for folder in folders
        if root in folder.resolve().parents or folder.resolve() == root
        for path in folder.rglob("*.html")
        if ".venv" not in path.parts
    ]
    assert len(templates) > 20
    found = [
        f"{path.relative_to(root)}: {what}"
        for path in templates
        for pattern, what in INLINE
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert found == []
