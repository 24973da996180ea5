"""ingest_paths end to end on real files: one transaction per batch, crash safety, concurrent readers.

Run as a script, this file is the child process of the crash and concurrency tests:
    python tests/test_ingest.py STORE FOLDER...   (each folder one batch)
It slows the hand-over of sentences to the store down, so that a kill or a concurrent read
lands inside the transaction, not before or after it.
"""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import SEEDS, write_articles

from retrieval.corpus.ingest import ingest_paths
from retrieval.corpus.store import Store
from retrieval.records import ArticleColumns, Duplicate, IngestLimits, Rejection
from retrieval.service import QAService

LIMITS = IngestLimits()


def test_seeds_are_added_once_then_skipped(store: Store) -> None:
    first = ingest_paths(store, [SEEDS], limits=LIMITS, replace=False)
    names = sorted(p.name for p in SEEDS.glob("*.txt"))
    assert first.batch == 1 and sorted(first.added) == names and first.rejected == ()
    assert first.sentences_added == store.stats().sentences > 0
    again = ingest_paths(store, [SEEDS], limits=LIMITS, replace=False)
    assert again.batch is None and sorted(again.skipped) == names and again.added == ()


def test_one_bad_file_does_not_stop_the_good_ones(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    write_articles(folder, 3)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "latin1.txt").write_bytes("Caf\xe9 news\n\nThe caf\xe9 opened on Monday.".encode("latin-1"))
    (folder / "furniture.txt").write_text("Related stories\nYonhap\n")
    report = ingest_paths(store, [folder, tmp_path / "missing.txt"], limits=LIMITS, replace=False)
    assert report.batch == 1
    assert report.added == ("article00000.txt", "article00001.txt", "article00002.txt")
    reasons = {r.source: r.reason for r in report.rejected}
    assert set(reasons) == {"empty.txt", "latin1.txt", "furniture.txt", str(tmp_path / "missing.txt")}
    assert reasons["empty.txt"] == "empty file (0 bytes)"
    assert reasons["latin1.txt"].startswith("not UTF-8 (byte 0xe9 at offset 3)")
    assert "no article text left" in reasons["furniture.txt"]
    assert [a.source for a in store.articles()] == list(report.added)


def _resaved(raw: str) -> str:
    """The same article saved again: other white space, and page furniture the cleaner leaves out."""
    lines = raw.split("\n")
    return ("\n".join(line.replace(" ", "  ") + "  " for line in lines[:3])
            + "\nShare this article\nSign up for our newsletter\n\n" + "\n".join(lines[3:]))


@pytest.mark.parametrize("replace", [False, True])
def test_a_resaved_story_is_a_duplicate_of_the_stored_one(store: Store, tmp_path: Path, replace: bool) -> None:
    # A store larger than the batch: the stored articles are looked up through the copy keys' index (a batch
    # larger than the store reads their openings instead: the command-line tests take that way).
    ingest_paths(store, [SEEDS], limits=LIMITS)
    seed = sorted(SEEDS.glob("*.txt"))[2]
    (tmp_path / "again.txt").write_text(_resaved(seed.read_text(encoding="utf-8")), encoding="utf-8")
    report = ingest_paths(store, [tmp_path / "again.txt"], limits=LIMITS, replace=replace)
    assert report.batch is None and report.skipped == ("again.txt",)
    assert report.duplicates == (Duplicate("again.txt", seed.name, stored=True, exact=False),)
    # Under its own name it is the stored article again (not "a different article"), unless --replace.
    own = tmp_path / "own"
    own.mkdir()
    (own / seed.name).write_text(_resaved(seed.read_text(encoding="utf-8")), encoding="utf-8")
    again = ingest_paths(store, [own], limits=LIMITS, replace=replace)
    if replace:
        assert again.replaced == (seed.name,)
    else:
        assert again.batch is None and again.rejected == ()
        assert again.duplicates == (Duplicate(seed.name, seed.name, exact=False),)
        assert again.duplicates[0].reason.startswith("already stored (same name, same article text;")


def test_the_same_story_from_two_outlets_is_kept(store: Store, tmp_path: Path) -> None:
    # A wire story two sites print: two citations, and corroboration for "also in". Not a duplicate.
    body = "\n\nThe central bank raised its main rate to 4.5 percent on Thursday. Markets had expected the move.\n"
    (tmp_path / "one.txt").write_text("Rates rise\nhttps://www.example-news.com/rates" + body)
    (tmp_path / "two.txt").write_text("Rates rise\nhttps://www.other-paper.org/rates" + body)
    report = ingest_paths(store, [tmp_path / "one.txt", tmp_path / "two.txt"], limits=LIMITS)
    assert report.added == ("one.txt", "two.txt") and report.skipped == ()


def test_changed_file_is_refused_then_replaced_with_replace(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text("Story\n\nThe minister resigned on Monday. Parliament was surprised.\n")
    ingest_paths(store, [path], limits=LIMITS, replace=False)
    old_ids = [s.id for s in store.article_sentences("story.txt")]
    path.write_text("Story\n\nThe minister stayed on Monday. Parliament was relieved.\n")

    refused = ingest_paths(store, [path], limits=LIMITS, replace=False)
    assert refused.batch is None
    assert refused.rejected == (Rejection("story.txt", 'a different article is already stored as story.txt (batch 1, "Story"); '
                                                       "use --replace to replace it with this file, or rename this file"),)

    replaced = ingest_paths(store, [path], limits=LIMITS, replace=True)
    assert replaced.replaced == ("story.txt",) and replaced.batch == 2
    with store.snapshot() as view:
        assert view.removed_since(1) == old_ids
    assert "stayed" in " ".join(s.text for s in store.article_sentences("story.txt"))


def test_zip_and_folder_in_one_batch(store: Store, tmp_path: Path) -> None:
    import zipfile

    with zipfile.ZipFile(tmp_path / "more.zip", "w") as archive:
        archive.writestr("2024/zipped.txt", "Zipped\n\nA zipped article was read on Tuesday.\n")
        archive.writestr("../escape.txt", "Escape\n\nThis must never be read.\n")
    report = ingest_paths(store, [SEEDS, tmp_path / "more.zip"], limits=LIMITS, replace=False)
    assert "2024/zipped.txt" in report.added and len(report.added) == 6
    assert [r.source for r in report.rejected] == ["../escape.txt"]


def test_pool_parsing_gives_the_same_batch_as_serial(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    write_articles(folder, 40)
    (folder / "bad.txt").write_bytes(b"\x00\x01")
    results = []
    for workers in (1, 2):
        with Store.open(tmp_path / f"s{workers}.sqlite3", create=True) as s:
            report = ingest_paths(s, [folder], limits=LIMITS, replace=False, workers=workers)
            results.append((report, list(s.sentence_texts()), [(a.source, a.title, a.date) for a in s.articles()]))
    assert results[0] == results[1]
    assert len(results[0][0].added) == 40 and len(results[0][0].rejected) == 1


def test_progress_is_reported_per_file(store: Store, tmp_path: Path) -> None:
    write_articles(tmp_path / "batch", 4)
    calls = []
    ingest_paths(store, [tmp_path / "batch"], limits=LIMITS, replace=False, progress=lambda d, t: calls.append((d, t)))
    assert calls == [(1, 4), (2, 4), (3, 4), (4, 4)]


# -- crash safety and concurrent readers (real subprocesses) ---------------------------------
def test_a_file_name_that_is_not_utf8_costs_that_file_only(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    write_articles(folder, 3)
    with open(os.path.join(os.fsencode(folder), b"caf\xe9.txt"), "wb") as handle:
        handle.write(b"Cafe\n\nThe cafe opened on Monday in Seoul.\n")
    report = ingest_paths(store, [folder], limits=LIMITS)
    assert report.batch == 1 and len(report.added) == 3
    assert [(r.source, r.reason.split(";")[0]) for r in report.rejected] == [
        ("caf\\xe9.txt", "file name is not valid UTF-8 (shown with \\x escapes)")]


def test_a_corrupt_zip_beside_good_files_costs_only_its_bad_entries(store: Store, tmp_path: Path) -> None:
    import zipfile

    good = write_articles(tmp_path / "good", 2)
    archive = tmp_path / "damaged.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_LZMA) as z:
        z.writestr("lz/first.txt", "First\n\n" + "The envoy met officials in Seoul on Monday. " * 30)
        z.writestr("lz/second.txt", "Second\n\n" + "Rice prices rose again in Tokyo on Tuesday. " * 30)
    data = bytearray(archive.read_bytes())
    with zipfile.ZipFile(archive) as z:
        info = z.getinfo("lz/first.txt")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data[start + 20 : start + 40] = bytes(20)  # inside the LZMA stream: LZMAError on read
    archive.write_bytes(bytes(data))
    report = ingest_paths(store, [*good, archive], limits=LIMITS)
    assert sorted(report.added) == ["article00000.txt", "article00001.txt", "lz/second.txt"]
    assert [r.source for r in report.rejected] == ["lz/first.txt"]
    assert report.rejected[0].reason.startswith("corrupt entry in damaged.zip (")


def _child(store_path: Path, *folders: Path, wait_for_signal: bool = False) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, __file__, str(store_path), *map(str, folders), *(["--wait-for-signal"] if wait_for_signal else [])],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=Path(__file__).parent.parent,
    )


def _snapshot(store_path: Path) -> tuple:
    with Store.open(store_path, create=False) as s:
        stats = s.stats()
        return (s.version(), stats.articles, stats.sentences, [(a.source, a.content_hash) for a in s.articles()])


@pytest.mark.e2e
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT])
def test_a_batch_killed_mid_transaction_leaves_the_store_unchanged_and_readable(store_path: Path, tmp_path: Path, sig: int) -> None:
    with Store.open(store_path, create=True) as s:
        ingest_paths(s, [SEEDS], limits=LIMITS, replace=False)
    before = _snapshot(store_path)
    folder = tmp_path / "big"
    write_articles(folder, 600, sentences=4)

    child = _child(store_path, folder, wait_for_signal=True)
    assert child.stdout.readline().strip() == "writing", child.stderr.read()
    time.sleep(0.05)  # the child waits inside the transaction for this signal (see _SlowColumns)
    child.send_signal(sig)
    out, _err = child.communicate(timeout=60)
    assert "committed" not in out, "the child finished before the signal; the test proves nothing"
    assert child.returncode != 0

    assert _snapshot(store_path) == before
    conn = sqlite3.connect(store_path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    with Store.open(store_path, create=False) as s:  # and it still takes the same batch
        report = ingest_paths(s, [folder], limits=LIMITS, replace=False)
        assert report.batch == before[0].batch + 1 and len(report.added) == 600


@pytest.mark.e2e
def test_a_concurrent_reader_sees_whole_batches_only(store_path: Path, tmp_path: Path) -> None:
    with Store.open(store_path, create=True) as s:
        ingest_paths(s, [SEEDS], limits=LIMITS, replace=False)
        stats = s.stats()
    committed = {(stats.articles, stats.sentences)}
    folders = [tmp_path / f"b{i}" for i in range(3)]
    for i, folder in enumerate(folders):
        write_articles(folder, 40, sentences=5, seed=i + 1, prefix=f"batch{i}-")

    observed: set[tuple[int, int]] = set()
    done = threading.Event()

    def read() -> None:
        with Store.open(store_path, create=False) as reader:
            while not done.is_set():
                st = reader.stats()
                observed.add((st.articles, st.sentences))
                time.sleep(0.002)

    thread = threading.Thread(target=read)
    thread.start()
    try:
        child = _child(store_path, *folders)
        out, err = child.communicate(timeout=120)
    finally:
        done.set()
        thread.join()
    assert child.returncode == 0, err
    for line in out.splitlines():
        if line.startswith("committed"):
            _, articles, sentences = line.split()
            committed.add((int(articles), int(sentences)))
    assert len(committed) == 4  # the seeds and three batches
    assert observed <= committed, f"reader saw a partial batch: {sorted(observed - committed)}"
    assert len(observed) >= 2  # it really read while batches were landing


class _SlowColumns(ArticleColumns):
    """An article whose sentences take 1 ms each to hand over inside the store's transaction (so a concurrent
    reader has a partial batch to catch, if the store let it). With `wait`, the first time that happens inside
    the transaction the child says "writing" and waits there for the parent's signal, so the signal always lands
    mid-batch, in Python code, as a real Ctrl-C would (a signal inside SQLite's C code is handled at the next
    Python step); waiting instead of racing a fixed sleep keeps the test meaningful on a loaded machine."""

    announced = False
    wait = False
    writer: sqlite3.Connection | None = None

    def texts(self) -> list[str]:
        texts = super().texts()
        writer = _SlowColumns.writer
        if not _SlowColumns.announced and writer is not None and writer.in_transaction:
            _SlowColumns.announced = True
            print("writing", flush=True)
            if _SlowColumns.wait:
                time.sleep(60)  # the parent signals long before; if it never does, the batch says "committed"
        for _ in texts:
            time.sleep(0.001)
        return texts


def _child_main(store_path: Path, folders: list[Path]) -> None:
    """Ingest each folder as one batch, slowed down inside the transaction; report each commit."""
    import dataclasses

    import retrieval.corpus.ingest

    parse = retrieval.corpus.ingest.parse_article_columns
    retrieval.corpus.ingest.parse_article_columns = lambda source, raw, **kw: (
        lambda a: _SlowColumns(*(getattr(a, f.name) for f in dataclasses.fields(a))))(parse(source, raw, **kw))
    store = Store.open(store_path, create=False)
    store._writer().execute("PRAGMA cache_size = 20")  # spill pages into the WAL before the commit, as big batches do
    _SlowColumns.writer = store._writer()
    for folder in folders:
        report = ingest_paths(store, [folder], limits=LIMITS, replace=False, workers=1)
        assert report.batch is not None, report
        stats = store.stats()
        print(f"committed {stats.articles} {stats.sentences}", flush=True)
    store.close()


if __name__ == "__main__":
    _SlowColumns.wait = "--wait-for-signal" in sys.argv
    _child_main(Path(sys.argv[1]), [Path(p) for p in sys.argv[2:] if p != "--wait-for-signal"])



def test_a_store_inside_the_folder_it_ingests_passes_over_its_own_files(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Talks resume\n\nEnvoys met in Seoul on Monday to resume the talks.\n", encoding="utf-8")
    (tmp_path / "s.sqlite3.notes.txt").write_text("Notes\n\nA file that only looks like the store's.\n", encoding="utf-8")
    with QAService.open(tmp_path / "s.sqlite3", create=True) as service:
        first = service.ingest([tmp_path])
        assert first.ok and set(first.added) == {"a.txt", "s.sqlite3.notes.txt"}, first
        (tmp_path / "b.txt").write_text("Talks end\n\nThe talks ended on Friday without a deal.\n", encoding="utf-8")
        second = service.ingest([tmp_path])  # the index and lexicon files beside the store now exist
        assert second.ok and second.added == ("b.txt",) and not second.rejected, second
