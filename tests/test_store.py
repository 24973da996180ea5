"""Store: opening and schema checks, batches (skip / refuse / replace), reads the index relies on."""
from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from conftest import parsed_article

from retrieval.corpus import store as store_module
from retrieval.corpus.store import SCHEMA_VERSION, Store
from retrieval.errors import StoreError
from retrieval.records import Rejection

A = parsed_article("a.txt", ["Seoul said talks resume.", "Tokyo agreed.", "Washington welcomed it."])
B = parsed_article("dir/b.txt", ["Rice prices rose.", "Farmers protested."], date="2021-06-22", byline="Kim Ji-eun")


# -- opening --------------------------------------------------------------------------------
def test_missing_store_is_an_error_unless_created(tmp_path: Path) -> None:
    path = tmp_path / "nope.sqlite3"
    with pytest.raises(StoreError, match=f"no store at {path}"):
        Store.open(path, create=False)
    assert not path.exists()


def test_created_store_is_empty_in_wal_mode_with_a_random_id(tmp_path: Path) -> None:
    with Store.open(tmp_path / "deep" / "one.sqlite3", create=True) as one, Store.open(tmp_path / "two.sqlite3", create=True) as two:
        assert one.version().batch == 0
        assert one.version().store_id != two.version().store_id
        assert one.stats().articles == 0 and one.articles() == []
    conn = sqlite3.connect(tmp_path / "deep" / "one.sqlite3")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] == str(SCHEMA_VERSION)


def test_reopening_keeps_id_and_content(store_path: Path) -> None:
    with Store.open(store_path, create=True) as s:
        s.add_batch([A], replace=False)
        before = s.version()
    with Store.open(store_path, create=False) as s:
        assert s.version() == before
        assert [a.source for a in s.articles()] == ["a.txt"]


def test_a_file_that_is_not_a_database_is_refused_with_its_path(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_text("just some text, certainly not SQLite " * 50)
    with pytest.raises(StoreError, match=f"{path} is not a readable qabot store"):
        Store.open(path, create=True)


def test_another_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="is an SQLite database but not a qabot store"):
        Store.open(path, create=True)


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a folder, not a store file"):
        Store.open(tmp_path, create=True)


def test_newer_schema_is_refused(store_path: Path) -> None:
    Store.open(store_path, create=True).close()
    conn = sqlite3.connect(store_path)
    conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION + 1),))
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match=f"schema version {SCHEMA_VERSION + 1}, newer than this qabot understands"):
        Store.open(store_path, create=False)


def test_older_schema_is_migrated_by_the_hook_for_its_version(store_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Store.open(store_path, create=True).close()
    conn = sqlite3.connect(store_path)
    conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION - 1),))
    conn.commit()
    conn.close()
    ran = []
    monkeypatch.setitem(store_module._MIGRATIONS, SCHEMA_VERSION - 1, lambda c: ran.append(c.in_transaction))
    Store.open(store_path, create=False).close()
    assert ran == [True]
    conn = sqlite3.connect(store_path)
    assert conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] == str(SCHEMA_VERSION)


def test_older_schema_without_a_migration_is_refused(store_path: Path) -> None:
    Store.open(store_path, create=True).close()
    conn = sqlite3.connect(store_path)
    conn.execute("UPDATE meta SET value = '0' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="schema version 0, which this qabot cannot migrate"):
        Store.open(store_path, create=False)


# -- writing batches ------------------------------------------------------------------------
def test_a_batch_is_stored_with_offsets_that_slice_the_raw_text(store: Store) -> None:
    report = store.add_batch([A, B], replace=False, rejected=[Rejection("x.txt", "empty file (0 bytes)")])
    assert report.batch == 1 and report.added == ("a.txt", "dir/b.txt") and report.sentences_added == 5
    assert report.rejected == (Rejection("x.txt", "empty file (0 bytes)"),)
    assert store.version().batch == 1
    stats = store.stats()
    assert (stats.articles, stats.sentences, stats.first_date, stats.last_date, stats.batch) == (2, 5, "2021-06-22", "2024-01-02", 1)
    for source in ("a.txt", "dir/b.txt"):
        raw = store.raw_text(source)
        for i, s in enumerate(store.article_sentences(source)):
            assert raw[s.start : s.end] == s.text and s.position == i and s.source == source
    info = {a.source: a for a in store.articles()}
    assert info["dir/b.txt"].byline == "Kim Ji-eun" and info["dir/b.txt"].sentence_count == 2 and info["dir/b.txt"].batch == 1


def test_same_content_again_is_skipped_without_using_a_batch(store: Store) -> None:
    store.add_batch([A], replace=False)
    report = store.add_batch([A], replace=False)
    assert report.batch is None and report.skipped == ("a.txt",) and report.added == ()
    assert store.version().batch == 1


def test_same_content_under_another_name_is_skipped(store: Store) -> None:
    store.add_batch([A], replace=False)
    twin = parsed_article("copy-of-a.txt", ["Seoul said talks resume.", "Tokyo agreed.", "Washington welcomed it."], title="Title of a.txt")
    assert twin.content_hash == A.content_hash
    report = store.add_batch([twin, B], replace=False)
    assert report.skipped == ("copy-of-a.txt",) and report.added == ("dir/b.txt",)


def test_replace_takes_new_text_even_when_another_name_already_holds_it(store: Store) -> None:
    # An edited file ingested once on its own, then again under its folder name with --replace: the folder
    # name's old text must go, not be kept because the new text is stored elsewhere.
    store.add_batch([A, B], replace=False)
    edited = parsed_article("dir/b.txt", ["Seoul said talks were cancelled.", "Nobody agreed."], title="Title of a.txt")
    loose = parsed_article("edited.txt", ["Seoul said talks were cancelled.", "Nobody agreed."], title="Title of a.txt")
    assert edited.content_hash == loose.content_hash
    store.add_batch([loose], replace=False)

    assert store.add_batch([edited], replace=False).rejected[0].reason.startswith("a different article is already stored as dir/b.txt")
    report = store.add_batch([edited], replace=True)
    assert report.replaced == ("dir/b.txt",) and report.skipped == ()
    assert [s.text for s in store.article_sentences("dir/b.txt")] == ["Seoul said talks were cancelled.", "Nobody agreed."]
    assert store.add_batch([edited], replace=True).skipped == ("dir/b.txt",)  # a second run has nothing to do


def test_different_content_under_a_stored_name_is_refused_then_replaced(store: Store) -> None:
    store.add_batch([A, B], replace=False)
    old_ids = [s.id for s in store.article_sentences("a.txt")]
    new_a = parsed_article("a.txt", ["Seoul said talks were cancelled.", "Nobody agreed."])

    refused = store.add_batch([new_a], replace=False)
    assert refused.batch is None
    assert refused.rejected == (Rejection("a.txt", 'a different article is already stored as a.txt (batch 1, "Title of a.txt"); '
                                                   "use --replace to replace it with this file, or rename this file"),)
    assert [s.id for s in store.article_sentences("a.txt")] == old_ids

    replaced = store.add_batch([new_a], replace=True)
    assert replaced.batch == 2 and replaced.replaced == ("a.txt",) and replaced.added == ()
    new = store.article_sentences("a.txt")
    assert [s.text for s in new] == ["Seoul said talks were cancelled.", "Nobody agreed."]
    assert min(s.id for s in new) > max(old_ids + [s.id for s in store.article_sentences("dir/b.txt")])
    with store.snapshot() as view:  # what the retriever reads to drop the replaced sentences
        assert view.removed_since(1) == old_ids
        assert view.removed_since(2) == []
    assert list(store.sentence_texts(after_batch=1)) == [(s.id, s.text) for s in new]
    assert store.sentences(old_ids) == []
    assert store.raw_text("a.txt") == new_a.raw
    assert store.stats().articles == 2


def test_ids_are_never_reused_even_when_the_newest_sentences_are_removed(store: Store) -> None:
    store.add_batch([A], replace=False)
    highest = max(s.id for s in store.article_sentences("a.txt"))
    store.add_batch([parsed_article("a.txt", ["Changed once."])], replace=True)
    store.add_batch([parsed_article("a.txt", ["Changed twice."])], replace=True)
    (latest,) = store.article_sentences("a.txt")
    assert latest.id == highest + 2


def test_article_without_sentences_and_duplicates_in_one_batch_are_rejected(store: Store) -> None:
    empty = parsed_article("empty.txt", [])
    report = store.add_batch([A, empty, A], replace=False)
    assert report.added == ("a.txt",)
    assert set(report.rejected) == {Rejection("empty.txt", "no sentence left after cleaning"),
                                    Rejection("a.txt", "duplicate source name in this batch")}


def test_a_failed_batch_leaves_nothing_behind(store: Store) -> None:
    store.add_batch([A], replace=False)
    broken = parsed_article("broken.txt", ["Fine."])
    object.__setattr__(broken, "title", None)  # NOT NULL violation after other rows were written
    with pytest.raises(sqlite3.IntegrityError):
        store.add_batch([B, broken], replace=False)
    assert store.stats().articles == 1 and store.version().batch == 1
    assert store.add_batch([B], replace=False).batch == 2


# -- reading --------------------------------------------------------------------------------
def test_sentences_come_back_in_the_order_asked_and_missing_ids_are_left_out(store: Store) -> None:
    store.add_batch([A, B], replace=False)
    got = store.sentences([5, 1, 999, 3, 1])
    assert [s.id for s in got] == [5, 1, 3, 1]
    assert got[0].source == "dir/b.txt" and got[0].text == "Farmers protested."


def test_context_stays_inside_the_article(store: Store) -> None:
    store.add_batch([A, B], replace=False)
    first, second, third = store.article_sentences("a.txt")
    ctx = store.context(first.id, width=1)
    assert (ctx.before, ctx.sentence, ctx.after) == ((), first, (second,))
    assert ctx.title == "Title of a.txt" and ctx.source == "a.txt"
    wide = store.context(second.id, width=5)
    assert wide.before == (first,) and wide.after == (third,)
    assert wide.text == "Seoul said talks resume. Tokyo agreed. Washington welcomed it."
    with pytest.raises(StoreError, match="sentence 999 is not in the store"):
        store.context(999)


def test_unknown_source_is_an_error_naming_it(store: Store) -> None:
    with pytest.raises(StoreError, match="no article 'x.txt' in the store"):
        store.raw_text("x.txt")
    with pytest.raises(StoreError, match="no article 'x.txt' in the store"):
        store.article_sentences("x.txt")


def test_sentence_texts_streams_batches_after_the_one_given(store: Store) -> None:
    store.add_batch([A], replace=False)
    store.add_batch([B], replace=False)
    all_rows = list(store.sentence_texts())
    assert [i for i, _ in all_rows] == [1, 2, 3, 4, 5]
    assert list(store.sentence_texts(after_batch=1)) == [(4, "Rice prices rose."), (5, "Farmers protested.")]
    with store.snapshot() as view:  # the retriever's read of the same rows
        assert list(view.sentence_texts(after_batch=1)) == all_rows[3:]
    assert list(store.sentence_texts(after_batch=2)) == []


def test_snapshot_does_not_see_a_batch_committed_after_it_began(store: Store) -> None:
    store.add_batch([A], replace=False)
    with store.snapshot() as snap:
        version = snap.version()
        store.add_batch([B], replace=False)  # committed by the store's writer meanwhile
        assert snap.version() == version
        assert len(list(snap.sentence_texts())) == 3
    assert store.version().batch == 2


def test_store_is_usable_from_another_thread(store: Store) -> None:
    results = []

    def work() -> None:
        store.add_batch([A], replace=False)
        results.append(store.stats().sentences)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert results == [3] and store.stats().sentences == 3
