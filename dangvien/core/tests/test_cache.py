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


def test_the_file_cache_lists_its_folder_at_most_once_in_a_while(tmp_path, monkeypatch):
    """Every write listed the whole folder (Django's cull); now once per ``CULL_SECONDS``, and
    it still culls past ``MAX_ENTRIES`` when it lists."""
    from dangvien.core import cache as module
    from dangvien.core.cache import FileCache

    files = FileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 3, "CULL_FREQUENCY": 2}})
    listed: list[int] = []
    original = FileCache._list_cache_files

    def counting(self: FileCache) -> list[str]:
        found = original(self)
        listed.append(len(found))
        return found

    monkeypatch.setattr(FileCache, "_list_cache_files", counting)
    clock = [1000.0]
    monkeypatch.setattr(module.time, "monotonic", lambda: clock[0])

    for n in range(6):
        files.set(f"key{n}", n)
    assert listed == [0]  # the first write listed; the five after it did not
    assert len(list(tmp_path.glob("*.djcache"))) == 6  # past MAX_ENTRIES meanwhile

    clock[0] += FileCache.CULL_SECONDS
    files.set("key6", 6)
    assert listed == [0, 6]
    assert len(list(tmp_path.glob("*.djcache"))) == 4  # half of the six culled, then key6
