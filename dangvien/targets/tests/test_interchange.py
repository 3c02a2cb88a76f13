"""populations.csv and targets.csv imported (``targets.interchange``): each row through the
services, a row already recorded identically skipped."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangvien.interchange.importer import import_bundle
from dangvien.interchange.tests import corpus as c
from dangvien.organizations.models import Organization
from dangvien.targets.models import AdmissionTarget, Population
from dangvien.users.services import system_actor

pytestmark = pytest.mark.django_db


def _figures(files: c.Files, populations: list[list[str]], targets: list[list[str]]) -> c.Files:
    files["populations.csv"] = [files["populations.csv"][0], *populations]
    files["targets.csv"] = [files["targets.csv"][0], *targets]
    return files


def test_a_figure_changed_and_changed_back_in_one_file_ends_as_its_last_row(tmp_path):
    # given: the same year three times, the last row as the first
    files = _figures(
        c.base(),
        [["X", "2024", "1000"], ["X", "2024", "1200"], ["X", "2024", "1000"]],
        [
            ["X", "2025-07-01", "2030-06-30", "40", ""],
            ["X", "2025-07-01", "2030-06-30", "45", "3.90"],
            ["X", "2025-07-01", "2030-06-30", "40", ""],
        ],
    )
    # when
    result = import_bundle(c.write_bundle(tmp_path, files), actor=system_actor())
    # then: every row differed from the figure recorded before it
    assert (result.populations, result.targets) == (3, 3)
    x = Organization.objects.get(code="X")
    assert Population.objects.get(organization=x, year=2024).population == 1000
    target = AdmissionTarget.objects.get(organization=x, period_from="2025-07-01")
    assert (target.admissions, target.members_per_population_percent) == (40, None)


def test_a_row_repeated_or_already_recorded_is_skipped_without_asking_per_row(tmp_path):
    # given: the figures imported once
    rows = [["X", str(year), "12000"] for year in range(2000, 2020)]
    files = _figures(c.base(), rows, [["X", "2020-07-01", "2025-06-30", "50", "3.85"]])
    first = import_bundle(c.write_bundle(tmp_path / "first", files), actor=system_actor())
    assert (first.populations, first.targets) == (20, 1)
    # when: the same bundle again, one year's figure repeated in it
    files["populations.csv"].append(["X", "2000", "12000"])
    with CaptureQueriesContext(connection) as queries:
        again = import_bundle(c.write_bundle(tmp_path / "again", files), actor=system_actor())
    # then: nothing new, and the recorded figures read once for the whole file
    assert (again.populations, again.targets) == (0, 0)
    asked = [q["sql"] for q in queries.captured_queries if "targets_population" in q["sql"]]
    assert len(asked) == 1, asked
    assert Population.objects.filter(year__lt=2020).count() == 20
    target = AdmissionTarget.objects.get(period_from="2020-07-01")
    assert target.members_per_population_percent == Decimal("3.85")
