"""The assessment's section of a bundle: assessments.csv (§4 of the contract).

``year, subject, code, level, score, decided_on, decided_by_code``: one result per subject and
year. Every row is checked with the rules of ``assessment_record`` (the score bands in force
on the decision date included) (``rules.py``: the same
functions as the web form, what they need looked up for the whole file at once) and the results
are written in bulk; a row already recorded identically is skipped, so importing a bundle twice
changes nothing. Past results are
loaded as they were decided: the cap on "excellent" is checked when a level is decided, not
when history is loaded. The export writes the result in force of each subject and year.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from django.core.exceptions import PermissionDenied
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from dangvien.accounts.scoping import can
from dangvien.assessment import rules
from dangvien.assessment.choices import Subject
from dangvien.assessment.models import AssessmentResult
from dangvien.assessment.permissions import AssessmentPermission
from dangvien.assessment.rule_keys import LEVEL_MIN_SCORES
from dangvien.assessment.selectors import competent_body, filed_organizations, paths_on
from dangvien.audit.services import recorded_by
from dangvien.core.dates import refuse_future
from dangvien.core.exceptions import ValidationFailed
from dangvien.interchange.bundle import Row
from dangvien.interchange.problems import (
    Problem,
    Unreadable,
    duplicate,
    error_message,
    read_date,
    read_integer,
    refusal_problem,
    required,
    unknown_value,
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
            gettext_lazy(
                "Code of the organization whose committee decided (empty: the competent body "
                "of the rulebook on the decision date)."
            ),
            mandatory=True,
        ),
    ),
)
HISTORY = BundleFile(
    "assessment_history.csv",
    gettext_lazy(
        "Earlier results that a correction superseded (dangvien's, optional): the same columns; "
        "assessments.csv holds the result in force."
    ),
    FILE.columns,
    extension=True,
)
# the fields the rules name → the columns of the file
COLUMNS = {"decided_by": "decided_by_code", "decided_on": "decided_on", "code": "code"}


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
class _Candidate:
    """A row read and checked cell by cell, before the rules that need the database."""

    row: Row
    subject: str
    subject_id: int  # the member's or the organization's id
    year: int
    level: str
    score: int | None
    decided_on: date
    decided_by_id: int | None  # None: the cell was empty (the competent body of the rulebook)
    earlier: bool = False  # a row of assessment_history.csv


def _write(context: ImportContext, candidates: list[_Candidate]) -> None:
    """The rules of ``assessment_record`` (``rules.py``) on every row, with what they need
    looked up in a few queries for the whole file; then the results in bulk. The import's own
    audit row records the load (no audit row per result, as for the members' bulk load); the
    cap on "excellent" is not re-judged on past results."""
    problems = context.problems
    members = [c for c in candidates if c.subject == Subject.MEMBER]
    filed_members = filed_organizations((c.subject_id, c.decided_on) for c in members)

    def filed_of(candidate: _Candidate) -> int | None:
        if candidate.subject == Subject.MEMBER:
            return filed_members[(candidate.subject_id, candidate.decided_on)]
        return candidate.subject_id

    candidates = _deciders(candidates, filed_of)
    subject_paths = paths_on(
        [(f, c.decided_on) for c in candidates if (f := filed_of(c)) is not None], last=True
    )
    decider_paths = paths_on(
        (c.decided_by_id, c.decided_on) for c in candidates if c.decided_by_id is not None
    )
    organizations = Organization.objects.in_bulk(
        {c.decided_by_id for c in candidates if c.decided_by_id is not None}
        | {f for c in candidates if (f := filed_of(c))}
    )
    allowed: dict[int, bool] = {}

    def may_change(organization_id: int) -> bool:
        if organization_id not in allowed:
            allowed[organization_id] = can(
                context.actor, AssessmentPermission.CHANGE, organizations[organization_id]
            )
        return allowed[organization_id]

    existing = _current(candidates)
    user, name = recorded_by(context.actor)
    band_rules: dict[date, dict[str, int]] = {}

    def bands(on: date) -> dict[str, int]:
        if on not in band_rules:
            band_rules[on] = LEVEL_MIN_SCORES(on=on)
        return band_rules[on]

    chains: dict[tuple[str, int, int], list[AssessmentResult]] = {}
    lines: dict[tuple[str, int, int], list[_Candidate]] = {}
    # the earlier results of a subject and year first, by date; the result in force last
    ordered = sorted(candidates, key=lambda c: (not c.earlier, c.decided_on, c.row.line))
    for c in ordered:
        row = c.row
        try:
            refuse_future(c.decided_on, "decided_on")
        except ValidationFailed as error:
            problems.append(Problem(row.file, row.line, "decided_on", str(error.message)))
            continue
        filed = filed_of(c)
        # The score bands in force on the decision date (rulebook assessment.level_min_scores,
        # the same check as the web and the API): a score below the band of the level is
        # refused; before Quy định 366-QĐ/TW the rulebook sets no bands, so a historic level
        # with any score, or none, is taken as decided. The cap on "excellent" is checked when
        # a level is decided, not when past results are loaded.
        verdict = (
            rules.year_verdict(c.year, c.decided_on)
            or rules.band_verdict(c.level, c.score, bands(c.decided_on))
            or (rules.member_verdict(filed, c.decided_on) if c.subject == Subject.MEMBER else None)
        )
        if verdict is None and filed is not None:
            verdict = rules.decider_verdict(
                subject_paths.get((filed, c.decided_on)),
                decider_paths.get((c.decided_by_id, c.decided_on))
                if c.decided_by_id is not None
                else None,
                c.decided_on,
            )
        key = (c.subject, c.subject_id, c.year)
        before = lines.get(key)
        if verdict is None and before:
            verdict = rules.correction_date_verdict(before[-1].decided_on, c.decided_on)
        if verdict is not None:
            problems.append(refusal_problem(row, verdict, COLUMNS.get(verdict.field)))
            continue
        assert filed is not None
        assert c.decided_by_id is not None
        if not (may_change(filed) and may_change(c.decided_by_id)):
            problems.append(Problem(row.file, row.line, "code", error_message(PermissionDenied())))
            continue
        lines.setdefault(key, []).append(c)
        chains.setdefault(key, []).append(
            AssessmentResult(
                subject=c.subject,
                member_id=c.subject_id if c.subject == Subject.MEMBER else None,
                organization_id=filed,
                year=c.year,
                level=c.level,
                score=c.score,
                decided_on=c.decided_on,
                decided_by_id=c.decided_by_id,
                actor=user,
                actor_name=name,
            )
        )
    for key, chain in list(chains.items()):
        standing = existing.get(key)
        if standing is None:
            continue
        last, line = chain[-1], lines[key][-1]
        if (standing.level, standing.score, standing.decided_on, standing.decided_by_id) == (
            last.level, last.score, last.decided_on, last.decided_by_id,
        ):  # fmt: skip
            del chains[key]  # recorded identically already: importing twice changes nothing
            continue
        verdict = rules.duplicate_verdict(standing.level, last.year)
        if verdict is not None:
            problems.append(refusal_problem(line.row, verdict))
    if problems:
        return
    # a chain is written step by step: each correction names the result it supersedes
    depth = 0
    while True:
        layer = [
            (chain[depth], chain[depth - 1] if depth else None)
            for chain in chains.values()
            if len(chain) > depth
        ]
        if not layer:
            break
        for result, previous in layer:
            result.supersedes = previous
        AssessmentResult.objects.bulk_create(
            [result for result, _previous in layer], batch_size=2000
        )
        context.count("assessments_created", len(layer))
        depth += 1


def _deciders(
    candidates: list[_Candidate], filed_of: Callable[[_Candidate], int | None]
) -> list[_Candidate]:
    """The rows whose decided_by_code is empty name the competent body of the rulebook on the
    decision date (as the web form does), else the organization the result is filed under."""
    found: dict[tuple[str, int, date], int] = {}
    resolved = []
    for c in candidates:
        filed = filed_of(c)
        if c.decided_by_id is not None or filed is None:
            resolved.append(c)
            continue
        key = (c.subject, filed, c.decided_on)
        if key not in found:
            body = competent_body(c.subject, Organization.objects.get(pk=filed), c.decided_on)
            found[key] = body.pk if body is not None else filed
        resolved.append(replace(c, decided_by_id=found[key]))
    return resolved


def _current(candidates: list[_Candidate]) -> dict[tuple[str, int, int], AssessmentResult]:
    """The results in force for the subjects and years of the file."""
    found: dict[tuple[str, int, int], AssessmentResult] = {}
    years = sorted({c.year for c in candidates})
    for subject, field in (
        (Subject.MEMBER, "member_id"),
        (Subject.ORGANIZATION, "organization_id"),
    ):
        ids = sorted({c.subject_id for c in candidates if c.subject == subject})
        for start in range(0, len(ids), 500):
            for result in AssessmentResult.objects.current().filter(
                subject=subject, year__in=years, **{f"{field}__in": ids[start : start + 500]}
            ):
                found[(subject, getattr(result, field), result.year)] = result
    return found


def _read(
    context: ImportContext,
    spec: BundleFile,
    member_ids: dict[str, int],
    org_ids: dict[str, int],
    *,
    earlier: bool,
) -> list[_Candidate]:
    """The rows of ``spec`` checked cell by cell (problems reported); in assessments.csv one
    result per subject and year, in the history file any number (a chain of corrections)."""
    problems = context.problems
    seen: dict[tuple[str, str, int], int] = {}
    candidates: list[_Candidate] = []
    for row in context.bundle.rows(spec.name):
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
        if by_code and by_code not in org_ids:
            problems.append(Problem(row.file, row.line, "decided_by_code", unknown_code(by_code)))
            continue
        verdict = rules.level_verdict(level) or rules.score_verdict(score)
        if verdict is not None:
            problems.append(refusal_problem(row, verdict))
            continue
        key = (subject, code, year)
        if key in seen and not earlier:
            problems.append(
                Problem(row.file, row.line, "year", duplicate(f"{code} {year}", seen[key]))
            )
            continue
        seen[key] = row.line
        if decided_on is None:
            continue
        candidates.append(
            _Candidate(
                row,
                subject,
                known[code],
                year,
                level,
                score,
                decided_on,
                org_ids[by_code] if by_code else None,
                earlier,
            )
        )
    return candidates


@dataclass(frozen=True)
class AssessmentSection:
    # no fields: equal instances, so that a second ready() (tests) registers the same value
    label = gettext_lazy("Quality assessment")
    files = (FILE, HISTORY)
    counts = {"assessments_created": gettext_lazy("Assessment results")}

    def load(self, context: ImportContext) -> None:
        bundle = context.bundle
        if not bundle.has(FILE.name):
            return
        org_ids = organization_ids(context)
        member_ids = _member_ids(
            {
                row.get("code")
                for spec in (FILE, HISTORY)
                if bundle.has(spec.name)
                for row in bundle.rows(spec.name)
                if row.get("subject") == "member"
            }
        )
        candidates: list[_Candidate] = []
        for spec in (HISTORY, FILE):
            if bundle.has(spec.name):
                candidates.extend(
                    _read(context, spec, member_ids, org_ids, earlier=spec is HISTORY)
                )
        if candidates:
            _write(context, candidates)

    def export(self, context: ExportContext) -> None:
        scope = exported_organizations(context)
        results = AssessmentResult.objects.all()
        if scope is not None:
            results = results.filter(organization_id__in=scope)
        codes = dict(Organization.objects.values_list("pk", "code"))
        keys = dict(
            Member.objects.filter(
                pk__in=results.filter(member__isnull=False).values("member_id")
            ).values_list("pk", "member_key")
        )

        def line(result: AssessmentResult) -> dict[str, object]:
            decided_by = codes[result.decided_by_id]
            if scope is not None and result.decided_by_id not in scope and context.scope:
                # a decision taken above the subtree: the subtree's root stands for that
                # committee (a code the bundle holds), so that it reads back the same
                decided_by = context.scope
            return {
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

        order = ("year", "subject", "organization_id", "member_id", "decided_on", "id")
        with context.open(FILE.name) as out:
            for result in results.current().order_by(*order):
                out.write(line(result))
        superseded = results.filter(superseded_by__isnull=False)
        if superseded.exists():  # no file without corrections: the contract's bundle alone
            with context.open(HISTORY.name) as out:
                for result in superseded.order_by(*order):
                    out.write(line(result))


def _iso(value: date) -> str:
    return value.isoformat()
