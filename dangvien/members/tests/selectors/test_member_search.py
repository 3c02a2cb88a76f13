import pytest
from django.db import connection
from django.http import Http404

from dangvien.members.selectors import member_get, member_search
from dangvien.members.tests.support import admit

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(org_tree, superuser):
    return {
        "an": admit(superuser, org_tree.cell_a, name="Nguyễn Văn An", national_id="087090001234"),
        "dang": admit(superuser, org_tree.cell_a, name="Đặng Thị Hằng", party_card_number="99.1"),
        "anh": admit(superuser, org_tree.cell_b, name="Lê Anh Tuấn"),
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
    connection.vendor != "postgresql", reason="trigram indexes exist on PostgreSQL only"
)
def test_name_search_is_served_by_a_trigram_index_on_postgresql():
    """Issue 3: search by name stays fast at millions of rows (trigram index on PostgreSQL)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'member_search_name_trgm'"
        )
        row = cursor.fetchone()
    assert row is not None and "gin_trgm_ops" in row[0]
