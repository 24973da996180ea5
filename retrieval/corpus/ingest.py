"""One `ingest`: paths -> checked files -> article texts -> parsed articles -> one store transaction.

Web pages are reduced to their main text first (`articles.article_text`); then the lines that
several articles of one site share are found across the whole batch (`boilerplate`), and each
article is parsed knowing its own. Parsing is the slow step (about 1 ms per article), so large
batches are parsed in a process pool; results come back in submission order, so the batch (and
its sentence ids) is the same whatever the pool does.
"""
from __future__ import annotations

import dataclasses
import functools
import logging
import os
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from retrieval.corpus.articles import article_text, parse_article
from retrieval.corpus.batch import collect_batch
from retrieval.corpus.boilerplate import find_boilerplate
from retrieval.corpus.furniture import DEFAULT_PARAMS, FurnitureParams
from retrieval.corpus.metadata import PageMeta
from retrieval.corpus.store import SpanRow, Store, encode_spans
from retrieval.errors import ArticleError
from retrieval.index.analyzer import Analyzer
from retrieval.processes import pool_context
from retrieval.records import AnalyzerOptions, BatchFile, IngestLimits, IngestReport, ParsedArticle, Rejection

Progress = Callable[[int, int], None]  # (files done, files total)

log = logging.getLogger(__name__)

# Below this many files a pool's start-up (spawning interpreters, importing) costs more than it saves.
POOL_MIN_FILES = 500
_POOL_CHUNK = 64


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
    it is parsed, so in the pool too), and the answerer reads them instead of analysing.
    """
    started = time.perf_counter()
    files, rejections = collect_batch(paths, limits, own=store.path)
    read = time.perf_counter()
    articles: list[ParsedArticle] = []
    spans: dict[str, tuple[SpanRow, ...]] = {}
    total = len(files)
    for done, (file, result) in enumerate(zip(files, _parsed(files, workers, DEFAULT_PARAMS, analyzer)), start=1):
        if isinstance(result, str):
            rejections.append(Rejection(file.source, result))
        else:
            articles.append(result[0])
            if result[1] is not None:
                spans[result[0].source] = result[1]
        if progress is not None:
            progress(done, total)
    parsed = time.perf_counter()
    term_spans = None if analyzer is None else (Analyzer(analyzer).version, spans)
    report = store.add_batch(articles, replace=replace, rejected=rejections, term_spans=term_spans)
    log.info(
        "batch %s: %d files read in %.1f s, parsed in %.1f s, stored (%d sentences) in %.1f s",
        report.batch, total, read - started, parsed - read, report.sentences_added, time.perf_counter() - parsed,
    )
    return report


@dataclasses.dataclass(frozen=True, slots=True)
class _Job:
    """One article to parse: its stored text, what its page declared, its site's boilerplate."""

    source: str
    raw: str
    meta: PageMeta
    boilerplate: frozenset[str]
    params: FurnitureParams
    analyzer: AnalyzerOptions | None = None  # also analyse the sentences (term spans to store)


_Parsed = tuple[ParsedArticle, tuple[SpanRow, ...] | None] | str  # the article and its sentences' spans, or why not


def parse_files(
    files: list[BatchFile], workers: int | None = None, *, params: FurnitureParams = DEFAULT_PARAMS
) -> Iterator[ParsedArticle | str]:
    """Each file's parsed article, or the reason it was rejected, in order, cleaned as one batch."""
    for result in _parsed(files, workers, params, None):
        yield result if isinstance(result, str) else result[0]


def _parsed(files: list[BatchFile], workers: int | None, params: FurnitureParams,
            analyzer: AnalyzerOptions | None) -> Iterator[_Parsed]:
    texts: list[tuple[str, PageMeta] | str] = [_text_of(f) for f in files]
    readable = [t for t in texts if not isinstance(t, str)]
    boilerplate = iter(find_boilerplate([(meta.url and meta.site, raw) for raw, meta in readable]))
    jobs: list[_Job | str] = [
        t if isinstance(t, str) else _Job(f.source, t[0], t[1], next(boilerplate), params, analyzer)
        for f, t in zip(files, texts)
    ]
    ready = [j for j in jobs if isinstance(j, _Job)]
    parsed = iter(_parse_all(ready, workers))
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


def _parse_all(jobs: list[_Job], workers: int | None) -> Iterator[_Parsed]:
    if workers is None:
        workers = (os.cpu_count() or 1) if len(jobs) >= POOL_MIN_FILES else 1
    if workers <= 1 or len(jobs) < 2:
        yield from map(_parse_one, jobs)
        return
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=pool_context())
    try:
        for job, result in zip(jobs, pool.map(_parse_stripped, jobs, chunksize=_POOL_CHUNK)):
            # The worker sends the article back without its raw text, which the parent already has.
            yield result if isinstance(result, str) else (dataclasses.replace(result[0], raw=job.raw), result[1])
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _parse_one(job: _Job) -> _Parsed:
    """The parsed article (with its sentences' term spans when asked), or the reason it was rejected."""
    try:
        article = parse_article(job.source, job.raw, meta=job.meta, boilerplate=job.boilerplate, params=job.params)
    except ArticleError as exc:
        return str(exc)
    except Exception as exc:  # a parser bug must cost one file, not the whole batch
        log.exception("parser failed on %s", job.source)
        return f"internal error while parsing ({type(exc).__name__}: {exc}); please report it with this file"
    if job.analyzer is None:
        return article, None
    analyzer = _analyzer(job.analyzer)
    # A tuple of (str, bytes) tuples: the garbage collector stops tracking it, so a big batch's spans
    # held until the write do not lengthen every full collection of the ingest.
    return article, tuple(encode_spans(analyzer.term_spans(s.text)) for s in article.sentences)


def _parse_stripped(job: _Job) -> _Parsed:
    result = _parse_one(job)
    return result if isinstance(result, str) else (dataclasses.replace(result[0], raw=""), result[1])


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
        rows = [(sid, encode_spans(analyzer.term_spans(text))) for sid, text in missing]
    else:
        parts = [missing[i:i + _FILL_PART] for i in range(0, len(missing), _FILL_PART)]
        with ProcessPoolExecutor(max_workers=workers, mp_context=pool_context()) as pool:
            rows = [row for part in pool.map(_encode_part, [options] * len(parts), parts) for row in part]
    return store.add_term_spans(analyzer.version, rows, through)


_FILL_POOL_MIN = 20_000  # below this many sentences a pool's start-up costs more than it saves
_FILL_PART = 5_000


def _encode_part(options: AnalyzerOptions, rows: list[tuple[int, str]]) -> list[tuple[int, SpanRow]]:
    analyzer = _analyzer(options)
    return [(sid, encode_spans(analyzer.term_spans(text))) for sid, text in rows]
