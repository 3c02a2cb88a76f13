"""Rules of a proposal that the proposal service and any checklist share.

Pure functions of plain values returning a verdict (``None``, or a ``Refusal``; see
``dangvien.core.verdicts``); what a rule needs from the database or the rulebook is looked up by
the caller and passed in.
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from dangvien.core.formatting import vn_date
from dangvien.core.verdicts import Refusal, Verdict
from dangvien.members.rule_keys import RECOGNITION_PROPOSAL_WORKING_DAYS


def recognition_resolution_verdict(
    resolved_on: date, probation_ends: date | None, *, source: str
) -> Verdict:
    """The cell resolves to propose recognising a probationary member as official on or after
    the day probation ends (``probation_ends``: ceremony + ``probation.months``, the day the
    recognition takes effect), never ahead of it: "Trong thời hạn 30 ngày làm việc, kể từ ngày
    đảng viên hết 12 tháng dự bị, chi bộ phải xét và đề nghị" and "The cell's resolution must be
    dated after the 12 months end" (domain rules §2.4, rule
    ``recognition.proposal_deadline_working_days``, whose ``source`` the message cites). A late
    resolution is not refused: the member is official from the end of probation all the same."""
    if probation_ends is None or resolved_on >= probation_ends:
        return None
    return Refusal(
        _(
            "The member's probation ends on %(end)s; the cell considers and proposes the "
            "recognition as official from that day on, not on %(date)s (%(source)s)."
        )
        % {"end": vn_date(probation_ends), "date": vn_date(resolved_on), "source": source},
        "probation_not_ended",
        "proposed_on",
        RECOGNITION_PROPOSAL_WORKING_DAYS.key,
    )
