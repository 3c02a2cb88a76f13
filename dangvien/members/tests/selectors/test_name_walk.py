"""The name search's walk of the names in order (``members.selectors._walk_names``)."""

import pytest
from django.db import connection

from dangvien.members import selectors
from dangvien.members.models import Member
from dangvien.members.tests.support import admit

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


postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the table of the names' words is PostgreSQL's"
)


def _name_words(member):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT word, search_name FROM members_name_word WHERE member_id = %s ORDER BY word",
            [member.pk],
        )
        return cursor.fetchall()


@postgresql
def test_the_table_of_the_names_words_follows_the_members(org_tree, superuser):
    """Members migration 0009: the triggers keep a row per word of each name, once each."""
    # given
    member = admit(superuser, org_tree.cell_a, name="Nguyễn Văn Nguyễn")
    # then
    assert _name_words(member) == [
        ("nguyen", "nguyen van nguyen"),
        ("van", "nguyen van nguyen"),
    ]
    # when: renamed (a write of another field changes nothing)
    Member.objects.filter(pk=member.pk).update(search_name="tran thi an")
    Member.objects.filter(pk=member.pk).update(address="x")
    # then
    assert _name_words(member) == [
        ("an", "tran thi an"),
        ("thi", "tran thi an"),
        ("tran", "tran thi an"),
    ]
    # when: deleted by SQL (the ledger's rows first)
    with connection.cursor() as cursor:
        for table in ("members_memberperiod", "members_memberevent"):
            cursor.execute(f"DELETE FROM {table} WHERE member_id = %s", [member.pk])  # noqa: S608
        cursor.execute("DELETE FROM members_member WHERE id = %s", [member.pk])
    # then
    assert _name_words(member) == []


@postgresql
def test_the_word_walk_reads_the_names_in_order(many_an, superuser):
    # when
    ids = selectors._walk_words("an", None, 2)
    # then
    assert ids == [many_an["Bùi Văn An"].pk, many_an["Đỗ Văn An"].pk]


@postgresql
def test_the_word_walk_checks_the_other_words_on_the_name(many_an, superuser):
    # when: "van" is rarer here than "an"
    ids = selectors._walk_words("an van", None, 10)
    # then: the Văn An, and all of them (fewer than asked)
    assert ids == [many_an[n].pk for n in ("Bùi Văn An", "Đỗ Văn An", "Phan Văn An")]


@postgresql
def test_the_word_walk_reads_on_until_enough_are_in_scope(
    many_an, org_tree, make_actor, monkeypatch
):
    # given: cell B's officer sees Phan Văn An only, sixth of the An; a first read of two rows
    monkeypatch.setattr(selectors, "WALK_BATCH", 2)
    viewer = make_actor("viewer", org_tree.cell_b)
    # when
    ids = selectors._walk_words("an", selectors.member_queryset(viewer), 1)
    # then
    assert ids == [many_an["Phan Văn An"].pk]


@postgresql
def test_the_word_walk_merges_the_words_a_query_word_begins(org_tree, superuser):
    # given: "an" begins the words an, anh and ang
    names = ["Lê Anh", "Bùi An", "Hồ Thị Ang", "Đỗ Anh An"]
    made = {name: admit(superuser, org_tree.cell_a, name=name) for name in names}
    # when
    ids = selectors._walk_words("an", None, 10)
    # then: in name order, Đỗ Anh An once
    assert ids == [made[n].pk for n in ("Bùi An", "Đỗ Anh An", "Hồ Thị Ang", "Lê Anh")]


@postgresql
def test_the_word_walk_leaves_a_word_beginning_too_many_words(many_an, monkeypatch):
    # given: "b" begins "bui" and "binh"
    monkeypatch.setattr(selectors, "WALK_WORDS", 1)
    # then
    assert selectors._walk_words("b", None, 10) is None
    assert selectors._walk_words("bui", None, 10) == [many_an["Bùi Văn An"].pk]


def test_the_word_walk_is_postgresqls_and_takes_plain_words(many_an):
    # then: a hyphen is a word's character the table's ranges do not hold
    assert selectors._walk_words("hoa-mai", None, 10) is None
    if connection.vendor != "postgresql":
        assert selectors._walk_words("an", None, 10) is None


@postgresql
def test_the_word_walk_finds_a_name_whose_words_match_in_any_place(org_tree, superuser):
    # given: names holding "van" and "nga", in other places and beside other names
    names = ["Nguyễn Văn Nga", "Nga Văn Bùi", "Lê Thị Nga", "Văn Thị Hoa", "Bùi Nga Văn"]
    made = {name: admit(superuser, org_tree.cell_a, name=name) for name in names}
    # when
    ids = selectors._walk_words("nga van", None, 10)
    # then
    assert ids == [made[n].pk for n in ("Bùi Nga Văn", "Nga Văn Bùi", "Nguyễn Văn Nga")]


@postgresql
def test_the_word_walks_reads_grow_up_to_their_most(many_an, org_tree, make_actor, monkeypatch):
    # given: reads of one row, then at most two
    monkeypatch.setattr(selectors, "WALK_BATCH", 1)
    monkeypatch.setattr(selectors, "WALK_BATCH_MOST", 2)
    viewer = make_actor("viewer", org_tree.cell_b)
    asked = []

    def record(execute, sql, params, many, context):
        if "members_name_walk" in sql:
            asked.append(params[-1])
        return execute(sql, params, many, context)

    # when
    with connection.execute_wrapper(record):
        ids = selectors._walk_words("an", selectors.member_queryset(viewer), 1)
    # then: Phan Văn An, sixth of the An, after reads of 1, 2, 2 and 2 rows
    assert ids == [many_an["Phan Văn An"].pk]
    assert asked == [1, 2, 2, 2]


@postgresql
def test_the_word_walk_gives_up_after_its_most_rows(many_an, org_tree, make_actor, monkeypatch):
    # given: reads of two rows, three rows at most; cell B's An is the sixth
    monkeypatch.setattr(selectors, "WALK_BATCH", 2)
    monkeypatch.setattr(selectors, "WALK_BATCH_MOST", 2)
    monkeypatch.setattr(selectors, "WALK_ROWS_MOST", 3)
    viewer = make_actor("viewer", org_tree.cell_b)
    # when / then: the other ways answer
    assert selectors._walk_words("an", selectors.member_queryset(viewer), 1) is None
    assert [m.full_name for m in selectors.member_search(actor=viewer, query="an", limit=1)] == [
        "Phan Văn An"
    ]
