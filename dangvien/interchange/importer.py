"""Importing a bundle: all or nothing, every problem reported as ``file:row: column: message``.

Organizations and their changes go through the organization services one by one, in date
order (so the same rules apply: allowed parent kinds, no cycles, children not outliving their
parents …). Members are bulk-loaded, but each member's ledger is checked by the same state
machine and rulebook as the services (``transitions.replay`` with a ``RuleBook``), the same
profile rules and the same organization rules (existing that day, holding members), and their
periods are the replay's output. Committee posts, populations and targets go through their
services. Everything runs in one transaction: on any problem nothing is kept.

Importing the same bundle again changes nothing: organizations, changes, members whose ledger
is identical, posts, populations and targets that already exist are recognised and skipped.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from dangvien.accounts.types import Actor
from dangvien.audit.context import current_request_id
from dangvien.audit.models import AuditEvent
from dangvien.audit.services import AuditAction, record, recorded_by
from dangvien.committees.choices import Post
from dangvien.committees.models import CommitteePost
from dangvien.committees.services import committee_post_assign
from dangvien.core.decisions import Decision
from dangvien.core.exceptions import DomainError
from dangvien.core.text import fold
from dangvien.interchange.bulk import allocate_ids, write_rows
from dangvien.interchange.bundle import Bundle, BundleError, Row
from dangvien.interchange.members_load import MemberLoader
from dangvien.interchange.problems import REQUIRED, Problem, bad_date
from dangvien.members.models import Member
from dangvien.organizations.choices import OrganizationKind
from dangvien.organizations.models import (
    Organization,
    OrganizationChange,
    OrganizationVersion,
)
from dangvien.organizations.rule_keys import ALLOWED_PARENT_KINDS
from dangvien.organizations.services import (  # the rules organization_create applies
    _check_parent_kind,
    _check_sector,
    _state_at,
    organization_create,
    organization_dissolve,
    organization_merge,
    organization_move,
    organization_reclassify,
    organization_rename,
)
from dangvien.rules.selectors import RuleBook
from dangvien.targets.models import AdmissionTarget, Population, TargetKind
from dangvien.targets.services import admission_target_set, population_set


class ImportFailed(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s)")


@dataclass
class ImportResult:
    organizations_created: int = 0
    organization_changes: int = 0
    members_created: int = 0
    members_unchanged: int = 0
    events_created: int = 0
    posts_created: int = 0
    populations: int = 0
    targets: int = 0
    problems: list[Problem] = field(default_factory=list)
    # seconds spent per stage (not part of the counts)
    timings: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, int]:
        return {k: v for k, v in self.__dict__.items() if k not in {"problems", "timings"}}


class _Rollback(Exception):
    """Raised inside the transaction to undo a dry run or a failed import."""


def _date(row: Row, column: str, problems: list[Problem], *, required: bool = False) -> date | None:
    raw = row.get(column)
    if not raw:
        if required:
            problems.append(Problem(row.file, row.line, column, REQUIRED))
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        problems.append(Problem(row.file, row.line, column, bad_date(raw)))
        return None


def _message(error: Exception) -> str:
    if isinstance(error, PermissionDenied):
        return "không có quyền (permission denied)"
    return str(error)


class Importer:
    def __init__(
        self,
        bundle: Bundle,
        *,
        actor: Actor,
        progress: Callable[..., None] | None = None,
        dry_run: bool = False,
    ) -> None:
        self.bundle = bundle
        self.actor = actor
        self.dry_run = dry_run
        self.progress: Callable[..., None] = progress or (lambda *_args: None)
        self.problems: list[Problem] = []
        self.result = ImportResult()
        self.rules = RuleBook()
        self.org_ids: dict[str, int] = {}
        # code -> line of the organizations the file founds but that were refused
        self.refused: dict[str, int] = {}

    # -- organizations ---------------------------------------------------------------------

    def load_organizations(self) -> None:
        rows: dict[str, Row] = {}
        for row in self.bundle.rows("organizations.csv"):
            code = row.get("code")
            if not code:
                self.problems.append(Problem(row.file, row.line, "code", REQUIRED))
                continue
            if code in rows:
                self.problems.append(
                    Problem(row.file, row.line, "code", f"mã {code} lặp lại (duplicate)")
                )
                continue
            if row.get("kind") not in OrganizationKind.values:
                self.problems.append(
                    Problem(row.file, row.line, "kind", f"loại không hợp lệ '{row.get('kind')}'")
                )
            if not row.get("name"):
                self.problems.append(Problem(row.file, row.line, "name", REQUIRED))
            _date(row, "established_on", self.problems, required=True)
            dissolved = _date(row, "dissolved_on", self.problems)
            established = _date(row, "established_on", [])
            if dissolved and established and dissolved <= established:
                self.problems.append(
                    Problem(row.file, row.line, "dissolved_on", "phải sau ngày thành lập")
                )
            rows[code] = row
        existing = dict(Organization.objects.values_list("code", "pk"))
        for row in rows.values():
            parent = row.get("parent_code")
            if parent and parent not in rows and parent not in existing:
                self.problems.append(
                    Problem(row.file, row.line, "parent_code", f"không có tổ chức mã {parent}")
                )
        changes: list[Row] = []
        for row in self.bundle.rows("org_changes.csv"):
            code, change = row.get("code"), row.get("change")
            if code not in rows and code not in existing:
                self.problems.append(
                    Problem(row.file, row.line, "code", f"không có tổ chức mã {code}")
                )
            if change not in {"move", "rename", "merge", "reclassify"}:
                self.problems.append(
                    Problem(row.file, row.line, "change", f"thay đổi không hợp lệ '{change}'")
                )
            _date(row, "effective_on", self.problems, required=True)
            needed = {
                "move": "new_parent_code",
                "rename": "new_name",
                "merge": "merged_into_code",
                "reclassify": "new_kind",
            }.get(change or "")
            if needed and not row.get(needed):
                self.problems.append(Problem(row.file, row.line, needed, REQUIRED))
            for column in ("new_parent_code", "merged_into_code"):
                target = row.get(column)
                if target and target not in rows and target not in existing:
                    self.problems.append(
                        Problem(row.file, row.line, column, f"không có tổ chức mã {target}")
                    )
            if change == "merge" and code in rows:
                dissolved_text = rows[code].get("dissolved_on")
                if dissolved_text and dissolved_text != row.get("effective_on"):
                    self.problems.append(
                        Problem(
                            row.file,
                            row.line,
                            "effective_on",
                            f"khác ngày giải thể {dissolved_text} trong organizations.csv",
                        )
                    )
            changes.append(row)
        if self.problems:
            return
        self._apply_organizations(rows, changes)

    def _apply_organizations(self, rows: dict[str, Row], changes: list[Row]) -> None:
        # On one day: foundings (parents before children), then the changes in the order of
        # org_changes.csv (the 01/07/2025 sequence move → reclassify → merge is only valid in
        # that order), then dissolutions, deepest first in the tree of that day (so that a
        # district can end on the day of its last cells, whatever the order of the rows).
        merged_codes = {c.get("code") for c in changes if c.get("change") == "merge"}
        depth: dict[str, int] = {}

        def depth_of(code: str) -> int:
            if code not in depth:
                parent = rows[code].get("parent_code")
                depth[code] = 0 if not parent or parent not in rows else depth_of(parent) + 1
            return depth[code]

        operations: list[tuple[date, int, int, int, str, Row]] = []
        for order, (code, row) in enumerate(rows.items()):
            operations.append(
                (
                    date.fromisoformat(row.get("established_on")),
                    0,
                    depth_of(code),
                    order,
                    "create",
                    row,
                )
            )
            if row.get("dissolved_on") and code not in merged_codes:
                operations.append(
                    (date.fromisoformat(row.get("dissolved_on")), 2, 0, order, "dissolve", row)
                )
        for order, row in enumerate(changes):
            operations.append(
                (date.fromisoformat(row.get("effective_on")), 1, 0, order, row.get("change"), row)
            )
        operations.sort(key=lambda op: op[:4])
        bulk = _BulkOrganizations(self) if _may_bulk_create(self.actor) else None
        done = 0
        while done < len(operations):
            if _first_dissolution_of_its_day(operations, done):
                # the tree of that day, with its foundings and changes, decides the order
                if bulk is not None:
                    bulk.flush()
                _deepest_first(operations, done)
            _day, _group, _depth, _order, kind, row = operations[done]
            done += 1
            if done % 1000 == 0 or done == len(operations):
                self.progress("organizations", done, done / len(operations))
            try:
                if bulk is not None:
                    if kind == "create" and bulk.add(row):
                        continue
                    # anything else goes through the services, which must see the foundings
                    bulk.flush()
                with transaction.atomic():
                    self._apply_one(kind, row)
            except (DomainError, PermissionDenied) as error:
                if kind == "create":
                    self.refused.setdefault(row.get("code"), row.line)
                column = {"create": "code", "dissolve": "dissolved_on"}.get(kind, "effective_on")
                if isinstance(error, DomainError) and error.field in {"parent", "survivor"}:
                    column = (
                        "parent_code"
                        if kind == "create"
                        else "new_parent_code"
                        if kind == "move"
                        else "merged_into_code"
                    )
                self.problems.append(Problem(row.file, row.line, column, _message(error)))
            except Organization.DoesNotExist:
                self.problems.append(
                    Problem(row.file, row.line, "code", "tổ chức chưa được tạo (earlier error)")
                )
        if bulk is not None:
            bulk.flush()
        self.org_ids = dict(Organization.objects.values_list("code", "pk"))

    def _creation_problem(self, row: Row, error: Exception) -> None:
        self.refused.setdefault(row.get("code"), row.line)
        column = "code"
        if isinstance(error, DomainError) and error.field in {"parent", "survivor"}:
            column = "parent_code"
        self.problems.append(Problem(row.file, row.line, column, _message(error)))

    def _missing_parent(self, code: str, on: date) -> DomainError:
        """The error of a founding whose parent is missing: refused earlier in the file (its
        row is named, so that one mistake does not read as many), or not there that day."""
        line = self.refused.get(code)
        if line is not None:
            message = f"tổ chức cấp trên {code} không được tạo (lỗi ở dòng {line})"
        else:
            message = f"tổ chức cấp trên {code} chưa tồn tại vào ngày {on:%d/%m/%Y}"
        return DomainError(message, field="parent")

    def _org(self, code: str) -> Organization:
        return Organization.objects.get(code=code)

    def _apply_one(self, kind: str, row: Row) -> None:
        code = row.get("code")
        if kind == "create":
            established = date.fromisoformat(row.get("established_on"))
            existing = Organization.objects.filter(code=code).first()
            if existing is not None:
                first = existing.versions.order_by("valid_from").first()
                same = (
                    first is not None
                    and existing.established_on == established
                    and first.kind == row.get("kind")
                    and first.name == " ".join(row.get("name").split())
                    and (first.parent.code if first.parent else "") == row.get("parent_code")
                )
                if not same:
                    raise DomainError(
                        f"tổ chức mã {code} đã có với dữ liệu khác (exists with different data)"
                    )
                return
            parent = None
            if row.get("parent_code"):
                parent = Organization.objects.filter(code=row.get("parent_code")).first()
                if parent is None:
                    raise self._missing_parent(row.get("parent_code"), established)
            organization_create(
                actor=self.actor,
                code=code,
                name=row.get("name"),
                kind=row.get("kind"),
                sector=row.get("sector"),
                parent=parent,
                established_on=established,
            )
            self.result.organizations_created += 1
            return
        organization = self._org(code)
        on = date.fromisoformat(
            row.get("dissolved_on") if kind == "dissolve" else row.get("effective_on")
        )
        state = OrganizationVersion.objects.at(on).filter(organization=organization).first()
        if kind == "dissolve":
            if organization.dissolved_on == on:
                return
            organization_dissolve(actor=self.actor, organization=organization, effective_on=on)
        elif kind == "move":
            new_parent = self._org(row.get("new_parent_code"))
            if state is not None and state.parent_id == new_parent.pk:
                return
            organization_move(
                actor=self.actor, organization=organization, new_parent=new_parent, effective_on=on
            )
        elif kind == "rename":
            if state is not None and state.name == " ".join(row.get("new_name").split()):
                return
            organization_rename(
                actor=self.actor,
                organization=organization,
                name=row.get("new_name"),
                effective_on=on,
            )
        elif kind == "reclassify":
            child_kinds = dict(
                pair.split(":", 1) for pair in row.get("child_kinds").split(";") if ":" in pair
            )
            if (
                state is not None
                and state.kind == row.get("new_kind")
                and state.sector == row.get("new_sector")
            ):
                return
            organization_reclassify(
                actor=self.actor,
                organization=organization,
                kind=row.get("new_kind"),
                sector=row.get("new_sector"),
                child_kinds=child_kinds or None,
                effective_on=on,
            )
        elif kind == "merge":
            survivor = self._org(row.get("merged_into_code"))
            if organization.merged_into_id == survivor.pk and organization.dissolved_on == on:
                return
            organization_merge(
                actor=self.actor,
                absorbed=[organization],
                survivor=survivor,
                effective_on=on,
                decision=Decision(),
            )
        self.result.organization_changes += 1

    # -- members ---------------------------------------------------------------------------

    def load_members(self) -> None:
        counts = MemberLoader(
            self.bundle,
            actor=self.actor,
            org_ids=self.org_ids,
            rules=self.rules,
            problems=self.problems,
            progress=self.progress,
            dry_run=self.dry_run,
        ).run()
        self.result.members_created = counts.created
        self.result.members_unchanged = counts.unchanged
        self.result.events_created = counts.events
        self.result.timings.update(counts.timings)

    # -- the rest --------------------------------------------------------------------------

    def load_committees(self) -> None:
        if not self.bundle.has("committee_members.csv"):
            return
        # the names of the members the file names (not every member of the database)
        keys = {row.get("member_id") for row in self.bundle.rows("committee_members.csv")}
        keys.discard("")
        names: dict[str, str] = {}
        ordered = sorted(keys)
        for start in range(0, len(ordered), 5000):
            names.update(
                Member.objects.filter(member_key__in=ordered[start : start + 5000]).values_list(
                    "member_key", "full_name"
                )
            )
        for row in self.bundle.rows("committee_members.csv"):
            code, post = row.get("organization_code"), row.get("post")
            held_from = _date(row, "from", self.problems, required=True)
            held_to = _date(row, "to", self.problems)
            if code not in self.org_ids:
                self.problems.append(
                    Problem(row.file, row.line, "organization_code", f"không có tổ chức mã {code}")
                )
                continue
            if post not in Post.values:
                self.problems.append(
                    Problem(row.file, row.line, "post", f"chức vụ không hợp lệ '{post}'")
                )
                continue
            key = row.get("member_id")
            person = names.get(key) or row.get("full_name") or key
            if held_from is None or not person:
                if not person:
                    self.problems.append(Problem(row.file, row.line, "member_id", REQUIRED))
                continue
            if CommitteePost.objects.filter(
                organization_id=self.org_ids[code],
                post=post,
                person_key=key,
                person_name=person,
                held_from=held_from,
            ).exists():
                continue
            try:
                with transaction.atomic():
                    committee_post_assign(
                        actor=self.actor,
                        organization=self._org(code),
                        post=post,
                        person_name=person,
                        person_key=key,
                        held_from=held_from,
                        held_to=held_to,
                    )
                self.result.posts_created += 1
            except (DomainError, PermissionDenied) as error:
                # the service names its arguments; the problem names the column of the file
                field = getattr(error, "field", None) or "held_from"
                column = {"held_from": "from", "held_to": "to", "person_name": "member_id"}
                self.problems.append(
                    Problem(row.file, row.line, column.get(field, field), _message(error))
                )

    def load_targets(self) -> None:
        for row in self.bundle.rows("populations.csv"):
            code = row.get("organization_code")
            if code not in self.org_ids:
                self.problems.append(
                    Problem(row.file, row.line, "organization_code", f"không có tổ chức mã {code}")
                )
                continue
            try:
                year, population = int(row.get("year")), int(row.get("population"))
            except ValueError:
                self.problems.append(Problem(row.file, row.line, "population", "phải là số nguyên"))
                continue
            if Population.objects.filter(
                organization_id=self.org_ids[code], year=year, population=population
            ).exists():
                continue
            try:
                population_set(
                    actor=self.actor, organization=self._org(code), year=year, population=population
                )
                self.result.populations += 1
            except DomainError as error:
                self.problems.append(Problem(row.file, row.line, "population", str(error)))
        for row in self.bundle.rows("targets.csv"):
            code = row.get("organization_code")
            start = _date(row, "period_from", self.problems, required=True)
            end = _date(row, "period_to", self.problems, required=True)
            if code not in self.org_ids:
                self.problems.append(
                    Problem(row.file, row.line, "organization_code", f"không có tổ chức mã {code}")
                )
                continue
            try:
                admissions = int(row.get("admissions")) if row.get("admissions") else None
            except ValueError:
                self.problems.append(Problem(row.file, row.line, "admissions", "phải là số nguyên"))
                continue
            try:
                raw = row.get("members_per_population_percent").replace(",", ".")
                ratio = Decimal(raw) if raw else None
            except InvalidOperation:
                self.problems.append(
                    Problem(row.file, row.line, "members_per_population_percent", "phải là số")
                )
                continue
            if start is None or end is None:
                continue
            # the kind of period, as the web form chooses it (a year may lie inside a term);
            # admission_target_set checks it like every other figure
            kind = row.get("kind") or TargetKind.TERM
            if AdmissionTarget.objects.filter(
                organization_id=self.org_ids[code],
                kind=kind,
                period_from=start,
                period_to=end,
                admissions=admissions,
                members_per_population_percent=ratio,
            ).exists():
                continue
            try:
                with transaction.atomic():
                    admission_target_set(
                        actor=self.actor,
                        organization=self._org(code),
                        period_from=start,
                        period_to=end,
                        admissions=admissions,
                        members_per_population_percent=ratio,
                        kind=kind,
                    )
                self.result.targets += 1
            except DomainError as error:
                self.problems.append(
                    Problem(row.file, row.line, error.field or "period_from", str(error))
                )

    def run(self) -> ImportResult:
        stages = [
            ("organizations", self.load_organizations),
            ("members", self.load_members),
            ("committees", self.load_committees),
            ("targets", self.load_targets),
        ]
        for stage, load in stages:
            if self.problems:
                break
            started = time.monotonic()
            load()
            self.result.timings[stage] = round(time.monotonic() - started, 2)
        self.result.problems = self.problems
        return self.result


def _first_dissolution_of_its_day(operations: list[tuple[Any, ...]], index: int) -> bool:
    kind, day = operations[index][4], operations[index][0]
    previous = operations[index - 1] if index else None
    return kind == "dissolve" and (
        previous is None or previous[4] != "dissolve" or previous[0] != day
    )


def _deepest_first(operations: list[tuple[Any, ...]], start: int) -> None:
    """Reorder in place the dissolutions of one day that begin at ``start``: sub-organizations
    before their parents (by depth in the tree of that day, after its foundings and changes),
    otherwise in the order of the file. An organization is dissolved only once its
    sub-organizations ending the same day are (``organization_dissolve`` refuses a parent that
    still has sub-organizations that day)."""
    day = operations[start][0]
    end = start
    while end < len(operations) and operations[end][4] == "dissolve" and operations[end][0] == day:
        end += 1
    codes = sorted({operation[5].get("code") for operation in operations[start:end]})
    depth: dict[str, int] = {}
    for first in range(0, len(codes), 5000):
        depth.update(
            OrganizationVersion.objects.at(day)
            .filter(organization__code__in=codes[first : first + 5000])
            .values_list("organization__code", "depth")
        )
    operations[start:end] = sorted(
        operations[start:end], key=lambda operation: -depth.get(operation[5].get("code"), 0)
    )


def _may_bulk_create(actor: Actor) -> bool:
    """The bulk path skips the per-row permission checks, so only for a superuser actor."""
    return bool(
        actor is not None
        and getattr(actor, "is_authenticated", False)
        and getattr(actor, "is_superuser", False)
    )


class _BulkOrganizations:
    """Foundings applied in memory with the rules of ``organization_create``, written in bulk.

    For each new organization: the code is new; the parent exists on the founding date
    (a child cannot predate its parent); the parent's kind may hold this kind (rule
    ``organization.allowed_parent_kinds`` on that date); the sector fits the kind. Writes the
    same rows as the service: Organization, OrganizationVersion, OrganizationChange(created)
    and AuditEvent(create). A row that breaks a rule is reported like the service's error. An
    organization that already exists goes through ``_apply_one`` (the idempotence check); any
    other change first flushes the pending foundings and forgets the in-memory tree.
    """

    def __init__(self, importer: Importer) -> None:
        self.importer = importer
        self.existing = set(Organization.objects.values_list("code", flat=True))
        # code -> (pk, kind, path, established_on) of organizations founded by this import
        self.known: dict[str, tuple[int, str, str, date]] = {}
        self.pending: list[tuple[int, str, str, str, str, Any, str, date, str]] = []
        self.ids: list[int] = []
        actor = importer.actor
        user, self.actor_name = recorded_by(actor)
        self.actor_id = user.pk if user is not None else None

    def _parent_state(self, code: str, on: date) -> tuple[int, str, str]:
        known = self.known.get(code)
        if known is not None and known[3] <= on:
            return known[0], known[1], known[2]
        parent = Organization.objects.filter(code=code).first()
        if parent is None:
            raise self.importer._missing_parent(code, on)
        version = _state_at(parent, on, field_name="parent")
        return parent.pk, version.kind, version.path

    def add(self, row: Row) -> bool:
        """Validate and queue one founding; False when it must go through ``_apply_one``."""
        code = row.get("code")
        if code in self.existing:
            return False
        name = " ".join(row.get("name").split())
        kind, sector = row.get("kind"), row.get("sector")
        established = date.fromisoformat(row.get("established_on"))
        try:
            parent_id = None
            path_prefix = "/"
            parent_code = row.get("parent_code")
            if parent_code:
                parent_id, parent_kind, path_prefix = self._parent_state(parent_code, established)
            _check_sector(kind, sector)
            if parent_code:
                allowed = ALLOWED_PARENT_KINDS(on=established, rules=self.importer.rules)
                if parent_kind not in allowed.get(kind, []):
                    _check_parent_kind(kind, parent_kind, established, field_name="parent")
        except DomainError as error:
            self.importer._creation_problem(row, error)
            return True
        if not self.ids:
            # on SQLite the ids come from max(id): write what is pending before reserving more
            self._write_pending()
            self.ids = allocate_ids(Organization, 5000)[::-1]
        pk = self.ids.pop()
        path = f"{path_prefix}{pk}/"
        self.existing.add(code)
        self.known[code] = (pk, kind, path, established)
        self.pending.append(
            (pk, code, name, kind, sector, parent_id, parent_code, established, path)
        )
        self.importer.result.organizations_created += 1
        return True

    def flush(self) -> None:
        self.known.clear()
        # unused reserved ids are dropped: on SQLite the services' inserts take max(id) + 1
        self.ids = []
        self._write_pending()

    def _write_pending(self) -> None:
        if not self.pending:
            return
        pending, self.pending = self.pending, []
        now = timezone.now()
        content_type = ContentType.objects.get_for_model(Organization).pk
        request_id = current_request_id.get()
        organizations, versions, changes, audits = [], [], [], []
        for pk, code, name, kind, sector, parent_id, parent_code, established, path in pending:
            organizations.append((pk, now, now, code, established, None, None, path))
            versions.append(
                (
                    pk,
                    established,
                    None,
                    name,
                    kind,
                    sector,
                    parent_id,
                    path,
                    path.count("/") - 2,
                    fold(f"{code} {name}"),
                )
            )
            changes.append(
                (
                    pk,
                    "created",
                    established,
                    parent_id,
                    "",
                    None,
                    "",
                    _json(
                        {
                            "name": name,
                            "kind": kind,
                            "sector": sector,
                            "parent": parent_code or None,
                        }
                    ),
                    "",
                    now,
                    self.actor_id,
                    self.actor_name,
                )
            )
            after = {
                "name": name,
                "kind": kind,
                "sector": sector,
                "parent": parent_id,
                "path": path,
                "valid_from": established.isoformat(),
                "valid_to": None,
            }
            audits.append(
                (
                    now,
                    self.actor_id,
                    self.actor_name,
                    request_id,
                    AuditAction.CREATE,
                    content_type,
                    str(pk),
                    code[:300],
                    path,
                    None,
                    _json(after),
                    "created",
                )
            )
        write_rows(
            Organization,
            [
                "id",
                "created_at",
                "updated_at",
                "code",
                "established_on",
                "dissolved_on",
                "merged_into_id",
                "path",
            ],
            organizations,
        )
        write_rows(
            OrganizationVersion,
            [
                "organization_id",
                "valid_from",
                "valid_to",
                "name",
                "kind",
                "sector",
                "parent_id",
                "path",
                "depth",
                "search_text",
            ],
            versions,
        )
        write_rows(
            OrganizationChange,
            [
                "organization_id",
                "change_type",
                "effective_on",
                "related_organization_id",
                "decision_number",
                "decision_date",
                "decision_issuer",
                "data",
                "note",
                "recorded_at",
                "actor_id",
                "actor_name",
            ],
            changes,
        )
        write_rows(
            AuditEvent,
            [
                "recorded_at",
                "actor_id",
                "actor_name",
                "request_id",
                "action",
                "object_type_id",
                "object_id",
                "object_repr",
                "organization_path",
                "before",
                "after",
                "message",
            ],
            audits,
        )


def import_bundle(
    path: Path | str,
    *,
    actor: Actor,
    dry_run: bool = False,
    progress: Callable[..., None] | None = None,
) -> ImportResult:
    """Import a bundle; raises ``ImportFailed`` with every problem (and writes nothing) on error."""
    try:
        bundle = Bundle(Path(path))
    except BundleError as error:
        raise ImportFailed([Problem(str(path), 0, "-", str(error))]) from error
    result = ImportResult()
    try:
        with transaction.atomic():
            if connection.vendor == "sqlite":
                # a larger page cache for the index maintenance of a big load (this connection)
                with connection.cursor() as cursor:
                    cursor.execute("PRAGMA cache_size = -65536")
            importer = Importer(bundle, actor=actor, progress=progress, dry_run=dry_run)
            try:
                result = importer.run()
            except BundleError as error:
                result.problems = [Problem(str(path), 0, "-", str(error))]
            if result.problems:
                raise _Rollback
            changed = any(v for k, v in result.as_dict().items() if k != "members_unchanged")
            if changed:
                record(
                    actor=actor,
                    action=AuditAction.CREATE,
                    object_repr=f"import {Path(path).name}",
                    message="import " + ", ".join(f"{k}={v}" for k, v in result.as_dict().items()),
                )
            if dry_run:
                raise _Rollback
    except _Rollback:
        pass
    if result.problems:
        raise ImportFailed(result.problems)
    return result


# The stages that report progress, as the terminal and the web page name them.
STAGE_LABELS = {
    "organizations": gettext_lazy("Organizations"),
    "members": gettext_lazy("Party members"),
}


class TerminalProgress:
    """A progress bar on standard error (a terminal only): share of the file, rows, rate.

    ``progress(stage, count, fraction)`` is what the importer calls; ``close()`` ends the line.
    """

    def __init__(self, stream: Any = None, width: int = 24) -> None:
        self.stream = stream or sys.stderr
        self.width = width
        self.started = time.monotonic()
        self.stage = ""
        self.shown = False

    def __call__(self, stage: str, count: int, fraction: float | None = None) -> None:
        if not self.stream.isatty():
            return
        if stage != self.stage:
            self.close()
            self.stage, self.started = stage, time.monotonic()
        elapsed = max(time.monotonic() - self.started, 1e-6)
        rate = count / elapsed
        label = str(STAGE_LABELS.get(stage, stage))
        parts = [f"{label:<10}"]
        if fraction is not None:
            filled = round(self.width * fraction)
            parts.append("█" * filled + "░" * (self.width - filled) + f" {fraction:4.0%}")
            if 0 < fraction < 1:
                parts.append(f"còn ~{elapsed * (1 - fraction) / fraction:.0f} s")
        parts.append(f"{count:,} dòng · {rate:,.0f} dòng/s".replace(",", "."))
        self.stream.write("\r" + "  ".join(parts) + " ")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()
            self.shown = False


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
