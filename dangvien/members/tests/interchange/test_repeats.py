"""The repeated keys, citizen IDs and card numbers of members.csv (``loader.find_repeats``)."""

from hypothesis import given
from hypothesis import strategies as st

from dangvien.members.interchange.loader import Repeats, find_repeats

KEY, NATIONAL_ID, CARD = 0, 1, 2


def _one_dict_per_column(rows: list[tuple[int, list[str]]]) -> Repeats:
    """The way the load found them before: a dict of every value seen, row by row (a row with
    a missing or repeated key skipped)."""
    seen: list[dict[str, int]] = [{}, {}, {}]
    found: list[dict[int, int]] = [{}, {}, {}]
    for line, values in rows:
        key = values[KEY].strip()
        if not key:
            continue
        if key in seen[KEY]:
            found[KEY][line] = seen[KEY][key]
            continue
        seen[KEY][key] = line
        for column in (NATIONAL_ID, CARD):
            value = values[column].strip()
            if value and value in seen[column]:
                found[column][line] = seen[column][value]
            elif value:
                seen[column][value] = line
    return Repeats(*found)


# few values, so that repeats are drawn often; digits and text (held apart by ``compact``)
VALUES = st.sampled_from(["", " ", "1", "01", "001", "DV1", "DV1 ", "dv1", "Nguyễn", "a" * 20])
ROWS = st.lists(st.lists(VALUES, min_size=3, max_size=3), max_size=30)


@given(ROWS)
def test_the_repeats_are_those_a_dict_of_every_row_finds(table):
    rows = [(line, values) for line, values in enumerate(table, start=2)]
    expected = _one_dict_per_column([(line, list(values)) for line, values in rows])
    assert find_repeats([(line, list(values)) for line, values in rows], 0, 1, 2) == expected


def test_a_repeat_names_the_earliest_line_and_a_skipped_row_holds_nothing():
    rows = [
        (2, ["DV1", "087090001234", ""]),
        (3, ["DV2", "087090001234", "99.1"]),
        (4, ["DV1", "087090009999", "99.1"]),  # a repeated key: its other values are not held
        (5, ["", "087090009999", ""]),  # no key: skipped as well
        (6, ["DV3", "087090009999", "99.1"]),
        (7, ["DV4", "087090001234", ""]),
    ]
    repeats = find_repeats(rows, 0, 1, 2)
    assert repeats.keys == {4: 2}
    assert repeats.national_ids == {3: 2, 7: 2}
    assert repeats.cards == {6: 3}


def test_a_column_the_file_lacks_reads_as_empty():
    # given: no card column (index -1 reads the empty cell appended to each row)
    rows = [(2, ["DV1", "1"]), (3, ["DV2", "1"])]
    # then
    assert find_repeats(rows, 0, 1, -1) == Repeats({}, {3: 2}, {})
