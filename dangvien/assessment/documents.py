"""The XLSX of an organization's year (the layout staff send upward): the summary by level,
the members with each stage and the decided level, the organizations below."""

from __future__ import annotations

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook

from dangvien.assessment.choices import Level
from dangvien.assessment.selectors import YearPage
from dangvien.core.formatting import vn_date
from dangvien.statistics.selectors import percent


def year_xlsx(page: YearPage, organization_name: str) -> bytes:
    workbook = Workbook()
    summary = workbook.active
    assert summary is not None
    summary.title = _("Summary")[:31]
    summary.append([_("Quality assessment %(year)s") % {"year": page.year}, organization_name])
    summary.append([_("Level"), _("Party members"), "%"])
    total = sum(page.members_by_level.values())
    for level in Level:
        count = page.members_by_level[level.value]
        summary.append([str(level.label), count, percent(count, total) if total else None])
    summary.append([_("Total"), total, None])
    members = workbook.create_sheet(_("Party members")[:31])
    members.append(
        [
            _("No."),
            _("Full name"),
            _("Cell"),
            _("Self-assessment"),
            _("Proposed"),
            _("Level"),
            _("Score"),
            _("Decided on"),
            _("Decided by"),
        ]
    )
    for number, line in enumerate(page.members, start=1):
        result = line.result
        members.append(
            [
                number,
                line.period.member.full_name,
                line.period.organization.code,
                line.self_assessment.get_level_display() if line.self_assessment else "",
                line.proposal.get_level_display() if line.proposal else "",
                result.get_level_display()
                if result
                else ("" if line.assessed else _("Exempted from activities: not assessed")),
                result.score if result else None,
                vn_date(result.decided_on) if result else "",
                result.decided_by.code if result else "",
            ]
        )
    organizations = workbook.create_sheet(_("Organizations directly below")[:31])
    organizations.append([_("Organization"), _("Level"), _("Decided on")])
    for item in page.organizations:
        organizations.append(
            [
                item.state.name,
                item.result.get_level_display() if item.result else "",
                vn_date(item.result.decided_on) if item.result else "",
            ]
        )
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()
