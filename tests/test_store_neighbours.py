"""Store.neighbours: many sentences' contexts in one query, the same as asking `context` for each."""
from __future__ import annotations

from conftest import parsed_article
from hypothesis import given, settings
from hypothesis import strategies as st

from retrieval.corpus.store import Store

A = parsed_article("a.txt", ["Seoul said talks resume.", "Tokyo agreed.", "Washington welcomed it."])
B = parsed_article("dir/b.txt", ["Rice prices rose.", "Farmers protested."], date="2021-06-22")
C = parsed_article("c.txt", [f"Sentence number {i} of c." for i in range(7)])


def test_neighbours_match_context_for_every_sentence_and_width(store: Store) -> None:
    store.add_batch([A, B, C], replace=False)
    ids = [s.id for src in ("a.txt", "dir/b.txt", "c.txt") for s in store.article_sentences(src)]
    for width in (0, 1, 2, 10):
        got = store.neighbours(ids, width)
        assert list(got) == ids
        for sid in ids:
            assert got[sid] == store.context(sid, width)


def test_missing_ids_are_left_out_and_repeats_come_once(store: Store) -> None:
    store.add_batch([A, B], replace=False)
    first = store.article_sentences("a.txt")[0]
    got = store.neighbours([999, first.id, first.id, -3], 1)
    assert list(got) == [first.id]
    assert store.neighbours([], 1) == {}


def test_a_replaced_article_drops_out(store: Store) -> None:
    store.add_batch([A], replace=False)
    old = store.article_sentences("a.txt")[1].id
    store.add_batch([parsed_article("a.txt", ["Completely new text here."])], replace=True)
    assert store.neighbours([old], 1) == {}


@settings(max_examples=30, deadline=None)
@given(picks=st.lists(st.integers(0, 11), max_size=20), width=st.integers(-1, 4))
def test_neighbours_equal_contexts_property(tmp_path_factory, picks: list[int], width: int) -> None:
    path = tmp_path_factory.mktemp("nb") / "s.sqlite3"
    with Store.open(path, create=True) as store:
        store.add_batch([A, B, C], replace=False)
        ids = [s.id for src in ("a.txt", "dir/b.txt", "c.txt") for s in store.article_sentences(src)]
        wanted = [ids[p] for p in picks]
        got = store.neighbours(wanted, width)
        assert list(got) == list(dict.fromkeys(wanted))
        assert all(got[i] == store.context(i, width) for i in got)
