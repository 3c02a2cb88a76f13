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


def test_a_sections_tables_are_printed_in_the_report_documents(org_tree, superuser):
    from dangvien.reports.documents import report_tables
    from dangvien.reports.selectors import report_figures

    statistics_sections.register(
        "sample_tables",
        StatisticsSection(
            compute=lambda root, on: {"n": 7},
            tables=lambda value: [("Bảng mẫu", ["Chỉ tiêu", "Số"], [["Số mẫu", value["n"]]])],
        ),
    )
    try:
        figures = report_figures(org_tree.district, date(2022, 4, 30))
        titles = [title for title, _header, _rows in report_tables(figures)]
    finally:
        statistics_sections.unregister("sample_tables")
    assert "Bảng mẫu" in titles


def test_the_sections_place_the_subtree_once_per_call_outside_a_request(org_tree, monkeypatch):
    # a command, a task or a POST has no request memo: each section used to place the subtree
    # again (the province of the national bench set: ~100 000 organizations, ~200 ms each)
    from dangvien.core.memo import in_read_memo
    from dangvien.statistics import placement

    placed = []
    real = placement._placement

    def counting(root, on):
        placed.append((root.code, on))
        return real(root, on)

    monkeypatch.setattr(placement, "_placement", counting)
    assert not in_read_memo()
    users = [
        key for key, _s in statistics_sections.items() if key in {"meetings", "fees", "discipline"}
    ]
    assert len(users) == 3  # the sections that place the subtree are registered
    statistics_for(org_tree.district, date(2022, 4, 30))
    assert placed == [("HU-TM", date(2022, 4, 30))]
    statistics_for(org_tree.district, date(2022, 4, 30))  # a new call reads afresh
    assert len(placed) == 2
    assert not in_read_memo()
