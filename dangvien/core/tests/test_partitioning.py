"""The high-volume tables are partitioned by year on PostgreSQL, and a year's query reads one
partition (issue 19). SQLite keeps plain tables."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection

from dangvien.core.partitioning import is_partitioned

pytestmark = pytest.mark.django_db

TABLES = {"fees_feepayment": "month", "meetings_attendance": "held_on"}


def _plan(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL partitions only")
@pytest.mark.parametrize(("table", "column"), TABLES.items())
def test_a_years_query_reads_only_that_years_partition(table, column):
    assert is_partitioned(connection, table)
    plan = _plan(
        f"SELECT count(*) FROM {table} "  # noqa: S608 (constant names)
        f"WHERE {column} >= '2026-01-01' AND {column} < '2027-01-01'"
    )
    assert f"{table}_2026" in plan
    assert f"{table}_2025" not in plan and f"{table}_other" not in plan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL partitions only")
def test_payments_land_in_their_years_partition_and_keep_their_rules(org_tree, superuser):
    from django.db import IntegrityError, transaction

    from dangvien.fees.models import FeePayment
    from dangvien.members.tests.support import admit

    member = admit(superuser, org_tree.cell_a, admitted_on=date(2024, 1, 10))
    common = {"member": member, "organization": org_tree.cell_a, "paid_on": date(2026, 3, 5)}
    first = FeePayment.objects.create(month=date(2026, 3, 1), amount=10_000, **common)
    later = FeePayment.objects.create(month=date(2040, 1, 1), amount=10_000, **common)
    assert later.pk > first.pk  # ids from the table's own sequence
    with connection.cursor() as cursor:
        cursor.execute("SELECT tableoid::regclass::text, id FROM fees_feepayment ORDER BY id")
        assert cursor.fetchall() == [
            ("fees_feepayment_2026", first.pk),
            ("fees_feepayment_other", later.pk),
        ]
    # one payment per member and month, still
    with pytest.raises(IntegrityError), transaction.atomic():
        FeePayment.objects.create(month=date(2026, 3, 1), amount=5_000, **common)


def test_sqlite_keeps_plain_tables():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    assert not any(is_partitioned(connection, table) for table in TABLES)
