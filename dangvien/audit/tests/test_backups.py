"""Backups (issue 13, suite *Backups*): ``dangvien backup`` then ``restore`` gives back the same
statistics and a valid audit chain; a backup that was tampered with is named on restore."""

import sqlite3
from datetime import date

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from dangvien.audit.selectors import audit_chain_verdict
from dangvien.members.tests.support import admit
from dangvien.organizations.models import Organization
from dangvien.statistics.selectors import statistics_for

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ON = date(2024, 12, 31)


def _figures(root_code):
    return statistics_for(Organization.objects.get(code=root_code), ON)


def test_restore_gives_back_the_same_statistics_and_a_valid_chain(org_tree, superuser, tmp_path):
    # given: members, and a backup taken while the database is in use
    for n, cell in enumerate([org_tree.cell_a, org_tree.cell_a, org_tree.cell_b]):
        admit(superuser, cell, name=f"Đảng viên {n}", sex="F" if n else "M")
    before = _figures(org_tree.province.code)
    rows_before = audit_chain_verdict().rows
    call_command("backup", str(tmp_path / "backup.dump"))
    # when: more is written and kept (a log-in's session lives in the cache too), then the
    # backup is restored
    admit(superuser, org_tree.cell_b, name="Sau sao lưu")
    assert _figures(org_tree.province.code) != before
    cache.set("session-since-the-backup", True)
    call_command("restore", str(tmp_path / "backup.dump"), "--yes")
    # then
    assert cache.get("session-since-the-backup") is None
    assert _figures(org_tree.province.code) == before
    assert before["members"]["total"] == 3
    verdict = audit_chain_verdict()
    assert verdict.ok and verdict.rows == rows_before
    if connection.vendor == "postgresql":  # the partitioned tables come back partitioned
        from dangvien.core.partitioning import is_partitioned

        assert is_partitioned(connection, "fees_feepayment")
        assert is_partitioned(connection, "meetings_attendance")


def test_restore_needs_confirmation(tmp_path, superuser):
    call_command("backup", str(tmp_path / "b.dump"))
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(tmp_path / "b.dump"))


def test_restore_of_a_missing_or_foreign_file_is_a_clear_error(tmp_path, superuser):
    with pytest.raises(CommandError, match="no backup"):
        call_command("restore", str(tmp_path / "none.dump"), "--yes")
    (tmp_path / "junk.dump").write_bytes(b"not a backup at all")
    with pytest.raises(CommandError, match="restore failed"):
        call_command("restore", str(tmp_path / "junk.dump"), "--yes")


@pytest.mark.skipif(connection.vendor != "sqlite", reason="edits a SQLite backup file")
def test_a_tampered_backup_is_named_on_restore(org_tree, superuser, tmp_path):
    admit(superuser, org_tree.cell_a)
    call_command("backup", str(tmp_path / "b.sqlite3"))
    copy = sqlite3.connect(tmp_path / "b.sqlite3")
    target = copy.execute("SELECT min(id) FROM audit_auditevent").fetchone()[0]
    copy.execute("UPDATE audit_auditevent SET actor_name = 'someone else' WHERE id = ?", [target])
    copy.commit()
    copy.close()
    with pytest.raises(CommandError, match=f"row {target}"):
        call_command("restore", str(tmp_path / "b.sqlite3"), "--yes")
