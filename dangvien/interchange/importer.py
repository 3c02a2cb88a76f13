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
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone

from dangvien.accounts.scoping import granted_paths
from dangvien.audit.context import current_request_id
from dangvien.audit.models import AuditEvent
from dangvien.audit.services import AuditAction, record, recorded_by
from dangvien.committees.choices import Post
from dangvien.committees.models import CommitteePost
from dangvien.committees.services import committee_post_assign
from dangvien.core.exceptions import DomainError
from dangvien.core.text import fold
from dangvien.interchange.bundle import Bundle, BundleError, Row
from dangvien.members.choices import MemberEventType, PoliticalTheory
from dangvien.members.models import Member, MemberEvent, MemberPeriod
from dangvien.members.services import NATIONAL_ID
from dangvien.members.transitions import LedgerEntry, PeriodRow, replay
from dangvien.organizations.choices import OrganizationKind
from dangvien.organizations.models import (
    Organization,
    OrganizationChange,
    OrganizationVersion,
)
from dangvien.organizations.services import (  # the rules organization_create applies
    Decision,
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
from dangvien.targets.models import AdmissionTarget, Population
from dangvien.targets.services import admission_target_set, population_set

E = MemberEventType
EVENT_TYPES = {
    "transfer": E.TRANSFERRED,
    "temporary_out": E.TEMPORARY_OUT,
    "temporary_return": E.TEMPORARY_RETURN,
    "exempt": E.EXEMPTED,
    "exempt_end": E.EXEMPTION_ENDED,
    "removed": E.REMOVED,
    "resigned": E.RESIGNED,
    "expelled": E.EXPELLED,
    "died": E.DIED,
    # Extensions of the contract (written by `dangvien export`, accepted on import).
    "transfer_issued": E.TRANSFER_ISSUED,
    "transfer_received": E.TRANSFER_RECEIVED,
    "transfer_cancelled": E.TRANSFER_CANCELLED,
    "readmitted": E.READMITTED,
    "recognised": E.RECOGNISED,
}
EVENTS_WITH_ORGANIZATION = {E.TRANSFERRED, E.TEMPORARY_OUT, E.TRANSFER_ISSUED, E.READMITTED}
CHUNK = 5000


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.column}: {self.message}"


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

    def as_dict(self) -> dict[str, int]:
        return {k: v for k, v in self.__dict__.items() if k != "problems"}


class _Rollback(Exception):
    """Raised inside the transaction to undo a dry run or a failed import."""


def _date(row: Row, column: str, problems: list[Problem], *, required: bool = False) -> date | None:
    raw = row.get(column)
    if not raw:
        if required:
            problems.append(Problem(row.file, row.line, column, "bắt buộc (required)"))
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        problems.append(
            Problem(row.file, row.line, column, f"ngày không hợp lệ '{raw}' (YYYY-MM-DD)")
        )
        return None


def _message(error: Exception) -> str:
    if isinstance(error, PermissionDenied):
        return "không có quyền (permission denied)"
    return str(error)


class Importer:
    def __init__(
        self, bundle: Bundle, *, actor: Any, progress: Callable[[str, int], None] | None = None
    ) -> None:
        self.bundle = bundle
        self.actor = actor
        self.progress = progress or (lambda _stage, _count: None)
        self.problems: list[Problem] = []
        self.result = ImportResult()
        self.rules = RuleBook()
        self.org_ids: dict[str, int] = {}

    # -- organizations ---------------------------------------------------------------------

    def load_organizations(self) -> None:
        rows: dict[str, Row] = {}
        for row in self.bundle.rows("organizations.csv"):
            code = row.get("code")
            if not code:
                self.problems.append(Problem(row.file, row.line, "code", "bắt buộc (required)"))
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
                self.problems.append(Problem(row.file, row.line, "name", "bắt buộc (required)"))
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
                self.problems.append(Problem(row.file, row.line, needed, "bắt buộc (required)"))
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
        # that order), then dissolutions.
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
        for _day, _group, _depth, _order, kind, row in operations:
            try:
                if bulk is not None:
                    if kind == "create" and bulk.add(row):
                        continue
                    # anything else goes through the services, which must see the foundings
                    bulk.flush()
                with transaction.atomic():
                    self._apply_one(kind, row)
            except (DomainError, PermissionDenied) as error:
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
        column = "code"
        if isinstance(error, DomainError) and error.field in {"parent", "survivor"}:
            column = "parent_code"
        self.problems.append(Problem(row.file, row.line, column, _message(error)))

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
                    raise DomainError(
                        f"tổ chức cấp trên {row.get('parent_code')} chưa tồn tại vào ngày "
                        f"{established:%d/%m/%Y}",
                        field="parent",
                    )
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
        events_by_member: dict[str, list[tuple[int, str, date, str, str]]] = defaultdict(list)
        for row in self.bundle.rows("member_events.csv"):
            event = row.get("event")
            if event not in EVENT_TYPES:
                self.problems.append(
                    Problem(row.file, row.line, "event", f"sự kiện không hợp lệ '{event}'")
                )
                continue
            if _date(row, "effective_on", self.problems, required=True) is None:
                continue
            org_code = row.get("organization_code")
            if EVENT_TYPES[event] in EVENTS_WITH_ORGANIZATION and not org_code:
                self.problems.append(
                    Problem(row.file, row.line, "organization_code", "bắt buộc với sự kiện này")
                )
                continue
            if org_code and org_code not in self.org_ids:
                self.problems.append(
                    Problem(
                        row.file, row.line, "organization_code", f"không có tổ chức mã {org_code}"
                    )
                )
                continue
            # compact: interned event names and codes, dates parsed once (1M members ≈ 3M rows)
            events_by_member[row.get("member_id")].append(
                (
                    row.line,
                    sys.intern(event),
                    date.fromisoformat(row.get("effective_on")),
                    sys.intern(org_code),
                    row.get("note") or "",
                )
            )
        self.timelines = _OrganizationTimelines()
        seen_keys: set[str] = set()
        seen_ids: dict[str, int] = {}
        chunk: list[Row] = []
        count = 0
        for row in self.bundle.rows("members.csv"):
            key = row.get("member_id")
            if not key:
                self.problems.append(
                    Problem(row.file, row.line, "member_id", "bắt buộc (required)")
                )
                continue
            if key in seen_keys:
                self.problems.append(
                    Problem(row.file, row.line, "member_id", f"mã {key} lặp lại (duplicate)")
                )
                continue
            seen_keys.add(key)
            national_id = row.get("national_id")
            if national_id:
                if national_id in seen_ids:
                    self.problems.append(
                        Problem(
                            row.file,
                            row.line,
                            "national_id",
                            f"trùng số CCCD với dòng {seen_ids[national_id]}",
                        )
                    )
                seen_ids[national_id] = row.line
            chunk.append(row)
            if len(chunk) >= CHUNK:
                count += len(chunk)
                self._members_chunk(chunk, events_by_member)
                self.progress("members", count)
                chunk = []
        if chunk:
            count += len(chunk)
            self._members_chunk(chunk, events_by_member)
            self.progress("members", count)
        unknown = set(events_by_member) - seen_keys
        existing_keys = set(
            Member.objects.filter(member_key__in=list(unknown)).values_list("member_key", flat=True)
        )
        for key in sorted(unknown):
            line = events_by_member[key][0][0]
            message = (
                f"đảng viên {key} đã có: sự kiện của đảng viên đã có phải đi kèm dòng của họ trong "
                "members.csv (existing member without a members.csv row)"
                if key in existing_keys
                else f"không có đảng viên mã {key}"
            )
            self.problems.append(Problem("member_events.csv", line, "member_id", message))

    def _members_chunk(
        self, rows: list[Row], events_by_member: dict[str, list[tuple[int, str, date, str, str]]]
    ) -> None:
        keys = [r.get("member_id") for r in rows]
        existing = {m.member_key: m for m in Member.objects.filter(member_key__in=keys)}
        taken_ids = dict(
            Member.objects.filter(
                national_id__in=[r.get("national_id") for r in rows if r.get("national_id")]
            ).values_list("national_id", "member_key")
        )
        new_members: list[Member] = []
        ledgers: list[tuple[Member, list[tuple[LedgerEntry, dict[str, Any]]], list[PeriodRow]]] = []
        for row in rows:
            before = len(self.problems)
            member = self._member_from_row(row, taken_ids)
            # pop: a member's events are needed once; memory falls as members are loaded
            entries = self._entries(row, events_by_member.pop(row.get("member_id"), []))
            if member is None or entries is None or len(self.problems) > before:
                continue
            periods = self._replay(row, entries)
            if periods is None:
                continue
            current = existing.get(member.member_key)
            if current is not None:
                stored = [
                    (e.type, e.effective_on, e.organization_id)
                    for e in MemberEvent.objects.filter(member=current).order_by(
                        "effective_on", "id"
                    )
                ]
                wanted = [
                    (
                        e.type,
                        e.effective_on,
                        e.organization_id or _organization_at(periods, e.effective_on),
                    )
                    for e, _extra in sorted(entries, key=lambda x: (x[0].effective_on, x[0].key))
                ]
                if sorted(stored, key=str) != sorted(wanted, key=str):
                    self.problems.append(
                        Problem(
                            row.file,
                            row.line,
                            "member_id",
                            "đảng viên đã có với lịch sử khác (exists with a different history)",
                        )
                    )
                else:
                    self.result.members_unchanged += 1
                continue
            new_members.append(member)
            ledgers.append((member, entries, periods))
        if self.problems or not new_members:
            return
        # Raw multi-row writes (COPY on PostgreSQL, executemany on SQLite): the ORM's
        # bulk_create spends most of an import compiling per-row SQL. Member ids are allocated
        # up front so events and periods can reference them without reading them back.
        actor_name = (
            self.actor.get_username() if getattr(self.actor, "is_authenticated", False) else ""
        )
        actor_id = self.actor.pk if actor_name else None
        ids = _allocate_ids(Member, len(new_members))
        now = timezone.now()
        member_fields = list(Member._meta.concrete_fields)
        member_rows = []
        for pk, member in zip(ids, new_members, strict=True):
            member.pk = pk
            member.created_at = member.updated_at = now
            member_rows.append(tuple(getattr(member, f.attname) for f in member_fields))
        _write(Member, [f.column for f in member_fields], member_rows)
        event_rows = [
            (
                member.pk,
                entry.type,
                entry.effective_on,
                entry.organization_id or _organization_at(periods, entry.effective_on),
                None,
                extra.get("decision_number", "") or "",
                extra.get("decision_date"),
                "",
                extra.get("note", "") or "",
                _json({"import": extra.get("source", "")}),
                None,
                now,
                actor_id,
                actor_name,
            )
            for member, entries, periods in ledgers
            for entry, extra in sorted(entries, key=lambda x: (x[0].effective_on, x[0].key))
        ]
        _write(MemberEvent, _EVENT_COLUMNS, event_rows)
        _write(
            MemberPeriod,
            _PERIOD_COLUMNS,
            [
                (
                    member.pk,
                    p.organization_id,
                    p.valid_from,
                    p.valid_to,
                    p.status,
                    p.is_exempted,
                    p.host_organization_id,
                    p.transit_to_id,
                    member.sex,
                )
                for member, _entries, periods in ledgers
                for p in periods
            ],
        )
        events = event_rows
        self.result.members_created += len(new_members)
        self.result.events_created += len(events)

    def _member_from_row(self, row: Row, taken_ids: dict[str, str]) -> Member | None:
        problems = self.problems
        name = " ".join(row.get("full_name").split())
        if not name:
            problems.append(Problem(row.file, row.line, "full_name", "bắt buộc (required)"))
        sex = row.get("sex").upper()
        if sex not in {"M", "F"}:
            problems.append(
                Problem(
                    row.file, row.line, "sex", f"phải là M hoặc F, không phải '{row.get('sex')}'"
                )
            )
        birth = _date(row, "birth_date", problems)
        national_id = row.get("national_id")
        if national_id:
            if not NATIONAL_ID.match(national_id):
                problems.append(
                    Problem(row.file, row.line, "national_id", "số CCCD phải có đúng 12 chữ số")
                )
            elif taken_ids.get(national_id, row.get("member_id")) != row.get("member_id"):
                problems.append(
                    Problem(
                        row.file,
                        row.line,
                        "national_id",
                        f"số CCCD đã thuộc đảng viên {taken_ids[national_id]}",
                    )
                )
        theory = row.get("political_theory")
        if theory and theory not in PoliticalTheory.values:
            problems.append(
                Problem(row.file, row.line, "political_theory", f"trình độ không hợp lệ '{theory}'")
            )
        decision_on = _date(row, "decision_on", problems)
        admitted_on = _date(row, "admitted_on", problems, required=True)
        if decision_on and admitted_on and decision_on > admitted_on:
            problems.append(
                Problem(
                    row.file, row.line, "admitted_on", "lễ kết nạp trước ngày quyết định kết nạp"
                )
            )
        if birth and admitted_on:
            vote_on = decision_on or admitted_on
            minimum = int(self.rules("admission.min_age_months", vote_on))
            from dangvien.core.dates import months_between

            if birth >= vote_on or months_between(birth, vote_on) < minimum:
                problems.append(
                    Problem(
                        row.file,
                        row.line,
                        "birth_date",
                        f"chưa đủ {minimum // 12} tuổi vào ngày {vote_on:%d/%m/%Y}",
                    )
                )
        return Member(
            member_key=row.get("member_id"),
            full_name=name,
            search_name=fold(name),
            sex=sex,
            birth_date=birth,
            national_id=national_id,
            ethnicity=row.get("ethnicity"),
            religion=row.get("religion"),
            education=row.get("education"),
            political_theory=theory,
            birth_place=row.get("birth_place"),
            home_town=row.get("home_town"),
            occupation=row.get("occupation"),
            phone=row.get("phone"),
            address=row.get("address"),
            party_card_number=row.get("party_card_number"),
            other_names=row.get("other_names"),
            professional_qualification=row.get("professional_qualification"),
            introducers=row.get("introducers"),
        )

    def _in_member_scope(self, org_id: int | None) -> bool:
        """Whether the actor may change members of that organization (as the services require)."""
        if org_id is None:
            return True
        if not hasattr(self, "_member_scope"):
            paths = granted_paths(self.actor, "members.change")
            self._member_scope: set[int] | None = (
                None
                if paths is None
                else {
                    pk
                    for pk, path in Organization.objects.values_list("pk", "path")
                    if any(path.startswith(granted) for granted in paths)
                }
            )
        return self._member_scope is None or org_id in self._member_scope

    def _entries(
        self, row: Row, events: list[tuple[int, str, date, str, str]]
    ) -> list[tuple[LedgerEntry, dict[str, Any]]] | None:
        org_code = row.get("organization_code")
        if org_code not in self.org_ids:
            self.problems.append(
                Problem(row.file, row.line, "organization_code", f"không có tổ chức mã {org_code}")
            )
            return None
        if not self._in_member_scope(self.org_ids[org_code]):
            self.problems.append(
                Problem(
                    row.file,
                    row.line,
                    "organization_code",
                    f"không có quyền với tổ chức {org_code} (permission denied)",
                )
            )
            return None
        for line, _event, _day, code, _note in events:
            if code and not self._in_member_scope(self.org_ids.get(code)):
                self.problems.append(
                    Problem(
                        "member_events.csv",
                        line,
                        "organization_code",
                        f"không có quyền với tổ chức {code} (permission denied)",
                    )
                )
                return None
        admitted_on = date.fromisoformat(row.get("admitted_on"))
        entries: list[tuple[LedgerEntry, dict[str, Any]]] = [
            (
                LedgerEntry(0, E.ADMITTED, admitted_on, self.org_ids[org_code]),
                {
                    "decision_date": _date(row, "decision_on", []),
                    "decision_number": row.get("decision_number"),
                    "source": f"{row.file}:{row.line}",
                    "column": "admitted_on",
                },
            )
        ]
        official = _date(row, "official_on", [])
        if official:
            entries.append(
                (
                    LedgerEntry(1, E.RECOGNISED, official, None),
                    {"source": f"{row.file}:{row.line}", "column": "official_on"},
                )
            )
        for index, (line, event, effective_on, code, note) in enumerate(events, start=2):
            entries.append(
                (
                    LedgerEntry(
                        index,
                        EVENT_TYPES[event],
                        effective_on,
                        self.org_ids.get(code) if code else None,
                    ),
                    {"note": note, "source": f"member_events.csv:{line}", "column": "effective_on"},
                )
            )
        return self.timelines.add_reassignments(entries)

    def _replay(
        self, row: Row, entries: list[tuple[LedgerEntry, dict[str, Any]]]
    ) -> list[PeriodRow] | None:
        by_key = {e.key: extra for e, extra in entries}
        try:
            _state, periods = replay([e for e, _extra in entries], self.rules)
        except DomainError as error:
            key = getattr(error, "entry_key", None)
            extra = by_key.get(key) if key is not None else None
            file, line = extra["source"].rsplit(":", 1) if extra else (row.file, str(row.line))
            self.problems.append(
                Problem(file, int(line), extra["column"] if extra else "member_id", str(error))
            )
            return None
        for period in periods:
            problem = self.timelines.check_period(period)
            if problem:
                self.problems.append(Problem(row.file, row.line, "organization_code", problem))
                return None
        return periods

    # -- the rest --------------------------------------------------------------------------

    def load_committees(self) -> None:
        names = dict(Member.objects.values_list("member_key", "full_name"))
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
                    self.problems.append(
                        Problem(row.file, row.line, "member_id", "bắt buộc (required)")
                    )
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
                self.problems.append(
                    Problem(
                        row.file, row.line, getattr(error, "field", None) or "from", _message(error)
                    )
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
            if AdmissionTarget.objects.filter(
                organization_id=self.org_ids[code],
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
                    )
                self.result.targets += 1
            except DomainError as error:
                self.problems.append(
                    Problem(row.file, row.line, error.field or "period_from", str(error))
                )

    def run(self) -> ImportResult:
        self.load_organizations()
        if not self.problems:
            self.load_members()
        if not self.problems:
            self.load_committees()
            self.load_targets()
        self.result.problems = self.problems
        return self.result


def _may_bulk_create(actor: Any) -> bool:
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
            raise DomainError(
                f"tổ chức cấp trên {code} chưa tồn tại vào ngày {on:%d/%m/%Y}", field="parent"
            )
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
                allowed = self.importer.rules("organization.allowed_parent_kinds", established)
                if parent_kind not in allowed.get(kind, []):
                    _check_parent_kind(kind, parent_kind, established, field_name="parent")
        except DomainError as error:
            self.importer._creation_problem(row, error)
            return True
        if not self.ids:
            # on SQLite the ids come from max(id): write what is pending before reserving more
            self._write_pending()
            self.ids = _allocate_ids(Organization, 5000)[::-1]
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
        _write(
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
        _write(
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
        _write(
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
        _write(
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


class _OrganizationTimelines:
    """Existence, kind and merges of every organization, in memory, for checking member periods."""

    def __init__(self) -> None:
        self.versions: dict[int, list[tuple[date, date | None, str]]] = defaultdict(list)
        for org_id, start, end, kind in OrganizationVersion.objects.order_by(
            "organization_id", "valid_from"
        ).values_list("organization_id", "valid_from", "valid_to", "kind"):
            self.versions[org_id].append((start, end, kind))
        self.ends: dict[int, tuple[date | None, int | None]] = {
            pk: (dissolved, merged)
            for pk, dissolved, merged in Organization.objects.values_list(
                "pk", "dissolved_on", "merged_into_id"
            )
        }
        self.codes = dict(Organization.objects.values_list("pk", "code"))

    def kind_at(self, org_id: int, on: date) -> str | None:
        for start, end, kind in self.versions.get(org_id, []):
            if start <= on and (end is None or end > on):
                return kind
        return None

    def add_reassignments(
        self, entries: list[tuple[LedgerEntry, dict[str, Any]]]
    ) -> list[tuple[LedgerEntry, dict[str, Any]]]:
        """Insert REASSIGNED entries where the member's organization was merged into another."""
        ordered = sorted(entries, key=lambda x: (x[0].effective_on, x[0].key))
        result: list[tuple[LedgerEntry, dict[str, Any]]] = []
        current: int | None = None
        member = False
        next_key = 10_000
        org_events = {E.ADMITTED, E.READMITTED, E.TRANSFERRED, E.REASSIGNED, E.TRANSFER_RECEIVED}

        def merges_before(day: date | None) -> None:
            nonlocal current, next_key
            while member and current is not None:
                dissolved, survivor = self.ends.get(current, (None, None))
                if survivor is None or dissolved is None or (day is not None and dissolved > day):
                    return
                next_key += 1
                result.append(
                    (
                        LedgerEntry(next_key, E.REASSIGNED, dissolved, survivor),
                        {
                            "note": f"merged into {self.codes.get(survivor, '')}",
                            "source": "",
                            "column": "",
                        },
                    )
                )
                current = survivor

        transit: int | None = None
        for entry, extra in ordered:
            merges_before(entry.effective_on)
            result.append((entry, extra))
            if entry.type in {E.ADMITTED, E.READMITTED}:
                member, current = True, entry.organization_id
            elif entry.type in org_events and entry.organization_id is not None:
                current = entry.organization_id
            elif entry.type == E.TRANSFER_ISSUED:
                transit = entry.organization_id
            elif entry.type == E.TRANSFER_RECEIVED:
                current, transit = transit, None
            elif entry.type in {E.REMOVED, E.RESIGNED, E.EXPELLED, E.DIED}:
                member = False
        merges_before(None)
        return result

    def check_period(self, period: PeriodRow) -> str | None:
        kind = self.kind_at(period.organization_id, period.valid_from)
        code = self.codes.get(period.organization_id, "?")
        if kind is None:
            return f"tổ chức {code} không tồn tại vào ngày {period.valid_from:%d/%m/%Y}"
        dissolved, _survivor = self.ends.get(period.organization_id, (None, None))
        if dissolved is not None and (period.valid_to is None or period.valid_to > dissolved):
            return f"tổ chức {code} đã giải thể ngày {dissolved:%d/%m/%Y} khi đảng viên còn sinh hoạt ở đó"
        return None


def _organization_at(periods: list[PeriodRow], on: date) -> int | None:
    """The member's organization on ``on`` (or the one they left that day), like the services."""
    found = None
    for period in periods:
        if period.valid_from <= on:
            found = period.organization_id
    return found


_EVENT_COLUMNS = [
    "member_id",
    "type",
    "effective_on",
    "organization_id",
    "from_organization_id",
    "decision_number",
    "decision_date",
    "decision_issuer",
    "note",
    "data",
    "corrects_id",
    "recorded_at",
    "actor_id",
    "actor_name",
]
_PERIOD_COLUMNS = [
    "member_id",
    "organization_id",
    "valid_from",
    "valid_to",
    "status",
    "is_exempted",
    "host_organization_id",
    "transit_to_id",
    "sex",
]


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _allocate_ids(model: Any, count: int) -> list[int]:
    """Reserve ``count`` primary keys of ``model`` (inside the import's write transaction)."""
    if not count:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count],
            )
            return [row[0] for row in cursor.fetchall()]
        # SQLite: the import holds the write lock (IMMEDIATE transaction), so max(id) is ours.
        cursor.execute(f'SELECT COALESCE(MAX("id"), 0) FROM "{table}"')  # noqa: S608
        start = cursor.fetchone()[0] + 1
        return list(range(start, start + count))


def _write(model: Any, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    """Insert ``rows`` (values in ``columns`` order) in as few statements as the database allows."""
    if not rows:
        return
    table = model._meta.db_table
    names = ", ".join(f'"{c}"' for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row(row)
            return
        by_column = {f.column: f.get_internal_type() for f in model._meta.concrete_fields}
        dates = [i for i, c in enumerate(columns) if by_column[c] == "DateField"]
        stamps = [i for i, c in enumerate(columns) if by_column[c] == "DateTimeField"]
        adapted: dict[datetime, str] = {}
        converted = []
        for row in rows:
            values = list(row)
            for i in dates:
                if values[i] is not None:
                    values[i] = values[i].isoformat()
            for i in stamps:
                value = values[i]
                if value is not None:
                    if value not in adapted:
                        adapted[value] = connection.ops.adapt_datetimefield_value(value)  # type: ignore[assignment]
                    values[i] = adapted[value]
            converted.append(values)
        marks = ", ".join("%s" for _ in columns)
        cursor.executemany(
            f'INSERT INTO "{table}" ({names}) VALUES ({marks})',  # noqa: S608
            converted,
        )


def import_bundle(
    path: Path | str,
    *,
    actor: Any,
    dry_run: bool = False,
    progress: Callable[[str, int], None] | None = None,
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
            importer = Importer(bundle, actor=actor, progress=progress)
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


def terminal_progress(stage: str, count: int) -> None:
    if sys.stderr.isatty():
        sys.stderr.write(f"\r{stage}: {count:,}".replace(",", "."))
        sys.stderr.flush()
