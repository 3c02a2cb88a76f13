"""The importer's bulk founding path applies the rules of ``organization_create`` row by row."""

import csv
from pathlib import Path

import pytest

from dangvien.audit.models import AuditEvent
from dangvien.interchange.importer import ImportFailed, import_bundle
from dangvien.organizations import interchange as organizations_section
from dangvien.organizations.models import Organization, OrganizationChange, OrganizationVersion
from dangvien.users.services import system_actor

pytestmark = pytest.mark.django_db

HEADER = ["code", "name", "kind", "sector", "parent_code", "established_on", "dissolved_on"]
MEMBERS = ["member_id", "full_name", "sex", "organization_code", "admitted_on"]


def _bundle(folder: Path, rows: list[list[str]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "organizations.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([HEADER, *rows])
    with (folder / "members.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerow(MEMBERS)
    return folder


BAD = [
    ["T", "Tỉnh", "provincial", "", "", "2000-01-01", ""],
    ["H", "Huyện", "upper_grassroots", "", "T", "2000-01-01", ""],
    ["CB", "Chi bộ dưới tỉnh", "cell", "", "T", "2000-01-01", ""],  # kind not allowed
    ["X", "Xã", "grassroots_committee", "school", "H", "2000-01-01", ""],  # sector
    ["Y", "Xã cũ", "grassroots_committee", "commune", "H", "1990-01-01", ""],  # before parent
]


def _problems(path: Path) -> list[str]:
    with pytest.raises(ImportFailed) as failure:
        import_bundle(path, actor=system_actor())
    return [str(p) for p in failure.value.problems]


def test_bulk_path_reports_the_same_problems_as_the_services(tmp_path, monkeypatch):
    bundle = _bundle(tmp_path / "b", BAD)
    bulk = _problems(bundle)
    monkeypatch.setattr(organizations_section, "_may_bulk_create", lambda actor: False)
    assert _problems(bundle) == bulk
    assert len(bulk) == 3, bulk
    assert Organization.objects.count() == 0


def _rows(prefix: str) -> list[list[str]]:
    return [
        [f"{prefix}T", "Tỉnh", "provincial", "", "", "2000-01-01", ""],
        [f"{prefix}H", "Huyện", "upper_grassroots", "", f"{prefix}T", "2000-01-01", ""],
        [
            f"{prefix}X",
            "Đảng bộ  xã Mỹ An",
            "grassroots_committee",
            "commune",
            f"{prefix}H",
            "2001-01-01",
            "",
        ],
        [f"{prefix}C", "Chi bộ ấp 1", "cell", "residential", f"{prefix}X", "2001-01-01", ""],
    ]


def _snapshot(prefix: str) -> list[tuple]:
    rows = []
    for version in OrganizationVersion.objects.filter(
        organization__code__startswith=prefix
    ).select_related("organization", "parent"):
        organization = version.organization
        parent_path = (
            OrganizationVersion.objects.get(organization=version.parent).path
            if version.parent
            else "/"
        )
        change = OrganizationChange.objects.get(organization=organization)
        audit = AuditEvent.objects.get(object_id=str(organization.pk), message="created")
        rows.append(
            (
                organization.code[1:],
                organization.established_on,
                organization.path == version.path == f"{parent_path}{organization.pk}/",
                version.name,
                version.kind,
                version.sector,
                version.parent.code[1:] if version.parent else None,
                version.depth,
                version.search_text.replace(prefix.lower(), "", 1),
                version.valid_from,
                version.valid_to,
                change.change_type,
                change.effective_on,
                change.related_organization_id == version.parent_id,
                {k: (v[1:] if k == "parent" and v else v) for k, v in change.data.items()},
                change.actor_name,
                audit.action,
                audit.organization_path == version.path,
                audit.actor_name,
                sorted(audit.after),
                audit.after["parent"] == version.parent_id,
            )
        )
    return sorted(rows)


def test_bulk_path_writes_what_the_service_writes(tmp_path, monkeypatch):
    import_bundle(_bundle(tmp_path / "a", _rows("A")), actor=system_actor())
    monkeypatch.setattr(organizations_section, "_may_bulk_create", lambda actor: False)
    import_bundle(_bundle(tmp_path / "b", _rows("B")), actor=system_actor())
    bulk, service = _snapshot("A"), _snapshot("B")
    assert len(bulk) == 4
    assert bulk == service


def test_bulk_import_is_idempotent(tmp_path):
    bundle = _bundle(tmp_path / "a", _rows("A"))
    import_bundle(bundle, actor=system_actor())
    again = import_bundle(bundle, actor=system_actor())
    assert again["organizations_created"] == 0
    assert Organization.objects.filter(code__startswith="A").count() == 4


@pytest.mark.parametrize("bulk", [True, False], ids=["bulk", "services"])
def test_an_organization_already_there_with_other_data_is_refused_on_its_row(
    tmp_path, monkeypatch, bulk
):
    if not bulk:
        monkeypatch.setattr(organizations_section, "_may_bulk_create", lambda actor: False)
    import_bundle(_bundle(tmp_path / "a", _rows("A")), actor=system_actor())
    rows = _rows("A")
    rows[2][1] = "Đảng bộ xã Mỹ Bình"  # the commune's founding name
    rows[1][5] = "2001-01-01"  # the district's founding date
    problems = _problems(_bundle(tmp_path / "b", rows))
    assert problems == [
        "organizations.csv:3: code: tổ chức mã AH đã có với dữ liệu khác",
        "organizations.csv:4: code: tổ chức mã AX đã có với dữ liệu khác",
    ]


def test_importing_the_same_organizations_again_reads_them_in_a_few_queries(tmp_path):
    """A re-import of 60 753 unchanged organizations took three queries and a savepoint each
    (178 s at 1 million members)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    small, large = _bundle(tmp_path / "a", _rows("A")), _bundle(tmp_path / "b", _rows("B"))
    import_bundle(small, actor=system_actor())
    for prefix in "CDE":
        import_bundle(_bundle(tmp_path / prefix, _rows(prefix)), actor=system_actor())
    with (large / "organizations.csv").open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(_rows("C") + _rows("D") + _rows("E"))
    import_bundle(large, actor=system_actor())
    with CaptureQueriesContext(connection) as few:
        import_bundle(small, actor=system_actor())  # 4 organizations
    with CaptureQueriesContext(connection) as many:
        import_bundle(large, actor=system_actor())  # 16 organizations
    assert len(many.captured_queries) == len(few.captured_queries)


@pytest.mark.parametrize("bulk", [True, False], ids=["bulk", "services"])
def test_children_of_a_refused_organization_name_its_row(tmp_path, monkeypatch, bulk):
    if not bulk:
        monkeypatch.setattr(organizations_section, "_may_bulk_create", lambda actor: False)
    bundle = _bundle(
        tmp_path / "b",
        [
            ["T", "Tỉnh", "provincial", "", "", "2000-01-01", ""],
            ["X", "Xã", "grassroots_committee", "school", "T", "2000-01-01", ""],  # sector
            ["X-C1", "Chi bộ ấp 1", "cell", "residential", "X", "2000-01-01", ""],
            ["X-C1-A", "Tổ", "cell", "residential", "X-C1", "2000-01-01", ""],
        ],
    )
    problems = _problems(bundle)
    # one mistake (row 3); the rows below it point at it instead of reading as new mistakes
    assert problems[0].startswith("organizations.csv:3: ")
    assert problems[1:] == [
        "organizations.csv:4: parent_code: tổ chức cấp trên X không được tạo (lỗi ở dòng 3)",
        "organizations.csv:5: parent_code: tổ chức cấp trên X-C1 không được tạo (lỗi ở dòng 4)",
    ]


def test_a_bundle_moving_and_merging_an_organization_on_one_day_imports_again_unchanged(
    tmp_path,
):
    """Walk of the demo: its own export imported again was refused (62 problems): the move
    and the reclassification of each commune merged on 01/07/2025 found the commune gone at
    the end of that day and were tried again."""
    rows = [
        ["T", "Tỉnh", "provincial", "", "", "2000-01-01", ""],
        ["H", "Huyện", "upper_grassroots", "", "T", "2000-01-01", ""],
        ["X", "Đảng bộ xã cũ", "grassroots_committee", "commune", "H", "2000-01-01", "2025-07-01"],
        ["N", "Đảng bộ xã mới", "grassroots_committee", "commune", "T", "2025-07-01", ""],
    ]
    bundle = _bundle(tmp_path / "b", rows)
    with (bundle / "org_changes.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(
            [
                ["code", "change", "effective_on", "new_parent_code", "merged_into_code"],
                ["X", "move", "2025-07-01", "T", ""],
                ["X", "merge", "2025-07-01", "", "N"],
            ]
        )
    first = import_bundle(bundle, actor=system_actor())
    assert first["organization_changes"] == 2
    # when
    again = import_bundle(bundle, actor=system_actor())
    # then
    assert (again["organizations_created"], again["organization_changes"]) == (0, 0)


def _planner_rows(table: str) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stats WHERE tablename = %s", [table])
        (count,) = cursor.fetchone()
    return int(count)


@pytest.mark.parametrize(("threshold", "analyzed"), [(4, True), (5, False)])
def test_a_large_bulk_founding_refreshes_the_planners_statistics(
    tmp_path, monkeypatch, threshold, analyzed
):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the planner's statistics are PostgreSQL's (make test-postgres)")
    table = OrganizationVersion._meta.db_table
    assert _planner_rows(table) == 0  # never analyzed in the test database
    monkeypatch.setattr(organizations_section, "ANALYZE_AFTER_ROWS", threshold)
    import_bundle(_bundle(tmp_path / "b", _rows("A")), actor=system_actor())
    # four organizations founded in bulk: the planner knows them at once (with autovacuum off,
    # or before it comes, a province's organizations were estimated at a handful)
    assert (_planner_rows(table) > 0) is analyzed
