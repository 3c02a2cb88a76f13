"""The name search's walk of the names in order (``members.selectors._walk_names``)."""

import pytest
from django.db import connection

from dangvien.members import selectors

pytestmark = pytest.mark.django_db


def test_the_walk_reads_the_names_in_order(many_an):
    # when: the first two An among the first four names (Bùi, Đỗ, Hồ, Lê)
    ids = selectors._walk_names("an", 2)
    # then
    assert ids == [many_an["Bùi Văn An"].pk, many_an["Đỗ Văn An"].pk]


def test_the_walk_stops_at_its_window(many_an, monkeypatch):
    # given
    monkeypatch.setattr(selectors, "NAME_WALK", 4)
    # when: asked for ten, it has read four names
    ids = selectors._walk_names("an", 10)
    # then
    assert len(ids) == 4


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the plan is PostgreSQL's (SQLite: a covering index)"
)
def test_the_walk_reads_the_name_order_index_alone_on_postgresql(many_an, monkeypatch):
    """Issue 19: the walk reads names and ids from ``member_name_order``, not the table."""
    captured = []

    def explain(execute, sql, params, many, context):
        captured.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(explain):
        selectors._walk_names("an", 2)
    sql, params = captured[-1]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Index Only Scan using member_name_order" in plan, plan
