"""A figure of a report named in words: ``breakdowns.age_bands.41_50.male`` reads
"Cơ cấu đảng viên › Độ tuổi 41–50 › Nam", a drilldown row by the organization's name."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from dangvien.organizations.choices import OrganizationKind, Sector

SEGMENTS: dict[str, str | Promise] = {
    "members": _("Party members"),
    "total": _("total"),
    "official": _("official"),
    "probationary": _("probationary"),
    "female": _("women"),
    "male": _("men"),
    "exempted": _("exempted from activities"),
    "temporarily_away": _("temporarily active elsewhere"),
    "in_transit": _("transfer in transit"),
    "breakdowns": _("Composition of the members"),
    "age_bands": _("age"),
    "unknown_age": _("age not recorded"),
    "ethnic_minority": _("ethnic minorities"),
    "ethnicity": _("ethnicity"),
    "religion": _("religion"),
    "with_religion": _("with a religion"),
    "education": _("general education"),
    "political_theory": _("political theory"),
    "count": _("number"),
    "movement": _("Movement in the period"),
    "admitted": _("admitted"),
    "readmitted": _("re-admitted"),
    "exits": _("left"),
    "exits_total": _("left, total"),
    "died": _("died"),
    "resigned": _("left the party"),
    "removed": _("removed from the list"),
    "expelled": _("expelled"),
    "drilldown": _("Sub-organizations"),
    "rows": "",
    "direct": _("directly under it"),
    "grassroots": _("Grassroots party organizations"),
    "committees": _("grassroots committees"),
    "cells": _("Party cells"),
    "by_sector": _("by type"),
    "direct_subordinates": _("Directly subordinate party organizations"),
    "upper_grassroots": _("upper-grassroots committees"),
    "other": _("other"),
    "sub_committees": _("Sub-committees"),
    "organizations_without_secretary": _("Organizations without a secretary"),
    "population": _("Population"),
    "members_per_population_percent": _("Party members per population (%)"),
    "admissions": _("Admissions"),
    "admission_target": _("Admission target"),
    "percent_achieved": _("achieved (%)"),
    "territorial_committees": _("territorial committees"),
    "organizations": _("Party organizations"),
}
AGE_BANDS = {
    "to_30": "≤ 30",
    "31_40": "31–40",
    "41_50": "41–50",
    "51_60": "51–60",
    "61_70": "61–70",
    "over_70": "> 70",
}


def figure_label(field: str, names: dict[str, str] | None = None) -> str:
    """The dotted key of a figure in words; ``names`` maps organization codes to names."""
    names = names or {}
    words: list[str] = []
    for segment in field.split("."):
        if segment in AGE_BANDS:
            words.append(AGE_BANDS[segment])
        elif segment in names:
            words.append(names[segment])
        elif segment in SEGMENTS:
            if SEGMENTS[segment]:
                words.append(str(SEGMENTS[segment]))
        elif segment in Sector.values:
            words.append(str(Sector(segment).label))
        elif segment in OrganizationKind.values:
            words.append(str(OrganizationKind(segment).label))
        else:
            words.append(segment)
    return " › ".join(words)
