"""SharedInts: a column of ints given back equal, each value one object across columns."""

from __future__ import annotations

from vaultcheck.parse.sharednote import TABLE_MOST, SharedInts


def _fresh(values: list[int]) -> tuple[int, ...]:
    """``values`` as fresh int objects (as unpickling makes them), not Python's cached."""
    return tuple(int(str(value)) for value in values)


def test_equal_values_of_different_columns_are_one_object() -> None:
    ints = SharedInts()
    first = ints(_fresh([300, 1000, 5, 70_000]))
    second = ints(_fresh([1000, 300, 300]))
    assert first == (300, 1000, 5, 70_000) and second == (1000, 300, 300)
    assert first[0] is second[1] is second[2]
    assert first[1] is second[0]


def test_the_table_grows_and_keeps_the_objects_it_gave() -> None:
    ints = SharedInts()
    small = ints(_fresh([400, 401]))
    large = ints(_fresh([401, 40_000, 400]))  # past the table: it grows
    assert large == (401, 40_000, 400)
    assert large[0] is small[1] and large[2] is small[0]
    assert ints(_fresh([40_000, 2]))[0] is large[1]


def test_negative_values_are_not_read_from_the_tables_end() -> None:
    # An index counted backwards would give the table's last ints: the values must come
    # back as they are (no parser makes them; a wrong int would go unnoticed).
    ints = SharedInts()
    ints(_fresh(list(range(0, 1000, 3))))
    for column in ([5, -1, 7], [-3, -2], [998, -999], [-(10**9), 3]):
        assert ints(_fresh(column)) == tuple(column)
    again = ints(_fresh([-1, 500]))
    assert again == (-1, 500) and again[0] is ints(_fresh([7, -1]))[1]


def test_values_past_the_table_go_through_the_memo_with_the_same_objects() -> None:
    ints = SharedInts()
    inside = ints(_fresh([300, 301]))
    past = ints(_fresh([300, TABLE_MOST + 5, 301]))
    assert past == (300, TABLE_MOST + 5, 301)
    assert past[0] is inside[0] and past[2] is inside[1]  # the table's objects still
    assert ints(_fresh([TABLE_MOST + 5, TABLE_MOST + 5]))[1] is past[1]


def test_columns_of_one_int_or_none() -> None:
    ints = SharedInts()
    assert ints(()) == ()
    one = ints(_fresh([1234]))
    assert one == (1234,)
    assert ints(_fresh([1234, 9]))[0] is one[0]
