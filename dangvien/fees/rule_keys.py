"""The rules the fees app reads, typed (``rules.keys``); seeded by ``rules.seed`` (the party-age
exemption and the removal threshold) and by this app's ``seed.FEE_RULES``."""

from dangvien.rules.keys import IntListRule, IntMapRule, IntRule, StrListRule, StrRule

#: Members with this party age on a month's last day owe no fee for it (01-QĐ/TW, from 02/2026).
EXEMPT_PARTY_AGE_YEARS = IntRule("fee.exempt_party_age_years")
#: Unpaid months in a calendar year that call for the cell to consider removal (§2.11).
REMOVAL_UNPAID_MONTHS = IntRule("removal.unexcused_months_per_year")
#: The fee as 1/10 000 of the basis, per kind of basis with an income (salary, pension, benefit).
RATE_BASIS_POINTS = IntMapRule("fee.rate_basis_points")
#: The fixed monthly amounts (đồng) of students and of the other members without an income basis.
STUDENT_AMOUNT = IntRule("fee.student_amount")
OTHER_AMOUNT = IntRule("fee.other_amount")
#: Kinds of basis exempt without application (the social pension from 02/2026).
EXEMPT_BASIS_KINDS = StrListRule("fee.exempt_basis_kinds")
#: The reductions a competent level may decide, and how many months one decision covers at most.
REDUCTION_PERCENTS = IntListRule("fee.reduction_percents")
REDUCTION_MAX_MONTHS = IntRule("fee.reduction_max_months")
#: The level (``competence.rules.Level``) whose body decides an exemption or a reduction.
RELIEF_DECIDER_LEVEL = StrRule("fee.relief_decider_level")
#: The share each level keeps of the fees it collects and receives, by its place in the tree.
KEEP_PERCENT = IntMapRule("fee.keep_percent")
