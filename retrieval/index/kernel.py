"""The first stage's compiled query kernel: one call scores a whole query and returns its top k.

Compiled by numba (wheels from PyPI, no compiler on the user's machine) with an on-disk cache;
`python -m retrieval.index.kernel --warm` (run by `make install`) compiles it once, so a user
never waits for the compiler. Nothing imports this module on the query path: `compiled.py`
loads it in a background thread and the numpy path in bm25.py answers until it is ready.

Scores are the numpy path's bit for bit: a posting's weight is `once[doc] * idf` (tf = 1) or
`idf * ex_part[j]` (tf > 1, `ex_part` computed by bm25.py's own numpy code), times the query
count of the term, and a document's terms are summed in query order starting from 0.0, as
numpy's bincount sums them. Ties break by lower document index (= lower sentence id).

Two ways through a query:
- exhaustive (few postings): every term's postings are added into a dense score buffer in
  query order; the touched documents go through a size-k heap.
- MaxScore (many postings): terms are walked in order of their upper bound (count x largest
  weight), highest first. Once the bounds of the terms not yet walked sum below the k-th best
  partial score, no untouched document can reach the top k: the rest are only looked up, by
  binary search, for the candidates whose partial score plus those bounds can still get there.
  Partial sums in that order are not the query-order sums, so the documents near the top are
  scored again exactly (query order) before the final selection: pruning never changes a result.

The buffers (`buf` scores, `seen` flags, `touched` list) are the caller's, one set per thread,
and are left zeroed. A posting naming a document beyond the index (a damaged file) stops the
query with status -1 and the caller falls back to the numpy path.
"""
from __future__ import annotations

import sys

import numpy as np
from numba import njit, types

_I8 = types.int64
_F8 = types.float64
_ARGS = (
    types.Array(types.uint32, 1, "C", readonly=True),  # post_doc
    types.Array(_I8, 1, "C", readonly=True),  # term_ptr
    types.Array(_I8, 1, "C", readonly=True),  # tf_at
    types.Array(_F8, 1, "C", readonly=True),  # ex_part
    types.Array(_F8, 1, "C", readonly=True),  # once
    types.Array(_F8, 1, "C", readonly=True),  # idf
    types.Array(_F8, 1, "C", readonly=True),  # term_max
    types.Array(_I8, 1, "C"),  # tids
    types.Array(_F8, 1, "C"),  # counts
    _I8,  # k
    _I8,  # prune_min: total postings from which MaxScore is tried
    types.Array(_F8, 1, "C"),  # buf
    types.Array(types.uint8, 1, "C"),  # seen
    types.Array(types.uint32, 1, "C"),  # touched
)
_RESULT = types.Tuple((types.Array(_I8, 1, "C"), types.Array(_F8, 1, "C"), _I8))
_MARGIN = 1e-9  # relative slack on every pruning comparison: float sums may round either way


@njit(cache=True, nogil=True)
def _lower_bound_u4(a, lo, hi, value):
    """First position in a[lo:hi] (ascending) holding a value >= `value`."""
    while lo < hi:
        mid = (lo + hi) >> 1
        if np.int64(a[mid]) < value:
            lo = mid + 1
        else:
            hi = mid
    return lo


@njit(cache=True, nogil=True)
def _lower_bound_i8(a, lo, hi, value):
    while lo < hi:
        mid = (lo + hi) >> 1
        if a[mid] < value:
            lo = mid + 1
        else:
            hi = mid
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
def _heap_top(docs, n, scores, k):
    """The k best of docs[:n] by scores[doc] as a heap (worst at the root): (scores, docs, size)."""
    size = min(k, n)
    hs = np.empty(size, np.float64)
    hd = np.empty(size, np.int64)
    for i in range(size):
        d = np.int64(docs[i])
        hs[i] = scores[d]
        hd[i] = d
    for i in range(size // 2 - 1, -1, -1):
        _sift_down(hs, hd, i, size)
    for i in range(size, n):
        d = np.int64(docs[i])
        s = scores[d]
        if _worse(hs[0], hd[0], s, d):
            hs[0] = s
            hd[0] = d
            _sift_down(hs, hd, 0, size)
    return hs, hd, size


@njit(cache=True, nogil=True)
def _best_first(hs, hd, size):
    """The heap's entries best first (heap sort: the root is always the worst left)."""
    out_s = np.empty(size, np.float64)
    out_d = np.empty(size, np.int64)
    for last in range(size - 1, -1, -1):
        out_s[last] = hs[0]
        out_d[last] = hd[0]
        hs[0] = hs[last]
        hd[0] = hd[last]
        _sift_down(hs, hd, 0, last)
    return out_d, out_s


@njit(cache=True, nogil=True)
def _add_postings(post_doc, tf_at, ex_part, once, idf_t, count, lo, hi, a, b, n_docs, buf, seen, touched, n_touched):
    """buf[doc] += count x weight for the term's postings [lo, hi); exceptions tf_at[a:b].
    Returns the new touched count, or -1 when a posting names no document."""
    j = a
    for p in range(lo, hi):
        d = np.int64(post_doc[p])
        if d >= n_docs:
            return -1
        if j < b and tf_at[j] == p:
            w = idf_t * ex_part[j]
            j += 1
        else:
            w = once[d] * idf_t
        if seen[d] == 0:
            seen[d] = 1
            touched[n_touched] = d
            n_touched += 1
        buf[d] += w * count
    return n_touched


@njit(cache=True, nogil=True)
def _weight_of(post_doc, tf_at, ex_part, once, idf_t, lo, hi, a, b, d):
    """The term's weight in document d (0.0 when d does not hold it), by binary search."""
    p = _lower_bound_u4(post_doc, lo, hi, d)
    if p == hi or np.int64(post_doc[p]) != d:
        return 0.0, False
    j = _lower_bound_i8(tf_at, a, b, p)
    if j < b and tf_at[j] == p:
        return idf_t * ex_part[j], True
    return once[d] * idf_t, True


@njit(cache=True, nogil=True)
def _max_score(post_doc, tf_at, ex_part, once, idf, term_max, tids, counts, k, lo, hi, ea, eb,
               n_docs, buf, seen, touched):
    m = len(tids)
    bound = np.empty(m, np.float64)
    for i in range(m):
        bound[i] = counts[i] * term_max[tids[i]]
    order = np.argsort(-bound, kind="mergesort")
    rest_bound = np.zeros(m + 1, np.float64)  # rest_bound[j]: bounds of order[j:] summed
    rest_df = np.zeros(m + 1, np.int64)
    for j in range(m - 1, -1, -1):
        rest_bound[j] = rest_bound[j + 1] + bound[order[j]]
        rest_df[j] = rest_df[j + 1] + hi[order[j]] - lo[order[j]]
    n_touched = 0
    walked = m  # terms order[:walked] were walked in full; the rest are looked up for candidates
    theta = 0.0
    for j in range(m):
        i = order[j]
        n_touched = _add_postings(post_doc, tf_at, ex_part, once, idf[tids[i]], counts[i], lo[i], hi[i],
                                  ea[i], eb[i], n_docs, buf, seen, touched, n_touched)
        if n_touched < 0:
            _reset(buf, seen, touched, n_docs)
            return np.empty(0, np.int64), np.empty(0, np.float64), np.int64(-1)
        # worth a look only when the postings left outweigh a pass over the touched documents
        if j + 1 < m and n_touched >= k and rest_df[j + 1] > 2 * n_touched:
            hs, hd, size = _heap_top(touched, n_touched, buf, k)
            theta = hs[0] * (1 - _MARGIN)
            if rest_bound[j + 1] * (1 + _MARGIN) < theta:
                walked = j + 1
                break
    if walked == m:
        cand = touched[:n_touched].copy()
        n_cand = n_touched
    else:
        # candidates: touched documents that the remaining terms' bounds could still lift to theta
        cand = np.empty(n_touched, np.uint32)
        n_cand = 0
        slack = rest_bound[walked] * (1 + _MARGIN)
        for x in range(n_touched):
            d = touched[x]
            if buf[d] + slack >= theta:
                cand[n_cand] = d
                n_cand += 1
        for j in range(walked, m):
            i = order[j]
            idf_t = idf[tids[i]]
            c = counts[i]
            for x in range(n_cand):
                d = np.int64(cand[x])
                w, held = _weight_of(post_doc, tf_at, ex_part, once, idf_t, lo[i], hi[i], ea[i], eb[i], d)
                if held:
                    buf[d] += w * c
            # narrow the candidates again with the bounds left after this term
            if j + 1 < m and n_cand > k:
                slack = rest_bound[j + 1] * (1 + _MARGIN)
                kept = 0
                for x in range(n_cand):
                    d = cand[x]
                    if buf[d] + slack >= theta:
                        cand[kept] = d
                        kept += 1
                n_cand = kept
    # the documents that may be in the top k, scored again exactly (query order) and selected
    hs, hd, size = _heap_top(cand, n_cand, buf, k)
    floor = hs[0] * (1 - _MARGIN) if size else 0.0
    near = np.empty(n_cand, np.uint32)
    n_near = 0
    for x in range(n_cand):
        d = cand[x]
        if buf[d] >= floor:
            near[n_near] = d
            n_near += 1
    _clear(buf, seen, touched, n_touched)
    for x in range(n_near):
        d = np.int64(near[x])
        s = 0.0
        for i in range(m):
            w, held = _weight_of(post_doc, tf_at, ex_part, once, idf[tids[i]], lo[i], hi[i], ea[i], eb[i], d)
            if held:
                s += w * counts[i]
        buf[d] = s
    hs, hd, size = _heap_top(near, n_near, buf, k)
    docs, scores = _best_first(hs, hd, size)
    for x in range(n_near):
        buf[np.int64(near[x])] = 0.0
    return docs, scores, np.int64(0)


@njit(cache=True, nogil=True)
def _clear(buf, seen, touched, n_touched):
    for x in range(n_touched):
        d = touched[x]
        buf[d] = 0.0
        seen[d] = 0


@njit(cache=True, nogil=True)
def _reset(buf, seen, touched, n_docs):
    """After a damaged posting: which documents were touched is uncertain, so clear them all."""
    for d in range(n_docs):
        buf[d] = 0.0
        seen[d] = 0


@njit(_RESULT(*_ARGS), cache=True, nogil=True)
def top_k(post_doc, term_ptr, tf_at, ex_part, once, idf, term_max, tids, counts, k, prune_min, buf, seen, touched):
    """The k best documents for the query terms `tids` (each counted `counts` times): their
    indexes and scores (without BM25Plus's baseline), best first, and a status (0, or -1 for
    a posting beyond the index)."""
    m = len(tids)
    n_docs = len(once)
    lo = np.empty(m, np.int64)
    hi = np.empty(m, np.int64)
    ea = np.empty(m, np.int64)
    eb = np.empty(m, np.int64)
    total = 0
    negative = False
    for i in range(m):
        t = tids[i]
        lo[i] = term_ptr[t]
        hi[i] = term_ptr[t + 1]
        ea[i] = _lower_bound_i8(tf_at, 0, len(tf_at), lo[i])
        eb[i] = _lower_bound_i8(tf_at, ea[i], len(tf_at), hi[i])
        total += hi[i] - lo[i]
        if idf[t] < 0 or counts[i] < 0:
            negative = True  # bounds only add up for weights >= 0 (Okapi's floor on tiny stores)
    n_touched = 0
    if m == 1 or total < prune_min or negative:
        for i in range(m):
            n_touched = _add_postings(post_doc, tf_at, ex_part, once, idf[tids[i]], counts[i], lo[i], hi[i],
                                      ea[i], eb[i], n_docs, buf, seen, touched, n_touched)
            if n_touched < 0:
                break
        if n_touched < 0:
            _reset(buf, seen, touched, n_docs)
            return np.empty(0, np.int64), np.empty(0, np.float64), np.int64(-1)
        hs, hd, size = _heap_top(touched, n_touched, buf, k)
        docs, scores = _best_first(hs, hd, size)
        _clear(buf, seen, touched, n_touched)
        return docs, scores, np.int64(0)
    return _max_score(post_doc, tf_at, ex_part, once, idf, term_max, tids, counts, k, lo, hi, ea, eb,
                      n_docs, buf, seen, touched)


def warm() -> None:
    """Compile (or load from the cache) and run the kernel once on a tiny index."""
    u4 = np.array([0, 1, 1], np.uint32)
    ptr = np.array([0, 2, 3], np.int64)
    f8 = np.ones(2)
    docs, _, status = top_k(u4, ptr, np.zeros(0, np.int64), np.zeros(0), f8, f8, f8, np.array([0, 1], np.int64),
                            np.ones(2), 2, 0, np.zeros(2), np.zeros(2, np.uint8), np.zeros(2, np.uint32))
    if status != 0 or list(docs) != [1, 0]:
        raise RuntimeError(f"the compiled kernel answered {list(docs)} (status {status}) on its warm-up index")


if __name__ == "__main__":
    if sys.argv[1:] != ["--warm"]:
        raise SystemExit("usage: python -m retrieval.index.kernel --warm   (compile and cache the query kernel)")
    warm()
    print("compiled first-stage kernel ready (cached)")
