"""What ingest computes in bulk, where articles are parsed, equals what the slow, one-by-one way
computes: term spans, the terms the index is built from, the lexicon's counts, copy keys; and the
index built from those terms equals the index built by analysing the stored text."""
from __future__ import annotations

import pickle
import random
import sqlite3
from pathlib import Path

import numpy as np
from conftest import SEEDS, write_articles
from hypothesis import given, settings
from hypothesis import strategies as st

from retrieval.corpus.copykeys import copy_keys
from retrieval.corpus.store import Store, analysed, encode_spans, span_rows
from retrieval.index import files as index_files
from retrieval.index.analyzer import Analyzer
from retrieval.index.bm25 import BM25Index
from retrieval.index.lexicon import ChunkCounter, ChunkCounts, ChunkTally, count_words, word_counts
from retrieval.index.retriever import index_home_of
from retrieval.processes import Renumbering, WorkerNumbering
from retrieval.service import QAService

ANALYZER = Analyzer()

_pieces = st.sampled_from(["U.S.", "Korea's", "Jong-un", "1,000", "the", "US", "\u2019s", " ", "  ", "\t", "-", "\u2026",
                           "\ufb01", "e\u0301", "O'Brien", ".", "3.5", "N.", "(Seoul,", "talks", "Talks", "\"Quote", "x" * 70_000])
_text = (st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=60)
         | st.lists(_pieces, max_size=14).map(" ".join) | st.lists(_pieces, max_size=14).map("".join))


@settings(max_examples=300, deadline=None)
@given(st.lists(_text, max_size=8))
def test_bulk_spans_and_terms_equal_analysing_each_text(texts: list[str]) -> None:
    rows, terms, lens = analysed(Analyzer(), texts)
    assert rows == [encode_spans(ANALYZER.term_spans(t)) for t in texts]
    assert terms == [term for t in texts for term in ANALYZER.terms(t)]
    assert lens.tolist() == [len(ANALYZER.terms(t)) for t in texts]
    assert span_rows(Analyzer(), texts) == rows


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(_text, max_size=6), max_size=6), st.randoms(use_true_random=False))
def test_lexicon_counts_of_parts_from_two_workers_equal_counting_all_at_once(parts: list[list[str]], rnd: random.Random) -> None:
    workers = [ChunkCounter(), ChunkCounter()]
    tally = ChunkTally()
    merged = ChunkCounts.empty()
    for part in parts:  # each part parsed by either worker, parts taken in order
        worker = rnd.randrange(2)
        tally.add(worker, pickle.loads(pickle.dumps(workers[worker].count(part))))
        counts = ChunkCounts.empty()
        counts.add(part)
        merged.merge(counts)
    whole = ChunkCounts.empty()
    whole.add([t for part in parts for t in part])
    tallied = tally.counts()
    for got in (tallied, merged):
        assert list(got.chunks.items()) == list(whole.chunks.items())  # the order of first appearance too
        assert dict(got.first) == dict(whole.first) and dict(got.titled) == dict(whole.titled)
    expected = count_words([t for part in parts for t in part])
    words = word_counts(tallied)
    assert list(words.total.items()) == list(expected.total.items())
    assert list(words.cased.items()) == list(expected.cased.items())


def _word_counts_one_by_one(counts: ChunkCounts) -> tuple[list, list]:
    """`word_counts` as it was written before it read counts with `get` (Counter indexing, `+=`)."""
    from collections import Counter

    from retrieval.index.lexicon import _NOT_LETTERS, _OPENERS, surface_words
    total: Counter[str] = Counter()
    cased: Counter[str] = Counter()
    for chunk, n in counts.chunks.items():
        core = chunk.strip(_NOT_LETTERS)
        if core.isascii() and core.isalpha():
            words: list[tuple[str, str]] = [(core.lower(), core)]
        else:
            words = [(w.key, w.form) for w in surface_words(chunk)]
            if not words:
                continue
        informative = n - counts.titled[chunk]
        for i, (key, form) in enumerate(words):
            total[key] += n
            told = informative - counts.first[chunk] if i == 0 else informative
            if i == 0 and chunk[:1] in _OPENERS:
                told = 0
            if told > 0:
                cased[form] += told
    return list(total.items()), list(cased.items())


_opening = st.sampled_from(["", "(", '"', "'", "[", "{", "Ab", "ab", "AB", "Éa", "l'", "x-"])
_word = st.tuples(_opening, st.sampled_from(["Korea", "korea", "talks", "Talks", "U.S.", "it's", "Cafe", "café", "42", ""]),
                  st.sampled_from(["", ",", ".", "'s", "’s", ")", ":"])).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.lists(_word, max_size=7).map(" ".join) | _text, max_size=6), max_size=6),
       st.randoms(use_true_random=False))
def test_batch_word_counts_equal_the_one_by_one_counts_in_their_order(parts: list[list[str]], rnd: random.Random) -> None:
    workers = [ChunkCounter(), ChunkCounter()]
    tally = ChunkTally()
    for part in parts:
        worker = rnd.randrange(2)
        tally.add(worker, workers[worker].count(part))
    tallied = tally.counts()
    whole = ChunkCounts.empty()
    whole.add([t for part in parts for t in part])
    # only positive counts, in the order of the chunks' first appearance (what `+counter` kept)
    assert list(tallied.first.items()) == [(c, n) for c, n in ((c, whole.first[c]) for c in whole.chunks) if n > 0]
    assert list(tallied.titled.items()) == [(c, n) for c, n in ((c, whole.titled[c]) for c in whole.chunks) if n > 0]
    words = word_counts(tallied)
    assert (list(words.total.items()), list(words.cased.items())) == _word_counts_one_by_one(tallied)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.sampled_from("abcdefgh"), max_size=8), max_size=8), st.randoms(use_true_random=False))
def test_renumbered_strings_are_numbered_in_order_of_first_sight(parts: list[list[str]], rnd: random.Random) -> None:
    workers = [WorkerNumbering(), WorkerNumbering()]
    parent = Renumbering()
    seen: list[str] = []
    for part in parts:
        worker = rnd.randrange(2)
        numbers = np.array([workers[worker].ids[s] for s in part], np.int64)
        got = parent.take(worker, workers[worker].new(), numbers)
        seen.extend(s for s in part if s not in seen)
        assert [parent.ids.order[i] for i in got] == part
    assert parent.ids.order == seen


def _arrays(index: BM25Index) -> dict:
    return {name: getattr(index, name).tolist() for name in ("doc_sid", "doc_len", "term_ptr", "post_doc", "tf_at", "tf_val")} | {
        "terms": index.vocab.terms[:index._n_terms]}


def test_the_index_built_from_stored_terms_equals_the_index_built_by_analysing_text(tmp_path: Path) -> None:
    write_articles(tmp_path / "batch", 30)
    with QAService.open(tmp_path / "s.sqlite3", create=True) as service:
        assert service.ingest([SEEDS]).ok and service.ingest([tmp_path / "batch"]).ok
    store = Store.open(tmp_path / "s.sqlite3", create=False)
    with store.snapshot() as view:
        texts = list(view.sentence_texts())
        rows = list(view.sentence_terms(ANALYZER.version))
    assert [sid for sid, _ in texts] == [sid for sid, _, _ in rows] and all(terms is not None for _, terms, _ in rows)
    by_text = BM25Index.build((sid, ANALYZER.terms(text)) for sid, text in texts)
    by_terms = BM25Index.build((sid, (terms or "").split()) for sid, terms, _ in rows)
    saved = index_files.load(index_home_of(store.path, ANALYZER.options), by_text.params).index  # what ingest built, from the workers' terms
    assert _arrays(by_terms) == _arrays(by_text) == _arrays(saved)
    store.close()


def test_a_pool_ingest_stores_what_one_process_stores_and_the_slow_way_computes(tmp_path: Path) -> None:
    from retrieval.corpus.ingest import ingest_batch

    folder = tmp_path / "batch"
    write_articles(folder, 40)
    (folder / "same.txt").write_text((folder / "article00003.txt").read_text())  # skipped: the counts fall back
    dumps = []
    for workers in (1, 2):
        path = tmp_path / f"s{workers}.sqlite3"
        with Store.open(path, create=True) as store:
            result = ingest_batch(store, [folder], workers=workers, analyzer=ANALYZER.options, count_words=True)
            assert result.words is None and result.terms is None  # a skipped file: not the batch as parsed
            result = ingest_batch(store, [SEEDS], workers=workers, analyzer=ANALYZER.options, count_words=True)
            assert result.words is not None and result.terms is not None
            assert result.report.batch == 2
        with sqlite3.connect(path) as conn:
            texts = dict(conn.execute("SELECT id, text FROM sentences"))
            keys: dict[int, list[str]] = {}
            for key, sid in conn.execute("SELECT key, sentence_id FROM copy_keys ORDER BY rowid"):
                keys.setdefault(sid, []).append(key)
            spans = {sid: (t, o) for sid, t, o in conn.execute("SELECT sentence_id, terms, offsets FROM term_spans")}
            dumps.append((texts, keys, spans))
        assert {sid: tuple(k) for sid, k in keys.items()} == {sid: copy_keys(t) for sid, t in texts.items()}
        assert spans == {sid: encode_spans(ANALYZER.term_spans(t)) for sid, t in texts.items()}
        seeds = [t for sid, t in sorted(texts.items()) if sid > max(texts) - result.report.sentences_added]
        whole = count_words(seeds)
        assert list(result.words.words.total.items()) == list(whole.total.items())  # the order of first sight too
        assert list(result.words.words.cased.items()) == list(whole.cased.items())
        assert result.terms.lens.tolist() == [len(ANALYZER.terms(t)) for t in seeds]
        assert [result.terms.table[i] for i in result.terms.tids] == [term for t in seeds for term in ANALYZER.terms(t)]
    assert dumps[0] == dumps[1]


def _page(n: int, *extra: str) -> str:
    """A saved news page of one site: its main text is extracted where the file is read (a worker)."""
    body = "".join(f"<p>{p}</p>\n" for p in (
        f"The council met on Monday to discuss item {n} of its agenda, officials said.",
        f"Members voted on proposal {n} after a long debate about the budget for next year.", *extra))
    return (f"<!doctype html><html><head><title>Council story {n} - City News</title>"
            f"<meta property='og:site_name' content='City News'>"
            f"<link rel='canonical' href='https://www.citynews.example/local/story-{n}'></head>"
            f"<body><main><article><h1>Council story number {n}</h1>{body}</article></main></body></html>")


def test_pages_and_their_boilerplate_come_out_of_the_pool_as_out_of_one_process(tmp_path: Path, monkeypatch) -> None:
    # forked workers are born holding the batch and are sent places in it; spawned ones are sent the files
    import retrieval.corpus.ingest as ingest_module
    from retrieval.corpus.ingest import ingest_batch
    from retrieval.processes import _SpawnContext, pool_context

    folder = tmp_path / "batch"
    write_articles(folder, 20)
    prompt = "Get browser notifications for breaking news, live events, and exclusive reporting from us."
    for n in range(6):  # the prompt is on pages of several stories of the site: boilerplate
        (folder / f"page{n}.html").write_text(_page(n, prompt) if n % 2 else _page(n))
    (folder / "empty.txt").write_text("  \n")  # rejected before the parse
    dumps: list[list] = []
    for workers, context in ((1, pool_context), (2, pool_context), (2, _SpawnContext)):
        monkeypatch.setattr(ingest_module, "pool_context", context)
        path = tmp_path / f"s{len(dumps)}.sqlite3"
        with Store.open(path, create=True) as store:
            result = ingest_batch(store, [folder], workers=workers, analyzer=ANALYZER.options, count_words=True)
            assert result.terms is not None and len(result.report.rejected) == 1
        with sqlite3.connect(path) as conn:
            dumps.append([conn.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()
                          for table in ("sentences", "copy_keys", "term_spans")]
                         + [conn.execute("SELECT id, source, title, date, byline, content_hash, raw, site, url FROM articles").fetchall()])
    assert dumps[0] == dumps[1] == dumps[2]
    texts = " ".join(row[5] for row in dumps[0][0])
    assert "Council story number 3" in texts and "browser notifications" not in texts
