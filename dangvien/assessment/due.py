"""The removal trigger of the assessment (domain rules §2.11): two consecutive years "not
completed" call for the cell to consider proposing the member's removal."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from dangvien.accounts.types import Actor
from dangvien.assessment.rule_keys import REMOVAL_YEARS
from dangvien.assessment.selectors import not_completed_streaks
from dangvien.decisions.due import DueMember
from dangvien.members.selectors import member_list_at
from dangvien.organizations.models import Organization


def not_completed_members(actor: Actor, organization: Organization, on: date) -> list[DueMember]:
    listed = member_list_at(actor=actor, organization=organization, on=on)
    streaks = not_completed_streaks(listed.order_by().values("member_id"), REMOVAL_YEARS(on=on), on)
    # the periods of the members due only (a province holds tens of thousands)
    periods = {p.member_id: p for p in listed.filter(member_id__in=list(streaks))}
    return [
        DueMember(
            periods[member_id].member,
            _("Rated “did not complete the tasks” in %(years)s.")
            % {"years": ", ".join(str(y) for y in years)},
        )
        for member_id, years in sorted(streaks.items())
    ]
