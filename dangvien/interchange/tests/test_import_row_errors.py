"""Issue 13, defect 7: every bad input is a row error ``file:row: column: message``, never a
traceback, and the import writes nothing (each case failed before: a traceback, a problem
that named no file, a wrong place, or an import that was accepted).

The same cases run on SQLite and on PostgreSQL (``DATABASE_URL``): the verdict must not depend
on the database (a 300-character name or a NUL byte used to pass on SQLite only).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from django.test import override_settings

from dangvien.interchange.importer import ImportFailed, import_bundle
from dangvien.interchange.tests import corpus as c
from dangvien.organizations.models import Organization
from dangvien.targets.models import AdmissionTarget
from dangvien.users.services import system_actor

pytestmark = pytest.mark.django_db

# name → (mutation, (file, row, column) of the first problem, words of its message)
CASES: dict[str, tuple[c.Mutation, tuple[str, int, str], str]] = {
    "unknown sector": (
        c.set_cell("organizations.csv", 3, "sector", "galaxy"),
        ("organizations.csv", 3, "sector"),
        "galaxy",
    ),
    "its own parent": (
        c.set_cell("organizations.csv", 3, "parent_code", "X"),
        ("organizations.csv", 3, "parent_code"),
        "",
    ),
    "a cycle of two": (
        c.set_cell("organizations.csv", 2, "parent_code", "X"),
        ("organizations.csv", 2, "parent_code"),
        "P → X → P",
    ),
    "a cycle of three": (
        lambda f: c.set_cell("organizations.csv", 2, "parent_code", "X-C1")(
            c.set_cell("organizations.csv", 3, "parent_code", "P")(f)
        ),
        ("organizations.csv", 2, "parent_code"),
        "P → X-C1 → X → P",
    ),
    "a cell over 128 KB": (
        c.set_cell("members.csv", 3, "religion", "a" * 140_000),
        ("members.csv", 3, "-"),
        "131072",
    ),
    "Latin-1": (
        c.encoded("members.csv", "latin-1", "Nguyen Van Ânh café"),
        ("members.csv", 2, "-"),
        "UTF-8",
    ),
    "Windows-1258": (
        c.encoded("members.csv", "cp1258", "Nguyễn Văn Ânh"),
        ("members.csv", 2, "-"),
        "UTF-8",
    ),
    "year 0001": (
        c.set_cell("members.csv", 2, "birth_date", "0001-01-01"),
        ("members.csv", 2, "birth_date"),
        "1900",
    ),
    "birth year 1800": (
        c.set_cell("members.csv", 2, "birth_date", "1800-05-01"),
        ("members.csv", 2, "birth_date"),
        "1900",
    ),
    "official_on 9999-12-31": (
        c.set_cell("members.csv", 7, "official_on", "9999-12-31"),
        ("members.csv", 7, "official_on"),
        "2999",
    ),
    "an admission tomorrow": (
        c.set_cell("members.csv", 7, "admitted_on", c.TOMORROW),
        ("members.csv", 7, "admitted_on"),
        "",
    ),
    "an event tomorrow": (
        c.add_row("member_events.csv", ["M1", "exempt", c.TOMORROW, "", ""]),
        ("member_events.csv", 6, "effective_on"),
        "",
    ),
    "an organization founded tomorrow": (
        c.add_row("organizations.csv", ["Z", "Chi bộ Z", "cell", "", "X", c.TOMORROW, ""]),
        ("organizations.csv", 8, "established_on"),
        "",
    ),
    "a population of 1e19": (
        c.set_cell("populations.csv", 2, "population", "10000000000000000000"),
        ("populations.csv", 2, "population"),
        "2.147.483.647",
    ),
    "a population of 1e20": (
        c.set_cell("populations.csv", 3, "population", "1e20"),
        ("populations.csv", 3, "population"),
        "",
    ),
    "a target of 1e19": (
        c.set_cell("targets.csv", 2, "admissions", "10000000000000000000"),
        ("targets.csv", 2, "admissions"),
        "2.147.483.647",
    ),
    "a year 99999": (
        c.set_cell("populations.csv", 2, "year", "99999"),
        ("populations.csv", 2, "year"),
        "2.999",
    ),
    "a NaN percentage": (
        c.set_cell("targets.csv", 2, "members_per_population_percent", "NaN"),
        ("targets.csv", 2, "members_per_population_percent"),
        "",
    ),
    "an infinite percentage": (
        c.set_cell("targets.csv", 2, "members_per_population_percent", "Infinity"),
        ("targets.csv", 2, "members_per_population_percent"),
        "",
    ),
    "a 1e308 percentage": (
        c.set_cell("targets.csv", 2, "members_per_population_percent", "1e308"),
        ("targets.csv", 2, "members_per_population_percent"),
        "",
    ),
    "a 300-character member name": (
        c.set_cell("members.csv", 2, "full_name", "A" * 300),
        ("members.csv", 2, "full_name"),
        "200",
    ),
    "a 300-character organization name": (
        c.set_cell("organizations.csv", 3, "name", "Đảng bộ " + "A" * 292),
        ("organizations.csv", 3, "name"),
        "255",
    ),
    "a 300-character new name": (
        c.set_cell("org_changes.csv", 2, "new_name", "A" * 300),
        ("org_changes.csv", 2, "new_name"),
        "255",
    ),
    "a 100-character organization code": (
        lambda f: c.set_cell("organizations.csv", 7, "code", "Y" * 100)(
            c.set_cell("members.csv", 5, "organization_code", "Y" * 100)(f)
        ),
        ("organizations.csv", 7, "code"),
        "64",
    ),
    "a NUL byte": (
        c.set_cell("members.csv", 3, "full_name", "Trần\x00Bình"),
        ("members.csv", 3, "-"),
        "NUL",
    ),
    "a NUL byte in an organization name": (
        c.set_cell("organizations.csv", 4, "name", "Chi bộ\x00"),
        ("organizations.csv", 4, "-"),
        "NUL",
    ),
    "a corrupt zip": (c.corrupt_zip, ("members.csv", None, "-"), "members.csv"),
    "an encrypted zip": (c.encrypted_zip, ("organizations.csv", 0, "-"), "organizations.csv"),
    "a zip with organizations.csv twice": (
        c.zip_twice("organizations.csv", 3, "name", "Đảng bộ khác"),
        ("organizations.csv", 0, "-"),
        "copy/organizations.csv",
    ),
    "a committee post of an unknown member with no name": (
        c.add_row("committee_members.csv", ["X", "NOPE", "member", "2016-01-01", "", ""]),
        ("committee_members.csv", 5, "member_id"),
        "NOPE",
    ),
    "a committee holder's name over 200 characters": (
        c.add_row("committee_members.csv", ["X", "", "member", "2016-01-01", "", "B" * 201]),
        ("committee_members.csv", 5, "full_name"),
        "200",
    ),
    "a transfer into a dissolved cell": (
        c.add_row("member_events.csv", ["M1", "transfer", "2016-01-01", "X-C3", ""]),
        ("member_events.csv", 6, "organization_code"),
        "X-C3",
    ),
    "a rename before the founding": (
        c.add_row("org_changes.csv", ["Y", "rename", "1990-01-01", "", "Tên mới", ""]),
        ("org_changes.csv", 3, "effective_on"),
        "01/05/2001",
    ),
    "a move under an organization founded later": (
        lambda f: c.add_row("org_changes.csv", ["X-C1", "move", "2001-01-01", "Z", "", ""])(
            c.add_row(
                "organizations.csv",
                ["Z", "Đảng bộ xã Z", "grassroots_committee", "commune", "P", "2005-01-01", ""],
            )(f)
        ),
        ("org_changes.csv", 3, "new_parent_code"),
        "01/01/2005",
    ),
    "a duplicate header": (
        c.duplicate_header("members.csv", "full_name"),
        ("members.csv", 1, "full_name"),
        "full_name",
    ),
}


def _import(tmp_path: Path, mutate: c.Mutation) -> ImportFailed:
    files = mutate(c.base())
    path = files.write(tmp_path) if isinstance(files, c.Raw) else c.write_bundle(tmp_path, files)
    with pytest.raises(ImportFailed) as failure:
        import_bundle(path, actor=system_actor())
    return failure.value


@pytest.mark.parametrize("case", list(CASES))
def test_a_bad_input_is_a_row_error_and_nothing_is_written(tmp_path, case):
    from dangvien.interchange.tests.test_malformed_corpus import table_counts

    system_actor()  # the importing user exists before the counts
    before = table_counts()
    mutate, (file, line, column), words = CASES[case]
    failure = _import(tmp_path, mutate)
    first = failure.problems[0]
    assert (first.file, first.column) == (file, column), [str(p) for p in failure.problems]
    if line is not None:
        assert first.line == line, str(first)
    assert words in first.message, str(first)
    assert table_counts() == before


def test_the_base_bundle_of_these_cases_is_valid(tmp_path):
    result = import_bundle(c.write_bundle(tmp_path, c.base()), actor=system_actor())
    assert result.members_created == 6


def test_a_utf16_file_is_read_by_its_bom(tmp_path):
    files = c.base()
    files["members.csv"][2][1] = "Trần Thị Bình Ân"
    folder = c.write_bundle(tmp_path, files)
    (folder / "members.csv").write_bytes(
        c.csv_bytes(files["members.csv"]).decode("utf-8").encode("utf-16")
    )
    import_bundle(folder, actor=system_actor())
    from dangvien.members.models import Member

    assert Member.objects.get(member_key="M2").full_name == "Trần Thị Bình Ân"


def test_a_nul_byte_in_a_utf16_file_is_a_row_error(tmp_path):
    files = c.base()
    files["members.csv"][3][1] = "Lê\x00Cường"
    folder = c.write_bundle(tmp_path, files)
    (folder / "members.csv").write_bytes(
        c.csv_bytes(files["members.csv"]).decode("utf-8").encode("utf-16")
    )
    with pytest.raises(ImportFailed) as failure:
        import_bundle(folder, actor=system_actor())
    assert (failure.value.problems[0].file, failure.value.problems[0].line) == ("members.csv", 4)


def test_a_zip_bomb_is_refused_before_unpacking(tmp_path):
    path = c.zip_bomb(300)(c.base()).write(tmp_path)  # type: ignore[union-attr]
    assert path.stat().st_size < 400_000
    started = time.monotonic()
    with pytest.raises(ImportFailed) as failure:
        import_bundle(path, actor=system_actor())
    assert time.monotonic() - started < 2
    assert "padding.csv" in str(failure.value.problems[0])


def test_the_unpacked_size_limit_is_enforced(tmp_path):
    path = c.zipped()(c.base()).write(tmp_path)  # type: ignore[union-attr]
    with override_settings(IMPORT_MAX_UNPACKED_BYTES=1000), pytest.raises(ImportFailed) as failure:
        import_bundle(path, actor=system_actor())
    assert "1000" in failure.value.problems[0].message
    with override_settings(IMPORT_MAX_UNPACKED_BYTES=100_000):
        assert import_bundle(path, actor=system_actor()).members_created == 6


def test_the_default_unpacked_size_limit_is_sane():
    from django.conf import settings

    assert settings.IMPORT_MAX_UNPACKED_BYTES <= 4 * 1024**3
    assert settings.IMPORT_MAX_COMPRESSION_RATIO <= 100


def test_an_out_of_scope_target_is_a_row_error(tmp_path, make_actor):
    """A commune's staff may import its own figures; a target of the province is a row error
    naming targets.csv, not a bare PermissionDenied."""
    import_bundle(c.write_bundle(tmp_path / "all", c.base()), actor=system_actor())
    staff = make_actor("staff", Organization.objects.get(code="X"))
    files = c.base()
    files = {
        "organizations.csv": [files["organizations.csv"][0]],
        "members.csv": [files["members.csv"][0]],
        "targets.csv": [
            files["targets.csv"][0],
            ["X", "2025-07-01", "2030-06-30", "40", ""],
            ["P", "2025-07-01", "2030-06-30", "4000", ""],
        ],
    }
    with pytest.raises(ImportFailed) as failure:
        import_bundle(c.write_bundle(tmp_path / "mine", files), actor=staff)
    problems = [str(p) for p in failure.value.problems]
    assert len(problems) == 1, problems
    first = failure.value.problems[0]
    assert (first.file, first.line, first.column) == ("targets.csv", 3, "organization_code")
    assert AdmissionTarget.objects.count() == 1


def test_an_event_without_a_member_key_is_reported_beside_a_member_without_one(tmp_path):
    """Review of issue 19: a blank key of members.csv is no member's, so an event without a key
    is still "no member has the key" (the file's keys are read again for unclaimed events)."""

    # given: a member row without a key, and an event without a key after M1's (not aligned)
    def mutate(files: c.Files) -> c.Files:
        keyless = c.set_cell("members.csv", 7, "member_id", "")(files)
        return c.add_row("member_events.csv", ["", "exempt", "2020-01-01", "", ""])(keyless)

    # when
    failure = _import(tmp_path, mutate)
    # then
    places = {(p.file, p.line, p.column) for p in failure.problems}
    assert ("members.csv", 7, "member_id") in places
    assert ("member_events.csv", 6, "member_id") in places, [str(p) for p in failure.problems]
