"""store.insert_rows: many rows to a statement write exactly what executemany writes, in the same order."""
from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from retrieval.corpus.store import ROWS_PER_STATEMENT, insert_rows

_TABLE = "CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT, blob BLOB, n INTEGER)"
_ROW = st.tuples(st.text(max_size=8), st.binary(max_size=4) | st.none(), st.integers(-2**63, 2**63 - 1))


def _both(rows: list[tuple]) -> tuple[list, list]:
    """The table's rows (and sqlite_sequence) after executemany, and after insert_rows."""
    out = []
    for bulk in (False, True):
        conn = sqlite3.connect(":memory:")
        conn.execute(_TABLE)
        with_ids = [(i + 10, *r) for i, r in enumerate(rows)]
        if bulk:
            assert insert_rows(conn, "INSERT INTO t (id, name, blob, n)", 4, with_ids) == len(rows)
        else:
            conn.executemany("INSERT INTO t (id, name, blob, n) VALUES (?,?,?,?)", with_ids)
        out.append((conn.execute("SELECT rowid, * FROM t").fetchall(), conn.execute("SELECT * FROM sqlite_sequence").fetchall()))
        conn.close()
    return out[0], out[1]


@pytest.mark.parametrize("n", [0, 1, 2, 3, ROWS_PER_STATEMENT - 1, ROWS_PER_STATEMENT, ROWS_PER_STATEMENT + 1, 3 * ROWS_PER_STATEMENT + 77])
def test_any_number_of_rows_lands_as_executemany_writes_them(n: int) -> None:
    rows = [(f"s{i}", bytes([i % 256]), i * 7) for i in range(n)]
    many, bulk = _both(rows)
    assert bulk == many
    assert len(bulk[0]) == n


@settings(max_examples=60, deadline=None)
@given(st.lists(_ROW, max_size=600))
def test_rows_of_any_values_land_as_executemany_writes_them(rows: list[tuple]) -> None:
    many, bulk = _both(rows)
    assert bulk == many


def test_a_generator_of_rows_is_read_once_in_order() -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (a INTEGER, b TEXT)")
    assert insert_rows(conn, "INSERT INTO t (a, b)", 2, ((i, str(i)) for i in range(1000))) == 1000
    assert conn.execute("SELECT a, b FROM t").fetchall() == [(i, str(i)) for i in range(1000)]


def test_a_low_limit_on_bound_values_gives_smaller_statements() -> None:
    conn = sqlite3.connect(":memory:")
    conn.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 10)  # an old SQLite's limit, scaled down
    conn.execute("CREATE TABLE t (a INTEGER, b INTEGER, c INTEGER)")
    assert insert_rows(conn, "INSERT INTO t (a, b, c)", 3, [(i, i, i) for i in range(50)]) == 50
    assert conn.execute("SELECT a FROM t").fetchall() == [(i,) for i in range(50)]


def test_a_constraint_broken_mid_run_raises_as_executemany_does() -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (a INTEGER PRIMARY KEY)")
    with pytest.raises(sqlite3.IntegrityError):
        insert_rows(conn, "INSERT INTO t (a)", 1, [(i % 300,) for i in range(600)])
