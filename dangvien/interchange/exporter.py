"""Writing the database (or one subtree) as a bundle that ``import`` reads back.

Organizations are written as founded (organizations.csv) plus their recorded changes in the
order they were recorded (org_changes.csv); members as first admitted (members.csv) plus the
rest of their effective ledger (member_events.csv). Events the import derives by itself (members
passing to the survivor of a merge) are not written. Extensions of the contract: the changes
``reclassify`` (``new_kind``, ``new_sector``, ``child_kinds``) and the events ``transfer_issued``,
``transfer_received``, ``transfer_cancelled``, ``readmitted``, ``recognised``; extra profile columns.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path
from typing import Any

from dangvien.committees.models import CommitteePost
from dangvien.interchange.bundle import COLUMNS
from dangvien.members.choices import MemberEventType
from dangvien.members.models import Member, MemberEvent, MemberPeriod
from dangvien.members.transitions import LedgerEntry, effective_entries
from dangvien.organizations.choices import ChangeType
from dangvien.organizations.models import Organization, OrganizationChange
from dangvien.targets.models import AdmissionTarget, Population

E = MemberEventType
EVENT_NAMES: dict[str, str] = {
    E.TRANSFERRED: "transfer",
    E.TEMPORARY_OUT: "temporary_out",
    E.TEMPORARY_RETURN: "temporary_return",
    E.EXEMPTED: "exempt",
    E.EXEMPTION_ENDED: "exempt_end",
    E.REMOVED: "removed",
    E.RESIGNED: "resigned",
    E.EXPELLED: "expelled",
    E.DIED: "died",
    E.TRANSFER_ISSUED: "transfer_issued",
    E.TRANSFER_RECEIVED: "transfer_received",
    E.TRANSFER_CANCELLED: "transfer_cancelled",
    E.READMITTED: "readmitted",
    E.RECOGNISED: "recognised",
}
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


def _iso(value: Any) -> str:
    return value.isoformat() if value is not None else ""


class _Writer:
    def __init__(self, folder: Path, name: str) -> None:
        self.handle = (folder / name).open("w", encoding="utf-8", newline="")
        self.columns = COLUMNS[name]
        self.writer = csv.DictWriter(self.handle, fieldnames=self.columns, extrasaction="ignore")
        self.writer.writeheader()
        self.count = 0

    def write(self, row: dict[str, Any]) -> None:
        self.writer.writerow({k: ("" if v is None else v) for k, v in row.items()})
        self.count += 1

    def close(self) -> None:
        self.handle.close()


def export_bundle(folder: Path | str, *, root: Organization | None = None) -> dict[str, int]:
    """Write the bundle files into ``folder`` (created if needed); returns rows per file."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    organizations = Organization.objects.all()
    if root is not None:
        organizations = organizations.filter(path__startswith=root.path)
    org_ids = set(organizations.values_list("pk", flat=True))
    member_ids = set(
        MemberPeriod.objects.filter(organization_id__in=org_ids).values_list("member_id", flat=True)
    )
    if root is not None:
        # Organizations outside the subtree that exported members moved to are exported too
        # (as roots), so the members' ledgers read back whole.
        org_ids |= set(
            MemberEvent.objects.filter(
                member_id__in=member_ids, organization__isnull=False
            ).values_list("organization_id", flat=True)
        )
    codes = dict(Organization.objects.filter(pk__in=org_ids).values_list("pk", "code"))
    counts: dict[str, int] = {}

    writer = _Writer(folder, "organizations.csv")
    created = {
        c.organization_id: c
        for c in OrganizationChange.objects.filter(
            organization_id__in=org_ids, change_type=ChangeType.CREATED
        )
    }
    for org in Organization.objects.filter(pk__in=org_ids).order_by("path"):
        first = org.versions.order_by("valid_from").first()
        founding = created.get(org.pk)
        data = founding.data if founding else {}
        parent = (
            founding.related_organization_id if founding else (first.parent_id if first else None)
        )
        writer.write(
            {
                "code": org.code,
                "name": data.get("name") or (first.name if first else ""),
                "kind": data.get("kind") or (first.kind if first else ""),
                "sector": data.get("sector", first.sector if first else ""),
                "parent_code": codes.get(parent, "") if parent else "",
                "established_on": _iso(org.established_on),
                "dissolved_on": _iso(org.dissolved_on),
            }
        )
    writer.close()
    counts["organizations.csv"] = writer.count

    writer = _Writer(folder, "org_changes.csv")
    changes = list(
        OrganizationChange.objects.filter(organization_id__in=org_ids).order_by(
            "effective_on", "id"
        )
    )
    child_kinds: dict[tuple[int, Any], list[str]] = defaultdict(list)
    for change in changes:
        if change.change_type == ChangeType.RECLASSIFIED and change.related_organization_id:
            pair = f"{change.data.get('old')}:{change.data.get('new')}"
            key = (change.related_organization_id, change.effective_on)
            if pair not in child_kinds[key]:
                child_kinds[key].append(pair)
    for change in changes:
        code = codes[change.organization_id]
        row: dict[str, Any] = {"code": code, "effective_on": _iso(change.effective_on)}
        related = codes.get(change.related_organization_id or 0, "")
        if change.change_type == ChangeType.MOVED:
            if not related:
                continue
            row.update(change="move", new_parent_code=related)
        elif change.change_type == ChangeType.RENAMED:
            row.update(change="rename", new_name=change.data.get("new", ""))
        elif change.change_type == ChangeType.RECLASSIFIED:
            if change.related_organization_id:
                continue  # written with the parent's reclassification as child_kinds
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
            )
        elif change.change_type == ChangeType.MERGED:
            if not related:
                continue
            row.update(change="merge", merged_into_code=related)
        else:
            continue
        writer.write(row)
    writer.close()
    counts["org_changes.csv"] = writer.count

    members_writer = _Writer(folder, "members.csv")
    events_writer = _Writer(folder, "member_events.csv")
    ids = sorted(member_ids)
    for start in range(0, len(ids), 2000):
        batch = ids[start : start + 2000]
        ledgers: dict[int, list[MemberEvent]] = defaultdict(list)
        for event in MemberEvent.objects.filter(member_id__in=batch).order_by("effective_on", "id"):
            ledgers[event.member_id].append(event)
        for member in Member.objects.filter(pk__in=batch).order_by("pk"):
            events = ledgers[member.pk]
            by_key = {e.pk: e for e in events}
            entries = effective_entries(
                LedgerEntry(e.pk, e.type, e.effective_on, e.organization_id, e.corrects_id)
                for e in events
            )
            ledger = [by_key[e.key] for e in entries]
            admitted = next((e for e in ledger if e.type == E.ADMITTED), None)
            if admitted is None:
                continue
            first_recognition = next((e for e in ledger if e.type == E.RECOGNISED), None)
            readmission = next((e for e in ledger if e.type == E.READMITTED), None)
            if (
                first_recognition
                and readmission
                and first_recognition.effective_on > readmission.effective_on
            ):
                first_recognition = None
            row = {field: getattr(member, field) for field in PROFILE}
            row.update(
                member_id=member.member_key,
                birth_date=_iso(member.birth_date),
                organization_code=codes.get(admitted.organization_id or 0, ""),
                decision_on=_iso(admitted.decision_date),
                decision_number=admitted.decision_number,
                admitted_on=_iso(admitted.effective_on),
                official_on=_iso(first_recognition.effective_on) if first_recognition else "",
            )
            members_writer.write(row)
            for event in ledger:
                if event is admitted or event is first_recognition or event.type not in EVENT_NAMES:
                    continue
                events_writer.write(
                    {
                        "member_id": member.member_key,
                        "event": EVENT_NAMES[event.type],
                        "effective_on": _iso(event.effective_on),
                        "organization_code": codes.get(event.organization_id or 0, "")
                        if event.type != E.TRANSFER_RECEIVED
                        else "",
                        "note": event.note,
                    }
                )
    members_writer.close()
    events_writer.close()
    counts["members.csv"], counts["member_events.csv"] = members_writer.count, events_writer.count

    writer = _Writer(folder, "committee_members.csv")
    for post in CommitteePost.objects.filter(organization_id__in=org_ids).order_by(
        "organization_id", "held_from", "id"
    ):
        writer.write(
            {
                "organization_code": codes[post.organization_id],
                "member_id": post.person_key,
                "post": post.post,
                "from": _iso(post.held_from),
                "to": _iso(post.held_to),
                "full_name": post.person_name,
            }
        )
    writer.close()
    counts["committee_members.csv"] = writer.count

    writer = _Writer(folder, "populations.csv")
    for population in Population.objects.filter(organization_id__in=org_ids).order_by(
        "organization_id", "year"
    ):
        writer.write(
            {
                "organization_code": codes[population.organization_id],
                "year": population.year,
                "population": population.population,
            }
        )
    writer.close()
    counts["populations.csv"] = writer.count

    writer = _Writer(folder, "targets.csv")
    for target in AdmissionTarget.objects.filter(organization_id__in=org_ids).order_by(
        "organization_id", "period_from"
    ):
        writer.write(
            {
                "organization_code": codes[target.organization_id],
                "period_from": _iso(target.period_from),
                "period_to": _iso(target.period_to),
                "admissions": target.admissions,
                "members_per_population_percent": target.members_per_population_percent,
                "kind": target.kind,
            }
        )
    writer.close()
    counts["targets.csv"] = writer.count
    return counts
