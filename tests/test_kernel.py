"""The compiled first stage answers exactly as the numpy path: same ids, same order, same scores."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from unittest import mock

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import retrieval.index.bm25 as bm25
from retrieval.errors import IndexFileError
from retrieval.index import files
from retrieval.index.bm25 import DEFAULT_PARAMS, BM25Index, BM25Params, Scored, block_starts
from retrieval.index.compiled import FIRST_STAGE, prepare
from retrieval.records import StoreVersion

# few words, so documents share terms, lengths and idfs: exact ties are common
VOCAB = ["alpha", "beta", "gamma", "delta", "eps"]
PARAMS = [
    DEFAULT_PARAMS,
    BM25Params("okapi", k1=1.5, b=0.75),
    BM25Params("l", k1=1.2, b=0.75, delta=0.5),
]
corpus_st = st.lists(st.lists(st.sampled_from(VOCAB), min_size=0, max_size=7), min_size=1, max_size=30)
query_st = st.lists(st.sampled_from([*VOCAB, "unknown"]), min_size=0, max_size=7)  # repeats count


@pytest.fixture(scope="module", autouse=True)
def kernel_loaded():
    assert FIRST_STAGE.wait(timeout=300), f"the compiled kernel did not load: {FIRST_STAGE.failed}"


def numpy_top(index: BM25Index, query: list[str], k: int) -> Scored:
    known, baseline = index._query(query)
    if k <= 0 or not known:
        return Scored(np.zeros(0, np.int64), np.zeros(0))
    return index._top_numpy(known, baseline, k)


def kernel_top(index: BM25Index, query: list[str], k: int, prune_min: int) -> Scored:
    assert FIRST_STAGE.wait(index)
    got = FIRST_STAGE.top(index, query, k, prune_min)
    assert got is not None
    return got


def assert_identical(a: Scored, b: Scored) -> None:
    assert list(a.sids) == list(b.sids)
    np.testing.assert_allclose(a.scores, b.scores, rtol=0, atol=1e-6)
    assert np.array_equal(a.scores, b.scores)  # in fact bit for bit: the same sums in the same order


@pytest.mark.parametrize("params", PARAMS, ids=lambda p: p.variant)
@settings(max_examples=80, deadline=None)
@given(corpus=corpus_st, query=query_st, k=st.integers(1, 35))
@example(corpus=[["alpha"], ["alpha"], ["alpha"]], query=["alpha"], k=2)  # all tied: lower ids win
@example(corpus=[["alpha"], ["beta"]], query=["gamma", "unknown"], k=3)  # no postings at all
@example(corpus=[[], ["alpha", "alpha"]], query=["alpha", "alpha", "beta"], k=5)  # k > hits, repeats
def test_kernel_top_k_equals_numpy_top_k(params, corpus, query, k):
    index = BM25Index.build(((3 * i + 1, d) for i, d in enumerate(corpus)), params)
    want = numpy_top(index, query, k)
    assert_identical(kernel_top(index, query, k, prune_min=1 << 62), want)
    # MaxScore on every query (normally only on long ones) prunes without changing anything
    assert_identical(kernel_top(index, query, k, prune_min=0), want)


@settings(max_examples=40, deadline=None)
@given(batches=st.lists(corpus_st, min_size=2, max_size=3), drop=st.lists(st.integers(0, 60), max_size=10),
       query=query_st, k=st.integers(1, 12))
def test_kernel_follows_adds_and_removes(batches, drop, query, k):
    index = BM25Index.empty()
    sid = 0
    for batch in batches:
        index = index.add([(sid := sid + 1 + i % 2, d) for i, d in enumerate(batch)]).remove(drop)
    for prune_min in (0, 1 << 62):
        assert_identical(kernel_top(index, query, k, prune_min), numpy_top(index, query, k))


def test_maxscore_looks_up_common_terms_only_for_candidates_and_changes_nothing(monkeypatch):
    # "rare" in 4 sentences outweighs everything "common" (in most of them) can add: after walking
    # "rare", the kernel only looks "common" up for rare's sentences
    import retrieval.index.bm25 as bm25

    rng = np.random.default_rng(5)
    corpus = [["common"] * int(rng.integers(1, 3)) + list(rng.choice(VOCAB, size=int(rng.integers(0, 4))))
              for _ in range(4000)]
    for i in (10, 900, 901, 3999):
        corpus[i] = [*corpus[i], "rare"]
    index = BM25Index.build(enumerate(corpus, 1))
    monkeypatch.setattr(bm25, "_DIRECT_POSTINGS", 1 << 62)  # numpy sums everything: the reference
    for query in (["rare", "common"], ["common", "rare", "alpha"], ["common", "common", "rare", "beta"]):
        for k in (1, 3, 4, 7):
            assert_identical(kernel_top(index, query, k, prune_min=0), numpy_top(index, query, k))


def posting_weights(index: BM25Index) -> np.ndarray:
    """Every posting's weight, term by term, from the numpy path's own code."""
    return np.concatenate([index._postings(t)[1] for t in range(index.n_terms)] or [np.zeros(0)])


# blocks of 1, 2, 4 and 8 postings, so that small corpora have terms of many blocks
big_corpus_st = st.lists(st.lists(st.sampled_from(VOCAB), min_size=0, max_size=9), min_size=1, max_size=120)


@pytest.mark.parametrize("params", PARAMS, ids=lambda p: p.variant)
@settings(max_examples=60, deadline=None)
@given(corpus=big_corpus_st, shift=st.integers(0, 3))
def test_block_bounds_are_never_below_a_weight_in_their_block(params, corpus, shift):
    with mock.patch.object(bm25, "BLOCK_SHIFT", shift):
        index = BM25Index.build(((i + 1, d) for i, d in enumerate(corpus)), params)
        q, starts = index.block_bounds(), block_starts(index.term_ptr)
    assert q.dtype == np.uint8 and len(q) == starts[-1]
    weights = posting_weights(index)
    for t in range(index.n_terms):
        lo, hi = int(index.term_ptr[t]), int(index.term_ptr[t + 1])
        assert starts[t + 1] - starts[t] == -(-(hi - lo) // (1 << shift))  # ceil: every posting in one block
        top = float(index.term_max[t])
        for j in range(int(starts[t + 1] - starts[t])):
            block = weights[lo + (j << shift): min(hi, lo + ((j + 1) << shift))]
            if top > 0:
                bound = top * float(q[starts[t] + j]) / 255
                # to rounding of the bound's own product: the kernel's comparisons keep a 1e-9 margin
                assert block.max() <= bound * (1 + 1e-12)
                assert bound <= block.max() * (1 + 1e-9) + top / 255  # and within one step of the largest weight
            else:
                assert q[starts[t] + j] == 255  # nothing to scale: the term's own bound


@pytest.mark.parametrize("params", PARAMS, ids=lambda p: p.variant)
@settings(max_examples=60, deadline=None)
@given(corpus=big_corpus_st, query=query_st, k=st.integers(1, 12), shift=st.integers(0, 3))
@example(corpus=[["alpha"]] * 40 + [["alpha", "beta"]] * 3, query=["alpha", "beta"], k=2, shift=1)
def test_kernel_with_block_bounds_equals_numpy_top_k(params, corpus, query, k, shift):
    index = BM25Index.build(((2 * i + 1, d) for i, d in enumerate(corpus)), params)
    want = numpy_top(index, query, k)
    with mock.patch.object(bm25, "BLOCK_SHIFT", shift):
        index._fast = prepare(index)
    for prune_min in (0, 1 << 62):
        assert_identical(kernel_top(index, query, k, prune_min), want)


def test_saved_block_bounds_load_back_and_an_index_saved_without_them_still_opens(tmp_path: Path):
    rng = np.random.default_rng(3)
    words = [f"w{i}" for i in range(40)]
    corpus = [list(rng.choice(words, size=rng.integers(1, 12), p=np.r_[[0.4], np.full(39, 0.6 / 39)]))
              for _ in range(2000)]
    built = BM25Index.build(enumerate(corpus, 1))
    stamp = files.IndexStamp(StoreVersion("s", 1), "a", built.params.stamp())
    files.save(tmp_path, built, stamp)
    loaded = files.load(tmp_path, DEFAULT_PARAMS).index
    assert loaded._blocks is not None and np.array_equal(loaded.block_bounds(), built.block_bounds())
    assert files.verify(tmp_path) == []
    # an index saved before block bounds existed: no "blocks" file in its manifest
    manifest = json.loads((tmp_path / files.MANIFEST).read_text())
    del manifest["files"]["blocks"]
    manifest["digest"] = files._digest(manifest)
    (tmp_path / files.MANIFEST).write_text(json.dumps(manifest))
    older = files.load(tmp_path, DEFAULT_PARAMS).index
    assert older._blocks is None and files.verify(tmp_path) == []
    queries = [["w0"], ["w0", "w1", "w2"], words[:12], ["w3", "w3", "w39"]]
    for query in queries:
        for k in (1, 10):
            assert_identical(kernel_top(older, query, k, 0), numpy_top(older, query, k))
    assert np.array_equal(older.block_bounds(), loaded.block_bounds())  # computed when prepared


def test_block_bounds_of_the_wrong_length_are_refused_at_open(tmp_path: Path):
    built = BM25Index.build([(1, ["x", "y"]), (2, ["x"])])
    files.save(tmp_path, built, files.IndexStamp(StoreVersion("s", 1), "a", built.params.stamp()))
    manifest = json.loads((tmp_path / files.MANIFEST).read_text())
    entry = manifest["files"]["blocks"]
    path = tmp_path / entry["file"]
    np.save(path, np.full(5, 255, np.uint8), allow_pickle=False)
    entry.update(bytes=path.stat().st_size, shape=[5])
    manifest["digest"] = files._digest(manifest)
    (tmp_path / files.MANIFEST).write_text(json.dumps(manifest))
    with pytest.raises(IndexFileError, match="block bounds"):
        files.load(tmp_path, DEFAULT_PARAMS)


def test_saved_index_in_narrow_dtypes(tmp_path: Path):
    rng = np.random.default_rng(7)
    words = [f"w{i}" for i in range(60)]
    corpus = [list(rng.choice(words, size=rng.integers(1, 15), p=np.r_[[0.3], np.full(59, 0.7 / 59)]))
              for _ in range(3000)]
    built = BM25Index.build(enumerate(corpus, 1))
    files.save(tmp_path, built, files.IndexStamp(StoreVersion("s", 1), "a", built.params.stamp()))
    index = files.load(tmp_path, DEFAULT_PARAMS).index
    assert index.doc_len.dtype == np.uint16 and index.term_ptr.dtype == np.uint32  # converted for the kernel
    for query in (["w0"], ["w0", "w1", "w2", "w0"], words[:20], ["w59", "nothing"]):
        for prune_min in (0, 1 << 62):
            for k in (1, 10, 100):
                assert_identical(kernel_top(index, query, k, prune_min), numpy_top(index, query, k))


def test_top_uses_the_kernel_once_prepared_and_numpy_before():
    index = BM25Index.build([(1, ["x", "y"]), (2, ["x"]), (3, ["y", "y"])])
    first = index.top(["x", "y"], 2)  # numpy: the index is only queued for the kernel now
    assert FIRST_STAGE.wait(index)
    assert FIRST_STAGE.top(index, ["x", "y"], 2) is not None
    assert_identical(index.top(["x", "y"], 2), first)


@pytest.mark.parametrize("post_doc", [[0, 1, 7, 0], [0, 7, 1, 2], [7, 1, 0, 2]])
def test_a_posting_beyond_the_index_sends_the_query_to_numpy(post_doc):
    # prepare no longer reads every posting (that would bring the whole file into memory): the
    # kernel finds such a posting when a query reads it, and leaves the query to numpy
    good = BM25Index.build([(1, ["x", "y"]), (2, ["x"]), (3, ["y"])])
    bad = BM25Index(good.params, good.vocab, good.doc_sid, good.doc_len, good.term_ptr,
                    np.array(post_doc, np.uint32), good.tf_at, good.tf_val, term_max=good.term_max,
                    blocks=good.block_bounds())  # 7: no such sentence; bounds as a saved index has them
    assert FIRST_STAGE.wait(bad)
    for query in (["x", "y"], ["y", "x", "x"]):
        for prune_min in (0, 1 << 62):
            assert FIRST_STAGE.top(bad, query, 3, prune_min) is None
        with pytest.raises(IndexError):
            bad.top(query, 3)  # what the numpy path did before the kernel existed
    assert_identical(kernel_top(good, ["x", "y"], 3, 0), numpy_top(good, ["x", "y"], 3))


def test_prepare_refuses_what_the_kernel_cannot_hold():
    good = BM25Index.build([(1, ["x", "x"]), (2, ["x"])])
    big_tf = BM25Index(good.params, good.vocab, good.doc_sid, good.doc_len, good.term_ptr,
                       good.post_doc, good.tf_at, np.array([300], np.int32))
    with pytest.raises(ValueError, match="above 255"):
        prepare(big_tf)


def test_huge_k_returns_every_hit():
    index = BM25Index.build([(1, ["x", "y"]), (2, ["x"]), (3, ["z"])])
    assert_identical(kernel_top(index, ["x", "y"], 10**12, 0), numpy_top(index, ["x", "y"], 10**12))


def test_threads_query_at_once():
    rng = np.random.default_rng(1)
    corpus = [list(rng.choice(VOCAB + [f"t{i}" for i in range(30)], size=rng.integers(1, 9))) for _ in range(2000)]
    index = BM25Index.build(enumerate(corpus))
    queries = [list(rng.choice(VOCAB + [f"t{i}" for i in range(30)], size=4)) for _ in range(200)]
    want = [numpy_top(index, q, 10) for q in queries]
    assert FIRST_STAGE.wait(index)
    with ThreadPoolExecutor(max_workers=4) as pool:
        got = list(pool.map(lambda q: index.top(q, 10), queries * 3))
    for a, b in zip(got, want * 3):
        assert_identical(a, b)


def _run(code: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], env={**os.environ, **env}, capture_output=True, text=True,
                          timeout=600, cwd=Path(__file__).resolve().parent.parent)


_PROBE = """
from retrieval.index.bm25 import BM25Index
from retrieval.index.compiled import FIRST_STAGE
index = BM25Index.build([(1, ["x", "y"]), (2, ["x"])])
first = [int(s) for s in index.top(["x", "y"], 2).sids]
print(FIRST_STAGE.wait(index), FIRST_STAGE.failed is None, first, [int(s) for s in index.top(["x", "y"], 2).sids])
"""


@pytest.mark.e2e
def test_no_writable_cache_means_numpy_answers(tmp_path: Path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    # only the user-given cache dir, and it cannot be created (its parent is a file): numba refuses to cache
    done = _run(_PROBE, {"NUMBA_CACHE_DIR": str(blocker / "cache"), "NUMBA_CACHE_LOCATOR_CLASSES": "UserProvidedCacheLocator"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[0] == "False False [1, 2] [1, 2]"


@pytest.mark.e2e
def test_cache_goes_to_numba_cache_dir_when_given(tmp_path: Path):
    cache = tmp_path / "numba-cache"
    done = _run(_PROBE, {"NUMBA_CACHE_DIR": str(cache), "NUMBA_CACHE_LOCATOR_CLASSES": "UserProvidedCacheLocator"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[0] == "True True [1, 2] [1, 2]"
    assert any(p.suffix == ".nbi" for p in cache.rglob("*")), "numba wrote no cache index there"


@pytest.mark.e2e
def test_the_setting_turns_the_kernel_off_and_numba_is_never_imported(tmp_path: Path):
    probe = """
import sys
from bot.settings import Settings
from bot.wiring import open_service
from retrieval.index.compiled import FIRST_STAGE
from pathlib import Path
with open_service(Settings(), create_explicit=True) as service:
    service.ingest([Path("seeds")])
    for _ in range(3):
        best = service.ask("Who is Sung Kim?", 1).answers[0].text
    print(FIRST_STAGE.wait(timeout=5), FIRST_STAGE.failed, "numba" in sys.modules, "Sung Kim" in best)
"""
    done = _run(probe, {"QABOT_COMPILED_FIRST_STAGE": "false", "QABOT_STORE": str(tmp_path / "s.sqlite3")})
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[0] == "False turned off by QABOT_COMPILED_FIRST_STAGE False True"
