"""Single requests of the pages people use most, on two servers side by side (issue 19).

    .venv/bin/python bench/pages.py --plan /tmp/dangvien-load/plan.json \\
        --hosts http://127.0.0.1:8108,http://127.0.0.1:8107 --runs 3

The plan is the one ``bench/load.py`` writes (the log-ins of three scopes and their pages).
For each scope, each page, each server in turn (the code before and after a change, on the
same database): the first request after logging in, then the median of ``--runs`` more. A
Markdown row per page: "first / median" per server, or the status when it is not 200. One
client, one request at a time: what a page costs alone, without queueing.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import time
from pathlib import Path

import requests

PAGES = [
    "home",
    "inbox",
    "tree",
    "organization",
    "member list",
    "member search",
    "member",
    "statistics",
    "dashboard",
]


def _login(host: str, username: str, password: str) -> requests.Session:
    session = requests.Session()
    form = session.get(host + "/login/").text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
    assert token, "no log-in form"
    session.post(
        host + "/login/",
        {"username": username, "password": password, "csrfmiddlewaretoken": token[1]},
        headers={"Referer": host + "/login/"},
    )
    return session


def _timed(session: requests.Session, url: str) -> tuple[int, float]:
    started = time.perf_counter()
    response = session.get(url, timeout=600)
    return response.status_code, (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--plan", required=True)
    parser.add_argument("--hosts", required=True, help="servers, comma separated (loopback)")
    parser.add_argument("--scopes", default="commune,province,whole tree")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    hosts = args.hosts.split(",")
    if not all(h.startswith(("http://127.", "http://localhost")) for h in hosts):
        parser.error("--hosts: loopback only")
    plan = json.loads(Path(args.plan).read_text(encoding="utf-8"))
    print("| scope | page | " + " | ".join(hosts) + " |")
    print("|---|---|" + "---:|" * len(hosts))
    for scope in plan["scopes"]:
        if scope["label"] not in args.scopes.split(","):
            continue
        sessions = {host: _login(host, scope["username"], plan["password"]) for host in hosts}
        for page in PAGES:
            url = scope["pages"].get(page)
            if url is None:
                continue
            url = url if isinstance(url, str) else url[0]
            cells = []
            for host in hosts:
                status, first = _timed(sessions[host], host + url)
                if status != 200:
                    cells.append(str(status))
                    continue
                times = [_timed(sessions[host], host + url)[1] for _ in range(args.runs)]
                cells.append(f"{first:.0f} / {statistics.median(times):.0f} ms")
            print(f"| {scope['label']} | {page} | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
