"""Apps add keys to the statistics (§4) and sentences to the summary through the registry."""

from datetime import date

import pytest

from dangvien.statistics.narrative import statistics_text
from dangvien.statistics.sections import StatisticsSection, statistics_sections
from dangvien.statistics.selectors import statistics_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def section():
    statistics_sections.register(
        "sample",
        StatisticsSection(
            compute=lambda root, on: {"root": root.code, "year": on.year},
            text=lambda value, stats: f"Mẫu {value['year']}.",
        ),
    )
    yield
    statistics_sections.unregister("sample")


def test_a_registered_section_adds_its_key_and_its_sentence(org_tree, section):
    stats = statistics_for(org_tree.district, date(2022, 4, 30))
    assert stats["sample"] == {"root": "HU-TM", "year": 2022}
    assert statistics_text(stats).endswith("Mẫu 2022.")


def test_the_counts_alone_leave_the_sections_out(org_tree, section):
    assert "sample" not in statistics_for(org_tree.district, date(2022, 4, 30), sections=False)
