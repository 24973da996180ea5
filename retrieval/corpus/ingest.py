"""One `ingest`: paths -> checked files -> article texts -> parsed articles -> one store transaction.

Web pages are reduced to their main text first (`articles.article_text`); then the lines that
several articles of one site share are found across the whole batch (`boilerplate`), and each
article is parsed knowing its own. Parsing is the slow step, so large batches are parsed in a
process pool, a part of the batch per task; results come back in submission order, so the batch
(and its sentence ids) is the same whatever the pool does.

Whatever can be computed from an article alone is computed where it is parsed, in the pool too:
each sentence's term spans (for the answerer, and the index reads its terms from them), its copy
keys, and the lexicon's chunk counts of the part. Workers send back compact records (numbers and
strings, not one object per sentence); the parent, which has the texts, rebuilds the sentences.
"""
from __future__ import annotations

import dataclasses
import functools
import logging
import os
import time
from array import array
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from retrieval.corpus.articles import article_text, parse_article
from retrieval.corpus.batch import collect_batch
from retrieval.corpus.boilerplate import find_boilerplate
from retrieval.corpus.copykeys import copy_keys
from retrieval.corpus.furniture import DEFAULT_PARAMS, FurnitureParams
from retrieval.corpus.metadata import PageMeta
from retrieval.corpus.store import BatchKeys, SpanRow, Store, span_rows
from retrieval.errors import ArticleError
from retrieval.index.analyzer import Analyzer
from retrieval.index.lexicon import ChunkCounts, CountedBatch
from retrieval.processes import pool_context
from retrieval.records import (
    AnalyzerOptions,
    BatchFile,
    IngestLimits,
    IngestReport,
    ParsedArticle,
    Rejection,
    SentenceSpan,
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
    """A batch's report, and (when asked for) the lexicon's chunk counts of exactly the sentences
    it wrote, so the lexicon need not read them back; None when they could not be had cheaply."""

    report: IngestReport
    words: CountedBatch | None = None


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
    """Add the files the paths name as one batch; rejected files are reported, not written.

    `workers`: parsing processes; None picks one per CPU for batches of POOL_MIN_FILES files
    or more, and parses in this process otherwise. `analyzer`: the options of the analyzer that
    answers from this store; each sentence's term spans are then stored with it (analysed where
    it is parsed, so in the pool too), and the answerer and the index read them instead of analysing.
    """
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
) -> IngestResult:
    """`ingest_paths`, and with `count_words` the lexicon's counts of what the batch wrote."""
    started = time.perf_counter()
    files, rejections = collect_batch(paths, limits, own=store.path)
    read = time.perf_counter()
    articles: list[ParsedArticle] = []
    spans: dict[str, tuple[SpanRow, ...]] = {}
    keys: BatchKeys = {}
    counts = ChunkCounts.empty() if count_words else None
    total = len(files)
    work = _Work(DEFAULT_PARAMS, analyzer, keys=True, count=count_words)
    for done, (file, result) in enumerate(zip(files, _parsed(files, workers, work, counts)), start=1):
        if isinstance(result, str):
            rejections.append(Rejection(file.source, result))
        else:
            article, article_spans, article_keys = result
            articles.append(article)
            if article_spans is not None:
                spans[article.source] = article_spans
            if article_keys is not None:
                keys[article.source] = article_keys
        if progress is not None:
            progress(done, total)
    parsed = time.perf_counter()
    term_spans = None if analyzer is None else (Analyzer(analyzer).version, spans)
    report = store.add_batch(articles, replace=replace, rejected=rejections, term_spans=term_spans, keys=keys)
    log.info(
        "batch %s: %d files read in %.1f s, parsed in %.1f s, stored (%d sentences) in %.1f s",
        report.batch, total, read - started, parsed - read, report.sentences_added, time.perf_counter() - parsed,
    )
    words = None
    # The counts are of every parsed article in order: they are the batch's when the store wrote
    # exactly those (nothing skipped as already stored, no duplicate name, nothing replaced).
    if counts is not None and report.batch is not None and not report.replaced and len(report.added) == len(articles):
        words = CountedBatch(StoreVersion(store.version().store_id, report.batch), counts)
    return IngestResult(report, words)


@dataclasses.dataclass(frozen=True, slots=True)
class _Work:
    """What to compute for each article besides parsing it."""

    params: FurnitureParams
    analyzer: AnalyzerOptions | None = None  # analyse the sentences (term spans to store)
    keys: bool = False  # copy keys
    count: bool = False  # the lexicon's chunk counts


@dataclasses.dataclass(frozen=True, slots=True)
class _Job:
    """One article to parse: its stored text, what its page declared, its site's boilerplate."""

    source: str
    raw: str
    meta: PageMeta
    boilerplate: frozenset[str]


# A parsed article with its sentences' term spans and copy keys (None when not asked for), or why not.
_Parsed = tuple[ParsedArticle, tuple[SpanRow, ...] | None, tuple[tuple[str, ...], ...] | None] | str
# How a worker sends a parsed article back: its fields but the sentences' texts (the parent has the
# article's text: the sentences are its slices), the sentences' (start, end) offsets as one array's
# bytes, then the spans and keys.
_Wire = tuple[tuple, bytes, tuple[SpanRow, ...] | None, tuple[tuple[str, ...], ...] | None] | str


def parse_files(
    files: list[BatchFile], workers: int | None = None, *, params: FurnitureParams = DEFAULT_PARAMS
) -> Iterator[ParsedArticle | str]:
    """Each file's parsed article, or the reason it was rejected, in order, cleaned as one batch."""
    for result in _parsed(files, workers, _Work(params), None):
        yield result if isinstance(result, str) else result[0]


def _parsed(files: list[BatchFile], workers: int | None, work: _Work, counts: ChunkCounts | None) -> Iterator[_Parsed]:
    texts: list[tuple[str, PageMeta] | str] = [_text_of(f) for f in files]
    readable = [t for t in texts if not isinstance(t, str)]
    boilerplate = iter(find_boilerplate([(meta.url and meta.site, raw) for raw, meta in readable]))
    jobs: list[_Job | str] = [
        t if isinstance(t, str) else _Job(f.source, t[0], t[1], next(boilerplate))
        for f, t in zip(files, texts)
    ]
    ready = [j for j in jobs if isinstance(j, _Job)]
    parsed = iter(_parse_all(ready, workers, work, counts))
    for job in jobs:
        yield job if isinstance(job, str) else next(parsed)


def _text_of(file: BatchFile) -> tuple[str, PageMeta] | str:
    try:
        return article_text(file.source, file.raw)
    except ArticleError as exc:
        return str(exc)
    except Exception as exc:  # an extractor bug must cost one file, not the whole batch
        log.exception("text extraction failed on %s", file.source)
        return f"internal error while extracting the text ({type(exc).__name__}: {exc}); please report it with this file"


def _parse_all(jobs: list[_Job], workers: int | None, work: _Work, counts: ChunkCounts | None) -> Iterator[_Parsed]:
    """Each job's result in order; the parts' chunk counts are merged into `counts` as they come."""
    if workers is None:
        workers = (os.cpu_count() or 1) if len(jobs) >= POOL_MIN_FILES else 1
    if workers <= 1 or len(jobs) < 2:
        results, part_counts = _parse_part(jobs, work, wire=False)
        if counts is not None and part_counts is not None:
            counts.merge(part_counts)
        yield from results  # type: ignore[misc]
        return
    size = max(_PART_MIN, min(_PART_MAX, -(-len(jobs) // (workers * _PARTS_PER_WORKER))))
    parts = [jobs[i:i + size] for i in range(0, len(jobs), size)]
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=pool_context())
    try:
        for part, (results, part_counts) in zip(parts, pool.map(_parse_wired, parts, [work] * len(parts))):
            if counts is not None and part_counts is not None:
                counts.merge(part_counts)
            for job, result in zip(part, results):
                yield _unwired(job, result)  # type: ignore[arg-type]
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _parse_wired(jobs: list[_Job], work: _Work) -> tuple[list[_Parsed | _Wire], ChunkCounts | None]:
    return _parse_part(jobs, work, wire=True)


def _parse_part(jobs: list[_Job], work: _Work, *, wire: bool) -> tuple[list[_Parsed | _Wire], ChunkCounts | None]:
    """Parse the jobs; then, over all their sentences at once, what `work` asks for besides."""
    articles = [_parse_one(job, work.params) for job in jobs]
    texts = [s.text for a in articles if not isinstance(a, str) for s in a.sentences]
    rows = iter(span_rows(_analyzer(work.analyzer), texts)) if work.analyzer is not None else None
    keyed = iter(map(copy_keys, texts)) if work.keys else None
    counts = None
    if work.count:
        counts = ChunkCounts.empty()
        counts.add(texts)
    out: list[_Parsed | _Wire] = []
    for article in articles:
        if isinstance(article, str):
            out.append(article)
            continue
        n = len(article.sentences)
        # Tuples of strings and bytes: the garbage collector stops tracking them, so a big batch's
        # spans held until the write do not lengthen every full collection of the ingest.
        spans = None if rows is None else tuple(next(rows) for _ in range(n))
        keys = None if keyed is None else tuple(next(keyed) for _ in range(n))
        out.append(_wired(article, spans, keys) if wire else (article, spans, keys))
    return out, counts


def _parse_one(job: _Job, params: FurnitureParams) -> ParsedArticle | str:
    """The parsed article, or the reason it was rejected."""
    try:
        return parse_article(job.source, job.raw, meta=job.meta, boilerplate=job.boilerplate, params=params)
    except ArticleError as exc:
        return str(exc)
    except Exception as exc:  # a parser bug must cost one file, not the whole batch
        log.exception("parser failed on %s", job.source)
        return f"internal error while parsing ({type(exc).__name__}: {exc}); please report it with this file"


_FIELDS = ("source", "title", "date", "byline", "content_hash", "site", "url")


def _wired(article: ParsedArticle, spans: tuple[SpanRow, ...] | None, keys: tuple[tuple[str, ...], ...] | None) -> _Wire:
    bounds = array("q", [v for s in article.sentences for v in (s.start, s.end)])
    return tuple(getattr(article, f) for f in _FIELDS), bounds.tobytes(), spans, keys


def _unwired(job: _Job, result: _Wire) -> _Parsed:
    if isinstance(result, str):
        return result
    fields, packed, spans, keys = result
    bounds = array("q")
    bounds.frombytes(packed)
    raw = job.raw
    it = iter(bounds)
    sentences = tuple(SentenceSpan(raw[start:end], start, end) for start, end in zip(it, it))
    return ParsedArticle(raw=raw, sentences=sentences, **dict(zip(_FIELDS, fields))), spans, keys


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
        rows = list(zip([sid for sid, _ in missing], span_rows(analyzer, [text for _, text in missing])))
    else:
        parts = [missing[i:i + _FILL_PART] for i in range(0, len(missing), _FILL_PART)]
        with ProcessPoolExecutor(max_workers=workers, mp_context=pool_context()) as pool:
            rows = [row for part in pool.map(_encode_part, [options] * len(parts), parts) for row in part]
    return store.add_term_spans(analyzer.version, rows, through)


_FILL_POOL_MIN = 20_000  # below this many sentences a pool's start-up costs more than it saves
_FILL_PART = 5_000


def _encode_part(options: AnalyzerOptions, rows: list[tuple[int, str]]) -> list[tuple[int, SpanRow]]:
    return list(zip([sid for sid, _ in rows], span_rows(_analyzer(options), [text for _, text in rows])))
