"""The organizations' section of a bundle: organizations.csv and org_changes.csv.

Import: the rows are read and checked, then applied in date order through the organization
services (so the same rules hold: allowed parent kinds, no cycles, children not outliving their
parents …). On one day: foundings first (parents before children), then the rows of
org_changes.csv in file order (the 01/07/2025 sequence move → reclassify → merge is only valid
in that order), then the dissolutions of organizations.csv. For a system administrator the
foundings are checked in memory by ``organizations.rules`` (the rules ``organization_create``
applies) and written in bulk by ``organization_create_many``; anything else, and every founding
for other actors, goes through the services one by one.

Export: organizations as founded plus their recorded changes in the order they were recorded;
for a subtree, the organizations whose access path lies under the root (so those merged into
it too). One founded under a parent outside the subtree stands at the top until it moves or
merges in; a move to a parent outside the subtree is not written.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dangvien.accounts.types import Actor
from dangvien.core.dates import today
from dangvien.core.decisions import Decision
from dangvien.core.exceptions import DomainError
from dangvien.core.formatting import vn_date
from dangvien.core.verdicts import Verdict
from dangvien.interchange.bulk import ANALYZE_AFTER_ROWS, analyze
from dangvien.interchange.bundle import Row
from dangvien.interchange.problems import (
    Problem,
    duplicate,
    error_message,
    read_date,
    refusal_problem,
    required,
    unknown_value,
)
from dangvien.interchange.sections import (
    BundleFile,
    Column,
    ExportContext,
    ExportFailed,
    ImportContext,
)
from dangvien.organizations import rules
from dangvien.organizations.choices import ChangeType
from dangvien.organizations.models import Organization, OrganizationChange, OrganizationVersion
from dangvien.organizations.rule_keys import ALLOWED_PARENT_KINDS
from dangvien.organizations.services import (
    Founding,
    organization_create,
    organization_create_many,
    organization_dissolve,
    organization_merge,
    organization_move,
    organization_reclassify,
    organization_rename,
    organization_reserve_ids,
)

DATE = gettext_lazy("A date as YYYY-MM-DD (e.g. 2022-04-30).")
KINDS = gettext_lazy(
    "central (cấp Trung ương); provincial (đảng bộ tỉnh, thành phố trực thuộc TW, đảng bộ trực "
    "thuộc TW); upper_grassroots (cấp trên trực tiếp cơ sở: huyện/quận/thị xã before 07/2025, "
    "xã/phường/đặc khu after, đảng bộ khối, cơ quan); grassroots_committee (đảng bộ cơ sở); "
    "grassroots_cell (chi bộ cơ sở); sub_committee (đảng bộ bộ phận); cell (chi bộ trực thuộc)"
)
SECTORS = gettext_lazy(
    "Grassroots organizations: commune, ward, township, special_zone, agency, public_service, "
    "state_enterprise, non_state_enterprise, army, police, other. Cells (optional): "
    "residential (thôn, ấp, khu phố, tổ dân phố), school, health, enterprise, agency, other"
)

ORGANIZATIONS = BundleFile(
    "organizations.csv",
    gettext_lazy("One row per party organization that ever existed."),
    (
        Column(
            "code",
            gettext_lazy("Code of the organization, unique and stable (case-sensitive)."),
            mandatory=True,
        ),
        Column(
            "name",
            gettext_lazy(
                "Full name when founded, e.g. Đảng bộ xã Mỹ An (later renames go in org_changes)."
            ),
            mandatory=True,
        ),
        Column(
            "kind",
            format_lazy(gettext_lazy("Kind of organization: {kinds}."), kinds=KINDS),
            mandatory=True,
        ),
        Column(
            "sector",
            format_lazy(gettext_lazy("Official type (loại hình): {sectors}."), sectors=SECTORS),
        ),
        Column(
            "parent_code",
            gettext_lazy("Code of the organization above it when founded; empty for a root."),
        ),
        Column(
            "established_on",
            format_lazy("{} {}", gettext_lazy("Founding date."), DATE),
            mandatory=True,
        ),
        Column(
            "dissolved_on",
            format_lazy(
                "{} {}",
                gettext_lazy(
                    "Date it was dissolved or merged into another; empty while it exists."
                ),
                DATE,
            ),
        ),
    ),
    required=True,
)
CHANGES = BundleFile(
    "org_changes.csv",
    gettext_lazy("Changes after founding: move, rename, merge, reclassify."),
    (
        Column("code", gettext_lazy("Code of the organization that changes."), mandatory=True),
        Column(
            "change",
            gettext_lazy(
                "What changes: move (to another parent), rename, merge (into another "
                "organization; it ends that day), reclassify (another kind)."
            ),
            mandatory=True,
        ),
        Column(
            "effective_on",
            format_lazy("{} {}", gettext_lazy("Effective date."), DATE),
            mandatory=True,
        ),
        Column("new_parent_code", gettext_lazy("Code of the new parent (required for move).")),
        Column("new_name", gettext_lazy("The new name (required for rename).")),
        Column(
            "merged_into_code",
            gettext_lazy("Code of the organization it merges into (required for merge)."),
        ),
        Column(
            "new_kind",
            format_lazy(
                gettext_lazy("The new kind (required for reclassify): {kinds}."), kinds=KINDS
            ),
            extension=True,
        ),
        Column(
            "new_sector",
            format_lazy(
                gettext_lazy("The new official type when reclassified (optional): {sectors}."),
                sectors=SECTORS,
            ),
            extension=True,
        ),
        Column(
            "child_kinds",
            gettext_lazy(
                "The new kinds of the direct children changed in the same step (optional), "
                "e.g. cell:grassroots_cell;sub_committee:grassroots_committee."
            ),
            extension=True,
        ),
        Column(
            "child_sectors",
            gettext_lazy(
                "The official types the reclassified children take, by their former type "
                "(optional), e.g. residential:other;school:public_service; a type not named "
                "that does not fit the new kind is left empty."
            ),
            extension=True,
        ),
    ),
)
CHANGE_KINDS = ("move", "rename", "merge", "reclassify")
# the column each change needs
CHANGE_NEEDS = {
    "move": "new_parent_code",
    "rename": "new_name",
    "merge": "merged_into_code",
    "reclassify": "new_kind",
}
IDS = "organizations.ids"
EXPORTED = "organizations.exported"


def unknown_code(code: str) -> str:
    """The problem of a row naming an organization that neither the bundle nor the database has."""
    return _("no organization has the code %(code)s") % {"code": code}


def organization_ids(context: ImportContext) -> dict[str, int]:
    """Organization ids by code, as the organizations section left them (for later sections)."""
    ids = context.shared.get(IDS)
    if ids is None:
        ids = context.shared[IDS] = dict(Organization.objects.values_list("code", "pk"))
    return ids


def exported_organizations(context: ExportContext) -> set[int] | None:
    """The ids of the organizations of the export (``None``: the whole database)."""
    return context.shared.get(EXPORTED)


@dataclass(frozen=True)
class OrganizationsSection:
    # no fields: equal instances, so that a second ready() (tests) registers the same value
    label = gettext_lazy("Organizations")
    files = (ORGANIZATIONS, CHANGES)
    counts = {
        "organizations_created": gettext_lazy("Organizations created"),
        "organization_changes": gettext_lazy("Organization changes"),
    }

    def load(self, context: ImportContext) -> None:
        _Loader(context).load()

    def export(self, context: ExportContext) -> None:
        _export(context)


class _Loader:
    def __init__(self, context: ImportContext) -> None:
        self.context = context
        self.actor = context.actor
        self.problems = context.problems
        # code -> line of the organizations the file founds but that were refused
        self.refused: dict[str, int] = {}
        # code -> founding of the organizations of the file already in the database
        self.founded: dict[str, _Founded] = {}
        # the day no fact of the two files may follow, read once for both (asking the time
        # zone for each row of 340 000 organizations took 2.5 s)
        self.today = today()

    def load(self) -> None:
        rows = self._read_organizations()
        existing = dict(Organization.objects.values_list("code", "pk"))
        for row in rows.values():
            parent = row.get("parent_code")
            if parent and parent not in rows and parent not in existing:
                self.problems.append(
                    Problem(row.file, row.line, "parent_code", unknown_code(parent))
                )
        self._check_cycles(rows)
        changes = self._read_changes(rows, existing)
        if not self.problems:
            self._apply(rows, changes, existing)
        self.context.shared[IDS] = dict(Organization.objects.values_list("code", "pk"))

    def _read_organizations(self) -> dict[str, Row]:
        rows: dict[str, Row] = {}
        problems = self.problems
        for row in self.context.bundle.rows("organizations.csv"):
            code = row.get("code")
            if not code:
                problems.append(Problem(row.file, row.line, "code", required()))
                continue
            if code in rows:
                problems.append(
                    Problem(row.file, row.line, "code", duplicate(code, rows[code].line))
                )
                continue
            verdicts: list[Verdict] = [
                # taken or not is settled by the founding (an import may repeat one)
                rules.code_verdict(code, taken=False),
                rules.kind_verdict(row.get("kind")),
                rules.name_verdict(row.get("name")),
            ]
            problems += [refusal_problem(row, v) for v in verdicts if v is not None]
            established = read_date(
                row, "established_on", problems, mandatory=True, fact=True, today_is=self.today
            )
            dissolved = read_date(row, "dissolved_on", problems, fact=True, today_is=self.today)
            if dissolved and established:
                ending = rules.ending_verdict(code, established, dissolved)
                if ending is not None:
                    problems.append(refusal_problem(row, ending))
            rows[code] = row
        return rows

    def _check_cycles(self, rows: dict[str, Row]) -> None:
        """An organization founded under itself, or a ring of parents within the file."""
        settled: set[str] = set()
        for code in rows:
            chain: list[str] = []
            current: str | None = code
            while current in rows and current not in settled and current not in chain:
                chain.append(current)
                current = rows[current].get("parent_code") or None
            if current in chain:
                ring = chain[chain.index(current) :]
                for member in ring:
                    row = rows[member]
                    message = (
                        _("the organization cannot be its own parent")
                        if len(ring) == 1
                        else _("the parents form a cycle: %(cycle)s")
                        % {
                            "cycle": " → ".join(
                                [*ring[ring.index(member) :], *ring[: ring.index(member)], member]
                            )
                        }
                    )
                    self.problems.append(Problem(row.file, row.line, "parent_code", message))
            settled.update(chain)

    def _read_changes(self, rows: dict[str, Row], existing: dict[str, int]) -> list[Row]:
        problems = self.problems
        changes: list[Row] = []
        for row in self.context.bundle.rows("org_changes.csv"):
            code, change = row.get("code"), row.get("change")
            if code not in rows and code not in existing:
                problems.append(Problem(row.file, row.line, "code", unknown_code(code)))
            if change not in CHANGE_KINDS:
                problems.append(Problem(row.file, row.line, "change", unknown_value(change)))
            read_date(row, "effective_on", problems, mandatory=True, fact=True, today_is=self.today)
            needed = CHANGE_NEEDS.get(change)
            if needed and not row.get(needed):
                problems.append(Problem(row.file, row.line, needed, required()))
            for column in ("new_parent_code", "merged_into_code"):
                target = row.get(column)
                if target and target not in rows and target not in existing:
                    problems.append(Problem(row.file, row.line, column, unknown_code(target)))
            if change == "merge" and code in rows:
                dissolved = rows[code].get("dissolved_on")
                if dissolved and dissolved != row.get("effective_on"):
                    problems.append(
                        Problem(
                            row.file,
                            row.line,
                            "effective_on",
                            _("differs from the dissolution date %(date)s in organizations.csv")
                            % {"date": dissolved},
                        )
                    )
            changes.append(row)
        return changes

    def _apply(self, rows: dict[str, Row], changes: list[Row], existing: dict[str, int]) -> None:
        merged_codes = {c.get("code") for c in changes if c.get("change") == "merge"}
        depth: dict[str, int] = {}

        def depth_of(code: str) -> int:
            # iterative: a long chain of parents must not exhaust the stack (cycles are refused
            # before, by _check_cycles)
            chain: list[str] = []
            while code not in depth:
                parent = rows[code].get("parent_code")
                if not parent or parent not in rows:
                    depth[code] = 0
                    break
                chain.append(code)
                code = parent
            for child in reversed(chain):
                depth[child] = depth[rows[child].get("parent_code")] + 1
            return depth[chain[0]] if chain else depth[code]

        operations: list[tuple[date, int, int, int, str, Row]] = []
        for order, (code, row) in enumerate(rows.items()):
            founded = date.fromisoformat(row.get("established_on"))
            operations.append((founded, 0, depth_of(code), order, "create", row))
            if row.get("dissolved_on") and code not in merged_codes:
                ends = date.fromisoformat(row.get("dissolved_on"))
                operations.append((ends, 2, 0, order, "dissolve", row))
        for order, row in enumerate(changes):
            on = date.fromisoformat(row.get("effective_on"))
            operations.append((on, 1, 0, order, row.get("change"), row))
        operations.sort(key=lambda op: op[:4])
        self.founded = _foundings_in_database(rows, existing)
        bulk = _BulkFoundings(self, existing) if _may_bulk_create(self.actor) else None
        total = len(operations)
        done = 0
        while done < total:
            if _first_dissolution_of_its_day(operations, done):
                # the tree of that day, with its foundings and changes, decides the order
                if bulk is not None:
                    bulk.flush()
                _deepest_first(operations, done)
            _day, _group, _depth, _order, kind, row = operations[done]
            done += 1
            if done % 1000 == 0 or done == total:
                self.context.progress("organizations", done, done / total)
            try:
                if kind == "create" and row.get("code") in self.founded:
                    # already in the database: the same founding is skipped, another refused
                    # (nothing written: no savepoint, no query)
                    self._check_same_founding(row)
                    continue
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
                self.problems.append(
                    Problem(row.file, row.line, _column(kind, error), error_message(error))
                )
            except Organization.DoesNotExist:
                self.problems.append(self._not_there(rows, kind, row))
        if bulk is not None:
            bulk.flush()
            if bulk.written >= ANALYZE_AFTER_ROWS:
                analyze(
                    model._meta.db_table
                    for model in (Organization, OrganizationVersion, OrganizationChange)
                )

    def _not_there(self, rows: dict[str, Row], kind: str, row: Row) -> Problem:
        """A change naming an organization that does not exist when it applies: refused earlier
        (its row is named), or founded later in the file."""
        code = row.get("code")
        refused = self.refused.get(code)
        if refused is not None:
            message = _("the organization was not created (problem on row %(line)s)") % {
                "line": refused
            }
            return Problem(row.file, row.line, "code", message)
        founding = rows.get(code)
        on = row.get("dissolved_on") if kind == "dissolve" else row.get("effective_on")
        if founding is not None and founding.get("established_on") > on:
            message = _(
                "%(code)s is founded on %(founded)s (organizations.csv row %(line)s), after this "
                "change"
            ) % {
                "code": code,
                "founded": vn_date(date.fromisoformat(founding.get("established_on"))),
                "line": founding.line,
            }
            return Problem(row.file, row.line, "effective_on", message)
        for column in ("new_parent_code", "merged_into_code"):
            other = row.get(column)
            if other and other in rows and rows[other].get("established_on") > on:
                message = _("%(code)s is founded on %(founded)s, after this change") % {
                    "code": other,
                    "founded": vn_date(date.fromisoformat(rows[other].get("established_on"))),
                }
                return Problem(row.file, row.line, column, message)
        return Problem(row.file, row.line, "code", unknown_code(code))

    def creation_problem(self, row: Row, verdict: Verdict | DomainError) -> None:
        """A founding refused by the bulk path, reported as the service would report it."""
        self.refused.setdefault(row.get("code"), row.line)
        if isinstance(verdict, DomainError):
            message = error_message(verdict)
        else:
            assert verdict is not None
            message = verdict.message
        self.problems.append(Problem(row.file, row.line, _column("create", verdict), message))

    def missing_parent(self, code: str, on: date) -> DomainError:
        """The error of a founding whose parent is missing: refused earlier in the file (its
        row is named, so that one mistake does not read as many), or not there that day."""
        line = self.refused.get(code)
        if line is not None:
            message = _("the parent %(code)s was not created (problem on row %(line)s)") % {
                "code": code,
                "line": line,
            }
        else:
            message = _("the parent %(code)s does not exist yet on %(date)s") % {
                "code": code,
                "date": vn_date(on),
            }
        return DomainError(message, field="parent")

    def _apply_one(self, kind: str, row: Row) -> None:
        code = row.get("code")
        if kind == "create":
            self._create(row)
            return
        organization = Organization.objects.get(code=code)
        on = date.fromisoformat(
            row.get("dissolved_on") if kind == "dissolve" else row.get("effective_on")
        )
        state = OrganizationVersion.objects.at(on).filter(organization=organization).first()
        actor = self.actor
        if kind == "dissolve":
            if organization.dissolved_on == on:
                return
            organization_dissolve(actor=actor, organization=organization, effective_on=on)
        elif kind == "move":
            new_parent = Organization.objects.get(code=row.get("new_parent_code"))
            if state is not None and state.parent_id == new_parent.pk:
                return
            if _recorded(organization, ChangeType.MOVED, on, related_organization=new_parent):
                return
            organization_move(
                actor=actor, organization=organization, new_parent=new_parent, effective_on=on
            )
        elif kind == "rename":
            name = " ".join(row.get("new_name").split())
            if state is not None and state.name == name:
                return
            if _recorded(organization, ChangeType.RENAMED, on, data__new=name):
                return
            organization_rename(
                actor=actor, organization=organization, name=row.get("new_name"), effective_on=on
            )
        elif kind == "reclassify":
            child_kinds = _pairs(row.get("child_kinds"))
            child_sectors = _pairs(row.get("child_sectors"))
            if (
                state is not None
                and state.kind == row.get("new_kind")
                and state.sector == row.get("new_sector")
            ):
                return
            if _recorded(
                organization,
                ChangeType.RECLASSIFIED,
                on,
                data__new=row.get("new_kind"),
                data__sector=row.get("new_sector"),
            ):
                return
            organization_reclassify(
                actor=actor,
                organization=organization,
                kind=row.get("new_kind"),
                sector=row.get("new_sector"),
                child_kinds=child_kinds or None,
                child_sectors=child_sectors or None,
                effective_on=on,
            )
        elif kind == "merge":
            survivor = Organization.objects.get(code=row.get("merged_into_code"))
            if organization.merged_into_id == survivor.pk and organization.dissolved_on == on:
                return
            organization_merge(
                actor=actor,
                absorbed=[organization],
                survivor=survivor,
                effective_on=on,
                decision=Decision(),
            )
        self.context.count("organization_changes")

    def _check_same_founding(self, row: Row) -> None:
        """Refuse the founding of an organization already in the database with other data
        (its first version's kind, name, parent or its founding date differ)."""
        code = row.get("code")
        founded = self.founded[code]
        if founded != _Founded(
            established_on=date.fromisoformat(row.get("established_on")),
            kind=row.get("kind"),
            name=" ".join(row.get("name").split()),
            parent_code=row.get("parent_code"),
        ):
            raise DomainError(
                _("organization %(code)s already exists with different data") % {"code": code}
            )

    def _create(self, row: Row) -> None:
        code = row.get("code")
        established = date.fromisoformat(row.get("established_on"))
        parent = None
        if row.get("parent_code"):
            parent = Organization.objects.filter(code=row.get("parent_code")).first()
            if parent is None:
                raise self.missing_parent(row.get("parent_code"), established)
        organization_create(
            actor=self.actor,
            code=code,
            name=row.get("name"),
            kind=row.get("kind"),
            sector=row.get("sector"),
            parent=parent,
            established_on=established,
        )
        self.context.count("organizations_created")


def _recorded(organization: Organization, change_type: str, on: date, **same: Any) -> bool:
    """Whether the same change of the organization on ``on`` is recorded already. An import of
    the same bundle again skips it: for an organization that ended that day (moved, then
    merged, on the day of a reform) its state at the end of the day is gone, and the change
    was tried again and refused (the demo's own export: 62 problems)."""
    return OrganizationChange.objects.filter(
        organization=organization, change_type=change_type, effective_on=on, **same
    ).exists()


#: A founding's refusal about one of these fields is reported in the column of that name.
FOUNDING_COLUMNS = frozenset({"code", "name", "kind", "sector", "established_on"})


def _column(kind: str, error: Exception | Verdict) -> str:
    """The column of the row a service's (or a rule's) refusal concerns."""
    field = getattr(error, "field", None)
    if field in {"parent", "survivor"}:
        return {"create": "parent_code", "move": "new_parent_code"}.get(kind, "merged_into_code")
    if kind == "create" and field in FOUNDING_COLUMNS:
        return str(field)
    if kind == "rename" and field == "name":
        return "new_name"
    return {"create": "code", "dissolve": "dissolved_on"}.get(kind, "effective_on")


# How many organizations' versions one query reads (a parameter list every database accepts).
_CHUNK = 500


@dataclass(frozen=True)
class _Founded:
    """How an organization already in the database was founded: its founding date and its
    first version's kind, name and parent."""

    established_on: date
    kind: str
    name: str
    parent_code: str


def _foundings_in_database(
    rows: Mapping[str, Row], existing: Mapping[str, int]
) -> dict[str, _Founded]:
    """The founding of each organization of ``rows`` already in the database (``existing``:
    the codes there, with their ids), read at once (a re-import of 60 753 unchanged
    organizations took three queries and a savepoint each: 178 s at 1 million members)."""
    codes = {pk: code for code, pk in existing.items() if code in rows}
    wanted = sorted(codes)
    found: dict[str, _Founded] = {}
    for first in range(0, len(wanted), _CHUNK):
        # latest first: the earliest version of each organization is written last
        for pk, established_on, kind, name, parent_code in (
            OrganizationVersion.objects.filter(organization_id__in=wanted[first : first + _CHUNK])
            .order_by("organization_id", "-valid_from")
            .values_list(
                "organization_id", "organization__established_on", "kind", "name", "parent__code"
            )
        ):
            found[codes[pk]] = _Founded(
                established_on=established_on, kind=kind, name=name, parent_code=parent_code or ""
            )
    return found


def _may_bulk_create(actor: Actor) -> bool:
    """The bulk path skips the per-row permission checks, so only for a superuser actor."""
    return bool(
        actor is not None
        and getattr(actor, "is_authenticated", False)
        and getattr(actor, "is_superuser", False)
    )


@dataclass
class _Known:
    """An organization founded by this import (not yet in the database)."""

    pk: int
    kind: str
    path: str
    established_on: date


class _BulkFoundings:
    """Foundings checked in memory with the rules of ``organization_create`` (``rules``: the
    code is new, the parent exists on the founding date, its kind may hold this kind on that
    date, the sector fits the kind), written in bulk by ``organization_create_many``. A row
    that breaks a rule is reported as the service would report it. An organization that
    already exists goes through the services (the idempotence check); any other change first
    writes the pending foundings and forgets the in-memory tree."""

    def __init__(self, loader: _Loader, existing: Mapping[str, int]) -> None:
        self.loader = loader
        self.context = loader.context
        self.existing = set(existing)
        self.known: dict[str, _Known] = {}
        self.pending: list[Founding] = []
        self.written = 0
        self.ids: list[int] = []
        # the rulebook's allowed parent kinds by founding date (parsed once per date, not per
        # row: 2.1 s for the 340 000 rows of the national bundle)
        self.allowed: dict[date, Mapping[str, Sequence[str]]] = {}

    def _parent(self, code: str, on: date) -> _Known:
        known = self.known.get(code)
        if known is not None and known.established_on <= on:
            return known
        parent = Organization.objects.filter(code=code).first()
        if parent is None:
            raise self.loader.missing_parent(code, on)
        state = OrganizationVersion.objects.at(on).filter(organization=parent).first()
        if state is None:
            refusal = rules.existence_verdict(code, on, exists=False, field="parent")
            assert refusal is not None
            raise refusal.error()
        return _Known(parent.pk, state.kind, state.path, parent.established_on)

    def _allowed(self, on: date) -> Mapping[str, Sequence[str]]:
        allowed = self.allowed.get(on)
        if allowed is None:
            allowed = self.allowed[on] = ALLOWED_PARENT_KINDS(on=on, rules=self.context.rules)
        return allowed

    def add(self, row: Row) -> bool:
        """Check and queue one founding; False when it must go through the services."""
        code = row.get("code")
        if code in self.existing:
            return False
        name = " ".join(row.get("name").split())
        kind, sector = row.get("kind"), row.get("sector")
        established = date.fromisoformat(row.get("established_on"))
        parent_code = row.get("parent_code")
        parent: _Known | None = None
        try:
            if parent_code:
                parent = self._parent(parent_code, established)
        except DomainError as error:
            self.loader.creation_problem(row, error)
            return True
        for verdict in (
            rules.sector_verdict(kind, sector),
            rules.parent_kind_verdict(
                kind,
                parent.kind if parent is not None else None,
                self._allowed(established),
            ),
        ):
            if verdict is not None:
                self.loader.creation_problem(row, verdict)
                return True
        if not self.ids:
            # on SQLite the ids come from max(id): write what is pending before reserving more
            self._write_pending()
            self.ids = organization_reserve_ids(5000)[::-1]
        pk = self.ids.pop()
        path = f"{parent.path if parent is not None else '/'}{pk}/"
        self.existing.add(code)
        self.known[code] = _Known(pk, kind, path, established)
        self.pending.append(
            Founding(
                pk=pk,
                code=code,
                name=name,
                kind=kind,
                sector=sector,
                parent_id=parent.pk if parent is not None else None,
                parent_code=parent_code,
                established_on=established,
                path=path,
            )
        )
        self.context.count("organizations_created")
        return True

    def flush(self) -> None:
        self.known.clear()
        # unused reserved ids are dropped: on SQLite the services' inserts take max(id) + 1
        self.ids = []
        self._write_pending()

    def _write_pending(self) -> None:
        if self.pending:
            pending, self.pending = self.pending, []
            organization_create_many(actor=self.context.actor, foundings=pending)
            self.written += len(pending)


#
# Export
#


def _export(context: ExportContext) -> None:
    # external references (no state in the tree) are written by the members' section
    organizations = Organization.objects.filter(
        pk__in=OrganizationVersion.objects.values("organization_id")
    )
    if context.scope is not None:
        root = Organization.objects.filter(code=context.scope).first()
        if root is None:
            raise ExportFailed(unknown_code(context.scope))
        organizations = organizations.filter(path__startswith=root.path)
        context.scope_path = root.path
    org_ids = set(organizations.values_list("pk", flat=True))
    if context.scope is not None:
        context.shared[EXPORTED] = org_ids
    codes = dict(Organization.objects.filter(pk__in=org_ids).values_list("pk", "code"))
    created = {
        c.organization_id: c
        for c in OrganizationChange.objects.filter(
            organization_id__in=org_ids, change_type=ChangeType.CREATED
        )
    }
    with context.open("organizations.csv") as out:
        for org in Organization.objects.filter(pk__in=org_ids).order_by("path"):
            first = org.versions.order_by("valid_from").first()
            founding = created.get(org.pk)
            data = founding.data if founding else {}
            parent = (
                founding.related_organization_id
                if founding
                else (first.parent_id if first else None)
            )
            out.write(
                {
                    "code": org.code,
                    "name": data.get("name") or (first.name if first else ""),
                    "kind": data.get("kind") or (first.kind if first else ""),
                    "sector": data.get("sector", first.sector if first else ""),
                    # a parent outside the subtree is not written: it stands at the top until
                    # it moves or merges into the subtree
                    "parent_code": codes.get(parent, "") if parent else "",
                    "established_on": _iso(org.established_on),
                    "dissolved_on": _iso(org.dissolved_on),
                }
            )
    changes = list(
        OrganizationChange.objects.filter(organization_id__in=org_ids).order_by(
            "effective_on", "id"
        )
    )
    child_kinds: dict[tuple[int, Any], list[str]] = defaultdict(list)
    child_sectors: dict[tuple[int, Any], list[str]] = defaultdict(list)
    for change in changes:
        if change.change_type == ChangeType.RECLASSIFIED and change.related_organization_id:
            key = (change.related_organization_id, change.effective_on)
            pair = f"{change.data.get('old')}:{change.data.get('new')}"
            if pair not in child_kinds[key]:
                child_kinds[key].append(pair)
            # a sector the child took other than its own (changes recorded before the sectors
            # were kept in them say nothing: the child's sector then fitted or was emptied)
            old_sector, new_sector = change.data.get("old_sector"), change.data.get("sector")
            if old_sector and new_sector and old_sector != new_sector:
                pair = f"{old_sector}:{new_sector}"
                if pair not in child_sectors[key]:
                    child_sectors[key].append(pair)
    with context.open("org_changes.csv") as out:
        for change in changes:
            row = _change_row(change, codes, child_kinds, child_sectors)
            if row is not None:
                out.write(row)


def _change_row(
    change: OrganizationChange,
    codes: dict[int, str],
    child_kinds: dict[tuple[int, Any], list[str]],
    child_sectors: dict[tuple[int, Any], list[str]],
) -> dict[str, Any] | None:
    row: dict[str, Any] = {
        "code": codes[change.organization_id],
        "effective_on": _iso(change.effective_on),
    }
    related = codes.get(change.related_organization_id or 0, "")
    if change.change_type == ChangeType.MOVED:
        if not related:
            return None  # to a parent outside the export
        row.update(change="move", new_parent_code=related)
    elif change.change_type == ChangeType.RENAMED:
        row.update(change="rename", new_name=change.data.get("new", ""))
    elif change.change_type == ChangeType.RECLASSIFIED:
        if change.related_organization_id:
            return None  # written with the parent's reclassification as child_kinds
        state = (
            change.organization.versions.filter(valid_from__lte=change.effective_on)
            .order_by("-valid_from")
            .first()
        )
        row.update(
            change="reclassify",
            new_kind=change.data.get("new", ""),
            new_sector=change.data.get("sector", state.sector if state else ""),
            child_kinds=";".join(
                child_kinds.get((change.organization_id, change.effective_on), [])
            ),
            child_sectors=";".join(
                child_sectors.get((change.organization_id, change.effective_on), [])
            ),
        )
    elif change.change_type == ChangeType.MERGED:
        if not related:
            return None
        row.update(change="merge", merged_into_code=related)
    else:
        return None
    return row


def _pairs(text: str) -> dict[str, str]:
    """ "cell:grassroots_cell;sub_committee:grassroots_committee" as a mapping."""
    return dict(pair.split(":", 1) for pair in (text or "").split(";") if ":" in pair)


def _iso(value: date | None) -> str:
    return value.isoformat() if value is not None else ""


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
