"""The assessment's section of a bundle: assessments.csv (§4 of the contract).

``year, subject, code, level, score, decided_on, decided_by_code``: one result per subject and
year. Each row goes through ``assessment_record`` (the rules of the web form); a row already
recorded identically is skipped, so importing a bundle twice changes nothing. Past results are
loaded as they were decided: the cap on "excellent" is checked when a level is decided, not
when history is loaded. The export writes the result in force of each subject and year.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import partial

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from dangvien.assessment import rules
from dangvien.assessment.choices import Subject
from dangvien.assessment.models import AssessmentResult
from dangvien.assessment.services import assessment_record
from dangvien.interchange.problems import (
    Problem,
    Unreadable,
    duplicate,
    read_date,
    read_integer,
    refusal_problem,
    required,
    unknown_value,
    write_row,
)
from dangvien.interchange.sections import BundleFile, Column, ExportContext, ImportContext
from dangvien.members.models import Member
from dangvien.organizations.interchange import (
    DATE,
    exported_organizations,
    organization_ids,
    unknown_code,
)
from dangvien.organizations.models import Organization

LEVELS = gettext_lazy(
    "excellent (hoàn thành xuất sắc nhiệm vụ), good (hoàn thành tốt nhiệm vụ), completed "
    "(hoàn thành nhiệm vụ), not_completed (không hoàn thành nhiệm vụ)"
)
FILE = BundleFile(
    "assessments.csv",
    gettext_lazy("Yearly quality assessment results: one per subject and year."),
    (
        Column("year", gettext_lazy("Year assessed, e.g. 2021."), mandatory=True),
        Column(
            "subject",
            gettext_lazy("member (code = member_id) or organization (code = organization code)."),
            mandatory=True,
        ),
        Column("code", gettext_lazy("The member_id or the organization code."), mandatory=True),
        Column(
            "level", format_lazy(gettext_lazy("Level: {levels}."), levels=LEVELS), mandatory=True
        ),
        Column("score", gettext_lazy("Score from 0 to 100 (optional).")),
        Column(
            "decided_on",
            format_lazy("{} {}", gettext_lazy("Date of the decision."), DATE),
            mandatory=True,
        ),
        Column(
            "decided_by_code",
            gettext_lazy("Code of the organization whose committee decided."),
            mandatory=True,
        ),
    ),
)
MEMBER_COLUMNS = {"member": "code", "organization": "code", "decided_by": "decided_by_code"}


def _member_ids(keys: set[str]) -> dict[str, int]:
    ordered = sorted(keys)
    found: dict[str, int] = {}
    for start in range(0, len(ordered), 5000):
        found.update(
            Member.objects.filter(member_key__in=ordered[start : start + 5000]).values_list(
                "member_key", "pk"
            )
        )
    return found


@dataclass(frozen=True)
class AssessmentSection:
    # no fields: equal instances, so that a second ready() (tests) registers the same value
    label = gettext_lazy("Quality assessment")
    files = (FILE,)
    counts = {"assessments_created": gettext_lazy("Assessment results")}

    def load(self, context: ImportContext) -> None:
        bundle, problems = context.bundle, context.problems
        if not bundle.has(FILE.name):
            return
        org_ids = organization_ids(context)
        member_ids = _member_ids(
            {row.get("code") for row in bundle.rows(FILE.name) if row.get("subject") == "member"}
        )
        seen: dict[tuple[str, str, int], int] = {}
        for row in bundle.rows(FILE.name):
            subject, code = row.get("subject"), row.get("code")
            level, by_code = row.get("level"), row.get("decided_by_code")
            decided_on = read_date(row, "decided_on", problems, mandatory=True)
            try:
                year = read_integer(row, "year", problems)
                score = read_integer(row, "score", problems)
            except Unreadable:
                continue
            if year is None:
                problems.append(Problem(row.file, row.line, "year", required()))
                continue
            if subject not in Subject.values:
                problems.append(Problem(row.file, row.line, "subject", unknown_value(subject)))
                continue
            if not code:
                problems.append(Problem(row.file, row.line, "code", required()))
                continue
            known = member_ids if subject == Subject.MEMBER else org_ids
            if code not in known:
                message = unknown_value(code) if subject == Subject.MEMBER else unknown_code(code)
                problems.append(Problem(row.file, row.line, "code", message))
                continue
            if not by_code:
                problems.append(Problem(row.file, row.line, "decided_by_code", required()))
                continue
            if by_code not in org_ids:
                problems.append(
                    Problem(row.file, row.line, "decided_by_code", unknown_code(by_code))
                )
                continue
            verdict = rules.level_verdict(level) or rules.score_verdict(score)
            if verdict is not None:
                problems.append(refusal_problem(row, verdict))
                continue
            key = (subject, code, year)
            if key in seen:
                problems.append(
                    Problem(row.file, row.line, "year", duplicate(f"{code} {year}", seen[key]))
                )
                continue
            seen[key] = row.line
            if decided_on is None:
                continue
            is_member = subject == Subject.MEMBER
            same = AssessmentResult.objects.current().filter(
                subject=subject, year=year, level=level, score=score, decided_on=decided_on,
                decided_by_id=org_ids[by_code],
            )  # fmt: skip
            same = (
                same.filter(member_id=known[code])
                if is_member
                else same.filter(organization_id=known[code])
            )
            if same.exists():
                continue
            write_row(
                context,
                row,
                partial(
                    assessment_record,
                    actor=context.actor,
                    year=year,
                    level=level,
                    score=score,
                    decided_on=decided_on,
                    member=Member.objects.get(pk=known[code]) if is_member else None,
                    organization=None if is_member else Organization.objects.get(pk=known[code]),
                    decided_by=Organization.objects.get(pk=org_ids[by_code]),
                    check_cap=False,
                ),
                count="assessments_created",
                column="level",
                columns=MEMBER_COLUMNS,
            )

    def export(self, context: ExportContext) -> None:
        scope = exported_organizations(context)
        results = AssessmentResult.objects.current()
        root_code = context.scope
        if scope is not None:
            results = results.filter(organization_id__in=scope)
        codes = dict(Organization.objects.values_list("pk", "code"))
        keys = dict(
            Member.objects.filter(
                pk__in=results.filter(member__isnull=False).values("member_id")
            ).values_list("pk", "member_key")
        )
        with context.open(FILE.name) as out:
            for result in results.order_by("year", "subject", "organization_id", "member_id"):
                decided_by = codes[result.decided_by_id]
                if scope is not None and result.decided_by_id not in scope and root_code:
                    # a decision taken above the subtree: the subtree's root stands for that
                    # committee (a code the bundle holds), so that it reads back the same
                    decided_by = root_code
                out.write(
                    {
                        "year": result.year,
                        "subject": result.subject,
                        "code": keys[result.member_id]
                        if result.member_id is not None
                        else codes[result.organization_id],
                        "level": result.level,
                        "score": result.score,
                        "decided_on": _iso(result.decided_on),
                        "decided_by_code": decided_by,
                    }
                )


def _iso(value: date) -> str:
    return value.isoformat()
