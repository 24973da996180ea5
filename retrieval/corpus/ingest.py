"""One `ingest`: paths -> checked files -> parsed articles -> one store transaction.

Parsing is the slow step (about 1 ms per article), so large batches are parsed in a process
pool; results come back in submission order, so the batch (and its sentence ids) is the same
whatever the pool does.
"""
from __future__ import annotations

import dataclasses
import logging
import os
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from retrieval.corpus.articles import parse_article
from retrieval.corpus.batch import collect_batch
from retrieval.corpus.store import Store
from retrieval.errors import ArticleError
from retrieval.processes import pool_context
from retrieval.records import BatchFile, IngestLimits, IngestReport, ParsedArticle, Rejection

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
) -> IngestReport:
    """Add the files the paths name as one batch; rejected files are reported, not written.

    `workers`: parsing processes; None picks one per CPU for batches of POOL_MIN_FILES files
    or more, and parses in this process otherwise.
    """
    started = time.perf_counter()
    files, rejections = collect_batch(paths, limits)
    read = time.perf_counter()
    articles: list[ParsedArticle] = []
    total = len(files)
    for done, (file, result) in enumerate(zip(files, _parse_all(files, workers)), start=1):
        if isinstance(result, ParsedArticle):
            articles.append(result)
        else:
            rejections.append(Rejection(file.source, result))
        if progress is not None:
            progress(done, total)
    parsed = time.perf_counter()
    report = store.add_batch(articles, replace=replace, rejected=rejections)
    log.info(
        "batch %s: %d files read in %.1f s, parsed in %.1f s, stored (%d sentences) in %.1f s",
        report.batch, total, read - started, parsed - read, report.sentences_added, time.perf_counter() - parsed,
    )
    return report


def _parse_all(files: list[BatchFile], workers: int | None) -> Iterator[ParsedArticle | str]:
    if workers is None:
        workers = (os.cpu_count() or 1) if len(files) >= POOL_MIN_FILES else 1
    if workers <= 1 or len(files) < 2:
        yield from map(_parse_one, files)
        return
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=pool_context())
    try:
        for file, result in zip(files, pool.map(_parse_stripped, files, chunksize=_POOL_CHUNK)):
            # The worker sends the article back without its raw text, which the parent already has.
            yield dataclasses.replace(result, raw=file.raw) if isinstance(result, ParsedArticle) else result
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _parse_one(file: BatchFile) -> ParsedArticle | str:
    """The parsed article, or the reason it was rejected."""
    try:
        return parse_article(file.source, file.raw)
    except ArticleError as exc:
        return str(exc)
    except Exception as exc:  # a parser bug must cost one file, not the whole batch
        log.exception("parser failed on %s", file.source)
        return f"internal error while parsing ({type(exc).__name__}: {exc}); please report it with this file"


def _parse_stripped(file: BatchFile) -> ParsedArticle | str:
    result = _parse_one(file)
    return dataclasses.replace(result, raw="") if isinstance(result, ParsedArticle) else result
