"""The malformed-bundle corpus (issue 13): hundreds of mutations of a small valid bundle.

Each mutated bundle is either refused, with problems that all read ``file:row: column:
message`` and nothing written (the rows of every table unchanged), or accepted, and then only
when the result holds together: the periods match the ledger (``rebuild_member_periods
--verify``), importing it again changes nothing, and the statistics of the root can be made.
No mutation may raise anything but ``ImportFailed``. Runs on SQLite and on PostgreSQL
(``DATABASE_URL``), which must give the same verdict.
"""

from __future__ import annotations

import json
import os
import re
from datetime import date
from pathlib import Path

import pytest
from django.apps import apps

from dangvien.interchange.importer import ImportFailed, import_bundle
from dangvien.interchange.sections import bundle_files
from dangvien.interchange.tests import corpus as c
from dangvien.interchange.tests.corpus_cases import cases
from dangvien.users.services import system_actor

pytestmark = pytest.mark.django_db

CASES = dict(cases())
#: The verdict of every case (``accepted``, or the place of the first problem), the same on
#: SQLite and PostgreSQL. After a deliberate change of the rules, write it again with
#: ``DANGVIEN_CORPUS_RECORD=1 pytest dangvien/interchange/tests/test_malformed_corpus.py``.
VERDICTS_FILE = Path(__file__).with_name("corpus_verdicts.json")
RECORD = bool(os.environ.get("DANGVIEN_CORPUS_RECORD"))
VERDICTS: dict[str, str] = (
    {} if RECORD or not VERDICTS_FILE.exists() else json.loads(VERDICTS_FILE.read_text())
)
PROBLEM = re.compile(r"^[^:\n]+:\d+: [^:\n]+: .+", re.DOTALL)


def table_counts() -> dict[str, int]:
    """The number of rows of every table of the project's models."""
    return {
        model._meta.db_table: model._base_manager.count()
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 150, len(CASES)


@pytest.mark.parametrize("case", list(CASES))
def test_a_mutated_bundle_is_refused_cleanly_or_accepted_only_if_valid(tmp_path: Path, case):
    actor = system_actor()
    before = table_counts()
    files = CASES[case](c.base())
    path = files.write(tmp_path) if isinstance(files, c.Raw) else c.write_bundle(tmp_path, files)
    try:
        result = import_bundle(path, actor=actor)
    except ImportFailed as failure:
        _refused_cleanly(failure, before, path)
        first = failure.problems[0]
        file = "(bundle)" if first.file == str(path) else first.file
        _same_verdict(case, f"refused {file}:{first.line}: {first.column}")
        return
    _accepted_consistently(path, result.as_dict())
    _same_verdict(case, "accepted")


def _same_verdict(case: str, verdict: str) -> None:
    """The verdict recorded for ``case`` (on either database), or record it."""
    if RECORD:
        recorded = json.loads(VERDICTS_FILE.read_text()) if VERDICTS_FILE.exists() else {}
        recorded[case] = verdict
        VERDICTS_FILE.write_text(json.dumps(recorded, ensure_ascii=False, indent=1, sort_keys=True))
        return
    assert VERDICTS.get(case) == verdict, (case, verdict)


def test_every_case_has_a_recorded_verdict():
    assert RECORD or set(VERDICTS) == set(CASES), set(CASES) ^ set(VERDICTS)


def _refused_cleanly(failure: ImportFailed, before: dict[str, int], path: Path) -> None:
    assert failure.problems
    names = {spec.name for spec in bundle_files()}
    for problem in failure.problems:
        text = str(problem)
        assert PROBLEM.match(text), text
        # a file of the bundle, or the bundle itself when it cannot be opened at all
        assert problem.file in names or problem.file == str(path), text
        assert problem.line >= 0 and problem.message.strip(), text
        assert "Traceback" not in text and "Error(" not in text, text
    assert table_counts() == before


def _accepted_consistently(path: Path, counts: dict[str, int]) -> None:
    from dangvien.members.services import rebuild_member_periods
    from dangvien.organizations.models import Organization
    from dangvien.statistics.selectors import statistics_for

    assert rebuild_member_periods(verify_only=True)["differing"] == 0
    again = import_bundle(path, actor=system_actor()).as_dict()
    assert all(v == 0 for k, v in again.items() if not k.endswith("_unchanged")), again
    root = Organization.objects.get(code="P")
    from dangvien.core.dates import today

    statistics_for(root, today())
    assert counts["organizations_created"] >= 1


def test_a_tomorrow_cell_is_the_day_after_the_day_the_case_runs(monkeypatch):
    # The cases are collected before they run; a run crossing midnight in Vietnam made the
    # "tomorrow" cases import a date that had become today (nine failures on PostgreSQL).
    mutate = c.set_cell("members.csv", 7, "admitted_on", c.TOMORROW)
    monkeypatch.setattr(c, "today", lambda: date(2031, 1, 31))
    assert mutate(c.base())["members.csv"][6][c.base()["members.csv"][0].index("admitted_on")] == (
        "2031-02-01"
    )
    added = c.add_row("member_events.csv", ["M1", "exempt", c.TOMORROW, "", ""])(c.base())
    assert added["member_events.csv"][-1][2] == "2031-02-01"
