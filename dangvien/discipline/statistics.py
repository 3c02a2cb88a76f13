"""The ``discipline`` key of the statistics (§4 of the contract).

Decisions dated in the year of D (1 January to D inclusive) whose subject is placed in the
subtree at D: a member through their official organization on the decision date (on the day of
an expulsion, the organization they were leaving), an organization itself; both followed
through merges up to D (``statistics.placement``, the one implementation). ``members`` and
``organizations`` count decisions; ``by_form`` counts both, zero counts omitted.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from django.utils.translation import pgettext_lazy

from dangvien.core.formatting import vn_date, vn_int
from dangvien.discipline.choices import Form, Subject
from dangvien.discipline.models import DisciplineDecision
from dangvien.organizations.models import Organization
from dangvien.statistics.placement import official_organizations_on, placement, year_of
from dangvien.statistics.sections import StatisticsSection, Table

FORM_WORDS = {
    Form.REPRIMAND: "khiển trách",
    Form.WARNING: "cảnh cáo",
    Form.DISMISSAL: "cách chức",
    Form.EXPULSION: "khai trừ",
    Form.DISSOLUTION: "giải tán",
}


def discipline_statistics(root: Organization, on: date) -> dict[str, Any]:
    place = placement(root, on)
    start, end = year_of(on)
    rows = list(
        DisciplineDecision.objects.filter(decided_on__gte=start, decided_on__lte=end).values_list(
            "form", "decided_on", "case__subject", "case__member_id", "case__organization_id"
        )
    )
    homes = official_organizations_on(
        (member_id, day)
        for _form, day, subject, member_id, _org in rows
        if subject == Subject.MEMBER and member_id is not None
    )
    members = organizations = 0
    by_form: Counter[str] = Counter()
    for form, day, subject, member_id, organization_id in rows:
        if subject == Subject.MEMBER:
            if member_id is None or not place.holds(homes.get((member_id, day))):
                continue
            members += 1
        else:
            if not place.holds(organization_id):
                continue
            organizations += 1
        by_form[form] += 1
    return {
        "from": start.isoformat(),
        "to": end.isoformat(),
        "members": members,
        "organizations": organizations,
        "by_form": {form: by_form[form] for form in Form.values if by_form[form]},
    }


def discipline_text(value: dict[str, Any], stats: dict[str, Any]) -> str:
    since = vn_date(date.fromisoformat(value["from"]))
    if not value["members"] and not value["organizations"]:
        return f"Từ ngày {since} đến nay không có tổ chức đảng, đảng viên nào bị kỷ luật."
    subjects = []
    if value["organizations"]:
        subjects.append(f"{vn_int(value['organizations'])} tổ chức đảng")
    if value["members"]:
        subjects.append(f"{vn_int(value['members'])} đảng viên")
    forms = ", ".join(
        f"{FORM_WORDS[Form(form)]} {vn_int(count)}" for form, count in value["by_form"].items()
    )
    return f"Từ ngày {since} đến nay đã thi hành kỷ luật {' và '.join(subjects)} ({forms})."


def discipline_tables(value: dict[str, Any]) -> list[Table]:
    rows: list[list[Any]] = [
        ["Tổ chức đảng bị kỷ luật", value["organizations"]],
        ["Đảng viên bị kỷ luật", value["members"]],
    ]
    rows += [
        [f"Hình thức {FORM_WORDS[Form(form)]}", count] for form, count in value["by_form"].items()
    ]
    title = (
        f"Kỷ luật đảng từ {vn_date(date.fromisoformat(value['from']))} đến "
        f"{vn_date(date.fromisoformat(value['to']))}"
    )
    return [(title, ["Chỉ tiêu", "Số quyết định"], rows)]


DISCIPLINE_STATISTICS = StatisticsSection(
    compute=discipline_statistics,
    text=discipline_text,
    tables=discipline_tables,
    title=pgettext_lazy("statistics part", "Discipline"),
)
