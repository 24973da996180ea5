"""The BM25 index over sentences: an inverted layout in numpy whose scores are rank_bm25's.

`rank_bm25` defines the score (it stays a dependency: the definition and the test oracle).
Its `get_scores` walks every sentence for every query term; here each term owns a contiguous
slice of postings (sentence index, term frequency, precomputed weight), so a query touches
only its own terms' postings.

Layout (CSR): the postings of term `t` are `[term_ptr[t], term_ptr[t+1])` of `post_doc`
(uint32 index into `doc_sid`, ascending): 4 bytes a posting. Most postings have tf = 1, so
term frequencies are stored only where tf > 1 (`tf_at`: posting positions, ascending; `tf_val`).
Weights are not stored: a posting's weight is `idf[t] * once(doc)` for tf = 1 (the tf part for
tf = 1 depends only on the document's length: `once_by_len`, one float per length, computed at
open, looked up through `doc_len`) and the full formula for the few others -- the same float operations the stored weights used to come from,
so scores are bit-for-bit what they were. Documents are the live sentences ordered by their
store id; `doc_sid` maps a document index to the sentence id, `doc_len` holds lengths.

Scores, for a query term occurring `c` times (rank_bm25 loops over the query, so repeats add):
- okapi: c * idf * tf*(k1+1) / (tf + k1*(1-b+b*dl/avgdl)); idf = ln((N-df+.5)/(df+.5)), and
  negative idfs are floored to epsilon * (mean idf over the vocabulary).
- l:     c * idf * tf*(k1+1)*(ctd+delta) / (k1+ctd+delta), ctd = tf/(1-b+b*dl/avgdl);
  idf = ln(N+1) - ln(df+.5).
- plus:  c * idf * (delta + tf*(k1+1) / (k1*(1-b+b*dl/avgdl) + tf)); idf = ln((N+1)/df).
  Every sentence gets c*idf*delta for each known query term even when it lacks the term;
  that constant is added to every score here too (`baseline`).

An index value is immutable: `add` and `remove` return a new one (the old keeps serving).
"""
from __future__ import annotations

import itertools
import threading
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from retrieval.index.compiled import FIRST_STAGE

VARIANTS = ("okapi", "l", "plus")
_CHUNK_TERMS = 1 << 20  # term occurrences converted to ids at a time while adding
_WEIGHT_BLOCK = 1 << 19  # postings per block when recomputing weights
_DIRECT_POSTINGS = 20_000  # a query with fewer postings than this just sums them all
_PARALLEL_SORT = 2_000_000  # term occurrences above which the build sorts in two threads
# Postings per block bound, as a power of two (32). Measured at 1M sentences (bench corpus, 300
# queries, caches emptied between queries): sentences whose length the kernel reads, mean 484
# without block bounds, 348 / 316 / 278 with blocks of 128 / 64 / 32; the bounds take one byte a
# block (0.6 MB at 1M with 32).
BLOCK_SHIFT = 5
_ONCE_TABLE_LENGTHS = 1 << 16  # document lengths up to this get the tf = 1 part from a per-length table


class _Ids(dict):
    """term -> id; an unseen term gets the next id (appended to `terms`), from C via `map`."""

    def __init__(self, terms: list[str]) -> None:
        super().__init__(zip(terms, range(len(terms))))
        self.terms = terms

    def __missing__(self, term: str) -> int:
        tid = len(self.terms)
        self.terms.append(term)
        self[term] = tid
        return tid


class Vocabulary:
    """term -> term id, append-only, shared by successive index values.

    An index knows only the ids below its own term count, so a newer index appending terms
    never changes what an older one (still answering a query) sees.

    Loaded from disk (`TermTable`), it answers lookups from the saved hash table and builds the
    full dict only when terms are added: a million-sentence index has ~150k terms, and splitting
    and hashing them all costs ~60 ms that the first question should not wait for.
    """

    __slots__ = ("_ids", "_lock", "_seen", "_table", "_terms")

    def __init__(self, terms: list[str] | None = None, *, table: TermTable | None = None) -> None:
        self._table = table
        # from a table, the term list is decoded only when needed (adding, saving)
        self._terms: list[str] | None = terms if terms is not None else (None if table is not None else [])
        self._ids: _Ids | None = None
        self._seen: dict[str, int | None] = {}  # lookups answered from the table
        self._lock = threading.Lock()

    @property
    def terms(self) -> list[str]:
        if self._terms is None:
            with self._lock:
                if self._terms is None:
                    assert self._table is not None
                    self._terms = self._table.all_terms()
        return self._terms

    @property
    def ids(self) -> _Ids:
        """The full lookup table (built on first use); `ids[term]` adds an unseen term."""
        if self._ids is None:
            terms = self.terms
            with self._lock:
                if self._ids is None:
                    self._ids = _Ids(terms)
        return self._ids

    def get(self, term: str) -> int | None:
        if self._ids is not None or self._table is None:
            return dict.get(self.ids, term)
        try:
            return self._seen[term]
        except KeyError:
            tid = self._seen[term] = self._table.find(term)
            return tid

    def __len__(self) -> int:
        return len(self.terms) if self._table is None or self._terms is not None else self._table.count


@dataclass(frozen=True, slots=True)
class TermTable:
    """The saved vocabulary: `blob` holds the terms joined by line breaks (term t spans
    `offsets[t]` to `offsets[t+1] - 1`), `hashes` the terms' CRC-32s ascending and `by_hash`
    the term id of each, so a lookup is one binary search and a byte comparison."""

    blob: bytes
    offsets: np.ndarray  # int64, count + 1
    hashes: np.ndarray  # uint32, ascending
    by_hash: np.ndarray  # int32

    @property
    def count(self) -> int:
        return len(self.by_hash)

    @classmethod
    def build(cls, terms: Sequence[str]) -> TermTable:
        encoded = [t.encode("utf-8") for t in terms]
        lengths = np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded))
        offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
        np.cumsum(lengths + 1, out=offsets[1:])
        hashes = np.fromiter(map(zlib.crc32, encoded), dtype=np.uint32, count=len(encoded))
        order = np.argsort(hashes, kind="stable")
        return cls(b"\n".join(encoded), offsets, hashes[order], order.astype(np.int32))

    def find(self, term: str) -> int | None:
        key = term.encode("utf-8")
        h = zlib.crc32(key)
        # the key in the table's dtype: a Python int makes numpy convert the whole table (~25 us at 150k terms)
        i = int(np.searchsorted(self.hashes, self.hashes.dtype.type(h)))
        n = len(self.hashes)
        while i < n and int(self.hashes[i]) == h:
            tid = int(self.by_hash[i])
            if self.blob[int(self.offsets[tid]):int(self.offsets[tid + 1]) - 1] == key:
                return tid
            i += 1
        return None

    def all_terms(self) -> list[str]:
        return self.blob.decode("utf-8").split("\n") if self.count else []


@dataclass(frozen=True, slots=True)
class BM25Params:
    """Which rank_bm25 class (`variant`) and its parameters. Part of the index stamp."""

    variant: str = "plus"
    k1: float = 1.2
    b: float = 0.5
    delta: float = 1.0  # BM25L / BM25Plus
    epsilon: float = 0.25  # BM25Okapi's idf floor

    def __post_init__(self) -> None:
        if self.variant not in VARIANTS:
            raise ValueError(f"BM25 variant must be one of {', '.join(VARIANTS)}; got {self.variant!r}")
        if not self.k1 >= 0:
            raise ValueError(f"k1 must be >= 0; got {self.k1!r}")
        if not 0 <= self.b < 1:
            # b = 1 gives an empty sentence a zero length norm and rank_bm25 a 0/0
            raise ValueError(f"b must be in [0, 1); got {self.b!r}")

    @property
    def oracle_class(self) -> str:
        return {"okapi": "BM25Okapi", "l": "BM25L", "plus": "BM25Plus"}[self.variant]

    def oracle_kwargs(self) -> dict[str, float]:
        """Keyword arguments for the rank_bm25 class that defines these scores."""
        extra = {"epsilon": self.epsilon} if self.variant == "okapi" else {"delta": self.delta}
        return {"k1": self.k1, "b": self.b, **extra}

    def stamp(self) -> str:
        return f"{self.variant}-k1={self.k1!r}-b={self.b!r}-delta={self.delta!r}-eps={self.epsilon!r}"


# Measured on the SQuAD sample (`python -m bench.squad_params`, table in bench/README.md): BM25Plus
# with k1=1.2, b=0.5 is best (top-1 0.734, top-5 0.881; Okapi's best 0.730) and, unlike Okapi,
# its idf ln((N+1)/df) is never negative, so a common term can never push a match below a
# sentence without it. Short sentences want a lower b than the textbook 0.75 (0.683 there).
DEFAULT_PARAMS = BM25Params()


@dataclass(frozen=True, slots=True)
class EncodedDocs:
    """Analysed documents as indexes into their own small term table (cheap to send between
    processes): document i has `lens[i]` consecutive entries of `tids`."""

    sids: np.ndarray  # int64, ascending
    lens: np.ndarray  # int32
    table: list[str]
    tids: np.ndarray  # int32 indexes into `table`

    @classmethod
    def encode(cls, docs: Sequence[tuple[int, Sequence[str]]]) -> EncodedDocs:
        local = Vocabulary()
        lookup = local.ids.__getitem__
        tids = np.fromiter(
            map(lookup, (t for _, terms in docs for t in terms)), dtype=np.int32,
        )
        return cls(
            np.fromiter((sid for sid, _ in docs), dtype=np.int64, count=len(docs)),
            np.fromiter((len(terms) for _, terms in docs), dtype=np.int32, count=len(docs)),
            local.terms, tids,
        )


@dataclass(frozen=True, slots=True)
class Scored:
    """Top-k result of the core index: sentence ids and scores, best first."""

    sids: np.ndarray  # int64
    scores: np.ndarray  # float64


class BM25Index:
    """An immutable inverted BM25 index over (sentence id, terms) documents."""

    __slots__ = (
        "_blocks",
        "_fast",
        "_n_terms",
        "_once_key",
        "avgdl",
        "doc_len",
        "doc_sid",
        "idf",
        "once_by_len",
        "params",
        "post_doc",
        "term_max",
        "term_ptr",
        "tf_at",
        "tf_val",
        "vocab",
    )

    def __init__(
        self,
        params: BM25Params,
        vocab: Vocabulary,
        doc_sid: np.ndarray,
        doc_len: np.ndarray,
        term_ptr: np.ndarray,
        post_doc: np.ndarray,
        tf_at: np.ndarray,
        tf_val: np.ndarray,
        idf: np.ndarray | None = None,
        term_max: np.ndarray | None = None,
        blocks: np.ndarray | None = None,
    ) -> None:
        # `vocab` may be shared with newer indexes that appended terms; this index knows only
        # the first `_n_terms` of them.
        self.params = params
        self.vocab = vocab
        self.doc_sid = doc_sid
        self.doc_len = doc_len
        self.term_ptr = term_ptr
        self.post_doc = post_doc
        self.tf_at = tf_at
        self.tf_val = tf_val
        self._n_terms = len(term_ptr) - 1
        n = len(doc_sid)
        self.avgdl = float(doc_len.sum()) / n if n else 0.0
        longest = int(doc_len.max()) if n else 0
        if longest <= _ONCE_TABLE_LENGTHS:
            # the same elementwise float operations on each length as on each document: the
            # same values, without a float per document (8 MB at a million sentences)
            self.once_by_len = _once(params, np.arange(longest + 1, dtype=np.int64), self.avgdl)
            self._once_key = doc_len
        else:  # an absurdly long document: one value per document
            self.once_by_len = _once(params, doc_len, self.avgdl)
            self._once_key = np.arange(n)
        if idf is None:
            idf = _idf(params, n, term_ptr)  # cheap (one log per term): not saved
        if term_max is None:
            term_max = _term_max(params, self, idf)
        self.idf = idf
        self.term_max = term_max  # each term's largest weight: its bound in MaxScore pruning
        self._blocks = blocks  # block bounds (`block_bounds`), computed when first asked for
        # the compiled first stage's arrays for this index (compiled.py): None, False while
        # being prepared in the background, then a `Prepared` (or why it cannot be: a str)
        self._fast: object = None

    # -- building --------------------------------------------------------------------------
    @classmethod
    def empty(cls, params: BM25Params = DEFAULT_PARAMS) -> BM25Index:
        return cls(
            params, Vocabulary(), np.zeros(0, np.int64), np.zeros(0, np.int32), np.zeros(1, np.int64),
            np.zeros(0, np.uint32), np.zeros(0, np.int64), np.zeros(0, np.int32),
        )

    @classmethod
    def build(cls, docs: Iterable[tuple[int, Sequence[str]]], params: BM25Params = DEFAULT_PARAMS) -> BM25Index:
        """An index of `(sentence id, terms)` pairs given in ascending id order."""
        return cls.empty(params).add(docs)

    def add(self, docs: Iterable[tuple[int, Sequence[str]]]) -> BM25Index:
        """A new index with these documents appended (ids ascending, above every id held).

        Old postings are kept as they are; the new ones are inserted at the end of their terms'
        slices, and the statistics that depend on N, df and avgdl are recomputed vectorised.
        """
        lookup = self.vocab.ids.__getitem__  # unseen terms get the next id
        sids: list[int] = []
        lens: list[int] = []
        tid_chunks: list[np.ndarray] = []
        flat: list[str] = []
        for sid, doc_terms in docs:
            sids.append(sid)
            lens.append(len(doc_terms))
            flat.extend(doc_terms)
            if len(flat) >= _CHUNK_TERMS:
                # term strings -> ids from C (map over the dict); int32: 4 bytes an occurrence
                tid_chunks.append(np.fromiter(map(lookup, flat), dtype=np.int32, count=len(flat)))
                flat = []
        tid_chunks.append(np.fromiter(map(lookup, flat), dtype=np.int32, count=len(flat)))
        return self._append(np.asarray(sids, np.int64), np.asarray(lens, np.int32), np.concatenate(tid_chunks))

    def add_encoded(self, parts: Iterable[EncodedDocs]) -> BM25Index:
        """Like `add`, for documents already analysed and encoded (by worker processes)."""
        lookup = self.vocab.ids.__getitem__
        sids, lens, tids = [], [], []
        for part in parts:
            to_global = np.fromiter(map(lookup, part.table), dtype=np.int32, count=len(part.table))
            sids.append(part.sids)
            lens.append(part.lens)
            tids.append(to_global[part.tids])
        if not sids:
            return self
        return self._append(np.concatenate(sids), np.concatenate(lens), np.concatenate(tids))

    def _append(self, sids: np.ndarray, lens: np.ndarray, tid_arr: np.ndarray) -> BM25Index:
        if not len(sids):
            return self
        last = int(self.doc_sid[-1]) if len(self.doc_sid) else None
        if last is not None and sids[0] <= last:
            raise ValueError(
                f"sentence id {sids[0]} is not above the last indexed id {last}; ids must ascend (rebuild the index)"
            )
        bad = np.flatnonzero(np.diff(sids) <= 0)
        if len(bad):
            raise ValueError(f"sentence ids must ascend, but {sids[bad[0] + 1]} follows {sids[bad[0]]}")
        n_old = len(self.doc_sid)
        n_all = n_old + len(sids)
        if n_all >= 1 << 32:
            raise ValueError(f"{n_all:,} sentences is more than one index holds (2**32)")
        n_terms = len(self.vocab.terms)
        new_tid, new_doc, tf = _pairs(tid_arr, np.repeat(np.arange(n_old, n_all, dtype=np.uint32), lens), n_terms)
        # New documents have the highest indexes, so each new posting goes to the end of its
        # term's slice; np.insert keeps the order of values inserted at one position.
        old_ptr = np.concatenate([self.term_ptr, np.full(n_terms - self._n_terms, self.term_ptr[-1], np.int64)])
        if len(self.post_doc):
            at = old_ptr[new_tid + 1]
            post_doc = np.insert(self.post_doc, at, new_doc)
            post_tf = np.insert(self._tf_all(), at, tf)
            del at
        else:  # nothing to insert into (a first batch): what np.insert would give, without its copies
            post_doc, post_tf = new_doc.astype(self.post_doc.dtype, copy=False), tf.astype(np.int32, copy=False)
        added_per_term = np.bincount(new_tid, minlength=n_terms)
        term_ptr = old_ptr + np.concatenate([[0], np.cumsum(added_per_term)])
        tf_at = np.flatnonzero(post_tf > 1)
        return BM25Index(
            self.params, self.vocab,
            np.concatenate([self.doc_sid, sids]),
            np.concatenate([self.doc_len, lens]),
            term_ptr, post_doc, tf_at, post_tf[tf_at],
        )

    def _tf_all(self) -> np.ndarray:
        """Every posting's term frequency (int32), expanded from the tf > 1 exceptions."""
        tf = np.ones(len(self.post_doc), dtype=np.int32)
        tf[self.tf_at] = self.tf_val
        return tf

    def remove(self, sentence_ids: Iterable[int]) -> BM25Index:
        """A new index without these sentences (ids not held are ignored)."""
        ids = np.unique(np.fromiter(sentence_ids, dtype=np.int64))
        if not len(ids) or not len(self.doc_sid):
            return self
        pos = _find(self.doc_sid, ids)
        inside = pos < len(self.doc_sid)
        pos, ids = pos[inside], ids[inside]
        held = pos[self.doc_sid[pos] == ids]
        if not len(held):
            return self
        keep_doc = np.ones(len(self.doc_sid), dtype=bool)
        keep_doc[held] = False
        new_index = (np.cumsum(keep_doc) - 1).astype(np.uint32)
        keep_post = keep_doc[self.post_doc]
        kept_before = np.concatenate([[0], np.cumsum(keep_post, dtype=np.int64)])
        term_ptr = kept_before[self.term_ptr]
        post_tf = self._tf_all()[keep_post]
        tf_at = np.flatnonzero(post_tf > 1)
        return BM25Index(
            self.params, self.vocab,
            self.doc_sid[keep_doc], self.doc_len[keep_doc], term_ptr,
            new_index[self.post_doc[keep_post]], tf_at, post_tf[tf_at],
        )

    # -- reading ---------------------------------------------------------------------------
    def once(self, docs: np.ndarray) -> np.ndarray:
        """The tf part of a tf = 1 posting in each of these documents (a new array)."""
        return self.once_by_len[self._once_key[docs]]

    def block_bounds(self) -> np.ndarray:
        """Each block of postings' largest weight in 255ths of its term's `term_max`, rounded up
        (uint8; blocks of 2**BLOCK_SHIFT postings, `block_starts` says where each term's begin):
        the compiled first stage's bounds. Saved with the index; computed on first use otherwise."""
        if self._blocks is None:
            self._blocks = _block_bounds(self)
        return self._blocks

    @property
    def size(self) -> int:
        return len(self.doc_sid)

    @property
    def n_postings(self) -> int:
        return int(self.term_ptr[-1])

    @property
    def n_terms(self) -> int:
        return self._n_terms

    def term_id(self, term: str) -> int | None:
        tid = self.vocab.get(term)
        return tid if tid is not None and tid < self._n_terms else None

    def document_frequency(self, term: str) -> int:
        tid = self.term_id(term)
        return 0 if tid is None else int(self.term_ptr[tid + 1] - self.term_ptr[tid])

    def term_idf(self, term: str) -> float:
        """The idf rank_bm25 would use for `term` (0.0 for a term no live sentence has)."""
        tid = self.term_id(term)
        if tid is None or self.term_ptr[tid + 1] == self.term_ptr[tid]:
            return 0.0
        return float(self.idf[tid])

    def _query(self, terms: Sequence[str]) -> tuple[list[tuple[int, int]], float]:
        """Known query terms as (term id, count), and the constant every sentence scores."""
        counts = Counter(terms)
        known: list[tuple[int, int]] = []
        baseline = 0.0
        for term, count in counts.items():
            tid = self.term_id(term)
            if tid is None or self.term_ptr[tid + 1] == self.term_ptr[tid]:
                continue  # rank_bm25: an unknown term has idf 0 and adds nothing
            known.append((tid, count))
            if self.params.variant == "plus":
                baseline += count * float(self.idf[tid]) * self.params.delta
        return known, baseline

    def _postings(self, tid: int) -> tuple[np.ndarray, np.ndarray]:
        """A term's documents (ascending) and its weight in each."""
        lo, hi = int(self.term_ptr[tid]), int(self.term_ptr[tid + 1])
        docs = self.post_doc[lo:hi]
        idf = self.idf[tid]
        w = self.once(docs)
        w *= idf
        a, b = _find(self.tf_at, (lo, hi))
        if a < b:
            at = self.tf_at[a:b] - lo
            w[at] = idf * self._tf_weight(self.tf_val[a:b], docs[at])
        return docs, w

    def _weights_at(self, tid: int, pos: np.ndarray) -> np.ndarray:
        """The term's weights at these posting positions (absolute, ascending)."""
        docs = self.post_doc[pos]
        idf = self.idf[tid]
        w = self.once(docs)
        w *= idf
        a, b = _find(self.tf_at, (self.term_ptr[tid], self.term_ptr[tid + 1]))
        if a < b and len(pos):
            ex = self.tf_at[a:b]
            j = np.minimum(_find(ex, pos), len(ex) - 1)
            hit = ex[j] == pos
            if hit.any():
                w[hit] = idf * self._tf_weight(self.tf_val[a + j[hit]], docs[hit])
        return w

    def _tf_weight(self, tf: np.ndarray, docs: np.ndarray) -> np.ndarray:
        """A posting's weight over its idf for tf > 1 (the rare case `once` does not cover)."""
        b = self.params.b
        norm = 1 - b + b * self.doc_len[docs].astype(np.float64) / self.avgdl
        return _tf_part(self.params, tf.astype(np.float64), norm)

    def top(self, terms: Sequence[str], k: int) -> Scored:
        """The `k` best sentences among those holding at least one query term.

        Ordered by score, highest first, ties by lower sentence id. Sentences without any query
        term are not returned (under BM25Plus they all share the baseline score, below any match).
        """
        if k <= 0 or not self.size:
            return Scored(np.zeros(0, np.int64), np.zeros(0))
        fast = FIRST_STAGE.top(self, terms, k)
        if fast is not None:
            return fast
        known, baseline = self._query(terms)
        if not known:
            return Scored(np.zeros(0, np.int64), np.zeros(0))
        found = self._top_numpy(known, baseline, k)
        FIRST_STAGE.request(self)  # after answering: loading never delays this query
        return found

    def _top_numpy(self, known: list[tuple[int, int]], baseline: float, k: int) -> Scored:
        """`top` by numpy (the same results as the compiled kernel, which replaces it once loaded)."""
        docs, scores = self._candidates(known, k)
        if len(docs) > k:
            # the k-th score by partition; ties at it are settled by id, not by chance
            kth = np.partition(scores, len(scores) - k)[len(scores) - k]
            above = scores > kth
            need = k - int(above.sum())
            at_kth = np.flatnonzero(scores == kth)[:need]  # docs ascend: lower ids first
            pick = np.concatenate([np.flatnonzero(above), at_kth])
            docs, scores = docs[pick], scores[pick]
        order = np.lexsort((docs, -scores))
        return Scored(self.doc_sid[docs[order]], scores[order] + baseline)

    def _candidates(self, known: list[tuple[int, int]], k: int) -> tuple[np.ndarray, np.ndarray]:
        """Documents (ascending) that may be in the top k, with their exact scores.

        MaxScore pruning: score the sentences holding the rarest terms first; their k-th best
        score `theta` is a floor for the answer. A sentence holding only terms whose upper
        bounds (count x largest weight) sum below `theta` cannot enter the top k, so the long
        postings of frequent terms are only looked up for candidates, never walked in full.
        """
        ptr = self.term_ptr
        df = {t: int(ptr[t + 1] - ptr[t]) for t, _ in known}
        total = sum(df.values())
        # Pruning needs weights >= 0 (bounds only add up); Okapi's floor can leave a term's idf
        # negative on tiny stores, and then every posting is walked.
        negative = any(float(self.idf[t]) < 0 for t, _ in known)
        if len(known) == 1 or total <= _DIRECT_POSTINGS or negative:
            return self._accumulate(known, known)
        by_df = sorted(known, key=lambda tc: df[tc[0]])
        rare: list[tuple[int, int]] = []
        budget = 0
        for tc in by_df:  # rarest terms, at least one, until enough postings for k candidates
            if rare and budget >= max(k, _DIRECT_POSTINGS // 4):
                break
            rare.append(tc)
            budget += df[tc[0]]
        if len(rare) == len(known):
            return self._accumulate(known, known)
        docs, scores = self._accumulate(rare, known)
        if len(docs) < k:
            return self._accumulate(known, known)
        theta = np.partition(scores, len(scores) - k)[len(scores) - k]
        # terms by upper bound; the prefix whose bounds sum below theta is non-essential
        bounds = sorted(((c * float(self.term_max[t]), (t, c)) for t, c in known), key=lambda x: x[0])
        cumulative = 0.0
        essential = []
        for bound, tc in bounds:
            cumulative += bound
            if not cumulative * (1 + 1e-9) < theta:  # margin: float sums may round up
                essential.append(tc)
        if {t for t, _ in essential} <= {t for t, _ in rare}:
            return docs, scores  # every possible top-k sentence holds a rare term
        return self._accumulate(essential, known)

    def _accumulate(
        self, walk: list[tuple[int, int]], known: list[tuple[int, int]]
    ) -> tuple[np.ndarray, np.ndarray]:
        """The documents holding a `walk` term (ascending) and their full scores over `known`."""
        if len(walk) == 1:
            tid, count = walk[0]
            docs, w = self._postings(tid)
            scores = w * count
        else:
            parts = [self._postings(t) for t, _ in walk]
            all_docs = np.concatenate([d for d, _ in parts])
            weights = np.concatenate([w * c for (_, w), (_, c) in zip(parts, walk)])
            if len(all_docs) * 8 < self.size:
                # few postings: sort-based, touches only them. Each term's documents ascend, so a
                # stable sort (timsort) merges the runs instead of sorting from scratch.
                order = np.argsort(all_docs, kind="stable")
                ordered = all_docs[order]
                new = np.empty(len(ordered), dtype=bool)
                new[0] = True
                np.not_equal(ordered[1:], ordered[:-1], out=new[1:])
                docs = ordered[new]
                group = np.cumsum(new) - 1
                scores = np.bincount(group, weights=weights[order], minlength=len(docs))
            else:
                dense = np.bincount(all_docs, weights=weights, minlength=self.size)
                hit = np.zeros(self.size, dtype=bool)
                hit[all_docs] = True
                docs = np.flatnonzero(hit)
                scores = dense[docs]
        walked = {t for t, _ in walk}
        for tid, count in known:
            if tid not in walked:
                self._add_term(scores, docs, tid, count)
        return docs, scores

    def _add_term(self, scores: np.ndarray, docs: np.ndarray, tid: int, count: int) -> None:
        """scores[i] += the term's weight in docs[i], for the docs (ascending) that hold it."""
        lo, hi = int(self.term_ptr[tid]), int(self.term_ptr[tid + 1])
        if not len(docs) or lo == hi:
            return
        if hi - lo < len(docs):
            seg, w = self._postings(tid)
            at = _find(docs, seg)
            ok = at < len(docs)
            ok[ok] = docs[at[ok]] == seg[ok]
            scores[at[ok]] += w[ok] * count
        else:
            seg = self.post_doc[lo:hi]
            at = np.minimum(_find(seg, docs), len(seg) - 1)
            ok = seg[at] == docs
            scores[ok] += self._weights_at(tid, lo + at[ok]) * count

    def scores_for(self, terms: Sequence[str], sentence_ids: Sequence[int]) -> np.ndarray:
        """Exact scores of the given sentences (0.0 for an id the index does not hold)."""
        return self.term_scores(sentence_ids).scores(terms)

    def term_scores(self, sentence_ids: Sequence[int]) -> TermScores:
        """The given sentences' scores for any list of terms (`TermScores.scores`), each term's postings looked up
        once for them however many lists hold it."""
        return TermScores(self, sentence_ids)

    def holding(self, terms: Sequence[str], sentence_ids: Sequence[int]) -> dict[str, np.ndarray]:
        """Per term, whether each of the given sentences holds it (False for an id the index does not hold, and
        for every id when no live sentence has the term): two binary searches a term, no weights."""
        ids = np.asarray(sentence_ids, dtype=np.int64)
        out = {t: np.zeros(len(ids), dtype=bool) for t in terms}
        if not len(ids) or not self.size:
            return out
        pos = np.minimum(_find(self.doc_sid, ids), self.size - 1)
        held = self.doc_sid[pos] == ids
        pos = pos.astype(self.post_doc.dtype)  # in the postings' dtype once, not converted again for every term
        ptr = self.term_ptr
        for term in out:
            tid = self.term_id(term)
            if tid is None:
                continue
            lo, hi = int(ptr[tid]), int(ptr[tid + 1])
            if lo == hi:
                continue
            seg = self.post_doc[lo:hi]
            at = np.minimum(np.searchsorted(seg, pos), hi - lo - 1)
            out[term] = held & (seg[at] == pos)
        return out

    def all_scores(self, terms: Sequence[str]) -> np.ndarray:
        """Every live sentence's score in id order: what rank_bm25's get_scores returns."""
        out = np.zeros(self.size)
        known, baseline = self._query(terms)
        for tid, count in known:
            docs, w = self._postings(tid)
            out[docs] += count * w
        return out + baseline


class TermScores:
    """Some sentences' BM25 scores for term lists that share terms (a question's wordings: as asked, with an alias,
    its type noun apart): each term's weight in each sentence is looked up once, when first asked for, and every
    list's scores are added up from those exactly as `BM25Index.scores_for` adds them (the same terms in the same
    order, the same float operations), so they are the same floats."""

    __slots__ = ("_held", "_index", "_n", "_pos", "_weights")

    def __init__(self, index: BM25Index, sentence_ids: Sequence[int]) -> None:
        self._index = index
        ids = np.asarray(sentence_ids, dtype=np.int64)
        self._n = len(ids)
        # per term id: where among the sentences it occurs and its weight in each (None: in none of them)
        self._weights: dict[int, tuple[np.ndarray, np.ndarray] | None] = {}
        if not len(ids) or not index.size:
            self._pos = self._held = None
            return
        pos = np.minimum(_find(index.doc_sid, ids), index.size - 1)
        self._held = index.doc_sid[pos] == ids
        self._pos = pos.astype(index.post_doc.dtype)  # in the postings' dtype once, not converted again for every term

    def _weight(self, tid: int) -> tuple[np.ndarray, np.ndarray] | None:
        try:
            return self._weights[tid]
        except KeyError:
            pass
        index, pos, held = self._index, self._pos, self._held
        assert pos is not None and held is not None
        ptr = index.term_ptr
        lo = int(ptr[tid])
        seg = index.post_doc[lo:ptr[tid + 1]]
        at = np.minimum(np.searchsorted(seg, pos), len(seg) - 1)
        found = held & (seg[at] == pos)
        got = None
        if found.any():
            where = np.flatnonzero(found)
            order = np.argsort(at[where], kind="stable")  # _weights_at wants ascending positions
            w = np.empty(len(where))
            w[order] = index._weights_at(tid, lo + at[where][order])
            got = (where, w)
        self._weights[tid] = got
        return got

    def scores(self, terms: Sequence[str]) -> np.ndarray:
        """Exact scores of the sentences for `terms` (0.0 for an id the index does not hold)."""
        out = np.zeros(self._n)
        if self._held is None:
            return out
        known, baseline = self._index._query(terms)
        for tid, count in known:
            got = self._weight(tid)
            if got is not None:
                where, w = got
                out[where] += count * w
        out[self._held] += baseline
        return out


def _find(sorted_array: np.ndarray, values) -> np.ndarray:
    """np.searchsorted, with the values first put in the array's dtype: given values of another
    dtype (int64 ids against saved uint32 ones), numpy converts the whole array on every call."""
    dtype = sorted_array.dtype
    if isinstance(values, tuple):  # a (lo, hi) pair of positions: in range by construction
        return np.searchsorted(sorted_array, np.array(values, dtype=dtype))
    if values.dtype != dtype and dtype.kind == "u" and values.dtype.kind in "iu":
        # clipping keeps every position: all stored values lie in [0, max] too
        values = np.clip(values, 0, _UNSIGNED_MAX[dtype.itemsize]).astype(dtype)
    return np.searchsorted(sorted_array, values)


_UNSIGNED_MAX = {1: 255, 2: 65_535, 4: 2**32 - 1, 8: 2**64 - 1}


def _pairs(tid_arr: np.ndarray, doc_arr: np.ndarray, n_terms: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct (term, document) pairs of these occurrences, sorted by term then document, with
    their counts. Documents ascend in the input, so a stable sort by term alone orders both:
    no (term x document) int64 keys, and big inputs are sorted as two term ranges in two threads."""
    if n_terms >= 1 << 31:
        raise ValueError(f"{n_terms:,} distinct terms is more than one index holds (2**31)")
    small = tid_arr.astype(np.int32, copy=False)
    if len(small) < _PARALLEL_SORT:
        order = _stable_order(small)
    else:
        cut = int(np.median(small[:: max(1, len(small) // 10_000)]))
        halves = [np.flatnonzero(small <= cut), np.flatnonzero(small > cut)]

        def sort_half(idx: np.ndarray) -> np.ndarray:
            return idx[_stable_order(small[idx])]  # numpy sorts without the GIL

        with ThreadPoolExecutor(max_workers=2) as pool:
            order = np.concatenate(list(pool.map(sort_half, halves)))
        del halves
    st = small[order]
    sd = doc_arr[order]
    del order
    first = np.ones(len(st), dtype=bool)
    first[1:] = (st[1:] != st[:-1]) | (sd[1:] != sd[:-1])
    starts = np.flatnonzero(first)
    del first
    tf = np.diff(np.append(starts, len(st))).astype(np.int32)
    return st[starts].astype(np.int64), sd[starts], tf


def _stable_order(keys: np.ndarray) -> np.ndarray:
    """`np.argsort(keys, kind="stable")` of non-negative int32 keys, as stable sorts of their 16-bit
    halves, low then high (a least-significant-digit radix sort: the same permutation). numpy sorts
    16-bit keys by radix, in one pass over the data: at a million sentences about half the time."""
    if not len(keys) or int(keys.max()) < 1 << 16:
        return np.argsort(keys.astype(np.uint16), kind="stable")
    order = np.argsort((keys & 0xFFFF).astype(np.uint16), kind="stable")
    return order[np.argsort((keys >> 16).astype(np.uint16)[order], kind="stable")]


def _once(params: BM25Params, doc_len: np.ndarray, avgdl: float) -> np.ndarray:
    """Each document's tf part for tf = 1: with the term's idf, the weight of most postings."""
    if not avgdl:  # no document has a term: nothing is ever weighed
        return np.zeros(len(doc_len))
    b = params.b
    if params.variant == "plus":
        # In place, the same operations in the same order as below (bit-identical): at a
        # million sentences the temporaries would be most of the time it takes to open an index.
        x = doc_len.astype(np.float64)
        x *= b
        x /= avgdl
        x += 1 - b
        x *= params.k1
        x += 1.0
        return np.divide(np.array([params.k1 + 1]), x, out=x)
    norm = 1 - b + b * doc_len.astype(np.float64) / avgdl
    return _tf_part(params, np.ones(1), norm)


def _idf(params: BM25Params, n: int, term_ptr: np.ndarray) -> np.ndarray:
    """Per-term idf as rank_bm25 computes it (0.0 for a term no live sentence holds)."""
    df = np.diff(term_ptr).astype(np.float64)
    present = df > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        if params.variant == "okapi":
            idf = np.log(n - df + 0.5) - np.log(df + 0.5)
            if present.any():
                eps = params.epsilon * float(idf[present].mean())
                idf = np.where(present & (idf < 0), eps, idf)
        elif params.variant == "l":
            idf = np.log(n + 1) - np.log(df + 0.5)
        else:
            idf = np.log((n + 1) / df)
    return np.where(present, idf, 0.0)


def _weight_chunks(index: BM25Index, idf: np.ndarray) -> Iterator[tuple[int, int, int, np.ndarray]]:
    """Every posting's weight, over whole terms at a time: (first term, end term, first posting,
    weights). Each chunk holds about _WEIGHT_BLOCK postings, so every temporary is a few MB (at a
    million sentences one full-size temporary costs ~0.3 s in page faults)."""
    term_ptr = index.term_ptr
    n_post = int(term_ptr[-1])
    if not n_post:
        return
    df: np.ndarray = np.diff(term_ptr.astype(np.int64))
    cuts = np.unique(np.searchsorted(term_ptr, np.arange(0, n_post, _WEIGHT_BLOCK), side="right") - 1)
    for t0, t1 in itertools.pairwise([*cuts, len(df)]):
        lo, hi = int(term_ptr[t0]), int(term_ptr[t1])
        if lo == hi:
            continue
        docs = index.post_doc[lo:hi]
        weights = index.once(docs)
        weights *= np.repeat(idf[t0:t1], df[t0:t1])
        a, b = _find(index.tf_at, (lo, hi))
        if a < b:
            at = index.tf_at[a:b] - lo
            weights[at] = np.repeat(idf[t0:t1], df[t0:t1])[at] * index._tf_weight(index.tf_val[a:b], docs[at])
        yield t0, t1, lo, weights


def _term_max(params: BM25Params, index: BM25Index, idf: np.ndarray) -> np.ndarray:
    """Each term's largest posting weight."""
    term_ptr = index.term_ptr
    term_max = np.zeros(len(idf))
    df = np.diff(term_ptr)
    for t0, t1, lo, weights in _weight_chunks(index, idf):
        present = np.flatnonzero(df[t0:t1] > 0)
        term_max[t0 + present] = np.maximum.reduceat(weights, term_ptr[t0 + present] - lo)
    return term_max


def block_starts(term_ptr: np.ndarray) -> np.ndarray:
    """Each term's first block (int64, one more than the terms: the last is the block count)."""
    df: np.ndarray = np.diff(term_ptr.astype(np.int64))
    per_term = (df + (1 << BLOCK_SHIFT) - 1) >> BLOCK_SHIFT
    out = np.zeros(len(per_term) + 1, np.int64)
    np.cumsum(per_term, out=out[1:])
    return out


def _block_bounds(index: BM25Index) -> np.ndarray:
    """`BM25Index.block_bounds`: weights computed as in `_term_max`, over whole terms at a time."""
    term_ptr = index.term_ptr
    starts_of_term = block_starts(term_ptr)
    n_blocks = int(starts_of_term[-1])
    out = np.full(n_blocks, 255, np.uint8)
    term_max = np.asarray(index.term_max, dtype=np.float64)
    for t0, t1, lo, weights in _weight_chunks(index, index.idf):
        b0, b1 = int(starts_of_term[t0]), int(starts_of_term[t1])
        term_of = np.repeat(np.arange(t0, t1), starts_of_term[t0 + 1:t1 + 1] - starts_of_term[t0:t1])
        first = term_ptr[term_of].astype(np.int64) - lo + ((np.arange(b0, b1) - starts_of_term[term_of]) << BLOCK_SHIFT)
        largest = np.maximum.reduceat(weights, first)
        top = term_max[term_of]
        with np.errstate(divide="ignore", invalid="ignore"):
            # a hair up before rounding up: the kernel's comparisons keep a margin far wider than that
            q = np.ceil(largest / top * 255 * (1 + 1e-12))
        # no bound to scale (a term whose weights are all 0 or below): the block keeps its term's
        out[b0:b1] = np.where((top > 0) & (q < 255), np.maximum(q, 0), 255).astype(np.uint8)
    return out


def _tf_part(params: BM25Params, tf: np.ndarray, norm: np.ndarray) -> np.ndarray:
    """A posting's weight divided by its term's idf (without BM25Plus's delta: the baseline)."""
    k1 = params.k1
    if params.variant == "okapi":
        return tf * (k1 + 1) / (tf + k1 * norm)
    if params.variant == "l":
        ctd = tf / norm
        return tf * (k1 + 1) * (ctd + params.delta) / (k1 + ctd + params.delta)
    return (tf * (k1 + 1)) / (k1 * norm + tf)
