"""The compiled first stage, loaded off the query path: numpy answers until it is ready.

Importing numba and loading the cached kernel (kernel.py) takes ~0.35 s of CPU holding the GIL,
more than opening the index and answering the first question together, so it happens in one
background thread, started by the first query (`request`); the numpy path in bm25.py answers
meanwhile. The thread waits for a pause between queries (QUIET_S without one, or LATEST_S at
most) before loading: loading while a question is being answered would make that answer wait
for the GIL (measured: the first `ask` at 100k went from ~50 ms to 60-180 ms), and a one-shot
`qabot ask` ends before it ever loads. Each index value then gets its few arrays in the
kernel's dtypes, prepared in that thread too (an index is replaced on every ingested batch).
When numba is missing, cannot load or cannot cache, or the kernel fails its warm-up, the reason
is logged once and numpy keeps answering: results are the same either way.
"""
from __future__ import annotations

import logging
import queue
import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from collections.abc import Sequence

    from retrieval.index.bm25 import BM25Index, Scored

log = logging.getLogger(__name__)

# Queries with at least this many postings are pruned (MaxScore). Measured on the bench corpus
# (300 queries, min of 3 runs, same process): pruning every query was as fast or faster at both
# 100k (top-10 p99 0.051 vs 0.140 ms unpruned) and 1M (0.35 vs 1.7 ms), so every query is;
# tests set it high to get the unpruned reference.
PRUNE_MIN_POSTINGS = 0
QUIET_S = 0.1  # the kernel loads once no query has come for this long...
LATEST_S = 2.0  # ...or this long after the first query, however busy


@dataclass(frozen=True, slots=True)
class Prepared:
    """An index's arrays in the kernel's dtypes: views of the saved index's own arrays (nothing is
    copied from a loaded index but the small per-term block starts), and its parameters."""

    post_doc: np.ndarray  # uint32
    term_ptr: np.ndarray  # uint32
    tf_at: np.ndarray  # uint32: the postings with tf > 1
    tf_val: np.ndarray  # uint8: their term frequencies
    doc_len: np.ndarray  # uint16
    once_by_len: np.ndarray  # float64: the tf part of a tf = 1 posting, by document length
    idf: np.ndarray  # float64
    term_max: np.ndarray  # float32, rounded up
    blk_ptr: np.ndarray  # uint32: each term's first block bound
    blk_q: np.ndarray  # uint8: each block's bound in 255ths of its term's (BM25Index.block_bounds)
    blk_shift: int  # log2 of the postings a block
    delta_base: float  # BM25Plus's delta: the baseline's factor (0.0 for the other variants)
    variant: int  # 0 okapi, 1 l, 2 plus
    k1: float
    b: float
    delta: float
    avgdl: float

    arrays: tuple = field(init=False)  # the kernel's arguments before the query's, in its order
    scalars: tuple = field(init=False)  # and after

    def __post_init__(self) -> None:
        object.__setattr__(self, "arrays", (
            self.post_doc, self.term_ptr, self.tf_at, self.tf_val, self.doc_len, self.once_by_len, self.idf,
            self.term_max, self.blk_ptr, self.blk_q, self.blk_shift))
        object.__setattr__(self, "scalars", (self.delta_base, self.variant, self.k1, self.b, self.delta, self.avgdl))


_VARIANT_CODES = {"okapi": 0, "l": 1, "plus": 2}
_U32 = np.iinfo(np.uint32).max


class CompiledFirstStage:
    """Loads the kernel in a background thread and serves queries with it once it is ready.

    One per process (`FIRST_STAGE`): the compiled code, like an imported module, belongs to
    the process, not to an index.
    """

    def __init__(self) -> None:
        self._top_k: Any = None  # the kernel, once loaded and warmed
        self._scored: Any = None  # bm25.Scored (bm25 imports this module)
        self._failed: str | None = None
        self._jobs: queue.SimpleQueue[BM25Index] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._loaded = threading.Event()
        self._last_query = 0.0  # monotonic time of the latest query answered by numpy
        self._hurry = threading.Event()  # someone waits: load without waiting for a pause
        self.prune_min = PRUNE_MIN_POSTINGS

    def turn_off(self, reason: str) -> None:
        """Never load the kernel in this process: numpy answers every query (same results, ~165 MB less
        resident memory for numba and LLVM)."""
        if self._top_k is None:
            self._failed = reason

    @property
    def failed(self) -> str | None:
        """Why the kernel is not used (None while loading or once loaded)."""
        return self._failed

    @property
    def ready(self) -> bool:
        return self._top_k is not None

    def request(self, index: BM25Index) -> None:
        """Have the kernel loaded (once per process) and `index` prepared for it, in the background."""
        self._last_query = time.monotonic()
        if self._failed is not None or index._fast is not None:
            return
        with self._lock:
            if index._fast is not None:
                return
            index._fast = False  # pending: queued once
            self._jobs.put(index)
            self._start()

    def _start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._work, name="qabot-kernel", daemon=True)
            self._thread.start()

    def wait(self, index: BM25Index | None = None, timeout: float = 60.0) -> bool:
        """Block until the kernel is loaded (and `index` prepared); True when it will answer.
        For the warm-up command, the bench and tests; queries never wait."""
        deadline = time.monotonic() + timeout
        self._hurry.set()
        if index is not None:
            self.request(index)
        elif self._failed is None:
            with self._lock:
                self._start()
        self._loaded.wait(timeout)
        while index is not None and index._fast is False and self._failed is None and time.monotonic() < deadline:
            time.sleep(0.002)
        return self.ready and (index is None or isinstance(index._fast, Prepared))

    def _work(self) -> None:
        latest = time.monotonic() + LATEST_S
        while not self._hurry.is_set() and time.monotonic() < latest:
            if time.monotonic() - self._last_query >= QUIET_S:
                break
            self._hurry.wait(QUIET_S / 4)
        try:
            from retrieval.index import kernel
            from retrieval.index.bm25 import Scored

            kernel.warm()
            self._scored = Scored
            self._top_k = kernel.top_k
            release_compiler_pages()
        except Exception as exc:  # ImportError, numba's "cannot cache" RuntimeError, a failed warm-up...
            self._failed = f"{type(exc).__name__}: {exc}"
            log.info("compiled first stage unavailable (%s); the numpy path answers", self._failed)
        finally:
            self._loaded.set()
        if self._failed is not None:
            return
        while True:
            index = self._jobs.get()
            try:
                index._fast = prepare(index)
            except Exception as exc:  # a damaged or unusual index: numpy answers it
                index._fast = f"{type(exc).__name__}: {exc}"  # never queued again
                log.info("index not prepared for the compiled first stage (%s); the numpy path answers", exc)
            del index

    def top(self, index: BM25Index, terms: Sequence[str], k: int, prune_min: int | None = None) -> Scored | None:
        """BM25Index.top by the kernel (k > 0, a non-empty index), or None when it cannot answer
        yet. `prune_min` overrides PRUNE_MIN_POSTINGS (tests force or forbid pruning with it)."""
        prepared = index._fast
        if not isinstance(prepared, Prepared):
            return None
        # term id -> count, in first-occurrence order (as BM25Index._query's Counter). Few steps on
        # purpose: between queries other processes empty the CPU caches, and then each attribute or
        # call costs a cache miss (measured at 100k: 15 us of a 86 us p50 in the attribute loads)
        counts: dict[int, int] = {}
        get, n_terms = index.vocab.get, index._n_terms
        for term in terms:
            tid = get(term)
            if tid is not None and tid < n_terms:
                counts[tid] = counts.get(tid, 0) + 1
        docs, scores, status = self._top_k(
            *prepared.arrays, np.fromiter(counts, np.int64, len(counts)),
            np.fromiter(counts.values(), np.float64, len(counts)), k,
            self.prune_min if prune_min is None else prune_min, *prepared.scalars,
        )
        if status != 0:
            return None
        return self._scored(index.doc_sid[docs], scores)


_MADV_PAGEOUT = 21  # Linux 5.4+: reclaim these pages now (clean file pages leave memory, not just the process)


def release_compiler_pages() -> int:
    """Give back LLVM's library pages once the kernel is loaded; the bytes of mappings advised.

    Loading the cached kernel reads ~80 MB of libllvmlite.so (relocating, initialising LLVM), which
    then stays in the process's resident memory although queries never run it again: the compiled
    code lives in its own memory, and numba's dispatcher calls it without LLVM. Those pages are
    clean file pages, so the kernel can drop them; anything that does run LLVM later (compiling)
    reads them back. Best effort: on a system without /proc or MADV_PAGEOUT nothing changes."""
    import ctypes

    try:
        with open("/proc/self/maps", encoding="ascii", errors="replace") as f:
            spans = [line.split()[0] for line in f if line.rstrip().endswith("/libllvmlite.so")]
        libc = ctypes.CDLL(None, use_errno=True)
        madvise = libc.madvise
    except (OSError, AttributeError):
        return 0
    madvise.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
    advised = 0
    for span in spans:
        start, end = (int(x, 16) for x in span.split("-"))
        if madvise(start, end - start, _MADV_PAGEOUT) == 0:
            advised += end - start
    log.debug("asked the system to reclaim %d MB of LLVM library pages", advised >> 20)
    return advised


def prepare(index: BM25Index) -> Prepared:
    """The index's arrays as the kernel takes them. Reads only the small per-term and per-length
    arrays: the postings (most of a saved index) stay on disk until queries read them, so they take
    no memory here. A posting naming a sentence beyond the index is found by the kernel when a
    query reads it (the query then goes to numpy, which raises IndexError as before)."""
    from retrieval.index.bm25 import BLOCK_SHIFT, block_starts

    n = index.size
    longest = int(index.doc_len.max()) if n else 0
    if longest > np.iinfo(np.uint16).max:
        raise ValueError(f"a sentence of {longest:,} terms is longer than the kernel's lengths hold")
    if index.n_postings > _U32:
        raise ValueError(f"{index.n_postings:,} postings are more than the kernel's offsets hold")
    if len(index.tf_val) and int(index.tf_val.max()) > np.iinfo(np.uint8).max:
        raise ValueError("a term frequency above 255 is more than the kernel's frequencies hold")
    once_by_len = index.once_by_len  # the numpy path's own table, so both weigh alike
    if len(once_by_len) != longest + 1:
        raise ValueError("the index has no per-length table of tf = 1 weights")
    blk_ptr = block_starts(index.term_ptr)
    blk_q = np.ascontiguousarray(index.block_bounds(), dtype=np.uint8)
    if len(blk_q) != blk_ptr[-1] or blk_ptr[-1] > _U32:
        raise ValueError(f"{len(blk_q)} block bounds for {blk_ptr[-1]} blocks of postings")
    params = index.params
    return Prepared(
        np.ascontiguousarray(index.post_doc, dtype=np.uint32),
        np.ascontiguousarray(index.term_ptr, dtype=np.uint32),
        np.ascontiguousarray(index.tf_at, dtype=np.uint32),
        np.ascontiguousarray(index.tf_val, dtype=np.uint8),
        np.ascontiguousarray(index.doc_len, dtype=np.uint16),
        np.ascontiguousarray(once_by_len, dtype=np.float64),
        np.ascontiguousarray(index.idf, dtype=np.float64),
        _rounded_up_f32(index.term_max),
        blk_ptr.astype(np.uint32),
        blk_q,
        BLOCK_SHIFT,
        float(params.delta) if params.variant == "plus" else 0.0,
        _VARIANT_CODES[params.variant],
        float(params.k1),
        float(params.b),
        float(params.delta),
        float(index.avgdl),
    )


def _rounded_up_f32(bounds: np.ndarray) -> np.ndarray:
    """Upper bounds in float32, never below the float64 ones (a saved index's already are)."""
    if bounds.dtype == np.float32:
        return np.ascontiguousarray(bounds)
    low = bounds.astype(np.float32)
    return np.where(low.astype(np.float64) < bounds, np.nextafter(low, np.float32(np.inf)), low).astype(np.float32)


FIRST_STAGE = CompiledFirstStage()
