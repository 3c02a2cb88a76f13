from dangvien.core.memo import (
    in_read_memo,
    memoized,
    memoized_each,
    read_memo,
    reads_kept,
    remember_each,
)


def _counter() -> tuple[list[int], object]:
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    return calls, compute


def test_inside_a_read_memo_a_key_is_computed_once():
    calls, compute = _counter()
    with read_memo():
        assert memoized("k", compute) == 1
        assert memoized("k", compute) == 1
        assert memoized("other", compute) == 2
    assert len(calls) == 2


def test_outside_a_read_memo_every_call_computes():
    calls, compute = _counter()
    assert not in_read_memo()
    memoized("k", compute)
    memoized("k", compute)
    assert len(calls) == 2


def test_a_memo_ends_with_its_block():
    calls, compute = _counter()
    with read_memo():
        memoized("k", compute)
    with read_memo():
        memoized("k", compute)
    assert len(calls) == 2


def _lookup() -> tuple[list[list[int]], object]:
    asked: list[list[int]] = []

    def compute(keys: list[int]) -> dict[int, str]:
        asked.append(sorted(keys))
        return {k: f"v{k}" for k in keys if k != 13}  # 13 does not exist

    return asked, compute


def test_memoized_each_asks_only_for_the_keys_not_read_before():
    asked, compute = _lookup()
    with read_memo():
        assert memoized_each("thing", {1, 2}, compute) == {1: "v1", 2: "v2"}
        assert memoized_each("thing", {2, 3, 13}, compute) == {2: "v2", 3: "v3"}
        assert memoized_each("thing", {1, 3, 13}, compute) == {1: "v1", 3: "v3"}
    # 13, not found, is remembered as missing: not asked for again
    assert asked == [[1, 2], [3, 13]]


def test_memoized_each_keeps_kinds_apart_and_computes_every_time_outside_a_memo():
    asked, compute = _lookup()
    with read_memo():
        memoized_each("a", {1}, compute)
        memoized_each("b", {1}, compute)
    memoized_each("a", {1}, compute)
    memoized_each("a", {1}, compute)
    assert asked == [[1], [1], [1], [1]]


def test_values_remembered_in_a_read_memo_are_not_asked_for_again():
    asked, compute = _lookup()
    remember_each("thing", {7: "outside"})  # outside a memo: nothing kept
    with read_memo():
        remember_each("thing", {1: "joined", 2: "joined"})
        assert memoized_each("thing", {1, 2, 3}, compute) == {1: "joined", 2: "joined", 3: "v3"}
    assert asked == [[3]]


def test_reads_kept_keeps_values_for_its_block_alone_outside_a_memo():
    calls, compute = _counter()
    with reads_kept():
        assert in_read_memo()
        memoized("k", compute)
        memoized("k", compute)
    assert not in_read_memo()
    memoized("k", compute)
    assert len(calls) == 2


def test_reads_kept_inside_a_memo_uses_that_memo():
    calls, compute = _counter()
    with read_memo():
        memoized("k", compute)
        with reads_kept():
            memoized("k", compute)  # read before the block: kept
            memoized("inner", compute)
        memoized("inner", compute)  # read inside the block: still kept after it
    assert len(calls) == 2
