"""The retriever: questions in, the sentences with the highest BM25 scores out.

It keeps one immutable snapshot (index + the store version it reflects) and swaps the
reference when the store changes, so a query running during `refresh()` is answered wholly
from the old snapshot or wholly from the new one, never a mix, and never fails.

Keeping up with the store, cheapest first:
1. the saved index (`<store>.index/`) carries the store's current version: memory-map it;
2. it is older: apply the batches since its stamp (drop tombstoned ids, analyse and append
   the new sentences only), then save;
3. it is missing, foreign, built by another analyzer/parameters, newer than the store, or
   corrupt: rebuild from every stored sentence, then save.
"""
from __future__ import annotations

import logging
import os
import threading
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, islice
from pathlib import Path

import numpy as np

from retrieval.errors import IndexFileError
from retrieval.index import files as index_files
from retrieval.index.analyzer import Analyzer, version_of
from retrieval.index.bm25 import DEFAULT_PARAMS, BM25Index, BM25Params, EncodedDocs, TermScores
from retrieval.index.files import IndexStamp
from retrieval.processes import pool_context
from retrieval.records import AnalyzerOptions, Hit, StoreVersion

log = logging.getLogger(__name__)

# Analysis is pure Python and one core does ~60k sentences/s; at least this many new sentences
# (a bulk ingest or a rebuild) are analysed in one process per CPU, which pays for their start-up.
PARALLEL_MIN_SENTENCES = 50_000
_PART = 20_000  # sentences per task sent to an analysis process


@dataclass(frozen=True, slots=True)
class AnalysedBatch:
    """The terms of every sentence one batch wrote, in id order, made while it was parsed (ingest):
    sentence i has `lens[i]` consecutive entries of `tids`, indexes into `table`. `version` is the
    store's after that batch; `analyzer` the version of the analyzer that made them."""

    version: StoreVersion
    analyzer: str
    lens: np.ndarray  # int32
    table: list[str]
    tids: np.ndarray  # int32
    # The ids the batch's writer gave its sentences, when known before the commit (`Retriever.prepare`).
    sids: np.ndarray | None = None  # int64


@dataclass(frozen=True, slots=True)
class PreparedBatch:
    """The index with one batch's sentences added, built from the ids its writer gave them while
    the store still finishes the batch (indexes, commit), so the two take a core each. `refresh`
    uses it only when the store then holds exactly those ids and the index is still `base`."""

    added: AnalysedBatch
    base: BM25Index
    index: BM25Index


@dataclass(frozen=True, slots=True)
class _Snapshot:
    index: BM25Index
    version: StoreVersion
    batch_mark: str = ""  # the store's record of `version.batch` (see IndexStamp)
    mapped: tuple[index_files.MappedFile, ...] = ()  # files the index reads lazily, when loaded


def index_home_of(store_path: Path, options: AnalyzerOptions = AnalyzerOptions(),
                  params: BM25Params = DEFAULT_PARAMS) -> Path:
    """Where a retriever with these settings saves the index of the store at `store_path`."""
    return index_files.index_home(store_path, version_of(options), params.stamp())


class Retriever:
    """BM25 search over a store's live sentences. Queries are thread-safe and lock-free."""

    def __init__(
        self, store, analyzer: Analyzer, params: BM25Params, directory: Path | None, snapshot: _Snapshot
    ) -> None:
        self._store = store
        self.analyzer = analyzer
        self.params = params
        self._dir = directory
        self._snap = snapshot
        self._lock = threading.Lock()  # one refresh at a time; queries never take it
        # What opening found wrong with the saved index (it was rebuilt): `check` reports it, since by the time
        # `qabot check` reads the files they are the rebuilt, sound ones.
        self.set_aside: list[str] = []

    @classmethod
    def open(
        cls, store, analyzer: Analyzer, params: BM25Params = DEFAULT_PARAMS, *, persist: bool = True
    ) -> Retriever:
        """The retriever of `store`, from its saved index when that is current (see module doc).

        `persist=False` keeps the index in memory only (nothing is read from or written to disk).
        """
        directory = index_files.index_home(store.path, analyzer.version, params.stamp()) if persist else None
        retriever = cls(store, analyzer, params, directory, _Snapshot(BM25Index.empty(params), StoreVersion("", -1)))
        snapshot, stamp = retriever._catch_up(None)
        retriever._snap = snapshot
        if stamp is not None:
            retriever._save(snapshot, stamp)
        return retriever

    @property
    def directory(self) -> Path | None:
        """Where this retriever's index is saved (None when it is kept in memory only)."""
        return self._dir

    # -- keeping current -------------------------------------------------------------------
    def prepare(self, added: AnalysedBatch) -> PreparedBatch | None:
        """The current index with `added`'s sentences, under the ids its writer gave them (None
        without them, or when they do not follow the index's). Meant to run beside the batch's
        commit; it changes nothing queries see (new terms get vocabulary ids past every snapshot's).
        Should the commit fail, those terms stay in the vocabulary without postings: they score
        nothing, as an unknown term, in the later batches' indexes."""
        if added.sids is None:
            return None
        base = self._snap.index
        try:
            index = base.add_encoded([EncodedDocs(added.sids, added.lens, added.table, added.tids)])
        except ValueError:  # ids not above the index's: `refresh` finds out why
            return None
        return PreparedBatch(added, base, index)

    def refresh(self, added: AnalysedBatch | None = None, prepared: PreparedBatch | None = None) -> bool:
        """Pick up batches committed since this snapshot (by any process); True when it changed.

        Cheap when nothing changed: one read of the store's version and a stat of each mapped
        index file (one that shrank under us would kill the process on the next read: SIGBUS).
        `added`: the terms of a batch just written, used when it is the one batch the index lacks;
        `prepared`: the index `prepare` made of them, used when it still fits.
        """
        damage = index_files.changed_files(self._snap.mapped)
        if damage is None and self._store.version() == self._snap.version:
            return False
        with self._lock:
            old = self._snap
            damage = index_files.changed_files(old.mapped)
            if damage is not None:
                log.warning("%s; rebuilding the index from the store", damage)
                snapshot = self._rebuild()
                self._snap = snapshot
                self._save(snapshot, self._stamp_for(snapshot))
                return True
            if self._store.version() == old.version:
                return False  # another thread caught up while we waited
            snapshot, stamp = self._catch_up(old, added, prepared)
            self._snap = snapshot  # queries see the new batch from here on
            if stamp is not None:
                self._save(snapshot, stamp)  # after the swap: saving must not delay answers
            return snapshot is not old

    def _store_file(self) -> str:
        """The store file's identity: a copy of it (same id, same batches) is another file."""
        try:
            st = os.stat(self._store.path)
        except OSError:
            return ""
        return f"{st.st_dev}:{st.st_ino}"

    def _stamp_for(self, snapshot: _Snapshot) -> IndexStamp:
        return IndexStamp(snapshot.version, self.analyzer.version, self.params.stamp(), self._store_file(), snapshot.batch_mark)

    def _catch_up(self, current: _Snapshot | None, added: AnalysedBatch | None = None,
                  prepared: PreparedBatch | None = None) -> tuple[_Snapshot, IndexStamp | None]:
        """The snapshot for the store's current version, and the stamp to save it under
        (None when it came from disk as it is)."""
        target = self._store.version()
        # 1. someone (this process earlier, or an ingest) saved exactly this version
        if self._dir is not None:
            try:
                saved: IndexStamp | None = index_files.stamp_of(self._dir)
            except index_files.NoIndex as exc:
                saved = None
                if current is None and target.batch > 0:  # a store with articles always has its index saved
                    self.set_aside.append(f"{exc}; it was built from the store")
            except IndexFileError as exc:
                saved = None
                if current is None:
                    log.warning("not using the saved index: %s; it will be rebuilt from the store", exc)
                    self.set_aside.append(f"{exc}; it was rebuilt from the store when qabot opened it")
            wanted = IndexStamp(target, self.analyzer.version, self.params.stamp(), self._store_file(),
                                self._store.batch_mark(target.batch))
            if saved == wanted:
                loaded = self._load()
                if loaded is not None:
                    return loaded, None
            elif saved is not None and current is None:
                why = self._mismatch(saved, wanted)
                if why is None:
                    current = self._load()  # older but ours: start from it
                else:
                    log.warning("not using the saved index in %s: %s; it will be rebuilt from the store", self._dir, why)
                    self.set_aside.append(f"the saved index in {self._dir}: {why}; it was rebuilt from the store "
                                          "when qabot opened it")
        # 2. apply the batches since `current`
        if current is not None and current.version.store_id == target.store_id and current.version.batch <= target.batch:
            try:
                snapshot = self._advance(current, added, prepared)
            except ValueError as exc:  # ids did not ascend: the store was rewritten under us
                log.warning("index cannot be updated in place (%s); rebuilding from the store", exc)
                snapshot = self._rebuild()
        else:
            snapshot = self._rebuild()
        if snapshot is current:
            return snapshot, None
        return snapshot, self._stamp_for(snapshot)

    def _mismatch(self, saved: IndexStamp, wanted: IndexStamp) -> str | None:
        """Why a saved index that is not exactly current cannot be brought up to date (None: it
        is an older state of this very store, and the batches since can be applied)."""
        if saved.version.store_id != wanted.version.store_id:
            return f"it belongs to store {saved.version.store_id!r}, not {wanted.version.store_id!r}"
        if saved.analyzer != wanted.analyzer or saved.params != wanted.params:
            return f"it was built by analyzer {saved.analyzer} with BM25 {saved.params}"
        if saved.store_file != wanted.store_file:
            return "it was built for another copy of this store (the store file differs)"
        if saved.version.batch > wanted.version.batch:
            return f"it is of batch {saved.version.batch}, newer than the store's {wanted.version.batch}"
        if saved.batch_mark != self._store.batch_mark(saved.version.batch):
            return f"the store's record of batch {saved.version.batch} differs from the one it was built from"
        if saved.version.batch == wanted.version.batch:
            return "its stamp differs from the store's"
        return None

    def _load(self) -> _Snapshot | None:
        assert self._dir is not None
        try:
            loaded = index_files.load(self._dir, self.params)
        except IndexFileError as exc:
            log.warning("not using the saved index: %s; it will be rebuilt from the store", exc)
            self.set_aside.append(f"{exc}; it was rebuilt from the store when qabot opened it")
            return None
        if loaded.stamp.analyzer != self.analyzer.version:
            return None
        return _Snapshot(loaded.index, loaded.stamp.version, loaded.stamp.batch_mark, loaded.mapped)

    def _advance(self, current: _Snapshot, added: AnalysedBatch | None = None,
                 prepared: PreparedBatch | None = None) -> _Snapshot:
        with self._store.snapshot() as view:  # version, removals and new sentences of one state
            version = view.version()
            if version == current.version:
                return current
            index = current.index.remove(view.removed_since(current.version.batch))
            ids = None
            if (added is not None and added.version == version and added.analyzer == self.analyzer.version
                    and current.version == StoreVersion(version.store_id, version.batch - 1)):
                ids = view.batch_sentence_ids(version.batch, len(added.lens))
            if (ids is not None and prepared is not None and prepared.added is added and prepared.base is index
                    and added.sids is not None and np.array_equal(ids, added.sids)):
                index = prepared.index  # nothing removed, and the ids the batch was prepared with
            elif ids is not None:
                assert added is not None
                index = index.add_encoded([EncodedDocs(ids, added.lens, added.table, added.tids)])
            else:
                rows = view.sentence_terms(self.analyzer.version, after_batch=current.version.batch)
                index = _add_rows(index, rows, self.analyzer)
            mark = view.batch_mark(version.batch)
        log.info("index updated to batch %d: %d sentences", version.batch, index.size)
        return _Snapshot(index, version, mark)

    def _rebuild(self) -> _Snapshot:
        with self._store.snapshot() as view:
            version = view.version()
            index = _add_rows(BM25Index.empty(self.params), view.sentence_terms(self.analyzer.version), self.analyzer)
            mark = view.batch_mark(version.batch)
        log.info("index built for batch %d: %d sentences", version.batch, index.size)
        return _Snapshot(index, version, mark)

    def _save(self, snapshot: _Snapshot, stamp: IndexStamp) -> None:
        if self._dir is None:
            return
        try:
            index_files.save(self._dir, snapshot.index, stamp)
        except OSError as exc:
            # Serving goes on from memory; the next start rebuilds or updates instead of loading.
            log.warning("could not save the index to %s: %s", self._dir, exc)

    def check(self, *, repair: bool = True) -> list[str]:
        """Every problem with the saved index, reading all of it (CRCs too); [] when sound.
        With `repair`, a damaged index is rebuilt from the store and saved (and served)."""
        if self._dir is None:
            return []
        problems = [*self.set_aside, *index_files.verify(self._dir)]
        if problems and repair:
            with self._lock:
                snapshot = self._rebuild()
                self._snap = snapshot
                self._save(snapshot, self._stamp_for(snapshot))
        return problems

    # -- queries ---------------------------------------------------------------------------
    def pinned(self) -> PinnedIndex:
        """The current snapshot, held: every call on it sees the same index, however many
        refreshes happen meanwhile. A caller that makes several calls for one question uses it."""
        return PinnedIndex(self._snap, self._store, self.analyzer, self.params)

    def search(self, query: str, k: int) -> list[Hit]:
        """The k best sentences for a question, best first (ties: lower sentence id)."""
        return self.pinned().search(query, k)

    def search_terms(self, terms: Sequence[str], k: int) -> list[Hit]:
        """Like `search`, for terms already analysed (repeats count, as in rank_bm25)."""
        return self.pinned().search_terms(terms, k)

    def scores_for(self, terms: Sequence[str], sentence_ids: Sequence[int]) -> list[float]:
        return self.pinned().scores_for(terms, sentence_ids)

    def document_frequency(self, term: str) -> int:
        return self.pinned().document_frequency(term)

    def idf(self, term: str) -> float:
        return self.pinned().idf(term)

    @property
    def sentence_count(self) -> int:
        return self._snap.index.size

    @property
    def version(self) -> StoreVersion:
        """The store version the answers currently come from."""
        return self._snap.version

    def close(self) -> None:
        """Drop the index (its memory maps close when no query holds them any more)."""
        self._snap = _Snapshot(BM25Index.empty(self.params), self._snap.version)


class PinnedIndex:
    """One snapshot of the index with the queries on it; what a question is answered from."""

    def __init__(self, snapshot: _Snapshot, store, analyzer: Analyzer, params: BM25Params) -> None:
        self._snap = snapshot
        self._store = store
        self.analyzer = analyzer
        self.params = params

    @property
    def version(self) -> StoreVersion:
        return self._snap.version

    @property
    def sentence_count(self) -> int:
        return self._snap.index.size

    def search(self, query: str, k: int) -> list[Hit]:
        return self.search_terms(self.analyzer.terms(query), k)

    def search_terms(self, terms: Sequence[str], k: int) -> list[Hit]:
        if k < 0:
            raise ValueError(f"k must be >= 0; got {k}")
        top = self._snap.index.top(terms, k)
        if not len(top.sids):
            return []
        ids = top.sids.tolist()  # Python ints and floats, as int(x) and float(x) of each give
        by_id = {s.id: s for s in self._store.sentences(ids)}
        # A sentence removed by a batch committed after this snapshot is left out.
        return [Hit(by_id[i], score) for i, score in zip(ids, top.scores.tolist()) if i in by_id]

    def scores_for(self, terms: Sequence[str], sentence_ids: Sequence[int]) -> list[float]:
        """Exact BM25 scores of the given sentences (0.0 for ids not in the index)."""
        return self._snap.index.scores_for(terms, sentence_ids).tolist()  # Python floats, as float(x) gives

    def term_scores(self, sentence_ids: Sequence[int]) -> PinnedScores:
        """The given sentences' exact BM25 scores for several term lists, each term looked up once (TermScores)."""
        return PinnedScores(self._snap.index.term_scores(sentence_ids))

    def holding(self, terms: Sequence[str], sentence_ids: Sequence[int]) -> dict[str, list[bool]]:
        """Per term, whether each of the given sentences holds it (what its analysis has; False for an id the
        snapshot does not hold)."""
        return {t: held.tolist() for t, held in self._snap.index.holding(terms, sentence_ids).items()}

    def document_frequency(self, term: str) -> int:
        """Live sentences holding `term` (an analysed term, e.g. from `analyzer.terms`)."""
        return self._snap.index.document_frequency(term)

    def idf(self, term: str) -> float:
        """The idf rank_bm25 gives `term` over the live sentences (0.0 when none holds it)."""
        return self._snap.index.term_idf(term)


class PinnedScores:
    """`PinnedIndex.scores_for` of fixed sentences for any terms, as Python floats, from one TermScores."""

    __slots__ = ("_scores",)

    def __init__(self, scores: TermScores) -> None:
        self._scores = scores

    def scores(self, terms: Sequence[str]) -> list[float]:
        """Exact BM25 scores of the sentences for `terms`: `scores_for(terms, sentence_ids)`, the same floats."""
        return self._scores.scores(terms).tolist()  # Python floats, as float(x) gives


# -- analysing many sentences ------------------------------------------------------------------
_Row = tuple[int, str | None, str | None]  # (id, stored terms joined by spaces, or None and the text)


def _add_rows(index: BM25Index, rows: Iterable[_Row], analyzer: Analyzer) -> BM25Index:
    """`index` plus the rows: their stored terms (ingest keeps every sentence's), or, for sentences
    without them, the text analysed here or, when many lack them, in a pool."""
    rows = iter(rows)
    head = list(islice(rows, PARALLEL_MIN_SENTENCES))
    workers = os.cpu_count() or 1
    if sum(terms is None for _, terms, _ in head) < PARALLEL_MIN_SENTENCES // 2 or workers < 2:
        return index.add(_terms_of(chain(head, rows), analyzer))
    return index.add_encoded(_analyse_in_pool(chain(head, rows), analyzer.options, workers))


def _terms_of(rows: Iterable[_Row], analyzer: Analyzer) -> Iterator[tuple[int, list[str]]]:
    """(id, terms) of each row. Terms never hold white space, so the stored string splits back exactly."""
    analyse = analyzer.terms
    for sid, terms, text in rows:
        yield sid, (terms.split() if terms is not None else analyse(text or ""))


def _analyse_in_pool(rows: Iterator[_Row], options: AnalyzerOptions, workers: int) -> Iterator[EncodedDocs]:
    """Encoded parts in row order; a bounded number in flight, so memory stays flat."""
    with ProcessPoolExecutor(max_workers=workers, mp_context=pool_context()) as pool:
        pending: deque[Future[EncodedDocs]] = deque()
        while part := list(islice(rows, _PART)):
            pending.append(pool.submit(_encode_part, options, part))
            if len(pending) >= 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def _encode_part(options: AnalyzerOptions, rows: list[_Row]) -> EncodedDocs:
    return EncodedDocs.encode(list(_terms_of(rows, _worker_analyzer(options))))


@lru_cache(maxsize=4)
def _worker_analyzer(options: AnalyzerOptions) -> Analyzer:
    """One analyzer per worker process, so its caches warm up across tasks."""
    return Analyzer(options)
