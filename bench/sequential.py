"""One client, one request after another: the latency of single pages (no queueing).

    .venv/bin/python bench/sequential.py --host http://127.0.0.1:8107 --requests 300 \\
        [--user bench-commune --password dangvien-bench-load] /readyz /tree/CODE/children/

Used to measure what a server setting costs per request (persistent database connections:
``DANGVIEN_CONN_MAX_AGE=0`` against ``60``; docs/benchmarks.md). Prints median, p95 and mean
per URL after 20 untimed requests.
"""

from __future__ import annotations

import argparse
import re
import statistics
import time

import requests


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("urls", nargs="+")
    parser.add_argument("--host", default="http://127.0.0.1:8107")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=20, help="untimed requests first")
    parser.add_argument("--user")
    parser.add_argument("--password")
    args = parser.parse_args()
    if not args.host.startswith(("http://127.", "http://localhost")):
        parser.error("--host: loopback only")
    session = requests.Session()
    if args.user:
        form = session.get(args.host + "/login/").text
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
        session.post(
            args.host + "/login/",
            {"username": args.user, "password": args.password, "csrfmiddlewaretoken": token[1]},
            headers={"Referer": args.host + "/login/"},
        )
    for url in args.urls:
        for _ in range(args.warmup):
            session.get(args.host + url)
        times = []
        for _ in range(args.requests):
            started = time.perf_counter()
            response = session.get(args.host + url)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        times.sort()
        print(
            f"{url}: median {statistics.median(times):.1f} ms, "
            f"p95 {times[min(int(len(times) * 0.95), len(times) - 1)]:.1f} ms, "
            f"mean {statistics.fmean(times):.1f} ms"
        )


if __name__ == "__main__":
    main()
