"""Member search by name, per scope, the ways the search can go side by side (issue 19).

    .venv/bin/python bench/search.py --database-url postgres://postgres@127.0.0.1:5432/NAME \\
        --bundle /tmp/scale/bundle-5m6 --queries 20 --runs 3

On a database holding a bench bundle: the three log-ins of ``bench/load.py`` (the whole tree,
the large province, its commune) and, for each, ``--queries`` of the name searches the load
benchmark sends for that scope (two words of a member's name in the scope, without
diacritics), drawn with seed 19. Each query is timed through ``members.selectors.
member_search`` (the rows read, as the search page reads them): one untimed call, then the
median of ``--runs``, for each strategy in turn on the same query:

* ``words index``: every scope through the index of the names' words, each match checked
  against the scope (what the search did before the walk: ``NAME_WALK`` and
  ``SMALL_SCOPE_ORGANIZATIONS`` set to 0);
* ``names walked``: a small scope's members listed first, a large scope's names walked in
  order, the words index when the walk ends short (the code before the table of the names'
  words: ``_walk_words`` answering nothing);
* ``chosen``: as the code chooses (a small scope's members listed first, a large scope's
  names through the table of the names' words on PostgreSQL, the walks above otherwise).

``--walks`` adds the names walked with other lengths of the walk (``NAME_WALK``);
``--strategies "names walked,chosen"`` times only those.

Two kinds of query per scope: the load benchmark's two words (common: many matches), and the
folded full name of ``--queries`` members the load benchmark opens (few matches: the walk
may end short). The strategies must find the same members (else the script stops). Prints a
Markdown row per scope, kind and strategy: median, p95 and max over the queries, and the mean
number of rows found.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent))

from load import prepare  # the bench folder is not a package
from timing import timed


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--bundle", required=True, help="the bundle folder (its summary.json)")
    parser.add_argument("--queries", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--walks", default="", help="comma-separated NAME_WALK values to time beside the code's"
    )
    parser.add_argument(
        "--strategies",
        default="",
        help="comma-separated strategies to time (default: all; the words index takes seconds "
        "a call at national size)",
    )
    args = parser.parse_args()

    summary = json.loads((Path(args.bundle) / "summary.json").read_text())
    roots = summary["roots"]
    plan = prepare(
        args.database_url, roots["whole"], roots["province"], roots["commune"], summary["as_of"]
    )
    from dangvien.accounts.models import User
    from dangvien.members import selectors
    from dangvien.members.models import Member

    def no_word_walk(*args: Any) -> None:
        return None

    chosen = {
        "NAME_WALK": selectors.NAME_WALK,
        "SMALL_SCOPE_ORGANIZATIONS": selectors.SMALL_SCOPE_ORGANIZATIONS,
        "_walk_words": selectors._walk_words,
    }
    strategies: dict[str, dict[str, Any]] = {
        "words index": {
            "NAME_WALK": 0,
            "SMALL_SCOPE_ORGANIZATIONS": 0,
            "_walk_words": no_word_walk,
        },
        "names walked": {**chosen, "_walk_words": no_word_walk},
        "chosen": chosen,
    }
    for walk in filter(None, args.walks.split(",")):
        strategies[f"names walked, walk {int(walk):,}"] = {
            **chosen,
            "NAME_WALK": int(walk),
            "_walk_words": no_word_walk,
        }
    if args.strategies:
        wanted = [name.strip() for name in args.strategies.split(",")]
        strategies = {name: strategies[name] for name in wanted}
    rng = random.Random(19)
    print("| scope | query | strategy | queries | median ms | p95 ms | max ms | rows (mean) |")
    print("|---|---|---|---:|---:|---:|---:|---:|")
    for scope in plan["scopes"]:
        actor = User.objects.get(username=scope["username"])
        urls = scope["pages"]["member search"]
        two_words = [
            parse_qs(urlparse(url).query)["q"][0]
            for url in rng.sample(urls, min(args.queries, len(urls)))
        ]
        shown = [int(url.rstrip("/").rsplit("/", 1)[1]) for url in scope["pages"]["member"]]
        names = Member.objects.filter(pk__in=shown).values_list("search_name", flat=True)
        full_names = rng.sample(sorted(names), min(args.queries, len(names)))
        for kind, queries in (("two words", two_words), ("full name", full_names)):
            measure(actor, scope["label"], kind, queries, strategies, args.runs)


def measure(
    actor: Any,
    label: str,
    kind: str,
    queries: list[str],
    strategies: dict[str, dict[str, Any]],
    runs: int,
) -> None:
    """Time each query each way, alternating; print a row per strategy."""
    from dangvien.members import selectors

    times: dict[str, list[float]] = {name: [] for name in strategies}
    found: dict[str, list[int]] = {name: [] for name in strategies}
    for query in queries:
        answers = []
        for name, settings in strategies.items():
            for attribute, value in settings.items():
                setattr(selectors, attribute, value)
            seconds, rows = timed(
                lambda q=query: [m.pk for m in selectors.member_search(actor=actor, query=q)],
                runs,
            )
            times[name].append(seconds * 1000)
            found[name].append(len(rows))
            answers.append(rows)
        if any(answer != answers[0] for answer in answers):
            sys.exit(f"{label}, {query!r}: the strategies found different members")
    for name in strategies:
        print(
            f"| {label} | {kind} | {name} | {len(queries)} "
            f"| {statistics.median(times[name]):.1f} | {_p95(times[name]):.1f} "
            f"| {max(times[name]):.1f} | {statistics.mean(found[name]):.1f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
