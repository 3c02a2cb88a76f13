"""The contract through the real console command, on a fresh SQLite database."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dangvien.interchange.tests.thap_muoi import write_thap_muoi_bundle

DANGVIEN = str(Path(sys.executable).with_name("dangvien"))


def _run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [DANGVIEN, *args], capture_output=True, text=True, env=env, timeout=300, check=False
    )


@pytest.fixture(scope="module")
def cli(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cli")
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
    }
    assert _run("migrate", "-v0", env=env).returncode == 0
    bundle = folder / "thap-muoi"
    write_thap_muoi_bundle(bundle)
    return env, bundle, folder


def test_import_then_stats_prints_the_report_figures(cli):
    env, bundle, _folder = cli
    # when
    imported = _run("import", str(bundle), env=env)
    stats = _run("stats", "HU-TM", "--as-of", "2022-04-30", env=env)
    text = _run("stats", "HU-TM", "--as-of", "2022-04-30", "--format", "text", env=env)
    # then
    assert imported.returncode == 0, imported.stderr
    figures = json.loads(stats.stdout)
    assert figures["grassroots"]["total"] == 38
    assert figures["cells"] == 226
    assert figures["members"]["total"] == 4541
    assert figures["members_per_population_percent"] == 3.45
    assert figures["admission_target"]["percent_achieved"] == 22.11
    for expected in ("38 chi bộ, đảng bộ cơ sở", "226 chi bộ", "4.541 đảng viên", "3,45%", "22,1%"):
        assert expected in text.stdout


def test_importing_the_same_bundle_again_changes_nothing(cli):
    env, bundle, _folder = cli
    _run("import", str(bundle), env=env)
    again = _run("import", str(bundle), env=env)
    assert again.returncode == 0
    assert "organizations_created=0" in again.stdout and "members_created=0" in again.stdout
    assert "events_created=0" in again.stdout and "posts_created=0" in again.stdout


@pytest.mark.parametrize(
    ("_case", "args", "fragment"),
    [
        ("unknown organization", ["stats", "NO-SUCH", "--as-of", "2022-04-30"], "NO-SUCH"),
        ("malformed date", ["stats", "HU-TM", "--as-of", "30/04/2022"], "30/04/2022"),
        ("missing bundle", ["import", "/no/such/folder"], "/no/such/folder"),
    ],
)
def test_bad_input_gives_one_line_and_non_zero_exit(cli, _case, args, fragment):
    env, _bundle, _folder = cli
    result = _run(*args, env=env)
    assert result.returncode != 0
    assert fragment in result.stderr
    assert "Traceback" not in result.stderr


def test_export_writes_a_bundle_and_stats_writes_documents(cli):
    env, bundle, folder = cli
    _run("import", str(bundle), env=env)
    exported = _run("export", str(folder / "out.zip"), env=env)
    xlsx = _run(
        "stats",
        "HU-TM",
        "--as-of",
        "2022-04-30",
        "--format",
        "xlsx",
        "--output",
        str(folder / "s.xlsx"),
        env=env,
    )
    assert exported.returncode == 0 and (folder / "out.zip").stat().st_size > 0
    assert xlsx.returncode == 0
    from openpyxl import load_workbook

    values = {
        cell
        for sheet in load_workbook(folder / "s.xlsx").worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
    }
    assert 4541 in values and 226 in values
    docx = _run(
        "stats",
        "HU-TM",
        "--as-of",
        "2022-04-30",
        "--format",
        "docx",
        "--output",
        str(folder / "s.docx"),
        env=env,
    )
    from docx import Document

    document = Document(str(folder / "s.docx"))
    text = "\n".join(
        [p.text for p in document.paragraphs]
        + [c.text for t in document.tables for r in t.rows for c in r.cells]
    )
    assert docx.returncode == 0 and "ĐẢNG CỘNG SẢN VIỆT NAM" in text and "4.541" in text
