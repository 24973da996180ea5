"""The corpus on disk: one SQLite file holding articles, their sentences and the batch history.

- WAL mode: readers keep reading the last committed state while a batch is written, and a
  batch is one transaction, so nobody ever sees half of one and a kill mid-batch leaves the
  file exactly as it was (SQLite rolls the unfinished WAL frames back on the next open).
- Sentence ids come from AUTOINCREMENT and are never reused: they are the index's document
  ids. Ids grow with the batch, so "sentences after batch b" is an id range.
- Sentences removed by `--replace` are recorded in `tombstones`, so the index can drop exactly
  those postings without rereading the corpus.
- Reads go through their own connection, so a long ingest in one thread does not stall
  questions in another; streams (`sentence_texts`) and `snapshot()` open a private one.
- A full disk, a read-only file or folder and a busy store each end in one line saying what to
  do (`_failure`); a failed batch is rolled back, so the next ingest after space is freed works.
"""
from __future__ import annotations

import functools
import itertools
import json
import os
import secrets
import sqlite3
import sys
import threading
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from operator import attrgetter, itemgetter
from pathlib import Path

import numpy as np

from retrieval.corpus.copykeys import copy_keys
from retrieval.errors import StoreError
from retrieval.index.analyzer import Analyzer, normalise
from retrieval.records import (
    ArticleColumns,
    ArticleInfo,
    Context,
    CorpusStats,
    Duplicate,
    IngestReport,
    ParsedArticle,
    Rejection,
    Sentence,
    StoreVersion,
)

SCHEMA_VERSION = 3  # 2: articles.site and articles.url; 3: sentences.caption (the caption tier)
_APPLICATION_ID = 0x71616274  # "qabt": marks the file as ours in the SQLite header
_PARAMS_PER_QUERY = 900  # below SQLite's default limit on bound parameters
_BUSY_TIMEOUT_MS = 10_000
_SOURCES_KEPT = 50_000  # article sources kept by the read side (a few MB at most), cleared when full

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE batches (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    committed_at TEXT NOT NULL,
    added INTEGER NOT NULL,
    replaced INTEGER NOT NULL,
    skipped INTEGER NOT NULL,
    rejected INTEGER NOT NULL,
    sentences_added INTEGER NOT NULL,
    last_sentence_id INTEGER NOT NULL  -- highest sentence id when this batch committed
);
CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    date TEXT,
    byline TEXT,
    content_hash TEXT NOT NULL,
    raw TEXT NOT NULL,
    batch INTEGER NOT NULL,
    ingested_at TEXT NOT NULL,
    site TEXT,
    url TEXT
);
CREATE INDEX articles_by_hash ON articles(content_hash);
CREATE TABLE sentences (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id INTEGER NOT NULL,
    position INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    batch INTEGER NOT NULL,
    caption INTEGER NOT NULL DEFAULT 0  -- 1: a photo caption, its position counted among the article captions
);
CREATE INDEX sentences_by_article ON sentences(article_id, position);
CREATE TABLE tombstones (sentence_id INTEGER PRIMARY KEY, batch INTEGER NOT NULL);
CREATE INDEX tombstones_by_batch ON tombstones(batch);
"""

def _add_site_and_url(conn: sqlite3.Connection) -> None:
    """Version 1 -> 2: the outlet and address of each article, filled from a URL line in its text where
    there is one (a credit-derived outlet needs a re-ingest with --replace)."""
    from retrieval.corpus.metadata import head_metadata

    conn.execute("ALTER TABLE articles ADD COLUMN site TEXT")
    conn.execute("ALTER TABLE articles ADD COLUMN url TEXT")
    rows = conn.execute("SELECT id, raw FROM articles").fetchall()
    found = [(meta.site, meta.url, aid) for aid, meta in ((aid, head_metadata(raw)) for aid, raw in rows) if meta.url]
    conn.executemany("UPDATE articles SET site = ?, url = ? WHERE id = ?", found)


def _add_caption_flag(conn: sqlite3.Connection) -> None:
    """Version 2 -> 3: the caption tier. Older stores kept captions as body (their credit cut): the sentences that
    lie inside a caption of their article's text, as the cleaner now reads it, are flagged, and each article's
    positions are counted again among its body sentences and among its captions. (Lines other articles of the
    batch repeat are not known here; a re-ingest with --replace reads an article exactly as a new one.)"""
    from retrieval.corpus.furniture import CAPTION, classify_lines

    conn.execute("ALTER TABLE sentences ADD COLUMN caption INTEGER NOT NULL DEFAULT 0")
    for aid, raw in conn.execute("SELECT id, raw FROM articles").fetchall():
        captions = [(r.start, r.end) for r in classify_lines(raw) if r.kind == CAPTION]
        if not captions:
            continue
        rows = conn.execute('SELECT id, start, "end" FROM sentences WHERE article_id = ? ORDER BY position', (aid,)).fetchall()
        flagged = [(sid, any(a <= start and end <= b for a, b in captions)) for sid, start, end in rows]
        body = [sid for sid, c in flagged if not c]
        tier = [sid for sid, c in flagged if c]
        conn.executemany("UPDATE sentences SET caption = ?, position = ? WHERE id = ?",
                         [*((0, i, sid) for i, sid in enumerate(body)), *((1, i, sid) for i, sid in enumerate(tier))])


# version -> function that brings a store of that version to version + 1 (inside a transaction).
_MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {1: _add_site_and_url, 2: _add_caption_flag}


def _positions(article: ParsedArticle) -> Iterator[int]:
    """Each sentence's position: its index among the article's body sentences, or among its captions."""
    counts = [0, 0]
    for span in article.sentences:
        yield counts[span.caption]
        counts[span.caption] += 1


def _sentence(row: Sequence) -> Sentence:
    """A Sentence from (id, source, position, start, end, text, caption) with caption as SQLite's 0 or 1."""
    return Sentence(row[0], row[1], row[2], row[3], row[4], row[5], bool(row[6]))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _connect(path: Path) -> sqlite3.Connection:
    # isolation_level=None: transactions are explicit (BEGIN IMMEDIATE ... COMMIT), never implicit.
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=_BUSY_TIMEOUT_MS / 1000)
    conn.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
    return conn


class Store:
    """Articles and sentences in one SQLite file. Thread-safe; one writer at a time."""

    def __init__(self, path: Path, read_conn: sqlite3.Connection, store_id: str) -> None:
        self.path = path
        self._store_id = store_id
        self._read = read_conn
        self._read_lock = threading.Lock()
        self._source_of: dict[int, str] = {}  # article id -> source, filled by reads (see `_sources`)
        self._write: sqlite3.Connection | None = None
        self._write_lock = threading.Lock()

    # -- opening ---------------------------------------------------------------------------
    @classmethod
    def open(cls, path: Path, *, create: bool) -> Store:
        """Open the store at `path`; create it (and its folder) when missing and `create`."""
        path = Path(path)
        if not path.exists():
            if not create:
                raise StoreError(f"no store at {path}; create it with `qabot --store {path} ingest PATH...`")
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"cannot create the folder for the store {path}: {exc.strerror or exc}") from None
        elif path.is_dir():
            raise StoreError(f"{path} is a folder, not a store file; give the path of a .sqlite3 file")
        elif not path.is_file():
            raise StoreError(f"{path} is not a regular file (a device or pipe?), not a store file; give the path of a .sqlite3 file")
        try:
            conn = _connect(path)
        except sqlite3.DatabaseError as exc:
            raise _failure(exc, path, "cannot open the store") from None
        try:
            store_id = _prepare(conn, path, create=create)
        except sqlite3.DatabaseError as exc:
            conn.close()
            if _primary_code(exc) in _ENVIRONMENT_CODES:
                raise _failure(exc, path, "cannot open the store") from None
            raise StoreError(f"{path} is not a readable qabot store ({exc})") from None
        except BaseException:
            conn.close()
            raise
        return cls(path, conn, store_id)

    def close(self) -> None:
        with self._write_lock:
            if self._write is not None:
                self._write.close()
                self._write = None
        with self._read_lock:
            self._read.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- version ---------------------------------------------------------------------------
    def version(self) -> StoreVersion:
        """The last committed batch of this store; cheap enough to call on every question."""
        with self._read_lock:
            return StoreVersion(self._store_id, _last_batch(self._read))

    def batch_mark(self, batch: int) -> str:
        """A fingerprint of one committed batch ("" for batch 0 or none): a copy of the store that
        went its own way has the same id and batch numbers, but not the same batch records."""
        with self._read_lock:
            return _batch_mark(self._read, batch)

    # -- writing ---------------------------------------------------------------------------
    def add_batch(
        self, articles: Sequence[ParsedArticle], *, replace: bool, rejected: Sequence[Rejection] = (),
        term_spans: BatchSpans | None = None, keys: BatchKeys | None = None,
    ) -> IngestReport:
        """Write one batch in one transaction: all of it lands, or (on any error or kill) none.

        `term_spans` and `keys`: each article's sentences' term spans and copy keys, computed where
        it was parsed (the keys are computed here for articles without them).

        Same source and same content as stored: skipped. Same content under another source
        (the same file twice under two names): skipped too, since it would only duplicate every
        answer. Same source, different content: rejected unless `replace`, which swaps the old
        article's sentences for the new ones (their ids go to `tombstones`). When nothing is
        to be written, no batch number is used and the report's `batch` is None.
        """
        rejections = list(rejected)
        started = _now()
        with self._batch_transaction() as tx:
            report = self._write_batch(tx.conn, articles, replace, rejections, started, term_spans, keys)
            tx.keep = report.batch is not None
        return report

    @contextmanager
    def _batch_transaction(self) -> Iterator[_Transaction]:
        """One batch's transaction under the write lock: committed when the block sets `keep`, else rolled
        back; any error or kill (KeyboardInterrupt included) rolls it back, so nothing of the batch stays."""
        with self._write_lock:
            conn = self._writer()
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                raise _failure(exc, self.path, "cannot write to the store") from None
            tx = _Transaction(conn)
            try:
                yield tx
                conn.execute("COMMIT" if tx.keep else "ROLLBACK")
            except sqlite3.OperationalError as exc:
                _rollback(conn)
                raise _failure(exc, self.path, "could not write this batch to the store", writing=True) from None
            except BaseException:
                _rollback(conn)
                raise

    @contextmanager
    def writing_batch(self, *, term_spans_analyzer: str | None = None, expected_sentences: int = 0
                      ) -> Iterator[BatchWriter]:
        """One batch without `replace`, written article by article as they come (`BatchWriter`), in
        one transaction like `add_batch`: committed when the block ends after `finish`, rolled back
        on any error or kill, or when nothing was written. Ingest writes while the pool parses.
        `term_spans_analyzer`: the version of the analyzer whose spans come with the articles.
        `expected_sentences`: a guess of the batch's size (it only decides how copy keys are indexed)."""
        with self._batch_transaction() as tx:
            writer = BatchWriter(tx.conn, term_spans_analyzer, expected_sentences)
            yield writer
            tx.keep = writer.report is not None and writer.report.batch is not None

    def _write_batch(
        self,
        conn: sqlite3.Connection,
        articles: Sequence[ParsedArticle],
        replace: bool,
        rejections: list[Rejection],
        started: str,
        term_spans: BatchSpans | None = None,
        keys: BatchKeys | None = None,
    ) -> IngestReport:
        stored = _stored_by_source(conn, [a.source for a in articles])
        batch = _last_batch(conn) + 1
        known = _KnownArticles(conn, batch)
        given = keys or {}
        keyed = [_keys_of(a, given.get(a.source)) for a in articles]
        bodies = [body_keys(k, (span.caption for span in a.sentences)) for a, k in zip(articles, keyed)]
        if replace:  # the stored articles this batch replaces: their old text is free for another name
            for article in articles:
                old = stored.get(article.source)
                if old is not None and old.content_hash != article.content_hash and article.sentences:
                    known.free(old.id)
        known.look_up([a.content_hash for a in articles], bodies)
        added: list[ParsedArticle] = []
        replacing: list[tuple[int, ParsedArticle]] = []  # (old article id, new article)
        duplicates: list[Duplicate] = []
        seen_sources: set[str] = set()
        written_keys: BatchKeys = {}
        for article, article_keys, body in zip(articles, keyed, bodies):
            if article.source in seen_sources:
                rejections.append(Rejection(article.source, "duplicate source name in this batch"))
                continue
            seen_sources.add(article.source)
            if not article.sentences:
                rejections.append(Rejection(article.source, "no sentence left after cleaning"))
                continue
            old = stored.get(article.source)
            if old is not None and old.content_hash == article.content_hash:
                duplicates.append(Duplicate(article.source, article.source))
                continue
            if old is not None and replace:
                # A stored name's new text is written even when another name holds it: skipping it would keep
                # the text the operator replaced.
                replacing.append((old.id, article))
            elif old is not None and body and known.stored_body(old.id) == body:
                duplicates.append(Duplicate(article.source, article.source, exact=False))
                continue
            elif old is not None:
                rejections.append(Rejection(article.source, _name_taken(article.source, old)))
                continue
            elif (duplicate := known.find(article.source, article.content_hash, body, article.site)) is not None:
                duplicates.append(duplicate)  # stored already (or earlier in this batch) under another name
                continue
            else:
                added.append(article)
            known.remember(article.source, article.content_hash, body, article.site)
            written_keys[article.source] = tuple(article_keys)
        skipped = tuple(d.source for d in duplicates)
        if not added and not replacing:
            return IngestReport(None, skipped=skipped, rejected=tuple(rejections), duplicates=tuple(duplicates))

        now = _now()
        old_ids = [old_id for old_id, _ in replacing]
        for chunk in _chunks(old_ids):
            marks = ",".join("?" * len(chunk))
            conn.execute(
                f"INSERT OR IGNORE INTO tombstones (sentence_id, batch) SELECT id, ? FROM sentences WHERE article_id IN ({marks})",
                (batch, *chunk),
            )
            conn.execute(f"DELETE FROM copy_keys WHERE sentence_id IN (SELECT id FROM sentences WHERE article_id IN ({marks}))", chunk)
            conn.execute(f"DELETE FROM term_spans WHERE sentence_id IN (SELECT id FROM sentences WHERE article_id IN ({marks}))", chunk)
            conn.execute(f"DELETE FROM sentences WHERE article_id IN ({marks})", chunk)
        conn.executemany(
            "UPDATE articles SET title=?, date=?, byline=?, content_hash=?, raw=?, batch=?, ingested_at=?, site=?, url=? WHERE id=?",
            [(a.title, a.date, a.byline, a.content_hash, a.raw, batch, now, a.site, a.url, old_id) for old_id, a in replacing],
        )
        # Article ids are assigned here so the sentences can point at them without a query per
        # article; BEGIN IMMEDIATE makes this connection the only writer.
        next_id = (conn.execute("SELECT COALESCE(MAX(id), 0) FROM articles").fetchone()[0]) + 1
        new_rows = [(next_id + i, a) for i, a in enumerate(added)]
        conn.executemany(
            "INSERT INTO articles (id, source, title, date, byline, content_hash, raw, batch, ingested_at, site, url)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            [(aid, a.source, a.title, a.date, a.byline, a.content_hash, a.raw, batch, now, a.site, a.url) for aid, a in new_rows],
        )
        # Replaced articles first, then new ones, each in reading order: ids grow through the batch.
        written = [*replacing, *new_rows]
        # The ids AUTOINCREMENT would give, one after another (BEGIN IMMEDIATE: no other writer),
        # given explicitly so the rows that point at them need no query to learn them.
        before = conn.execute(
            "SELECT MAX((SELECT COALESCE(MAX(seq), 0) FROM sqlite_sequence WHERE name = 'sentences'),"
            " (SELECT COALESCE(MAX(id), 0) FROM sentences))"
        ).fetchone()[0]
        conn.executemany(
            'INSERT INTO sentences (id, article_id, position, start, "end", text, batch, caption)'
            " VALUES (?,?,?,?,?,?,?,?)",
            zip(
                itertools.count(before + 1),
                (aid for aid, article in written for _ in article.sentences),
                (position for _, article in written for position in _positions(article)),
                *_sentence_columns(written),
                itertools.repeat(batch),
                (int(span.caption) for _, article in written for span in article.sentences),
            ),
        )
        sentence_count = sum(len(a.sentences) for _, a in written)
        last_sentence_id = before + sentence_count
        _add_copy_keys(conn, (before, written, written_keys))
        if term_spans is not None and _ensure_term_spans(conn, term_spans[0]):
            _write_term_spans(conn, before, written, term_spans[1])
        conn.execute(
            "INSERT INTO batches (id, started_at, committed_at, added, replaced, skipped, rejected, sentences_added, last_sentence_id)"
            " VALUES (?,?,?,?,?,?,?,?,?)",
            (batch, started, _now(), len(added), len(replacing), len(skipped), len(rejections), sentence_count, last_sentence_id),
        )
        conn.execute("UPDATE meta SET value = ? WHERE key = 'batch'", (str(batch),))
        return IngestReport(
            batch,
            added=tuple(a.source for a in added),
            skipped=skipped,
            replaced=tuple(a.source for _, a in replacing),
            rejected=tuple(rejections),
            sentences_added=sentence_count,
            duplicates=tuple(duplicates),
        )

    def _writer(self) -> sqlite3.Connection:
        if self._write is None:
            self._write = _connect(self.path)
            self._write.execute("PRAGMA synchronous = NORMAL")  # WAL + NORMAL: commits stay atomic, fsync only at checkpoints
            self._write.execute("PRAGMA cache_size = -65536")  # 64 MB: big batches touch many index pages
            self._write.execute("PRAGMA journal_size_limit = 67108864")  # shrink the WAL after a big batch is checkpointed
        return self._write

    # -- reading ---------------------------------------------------------------------------
    def articles(self) -> list[ArticleInfo]:
        """Every article, ordered by source name."""
        with self._read_lock:
            rows = self._read.execute(
                "SELECT a.source, a.title, a.date, a.byline, COALESCE(c.n, 0), a.batch, a.ingested_at, a.content_hash, a.site, a.url"
                " FROM articles a LEFT JOIN (SELECT article_id, COUNT(*) AS n FROM sentences GROUP BY article_id) c"
                " ON c.article_id = a.id ORDER BY a.source"
            ).fetchall()
        return [ArticleInfo(*row) for row in rows]

    def sites(self, sources: Sequence[str]) -> dict[str, str | None]:
        """The outlet or site of each named article (None when unknown), for citations."""
        found: dict[str, str | None] = {}
        with self._read_lock:
            for chunk in _chunks(list(dict.fromkeys(sources))):
                marks = ",".join("?" * len(chunk))
                found.update(self._read.execute(f"SELECT source, site FROM articles WHERE source IN ({marks})", chunk).fetchall())
        return found

    def stats(self) -> CorpusStats:
        with self._read_lock:
            self._read.execute("BEGIN")  # one snapshot for all four numbers
            try:
                articles, dated, first, last = self._read.execute(
                    "SELECT COUNT(*), COUNT(date), MIN(date), MAX(date) FROM articles").fetchone()
                sentences = self._read.execute("SELECT COUNT(*) FROM sentences").fetchone()[0]
                batch = _last_batch(self._read)
            finally:
                self._read.execute("COMMIT")
        return CorpusStats(articles, sentences, first, last, batch, dated)

    def sentences(self, ids: Sequence[int]) -> list[Sentence]:
        """The sentences with these ids, in the order given. Ids no longer stored (removed by a
        later `--replace`) are left out, so match results by `Sentence.id`."""
        found: dict[int, Sentence] = {}
        with self._read_lock:
            for chunk in _chunks(list(dict.fromkeys(ids))):
                marks = ",".join("?" * len(chunk))
                rows = self._read.execute(
                    f'SELECT id, article_id, position, start, "end", text, caption FROM sentences WHERE id IN ({marks})', chunk,
                ).fetchall()
                sources = self._sources({row[1] for row in rows})
                for sid, aid, position, start, end, text, caption in rows:
                    source = sources.get(aid)
                    if source is not None:  # (as a join with the articles' rows would)
                        found[sid] = Sentence(sid, source, position, start, end, text, bool(caption))
        return [found[i] for i in ids if i in found]

    def keep_sources(self) -> None:
        """Read every article's source into the kept map at once (one scan of the index on sources, which holds
        both: ~2 ms at 100k sentences, ~35 ms at 1M under load), so that questions find their candidates' sources
        without a look-up each among the articles' rows (each its own page, the rows holding the raw text)."""
        with self._read_lock:
            rows = self._read.execute("SELECT id, source FROM articles LIMIT ?", (_SOURCES_KEPT,)).fetchall()
            if len(self._source_of) + len(rows) > _SOURCES_KEPT:
                self._source_of.clear()
            self._source_of.update(rows)

    def _sources(self, article_ids: set[int]) -> dict[int, str]:
        """The source of each article id, kept once read: an article's row and source never change or go (a
        replaced article keeps both), so the question's candidates need no join with the articles' rows."""
        known = self._source_of
        missing = [aid for aid in article_ids if aid not in known]
        if missing:
            if len(known) + len(missing) > _SOURCES_KEPT:
                known.clear()  # full: start again from the ones asked for now
                missing = list(article_ids)
            for chunk in _chunks(missing):
                marks = ",".join("?" * len(chunk))
                known.update(self._read.execute(f"SELECT id, source FROM articles WHERE id IN ({marks})", chunk).fetchall())
        return known

    def sentence_texts(self, after_batch: int = 0) -> Iterator[tuple[int, str]]:
        """(id, text) of every live sentence written by a batch after `after_batch`, ordered by
        id, streamed from a private connection."""
        return _stream_texts(_connect(self.path), after_batch, close=True)

    @contextmanager
    def snapshot(self) -> Iterator[StoreSnapshot]:
        """A consistent read view: version, new sentences and removals all of one committed state."""
        conn = _connect(self.path)
        try:
            conn.execute("BEGIN")
            yield StoreSnapshot(conn, self._store_id)
        finally:
            conn.close()

    def context(self, sentence_id: int, width: int = 1) -> Context:
        """The `width` sentences before and after a sentence, from its own article's body. A caption has none:
        it is no part of the story's flow, and the captions beside it belong to other pictures."""
        with self._read_lock:
            row = self._read.execute(
                "SELECT s.article_id, s.position, a.source, a.title, a.date, s.caption FROM sentences s"
                " JOIN articles a ON a.id = s.article_id WHERE s.id = ?",
                (sentence_id,),
            ).fetchone()
            if row is None:
                raise StoreError(f"sentence {sentence_id} is not in the store (its article may have been replaced)")
            article_id, position, source, title, date, caption = row
            if caption:
                width = 0
            rows = self._read.execute(
                'SELECT id, position, start, "end", text FROM sentences WHERE article_id = ? AND caption = ?'
                " AND position BETWEEN ? AND ? ORDER BY position",
                (article_id, caption, position - max(width, 0), position + max(width, 0)),
            ).fetchall()
        around = [Sentence(sid, source, pos, start, end, text, bool(caption)) for sid, pos, start, end, text in rows]
        before = tuple(s for s in around if s.position < position)
        this = next(s for s in around if s.position == position)
        after = tuple(s for s in around if s.position > position)
        return Context(source, title, date, before, this, after)

    def article_sentences(self, source: str) -> list[Sentence]:
        """The stored sentences of one article: its body in reading order, then its captions."""
        with self._read_lock:
            rows = self._read.execute(
                'SELECT s.id, a.source, s.position, s.start, s."end", s.text, s.caption = 1 FROM sentences s'
                " JOIN articles a ON a.id = s.article_id WHERE a.source = ? ORDER BY s.caption, s.position",
                (source,),
            ).fetchall()
            if not rows and self._read.execute("SELECT 1 FROM articles WHERE source = ?", (source,)).fetchone() is None:
                raise StoreError(f"no article {source!r} in the store; `qabot sources` lists them")
        return [_sentence(row) for row in rows]

    def article_spans(self, source: str, analyzer_version: str) -> tuple[str, list[tuple[Sentence, SpanRow | None]]]:
        """An article's title and its body sentences in reading order (its captions are not its body), each with
        its stored term spans (None when the store has none made by `analyzer_version`), in one query."""
        title, rows = self.article_rows(source, analyzer_version)
        return title, [(Sentence(row[0], source, *row[1:5]), None if row[5] is None or row[6] is None else (row[5], row[6]))
                       for row in rows]

    def article_rows(self, source: str, analyzer_version: str) -> tuple[str, list[ArticleRow]]:
        """`article_spans` as plain rows, (id, position, start, end, text, terms, offsets) with terms and offsets
        None when the store has no spans of `analyzer_version` for the sentence: what the answerer reads for every
        article it reads, without an object (or a copy of the source) per sentence."""
        with self._read_lock:
            found = self._read.execute("SELECT id, title FROM articles WHERE source = ?", (source,)).fetchone()
            if found is None:
                raise StoreError(f"no article {source!r} in the store; `qabot sources` lists them")
            article_id, title = found
            rows = self._read.execute(
                'SELECT s.id, s.position, s.start, s."end", s.text, t.terms, t.offsets FROM sentences s'
                " LEFT JOIN term_spans t ON t.sentence_id = s.id"
                " AND (SELECT value FROM meta WHERE key = 'term_spans_analyzer') = ?"
                " WHERE s.article_id = ? AND s.caption = 0 ORDER BY s.position",
                (analyzer_version, article_id),
            ).fetchall()
        return (title if rows else ""), rows

    def term_spans(self, sentence_ids: Sequence[int], analyzer_version: str) -> dict[int, SpanRow]:
        """The stored term spans of these sentences made by `analyzer_version`, keyed by id (one query)."""
        wanted = list(dict.fromkeys(int(i) for i in sentence_ids))
        if not wanted:
            return {}
        with self._read_lock:
            rows = self._read.execute(
                "SELECT t.sentence_id, t.terms, t.offsets FROM json_each(?) j JOIN term_spans t ON t.sentence_id = j.value"
                " WHERE (SELECT value FROM meta WHERE key = 'term_spans_analyzer') = ?",
                (json.dumps(wanted), analyzer_version),
            ).fetchall()
        return {sid: (terms, offsets) for sid, terms, offsets in rows}

    def term_spans_behind(self) -> bool:
        """Whether some sentence may lack term spans (cheap: meta `term_spans_through`, the id up to
        which every sentence has them, against the highest sentence id)."""
        with self._read_lock:
            return _term_spans_through(self._read) < self._read.execute("SELECT COALESCE(MAX(id), 0) FROM sentences").fetchone()[0]

    def sentences_without_spans(self, analyzer_version: str) -> tuple[list[tuple[int, str]], int]:
        """(id, text) of the sentences lacking term spans, when the stored ones are `analyzer_version`'s
        (or there are none yet; [] when another analyzer made them), and the highest sentence id then."""
        with self._read_lock:
            self._read.execute("BEGIN")  # one snapshot for both
            try:
                last = self._read.execute("SELECT COALESCE(MAX(id), 0) FROM sentences").fetchone()[0]
                row = self._read.execute("SELECT value FROM meta WHERE key = 'term_spans_analyzer'").fetchone()
                if row is not None and row[0] != analyzer_version:
                    return [], last
                return self._read.execute(
                    "SELECT s.id, s.text FROM sentences s LEFT JOIN term_spans t ON t.sentence_id = s.id"
                    " WHERE t.sentence_id IS NULL ORDER BY s.id"
                ).fetchall(), last
            finally:
                self._read.execute("COMMIT")

    def add_term_spans(self, analyzer_version: str, rows: Sequence[tuple[int, SpanRow]], through: int) -> int:
        """Store term spans of existing sentences (an older store, filled once); sentences removed
        meanwhile are skipped. `through`: every sentence up to this id now has spans. Returns how many
        were written."""
        with self._write_lock:
            conn = self._writer()
            with _immediate(conn):
                if not _ensure_term_spans(conn, analyzer_version):
                    _set_term_spans_through(conn, max(through, _term_spans_through(conn)))  # no use looking again
                    return 0
                before = conn.total_changes
                conn.executemany(
                    "INSERT OR IGNORE INTO term_spans (sentence_id, terms, offsets)"
                    " SELECT id, ?, ? FROM sentences WHERE id = ?",
                    ((terms, offsets, sid) for sid, (terms, offsets) in rows),
                )
                added = conn.total_changes - before
                # A sentence some other writer added meanwhile without spans is analysed when read: slower, never wrong.
                _set_term_spans_through(conn, max(through, _term_spans_through(conn)))
                return added

    def copies(self, keys: Sequence[str], limit: int = 200) -> list[Sentence]:
        """Stored body sentences carrying any of these copy keys (copykeys.copy_keys), lowest id first (a caption
        repeating a sentence is no second article stating it)."""
        return [Sentence(*row) for row in self.copy_rows(keys, limit)]

    def copy_rows(self, keys: Sequence[str], limit: int = 200) -> list[tuple[int, str, int, int, int, str]]:
        """`copies` as plain rows of a Sentence's fields (id, source, position, start, end, text)."""
        if not keys:
            return []
        marks = ",".join("?" * len(keys))
        with self._read_lock:
            rows = self._read.execute(
                'SELECT DISTINCT s.id, s.article_id, s.position, s.start, s."end", s.text FROM copy_keys k'
                f" JOIN sentences s ON s.id = k.sentence_id WHERE k.key IN ({marks}) AND s.caption = 0 ORDER BY s.id LIMIT ?",
                (*keys, limit),
            ).fetchall()
            sources = self._sources({row[1] for row in rows})
        return [(sid, sources[aid], position, start, end, text) for sid, aid, position, start, end, text in rows
                if aid in sources]

    def raw_text(self, source: str) -> str:
        """The article file's text exactly as ingested (BOM removed)."""
        with self._read_lock:
            row = self._read.execute("SELECT raw FROM articles WHERE source = ?", (source,)).fetchone()
        if row is None:
            raise StoreError(f"no article {source!r} in the store; `qabot sources` lists them")
        return row[0]


class StoreSnapshot:
    """Reads of one committed state (see `Store.snapshot`); valid inside its `with` block."""

    def __init__(self, conn: sqlite3.Connection, store_id: str) -> None:
        self._conn = conn
        self._store_id = store_id

    def version(self) -> StoreVersion:
        return StoreVersion(self._store_id, _last_batch(self._conn))

    def sentence_texts(self, after_batch: int = 0) -> Iterator[tuple[int, str]]:
        return _stream_texts(self._conn, after_batch, close=False)

    def sentence_terms(self, analyzer_version: str, after_batch: int = 0) -> Iterator[tuple[int, str | None, str | None]]:
        """Like `sentence_texts`, with each sentence's stored terms (made by `analyzer_version`,
        joined by spaces): (id, terms, None), or (id, None, text) for a sentence without them."""
        conn = self._conn
        cursor = conn.execute(
            "SELECT s.id, t.terms, CASE WHEN t.terms IS NULL THEN s.text END FROM sentences s"
            " LEFT JOIN term_spans t ON t.sentence_id = s.id"
            " AND (SELECT value FROM meta WHERE key = 'term_spans_analyzer') = ?"
            " WHERE s.id >= ? ORDER BY s.id",
            (analyzer_version, _first_id_after(conn, after_batch)),
        )
        while rows := cursor.fetchmany(10_000):
            yield from rows

    def batch_sentence_ids(self, batch: int, count: int) -> np.ndarray | None:
        """The ids of the `count` sentences batch `batch` wrote, ascending; None unless the live
        sentences of that batch are exactly that many (ids one after another, as written)."""
        first = _first_id_after(self._conn, batch - 1)
        row = self._conn.execute("SELECT last_sentence_id, sentences_added FROM batches WHERE id = ?", (batch,)).fetchone()
        if row is None or row[1] != count or row[0] - first + 1 != count:
            return None
        live = self._conn.execute("SELECT COUNT(*) FROM sentences WHERE id BETWEEN ? AND ?", (first, row[0])).fetchone()[0]
        return np.arange(first, row[0] + 1, dtype=np.int64) if live == count else None

    def removed_since(self, batch: int) -> list[int]:
        """Ids of sentences that batches after `batch` removed (by `--replace`), ascending."""
        rows = self._conn.execute("SELECT sentence_id FROM tombstones WHERE batch > ? ORDER BY sentence_id", (batch,))
        return [r[0] for r in rows]

    def batch_mark(self, batch: int) -> str:
        return _batch_mark(self._conn, batch)


# -- helpers -------------------------------------------------------------------------------
def _prepare(conn: sqlite3.Connection, path: Path, *, create: bool) -> str:
    """Check (or create, or migrate) the schema; return the store id."""
    tables = _tables(conn)
    if not tables:
        if not create:
            raise StoreError(f"{path} is an empty file, not a qabot store")
        conn.execute("PRAGMA journal_mode = WAL")  # persistent: recorded in the file itself
        with _immediate(conn):
            if not _tables(conn):  # another process may have created it meanwhile
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        conn.execute(statement)
                conn.executemany(
                    "INSERT INTO meta (key, value) VALUES (?, ?)",
                    [("schema_version", str(SCHEMA_VERSION)), ("store_id", secrets.token_hex(8)), ("batch", "0")],
                )
                conn.execute(f"PRAGMA application_id = {_APPLICATION_ID}")
        tables = _tables(conn)
    if "meta" not in tables:
        raise StoreError(f"{path} is an SQLite database but not a qabot store (it has no meta table)")
    version = _schema_version(conn, path)
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"the store {path} has schema version {version}, newer than this qabot understands ({SCHEMA_VERSION}); "
            "upgrade qabot to use it"
        )
    if version < SCHEMA_VERSION:
        with _immediate(conn):
            version = _schema_version(conn, path)  # re-read under the write lock
            while version < SCHEMA_VERSION:
                migrate = _MIGRATIONS.get(version)
                if migrate is None:
                    raise StoreError(f"the store {path} has schema version {version}, which this qabot cannot migrate")
                migrate(conn)
                version += 1
                conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(version),))
    row = conn.execute("SELECT value FROM meta WHERE key = 'store_id'").fetchone()
    if row is None:
        raise StoreError(f"{path} is damaged: its meta table has no store_id")
    if "term_spans" not in tables:
        with _immediate(conn):
            for statement in _TERM_SPANS_SCHEMA:
                conn.execute(statement)
    if "copy_keys" not in tables or _copy_keys_behind(conn):
        with _immediate(conn):  # a store written before copy keys existed: key its sentences once
            _add_copy_keys(conn)
    return row[0]


# Copy keys (retrieval/corpus/copykeys.py): added beside the schema rather than in it, so stores of
# schema version 1 gain them on open without a migration. Rows of removed sentences are dropped
# with them; `copy_keys_through` is the last sentence id keyed.
_COPY_KEYS_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS copy_keys (key TEXT NOT NULL, sentence_id INTEGER NOT NULL)",
    "CREATE INDEX IF NOT EXISTS copy_keys_by_key ON copy_keys(key)",
    "CREATE INDEX IF NOT EXISTS copy_keys_by_sentence ON copy_keys(sentence_id)",
)


def _copy_keys_behind(conn: sqlite3.Connection) -> bool:
    row = conn.execute("SELECT value FROM meta WHERE key = 'copy_keys_through'").fetchone()
    last = conn.execute("SELECT COALESCE(MAX(id), 0) FROM sentences").fetchone()[0]
    return row is None or int(row[0]) < last


def _add_copy_keys(conn: sqlite3.Connection, batch: tuple[int, Sequence[tuple[int, ParsedArticle]], BatchKeys | None] | None = None) -> None:
    """Key the sentences written since the last keyed one (a replaced article's keys go with its sentences).

    `batch`: (the id before, the articles, their keys by source) of the batch just written; when
    every sentence before it is keyed, its keys are taken from there (computed where the articles
    were parsed; here for an article without them) instead of reading the sentences back."""
    for statement in _COPY_KEYS_SCHEMA:
        conn.execute(statement)
    row = conn.execute("SELECT value FROM meta WHERE key = 'copy_keys_through'").fetchone()
    through = int(row[0]) if row is not None else 0
    if batch is not None and batch[0] == through:
        before, written, by_source = batch
        given = by_source or {}
        keyed = (
            keys
            for _, article in written
            for keys in _keys_of(article, given.get(article.source))
        )
        last = before + sum(len(a.sentences) for _, a in written)
        # Keys go into their index in random order; into a store holding fewer sentences than the
        # batch adds, building the index afresh after the rows (one sort) is quicker (in the same
        # transaction, so a failed batch leaves it as it was).
        rebuild = last - before > before
        if rebuild:
            conn.execute("DROP INDEX IF EXISTS copy_keys_by_key")
        conn.executemany("INSERT INTO copy_keys (key, sentence_id) VALUES (?, ?)",
                         ((key, sid) for sid, keys in zip(itertools.count(before + 1), keyed) for key in keys))
        if rebuild:
            conn.execute(_COPY_KEYS_SCHEMA[1])
    else:
        rows = conn.execute("SELECT id, text FROM sentences WHERE id > ? ORDER BY id", (through,)).fetchall()
        conn.executemany("INSERT INTO copy_keys (key, sentence_id) VALUES (?, ?)",
                         ((key, sid) for sid, text in rows for key in copy_keys(text)))
        last = rows[-1][0] if rows else through
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('copy_keys_through', ?)", (str(last),))


@dataclass(slots=True)
class _Transaction:
    """A batch's open transaction: its connection, and whether to keep what was written."""

    conn: sqlite3.Connection
    keep: bool = False


class BatchWriter:
    """A batch without `--replace` written as its articles come, inside `Store.writing_batch`'s
    transaction: the same rows as `add_batch` writes for the same articles in the same order (ids
    given one after another; each article skipped or rejected by the same rules, checked against the
    store and the batch so far), without waiting for the last article to be parsed."""

    _FLUSH_ARTICLES = 256  # articles a write: the store's look-ups and inserts go in bulk

    def __init__(self, conn: sqlite3.Connection, term_spans_analyzer: str | None, expected_sentences: int) -> None:
        self._conn = conn
        self._started = self._now = _now()
        self._batch = _last_batch(conn) + 1
        self._next_article = conn.execute("SELECT COALESCE(MAX(id), 0) FROM articles").fetchone()[0] + 1
        # The ids AUTOINCREMENT would give (BEGIN IMMEDIATE: no other writer), given explicitly.
        self._before = conn.execute(
            "SELECT MAX((SELECT COALESCE(MAX(seq), 0) FROM sqlite_sequence WHERE name = 'sentences'),"
            " (SELECT COALESCE(MAX(id), 0) FROM sentences))"
        ).fetchone()[0]
        self._next_sentence = self._before + 1
        for statement in _COPY_KEYS_SCHEMA:
            conn.execute(statement)
        row = conn.execute("SELECT value FROM meta WHERE key = 'copy_keys_through'").fetchone()
        # Keys written with the rows when every sentence before is keyed (else read back at the end);
        # into a store holding fewer sentences than the batch adds, their index is built afresh
        # after the rows (one sort beats inserting in random order; the same index either way).
        self._keyed = (int(row[0]) if row is not None else 0) == self._before
        self._rebuild_keys = self._keyed and expected_sentences > self._before
        if self._rebuild_keys:
            conn.execute("DROP INDEX IF EXISTS copy_keys_by_key")
        self._analyzer = term_spans_analyzer
        self._spans = False
        if term_spans_analyzer is not None:  # the table now, for the rows; its meta row when the batch is done
            for statement in _TERM_SPANS_SCHEMA:
                conn.execute(statement)
            row = conn.execute("SELECT value FROM meta WHERE key = 'term_spans_analyzer'").fetchone()
            self._spans = row is None or row[0] == term_spans_analyzer
        self._spans_complete = True
        self._pending: list[tuple[ArticleColumns, tuple[SpanRow, ...] | None, tuple[tuple[str, ...], ...] | None]] = []
        self._sources: set[str] = set()
        self._known = _KnownArticles(conn, self._batch, indexed=not self._rebuild_keys)
        self._added: list[str] = []
        self._duplicates: list[Duplicate] = []
        self._rejections: list[Rejection] = []
        self.report: IngestReport | None = None

    def add(self, article: ParsedArticle | ArticleColumns, spans: tuple[SpanRow, ...] | None = None,
            keys: tuple[tuple[str, ...], ...] | None = None) -> None:
        """The next article of the batch, with its sentences' term spans and copy keys when made."""
        self._pending.append((article if isinstance(article, ArticleColumns) else ArticleColumns.of(article), spans, keys))
        if len(self._pending) >= self._FLUSH_ARTICLES:
            self._flush()

    @property
    def batch(self) -> int:
        """The number the batch gets when it is committed."""
        return self._batch

    def flush(self) -> tuple[int, range]:
        """Write the articles still pending: how many articles and which sentence ids (one after
        another) the batch has written so far. Before `finish`, so a caller knows the ids early."""
        self._flush()
        return len(self._added), range(self._before + 1, self._next_sentence)

    def finish(self, rejected: Sequence[Rejection] = ()) -> IngestReport:
        """The batch's report (`rejected`: files rejected before the store, listed first); nothing
        written means no batch number, and the transaction is rolled back."""
        self._flush()
        conn = self._conn
        rejections = (*rejected, *self._rejections)
        skipped = tuple(d.source for d in self._duplicates)
        if not self._added:
            self.report = IngestReport(None, skipped=skipped, rejected=rejections, duplicates=tuple(self._duplicates))
            return self.report
        last = self._next_sentence - 1
        if self._keyed:
            if self._rebuild_keys:
                conn.execute(_COPY_KEYS_SCHEMA[1])
            conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('copy_keys_through', ?)", (str(last),))
        else:
            _add_copy_keys(conn)
        # meta rows in `add_batch`'s order: copy keys, the spans' analyzer, the spans
        if self._analyzer is not None and _ensure_term_spans(conn, self._analyzer) and self._spans_complete \
                and _term_spans_through(conn) >= self._before:
            _set_term_spans_through(conn, last)
        count = last - self._before
        conn.execute(
            "INSERT INTO batches (id, started_at, committed_at, added, replaced, skipped, rejected, sentences_added, last_sentence_id)"
            " VALUES (?,?,?,?,?,?,?,?,?)",
            (self._batch, self._started, _now(), len(self._added), 0, len(skipped), len(rejections), count, last),
        )
        conn.execute("UPDATE meta SET value = ? WHERE key = 'batch'", (str(self._batch),))
        self.report = IngestReport(self._batch, added=tuple(self._added), skipped=skipped, replaced=(),
                                   rejected=rejections, sentences_added=count, duplicates=tuple(self._duplicates))
        return self.report

    def _flush(self) -> None:
        pending, self._pending = self._pending, []
        if not pending:
            return
        conn = self._conn
        stored = _stored_by_source(conn, [a.source for a, _, _ in pending])
        # Every sentence's copy keys (made where it was parsed; here for one without): they are written, and
        # the body's say whether the store already holds the article.
        keyed = [given if given is not None and len(given) == a.n else tuple(map(copy_keys, a.texts()))
                 for a, _, given in pending]
        bodies = [body_keys(k, np.frombuffer(a.bounds, np.int64)[2::3].tolist()) for (a, _, _), k in zip(pending, keyed)]
        known = self._known
        known.look_up([a.content_hash for a, _, _ in pending], bodies)
        written = []
        for (article, spans, _), keys, body in zip(pending, keyed, bodies):  # `_write_batch`'s rules, without replacing
            if article.source in self._sources:
                self._rejections.append(Rejection(article.source, "duplicate source name in this batch"))
                continue
            self._sources.add(article.source)
            if not article.n:
                self._rejections.append(Rejection(article.source, "no sentence left after cleaning"))
                continue
            old = stored.get(article.source)
            if old is not None and old.content_hash == article.content_hash:
                self._duplicates.append(Duplicate(article.source, article.source))
            elif old is not None and body and known.stored_body(old.id) == body:
                self._duplicates.append(Duplicate(article.source, article.source, exact=False))
            elif old is not None:
                self._rejections.append(Rejection(article.source, _name_taken(article.source, old)))
            elif (duplicate := known.find(article.source, article.content_hash, body, article.site)) is not None:
                self._duplicates.append(duplicate)  # stored already (or earlier in this batch) under another name
            else:
                written.append((self._next_article, article, spans, keys))
                self._next_article += 1
                known.remember(article.source, article.content_hash, body, article.site)
                self._added.append(article.source)
        if not written:
            return
        # Many rows to a statement (`insert_rows`): a million sentences' rows are most of the store's work.
        insert_rows(
            conn, "INSERT INTO articles (id, source, title, date, byline, content_hash, raw, batch, ingested_at, site, url)", 11,
            [(aid, a.source, a.title, a.date, a.byline, a.content_hash, a.raw, self._batch, self._now, a.site, a.url)
             for aid, a, _, _ in written],
        )
        # The rows column by column, each made in one pass from C (map, zip, itertools, numpy): a
        # million sentences' rows cost seconds of the parent's time as a generator per column.
        first = self._next_sentence
        counts = [a.n for _, a, _, _ in written]
        bounds = np.frombuffer(b"".join([a.bounds for _, a, _, _ in written]), np.int64).reshape(-1, 3)
        starts, ends, captions = bounds[:, 0].tolist(), bounds[:, 1].tolist(), bounds[:, 2]
        texts: list[str] = []
        at = 0
        for (_, article, _, _), n in zip(written, counts):
            texts.extend(map(article.raw.__getitem__, map(slice, starts[at:at + n], ends[at:at + n])))
            at += n
        last = first + at
        insert_rows(
            conn, 'INSERT INTO sentences (id, article_id, position, start, "end", text, batch, caption)', 8,
            zip(
                range(first, last),
                itertools.chain.from_iterable(map(itertools.repeat, [aid for aid, _, _, _ in written], counts)),
                _tier_positions(captions, counts),
                starts, ends, texts,
                itertools.repeat(self._batch),
                captions.tolist(),
            ),
        )
        if self._keyed:
            per_sentence = [keys for _, _, _, article_keys in written for keys in article_keys]
            insert_rows(conn, "INSERT INTO copy_keys (key, sentence_id)", 2,
                        zip(itertools.chain.from_iterable(per_sentence),
                            itertools.chain.from_iterable(map(itertools.repeat, range(first, last), map(len, per_sentence)))))
        rows = []
        sid = first
        for (_, _, spans, _), n in zip(written, counts):
            if spans is not None and len(spans) == n:
                rows.append(zip(range(sid, sid + n), map(_FIRST, spans), map(_SECOND, spans)))
            else:
                self._spans_complete = False
            sid += n
        if self._spans:
            insert_rows(conn, "INSERT INTO term_spans (sentence_id, terms, offsets)", 3, itertools.chain.from_iterable(rows))
        self._next_sentence = sid


# -- rows many to a statement ------------------------------------------------------------------
# A batch writes millions of rows (sentences, term spans, copy keys). `executemany` runs the insert once per row,
# and each run pays the statement's fixed costs (reset, opening its cursors, AUTOINCREMENT's bookkeeping, the module
# letting go of the interpreter and taking it back): at a million sentences that was about half of the store's
# insert time. `insert_rows` writes `INSERT ... VALUES (...), (...), ...` statements of ROWS_PER_STATEMENT rows
# instead: the same rows in the same order. Statements hold a power of two of rows (a run's last rows go in
# smaller ones, halving), so the connection's statement cache holds a handful of texts per insert, each compiled
# once, whatever the run lengths.

# Rows per statement: past a few hundred the statement's fixed costs are already spread thin, and a longer
# statement only costs compiling it (measured: 100 rows a statement 41 % less CPU than executemany, 500 rows 45 %).
ROWS_PER_STATEMENT = 256


def insert_rows(conn: sqlite3.Connection, head: str, width: int, rows: Iterable[Sequence]) -> int:
    """`conn.executemany(head + " VALUES (?, ...)", rows)` (`width` values a row) in statements of many rows;
    returns how many rows were inserted. `head` is the statement up to VALUES ("INSERT INTO t (a, b)")."""
    per = _rows_per_statement(conn, width)
    it = iter(rows)
    total = 0
    while True:
        chunk = list(itertools.islice(it, per))
        n = len(chunk)
        total += n
        if n == per:
            conn.execute(_statement(head, width, n), list(itertools.chain.from_iterable(chunk)))
            continue
        at = 0
        while at < n:  # the run's last rows: halving statements (n < per, so at most log2(per) of them)
            size = 1 << ((n - at).bit_length() - 1)
            conn.execute(_statement(head, width, size), list(itertools.chain.from_iterable(chunk[at:at + size])))
            at += size
        return total


def _rows_per_statement(conn: sqlite3.Connection, width: int) -> int:
    """ROWS_PER_STATEMENT, or the largest power of two of rows within this SQLite's limit on bound values."""
    limit = conn.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    per = ROWS_PER_STATEMENT
    while per > 1 and per * width > limit:
        per //= 2
    return per


@functools.lru_cache(maxsize=64)  # a few texts per insert
def _statement(head: str, width: int, rows: int) -> str:
    one = "(" + ",".join("?" * width) + ")"
    return f"{head} VALUES " + ",".join(itertools.repeat(one, rows))


def _tier_positions(captions: np.ndarray, counts: Sequence[int]) -> list[int]:
    """`_positions` of consecutive articles at once: each sentence's index among its article's
    body sentences, or among its captions (`captions`: 1 for a caption, per sentence)."""
    if not len(captions):
        return []
    caption = captions.astype(bool)
    starts = np.zeros(len(counts), np.int64)
    np.cumsum(counts[:-1], out=starts[1:])
    article = np.repeat(np.arange(len(counts)), counts)
    index = np.arange(len(caption))
    seen_captions = np.cumsum(caption) - caption  # captions before each sentence, in the whole run
    first = starts[article]  # each sentence's article's first sentence
    in_tier_captions = seen_captions - seen_captions[first]  # captions before it in its article
    in_tier_body = (index - first) - in_tier_captions
    return np.where(caption, in_tier_captions, in_tier_body).tolist()


BatchKeys = dict[str, tuple[tuple[str, ...], ...]]  # source -> each sentence's copy keys (copykeys.copy_keys)


def _keys_of(article: ParsedArticle, given: tuple[tuple[str, ...], ...] | None) -> Sequence[tuple[str, ...]]:
    if given is not None and len(given) == len(article.sentences):
        return given
    return [copy_keys(s.text) for s in article.sentences]


def _sentence_columns(written: Sequence[tuple[int, ParsedArticle]]) -> tuple[Iterator[int], Iterator[int], Iterator[str]]:
    """The start, end and text of every written sentence, in writing order, as three streams."""
    spans = [s for _, article in written for s in article.sentences]
    return map(_START, spans), map(_END, spans), map(_TEXT, spans)


# Term spans (each stored sentence's analysed terms with their offsets in its text), written at
# ingest so the answerer reads them instead of analysing every sentence of every article it reads.
# Beside the schema like copy keys: a store without them still answers (the answerer analyses),
# and `fill_term_spans` (retrieval/corpus/ingest.py) fills an older store once on open. They are only
# valid for the analyzer that made them: meta `term_spans_analyzer` holds its version, and reads
# with another analyzer find none.
_TERM_SPANS_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS term_spans (sentence_id INTEGER PRIMARY KEY, terms TEXT NOT NULL, offsets BLOB NOT NULL)",
)
_FIRST, _SECOND = itemgetter(0), itemgetter(1)
_START, _END, _TEXT = attrgetter("start"), attrgetter("end"), attrgetter("text")
SpanRow = tuple[str, bytes]  # (terms joined by spaces, offsets: typecode byte + little-endian start, end pairs)
# One body sentence of an article as `Store.article_rows` reads it: a Sentence's fields but the source (id, position,
# start, end, text), then its SpanRow's (or None, None).
ArticleRow = tuple[int, int, int, int, str, str | None, bytes | None]


def encode_spans(spans: Sequence[tuple[str, int, int]]) -> SpanRow:
    """One sentence's term spans as stored. Terms never hold white space (tokens never span it)."""
    return " ".join(t for t, _, _ in spans), _offsets_blob([v for _, start, end in spans for v in (start, end)])


def span_rows(analyzer: Analyzer, texts: Sequence[str]) -> list[SpanRow]:
    """`encode_spans(analyzer.term_spans(text))` of each text, computed in bulk (see `analysed`)."""
    return analysed(analyzer, texts)[0]


def analysed(analyzer: Analyzer, texts: Sequence[str]) -> tuple[list[SpanRow], list[str], np.ndarray]:
    """`span_rows` of the texts, with all their terms in order and how many each text has: what
    ingest stores for every sentence, and what the index is built from, in about half the time
    of analysing text by text.

    Each white-space chunk's terms and their offsets in it come from the analyzer's cache
    (`Analyzer.chunk_spans`, a lookup from C); a chunk starts after the chunks before it and one
    separator each, so numpy shifts the offsets of all texts at once, and each text's terms are a
    slice of one string joining all of them. The spans of texts where that does not hold (two
    white-space characters in a row, or normalising changed the length) are analysed one by one;
    their terms are the chunks' all the same (tokens, and so terms, never span white space)."""
    norms = list(map(normalise, texts))
    split = list(map(str.split, norms))
    chunks = list(itertools.chain.from_iterable(split))
    entries = list(map(analyzer.chunk_spans, chunks))
    relative = list(map(_SECOND, entries))
    n_chunks = _lengths(split)
    chunk_end = np.cumsum(n_chunks)
    chunk_start = chunk_end - n_chunks
    # before[i]: where chunk i would start if all texts were one line, a separator after each chunk
    before = np.zeros(len(chunks) + 1, np.int64)
    np.cumsum(_lengths(chunks) + 1, out=before[1:])
    norm_len = _lengths(norms)
    simple = ((_lengths(texts) == norm_len) & (n_chunks > 0)
              & (before[chunk_end] - before[chunk_start] - 1 == norm_len)).tolist()
    n_offsets = _lengths(relative)
    offset_end = np.zeros(len(chunks) + 1, np.int64)
    np.cumsum(n_offsets, out=offset_end[1:])
    start_in_text = before[:-1] - np.repeat(before[chunk_start], n_chunks)
    offsets = np.array(list(itertools.chain.from_iterable(relative)), np.int64) + np.repeat(start_in_text, n_offsets)
    wide_counts = np.zeros(len(offsets) + 1, np.int64)
    np.cumsum(offsets >= 1 << 16, out=wide_counts[1:])
    lo, hi = offset_end[chunk_start], offset_end[chunk_end]
    wide = (wide_counts[hi] > wide_counts[lo]).tolist()
    narrow = offsets.astype("<u2").tobytes()
    # All terms joined once; text i's terms are terms i0..i1 (two offsets a term), so its string is a slice.
    terms = list(itertools.chain.from_iterable(map(_FIRST, entries)))
    joined = " ".join(terms)
    term_start = np.zeros(len(terms) + 1, np.int64)
    np.cumsum(_lengths(terms) + 1, out=term_start[1:])
    first, last = term_start[lo // 2], term_start[hi // 2] - 1
    rows: list[SpanRow] = []
    for text, ok, big, a, b, c, d in zip(texts, simple, wide, (2 * lo).tolist(), (2 * hi).tolist(),
                                         first.tolist(), np.maximum(last, first).tolist()):
        if not ok:
            rows.append(encode_spans(analyzer.term_spans(text)))
        elif big:
            rows.append((joined[c:d], _offsets_blob(offsets[a // 2:b // 2].tolist())))
        else:
            rows.append((joined[c:d], b"H" + narrow[a:b]))
    return rows, terms, (hi - lo) // 2


def _lengths(items: Sequence) -> np.ndarray:
    return np.array(list(map(len, items)), np.int64)


def _offsets_blob(values: list[int]) -> bytes:
    flat = array("H" if max(values, default=0) < 65536 else "I", values)
    if sys.byteorder == "big":
        flat.byteswap()
    return flat.typecode.encode() + flat.tobytes()


def decode_offsets(blob: bytes) -> array:
    """The flat (start, end, start, end, ...) offsets of a stored row."""
    flat = array(chr(blob[0]))
    flat.frombytes(blob[1:])
    if sys.byteorder == "big":
        flat.byteswap()
    return flat


def _ensure_term_spans(conn: sqlite3.Connection, analyzer_version: str) -> bool:
    """Create the table; True when its spans are (or may now be) `analyzer_version`'s."""
    for statement in _TERM_SPANS_SCHEMA:
        conn.execute(statement)
    row = conn.execute("SELECT value FROM meta WHERE key = 'term_spans_analyzer'").fetchone()
    if row is None:
        conn.execute("INSERT INTO meta (key, value) VALUES ('term_spans_analyzer', ?)", (analyzer_version,))
        return True
    return row[0] == analyzer_version


BatchSpans = tuple[str, dict[str, tuple[SpanRow, ...]]]  # (analyzer version, source -> one row per sentence)


def _write_term_spans(conn: sqlite3.Connection, before: int, written: Sequence[tuple[int, ParsedArticle]],
                      by_source: dict[str, tuple[SpanRow, ...]]) -> None:
    """The spans of the sentences this batch just wrote (ids above `before`, in writing order)."""
    rows = []
    complete = True
    last = before
    for _, article in written:
        spans = by_source.get(article.source)
        first = last + 1
        last += len(article.sentences)
        if spans is not None and len(spans) == len(article.sentences):
            rows.append(zip(range(first, last + 1), map(_FIRST, spans), map(_SECOND, spans)))
        else:
            complete = False
    conn.executemany("INSERT INTO term_spans (sentence_id, terms, offsets) VALUES (?, ?, ?)", itertools.chain.from_iterable(rows))
    if complete and _term_spans_through(conn) >= before:
        _set_term_spans_through(conn, last)


def _term_spans_through(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT value FROM meta WHERE key = 'term_spans_through'").fetchone()
    try:
        return int(row[0]) if row is not None else 0
    except ValueError:
        return 0  # hand-edited: the spans are looked for again (a fill finds only what is missing)


def _set_term_spans_through(conn: sqlite3.Connection, last: int) -> None:
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('term_spans_through', ?)", (str(last),))


def _tables(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def _schema_version(conn: sqlite3.Connection, path: Path) -> int:
    row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    try:
        return int(row[0])
    except (TypeError, ValueError):
        raise StoreError(f"{path} is not a qabot store (no valid schema_version in its meta table)") from None


@contextmanager
def _immediate(conn: sqlite3.Connection) -> Iterator[None]:
    """One write transaction, rolled back on any error (or interrupt)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _last_batch(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT value FROM meta WHERE key = 'batch'").fetchone()
    try:
        return int(row[0])
    except (TypeError, ValueError):
        found = "no batch row" if row is None else f"batch {row[0]!r}"
        raise StoreError(f"the store's meta table holds {found}, not a batch number (hand-edited?); "
                         "set it back to the highest id in its batches table") from None


def _batch_mark(conn: sqlite3.Connection, batch: int) -> str:
    row = conn.execute(
        "SELECT started_at, committed_at, sentences_added, last_sentence_id FROM batches WHERE id = ?", (batch,)
    ).fetchone()
    return "" if row is None else "|".join(str(v) for v in row)


@dataclass(frozen=True, slots=True)
class _Stored:
    """A stored article, as the batch's rules need it."""

    id: int
    content_hash: str
    title: str
    batch: int


def _stored_by_source(conn: sqlite3.Connection, sources: list[str]) -> dict[str, _Stored]:
    found: dict[str, _Stored] = {}
    for chunk in _chunks(sources):
        marks = ",".join("?" * len(chunk))
        for source, aid, digest, title, batch in conn.execute(
            f"SELECT source, id, content_hash, title, batch FROM articles WHERE source IN ({marks})", chunk
        ):
            found[source] = _Stored(aid, digest, title, batch)
    return found


def _name_taken(source: str, old: _Stored) -> str:
    """Why a file is refused whose name a stored article with other text has: naming that article."""
    title = " ".join(old.title.split())
    title = title if len(title) <= 80 else title[:79] + "…"
    return (f"a different article is already stored as {source} (batch {old.batch}, \"{title}\"); "
            "use --replace to replace it with this file, or rename this file")


def body_keys(keys: Sequence[tuple[str, ...]], captions: Iterable[object]) -> tuple[str, ...]:
    """An article's body sentences' text copy keys (`copykeys.copy_keys`, first of each), in reading order: two
    files with the same ones are the same article whatever else differs (furniture is never a sentence; copy keys
    fold case, white space, quotes, dashes and punctuation). Captions are left out, as "also in" leaves them."""
    return tuple(k[0] for k, caption in zip(keys, captions) if not caption)


# Stored articles opening with the same body sentence that are compared whole with a new file (a look, not a
# tuned number: a story stored more often than this is found among the first ones anyway).
_SAME_OPENING_COMPARED = 20


class _KnownArticles:
    """Which article already holds a new file's text: the same bytes (`content_hash`) or the same body sentences
    (`body_keys`), stored before this batch or earlier in it. Reprints by two named outlets are not duplicates:
    the same wire story from two sites is two citations, and "also in" corroboration. Stored articles that this
    batch replaces are left out (`free`): their old text is free for another name.

    Stored bodies are found through `copy_keys` (the same keys "also in" looks up): the articles whose first body
    sentence has the file's first body sentence's key, then their keys in full. Into a store whose key index is
    dropped for the batch (`indexed=False`: a batch larger than the store), the openings are read once instead."""

    def __init__(self, conn: sqlite3.Connection, batch: int, *, indexed: bool = True) -> None:
        self._conn = conn
        self._batch = batch
        self._hashes: dict[str, str] = {}  # content hash -> source, of this batch's articles so far
        # hash(body keys) -> (source, site): the keys themselves are not kept (a big batch's would be most of its
        # memory); a false match of two 64-bit hashes of 64-bit copy keys is as unlikely as one of two copy keys.
        self._bodies: dict[int, list[tuple[str, str | None]]] = {}
        self._freed: set[int] = set()
        self._openings: dict[str, list[int]] | None = None if indexed else self._read_openings()
        self._stored_hashes: dict[str, list[tuple[int, str]]] = {}
        self._stored_bodies: dict[str, list[tuple[int, str, str | None, tuple[str, ...]]]] = {}

    def free(self, article_id: int) -> None:
        self._freed.add(article_id)

    def _read_openings(self) -> dict[str, list[int]]:
        openings: dict[str, list[int]] = {}
        for key, aid in self._conn.execute(
            "SELECT k.key, s.article_id FROM sentences s JOIN copy_keys k ON k.sentence_id = s.id"
            " WHERE s.position = 0 AND s.caption = 0 AND substr(k.key, 1, 2) = 't:' AND s.batch < ?", (self._batch,)
        ):
            openings.setdefault(key, []).append(aid)
        return openings

    def look_up(self, hashes: Sequence[str], bodies: Sequence[tuple[str, ...]]) -> None:
        """Read what the store holds of these files' texts (the next `find`s ask about them)."""
        conn = self._conn
        self._stored_hashes = {}
        for chunk in _chunks(list(set(hashes))):
            marks = ",".join("?" * len(chunk))
            for digest, aid, source in conn.execute(
                f"SELECT content_hash, id, source FROM articles WHERE content_hash IN ({marks}) AND batch < ? ORDER BY id",
                (*chunk, self._batch),
            ):
                self._stored_hashes.setdefault(digest, []).append((aid, source))
        firsts = list({body[0] for body in bodies if body})
        candidates: dict[str, list[int]] = {}
        if self._openings is not None:
            candidates = {key: self._openings[key] for key in firsts if key in self._openings}
        else:
            for chunk in _chunks(firsts):
                marks = ",".join("?" * len(chunk))
                for key, aid in conn.execute(
                    f"SELECT k.key, s.article_id FROM copy_keys k JOIN sentences s ON s.id = k.sentence_id"
                    f" WHERE k.key IN ({marks}) AND s.position = 0 AND s.caption = 0 AND s.batch < ? ORDER BY s.id",
                    (*chunk, self._batch),
                ):
                    candidates.setdefault(key, []).append(aid)
        ids = sorted({aid for aids in candidates.values() for aid in aids[:_SAME_OPENING_COMPARED]})
        keys: dict[int, list[str]] = {}
        named: dict[int, tuple[str, str | None]] = {}
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            for aid, key in conn.execute(
                f"SELECT s.article_id, k.key FROM sentences s JOIN copy_keys k ON k.sentence_id = s.id"
                f" WHERE s.article_id IN ({marks}) AND s.caption = 0 AND substr(k.key, 1, 2) = 't:'"
                " ORDER BY s.article_id, s.position", chunk
            ):
                keys.setdefault(aid, []).append(key)
            named.update((aid, (source, site)) for aid, source, site in
                         conn.execute(f"SELECT id, source, site FROM articles WHERE id IN ({marks})", chunk))
        self._stored_bodies = {
            key: [(aid, *named[aid], tuple(keys[aid])) for aid in aids[:_SAME_OPENING_COMPARED] if aid in named and aid in keys]
            for key, aids in candidates.items()
        }

    def stored_body(self, article_id: int) -> tuple[str, ...] | None:
        """The body keys of a stored article read by the last `look_up` (a same-name file's), if it was read."""
        for found in self._stored_bodies.values():
            for aid, _, _, body in found:
                if aid == article_id:
                    return body
        return None

    def find(self, source: str, content_hash: str, body: tuple[str, ...], site: str | None) -> Duplicate | None:
        """The article this file repeats, earlier in the batch or stored (as read by the last `look_up`), or None."""
        first = self._hashes.get(content_hash)
        if first is not None:
            return Duplicate(source, first, stored=False)
        for aid, stored in self._stored_hashes.get(content_hash, ()):
            if aid not in self._freed:
                return Duplicate(source, stored)
        if not body:
            return None
        for other, other_site in self._bodies.get(hash(body), ()):
            if _same_outlet(site, other_site):
                return Duplicate(source, other, stored=False, exact=False)
        for aid, other, other_site, other_body in self._stored_bodies.get(body[0], ()):
            if aid not in self._freed and other_body == body and _same_outlet(site, other_site):
                return Duplicate(source, other, exact=False)
        return None

    def remember(self, source: str, content_hash: str, body: tuple[str, ...], site: str | None) -> None:
        """A file written in this batch: later files repeating it are its duplicates."""
        self._hashes.setdefault(content_hash, source)
        if body:
            self._bodies.setdefault(hash(body), []).append((source, site))


def _same_outlet(a: str | None, b: str | None) -> bool:
    """Whether two articles may be one stored twice: the same outlet, or one of them names none."""
    return a is None or b is None or a == b


def _first_id_after(conn: sqlite3.Connection, batch: int) -> int:
    row = conn.execute("SELECT COALESCE(MAX(last_sentence_id), 0) FROM batches WHERE id <= ?", (batch,)).fetchone()
    return row[0] + 1


def _stream_texts(conn: sqlite3.Connection, after_batch: int, *, close: bool) -> Iterator[tuple[int, str]]:
    try:
        cursor = conn.execute("SELECT id, text FROM sentences WHERE id >= ? ORDER BY id", (_first_id_after(conn, after_batch),))
        while rows := cursor.fetchmany(10_000):
            yield from rows
    finally:
        if close:
            conn.close()


def _rollback(conn: sqlite3.Connection) -> None:
    """Undo the open transaction; SQLite may already have rolled it back itself (on a full disk it does)."""
    if conn.in_transaction:
        try:
            conn.execute("ROLLBACK")
        except sqlite3.OperationalError:
            pass  # nothing left to roll back: the file holds the last committed state


# SQLite's primary result codes for failures of the surroundings (disk, permissions, other
# writers), not of the file's content: reported as what to do, not as "not a qabot store".
_ENVIRONMENT_CODES = frozenset({sqlite3.SQLITE_FULL, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN,
                                sqlite3.SQLITE_IOERR, sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_PERM})


def _primary_code(exc: sqlite3.Error) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return None if code is None else code & 0xFF


def _failure(exc: sqlite3.Error, path: Path, doing: str, *, writing: bool = False) -> StoreError:
    """One line saying what went wrong with the store at `path` and what to do about it."""
    code = _primary_code(exc)
    kept = " Nothing was written: the store keeps its last committed batch." if writing else ""
    if code == sqlite3.SQLITE_FULL:
        return StoreError(f"{doing} {path}: the disk is full ({exc}).{kept} Free some space and run the same command again")
    if code == sqlite3.SQLITE_READONLY or (code in (sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM) and not _writable(path)):
        return StoreError(f"{doing} {path}: it or its folder is read-only ({exc}).{kept} SQLite needs to write the store "
                          f"and the {path.name}-wal and {path.name}-shm files beside it, even to read. Make the folder "
                          "writable, or copy the store somewhere writable and pass --store")
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return StoreError(f"the store {path} is busy ({exc}); is another ingest running? Try again when it ends")
    if code == sqlite3.SQLITE_IOERR:
        return StoreError(f"{doing} {path}: disk I/O error ({exc}).{kept} Is the disk full or failing? "
                          "Check with `df` and `dmesg`, then run the same command again")
    return StoreError(f"{doing} {path} ({exc})")


def _writable(path: Path) -> bool:
    """Whether the store file (when it exists) and its folder can be written, read-only mounts included."""
    folder = path.parent
    try:
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return False
    except OSError:
        return False
    return os.access(folder, os.W_OK) and (not path.exists() or os.access(path, os.W_OK))


def _chunks(values: list) -> Iterator[list]:
    for i in range(0, len(values), _PARAMS_PER_QUERY):
        yield values[i : i + _PARAMS_PER_QUERY]
