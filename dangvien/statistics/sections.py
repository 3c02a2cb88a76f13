"""Keys that other apps add to the statistics of a subtree at a date (the contract's §4:
``meetings``, ``assessment``, ``discipline``, ``fees`` …), registered in their
``AppConfig.ready()``. Every caller of ``statistics_for`` (the ``stats`` command, the API,
the statistics page, the period reports) gets them; the narrative adds their sentences.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

from dangvien.core.registry import Registry
from dangvien.organizations.models import Organization

Table = tuple[str, list[str], list[list[Any]]]


@dataclass(frozen=True)
class StatisticsSection:
    """``compute(root, on)`` gives the JSON value of the key (``None`` becomes null);
    ``text(value, stats)`` the Vietnamese sentences of the summary ("" for none);
    ``tables(value)`` the (title, header, rows) tables the report documents print (DOCX, XLSX,
    PDF), numbers left as numbers.

    ``compute`` reads facts dated on or before ``on`` only, and nothing of today: the figures
    of a day are kept until a change that may alter that day's (``audit.selectors.
    data_version_on``), and a meeting or a payment dated later is not such a change."""

    compute: Callable[[Organization, date], Any]
    text: Callable[[Any, dict[str, Any]], str] | None = None
    tables: Callable[[Any], list[Table]] | None = None
    #: what a reader waiting for a first counting is told is being counted ("Sinh hoạt đảng")
    title: str | Promise = ""


statistics_sections: Registry[StatisticsSection] = Registry("statistics sections")

#: The name ``statistics_for`` tells its ``progress`` for the figures of §3 (the first part).
SECTION_3 = "members"
SECTION_3_TITLE = pgettext_lazy("statistics part", "Party organizations and members")
#: ``progress(key, title, step, steps)``: the part about to be counted (its key and words, a
#: lazy translation: read in each reader's language), its rank from 1, how many.
Progress = Callable[[str, str | Promise, int, int], None]
