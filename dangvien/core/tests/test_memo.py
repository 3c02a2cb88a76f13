from dangvien.core.memo import in_read_memo, memoized, read_memo


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
