"""The rules the meetings read, typed (values and sources in ``meetings/seed.py`` and the
initial rulebook)."""

from dangvien.rules.keys import IntRule

# How often a cell must hold a regular meeting, and a thematic one (months between them).
REGULAR_EVERY_MONTHS = IntRule("meeting.regular_every_months")
THEMATIC_EVERY_MONTHS = IntRule("meeting.thematic_every_months")
# Months of a calendar year with an unexcused absence that call for removal (§2.11).
UNEXCUSED_MONTHS_PER_YEAR = IntRule("removal.unexcused_months_per_year")
