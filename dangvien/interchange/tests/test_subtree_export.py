"""A subtree's export imports back as that subtree alone (issue 11, 6b).

``dangvien export --org CODE`` of a commune used to write every organization its members passed
through, and importing it put them at the top of the tree. Now the organizations outside the
subtree that members came from or went to are external references (external_organizations.csv):
the import into an empty database gives the same statistics for every organization of the
subtree and no other organization at the top of today's tree.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command

from dangvien.accounts.models import User
from dangvien.core.dates import today
from dangvien.interchange.exporter import export_bundle
from dangvien.interchange.importer import import_bundle
from dangvien.interchange.tests.thap_muoi import record_reform_and_history, write_thap_muoi_bundle
from dangvien.members.models import Member, MemberEvent
from dangvien.organizations.models import Organization, OrganizationVersion
from dangvien.rules.seed import reseed_rulebook
from dangvien.statistics.selectors import statistics_for

DATES = [
    date(2019, 12, 31),
    date(2021, 3, 1),
    date(2022, 4, 30),
    date(2023, 6, 1),
    date(2025, 6, 30),
    date(2025, 7, 1),
    date(2026, 11, 1),
]
# The new commune of the 07/2025 reform (two old communes merged into it, with their cells and
# a member in transit to a cell of another district), a commune whose member transferred out of
# the district, one whose cell received a member from outside, one whose member was away there.
ROOTS = ["DT25-X", "TM-X04", "TM-X06", "TM-X08"]


def _subtree_figures(root_code: str) -> dict:
    """``statistics_for`` of every organization of the subtree at every date (or its error)."""
    root = Organization.objects.get(code=root_code)
    result = {}
    for organization in Organization.objects.filter(path__startswith=root.path):
        for on in DATES:
            try:
                result[(organization.code, on)] = statistics_for(organization, on)
            except Exception as error:
                result[(organization.code, on)] = type(error).__name__
    return result


def _rows(folder: Path, name: str) -> list[dict[str, str]]:
    path = folder / name
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_subtree_export_imports_back_as_that_subtree_with_the_same_statistics(tmp_path):
    # given: the Tháp Mười bundle and the reform, each subtree exported
    admin = User.objects.create_superuser("root", "r@x.vn", "x")
    write_thap_muoi_bundle(tmp_path / "tm")
    import_bundle(tmp_path / "tm", actor=admin)
    record_reform_and_history(admin)
    before = {}
    for code in ROOTS:
        before[code] = _subtree_figures(code)
        export_bundle(tmp_path / code, scope=code)
    for code in ROOTS:
        # when: imported into an empty database
        call_command("flush", interactive=False, verbosity=0)
        reseed_rulebook(apps)
        admin = User.objects.create_superuser("root", "r@x.vn", "x")
        import_bundle(tmp_path / code, actor=admin)
        # then: the same statistics for every organization of the subtree, at every date
        assert _subtree_figures(code) == before[code], code
        # and: the subtree's root is the only organization at the top of today's tree
        tops = OrganizationVersion.objects.at(today()).filter(parent__isnull=True)
        assert [v.organization.code for v in tops] == [code]
        # and: the organizations outside were written as references, not as organizations
        exported = {row["code"] for row in _rows(tmp_path / code, "organizations.csv")}
        references = {row["code"] for row in _rows(tmp_path / code, "external_organizations.csv")}
        assert "CL-X01-C001" not in exported and "T-DT" not in exported
        assert exported.isdisjoint(references)
    # and: the references kept the members' admission dates (party age) and their ledger
    assert "CL-X01-C001" in references  # TM-X08's member was away there
    away = Member.objects.filter(events__organization__code="CL-X01-C001").first()
    assert away is not None
    assert MemberEvent.objects.filter(member=away, type="admitted").exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_member_admitted_outside_the_subtree_keeps_the_admission_date(tmp_path):
    # given: a member admitted in Cao Lãnh transfers into a cell of TM-X06 on 30/04/2022
    admin = User.objects.create_superuser("root", "r@x.vn", "x")
    write_thap_muoi_bundle(tmp_path / "tm")
    import_bundle(tmp_path / "tm", actor=admin)
    export_bundle(tmp_path / "sub", scope="TM-X06")
    newcomer = next(
        row
        for row in _rows(tmp_path / "sub", "members.csv")
        if row["organization_code"] == "CL-X01-C001"
    )
    # when: the subtree is imported into an empty database
    call_command("flush", interactive=False, verbosity=0)
    reseed_rulebook(apps)
    admin = User.objects.create_superuser("root", "r@x.vn", "x")
    import_bundle(tmp_path / "sub", actor=admin)
    # then: the member's admission (and party age) is where and when it was, outside the tree
    member = Member.objects.get(member_key=newcomer["member_id"])
    admission = MemberEvent.objects.get(member=member, type="admitted")
    assert admission.effective_on == date(2012, 6, 1)
    assert admission.organization.code == "CL-X01-C001"
    assert not OrganizationVersion.objects.filter(organization=admission.organization).exists()
    # and: importing it again changes nothing
    again = import_bundle(tmp_path / "sub", actor=admin)
    assert again["organizations_created"] == again["members_created"] == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_pages_of_an_external_reference_and_of_its_members_open(tmp_path, client):
    # given: TM-X04 imported alone; one of its members transferred to Cao Lãnh in 2021
    admin = User.objects.create_superuser("root", "r@x.vn", "x")
    write_thap_muoi_bundle(tmp_path / "tm")
    import_bundle(tmp_path / "tm", actor=admin)
    export_bundle(tmp_path / "sub", scope="TM-X04")
    call_command("flush", interactive=False, verbosity=0)
    reseed_rulebook(apps)
    admin = User.objects.create_superuser("root", "r@x.vn", "x")
    import_bundle(tmp_path / "sub", actor=admin)
    gone = Member.objects.get(events__type="transferred", events__organization__code="CL-X01-C001")
    client.force_login(admin)
    # when / then: the member's page and the reference's page answer (the reference has no
    # state in the tree: it is not found as an organization of it)
    assert client.get(f"/member/{gone.pk}/").status_code == 200
    assert client.get("/org/CL-X01-C001/").status_code in (200, 404)
    assert client.get("/org/TM-X04/").status_code == 200
