"""The three months rule on the removal due-lists (§2.11): members absent without a reason from
regular meetings in three distinct months of the calendar year (the threshold from the
rulebook, ``removal.unexcused_months_per_year``)."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dangvien.accounts.types import Actor
from dangvien.core.formatting import vn_date
from dangvien.decisions.due import DueMember, RemovalTrigger
from dangvien.meetings.rule_keys import UNEXCUSED_MONTHS_PER_YEAR
from dangvien.meetings.selectors import members_over_unexcused_threshold
from dangvien.organizations.models import Organization


def unexcused_members_due(actor: Actor, organization: Organization, on: date) -> list[DueMember]:
    threshold = UNEXCUSED_MONTHS_PER_YEAR(on=on)
    return [
        DueMember(
            member,
            _(
                "Absent without reason from regular meetings in %(count)s months of %(year)s: %(days)s."
            )
            % {
                "count": len({(day.year, day.month) for day in days}),
                "year": on.year,
                "days": ", ".join(vn_date(day) for day in days),
            },
        )
        for member, days in members_over_unexcused_threshold(
            actor=actor, organization=organization, on=on, threshold=threshold
        )
    ]


UNEXCUSED_TRIGGER = RemovalTrigger(
    gettext_lazy("Absent without reason in three months of the year"),
    "Quy định 29/24-QĐ/TW mục 8.1 (bỏ sinh hoạt đảng ba tháng trong năm không có lý do chính đáng)",
    unexcused_members_due,
    rule=UNEXCUSED_MONTHS_PER_YEAR,
)
