"""Drifts between the bulk import and the services, each reproduced before it was fixed.

Issue 11 ("one copy of every rule"): the import re-implemented the services' rules and drifted.
Each test builds the same history through the services (codes prefixed ``S-``) and through a
bundle (codes prefixed ``I-``) and compares what was stored, by code.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from dangvien.accounts.choices import Role
from dangvien.audit.models import AuditEvent
from dangvien.core.decisions import Decision
from dangvien.interchange.importer import ImportFailed, import_bundle
from dangvien.members.models import Member, MemberPeriod
from dangvien.members.services import (
    member_admit,
    member_recognise,
    member_temporary_out,
    member_transfer_issue,
    member_transfer_receive,
)
from dangvien.organizations.models import Organization
from dangvien.organizations.services import (
    organization_create,
    organization_merge,
    organization_move,
)

pytestmark = pytest.mark.django_db

ORGANIZATIONS = ["code", "name", "kind", "sector", "parent_code", "established_on", "dissolved_on"]
MEMBERS = [
    "member_id",
    "full_name",
    "sex",
    "birth_date",
    "organization_code",
    "decision_on",
    "admitted_on",
    "official_on",
]
EVENTS = ["member_id", "event", "effective_on", "organization_code", "note"]
CHANGES = ["code", "change", "effective_on", "new_parent_code", "new_name", "merged_into_code"]
FOUNDED = date(2000, 1, 1)
MERGED = date(2012, 1, 1)


def _write(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)


def _periods(member_key: str, prefix: str) -> list[tuple]:
    def code(org: Organization | None) -> str | None:
        return org.code.removeprefix(prefix) if org is not None else None

    return [
        (
            code(p.organization),
            p.valid_from,
            p.valid_to,
            p.status,
            p.is_exempted,
            code(p.host_organization),
            code(p.transit_to),
        )
        for p in MemberPeriod.objects.filter(member__member_key=member_key)
        .select_related("organization", "host_organization", "transit_to")
        .order_by("valid_from")
    ]


def _commune_with_three_cells_via_services(actor) -> dict[str, Organization]:
    commune = organization_create(
        actor=actor,
        code="S-X",
        name="Đảng bộ xã Mỹ An",
        kind="grassroots_committee",
        sector="commune",
        established_on=FOUNDED,
    )
    cells = {
        code: organization_create(
            actor=actor,
            code=f"S-{code}",
            name=f"Chi bộ ấp {code}",
            kind="cell",
            sector="residential",
            parent=commune,
            established_on=FOUNDED,
        )
        for code in ("C1", "C2", "C3")
    }
    return {"X": commune, **cells}


def _bundle(folder: Path, events: list[list[str]]) -> Path:
    """The same commune, C2 merged into C3 on MERGED, member M admitted into C1, ``events``."""
    folder.mkdir()
    _write(
        folder / "organizations.csv",
        [
            ORGANIZATIONS,
            ["I-X", "Đảng bộ xã Mỹ An", "grassroots_committee", "commune", "", "2000-01-01", ""],
            ["I-C1", "Chi bộ ấp C1", "cell", "residential", "I-X", "2000-01-01", ""],
            ["I-C2", "Chi bộ ấp C2", "cell", "residential", "I-X", "2000-01-01", "2012-01-01"],
            ["I-C3", "Chi bộ ấp C3", "cell", "residential", "I-X", "2000-01-01", ""],
        ],
    )
    _write(
        folder / "org_changes.csv",
        [CHANGES, ["I-C2", "merge", "2012-01-01", "", "", "I-C3"]],
    )
    _write(
        folder / "members.csv",
        [
            MEMBERS,
            [
                "I-M",
                "Nguyễn Văn An",
                "M",
                "1980-01-01",
                "I-C1",
                "2005-01-10",
                "2005-02-01",
                "2006-02-01",
            ],
        ],
    )
    _write(folder / "member_events.csv", [EVENTS, *events])
    return folder


def _admit_via_services(actor, cells) -> Member:
    member = member_admit(
        actor=actor,
        organization=cells["C1"],
        admitted_on=date(2005, 2, 1),
        decision=Decision("1", date(2005, 1, 10)),
        profile={"full_name": "Nguyễn Văn An", "sex": "M", "birth_date": date(1980, 1, 1)},
        member_key="S-M",
    )
    member_recognise(
        actor=actor, member=member, decision=Decision("2"), effective_on=date(2006, 2, 1)
    )
    return member


def test_a_guest_of_a_merged_cell_is_hosted_by_the_survivor_as_through_the_services(
    tmp_path, superuser
):
    # given: through the services, M of C1 is a guest of C2 from 2010, then C2 merges into C3
    cells = _commune_with_three_cells_via_services(superuser)
    member = _admit_via_services(superuser, cells)
    member_temporary_out(
        actor=superuser, member=member, host=cells["C2"], effective_on=date(2010, 1, 1)
    )
    organization_merge(
        actor=superuser, absorbed=[cells["C2"]], survivor=cells["C3"], effective_on=MERGED
    )
    # when: the same history as a bundle
    import_bundle(
        _bundle(tmp_path / "b", [["I-M", "temporary_out", "2010-01-01", "I-C2", ""]]),
        actor=superuser,
    )
    # then: the same periods (the guest follows the merge to C3)
    services = _periods("S-M", "S-")
    assert services[-1][5] == "C3"
    assert _periods("I-M", "I-") == services


def test_a_transfer_in_transit_to_a_merged_cell_goes_to_the_survivor_as_through_the_services(
    tmp_path, superuser
):
    # given: through the services, M's transfer to C2 is issued in 2010, C2 merges into C3 in
    # 2012, and the transfer is received in 2013
    cells = _commune_with_three_cells_via_services(superuser)
    member = _admit_via_services(superuser, cells)
    member_transfer_issue(
        actor=superuser, member=member, to_organization=cells["C2"], effective_on=date(2010, 1, 1)
    )
    organization_merge(
        actor=superuser, absorbed=[cells["C2"]], survivor=cells["C3"], effective_on=MERGED
    )
    member_transfer_receive(actor=superuser, member=member, effective_on=date(2013, 1, 1))
    # when: the same history as a bundle
    import_bundle(
        _bundle(
            tmp_path / "b",
            [
                ["I-M", "transfer_issued", "2010-01-01", "I-C2", ""],
                ["I-M", "transfer_received", "2013-01-01", "", ""],
            ],
        ),
        actor=superuser,
    )
    # then: the same periods (in transit to C3 from the merge, then in C3)
    services = _periods("S-M", "S-")
    assert services[-1][0] == "C3"
    assert _periods("I-M", "I-") == services


def test_audit_rows_of_organizations_founded_in_bulk_follow_them_when_they_move(
    tmp_path, superuser, make_actor
):
    # given: a bundle founding a province, two districts and a commune under the first
    folder = tmp_path / "b"
    folder.mkdir()
    _write(
        folder / "organizations.csv",
        [
            ORGANIZATIONS,
            ["T", "Đảng bộ tỉnh", "provincial", "", "", "2000-01-01", ""],
            ["H1", "Đảng bộ huyện 1", "upper_grassroots", "", "T", "2000-01-01", ""],
            ["H2", "Đảng bộ huyện 2", "upper_grassroots", "", "T", "2000-01-01", ""],
            ["X", "Đảng bộ xã", "grassroots_committee", "commune", "H1", "2000-01-01", ""],
        ],
    )
    _write(folder / "members.csv", [MEMBERS])
    import_bundle(folder, actor=superuser)  # a superuser: the bulk founding path
    commune = Organization.objects.get(code="X")
    # when: the commune moves to the second district
    organization_move(
        actor=superuser,
        organization=commune,
        new_parent=Organization.objects.get(code="H2"),
        effective_on=date(2010, 1, 1),
    )
    # then: its founding audit row names it, and the second district's staff now see it
    founding = AuditEvent.objects.get(object_id=str(commune.pk), message="created")
    assert founding.organization_id == commune.pk
    staff = make_actor(Role.STAFF, Organization.objects.get(code="H2"))
    assert AuditEvent.objects.for_actor(staff).filter(pk=founding.pk).exists()


def test_a_transfer_is_not_received_by_an_organization_that_no_longer_holds_members(
    tmp_path, superuser
):
    # given: M's transfer to C2 is issued in 2010; in 2011 C2 becomes a sub-committee (it holds
    # no members any more) and the transfer is received after
    folder = _bundle(
        tmp_path / "b",
        [
            ["I-M", "transfer_issued", "2010-01-01", "I-C2", ""],
            ["I-M", "transfer_received", "2012-06-01", "", ""],
        ],
    )
    organizations = (folder / "organizations.csv").read_text(encoding="utf-8")
    (folder / "organizations.csv").write_text(
        organizations.replace("2000-01-01,2012-01-01", "2000-01-01,"), encoding="utf-8"
    )
    _write(
        folder / "org_changes.csv",
        [[*CHANGES, "new_kind"], ["I-C2", "reclassify", "2011-01-01", "", "", "", "sub_committee"]],
    )
    # when / then: the receipt is refused, as ``member_transfer_receive`` refuses it
    with pytest.raises(ImportFailed) as failure:
        import_bundle(folder, actor=superuser)
    assert [str(p) for p in failure.value.problems] == [
        "member_events.csv:3: organization_code: Đảng viên sinh hoạt tại chi bộ hoặc chi bộ cơ "
        "sở; ngày 01/06/2012, I-C2 không phải là chi bộ."
    ]
    assert not Member.objects.exists()
