"""The store and the index under a full disk, a read-only disk and another writer: one line each, nothing lost.

The real-disk cases mount a small tmpfs (or a read-only bind mount) and so need root; elsewhere
they skip, saying so, and the portable cases below them cover the same messages with SQLite's
own page limit.
"""
from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import SEEDS, parsed_article, write_articles

from retrieval import QAService
from retrieval.corpus.store import Store
from retrieval.errors import StoreError
from retrieval.index.retriever import index_home_of

ARTICLE = parsed_article("a.txt", ["Seoul said talks resume.", "Tokyo agreed."])


def _mount(*args: str) -> None:
    done = subprocess.run(["mount", *args], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount here ({done.stderr.strip() or 'mount failed'}); needs root and mount(8)")


@contextlib.contextmanager
def tmpfs(folder: Path, size_kb: int) -> Iterator[Path]:
    """A `size_kb` tmpfs at `folder`: a disk that really fills up."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    folder.mkdir(parents=True, exist_ok=True)
    _mount("-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(folder))
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def _fill(folder: Path, leave_kb: int = 0) -> Path:
    """Fill the file system at `folder` but for `leave_kb`; return the filler to delete."""
    filler = folder / "filler"
    with open(filler, "wb", buffering=0) as handle, contextlib.suppress(OSError):
        while True:
            handle.write(b"\0" * 4096)
    os.truncate(filler, max(0, filler.stat().st_size - leave_kb * 1024))
    return filler


# -- portable: SQLite's page limit is a full disk as far as the store can tell ---------------------
def test_a_full_disk_is_one_line_and_the_same_batch_lands_once_there_is_room(store: Store) -> None:
    store.add_batch([ARTICLE], replace=False)
    writer = store._writer()
    pages = writer.execute("PRAGMA page_count").fetchone()[0]
    writer.execute(f"PRAGMA max_page_count = {pages}")
    big = [parsed_article(f"big{i}.txt", [f"Sentence {i} {'word ' * 400}."]) for i in range(20)]
    with pytest.raises(StoreError) as failed:
        store.add_batch(big, replace=False)
    message = str(failed.value)
    assert "\n" not in message
    assert message.startswith(f"could not write this batch to the store {store.path}: the disk is full (")
    assert "Nothing was written: the store keeps its last committed batch." in message
    assert "Free some space and run the same command again" in message
    assert store.stats().articles == 1 and store.version().batch == 1  # nothing of it stayed

    writer.execute("PRAGMA max_page_count = 1073741823")  # "space freed"
    report = store.add_batch(big, replace=False)
    assert report.batch == 2 and len(report.added) == 20


def test_a_busy_store_says_so(store: Store) -> None:
    other = sqlite3.connect(store.path, isolation_level=None, timeout=0)
    other.execute("BEGIN IMMEDIATE")
    store._writer().execute("PRAGMA busy_timeout = 50")
    try:
        with pytest.raises(StoreError, match=r"is busy \(database is locked\); is another ingest running\?"):
            store.add_batch([ARTICLE], replace=False)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert store.add_batch([ARTICLE], replace=False).batch == 1


# -- real disks ------------------------------------------------------------------------------------
def test_a_really_full_disk_fails_the_ingest_in_one_line_and_the_next_one_succeeds(tmp_path: Path) -> None:
    articles = write_articles(tmp_path / "batch", 60, sentences=40)  # ~1 MB in the store, ~0.7 MB of index
    with tmpfs(tmp_path / "disk", 6144) as disk:
        with QAService.open(disk / "qabot.sqlite3", create=True) as service:
            service.ingest([SEEDS])
            filler = _fill(disk)
            with pytest.raises(StoreError) as failed:
                service.ingest(articles)
            assert "the disk is full" in str(failed.value) and "\n" not in str(failed.value)
            assert service.stats().articles == 5
            filler.unlink()
            report = service.ingest(articles)
            assert len(report.added) == 60 and report.rejected == ()
            assert service.stats().articles == 65
            assert not service.ask("What were the officials discussing in article 7?").no_answer
        leftovers = [p.name for p in (disk / "qabot.sqlite3.index").rglob(".tmp-*")]
        assert leftovers == []


def _files_under(folder: Path) -> list[str]:
    """Every file in `folder` and its subfolders (each analyzer version's index has its own), by relative path."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def test_the_index_failing_to_save_on_a_full_disk_leaves_no_partial_generation(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "disk", 1024) as disk:
        with QAService.open(disk / "qabot.sqlite3", create=True) as service:
            service.ingest([SEEDS])
        index = disk / "qabot.sqlite3.index"
        before = _files_under(index)
        filler = _fill(disk, leave_kb=64)  # room to open the store, not to save an index
        with QAService.open(disk / "qabot.sqlite3", analyzer=_other_analyzer()) as service:  # must rebuild, cannot save
            assert not service.ask("Who hopes North Korea will respond?").no_answer  # served from memory
        assert _files_under(index) == before  # the failed generation's files are gone
        filler.unlink()


def _other_analyzer():
    from retrieval import AnalyzerOptions

    return AnalyzerOptions(stem=False)


def test_a_store_on_a_read_only_disk_is_one_line_saying_what_to_do(tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("a read-only bind mount needs root (and root ignores file modes, so no chmod case either)")
    source = tmp_path / "rw"
    source.mkdir()
    with Store.open(source / "qabot.sqlite3", create=True) as store:
        store.add_batch([ARTICLE], replace=False)
    target = tmp_path / "ro"
    target.mkdir()
    _mount("--bind", "-o", "ro", str(source), str(target))
    try:
        for create in (False, True):
            with pytest.raises(StoreError) as failed:
                Store.open(target / "qabot.sqlite3", create=create)
            message = str(failed.value)
            assert message.startswith(f"cannot open the store {target / 'qabot.sqlite3'}: it or its folder is read-only (")
            assert "copy the store somewhere writable and pass --store" in message and "\n" not in message
    finally:
        subprocess.run(["umount", "-l", str(target)], check=False)


def test_opening_a_store_on_a_disk_with_no_room_left_at_all_names_the_disk(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "disk", 1024) as disk:
        with Store.open(disk / "qabot.sqlite3", create=True) as store:
            store.add_batch([ARTICLE], replace=False)
        filler = _fill(disk)
        with pytest.raises(StoreError) as failed:  # SQLite cannot even create its -shm file
            Store.open(disk / "qabot.sqlite3", create=False)
        assert "Is the disk full or failing?" in str(failed.value) or "the disk is full" in str(failed.value)
        filler.unlink()
        with Store.open(disk / "qabot.sqlite3", create=False) as store:
            assert store.stats().articles == 1


def test_saves_keep_one_unnamed_generation_whatever_its_age(tmp_path: Path) -> None:
    """Quick saves (three ingests in a second) must not pile whole index copies up on the disk."""
    store_path = tmp_path / "qabot.sqlite3"
    with QAService.open(store_path, create=True) as service:
        for i, folder in enumerate(("a", "b", "c", "d")):
            service.ingest(write_articles(tmp_path / folder, 3, seed=i, prefix=folder))
    index = index_home_of(store_path)
    generations = {p.name.split(".", 1)[0] for p in index.iterdir() if p.name != "manifest.json"}
    assert len(generations) <= 2  # the current one and the one a reader may have just read
    with QAService.open(store_path) as service:
        assert not service.ask("What were officials discussing in report number 2?").no_answer
