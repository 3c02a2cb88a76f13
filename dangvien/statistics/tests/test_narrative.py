"""The Vietnamese summary: the ordinary wording, no "0 …", no sentence of subordinates for a
chi bộ, the same text whatever the day it is read."""

from __future__ import annotations

from copy import deepcopy
from datetime import date
from typing import Any

import pytest

from dangvien.core import dates
from dangvien.statistics.narrative import statistics_text

TODAY = date(2022, 6, 30)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(dates, "today", lambda: TODAY)


def _stats(**changes: Any) -> dict[str, Any]:
    """A grassroots committee with ten chi bộ trực thuộc (Đảng bộ thị trấn Mỹ An)."""
    stats: dict[str, Any] = {
        "organization": {
            "code": "MA",
            "name": "Đảng bộ thị trấn Mỹ An",
            "kind": "grassroots_committee",
        },
        "as_of": TODAY.isoformat(),
        "direct_subordinates": {"total": 10, "grassroots": 0, "upper_grassroots": 0, "other": 10},
        "grassroots": {"total": 0, "committees": 0, "cells": 0, "by_sector": {}},
        "sub_committees": 0,
        "cells": 10,
        "organizations_without_secretary": 0,
        "members": {
            "total": 250,
            "official": 240,
            "probationary": 10,
            "female": 90,
            "exempted": 0,
            "temporarily_away": 0,
        },
        "population": None,
        "members_per_population_percent": None,
        "admissions": {"from": "2022-01-01", "count": 4},
        "admission_target": None,
    }
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(stats.get(key), dict):
            stats[key] = {**stats[key], **value}
        else:
            stats[key] = value
    return deepcopy(stats)


def _cell(**changes: Any) -> dict[str, Any]:
    cell: dict[str, Any] = {
        "organization": {"code": "MA-1A", "name": "Chi bộ khóm 1A", "kind": "cell"},
        "direct_subordinates": {"total": 0, "other": 0},
        "cells": 0,
        "members": {"total": 25, "official": 23, "probationary": 2, "female": 9},
    }
    for key, value in changes.items():
        cell[key] = {**cell[key], **value} if isinstance(cell.get(key), dict) else value
    return _stats(**cell)


def test_a_grassroots_committee_has_its_chi_bo_and_no_zero_count():
    text = statistics_text(_stats())
    assert text.startswith("Đảng bộ thị trấn Mỹ An hiện có 10 chi bộ trực thuộc. ")
    assert " 0 " not in text


def test_a_grassroots_committee_names_its_sub_committees():
    text = statistics_text(_stats(sub_committees=2, cells=12))
    assert text.startswith(
        "Đảng bộ thị trấn Mỹ An hiện có 2 đảng bộ bộ phận, 12 chi bộ trực thuộc. "
    )


def test_a_cell_has_no_sentence_of_subordinates_and_names_itself_with_its_members():
    text = statistics_text(_cell())
    assert "trực thuộc" not in text and "0 chi bộ" not in text
    assert text.startswith(
        "Tổng số đảng viên của Chi bộ khóm 1A đến ngày 30/06/2022 là 25 đảng viên "
        "(23 đảng viên chính thức, 2 đảng viên dự bị; 9 đảng viên nữ)."
    )


def test_a_cell_without_members_says_so():
    text = statistics_text(
        _cell(members={"total": 0, "official": 0, "probationary": 0, "female": 0})
    )
    assert text.startswith("Đến ngày 30/06/2022, Chi bộ khóm 1A chưa có đảng viên nào.")
    assert "0 đảng viên" not in text


def test_zero_member_counts_are_left_out():
    text = statistics_text(_stats(members={"official": 250, "probationary": 0, "female": 0}))
    assert "là 250 đảng viên (250 đảng viên chính thức)." in text
    assert "dự bị" not in text and "nữ" not in text


def test_the_text_reads_the_same_whatever_the_day_it_is_read(monkeypatch):
    """An approved report renders its frozen figures: its text must not change the day after."""
    text = statistics_text(_stats())
    monkeypatch.setattr(dates, "today", lambda: date(2030, 1, 1))
    assert statistics_text(_stats()) == text
    assert text.startswith("Đảng bộ thị trấn Mỹ An hiện có 10 chi bộ trực thuộc. ")


def test_the_admissions_are_counted_until_now():
    text = statistics_text(_stats())
    assert "Từ ngày 01/01/2022 đến nay đã kết nạp được 4 đảng viên." in text


def test_no_admission_in_the_period_says_none():
    text = statistics_text(_stats(admissions={"count": 0}))
    assert "Từ ngày 01/01/2022 đến nay chưa kết nạp được đảng viên nào." in text
    target = {
        "period_from": "2020-07-01",
        "period_to": "2025-06-30",
        "admissions": 40,
        "percent_achieved": 0.0,
        "members_per_population_percent": None,
    }
    text = statistics_text(
        _stats(
            as_of="2021-06-30",
            admissions={"from": "2020-07-01", "count": 0},
            admission_target=target,
        )
    )
    assert "Từ đầu nhiệm kỳ đến nay chưa kết nạp được đảng viên nào." in text
    assert "0,0%" not in text


def test_an_upper_committee_without_grassroots_prints_no_zero():
    text = statistics_text(
        _stats(
            organization={"name": "Đảng bộ huyện Mới", "kind": "upper_grassroots"},
            direct_subordinates={"total": 1, "grassroots": 0, "upper_grassroots": 1, "other": 0},
            cells=0,
        )
    )
    assert text.startswith(
        "Đảng bộ huyện Mới hiện có 1 tổ chức đảng trực thuộc (1 đảng bộ cấp trên trực tiếp cơ sở). "
    )


@pytest.mark.django_db
def test_the_ordinary_wording_of_thap_muoi_is_unchanged(thap_muoi, monkeypatch):
    from dangvien.statistics.selectors import statistics_for
    from dangvien.statistics.tests.conftest import ON

    monkeypatch.setattr(dates, "today", lambda: ON)
    stats = statistics_for(thap_muoi["HU-TM"], ON)
    text = statistics_text(stats)
    assert text.startswith(
        "Đảng bộ huyện Tháp Mười hiện có 38 chi bộ, đảng bộ cơ sở trực thuộc, trong đó có 13 đảng "
        "bộ xã, thị trấn, 15 đảng bộ cơ sở và 10 chi bộ cơ sở; 226 chi bộ trực thuộc đảng bộ cơ "
        "sở. Tổng số đảng viên đến ngày 30/04/2022 là 4.541 đảng viên ("
    )
    assert (
        "Từ đầu nhiệm kỳ đến nay đã kết nạp được 126 đảng viên, đạt 22,1% so với kế hoạch." in text
    )
    # read later, the same text (an approved report's)
    monkeypatch.setattr(dates, "today", lambda: date(2025, 1, 1))
    assert statistics_text(stats) == text
