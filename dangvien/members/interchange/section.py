"""The members' section of a bundle: members.csv, member_events.csv and the organizations
outside the bundle that members came from or went to (external_organizations.csv).

Import: the external references first (``organization_reference_create``: an organization known
by its code and name only, with no state in the tree, so it is never counted and never stands
at the top of it; a code the database already has refers to that organization), then the
members (``loader.MemberLoader``).

Export: members as first admitted plus the rest of their effective ledger (corrections applied,
cancelled entries left out; merges' reassignments are left to the import to derive). For a
subtree: the members who ever belonged to one of its organizations, with their whole ledger;
an organization of that ledger outside the subtree is written as an external reference, so a
member admitted elsewhere keeps their admission dates and party age, and one who left is
recorded as transferred out to it. A whole-database export has no external references (unless
the database holds some) and no external_organizations.csv.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from dangvien.core.exceptions import DomainError
from dangvien.interchange.problems import Problem, error_message, read_date, required
from dangvien.interchange.sections import BundleFile, Column, ExportContext, ImportContext
from dangvien.members.choices import MemberEventType
from dangvien.members.interchange.events import EVENT_NAMES
from dangvien.members.interchange.loader import MemberLoader
from dangvien.members.models import Member, MemberEvent, MemberPeriod
from dangvien.members.transitions import LedgerEntry, effective_entries
from dangvien.organizations.choices import ChangeType
from dangvien.organizations.interchange import DATE, IDS, exported_organizations
from dangvien.organizations.models import Organization, OrganizationChange, OrganizationVersion
from dangvien.organizations.services import organization_reference_create

E = MemberEventType
OPTIONAL = gettext_lazy("(optional)")
THEORY = gettext_lazy(
    "none (chưa qua đào tạo), elementary (sơ cấp), intermediate (trung cấp), advanced (cao "
    "cấp), bachelor (cử nhân)"
)
EVENT_GUIDE = {
    "transfer": gettext_lazy("official transfer to organization_code (chuyển sinh hoạt)"),
    "temporary_out": gettext_lazy("temporary transfer to organization_code"),
    "temporary_return": gettext_lazy("back from a temporary transfer"),
    "exempt": gettext_lazy("exempted from activities (miễn công tác và sinh hoạt đảng)"),
    "exempt_end": gettext_lazy("exemption ended"),
    "removed": gettext_lazy("removed from the list (xóa tên)"),
    "resigned": gettext_lazy("left the party (ra khỏi Đảng)"),
    "expelled": gettext_lazy("expelled (khai trừ)"),
    "died": gettext_lazy("died (từ trần)"),
    "transfer_issued": gettext_lazy(
        "transfer issued, the member in transit to organization_code until received"
    ),
    "transfer_received": gettext_lazy("transfer received by its destination"),
    "transfer_cancelled": gettext_lazy("transfer cancelled"),
    "readmitted": gettext_lazy("re-admitted into organization_code (kết nạp lại)"),
    "recognised": gettext_lazy("recognised as an official member"),
}


def _optional(text: Any) -> Any:
    return format_lazy("{} {}", text, OPTIONAL)


def _dated(text: Any) -> Any:
    return format_lazy("{} {}", text, DATE)


MEMBERS = BundleFile(
    "members.csv",
    gettext_lazy("One row per person who was ever a party member."),
    (
        Column(
            "member_id",
            gettext_lazy("Unique key of the member (số lý lịch or the source's own key)."),
            mandatory=True,
        ),
        Column("full_name", gettext_lazy("Full name with diacritics."), mandatory=True),
        Column("sex", gettext_lazy("Sex: M (male) or F (female)."), mandatory=True),
        Column("birth_date", _dated(gettext_lazy("Date of birth."))),
        Column("national_id", _optional(gettext_lazy("Citizen ID (CCCD), 12 digits, unique."))),
        Column("ethnicity", _optional(gettext_lazy("Ethnicity."))),
        Column("religion", _optional(gettext_lazy("Religion."))),
        Column("education", _optional(gettext_lazy("General education, e.g. 12/12."))),
        Column(
            "political_theory",
            _optional(
                format_lazy(gettext_lazy("Political theory level: {levels}."), levels=THEORY)
            ),
        ),
        Column(
            "organization_code",
            gettext_lazy("Code of the cell or grassroots cell where the member was admitted."),
            mandatory=True,
        ),
        Column(
            "decision_on",
            _dated(
                gettext_lazy(
                    "Date the competent committee signed the admission decision (party age "
                    "counts from it)."
                )
            ),
        ),
        Column(
            "admitted_on",
            _dated(gettext_lazy("Date of the admission ceremony (probation starts).")),
            mandatory=True,
        ),
        Column(
            "official_on",
            _dated(
                gettext_lazy("Date recognised as an official member; empty while probationary.")
            ),
        ),
        Column(
            "decision_number",
            _optional(gettext_lazy("Number of the admission decision.")),
            extension=True,
        ),
        Column("other_names", _optional(gettext_lazy("Other names.")), extension=True),
        Column("birth_place", _optional(gettext_lazy("Place of birth.")), extension=True),
        Column("home_town", _optional(gettext_lazy("Home town.")), extension=True),
        Column(
            "professional_qualification",
            _optional(gettext_lazy("Professional qualification.")),
            extension=True,
        ),
        Column("occupation", _optional(gettext_lazy("Occupation.")), extension=True),
        Column("phone", _optional(gettext_lazy("Phone number.")), extension=True),
        Column("address", _optional(gettext_lazy("Current address.")), extension=True),
        Column(
            "party_card_number",
            _optional(gettext_lazy("Party card number, unique.")),
            extension=True,
        ),
        Column(
            "introducers",
            _optional(gettext_lazy("Who introduced the member into the party.")),
            extension=True,
        ),
    ),
    required=True,
)
EVENTS = BundleFile(
    "member_events.csv",
    gettext_lazy("What happened to the members after their admission."),
    (
        Column("member_id", gettext_lazy("Key of the member (as in members)."), mandatory=True),
        Column(
            "event",
            format_lazy(
                gettext_lazy("Event: {events}."),
                events=format_lazy(
                    "; ".join("{}" for _name in EVENT_GUIDE),
                    *(format_lazy("{} ({})", name, text) for name, text in EVENT_GUIDE.items()),
                ),
            ),
            mandatory=True,
        ),
        Column("effective_on", _dated(gettext_lazy("Effective date.")), mandatory=True),
        Column(
            "organization_code",
            gettext_lazy("The organization concerned (destination of a transfer, temporary host)."),
        ),
        Column("note", _optional(gettext_lazy("Note."))),
    ),
)
EXTERNAL = BundleFile(
    "external_organizations.csv",
    gettext_lazy(
        "Organizations outside the bundle's tree that members came from or went to (written "
        "by the export of a subtree): known by code and name only, never counted."
    ),
    (
        Column(
            "code",
            gettext_lazy("Code, as the members' rows name it."),
            mandatory=True,
            extension=True,
        ),
        Column("name", gettext_lazy("Name, for the reader."), mandatory=True, extension=True),
        Column(
            "established_on",
            _dated(gettext_lazy("Founding date (optional).")),
            extension=True,
        ),
    ),
    extension=True,
)
PROFILE = [
    "full_name",
    "sex",
    "birth_date",
    "national_id",
    "ethnicity",
    "religion",
    "education",
    "political_theory",
    "other_names",
    "birth_place",
    "home_town",
    "professional_qualification",
    "occupation",
    "phone",
    "address",
    "party_card_number",
    "introducers",
]


@dataclass(frozen=True)
class MembersSection:
    # no fields: equal instances, so that a second ready() (tests) registers the same value
    label = gettext_lazy("Party members")
    files = (EXTERNAL, MEMBERS, EVENTS)
    counts = {
        "members_created": gettext_lazy("Party members created"),
        "members_unchanged": gettext_lazy("Party members already present (unchanged)"),
        "events_created": gettext_lazy("Member events"),
    }

    def load(self, context: ImportContext) -> None:
        _load_references(context)
        if not context.problems:
            MemberLoader(context).run()

    def export(self, context: ExportContext) -> None:
        _export(context)


def _load_references(context: ImportContext) -> None:
    problems = context.problems
    created = False
    for row in context.bundle.rows(EXTERNAL.name):
        code, name = row.get("code"), " ".join(row.get("name").split())
        if not code:
            problems.append(Problem(row.file, row.line, "code", required()))
            continue
        established = read_date(row, "established_on", problems)
        try:
            created |= organization_reference_create(
                actor=context.actor, code=code, name=name, established_on=established
            )
        except DomainError as error:
            problems.append(
                Problem(row.file, row.line, error.field or "code", error_message(error))
            )
    if created:
        context.shared.pop(IDS, None)  # read again, with the references


#
# Export
#


def _export(context: ExportContext) -> None:
    scope = exported_organizations(context)
    periods = MemberPeriod.objects.all()
    if scope is not None:
        periods = periods.filter(organization_id__in=scope)
    member_ids = sorted(set(periods.values_list("member_id", flat=True)))
    codes = dict(Organization.objects.values_list("pk", "code"))
    # organizations written in organizations.csv: everything that has a state in the tree, or
    # the subtree's
    in_tree = (
        scope
        if scope is not None
        else set(OrganizationVersion.objects.values_list("organization_id", flat=True))
    )
    referenced: set[int] = set()

    def code_of(org_id: int | None) -> str:
        if org_id is None:
            return ""
        if org_id not in in_tree:
            referenced.add(org_id)
        return codes.get(org_id, "")

    with context.open(MEMBERS.name) as members_out, context.open(EVENTS.name) as events_out:
        for start in range(0, len(member_ids), 2000):
            batch = member_ids[start : start + 2000]
            ledgers: dict[int, list[MemberEvent]] = defaultdict(list)
            for event in MemberEvent.objects.filter(member_id__in=batch).order_by(
                "effective_on", "id"
            ):
                ledgers[event.member_id].append(event)
            for member in Member.objects.filter(pk__in=batch).order_by("pk"):
                _export_member(member, ledgers[member.pk], members_out, events_out, code_of)
    _export_references(context, referenced)


def _export_member(
    member: Member, events: list[MemberEvent], members_out: Any, events_out: Any, code_of: Any
) -> None:
    by_key = {e.pk: e for e in events}
    entries = effective_entries(
        LedgerEntry(e.pk, e.type, e.effective_on, e.organization_id, e.corrects_id) for e in events
    )
    ledger = [by_key[e.key] for e in entries]
    admitted = next((e for e in ledger if e.type == E.ADMITTED), None)
    if admitted is None:
        return
    first_recognition = next((e for e in ledger if e.type == E.RECOGNISED), None)
    readmission = next((e for e in ledger if e.type == E.READMITTED), None)
    if (
        first_recognition
        and readmission
        and first_recognition.effective_on > readmission.effective_on
    ):
        first_recognition = None
    row = {column: getattr(member, column) for column in PROFILE}
    row.update(
        member_id=member.member_key,
        birth_date=_iso(member.birth_date),
        organization_code=code_of(admitted.organization_id),
        decision_on=_iso(admitted.decision_date),
        decision_number=admitted.decision_number,
        admitted_on=_iso(admitted.effective_on),
        official_on=_iso(first_recognition.effective_on) if first_recognition else "",
    )
    members_out.write(row)
    for event in ledger:
        if event is admitted or event is first_recognition or event.type not in EVENT_NAMES:
            continue
        events_out.write(
            {
                "member_id": member.member_key,
                "event": EVENT_NAMES[event.type],
                "effective_on": _iso(event.effective_on),
                "organization_code": code_of(event.organization_id)
                if event.type != E.TRANSFER_RECEIVED
                else "",
                "note": event.note,
            }
        )


def _export_references(context: ExportContext, referenced: set[int]) -> None:
    if not referenced:
        return  # no file: a whole-database export stays what it always was
    names: dict[int, str] = {}
    for org_id, name in (
        OrganizationVersion.objects.filter(organization_id__in=referenced)
        .order_by("organization_id", "valid_from")
        .values_list("organization_id", "name")
    ):
        names[org_id] = name  # the latest
    for org_id, name in _reference_names(referenced - set(names)).items():
        names[org_id] = name
    with context.open(EXTERNAL.name) as out:
        for organization in Organization.objects.filter(pk__in=referenced).order_by("code"):
            out.write(
                {
                    "code": organization.code,
                    "name": names.get(organization.pk, ""),
                    "established_on": _iso(organization.established_on),
                }
            )


def _reference_names(org_ids: set[int]) -> dict[int, str]:
    """The names of external references (recorded with their founding)."""
    return {
        change.organization_id: change.data.get("name", "")
        for change in OrganizationChange.objects.filter(
            organization_id__in=org_ids, change_type=ChangeType.CREATED
        )
    }


def _iso(value: date | None) -> str:
    return value.isoformat() if value is not None else ""
