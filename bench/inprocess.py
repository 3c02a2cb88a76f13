"""The pages of one scope timed inside one process, without a server (issue 19).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/NAME .venv/bin/python bench/inprocess.py \\
        --plan /tmp/scale/plan-national/plan.json --scope province --runs 3 [--root /tmp/before]

The plan is the one ``bench/load.py`` writes (its log-ins and each scope's pages). Logs in as
the scope's user with ``django.test.Client`` and opens the first page of each kind in the plan:
the first request, then the median of ``--runs`` more; the production settings
(``config.settings.base``), no profiler. ``--root`` runs another checkout of the code (a
``git worktree`` of an older commit) with the same virtual environment, for a before/after on
the same database. Prints one JSON line: the code's root, the scope, and per page
``[first ms, median ms, least processor ms]`` (the wall time of the first request, the median
wall time of the others, and the least processor time of this process among the others: the
Python side alone, steadier than the wall time on a shared machine).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from timing import in_process_checkout

PAGES = "home,tree,organization,member list,member search,member,statistics"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--plan", required=True)
    parser.add_argument("--scope", required=True, help="whole tree, province or commune")
    parser.add_argument("--pages", default=PAGES)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--root", default=str(Path(__file__).resolve().parent.parent))
    args = parser.parse_args()

    in_process_checkout(args.root)
    from django.test import Client

    plan = json.loads(Path(args.plan).read_text())
    scope = next(s for s in plan["scopes"] if s["label"] == args.scope)
    client = Client()
    client.post("/login/", {"username": scope["username"], "password": plan["password"]})
    timings: dict[str, tuple[float, float, float]] = {}
    for page in args.pages.split(","):
        urls = scope["pages"][page]
        url = urls[0] if isinstance(urls, list) else urls
        times = []
        processor = []
        for _ in range(args.runs + 1):
            started, used = time.perf_counter(), time.process_time()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            processor.append((time.process_time() - used) * 1000)
            if response.status_code != 200:
                sys.exit(f"{page} ({url}): {response.status_code}")
        timings[page] = (times[0], statistics.median(times[1:]), min(processor[1:]))
    print(json.dumps({"root": args.root, "scope": args.scope, "pages": timings}))


if __name__ == "__main__":
    main()
