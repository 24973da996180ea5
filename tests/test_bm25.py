"""The index reproduces rank_bm25's scores and rankings exactly, through adds and removes."""
from __future__ import annotations

import numpy as np
import pytest
import rank_bm25
from hypothesis import example, given, settings
from hypothesis import strategies as st

from retrieval.index.bm25 import DEFAULT_PARAMS, BM25Index, BM25Params, _stable_order

VOCAB = ["alpha", "beta", "gamma", "delta", "eps", "zeta", "eta"]
PARAMS = [
    DEFAULT_PARAMS,
    BM25Params("okapi", k1=1.5, b=0.75),
    BM25Params("l", k1=1.2, b=0.75, delta=0.5),
    BM25Params("plus", k1=0.9, b=0.3, delta=1.0),
]

docs_st = st.lists(st.lists(st.sampled_from(VOCAB), min_size=0, max_size=8), min_size=1, max_size=12)
query_st = st.lists(st.sampled_from(VOCAB + ["unknown", "missing"]), min_size=0, max_size=6)


def oracle(params: BM25Params, corpus: list[list[str]]):
    return getattr(rank_bm25, params.oracle_class)(corpus, **params.oracle_kwargs())


def assert_same(index: BM25Index, sids: list[int], corpus: list[list[str]], query: list[str], params: BM25Params):
    """Scores equal get_scores; top() is get_scores' ranking restricted to matching sentences."""
    if all(len(d) == 0 for d in corpus):
        assert index.top(query, 5).sids.size == 0  # rank_bm25 divides by zero here
        return
    expected = oracle(params, corpus).get_scores(query)
    got = index.all_scores(query)
    np.testing.assert_allclose(got, expected, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(index.scores_for(query, sids), expected, rtol=1e-9, atol=1e-12)
    matching = [i for i, d in enumerate(corpus) if set(d) & set(query)]
    for k in (1, 3, len(corpus) + 1):
        top = index.top(query, k)
        want = sorted(matching, key=lambda i: (-expected[i], i))[:k]
        assert len(top.sids) == len(want)
        np.testing.assert_allclose(top.scores, expected[want], rtol=1e-9, atol=1e-12)
        # identical up to exact float ties, which are broken by id
        for a, b in zip(top.sids, [sids[i] for i in want]):
            if a != b:
                ia, ib = sids.index(a), sids.index(b)
                assert abs(expected[ia] - expected[ib]) <= 1e-9 * max(1.0, abs(expected[ia]))
        assert list(top.scores) == sorted(top.scores, reverse=True)


@pytest.mark.parametrize("params", PARAMS, ids=lambda p: p.stamp())
@settings(max_examples=60, deadline=None)
@given(corpus=docs_st, query=query_st)
def test_matches_rank_bm25(params, corpus, query):
    sids = [10 * i + 3 for i in range(len(corpus))]
    index = BM25Index.build(zip(sids, corpus), params)
    assert_same(index, sids, corpus, query, params)


@pytest.mark.parametrize("params", PARAMS[:2], ids=lambda p: p.stamp())
@settings(max_examples=60, deadline=None)
@given(
    batches=st.lists(docs_st, min_size=1, max_size=4),
    removals=st.lists(st.lists(st.integers(0, 40), max_size=6), min_size=4, max_size=4),
    query=query_st,
)
def test_add_remove_sequences_match_rebuild_on_survivors(params, batches, removals, query):
    index = BM25Index.empty(params)
    live: dict[int, list[str]] = {}
    next_id = 1
    for batch, removed in zip(batches, removals):
        new = []
        for doc in batch:
            new.append((next_id, doc))
            live[next_id] = doc
            next_id += 1 + (next_id % 3)  # holes, like ids freed by --replace
        index = index.add(new)
        index = index.remove(removed)
        for sid in removed:
            live.pop(sid, None)
    sids = sorted(live)
    assert list(index.doc_sid) == sids
    if not sids:
        assert index.top(query, 3).sids.size == 0
        return
    assert_same(index, sids, [live[s] for s in sids], query, params)
    # and the same arrays as an index built in one go
    fresh = BM25Index.build([(s, live[s]) for s in sids], params)
    np.testing.assert_allclose(index.all_scores(query), fresh.all_scores(query), rtol=1e-12)


def test_tiny_corpus_common_term_never_ranks_below_absent_term():
    # Okapi floors idf of a term in most sentences to a small positive eps, but with the
    # chosen BM25Plus a term in every sentence still adds to the sentences holding it.
    corpus = [["korea", "talks"], ["korea"], ["korea", "korea", "weather"]]
    index = BM25Index.build(enumerate(corpus, 1))
    assert index.term_idf("korea") > 0
    top = index.top(["korea", "talks"], 3)
    assert next(iter(top.sids)) == 1
    assert all(np.diff(top.scores) <= 0)


def test_repeated_query_terms_count_like_rank_bm25():
    corpus = [["a", "b"], ["b", "c"], ["c", "c", "d"]]
    index = BM25Index.build(enumerate(corpus))
    expected = oracle(DEFAULT_PARAMS, corpus).get_scores(["c", "c", "a"])
    np.testing.assert_allclose(index.all_scores(["c", "c", "a"]), expected, rtol=1e-12)


def test_unknown_terms_and_empty_queries_find_nothing():
    index = BM25Index.build([(1, ["a"]), (2, ["b"])])
    assert index.top(["zzz"], 5).sids.size == 0
    assert index.top([], 5).sids.size == 0
    assert index.top(["a"], 0).sids.size == 0
    assert BM25Index.empty().top(["a"], 3).sids.size == 0
    assert index.document_frequency("zzz") == 0 and index.term_idf("zzz") == 0.0


def test_ties_are_broken_by_lower_sentence_id():
    index = BM25Index.build([(5, ["x", "y"]), (7, ["x", "y"]), (9, ["x", "y"]), (11, ["z"])])
    assert list(index.top(["x"], 2).sids) == [5, 7]


def test_ids_must_ascend():
    index = BM25Index.build([(5, ["x"])])
    with pytest.raises(ValueError, match="sentence id 5 is not above the last indexed id 5"):
        index.add([(5, ["y"])])


def test_removed_sentences_are_gone_and_old_index_still_answers():
    old = BM25Index.build([(1, ["x"]), (2, ["x", "y"]), (3, ["y"])])
    new = old.remove([2, 99])
    assert list(new.top(["x", "y"], 5).sids) == [1, 3] or list(new.top(["x", "y"], 5).sids) == [3, 1]
    assert 2 in old.top(["x", "y"], 5).sids  # immutable: the old snapshot is unchanged
    assert new.scores_for(["x"], [2, 1])[0] == 0.0


def test_large_query_uses_dense_path_and_agrees():
    rng = np.random.default_rng(0)
    corpus = [list(rng.choice(VOCAB, size=rng.integers(1, 6))) for _ in range(300)]
    index = BM25Index.build(enumerate(corpus))
    query = ["alpha", "beta", "gamma"]  # postings exceed size/8: bincount path
    expected = oracle(DEFAULT_PARAMS, corpus).get_scores(query)
    top = index.top(query, 10)
    np.testing.assert_allclose(top.scores, np.sort(expected)[::-1][:10], rtol=1e-9)


@pytest.mark.parametrize("bad", [dict(variant="bm25x"), dict(b=1.0), dict(k1=-1)])
def test_bad_params_are_refused_with_the_value(bad):
    with pytest.raises(ValueError, match=repr(next(iter(bad.values()))).strip("'")):
        BM25Params(**bad)


@pytest.mark.parametrize("params", PARAMS[:2], ids=lambda p: p.stamp())
@settings(max_examples=80, deadline=None)
@given(corpus=st.lists(st.lists(st.sampled_from(VOCAB), max_size=8), min_size=1, max_size=40),
       query=query_st, k=st.integers(1, 6))
# Okapi's floor leaves negative weights on a tiny corpus; pruning must not assume weights >= 0.
@example(corpus=[["alpha"], ["alpha", "beta"], ["beta", "gamma"]], query=["alpha", "beta"], k=1)
def test_pruned_top_k_equals_full_ranking(params, corpus, query, k):
    # force the MaxScore path (normally only for queries with many postings)
    import retrieval.index.bm25 as bm25

    index = BM25Index.build(enumerate(corpus), params)
    saved = bm25._DIRECT_POSTINGS
    bm25._DIRECT_POSTINGS = 0
    try:
        top = index.top(query, k)
    finally:
        bm25._DIRECT_POSTINGS = saved
    full = index.top(query, len(corpus))
    np.testing.assert_allclose(top.scores, full.scores[:k], rtol=1e-9)
    if any(len(d) for d in corpus):
        expected = oracle(params, corpus).get_scores(query)
        np.testing.assert_allclose(top.scores, expected[top.sids], rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("params", PARAMS, ids=lambda p: p.stamp())
def test_weights_computed_in_small_blocks_match_rank_bm25(params, monkeypatch):
    import retrieval.index.bm25 as bm25

    monkeypatch.setattr(bm25, "_WEIGHT_BLOCK", 7)
    rng = np.random.default_rng(3)
    corpus = [list(rng.choice(VOCAB + [f"w{i}" for i in range(40)], size=rng.integers(0, 12))) for _ in range(120)]
    index = BM25Index.build(enumerate(corpus), params).add([(500, ["alpha", "alpha", "w1"])])
    corpus.append(["alpha", "alpha", "w1"])
    for query in (["alpha"], ["w3", "beta", "beta"], VOCAB):
        expected = oracle(params, corpus).get_scores(query)
        np.testing.assert_allclose(index.all_scores(query), expected, rtol=1e-9, atol=1e-12)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 3), max_size=40), st.sampled_from([1, 1 << 12, 1 << 16, 1 << 20, (1 << 31) - 1]))
def test_the_build_orders_terms_as_a_stable_sort_does(small: list[int], scale: int):
    # term ids below and above 2**16 (one 16-bit pass, or two), with many repeats (stability shows)
    keys = (np.array(small, np.int64) * scale // 3).astype(np.int32)
    assert _stable_order(keys).tolist() == np.argsort(keys, kind="stable").tolist()


def test_a_first_batch_and_a_later_one_build_what_one_batch_builds():
    # the first batch fills an empty index (no insertion), the second inserts into its postings
    docs = [(i + 1, [VOCAB[(i * 7 + j) % len(VOCAB)] for j in range(i % 5 + 1)]) for i in range(40)]
    whole = BM25Index.build(docs)
    split = BM25Index.build(docs[:25]).add(docs[25:])
    for name in ("doc_sid", "doc_len", "term_ptr", "post_doc", "tf_at", "tf_val", "term_max", "idf"):
        a, b = getattr(whole, name), getattr(split, name)
        assert a.dtype == b.dtype and a.tolist() == b.tolist(), name


def _scores_one_list(index: BM25Index, terms: list[str], sentence_ids: list[int]) -> np.ndarray:
    """The per-list scoring `scores_for` did before TermScores (each list's terms looked up on their own): the
    reference the shared look-ups must equal bit for bit."""
    from retrieval.index.bm25 import _find

    ids = np.asarray(sentence_ids, dtype=np.int64)
    out = np.zeros(len(ids))
    if not len(ids) or not index.size:
        return out
    pos = np.minimum(_find(index.doc_sid, ids), index.size - 1)
    held = index.doc_sid[pos] == ids
    pos = pos.astype(index.post_doc.dtype)
    known, baseline = index._query(terms)
    for tid, count in known:
        lo = int(index.term_ptr[tid])
        seg = index.post_doc[lo:index.term_ptr[tid + 1]]
        at = np.minimum(np.searchsorted(seg, pos), len(seg) - 1)
        found = held & (seg[at] == pos)
        if found.any():
            where = np.flatnonzero(found)
            order = np.argsort(at[where], kind="stable")
            w = np.empty(len(where))
            w[order] = index._weights_at(tid, lo + at[where][order])
            out[where] += count * w
    out[held] += baseline
    return out


@pytest.mark.parametrize("params", PARAMS, ids=lambda p: p.stamp())
@settings(max_examples=60, deadline=None)
@given(corpus=st.lists(st.lists(st.sampled_from(VOCAB), max_size=8), min_size=1, max_size=30),
       queries=st.lists(query_st, min_size=1, max_size=5), picks=st.lists(st.integers(0, 40), max_size=25))
def test_term_scores_shared_by_several_lists_are_each_lists_own_scores_bit_for_bit(params, corpus, queries, picks):
    """A question's wordings share terms; scoring them from one TermScores (each term looked up once, in whatever
    order the lists ask) gives every list exactly the floats it gets scored alone, ids the index lacks included."""
    sids = [10 * i + 3 for i in range(len(corpus))]
    index = BM25Index.build(zip(sids, corpus), params)
    ids = [10 * i + 3 if i % 7 else 10 * i + 4 for i in picks]  # some ids the index does not hold
    shared = index.term_scores(ids)
    for terms in [*queries, *reversed(queries)]:
        want = _scores_one_list(index, terms, ids)
        assert shared.scores(terms).tobytes() == want.tobytes()
        assert index.scores_for(terms, ids).tobytes() == want.tobytes()
