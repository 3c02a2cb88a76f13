"""The rules the fees app reads, typed (``rules.keys``); both keys are seeded by ``rules.seed``."""

from dangvien.rules.keys import IntRule

#: Members with this party age on a month's last day owe no fee for it (01-QĐ/TW, from 02/2026).
EXEMPT_PARTY_AGE_YEARS = IntRule("fee.exempt_party_age_years")
#: Unpaid months in a calendar year that call for the cell to consider removal (§2.11).
REMOVAL_UNPAID_MONTHS = IntRule("removal.unexcused_months_per_year")
