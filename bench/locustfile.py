"""Locust users for ``bench/load.py`` (read that file first; this one is run by locust).

Each simulated user logs in as one of the scopes prepared by ``load.py`` (the JSON file named
by ``DANGVIEN_LOAD_PLAN``) and then opens the pages people use most, weighted as in the plan,
each page of its own scope. Requests are named by page, not by URL, so that the figures group.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
from pathlib import Path

from locust import FastHttpUser, between, task

PLAN = json.loads(Path(os.environ["DANGVIEN_LOAD_PLAN"]).read_text(encoding="utf-8"))
_scopes = itertools.cycle(PLAN["scopes"])
_numbers = itertools.count()
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Officer(FastHttpUser):
    # locust's lighter client (geventhttpclient): the load generator shares the machine's two
    # processors with the server and the database (measured at 1 million members, commune pages:
    # 1.2 ms of processor a request instead of 1.7 ms with the requests-based HttpUser)
    wait_time = between(PLAN.get("think_min", 0.0), PLAN.get("think_max", 0.0))

    def on_start(self) -> None:
        self.scope = next(_scopes)
        # each simulated user its own sequence of pages (repeatable from run to run)
        self.rng = random.Random(f"{self.scope['username']}-{next(_numbers)}")
        # three tries: a log-in that fails is counted under "login" (concurrent log-ins of one
        # name from one address deadlocked in the log-in throttle until 2026-12-04)
        for _attempt in range(3):
            page = self.client.get("/login/", name="login form")
            token = CSRF.search(page.text)
            response = self.client.post(
                "/login/",
                {
                    "username": self.scope["username"],
                    "password": PLAN["password"],
                    "csrfmiddlewaretoken": token.group(1) if token else "",
                },
                headers={"Referer": self.host + "/login/"},
                name="login",
                allow_redirects=False,
            )
            if response.status_code == 302:
                break
        if response.status_code != 302:
            raise RuntimeError(
                f"log-in of {self.scope['username']} refused: {response.status_code}"
            )
        weights = PLAN["weights"]
        self.pages = [name for name in self.scope["pages"] if weights.get(name)]
        self.weights = [weights[name] for name in self.pages]

    @task
    def open_a_page(self) -> None:
        name = self.rng.choices(self.pages, self.weights)[0]
        urls = self.scope["pages"][name]
        url = urls[self.rng.randrange(len(urls))] if isinstance(urls, list) else urls
        with self.client.get(
            url, name=f"{self.scope['label']}: {name}", catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")
