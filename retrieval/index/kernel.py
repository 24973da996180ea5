"""The first stage's compiled query kernel: one call scores a whole query and returns its top k.

Compiled by numba (wheels from PyPI, no compiler on the user's machine) with an on-disk cache;
`python -m retrieval.index.kernel --warm` (run by `make install`) compiles it once, so a user
never waits for the compiler. Nothing imports this module on the query path: `compiled.py`
loads it in a background thread and the numpy path in bm25.py answers until it is ready.

Scores are the numpy path's bit for bit: a posting's weight is `once_by_len[doc_len[doc]] * idf`
(tf = 1; bm25.py's own per-length table) or, for the few postings with tf > 1, `idf` times
bm25.py's `_tf_weight` by the same float operations in the same order, times the term's query count; a
document's terms are summed in query order from 0.0, as numpy's bincount sums them, and the
baseline is added last. Ties break by lower document index (= lower sentence id).

Document at a time: the terms' posting lists (ascending documents) are merged with one cursor
each, and a document is scored whole (when its bounds let it: below) and offered to a size-k heap. Nothing the size of the
index is written (no score buffer to clear, nothing per thread): a query reads its postings in
order plus one length per document, which is what keeps it fast when other processes have
emptied the CPU caches between queries.

MaxScore (queries of at least `prune_min` postings): terms ranked by upper bound (count x
largest weight). Once the heap holds k, the lowest-ranked terms whose bounds together stay
below the k-th score are non-essential: documents are only taken from the essential terms'
cursors. A document is then bounded before it is scored: the block bounds (below) of the
essential terms holding it, then the non-essential terms looked up (galloping forward) largest
bound first, each adding its block's bound where it holds the document, stopping as soon as the
bounds left cannot reach the k-th score. Only a document that passes reads its length (a random
read: at a million sentences most of a query's time when other processes have emptied the
caches) and is scored, exactly. Every comparison keeps a 1e-9 relative margin, so pruning changes
nothing.

Block bounds: the postings of each term in blocks of 2**blk_shift; `blk_q[blk_ptr[t] + j]` is
the largest weight in block j of term t in 255ths of the term's bound, rounded up (bm25.py's
`block_bounds`), so a block's bound is never below any weight in it.
"""
from __future__ import annotations

import sys

import numpy as np
from numba import njit, types

_I8 = types.int64
_F8 = types.float64
_ARGS = (
    types.Array(types.uint32, 1, "C", readonly=True),  # post_doc
    types.Array(types.uint32, 1, "C", readonly=True),  # term_ptr
    types.Array(types.uint32, 1, "C", readonly=True),  # tf_at: the postings with tf > 1, ascending
    types.Array(types.uint8, 1, "C", readonly=True),  # tf_val: their term frequencies
    types.Array(types.uint16, 1, "C", readonly=True),  # doc_len
    types.Array(_F8, 1, "C", readonly=True),  # once_by_len
    types.Array(_F8, 1, "C", readonly=True),  # idf
    types.Array(types.float32, 1, "C", readonly=True),  # term_max
    types.Array(types.uint32, 1, "C", readonly=True),  # blk_ptr: each term's first block
    types.Array(types.uint8, 1, "C", readonly=True),  # blk_q: each block's bound, in 255ths of its term's
    _I8,  # blk_shift: log2 of the postings a block
    types.Array(_I8, 1, "C"),  # tids
    types.Array(_F8, 1, "C"),  # counts
    _I8,  # k
    _I8,  # prune_min: total postings from which MaxScore prunes
    _F8,  # delta_base: BM25Plus's delta (0.0 for the other variants)
    _I8,  # variant: 0 okapi, 1 l, 2 plus (the formula of the tf > 1 weights)
    _F8,  # k1
    _F8,  # b
    _F8,  # delta
    _F8,  # avgdl
)
_RESULT = types.Tuple((types.Array(_I8, 1, "C"), types.Array(_F8, 1, "C"), _I8))
_MARGIN = 1e-9  # relative slack on every pruning comparison: float sums may round either way


@njit(cache=True, nogil=True)
def _lower_bound_i8(a, lo, hi, value):
    """First position in a[lo:hi] (ascending) holding a value >= `value`."""
    while lo < hi:
        mid = (lo + hi) >> 1
        if a[mid] < value:
            lo = mid + 1
        else:
            hi = mid
    return lo


@njit(cache=True, nogil=True)
def _gallop(post_doc, pos, hi, d):
    """First position >= pos in post_doc[:hi] (ascending) holding a document >= d: doubling steps,
    then a binary search, so a short move costs a few reads."""
    if pos >= hi or np.int64(post_doc[pos]) >= d:
        return pos
    step = 1
    lo = pos  # post_doc[lo] < d
    while lo + step < hi and np.int64(post_doc[lo + step]) < d:
        lo += step
        step *= 2
    top = min(lo + step, hi)
    lo += 1
    while lo < top:
        mid = (lo + top) >> 1
        if np.int64(post_doc[mid]) < d:
            lo = mid + 1
        else:
            top = mid
    return lo


@njit(cache=True, nogil=True)
def _worse(s1, d1, s2, d2):
    """(s1, d1) ranks below (s2, d2): lower score, or the same score and a higher document."""
    return s1 < s2 or (s1 == s2 and d1 > d2)


@njit(cache=True, nogil=True)
def _sift_down(hs, hd, i, size):
    while True:
        left = 2 * i + 1
        if left >= size:
            return
        worst = left
        right = left + 1
        if right < size and _worse(hs[right], hd[right], hs[left], hd[left]):
            worst = right
        if _worse(hs[worst], hd[worst], hs[i], hd[i]):
            hs[i], hs[worst] = hs[worst], hs[i]
            hd[i], hd[worst] = hd[worst], hd[i]
            i = worst
        else:
            return


@njit(cache=True, nogil=True)
def _sift_up(hs, hd, i):
    while i > 0:
        parent = (i - 1) >> 1
        if _worse(hs[i], hd[i], hs[parent], hd[parent]):
            hs[i], hs[parent] = hs[parent], hs[i]
            hd[i], hd[parent] = hd[parent], hd[i]
            i = parent
        else:
            return


@njit(cache=True, nogil=True)
def _tf_part(tf, dl, variant, k1, b, delta, avgdl):
    """bm25.py's `_tf_weight` for one posting: the same float operations in the same order."""
    norm = (1.0 - b) + b * dl / avgdl
    if variant == 2:
        return (tf * (k1 + 1.0)) / (k1 * norm + tf)
    if variant == 0:
        return tf * (k1 + 1.0) / (tf + k1 * norm)
    ctd = tf / norm
    return tf * (k1 + 1.0) * (ctd + delta) / (k1 + ctd + delta)


@njit(cache=True, nogil=True)
def _weight(tf_at, tf_val, ej, eb, i, p, once_d, dl, idf_t, variant, k1, b, delta, avgdl):
    """The weight of posting p of query term i; moves the term's exception pointer ej[i] up to p."""
    j = ej[i]
    if j < eb[i] and np.int64(tf_at[j]) < p:  # cursors only move forward: usually the next exception or two
        j += 1
        if j < eb[i] and np.int64(tf_at[j]) < p:
            j = _lower_bound_i8(tf_at, j, eb[i], p)
        ej[i] = j
    if j < eb[i] and np.int64(tf_at[j]) == p:
        return idf_t * _tf_part(np.float64(tf_val[j]), dl, variant, k1, b, delta, avgdl)
    return once_d * idf_t


@njit(_RESULT(*_ARGS), cache=True, nogil=True)
def top_k(post_doc, term_ptr, tf_at, tf_val, doc_len, once_by_len, idf, term_max, blk_ptr, blk_q, blk_shift,
          tids, counts, k, prune_min, delta_base, variant, k1, b, delta, avgdl):
    """The k best documents for the query terms `tids` (each counted `counts` times), best first:
    their indexes, their scores (BM25Plus's baseline included) and a status (0, or -1 for a
    posting naming a document beyond the index)."""
    n_docs = len(doc_len)
    m0 = len(tids)
    # the terms some document holds, in query order, and the baseline every document scores
    q_idf = np.empty(m0, np.float64)
    q_c = np.empty(m0, np.float64)
    bound = np.empty(m0, np.float64)  # count x the term's largest weight
    b255 = np.empty(m0, np.float64)  # bound / 255: a block's bound is this times its blk_q
    pos = np.empty(m0, np.int64)  # each term's cursor into its postings
    lo = np.empty(m0, np.int64)  # each term's first posting and first block
    blk0 = np.empty(m0, np.int64)
    hi = np.empty(m0, np.int64)
    ej = np.empty(m0, np.int64)  # each term's pointer into the tf > 1 exceptions
    eb = np.empty(m0, np.int64)
    baseline = 0.0
    m = 0
    total = 0
    negative = False
    for x in range(m0):
        t = tids[x]
        start, end = np.int64(term_ptr[t]), np.int64(term_ptr[t + 1])
        if start == end:
            continue  # rank_bm25: a term no sentence holds adds nothing
        q_idf[m] = idf[t]
        q_c[m] = counts[x]
        bound[m] = counts[x] * np.float64(term_max[t])
        b255[m] = bound[m] * (1.0 / 255.0)
        pos[m] = start
        lo[m] = start
        blk0[m] = np.int64(blk_ptr[t])
        hi[m] = end
        ej[m] = _lower_bound_i8(tf_at, 0, len(tf_at), start)
        eb[m] = _lower_bound_i8(tf_at, ej[m], len(tf_at), end)
        baseline += counts[x] * idf[t] * delta_base
        negative = negative or idf[t] < 0  # bounds only add up for weights >= 0 (Okapi's floor)
        total += int(end - start)
        m += 1
    prune = total >= prune_min and not negative
    # ranks by upper bound, lowest first; cum[r]: the bounds of ranks 0..r summed. Ranks below
    # `e` are non-essential: together they cannot lift a document to the k-th score.
    order = np.argsort(bound[:m], kind="mergesort")
    cum = np.empty(m, np.float64)
    running = 0.0
    for r in range(m):
        running += bound[order[r]]
        cum[r] = running
    e = 0
    k = min(k, total)  # no more documents than postings: a huge k allocates nothing huge
    hs = np.empty(max(k, 1), np.float64)  # heap of the best so far, worst at the root
    hd = np.empty(max(k, 1), np.int64)
    size = 0
    theta = -np.inf  # the k-th best score once k are held
    at = np.empty(m, np.int64)  # the document's posting in each term's list, or -1
    while True:
        d = np.int64(n_docs)  # the next document among the essential terms' cursors
        for r in range(e, m):
            i = order[r]
            if pos[i] < hi[i]:
                di = np.int64(post_doc[pos[i]])
                if di < d:
                    d = di
        if d == n_docs:
            for r in range(e, m):  # no cursor left, or one names a document beyond the index
                i = order[r]
                if pos[i] < hi[i]:
                    return np.empty(0, np.int64), np.empty(0, np.float64), np.int64(-1)
            break
        # the essential terms holding d, and the bound of each one's block there
        ub = 0.0
        for r in range(e, m):
            i = order[r]
            p = pos[i]
            if p < hi[i] and np.int64(post_doc[p]) == d:
                at[i] = p
                pos[i] = p + 1
                ub += b255[i] * blk_q[blk0[i] + ((p - lo[i]) >> blk_shift)]
            else:
                at[i] = -1
        # the non-essential terms, the largest bound first, only while they could still lift d
        # to the k-th score: most documents are dropped here, on bounds and postings alone,
        # without reading their length (a random read) or scoring them
        skip = False
        for r in range(e - 1, -1, -1):
            if (ub + cum[r]) * (1 + _MARGIN) < theta:
                skip = True
                break
            i = order[r]
            p = _gallop(post_doc, pos[i], hi[i], d)
            pos[i] = p
            if p < hi[i] and np.int64(post_doc[p]) == d:
                at[i] = p
                pos[i] = p + 1
                ub += b255[i] * blk_q[blk0[i] + ((p - lo[i]) >> blk_shift)]
            else:
                at[i] = -1
                if p < hi[i] and np.int64(post_doc[p]) >= n_docs:
                    return np.empty(0, np.int64), np.empty(0, np.float64), np.int64(-1)
        if skip or ub * (1 + _MARGIN) < theta:
            continue
        dl = doc_len[d]
        once_d = once_by_len[dl]
        s = 0.0
        for i in range(m):  # the exact score: query order, as numpy sums (a term d lacks adds 0.0)
            if at[i] >= 0:
                s += _weight(tf_at, tf_val, ej, eb, i, at[i], once_d, np.float64(dl), q_idf[i], variant, k1, b,
                             delta, avgdl) * q_c[i]
        if size < k:
            hs[size] = s
            hd[size] = d
            _sift_up(hs, hd, size)
            size += 1
        elif _worse(hs[0], hd[0], s, d):
            hs[0] = s
            hd[0] = d
            _sift_down(hs, hd, 0, size)
        if prune and size == k:
            theta = hs[0]
            while e < m and cum[e] * (1 + _MARGIN) < theta:
                e += 1  # when every term is non-essential, no document left can make the top k
    out_d = np.empty(size, np.int64)
    out_s = np.empty(size, np.float64)
    for last in range(size - 1, -1, -1):  # heap sort: the root is always the worst left
        out_s[last] = hs[0] + baseline
        out_d[last] = hd[0]
        hs[0] = hs[last]
        hd[0] = hd[last]
        _sift_down(hs, hd, 0, last)
    return out_d, out_s, np.int64(0)


def warm() -> None:
    """Compile (or load from the cache) and run the kernel once on a tiny index."""
    post_doc = np.array([0, 1, 1], np.uint32)
    f8 = np.ones(2)
    docs, _, status = top_k(post_doc, np.array([0, 2, 3], np.uint32), np.zeros(0, np.uint32), np.zeros(0, np.uint8),
                            np.zeros(2, np.uint16), f8, f8, np.ones(2, np.float32), np.array([0, 1, 2], np.uint32),
                            np.full(2, 255, np.uint8), 5, np.array([0, 1], np.int64), np.ones(2), 2, 0, 0.0,
                            2, 1.2, 0.5, 1.0, 1.0)
    if status != 0 or list(docs) != [1, 0]:
        raise RuntimeError(f"the compiled kernel answered {list(docs)} (status {status}) on its warm-up index")


if __name__ == "__main__":
    if sys.argv[1:] != ["--warm"]:
        raise SystemExit("usage: python -m retrieval.index.kernel --warm   (compile and cache the query kernel)")
    warm()
    print("compiled first-stage kernel ready (cached)")
