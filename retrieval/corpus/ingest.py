"""One `ingest`: paths -> checked files -> article texts -> parsed articles -> one store transaction.

Web pages are reduced to their main text first (`articles.article_text`); then the lines that
several articles of one site share are found across the whole batch (`boilerplate`), and each
article is parsed knowing its own. Parsing is the slow step, so large batches are parsed in a
process pool, a part of the batch per task; results come back in submission order, so the batch
(and its sentence ids) is the same whatever the pool does. The same pool first makes each file's
text and its lines' keys, so only the boilerplate's batch-wide part runs on one core before parsing.

Whatever can be computed from an article alone is computed where it is parsed, in the pool too:
each sentence's term spans (for the answerer, and the index reads its terms from them), its copy
keys, and the lexicon's chunk counts of the part. Workers send back compact records (numbers and
strings, not one object per sentence); the parent, which has the texts, rebuilds the sentences.
"""
from __future__ import annotations

import contextlib
import dataclasses
import functools
import gc
import itertools
import logging
import os
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import numpy as np

from retrieval.corpus.articles import article_text, parse_article_columns
from retrieval.corpus.batch import CollectedBatch, read_batch
from retrieval.corpus.boilerplate import boilerplate_of
from retrieval.corpus.chunktable import ChunkTable
from retrieval.corpus.copykeys import copy_keys
from retrieval.corpus.furniture import DEFAULT_PARAMS, FurnitureParams, line_keys
from retrieval.corpus.metadata import PageMeta
from retrieval.corpus.store import ArticleColumns, BatchKeys, SpanRow, Store, span_rows
from retrieval.errors import ArticleError
from retrieval.index.analyzer import Analyzer
from retrieval.index.lexicon import ChunkCounter, ChunkPacket, ChunkTally, CountedBatch, WordCounts, word_counts
from retrieval.index.retriever import AnalysedBatch
from retrieval.processes import Renumbering, pool_context
from retrieval.records import (
    AnalyzerOptions,
    BatchFile,
    IngestLimits,
    IngestReport,
    ParsedArticle,
    Rejection,
    StoreVersion,
)

Progress = Callable[[int, int], None]  # (files done, files total)

log = logging.getLogger(__name__)

# Below this many files a pool's start-up (spawning interpreters, importing) costs more than it saves.
POOL_MIN_FILES = 500
# Articles per task sent to a worker: enough that a task's fixed costs (pickling, a part's chunk
# counts to merge) are spread thin, few enough that each worker gets several (even finishing).
_PART_MIN, _PART_MAX, _PARTS_PER_WORKER = 16, 256, 8


@dataclasses.dataclass(frozen=True, slots=True)
class IngestResult:
    """A batch's report and, when asked for, what the lexicon and the index need of exactly the
    sentences it wrote, made while parsing, so neither reads them back (nor analyses them again);
    None when they could not be had that way (some parsed article was not written as parsed)."""

    report: IngestReport
    words: CountedBatch | None = None
    terms: AnalysedBatch | None = None


def ingest_paths(
    store: Store,
    paths: Sequence[Path],
    *,
    limits: IngestLimits = IngestLimits(),
    replace: bool = False,
    progress: Progress | None = None,
    workers: int | None = None,
    analyzer: AnalyzerOptions | None = None,
) -> IngestReport:
    """`ingest_batch`'s report alone (for callers that keep no index or lexicon current: benches, tests)."""
    return ingest_batch(store, paths, limits=limits, replace=replace, progress=progress, workers=workers,
                        analyzer=analyzer).report


def ingest_batch(
    store: Store,
    paths: Sequence[Path],
    *,
    limits: IngestLimits = IngestLimits(),
    replace: bool = False,
    progress: Progress | None = None,
    workers: int | None = None,
    analyzer: AnalyzerOptions | None = None,
    count_words: bool = False,
    beside_commit: Callable[[AnalysedBatch], object] | None = None,
) -> IngestResult:
    """Add the files the paths name as one batch; rejected files are reported, not written.

    `workers`: parsing processes; None picks one per CPU for batches of POOL_MIN_FILES files
    or more, and parses in this process otherwise. `analyzer`: the options of the analyzer that
    answers from this store; each sentence's term spans are then stored with it (analysed where
    it is parsed, so in the pool too), and the answerer and the index read them instead of analysing.
    With `count_words`, the result also holds the lexicon's counts of what the batch wrote and, with
    `analyzer`, its sentences' terms for the index. `beside_commit` is given those terms, with the
    ids their sentences got, before the store's last work on the batch (its indexes, the commit): a
    caller can start building the index from them meanwhile (a batch without `--replace` only)."""
    with _no_cycle_collection():
        return _ingest_batch(store, paths, limits, replace, progress, workers, analyzer, count_words, beside_commit)


@contextlib.contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """The cyclic garbage collector paused while a batch is held: its millions of objects (sentences,
    spans, keys) hold no reference cycles, yet every full collection walks them all again (at a
    million sentences, 19 full collections took 16 of the parent's 48 s). Cycles made meanwhile
    are collected once it runs again."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _ingest_batch(store: Store, paths: Sequence[Path], limits: IngestLimits, replace: bool, progress: Progress | None,
                  workers: int | None, analyzer: AnalyzerOptions | None, count_words: bool,
                  beside_commit: Callable[[AnalysedBatch], object] | None) -> IngestResult:
    started = time.perf_counter()
    collected = read_batch(paths, limits, own=store.path)
    files, rejections = collected.files, collected.rejections
    read = time.perf_counter()
    tallies = _Tallies(words=count_words, terms=analyzer is not None and count_words)
    work = _Work(DEFAULT_PARAMS, analyzer, keys=True, count=count_words, terms=tallies.terms)
    analyzer_version = None if analyzer is None else _analyzer(analyzer).version
    results = _articles(files, _parsed(files, workers, work, tallies), rejections, progress)
    n_parsed = 0
    early_terms: AnalysedBatch | None = None
    # The lexicon's words are counted from the chunk counts while the store finishes: SQLite lets
    # go of the interpreter while it writes, so the count takes the core the pool has left idle.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="ingest-words") as counting:
        if replace:  # a replaced article's sentences take ids before the new articles': the whole batch first
            articles: list[ParsedArticle] = []
            spans: dict[str, tuple[SpanRow, ...]] = {}
            keys: BatchKeys = {}
            for article, article_spans, article_keys in results:
                articles.append(_article(article))
                if article_spans is not None:
                    spans[article.source] = article_spans
                if article_keys is not None:
                    keys[article.source] = article_keys
            n_parsed, parsed = len(articles), time.perf_counter()
            counted = None if tallies.words is None else counting.submit(_word_counts, tallies.words)
            term_spans = None if analyzer_version is None else (analyzer_version, spans)
            report = store.add_batch(articles, replace=True, rejected=rejections, term_spans=term_spans, keys=keys)
        else:  # written as parsed: the store inserts one part while the pool parses the next ones
            with store.writing_batch(term_spans_analyzer=analyzer_version,
                                     expected_sentences=_SENTENCES_PER_FILE * len(files)) as writer:
                for article, article_spans, article_keys in results:
                    writer.add(article, article_spans, article_keys)
                    n_parsed += 1
                parsed = time.perf_counter()
                # The last rows first: the count (pure Python) would starve their many short
                # releases of the interpreter. The store's last statements are long ones.
                n_added, ids = writer.flush()
                if beside_commit is not None and analyzer_version is not None and tallies.terms and n_added == n_parsed:
                    early = tallies.analysed(StoreVersion(store.version().store_id, writer.batch), analyzer_version,
                                             np.arange(ids.start, ids.stop, dtype=np.int64))
                    if len(early.lens) == len(ids):
                        early_terms = early
                        beside_commit(early)
                counted = None if tallies.words is None else counting.submit(_word_counts, tallies.words)
                report = writer.finish(rejections)
        words_counted = None if counted is None else counted.result()
    log.info(
        "batch %s: %d files read in %.1f s, parsed (and written, without --replace) in %.1f s, stored (%d sentences) in %.1f s",
        report.batch, len(files), read - started, parsed - read, report.sentences_added, time.perf_counter() - parsed,
    )
    report = _with_what_was_read(report, collected)
    # The tallies are of every parsed article in order: they are the batch's when the store wrote
    # exactly those (nothing skipped as already stored, no duplicate name, nothing replaced).
    if report.batch is None or report.replaced or len(report.added) != n_parsed:
        return IngestResult(report)
    version = StoreVersion(store.version().store_id, report.batch)
    words = None if words_counted is None else CountedBatch(version, words_counted)
    terms: AnalysedBatch | None = None
    if early_terms is not None and early_terms.version == version:
        terms = early_terms  # the very object given beside the commit: `Retriever.refresh` knows it by that
    elif analyzer_version is not None and tallies.terms:
        terms = tallies.analysed(version, analyzer_version)
    return IngestResult(report, words, terms)


def _with_what_was_read(report: IngestReport, collected: CollectedBatch) -> IngestReport:
    """The store's report of the batch, with what only reading the paths knows: where each rejected file is
    (its path, or the zip it is an entry of), the files passed over as not articles, the folders and zips
    that held no article."""
    origins: dict[str, str] = {}
    for file in collected.files:
        if file.origin:
            origins.setdefault(file.source, file.origin)
    rejected = tuple(r if r.origin or r.source not in origins else dataclasses.replace(r, origin=origins[r.source])
                     for r in report.rejected)
    return dataclasses.replace(report, rejected=rejected, passed_over=tuple(collected.passed_over),
                               empty=tuple(collected.empty))


# A guess of a file's sentences (news articles carry 20-40): only decides how copy keys are indexed.
_SENTENCES_PER_FILE = 30


def _article(article: ParsedArticle | ArticleColumns) -> ParsedArticle:
    return article if isinstance(article, ParsedArticle) else article.parsed()


def _articles(files: list[BatchFile], results: Iterator[_Parsed], rejections: list[Rejection],
              progress: Progress | None) -> Iterator[tuple[ParsedArticle | ArticleColumns, tuple[SpanRow, ...] | None,
                                                         tuple[tuple[str, ...], ...] | None]]:
    """The parsed articles in order; a rejected file's reason goes to `rejections`."""
    for done, (file, result) in enumerate(zip(files, results), start=1):
        if isinstance(result, str):
            rejections.append(Rejection(file.source, result))
        else:
            yield result
        if progress is not None:
            progress(done, len(files))


def _word_counts(tally: ChunkTally) -> WordCounts:
    return word_counts(tally.counts())


class _Tallies:
    """What the parent gathers from the parts besides the articles, taken part by part in order:
    the lexicon's chunk counts, and every sentence's terms (as numbers) for the index."""

    def __init__(self, *, words: bool, terms: bool) -> None:
        self.words = ChunkTally() if words else None
        self.terms = terms
        self._numbers = Renumbering()
        self._lens: list[np.ndarray] = []
        self._ids: list[np.ndarray] = []

    def add(self, worker: int, extra: _Extra) -> None:
        packet, terms = extra
        if self.words is not None and packet is not None:
            self.words.add(worker, packet)
        if self.terms and terms is not None:
            new, ids, lens = terms
            self._ids.append(self._numbers.take(worker, new, ids).astype(np.int32))  # 4 bytes a term occurrence
            self._lens.append(lens)

    def analysed(self, version: StoreVersion, analyzer_version: str, sids: np.ndarray | None = None) -> AnalysedBatch:
        ids = np.concatenate(self._ids) if self._ids else np.zeros(0, np.int32)
        lens = np.concatenate(self._lens) if self._lens else np.zeros(0, np.int32)
        return AnalysedBatch(version, analyzer_version, lens.astype(np.int32), list(self._numbers.ids.order), ids, sids)


class _WorkerState:
    """What a worker keeps from part to part: its chunk table (numberings of lexicon chunks and of
    terms with it) when it analyses, its lexicon chunk counter when it only counts."""

    def __init__(self) -> None:
        self.chunks = ChunkCounter()
        self._tables: dict[AnalyzerOptions, ChunkTable] = {}

    def table(self, options: AnalyzerOptions) -> ChunkTable:
        table = self._tables.get(options)
        if table is None:
            table = self._tables[options] = ChunkTable(_analyzer(options))
        return table


_STATE: _WorkerState | None = None  # a pool worker's (set by `_worker_start`)


@dataclasses.dataclass(frozen=True, slots=True)
class _Work:
    """What to compute for each article besides parsing it."""

    params: FurnitureParams
    analyzer: AnalyzerOptions | None = None  # analyse the sentences (term spans to store)
    keys: bool = False  # copy keys
    count: bool = False  # the lexicon's chunk counts
    terms: bool = False  # every sentence's terms, as numbers (WorkerNumbering), for the index


@dataclasses.dataclass(frozen=True, slots=True)
class _Job:
    """One article to parse: its stored text, what its page declared, its site's boilerplate, and
    its file's place in the batch."""

    source: str
    raw: str
    meta: PageMeta
    boilerplate: frozenset[str]
    index: int = -1


@dataclasses.dataclass(frozen=True, slots=True)
class _SentJob:
    """A `_Job` as sent to a worker that holds the batch (`_BATCH`): the file by its place, its text
    only when it is not the file's own (an extracted page's)."""

    index: int
    raw: str | None
    meta: PageMeta
    boilerplate: frozenset[str]

    @classmethod
    def of(cls, job: _Job) -> _SentJob:
        assert _BATCH is not None
        own = _BATCH[job.index].raw is job.raw
        return cls(job.index, None if own else job.raw, job.meta, job.boilerplate)

    def job(self) -> _Job:
        assert _BATCH is not None, "a worker forked holding the batch"
        file = _BATCH[self.index]
        return _Job(file.source, file.raw if self.raw is None else self.raw, self.meta, self.boilerplate, self.index)


# A parsed article (as sent back by a worker: `ArticleColumns`) with its sentences' term spans and copy
# keys (None when not asked for), or why not.
_Parsed = tuple[ParsedArticle | ArticleColumns, tuple[SpanRow, ...] | None, tuple[tuple[str, ...], ...] | None] | str
# How a worker sends a parsed article back: its fields but the sentences' texts (the parent has the
# article's text: the sentences are its slices), the sentences' (start, end) offsets as one array's
# bytes, then the spans and keys.
_Wire = tuple[tuple, bytes, tuple[SpanRow, ...] | None, tuple[tuple[str, ...], ...] | None] | str
# A part's extras: its chunk counts, and its terms (new strings, term numbers, terms per sentence).
_Extra = tuple[ChunkPacket | None, tuple[list[str], np.ndarray, np.ndarray] | None]


def parse_files(
    files: list[BatchFile], workers: int | None = None, *, params: FurnitureParams = DEFAULT_PARAMS
) -> Iterator[ParsedArticle | str]:
    """Each file's parsed article, or the reason it was rejected, in order, cleaned as one batch."""
    for result in _parsed(files, workers, _Work(params), _Tallies(words=False, terms=False)):
        yield result if isinstance(result, str) else _article(result[0])


def _parsed(files: list[BatchFile], workers: int | None, work: _Work, tallies: _Tallies) -> Iterator[_Parsed]:
    if workers is None:
        workers = (os.cpu_count() or 1) if len(files) >= POOL_MIN_FILES else 1
    if len(files) < 2:
        workers = 1
    with _pool(workers, files) as pool:
        # Two passes over one pool: each file's text and its lines' keys (the boilerplate is
        # found across the whole batch from them), then the parse, which needs the boilerplate.
        texts = _texts(files, pool, workers)
        readable = [t for t, _ in texts if not isinstance(t, str)]
        boilerplate = iter(boilerplate_of([meta.url and meta.site for _, meta in readable],
                                          [keys for t, keys in texts if not isinstance(t, str)]))
        jobs: list[_Job | str] = [
            t if isinstance(t, str) else _Job(f.source, t[0], t[1], next(boilerplate), i)
            for i, (f, (t, _)) in enumerate(zip(files, texts))
        ]
        del texts, readable
        ready = [j for j in jobs if isinstance(j, _Job)]
        parsed = iter(_parse_all(ready, pool, workers, work, tallies))
        for job in jobs:
            yield job if isinstance(job, str) else next(parsed)


@contextlib.contextmanager
def _pool(workers: int, files: list[BatchFile]) -> Iterator[ProcessPoolExecutor | None]:
    """The parse workers (None: parse in this process). Forked workers are born holding the batch's
    files (`_BATCH`): a task then names its files by their place in the batch, and their texts
    (hundreds of MB for a big batch) are not pickled, piped and unpickled twice (`_Files`)."""
    global _BATCH
    if workers <= 1:
        yield None
        return
    context = pool_context()
    if context.get_start_method() == "fork":
        _BATCH = files  # before the pool forks its workers (at its first task)
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_worker_start)
    try:
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        _BATCH = None


# The batch being parsed, in the parent while its forked pool lives, and in those workers (None in
# spawned ones): workers take files from it by index.
_BATCH: list[BatchFile] | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class _Files:
    """Files start..stop-1 of `_BATCH`, as a task names them to a worker that holds the batch."""

    start: int
    stop: int

    def files(self) -> list[BatchFile]:
        assert _BATCH is not None, "a worker forked holding the batch"
        return _BATCH[self.start:self.stop]


def _by_index(files: list[BatchFile], parts: list[list]) -> list[list] | list[_Files]:
    """`parts` of `files` as the pool's tasks carry them: their ranges when the workers hold the batch."""
    if _BATCH is not files:
        return parts
    out, start = [], 0
    for part in parts:
        out.append(_Files(start, start + len(part)))
        start += len(part)
    return out


# A file's text and metadata (or why it has none), and the `line_keys` of that text.
_Text = tuple[tuple[str, PageMeta] | str, list[str]]


def _texts(files: list[BatchFile], pool: ProcessPoolExecutor | None, workers: int) -> list[_Text]:
    """Each file's `_Text`, in order: in the pool when there is one."""
    if pool is None:
        return _texts_of(files)
    out: list[_Text] = []
    parts = _parts(files, workers)
    for part, texts in zip(parts, pool.map(_texts_sent, _by_index(files, parts))):
        for file, (text, keys) in zip(part, texts):
            if not isinstance(text, str) and text[0] is None:
                text = (file.raw, text[1])  # the text is the file's own: not sent back
            out.append((text, keys))  # type: ignore[arg-type]
    return out


def _texts_of(files: list[BatchFile]) -> list[_Text]:
    out: list[_Text] = []
    for file in files:
        text = _text_of(file)
        out.append((text, [] if isinstance(text, str) else line_keys(text[0])))
    return out


def _texts_sent(files: list[BatchFile] | _Files) -> list[tuple[tuple[str | None, PageMeta] | str, list[str]]]:
    """`_texts_of` in a worker, a text that is its file's own left out (the parent has it)."""
    if isinstance(files, _Files):
        files = files.files()
    return [(text if isinstance(text, str) or text[0] is not file.raw else (None, text[1]), keys)
            for file, (text, keys) in zip(files, _texts_of(files))]


def _parts(items: list, workers: int) -> list[list]:
    size = max(_PART_MIN, min(_PART_MAX, -(-len(items) // (workers * _PARTS_PER_WORKER))))
    return [items[i:i + size] for i in range(0, len(items), size)]


def _text_of(file: BatchFile) -> tuple[str, PageMeta] | str:
    try:
        return article_text(file.source, file.raw)
    except ArticleError as exc:
        return str(exc)
    except Exception as exc:  # an extractor bug must cost one file, not the whole batch
        log.exception("text extraction failed on %s", file.source)
        return f"internal error while extracting the text ({type(exc).__name__}: {exc}); please report it with this file"


def _parse_all(jobs: list[_Job], pool: ProcessPoolExecutor | None, workers: int, work: _Work, tallies: _Tallies
               ) -> Iterator[_Parsed]:
    """Each job's result in order; each part's extras go to `tallies` as it comes."""
    if pool is None or len(jobs) < 2:
        worker, results, extra = _parse_part(jobs, work, _WorkerState(), wire=False)
        tallies.add(worker, extra)
        yield from results  # type: ignore[misc]
        return
    parts = _parts(jobs, workers)
    sent = parts if _BATCH is None else [[_SentJob.of(job) for job in part] for part in parts]
    for part, (worker, results, extra) in zip(parts, pool.map(_parse_wired, sent, [work] * len(parts))):
        tallies.add(worker, extra)
        for job, result in zip(part, results):
            yield _unwired(job, result)  # type: ignore[arg-type]


def _worker_start() -> None:
    """A forked worker inherits the parent's objects and its paused collector: what it inherited is
    set aside for good (never walked, so never copied by touching it), and its own garbage collected."""
    global _STATE
    gc.freeze()
    gc.enable()
    _STATE = _WorkerState()


def _parse_wired(jobs: list[_Job] | list[_SentJob], work: _Work) -> tuple[int, list[_Parsed | _Wire], _Extra]:
    assert _STATE is not None, "a pool worker starts with _worker_start"
    return _parse_part([j.job() if isinstance(j, _SentJob) else j for j in jobs], work, _STATE, wire=True)


def _parse_part(jobs: list[_Job], work: _Work, state: _WorkerState, *, wire: bool
                ) -> tuple[int, list[_Parsed | _Wire], _Extra]:
    """Parse the jobs; then, over all their sentences at once, what `work` asks for besides."""
    articles = [_parse_one(job, work.params) for job in jobs]
    texts = [text for a in articles if not isinstance(a, str) for text in a.texts()]
    rows = terms = packet = None
    if work.analyzer is not None:  # spans, terms and chunk counts from one look-up per chunk
        words = state.table(work.analyzer).analyse(texts, count=work.count, keys=work.keys)
        rows, packet = iter(words.spans), words.chunks
        if work.terms:
            terms = (words.terms_new, words.term_numbers, words.term_counts)
        keyed = None if words.keys is None else iter(words.keys)
    else:
        packet = state.chunks.count(texts) if work.count else None
        keyed = iter(map(copy_keys, texts)) if work.keys else None
    out: list[_Parsed | _Wire] = []
    for article in articles:
        if isinstance(article, str):
            out.append(article)
            continue
        n = article.n
        # Tuples of strings and bytes: the garbage collector stops tracking them, so a big batch's
        # spans held until the write do not lengthen every full collection of the ingest.
        spans = None if rows is None else tuple(itertools.islice(rows, n))
        keys = None if keyed is None else tuple(itertools.islice(keyed, n))
        out.append(_wired(article, spans, keys) if wire else (article, spans, keys))
    return os.getpid(), out, (packet, terms)


def _parse_one(job: _Job, params: FurnitureParams) -> ArticleColumns | str:
    """The parsed article, or the reason it was rejected."""
    try:
        return parse_article_columns(job.source, job.raw, meta=job.meta, boilerplate=job.boilerplate, params=params)
    except ArticleError as exc:
        return str(exc)
    except Exception as exc:  # a parser bug must cost one file, not the whole batch
        log.exception("parser failed on %s", job.source)
        return f"internal error while parsing ({type(exc).__name__}: {exc}); please report it with this file"


_FIELDS = ("source", "title", "date", "byline", "content_hash", "site", "url")  # `ArticleColumns`' first fields


def _wired(article: ArticleColumns, spans: tuple[SpanRow, ...] | None, keys: tuple[tuple[str, ...], ...] | None) -> _Wire:
    # Start, end and caption flag per sentence (the caption tier must survive the trip); the parent has the text.
    return tuple(getattr(article, f) for f in _FIELDS), article.bounds, spans, keys


def _unwired(job: _Job, result: _Wire) -> _Parsed:
    """The article as the store's writer takes it (its sentences as the array sent, never one object each)."""
    if isinstance(result, str):
        return result
    fields, packed, spans, keys = result
    source, title, date, byline, content_hash, site, url = fields
    return ArticleColumns(source, title, date, byline, content_hash, site, url, job.raw, packed), spans, keys


@functools.lru_cache(maxsize=4)
def _analyzer(options: AnalyzerOptions) -> Analyzer:
    """One analyzer per options and process (its caches warm up over the batch)."""
    return Analyzer(options)


def fill_term_spans(store: Store, options: AnalyzerOptions, workers: int | None = None) -> int:
    """Store the term spans of every sentence lacking them (a store written before they were kept,
    or by an ingest that did not analyse): once, on open. Returns how many were added."""
    if not store.term_spans_behind():
        return 0
    analyzer = _analyzer(options)
    missing, through = store.sentences_without_spans(analyzer.version)
    if not missing:
        return store.add_term_spans(analyzer.version, [], through)
    log.info("analysing %d stored sentences once, to keep their term spans", len(missing))
    if workers is None:
        workers = (os.cpu_count() or 1) if len(missing) >= _FILL_POOL_MIN else 1
    if workers <= 1:
        rows = _encode_part(options, missing)
    else:
        parts = [missing[i:i + _FILL_PART] for i in range(0, len(missing), _FILL_PART)]
        with ProcessPoolExecutor(max_workers=workers, mp_context=pool_context()) as pool:
            rows = [row for part in pool.map(_encode_part, [options] * len(parts), parts) for row in part]
    return store.add_term_spans(analyzer.version, rows, through)


_FILL_POOL_MIN = 20_000  # below this many sentences a pool's start-up costs more than it saves
_FILL_PART = 5_000


def _encode_part(options: AnalyzerOptions, rows: list[tuple[int, str]]) -> list[tuple[int, SpanRow]]:
    return list(zip([sid for sid, _ in rows], span_rows(_analyzer(options), [text for _, text in rows])))
