"""The answer path's quick reads give exactly what the plain reads they replaced gave: the store's sentence and
article rows (against the joins they used to be), an article view's terms and analyses (against analysing every
sentence), the index's word of which sentences hold a term (against their analyses), a candidate's neighbours
(against their terms), lazily decoded spans and lazily written `--explain` lines, and the quick checks of copies,
aliases and duplicate keys (against the regular expressions and set operations they stand in for)."""
from __future__ import annotations

import dataclasses
import re
import sqlite3
from pathlib import Path

from conftest import SEEDS, parsed_article
from hypothesis import example, given, settings
from hypothesis import strategies as st

from retrieval.answering.aliases import _PREFILTER
from retrieval.answering.articles import ArticleReader, Pool, StoredSpans, analysed_from, pool_candidates, spans_of
from retrieval.answering.copies import _jaccard_at_least
from retrieval.answering.params import DEFAULT
from retrieval.answering.question import parse_question
from retrieval.answering.rerank import FEATURES, Candidate, Concept, Query, rerank, wanted_terms
from retrieval.corpus.copykeys import _PUNCT, copy_keys, normalise_text
from retrieval.corpus.store import Store, encode_spans
from retrieval.index.analyzer import Analyzer, normalise
from retrieval.index.bm25 import BM25Index
from retrieval.records import Sentence, StoreVersion
from retrieval.service import QAService

AN = Analyzer()
_WORDS = ("Kim", "Seoul", "talks", "envoy", "said", "the", "(KMA)", "agreed", "on", "Friday", "aka", "called", "4,000")


def _store_with_replacement(tmp_path: Path) -> Path:
    path = tmp_path / "s.sqlite3"
    with QAService.open(path, create=True) as service:
        assert service.ingest([SEEDS]).ok
    with Store.open(path, create=False) as store:
        store.add_batch([parsed_article("x.txt", ["Kim met the envoy in Seoul.", "The talks resume on Friday."])], replace=False)
        store.add_batch([parsed_article("x.txt", ["Kim left Seoul.", "Talks were called off."])], replace=True)
    return path


def _joined_sentences(path: Path, ids: list[int]) -> list[Sentence]:
    """What Store.sentences read before: sentences joined with their articles' rows."""
    with sqlite3.connect(path) as conn:
        rows = {row[0]: row for row in conn.execute(
            'SELECT s.id, a.source, s.position, s.start, s."end", s.text, s.caption FROM sentences s'
            f" JOIN articles a ON a.id = s.article_id WHERE s.id IN ({','.join('?' * len(ids))})", ids)}
    return [Sentence(*rows[i][:6], bool(rows[i][6])) for i in ids if i in rows]


@settings(max_examples=25, deadline=None)
@given(st.data())
def test_sentences_are_the_joined_rows_whatever_ids_are_asked_for(tmp_path_factory, data) -> None:
    path = _store_with_replacement(tmp_path_factory.mktemp("reads"))
    with sqlite3.connect(path) as conn:
        top = conn.execute("SELECT MAX(id) FROM sentences").fetchone()[0]
    with Store.open(path, create=False) as store:
        for round in range(4):  # later reads find the articles' sources kept: some, then all of them
            if round == 2:
                store.keep_sources()
            ids = data.draw(st.lists(st.integers(1, top + 3), max_size=60))  # removed and unknown ids included
            assert store.sentences(ids) == _joined_sentences(path, ids)


def test_sentences_stay_the_joined_rows_when_the_kept_sources_overflow(tmp_path: Path, monkeypatch) -> None:
    import retrieval.corpus.store as store_module

    monkeypatch.setattr(store_module, "_SOURCES_KEPT", 2)
    path = _store_with_replacement(tmp_path)
    with sqlite3.connect(path) as conn:
        ids = [sid for (sid,) in conn.execute("SELECT id FROM sentences ORDER BY article_id DESC, id")]
    with Store.open(path, create=False) as store:
        store.keep_sources()
        for i in range(0, len(ids), 7):
            assert store.sentences(ids[i:i + 7]) == _joined_sentences(path, ids[i:i + 7])
        assert len(store._source_of) <= 2 + 7


def test_article_rows_are_the_article_spans_and_the_joined_read(tmp_path: Path) -> None:
    path = _store_with_replacement(tmp_path)
    with Store.open(path, create=False) as store, sqlite3.connect(path) as conn:
        version = conn.execute("SELECT value FROM meta WHERE key = 'term_spans_analyzer'").fetchone()[0]
        for info in store.articles():
            title, rows = store.article_rows(info.source, version)
            joined = conn.execute(
                'SELECT s.id, a.source, s.position, s.start, s."end", s.text, t.terms, t.offsets, a.title FROM sentences s'
                " JOIN articles a ON a.id = s.article_id LEFT JOIN term_spans t ON t.sentence_id = s.id"
                " WHERE a.source = ? AND s.caption = 0 ORDER BY s.position", (info.source,)).fetchall()
            assert rows == [(row[0], *row[2:8]) for row in joined] and title == (joined[0][8] if joined else "")
            spans_title, spans = store.article_spans(info.source, version)
            assert spans_title == title
            assert spans == [(Sentence(*row[:6]), None if row[6] is None else (row[6], row[7])) for row in joined]
            assert store.article_rows(info.source, "another analyzer")[1] == [(*row[:5], None, None) for row in rows]


def test_an_article_view_holds_what_analysing_every_sentence_gives(tmp_path: Path) -> None:
    path = _store_with_replacement(tmp_path)
    with Store.open(path, create=False) as store:
        version = StoreVersion("s", store.version().batch)
        for analyzer_version in (AN.version, "another analyzer"):  # stored spans, then none usable: analysed
            reader = ArticleReader(store, AN.term_spans, analyzer_version)
            for info in store.articles():
                view = reader.read(info.source, version)
                body = [s for s in store.article_sentences(info.source) if not s.caption]
                assert view is not None and view.sentences == tuple(body)
                analysed = [tuple(t for t, _, _ in AN.term_spans(s.text)) for s in body]
                every = {t for terms in analysed for t in terms}
                assert set(view.terms) == every and len(view.terms) == len(every)
                near = {t[:-1] for t in every} | {t[1:] for t in every} | {t + "s" for t in every} | {"", " "}
                assert all(t in view.terms for t in every) and not any(t in view.terms for t in near - every)
                assert [view.analysed(i)[0] for i in range(len(body))] == analysed
                assert list(view.spans) == [tuple(AN.term_spans(s.text)) for s in body]
                holding: dict[str, int] = {}
                for i, terms in enumerate(analysed):
                    for t in terms:
                        holding[t] = holding.get(t, 0) | 1 << i
                assert view.holding() == holding
                assert all(view.neighbour_terms(i) == frozenset((analysed[i - 1] if i else ()) + (
                    analysed[i + 1] if i + 1 < len(analysed) else ())) for i in range(len(analysed)))
                # the hits' analyses, from the kept view or the store, are the analyzer's too
                fresh = ArticleReader(store, AN.term_spans, analyzer_version)
                for got, s in zip(reader.analyses(body, version) + fresh.analyses(body), body * 2):
                    assert got[0] == tuple(t for t, _, _ in AN.term_spans(s.text))


_term = st.text(st.sampled_from("abcxyz-'"), min_size=1, max_size=6)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_term, st.integers(0, 70_000), st.integers(0, 70_000)), max_size=20))
def test_stored_spans_decode_to_the_spans(spans: list[tuple[str, int, int]]) -> None:
    analysed = analysed_from(encode_spans(spans))
    assert analysed is not None
    lazy = StoredSpans(analysed)
    assert len(lazy) == len(spans) and lazy == tuple(spans) == spans_of(analysed)
    assert list(lazy) == spans and [lazy[i] for i in range(len(spans))] == spans and lazy[1:] == tuple(spans[1:])
    assert hash(lazy) == hash(tuple(spans))


def _question(text: str) -> Query:
    info = parse_question(text, AN.is_stop_word)
    terms = tuple(AN.terms(info.text))
    concepts = [Concept(t, ((t,),), 1.0 + i / 3) for i, t in enumerate(dict.fromkeys(terms))]
    if len(terms) >= 2:  # a phrase with an alias, and a name of two words
        concepts.append(Concept("phrase", (terms[:2], ("kma",)), 0.7))
        concepts.append(Concept("name", (terms[-2:],), 1.3, name_parts=(0.5, 0.5)))
    return Query(info, terms, tuple(concepts), subject=terms[0] if "Who is" in text else None,
                 common_terms=frozenset(terms[:1]))


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(("Who is Kim?", "When did the talks in Seoul end?", "How many envoys agreed on Friday?",
                        'What did Kim say about "the talks"?')),
       st.lists(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=14).map(" ".join), min_size=1, max_size=8))
def test_explain_lines_are_each_features_weighted_value_and_add_up_to_the_score(question: str, texts: list[str]) -> None:
    q = _question(question)
    cands = [Candidate(Sentence(i, f"a{i % 3}.txt", i, 0, len(t), t), i / 7, tuple(AN.term_spans(t)),
                       frozenset(AN.terms(texts[i - 1])) if i else None, i == 0, article=0.5, article_top=i % 2 == 0)
             for i, t in enumerate(texts)]
    for every_value in (True, False):
        for r in rerank(q, cands, AN.term_spans, p=DEFAULT, every_value=every_value):
            lines = list(r.features)
            names = [name for name, _, _ in FEATURES]
            assert [f.name for f in lines] == sorted((f.name for f in lines), key=names.index)
            assert all(f.value == round(DEFAULT.weights.of(f.name) * r.value_of(f.name), 4) for f in lines)
            total: float = 0
            for f in lines:
                total += f.value
            assert total == r.score and all(isinstance(f.note, str) for f in lines)
            assert r.features == tuple(lines) and len(r.features) == len(lines)


@settings(max_examples=300, deadline=None)
@given(st.frozensets(st.integers(0, 30), min_size=1), st.frozensets(st.integers(0, 30), min_size=1),
       st.sampled_from((0.5, 0.8, 0.85, 1.0)))
def test_the_quick_jaccard_is_the_jaccard(a: frozenset[int], b: frozenset[int], least: float) -> None:
    sa, sb = frozenset(map(str, a)), frozenset(map(str, b))
    assert _jaccard_at_least(sa, sb, least) == (len(sa & sb) / len(sa | sb) >= least)


_OLD_PREFILTER = re.compile(r"[(\[]|refers to|stands for|short for|abbreviation|acronym|official|formal|full name|known as|called|a\.k\.a|aka")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(("(", "[", "refers", " to", "stands for", "short", "for", "abbrev", "iation", "acronym",
                                 "officia", "l", "formal", "full name", "known as", "called", "a.k.a", "a.k", "ak", "a",
                                 " ", "x", "Called", "KNOWN AS")), max_size=12).map("".join))
def test_the_alias_prefilter_finds_what_its_regular_expression_found(text: str) -> None:
    assert any(m in text for m in _PREFILTER) == bool(_OLD_PREFILTER.search(text))


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(max_codepoint=0x7F), max_size=40) | st.text(max_size=20))
@example("a\x1cb\x1fc\x0bd")  # split at by str.split, not by bytes.split
@example("Kim's U.S.-led \"talks\",\tnow")
def test_duplicate_keys_of_ascii_text_are_the_regular_expressions(text: str) -> None:
    assert normalise_text(text) == " ".join(_PUNCT.sub(" ", normalise(text).lower()).split())


def test_copy_rows_are_the_joined_copies(tmp_path: Path) -> None:
    path = _store_with_replacement(tmp_path)
    with Store.open(path, create=False) as store, sqlite3.connect(path) as conn:
        texts = [text for (text,) in conn.execute("SELECT text FROM sentences")]
        for text in texts:
            keys = copy_keys(text)
            joined = conn.execute(
                'SELECT DISTINCT s.id, a.source, s.position, s.start, s."end", s.text FROM copy_keys k'
                " JOIN sentences s ON s.id = k.sentence_id JOIN articles a ON a.id = s.article_id"
                f" WHERE k.key IN ({','.join('?' * len(keys))}) AND s.caption = 0 ORDER BY s.id LIMIT ?", (*keys, 3)).fetchall()
            assert store.copy_rows(keys, 3) == joined and store.copies(keys, 3) == [Sentence(*row) for row in joined]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.sampled_from(("kim", "seoul", "talk", "envoy", "friday")), max_size=6), min_size=1, max_size=12),
       st.data())
def test_the_index_says_which_sentences_hold_a_term_as_their_terms_do(docs: list[list[str]], data) -> None:
    sids = [5 * i + 2 for i in range(len(docs))]
    index = BM25Index.build(zip(sids, docs))
    removed = data.draw(st.sets(st.sampled_from(sids)))
    index = index.remove(removed)
    asked = data.draw(st.lists(st.sampled_from(sids) | st.integers(0, 80), max_size=30))  # unknown ids too
    terms = ["kim", "seoul", "talk", "envoy", "friday", "absent"]
    bag = {sid: set(d) for sid, d in zip(sids, docs) if sid not in removed}
    got = index.holding(terms, asked)
    assert list(got) == terms
    for t in terms:
        assert got[t].tolist() == [sid in bag and t in bag[sid] for sid in asked]


def test_the_served_index_holds_exactly_each_stored_sentences_terms(seed_store_copy: Path) -> None:
    """What article_pool ranks the hits' articles by: the index's word, standing in for the hits' analyses."""
    with QAService.open(seed_store_copy) as service:
        index = service._retriever.pinned()
        with sqlite3.connect(seed_store_copy) as conn:
            rows = conn.execute("SELECT id, text FROM sentences").fetchall()
        analysed = {sid: set(AN.terms(text)) for sid, text in rows}
        terms = sorted({t for ts in analysed.values() for t in ts}) + ["zzzabsent"]
        ids = [sid for sid, _ in rows] + [10**9]
        got = index.holding(terms, ids)
        for t in terms:
            assert got[t] == [sid in analysed and t in analysed[sid] for sid in ids], t


def test_candidates_neighbours_are_the_question_terms_their_neighbours_hold(tmp_path: Path) -> None:
    path = _store_with_replacement(tmp_path)
    with Store.open(path, create=False) as store:
        version = StoreVersion("s", store.version().batch)
        reader = ArticleReader(store, AN.term_spans, AN.version)
        views = tuple(v for v in (reader.read(info.source, version) for info in store.articles()) if v is not None)
        for question in ("Who is Kim?", "When did the talks in Seoul end?", "What did the envoy say on Friday?"):
            q = _question(question)
            chosen = tuple((v, i, rank) for rank, v in enumerate(views) for i in range(len(v.rows)) if rank < 2 or i % 3 == 1)
            cands = pool_candidates(Pool(views, tuple(0.5 for _ in views), chosen), {}, q, DEFAULT)
            assert [(c.sentence, c.terms) for c in cands] == [(v.sentence(i), v.analysed(i)[0]) for v, i, _ in chosen]
            assert [c.neighbours for c in cands] == [wanted_terms(q) & v.neighbour_terms(i) for v, i, _ in chosen]
            # the re-ranker reads nothing else of them: ranked as with every neighbouring term
            full = [dataclasses.replace(c, neighbours=v.neighbour_terms(i)) for c, (v, i, _) in zip(cands, chosen)]
            for every_value in (True, False):
                a = rerank(q, cands, AN.term_spans, p=DEFAULT, every_value=every_value)
                b = rerank(q, full, AN.term_spans, p=DEFAULT, every_value=every_value)
                assert [(r.candidate.sentence.id, r.score, r.values, tuple(r.features)) for r in a] == [
                    (r.candidate.sentence.id, r.score, r.values, tuple(r.features)) for r in b]
