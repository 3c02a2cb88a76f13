"""The discipline section of a bundle: discipline.csv (§4 of the contract).

Each row goes through ``services.discipline_record`` (the rules of ``discipline.rules``: the
form allowed for the subject that day, the deciding body above the subject, an expulsion that
matches the member's ``expelled`` event of the same date in member_events.csv); a row already
recorded identically is skipped, so importing a bundle twice changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import partial

from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dangvien.discipline.choices import Form, Subject
from dangvien.discipline.models import DisciplineDecision
from dangvien.discipline.services import discipline_record
from dangvien.interchange.problems import Problem, read_date, required, unknown_value, write_row
from dangvien.interchange.sections import BundleFile, Column, ExportContext, ImportContext
from dangvien.members.models import Member
from dangvien.organizations.interchange import (
    DATE,
    exported_organizations,
    organization_ids,
    unknown_code,
)
from dangvien.organizations.models import Organization

FILE = BundleFile(
    "discipline.csv",
    gettext_lazy("One row per discipline decision."),
    (
        Column("case_id", gettext_lazy("Stable unique key of the case."), mandatory=True),
        Column("subject", gettext_lazy("member or organization."), mandatory=True),
        Column(
            "code",
            gettext_lazy("member_id of the member, or code of the organization."),
            mandatory=True,
        ),
        Column(
            "form",
            gettext_lazy(
                "reprimand (khiển trách), warning (cảnh cáo), dismissal (cách chức), expulsion "
                "(khai trừ), dissolution (giải tán, organizations only). An expulsion must match "
                "an expelled event of the member on the same date in member_events.csv."
            ),
            mandatory=True,
        ),
        Column(
            "decided_on",
            format_lazy("{} {}", gettext_lazy("Date of the decision."), DATE),
            mandatory=True,
        ),
        Column(
            "decided_by_code",
            gettext_lazy("Code of the organization whose body decided."),
            mandatory=True,
        ),
        Column("decision_number", gettext_lazy("Number of the decision."), mandatory=True),
    ),
)
COLUMNS = {
    "decided_on": "decided_on",
    "date": "decided_on",
    "opened_on": "decided_on",
    "form": "form",
    "code": "code",
    "member": "code",
    "organization": "code",
    "violated_on": "decided_on",
    "key": "case_id",
    "decision_number": "decision_number",
    "decided_by_code": "decided_by_code",
}


@dataclass(frozen=True)
class DisciplineSection:
    # no fields: equal instances, so that a second ready() (tests) registers the same value
    label = gettext_lazy("Discipline")
    files = (FILE,)
    counts = {"discipline_decisions": gettext_lazy("Discipline decisions")}

    def load(self, context: ImportContext) -> None:
        org_ids = organization_ids(context)
        problems = context.problems
        rows = list(context.bundle.rows(FILE.name))
        keys = sorted({row.get("code") for row in rows if row.get("subject") == Subject.MEMBER})
        members: dict[str, int] = {}
        for start in range(0, len(keys), 5000):
            members.update(
                Member.objects.filter(member_key__in=keys[start : start + 5000]).values_list(
                    "member_key", "pk"
                )
            )
        existing = {
            key: (form, decided_on, number)
            for key, form, decided_on, number in DisciplineDecision.objects.values_list(
                "case__key", "form", "decided_on", "number"
            )
        }
        seen: dict[str, int] = {}
        for row in rows:
            case_id = row.get("case_id")
            subject = row.get("subject")
            code = row.get("code")
            form = row.get("form")
            decided_by = row.get("decided_by_code")
            number = row.get("decision_number")
            decided_on = read_date(row, "decided_on", problems, mandatory=True)
            for column, value in (
                ("case_id", case_id),
                ("subject", subject),
                ("code", code),
                ("form", form),
                ("decided_by_code", decided_by),
                ("decision_number", number),
            ):
                if not value:
                    problems.append(Problem(row.file, row.line, column, required()))
                    break
            else:
                if case_id in seen:
                    problems.append(
                        Problem(
                            row.file,
                            row.line,
                            "case_id",
                            _("case %(key)s already appears on line %(line)s")
                            % {"key": case_id, "line": seen[case_id]},
                        )
                    )
                    continue
                seen[case_id] = row.line
                if subject not in Subject.values:
                    problems.append(Problem(row.file, row.line, "subject", unknown_value(subject)))
                    continue
                if form not in Form.values:
                    problems.append(Problem(row.file, row.line, "form", unknown_value(form)))
                    continue
                if decided_by not in org_ids:
                    problems.append(
                        Problem(row.file, row.line, "decided_by_code", unknown_code(decided_by))
                    )
                    continue
                member = organization = None
                if subject == Subject.MEMBER:
                    if code not in members:
                        problems.append(
                            Problem(
                                row.file,
                                row.line,
                                "code",
                                _("no member has the key %(key)s") % {"key": code},
                            )
                        )
                        continue
                    member = Member.objects.get(pk=members[code])
                elif code not in org_ids:
                    problems.append(Problem(row.file, row.line, "code", unknown_code(code)))
                    continue
                else:
                    organization = Organization.objects.get(pk=org_ids[code])
                if decided_on is None:
                    continue
                if case_id in existing:
                    if existing[case_id] != (form, decided_on, number):
                        problems.append(
                            Problem(
                                row.file,
                                row.line,
                                "case_id",
                                _("case %(key)s is already recorded with another decision")
                                % {"key": case_id},
                            )
                        )
                    continue
                write_row(
                    context,
                    row,
                    partial(
                        discipline_record,
                        actor=context.actor,
                        key=case_id,
                        subject=subject,
                        member=member,
                        organization=organization,
                        form=form,
                        decided_on=decided_on,
                        deciding_organization=Organization.objects.get(pk=org_ids[decided_by]),
                        number=number,
                    ),
                    count="discipline_decisions",
                    column="form",
                    columns=COLUMNS,
                )

    def export(self, context: ExportContext) -> None:
        scope = exported_organizations(context)
        decisions = DisciplineDecision.objects.select_related(
            "case", "case__member", "case__organization", "deciding_organization"
        )
        if scope is not None:
            decisions = decisions.filter(case__organization_id__in=scope)
        with context.open(FILE.name) as out:
            for decision in decisions.order_by("decided_on", "id"):
                case = decision.case
                out.write(
                    {
                        "case_id": case.key,
                        "subject": case.subject,
                        "code": case.member.member_key
                        if case.member is not None
                        else case.organization.code,
                        "form": decision.form,
                        "decided_on": _iso(decision.decided_on),
                        "decided_by_code": decision.deciding_organization.code,
                        "decision_number": decision.number,
                    }
                )


def _iso(value: date) -> str:
    return value.isoformat()
