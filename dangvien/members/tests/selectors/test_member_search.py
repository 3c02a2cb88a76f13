import pytest
from django.db import connection
from django.http import Http404

from dangvien.members import selectors
from dangvien.members.selectors import member_get, member_search
from dangvien.members.tests.support import admit

pytestmark = pytest.mark.django_db


@pytest.fixture(
    autouse=True,
    params=["small scope listed first", "name words walked", "names walked", "words index"],
)
def strategy(request, monkeypatch):
    """Every case each way the search can go (issue 19): a small scope's members listed first,
    the table of the names' words walked (PostgreSQL), the names walked in order (a province,
    the whole tree), the walk ending short and the index of the names' words asked; the
    answer must not differ."""
    if request.param != "small scope listed first":
        monkeypatch.setattr(selectors, "SMALL_SCOPE_ORGANIZATIONS", 0)
    if request.param in ("names walked", "words index"):
        monkeypatch.setattr(selectors, "_walk_words", lambda *args: None)
    if request.param == "words index":
        monkeypatch.setattr(selectors, "NAME_WALK", 0)
    return request.param


@pytest.fixture
def people(org_tree, superuser):
    return {
        "an": admit(superuser, org_tree.cell_a, name="Nguyễn Văn An", national_id="087090001234"),
        "dang": admit(superuser, org_tree.cell_a, name="Đặng Thị Hằng", party_card_number="99.1"),
        "anh": admit(superuser, org_tree.cell_b, name="Lê Anh Tuấn"),
        "hoa": admit(superuser, org_tree.cell_b, name="Y Hoa-Mai Niê"),
    }


@pytest.mark.parametrize(
    ("_case", "query", "expected"),
    [
        ("full name without diacritics", "nguyen van an", ["an"]),
        ("full name with diacritics", "Nguyễn Văn An", ["an"]),
        ("upper case", "NGUYEN", ["an"]),
        ("đ typed as d", "dang", ["dang"]),
        ("word prefix", "han", ["dang"]),
        ("words in any order", "an nguyen", ["an"]),
        ("prefix of several names", "an", ["an", "anh"]),
        ("citizen id", "087090001234", ["an"]),
        ("card number", "99.1", ["dang"]),
        ("middle of a word does not match", "guyen", []),
        ("blank", "  ", []),
        ("a word with a hyphen, typed whole", "hoa-mai", ["hoa"]),
        ("its beginning", "hoa-m", ["hoa"]),
        ("after a hyphen is not the start of a word", "mai", []),
        ("one letter", "y", ["hoa"]),
        ("a word and a hyphenated one", "y hoa-mai nie", ["hoa"]),
    ],
)
def test_finds_members(people, superuser, _case, query, expected):
    # when
    found = member_search(actor=superuser, query=query)
    # then
    assert sorted(m.pk for m in found) == sorted(people[key].pk for key in expected)


def test_finds_only_members_in_scope(people, org_tree, make_actor):
    # given
    actor = make_actor("viewer", org_tree.cell_b)
    # when
    found = member_search(actor=actor, query="an")
    # then
    assert [m.pk for m in found] == [people["anh"].pk]


def test_get_is_404_without_overlapping_scope(people, org_tree, make_actor):
    # given
    outsider = make_actor("staff", org_tree.sibling_district)
    # when / then
    with pytest.raises(Http404):
        member_get(actor=outsider, pk=people["an"].pk)


def test_get_returns_the_member_in_scope(people, org_tree, make_actor):
    # given
    viewer = make_actor("viewer", org_tree.district)
    # when
    member = member_get(actor=viewer, pk=people["an"].pk)
    # then
    assert member == people["an"]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the index of the name's words is PostgreSQL's"
)
def test_name_search_is_served_by_the_index_of_the_names_words_on_postgresql(
    people, superuser, monkeypatch
):
    """Issue 19: a common name at national size is found through its words, not by trigrams
    (when the walks cannot answer)."""
    monkeypatch.setattr(selectors, "_walk_words", lambda *args: None)
    query = member_search(actor=superuser, query="nguyen an").query
    sql, params = query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "member_search_words" in plan, plan


def test_returns_the_first_matches_in_name_order(many_an, superuser):
    # when
    found = member_search(actor=superuser, query="an", limit=3)
    # then
    assert [m.full_name for m in found] == ["Bùi Văn An", "Đỗ Văn An", "Hồ Thị An"]


def test_scoped_actor_gets_the_first_matches_in_scope(many_an, org_tree, make_actor):
    # given: cell B's officer sees Phan Văn An only, whose name comes after cell A's five
    viewer = make_actor("viewer", org_tree.cell_b)
    # when
    found = member_search(actor=viewer, query="an", limit=1)
    # then
    assert [m.full_name for m in found] == ["Phan Văn An"]


def test_an_exact_match_takes_its_place_in_name_order(many_an, superuser):
    # given: Võ Văn Bình's citizen ID, searched beside names that match "an"
    binh = many_an["Võ Văn Bình"]
    binh.national_id = "an"
    binh.save(update_fields=["national_id"])
    # when
    found = member_search(actor=superuser, query="an", limit=7)
    # then: the six An, then Võ (v after p)
    assert [m.full_name for m in found][-2:] == ["Phan Văn An", "Võ Văn Bình"]


def test_matches_beyond_the_walk_are_found_through_the_index(many_an, superuser, monkeypatch):
    # given: the walk reads the first two names only, neither a "Phan"
    monkeypatch.setattr(selectors, "_walk_words", lambda *args: None)
    monkeypatch.setattr(selectors, "NAME_WALK", 2)
    # when
    found = member_search(actor=superuser, query="phan")
    # then
    assert [m.full_name for m in found] == ["Phan Văn An"]
