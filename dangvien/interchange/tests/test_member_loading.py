"""The member loader: streaming, the same rules as the services, the large-load path.

The large-load path (indexes dropped and rebuilt, a writer thread) is forced on a small bundle
by lowering its threshold; it must leave the same schema and the same rows as the normal path.
"""

from __future__ import annotations

import csv
import io
import time
from pathlib import Path

import pytest
from django.db import connection, transaction

from dangvien.committees.models import CommitteePost
from dangvien.core.text import person_list_key
from dangvien.interchange.bulk import BackgroundWriter
from dangvien.interchange.importer import ImportFailed, import_bundle
from dangvien.interchange.progress import TerminalProgress
from dangvien.interchange.tests import corpus as c
from dangvien.interchange.tests.test_import_bundle import _counts, _minimal, _write
from dangvien.interchange.tests.thap_muoi import AS_OF, write_thap_muoi_bundle
from dangvien.members.interchange import loader
from dangvien.members.models import Member, MemberEvent, MemberPeriod
from dangvien.members.services import bulk as member_bulk
from dangvien.members.services import rebuild_member_periods
from dangvien.organizations.models import Organization
from dangvien.statistics.selectors import statistics_for
from dangvien.users.services import system_actor

pytestmark = pytest.mark.django_db

PROFILE = ["member_id", "full_name", "sex", "birth_date", "organization_code"]
DATES = ["decision_on", "admitted_on", "official_on"]


def _problems(folder: Path, superuser) -> list[str]:
    with pytest.raises(ImportFailed) as failure:
        import_bundle(folder, actor=superuser)
    return [str(p) for p in failure.value.problems]


def _name_words() -> list[tuple[str, str]]:
    """(word, member key) of the names' words (PostgreSQL; none on SQLite)."""
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT w.word, m.member_key FROM members_name_word w "
            "JOIN members_member m ON m.id = w.member_id ORDER BY 1, 2"
        )
        return cursor.fetchall()


def _schema() -> list[tuple[str, str]]:
    """The indexes and constraints of the member tables (and, on PostgreSQL, of the names'
    words their triggers write), as the database describes them."""
    tables = [m._meta.db_table for m in (Member, MemberEvent, MemberPeriod)] + ["members_name_word"]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid::regclass::text = ANY(%s) "
                "UNION ALL SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s)",
                [tables, tables],
            )
        else:
            marks = ", ".join("%s" for _ in tables)
            cursor.execute(
                f"SELECT name, sql FROM sqlite_master WHERE tbl_name IN ({marks})",  # noqa: S608
                tables,
            )
        return sorted((name, definition or "") for name, definition in cursor.fetchall())


def _ledgers() -> list[tuple]:
    members = dict(Member.objects.values_list("pk", "member_key"))
    events = sorted(
        (members[m], t, d, o)
        for m, t, d, o in MemberEvent.objects.values_list(
            "member_id", "type", "effective_on", "organization_id"
        )
    )
    periods = sorted(
        (members[m], *rest)
        for m, *rest in MemberPeriod.objects.values_list(
            "member_id",
            "organization_id",
            "valid_from",
            "valid_to",
            "status",
            "is_exempted",
            "host_organization_id",
            "transit_to_id",
            "sex",
        )
    )
    return [events, periods]


@pytest.fixture
def grouped_and_reversed(tmp_path):
    folder = tmp_path / "tm"
    write_thap_muoi_bundle(folder)
    reversed_folder = tmp_path / "reversed"
    reversed_folder.mkdir()
    for path in folder.iterdir():
        (reversed_folder / path.name).write_bytes(path.read_bytes())
    with (folder / "member_events.csv").open(encoding="utf-8") as handle:
        header, *rows = list(csv.reader(handle))
    _write(reversed_folder / "member_events.csv", [header, *reversed(rows)])
    return folder, reversed_folder


@pytest.mark.parametrize("which", ["grouped", "reversed"])
def test_the_order_of_member_events_does_not_change_what_is_loaded(
    grouped_and_reversed, superuser, which, monkeypatch
):
    grouped, reversed_folder = grouped_and_reversed
    seen = []
    real = loader.IndexedEvents.__init__

    def spy(self, *args, **kwargs):
        seen.append("indexed")
        real(self, *args, **kwargs)

    monkeypatch.setattr(loader.IndexedEvents, "__init__", spy)
    result = import_bundle(grouped if which == "grouped" else reversed_folder, actor=superuser)
    # a grouped file streams; a reversed one is read into memory after the first attempt
    assert seen == ([] if which == "grouped" else ["indexed"])
    assert result.members_created == Member.objects.count()
    figures = statistics_for(Organization.objects.get(code="HU-TM"), AS_OF)
    assert figures["members"]["total"] == 4541
    assert figures["admissions"]["count"] == 126
    assert rebuild_member_periods(verify_only=True)["differing"] == 0
    # the list order's key is written with every member (the member lists sort by it)
    names = dict(Member.objects.values_list("full_name", "list_key"))
    assert all(key == person_list_key(name) for name, key in names.items())


@pytest.mark.parametrize("workers", [0, 2], ids=["in-process", "two-workers"])
def test_the_large_load_path_leaves_the_same_schema_and_rows(
    tmp_path, superuser, monkeypatch, settings, workers
):
    folder = tmp_path / "tm"
    write_thap_muoi_bundle(folder)
    schema = _schema()
    import_bundle(folder, actor=superuser)
    normal, normal_words = _ledgers(), _name_words()
    assert _schema() == schema
    # again, in an empty database, through the large-load path
    MemberPeriod.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {MemberEvent._meta.db_table}")  # noqa: S608 (ledger reset)
    CommitteePost.objects.all().delete()  # they hold members
    Member.objects.all().delete()
    monkeypatch.setattr(loader, "DEFER_INDEXES_FROM", 1)
    monkeypatch.setattr(loader, "CHUNK", 700)  # several chunks, in flight at once
    settings.IMPORT_WORKERS = workers
    dropped, names = [], set()
    real_drop = member_bulk.DeferredIndexes.drop

    def drop(self):
        done = real_drop(self)
        dropped.append((done, len(self.indexes)))
        names.update(name for name, _statement in self.indexes)
        return done

    monkeypatch.setattr(member_bulk.DeferredIndexes, "drop", drop)
    import_bundle(folder, actor=superuser)
    assert dropped and dropped[0][0] and dropped[0][1] >= 5
    # the partial indexes few loaded rows enter stay in place
    assert "member_list_order" in names and "member_event_corrects_idx" not in names
    assert _schema() == schema
    assert _ledgers() == normal
    assert _name_words() == normal_words
    assert rebuild_member_periods(verify_only=True)["differing"] == 0
    # ids given out by the counter: the next member from the services gets a fresh one
    assert Member.objects.create(member_key="NEW", full_name="Mới", sex="M").pk > max(
        Member.objects.exclude(member_key="NEW").values_list("pk", flat=True)
    )


def test_a_failing_large_load_writes_nothing_and_keeps_the_schema(tmp_path, superuser, monkeypatch):
    folder = tmp_path / "tm"
    write_thap_muoi_bundle(folder)
    schema, before = _schema(), _counts()
    monkeypatch.setattr(loader, "DEFER_INDEXES_FROM", 1)

    def broken(self, batch):
        raise RuntimeError("disk full")

    monkeypatch.setattr(loader.MemberLoader, "_send", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        import_bundle(folder, actor=superuser)
    assert _counts() == before
    assert _schema() == schema


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL settings")
def test_the_rebuild_leaves_the_rest_of_the_transaction_its_memory_settings(superuser):
    """The rebuild sorts and checks the foreign keys with more memory (``REBUILD_WORK_MEM``,
    ``CHECK_WORK_MEM``); the import's later sections run with the settings as configured."""
    from django.db import transaction

    def settings_now() -> tuple[str, str]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_setting('work_mem'), current_setting('maintenance_work_mem')"
            )
            return cursor.fetchone()

    configured = settings_now()
    with transaction.atomic():
        deferred = member_bulk.member_tables_deferred_indexes()
        assert deferred.drop() and deferred.foreign_keys
        deferred.restore()
        assert settings_now() == configured


def test_background_writer_raises_the_writers_error_in_the_caller():
    written = []

    def write(batch):
        if batch == "bad":
            raise ValueError("refused")
        written.append(batch)

    writer = BackgroundWriter(write, depth=1)
    writer.put("a")
    writer.put("bad")
    for _ in range(200):  # until the writer has met the bad batch
        if writer.error is not None:
            break
        time.sleep(0.025)

    with pytest.raises(ValueError, match="refused"):
        writer.put("later")
    with pytest.raises(ValueError, match="refused"):
        writer.close()
    assert written == ["a"]


# -- the same rules as the services ----------------------------------------------------------


def _member(key, org, *, admitted="2005-02-01", official="2006-02-01", card=None, **extra):
    return {
        "member_id": key,
        "full_name": f"Người {key}",
        "sex": "M",
        "birth_date": "1980-01-01",
        "organization_code": org,
        "decision_on": "2005-01-10",
        "admitted_on": admitted,
        "official_on": official,
        "party_card_number": card or "",
        **extra,
    }


def _bundle(
    folder: Path,
    members: list[dict],
    events: list[list[str]] | None = None,
    *,
    columns: list[str] | None = None,
    org_rows: list[list[str]] | None = None,
) -> Path:
    columns = columns or [*PROFILE, *DATES, "party_card_number"]
    _minimal(folder, org_rows=org_rows)
    _write(
        folder / "members.csv",
        [columns, *[[row.get(c, "") for c in columns] for row in members]],
    )
    if events is not None:
        _write(
            folder / "member_events.csv",
            [["member_id", "event", "effective_on", "organization_code", "note"], *events],
        )
    return folder


def test_members_belong_to_cells_on_the_day_they_join(tmp_path, superuser):
    folder = _bundle(
        tmp_path / "b",
        [_member("A", "X"), _member("B", "X-C1")],
        [["B", "transfer", "2010-01-01", "X", ""]],
    )
    problems = _problems(folder, superuser)
    assert problems == [
        "members.csv:2: organization_code: Đảng viên sinh hoạt tại chi bộ hoặc chi bộ cơ sở; "
        "ngày 01/02/2005, X không phải là chi bộ.",
        "member_events.csv:2: organization_code: Đảng viên sinh hoạt tại chi bộ hoặc chi bộ cơ "
        "sở; ngày 01/01/2010, X không phải là chi bộ.",
    ]
    assert _counts() == (0, 0, 0, 0)


def test_a_party_card_number_is_unique(tmp_path, superuser):
    folder = _bundle(
        tmp_path / "b", [_member("A", "X-C1", card="0001"), _member("B", "X-C2", card="0001")]
    )
    assert _problems(folder, superuser) == [
        "members.csv:3: party_card_number: Số thẻ đảng này đã thuộc đảng viên ở dòng 2."
    ]
    import_bundle(_bundle(tmp_path / "c", [_member("A", "X-C1", card="0001")]), actor=superuser)
    later = _bundle(tmp_path / "d", [_member("B", "X-C2", card="0001")])
    assert _problems(later, superuser) == [
        "members.csv:2: party_card_number: Số thẻ đảng này đã thuộc đảng viên A."
    ]


def test_a_bad_recognition_date_is_reported(tmp_path, superuser):
    # 01/02/2006 reads as 1 February 2006 (issue 18 item 2); 31/02/2006 is no day at all
    folder = _bundle(tmp_path / "b", [_member("A", "X-C1", official="31/02/2006")])
    assert _problems(folder, superuser) == [
        "members.csv:2: official_on: ngày không hợp lệ “31/02/2006” (dd/mm/yyyy hoặc YYYY-MM-DD)"
    ]


def test_every_problem_of_a_row_is_reported(tmp_path, superuser):
    folder = _bundle(tmp_path / "b", [_member("A", "NOWHERE", sex="X")])
    assert _problems(folder, superuser) == [
        "members.csv:2: sex: Giới tính phải là M hoặc F, không phải “X”.",
        "members.csv:2: organization_code: không có tổ chức mã NOWHERE",
    ]


# -- repeats in a large load ------------------------------------------------------------------
# A large load assumes members.csv repeats nothing and lets the database's unique keys find a
# repeat; it must report exactly what a load that looks for repeats first reports.

REPEATS = {
    "key": [_member("A", "X-C1"), _member("B", "X-C2"), _member("A", "X-C2")],
    "citizen ID": [
        _member("A", "X-C1", national_id="087090001234"),
        _member("B", "X-C2", national_id="087090001234"),
    ],
    "card": [_member("A", "X-C1", card="0001"), _member("B", "X-C2", card="0001")],
    # a problem earlier in the file stops the writing before the repeat reaches the table
    "beside another problem": [
        _member("A", "X-C1", sex="X"),
        _member("B", "X-C2", card="0001"),
        _member("C", "X-C2", card="0001"),
    ],
}
NATIONAL_COLUMNS = [*PROFILE, *DATES, "party_card_number", "national_id"]


def _large_load(monkeypatch, *, on: bool) -> list[str]:
    """Turn the large-load path on or off; the loads (``load:<aligned>`` … ``end``) and the
    readings of members.csv for its repeats (``read``) are listed in their order."""
    monkeypatch.setattr(loader, "DEFER_INDEXES_FROM", 1 if on else 10**9)
    calls: list[str] = []
    real_find, real_load = loader.find_repeats, loader.MemberLoader._load

    def find(*args, **kwargs):
        calls.append("read")
        return real_find(*args, **kwargs)

    def load(self, *, aligned):
        calls.append(f"load:{aligned}")
        try:
            real_load(self, aligned=aligned)
        finally:
            calls.append("end")

    monkeypatch.setattr(loader, "find_repeats", find)
    monkeypatch.setattr(loader.MemberLoader, "_load", load)
    return calls


@pytest.mark.parametrize("case", list(REPEATS))
def test_a_large_load_reports_the_repeats_a_small_load_reports(
    tmp_path, superuser, monkeypatch, case
):
    folder = _bundle(tmp_path / "b", REPEATS[case], columns=NATIONAL_COLUMNS)
    schema, before = _schema(), _counts()
    calls = _large_load(monkeypatch, on=False)
    expected = _problems(folder, superuser)
    assert expected  # the repeat (and the other problem) reported
    assert calls == ["load:True", "read", "end"]  # read before the first row
    calls = _large_load(monkeypatch, on=True)
    assert _problems(folder, superuser) == expected
    # a whole load first, the file read for its repeats only after it, then a load with them
    assert calls[:2] == ["load:True", "end"] and "read" in calls and calls[-1] == "end"
    assert _counts() == before
    assert _schema() == schema


def test_a_large_load_in_another_order_than_the_events_reports_a_repeat(
    tmp_path, superuser, monkeypatch
):
    """The events not in the members' order and a key repeated: the load in the events' order
    found once is not tried again in the file's order."""
    rows = [_member("A", "X-C1"), _member("B", "X-C1"), _member("A", "X-C2")]
    events = [
        ["B", "transfer", "2010-01-01", "X-C2", ""],
        ["A", "transfer", "2011-01-01", "X-C2", ""],
    ]
    folder = _bundle(tmp_path / "b", rows, events)
    _large_load(monkeypatch, on=False)
    expected = _problems(folder, superuser)
    assert expected == ["members.csv:4: member_id: A lặp lại (đã có ở dòng 2)"]
    calls = _large_load(monkeypatch, on=True)
    assert _problems(folder, superuser) == expected
    assert calls == ["load:True", "end", "load:False", "end", "load:False", "read", "end"]


def test_a_large_load_finds_a_repeat_of_a_member_it_leaves_unchanged(
    tmp_path, superuser, monkeypatch
):
    """A member already in the database is not written again, so no unique key sees its row."""
    import_bundle(_bundle(tmp_path / "a", [_member("A", "X-C1")]), actor=superuser)
    rows = [_member("A", "X-C1"), _member("B", "X-C2"), _member("A", "X-C1")]
    folder = _bundle(tmp_path / "b", rows)
    _large_load(monkeypatch, on=False)
    expected = _problems(folder, superuser)
    assert expected == ["members.csv:4: member_id: A lặp lại (đã có ở dòng 2)"]
    _large_load(monkeypatch, on=True)
    assert _problems(folder, superuser) == expected
    assert list(Member.objects.values_list("member_key", flat=True)) == ["A"]


def test_a_large_load_without_repeats_reads_members_csv_once_less(tmp_path, superuser, monkeypatch):
    folder = _bundle(
        tmp_path / "b",
        [_member("A", "X-C1", card="0001"), _member("B", "X-C2", card="0002")],
    )
    calls = _large_load(monkeypatch, on=False)
    with transaction.atomic():
        import_bundle(folder, actor=superuser)
        transaction.set_rollback(True)
    assert calls.count("read") == 1
    calls = _large_load(monkeypatch, on=True)
    result = import_bundle(folder, actor=superuser)
    assert "read" not in calls and calls.count("end") == 1
    assert result.members_created == 2
    assert rebuild_member_periods(verify_only=True)["differing"] == 0


def test_a_load_started_again_lists_each_deviation_once(tmp_path, monkeypatch):
    """The events in another order than the members: the load starts again from memory, and
    what the first attempt had found is forgotten."""
    files = c.base()
    files["members.csv"][1][12] = "2002-02-02"  # M1: a day after the end of probation
    files["member_events.csv"][1:] = list(reversed(files["member_events.csv"][1:]))
    folder = c.write_bundle(tmp_path / "legacy", files)
    monkeypatch.setattr(loader, "CHUNK", 1)  # M1 is checked before the order is found out
    result = import_bundle(folder, actor=system_actor(), dry_run=True, record_deviations=True)
    assert [(d.file, d.line, d.column) for d in result.deviations] == [
        ("members.csv", 2, "official_on")
    ]


# -- progress ----------------------------------------------------------------------------------


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_terminal_shows_a_bar_with_the_share_read_and_the_rate():
    stream = _Terminal()
    progress = TerminalProgress(stream, width=10)
    progress("members", 5000, 0.5)
    progress("members", 10_000, 1.0)
    progress.close()
    text = stream.getvalue()
    assert "Đảng viên" in text
    assert "█████░░░░░  50%" in text
    assert "██████████ 100%" in text
    assert "10.000 dòng" in text
    assert text.endswith("\n")


def test_no_bar_when_the_output_is_not_a_terminal():
    stream = io.StringIO()
    progress = TerminalProgress(stream)
    progress("members", 5000, 0.5)
    progress.close()
    assert stream.getvalue() == ""


def test_the_import_reports_its_progress_by_stage(tmp_path, superuser):
    folder = tmp_path / "tm"
    write_thap_muoi_bundle(folder)
    seen: list[tuple] = []
    import_bundle(folder, actor=superuser, progress=lambda *args: seen.append(args))
    stages = {args[0] for args in seen}
    assert stages == {"organizations", "members"}
    last = [args for args in seen if args[0] == "members"][-1]
    assert last[1] == Member.objects.count()
    assert last[2] == pytest.approx(1.0)


def test_the_loader_writes_every_column_the_tables_require():
    """A field added to a member table later must be added to the loader's rows too."""
    assert {f.column for f in Member._meta.concrete_fields} == set(member_bulk.MEMBER_COLUMNS)
    for model, columns in (
        (MemberEvent, member_bulk.EVENT_COLUMNS),
        (MemberPeriod, member_bulk.PERIOD_COLUMNS),
    ):
        left_out = {f.column for f in model._meta.concrete_fields} - set(columns)
        assert all(
            model._meta.get_field(name).null or name == "id"
            for name in (f.name for f in model._meta.concrete_fields if f.column in left_out)
        ), left_out


def test_a_member_without_a_birth_date_loads_beside_text_that_needs_escaping(
    tmp_path, superuser, monkeypatch
):
    # On PostgreSQL the row goes out as COPY text: its null date and the backslash of a name
    # must both survive the escaping (the large path writes the same text).
    monkeypatch.setattr(loader, "DEFER_INDEXES_FROM", 1)
    folder = _bundle(
        tmp_path / "b",
        [
            _member("A", "X-C1", birth_date=""),
            _member("B", "X-C2", birth_date="", full_name="Lê Văn \\ Bình"),
            _member("C", "X-C2", other_names="tab\there"),
        ],
        columns=[*PROFILE, *DATES, "party_card_number", "other_names"],
    )
    import_bundle(folder, actor=superuser)
    stored = {m.member_key: m for m in Member.objects.all()}
    assert stored["A"].birth_date is None and stored["B"].birth_date is None
    assert stored["B"].full_name == "Lê Văn \\ Bình"
    assert str(stored["C"].birth_date) == "1980-01-01"


def test_a_dry_run_leaves_the_indexes_in_place(tmp_path, superuser, monkeypatch):
    # dropping an index would lock the table for every other session until the rollback
    monkeypatch.setattr(loader, "DEFER_INDEXES_FROM", 1)
    calls = []
    monkeypatch.setattr(member_bulk.DeferredIndexes, "drop", lambda self: calls.append(1))
    folder = _bundle(tmp_path / "b", [_member("A", "X-C1")])
    result = import_bundle(folder, actor=superuser, dry_run=True)
    assert result.members_created == 1 and Member.objects.count() == 0
    assert calls == []
    import_bundle(folder, actor=superuser)
    assert calls == [1]


@pytest.mark.parametrize("event", ["temporary_out", "transfer_issued"])
@pytest.mark.parametrize("target", ["X-OLD", "X-NEW"], ids=["dissolved", "not-yet-founded"])
def test_a_member_is_not_sent_to_an_organization_that_does_not_exist_that_day(
    tmp_path, superuser, event, target
):
    folder = _bundle(
        tmp_path / "b",
        [_member("A", "X-C1")],
        [["A", event, "2010-01-01", target, ""]],
        org_rows=[
            ["X-OLD", "Chi bộ cũ", "cell", "residential", "X", "2000-01-01", "2008-01-01"],
            ["X-NEW", "Chi bộ mới", "cell", "residential", "X", "2012-01-01", ""],
        ],
    )
    assert _problems(folder, superuser) == [
        f"member_events.csv:2: organization_code: {target} không tồn tại vào ngày 01/01/2010."
    ]
    assert _counts()[1:] == (0, 0, 0)


def test_text_longer_than_its_column_is_reported_not_truncated(tmp_path, superuser):
    folder = _bundle(
        tmp_path / "b",
        [_member("K" * 65, "X-C1", phone="0" * 33), _member("B", "X-C2")],
        columns=[*PROFILE, *DATES, "party_card_number", "phone"],
    )
    assert _problems(folder, superuser) == [
        "members.csv:2: member_id: dài quá 64 ký tự",
        "members.csv:2: phone: dài quá 32 ký tự",
    ]
