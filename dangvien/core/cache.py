"""The keys of the cache carry the release of the code that wrote them.

What the cache keeps until the next change of the data (``audit.selectors.cached_until_write``)
includes rendered HTML and pickled objects of our classes. After an upgrade, a value written
by the old code (an old template's list items, an object of a class that has changed) must not
be read by the new one: it would show the old page for up to the entry's lifetime, or fail to
unpickle. The release is a digest of the code's sources (Python and templates), the same on
every machine that runs the same code, so a cache shared by machines (Redis) stays shared.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from django.core.cache.backends.filebased import FileBasedCache

_SOURCES = (".py", ".html")


def sources_digest(folders: Iterable[Path]) -> str:
    """A digest of the Python and template files under ``folders`` (tests left out), by their
    paths relative to each folder and their contents."""
    digest = hashlib.blake2b(digest_size=6)
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.suffix in _SOURCES and "tests" not in path.relative_to(folder).parts:
                digest.update(str(path.relative_to(folder)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


@cache
def release() -> str:
    """The digest of this installation's code: the ``dangvien`` package and the project's
    templates and settings (read once per process, on the first use of the cache: ~50 ms)."""
    import dangvien

    package = Path(dangvien.__file__).resolve().parent
    project = package.parent
    return sources_digest([package, project / "templates", project / "config"])


def make_key(key: str, key_prefix: str, version: int) -> str:
    """Django's key (prefix, version, key) with the release of the code between."""
    return f"{key_prefix}:{version}:{release()}:{key}"


class FileCache(FileBasedCache):
    """Django's file cache, whose every ``set`` listed the whole folder to decide whether to
    cull (13–22 ms at 13 000–20 000 files: a kept value's first write after each change of the
    data paid it). Here each cache object (one per worker thread) lists it at most once every
    ``CULL_SECONDS``; between, the folder may pass ``MAX_ENTRIES`` by what the workers write
    in that time."""

    CULL_SECONDS = 30.0
    _last_cull = float("-inf")

    def _cull(self) -> None:
        now = time.monotonic()
        if now - self._last_cull < self.CULL_SECONDS:
            return
        self._last_cull = now
        super()._cull()  # type: ignore[misc]  # (django-stubs do not declare it)
