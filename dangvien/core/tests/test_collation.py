"""Vietnamese collation: letters, then tones, then case; people by given name first."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dangvien.core.text import LIST_KEY_LENGTH, person_list_key, person_sort_key, vn_sort_key


@pytest.mark.parametrize(
    ("_case", "words"),
    [
        ("a ă â are three letters", ["an", "ăn", "ân", "bá"]),
        ("d before đ, đ before e", ["dung", "dũng", "đào", "đức", "em"]),
        ("o ô ơ", ["ong", "ông", "ơn", "phú"]),
        ("u ư", ["ua", "ưa", "ưu", "vân"]),
        ("tones: none, huyền, hỏi, ngã, sắc, nặng", ["ma", "mà", "mả", "mã", "má", "mạ"]),
        ("letters decide before tones", ["má", "mai", "mạnh"]),
        ("a shorter word first", ["An", "An Bình", "Anh"]),
        ("lower case before upper case", ["an", "An"]),
        ("numbers by value", ["Chi bộ ấp 2", "Chi bộ ấp 10", "Chi bộ khóm 1"]),
        ("no Latin order: Đ is not after Z", ["Đồng Tháp", "Tiền Giang", "Vĩnh Long"]),
    ],
)
def test_vn_sort_key_orders_as_a_dictionary(_case, words):
    shuffled = list(reversed(words))
    assert sorted(shuffled, key=vn_sort_key) == words


def test_composed_and_decomposed_spellings_sort_alike():
    composed, decomposed = "Nguyễn", "Nguye\u0302\u0303n"
    assert vn_sort_key(composed)[:3] == vn_sort_key(decomposed)[:3]


def test_people_sort_by_given_name_then_family_then_middle():
    people = ["Trần Văn Bình", "Nguyễn Thị An", "Lê An", "Lê Văn An", "Đỗ Ánh", "Võ Bình"]
    assert sorted(people, key=person_sort_key) == [
        "Lê An",
        "Lê Văn An",
        "Nguyễn Thị An",
        "Đỗ Ánh",
        "Trần Văn Bình",
        "Võ Bình",
    ]


def test_a_single_word_name_sorts_by_that_word():
    assert sorted(["Bình", "An"], key=person_sort_key) == ["An", "Bình"]


@given(st.lists(st.text(max_size=12), max_size=8))
def test_sorting_is_total_and_stable_for_any_text(texts):
    once = sorted(texts, key=vn_sort_key)
    assert sorted(once, key=vn_sort_key) == once


# Names as Vietnamese write them (letters with every mark, spaces, a digit now and then).
NAME_LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ01 "
names = st.text(alphabet=NAME_LETTERS + "zZ€", max_size=24)


def _without_text(name: str) -> tuple[object, ...]:
    return tuple(level[:3] for level in person_sort_key(name))


@given(names, names)
def test_the_stored_list_key_compares_as_the_sort_key(a, b):
    # what the database compares (the strings) agrees with what Python compares (the tuples)
    key_a, key_b = person_list_key(a), person_list_key(b)
    assert (key_a < key_b) == (_without_text(a) < _without_text(b))
    assert (key_a == key_b) == (_without_text(a) == _without_text(b))


def test_the_list_key_uses_only_hexadecimal_digits_and_is_bounded():
    # 0-9a-f sort as ASCII under every collation a database may have
    key = person_list_key("Nguyễn Thị Minh Khai " * 20)
    assert set(key) <= set("0123456789abcdef")
    assert len(key) == LIST_KEY_LENGTH
    assert person_list_key("Ấp 10 Văn") > person_list_key("Ấp 2 Văn")
