"""The engine knows no domain: sections registered by the apps plug their files in."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import pytest

from dangvien.interchange.exporter import export_bundle
from dangvien.interchange.importer import ImportFailed, import_bundle
from dangvien.interchange.problems import Problem
from dangvien.interchange.sections import (
    BundleFile,
    Column,
    ExportContext,
    ImportContext,
    bundle_files,
    sections,
)
from dangvien.interchange.workbook_template import template_xlsx

pytestmark = pytest.mark.django_db

NOTES = BundleFile(
    "notes.csv",
    "One note per row.",
    (Column("code", "Code.", mandatory=True), Column("text", "Text.")),
)


@dataclass(frozen=True)
class NotesSection:
    label = "Notes"
    files = (NOTES,)
    counts = {"notes": "Notes read"}

    def load(self, context: ImportContext) -> None:
        for row in context.bundle.rows("notes.csv"):
            if row.get("text") == "bad":
                context.problems.append(Problem(row.file, row.line, "text", "bad note"))
            else:
                context.count("notes")

    def export(self, context: ExportContext) -> None:
        with context.open("notes.csv") as out:
            out.write({"code": "N1", "text": "hello"})


@pytest.fixture
def notes():
    sections.register("notes", NotesSection(), order=90)
    yield
    sections.unregister("notes")


def _bundle(folder: Path, notes: list[list[str]]) -> Path:
    folder.mkdir()
    for name, rows in (
        ("organizations.csv", [["code", "name", "kind", "established_on"]]),
        ("members.csv", [["member_id", "full_name", "sex", "organization_code", "admitted_on"]]),
        ("notes.csv", [["code", "text"], *notes]),
    ):
        with (folder / name).open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows(rows)
    return folder


def test_the_domain_sections_run_in_order():
    assert sections.keys()[:4] == ["organizations", "members", "committees", "targets"]
    assert [spec.name for spec in bundle_files()][:2] == ["organizations.csv", "org_changes.csv"]


def test_a_registered_section_reads_checks_and_counts_its_own_file(tmp_path, superuser, notes):
    # when
    result = import_bundle(_bundle(tmp_path / "b", [["N1", "hello"]]), actor=superuser)
    # then
    assert result["notes"] == 1
    assert list(result.as_dict())[-1] == "notes"


def test_a_section_s_problem_refuses_the_whole_import(tmp_path, superuser, notes):
    with pytest.raises(ImportFailed) as failure:
        import_bundle(_bundle(tmp_path / "b", [["N1", "bad"]]), actor=superuser)
    assert [str(p) for p in failure.value.problems] == ["notes.csv:2: text: bad note"]


def test_a_section_s_file_needs_its_mandatory_columns(tmp_path, superuser, notes):
    folder = _bundle(tmp_path / "b", [])
    (folder / "notes.csv").write_text("text\nhello\n", encoding="utf-8")
    with pytest.raises(ImportFailed) as failure:
        import_bundle(folder, actor=superuser)
    assert "notes.csv:1" in str(failure.value.problems[0])


def test_a_registered_section_exports_its_file_and_has_a_sheet_in_the_template(tmp_path, notes):
    from openpyxl import load_workbook

    # when
    context = export_bundle(tmp_path / "out")
    workbook = load_workbook(io.BytesIO(template_xlsx()))
    # then
    assert (tmp_path / "out" / "notes.csv").read_text(encoding="utf-8").splitlines() == [
        "code,text",
        "N1,hello",
    ]
    assert context.counts["notes.csv"] == 1
    assert [c.value for c in workbook["notes"][1]] == ["code", "text"]
