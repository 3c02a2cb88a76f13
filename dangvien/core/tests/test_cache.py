"""The cache's keys carry the release of the code."""

from __future__ import annotations

from pathlib import Path

from dangvien.core.cache import make_key, release, sources_digest


def _tree(root: Path, template: str) -> Path:
    (root / "app" / "templates").mkdir(parents=True)
    (root / "app" / "tests").mkdir()
    (root / "app" / "views.py").write_text("def view(): ...\n")
    (root / "app" / "templates" / "page.html").write_text(template)
    (root / "app" / "tests" / "test_views.py").write_text("def test(): ...\n")
    return root / "app"


def test_the_release_changes_with_a_template_or_a_module_not_with_tests_or_the_place(tmp_path):
    first = sources_digest([_tree(tmp_path / "a", "<li>{{ name }}</li>")])
    same_code_elsewhere = sources_digest([_tree(tmp_path / "b", "<li>{{ name }}</li>")])
    other_template = sources_digest([_tree(tmp_path / "c", "<li>{{ name }} ({{ code }})</li>")])
    assert first == same_code_elsewhere
    assert first != other_template
    (tmp_path / "a" / "app" / "tests" / "test_views.py").write_text("def test(): assert 1\n")
    assert sources_digest([tmp_path / "a" / "app"]) == first
    (tmp_path / "a" / "app" / "views.py").write_text("def view(): return 1\n")
    assert sources_digest([tmp_path / "a" / "app"]) != first


def test_a_key_holds_the_release_of_this_code():
    assert make_key("tree:1", "", 1) == f":1:{release()}:tree:1"
    assert len(release()) == 12
