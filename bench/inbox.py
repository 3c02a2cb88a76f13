"""The to-do inbox line by line: each provider of ``http.registry.inbox`` called once for a user,
with its time and number of queries, in one read memo as the inbox's request (see
docs/benchmarks.md, "The to-do inbox of a province").

    DATABASE_URL=... .venv/bin/python bench/inbox.py bench-province
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")


def main(username: str) -> None:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import get_resolver

    from dangvien.core.memo import read_memo
    from dangvien.http.registry import inbox

    get_resolver().url_patterns  # noqa: B018 — load the URL configuration outside the timings
    user = get_user_model().objects.get(username=username)
    total = 0.0
    # the inbox is one GET request: its reads share the request's memo
    with read_memo():
        for key, provider in inbox.items():
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                items = list(provider(user))
                elapsed = time.perf_counter() - started
            total += elapsed
            counts = ", ".join(f"{item.count}" for item in items)
            print(f"{elapsed:7.2f} s {len(queries.captured_queries):5d} queries  {key}  [{counts}]")
    print(f"{total:7.2f} s in all")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "bench-province")
