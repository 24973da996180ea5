"""Term spans kept in the store: written at ingest, filled once into older stores, read back exactly
as the analyzer makes them, and answers the same with or without them."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from conftest import SEEDS, parsed_article
from hypothesis import given, settings
from hypothesis import strategies as st

from retrieval.corpus.ingest import fill_term_spans, ingest_paths
from retrieval.corpus.store import Store, decode_offsets, encode_spans
from retrieval.index.analyzer import Analyzer
from retrieval.records import AnalyzerOptions, IngestLimits
from retrieval.service import QAService

ANALYZER = Analyzer()
QUESTIONS = ("Who is Sung Kim?", "What did Sullivan say about Pyongyang?", "When did Kim arrive in Seoul?",
             "What did the envoys agree on?", "Who is Takehiro Funakoshi?")

_term = st.text(st.characters(blacklist_categories=("Zs", "Cc", "Zl", "Zp")), min_size=1, max_size=12).filter(
    lambda t: not any(c.isspace() for c in t))


def _decoded(row: tuple[str, bytes]) -> list[tuple[str, int, int]]:
    terms = row[0].split(" ") if row[0] else []
    offsets = decode_offsets(row[1])
    return list(zip(terms, offsets[0::2], offsets[1::2]))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_term, st.integers(0, 70_000), st.integers(0, 70_000)), max_size=40))
def test_encoding_round_trips_any_spans(spans: list[tuple[str, int, int]]) -> None:
    assert _decoded(encode_spans(spans)) == spans


def test_short_sentences_take_two_bytes_an_offset() -> None:
    terms, offsets = encode_spans([("korea", 0, 5), ("talk", 6, 11)])
    assert terms == "korea talk" and offsets[:1] == b"H" and len(offsets) == 1 + 4 * 2


def _stored(path: Path) -> dict[int, tuple[str, bytes]]:
    with sqlite3.connect(path) as conn:
        return {sid: (terms, offsets) for sid, terms, offsets in conn.execute("SELECT sentence_id, terms, offsets FROM term_spans")}


def _texts(path: Path) -> dict[int, str]:
    with sqlite3.connect(path) as conn:
        return dict(conn.execute("SELECT id, text FROM sentences"))


def test_ingest_keeps_every_sentences_spans_as_the_analyzer_makes_them(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    with QAService.open(path, create=True) as service:
        assert service.ingest([SEEDS]).ok
    texts, stored = _texts(path), _stored(path)
    assert texts and set(stored) == set(texts)
    for sid, text in texts.items():
        assert _decoded(stored[sid]) == ANALYZER.term_spans(text)
    with Store.open(path, create=False) as store:
        assert not store.term_spans_behind()


def test_an_older_store_is_filled_once_on_open(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    with Store.open(path, create=True) as store:  # written the way stores were before spans were kept
        ingest_paths(store, [SEEDS], limits=IngestLimits())
        assert store.term_spans_behind()
    assert _stored(path) == {}
    QAService.open(path).close()
    texts, stored = _texts(path), _stored(path)
    assert set(stored) == set(texts)
    assert all(_decoded(stored[sid]) == ANALYZER.term_spans(text) for sid, text in texts.items())
    with Store.open(path, create=False) as store:
        assert not store.term_spans_behind()
        assert fill_term_spans(store, AnalyzerOptions()) == 0


def test_a_replaced_articles_spans_go_with_its_sentences(store: Store) -> None:
    spans = ("v", {"a.txt": (encode_spans(ANALYZER.term_spans("Seoul said talks resume.")),)})
    store.add_batch([parsed_article("a.txt", ["Seoul said talks resume."])], replace=False, term_spans=spans)
    old = store.article_sentences("a.txt")[0].id
    new_text = "Tokyo agreed to the plan."
    store.add_batch([parsed_article("a.txt", [new_text])], replace=True,
                    term_spans=("v", {"a.txt": (encode_spans(ANALYZER.term_spans(new_text)),)}))
    new = store.article_sentences("a.txt")[0].id
    assert store.term_spans([old, new], "v").keys() == {new}
    title, rows = store.article_spans("a.txt", "v")
    assert title == "Title of a.txt" and _decoded(rows[0][1]) == ANALYZER.term_spans(new_text)


def test_spans_of_another_analyzer_are_never_read(store: Store) -> None:
    text = "Seoul said talks resume."
    store.add_batch([parsed_article("a.txt", [text])], replace=False,
                    term_spans=("analyzer-1", {"a.txt": (encode_spans(ANALYZER.term_spans(text)),)}))
    sid = store.article_sentences("a.txt")[0].id
    assert store.term_spans([sid], "analyzer-1").keys() == {sid}
    assert store.term_spans([sid], "analyzer-2") == {}
    assert [row for _, row in store.article_spans("a.txt", "analyzer-2")[1]] == [None]
    # a batch analysed by another analyzer stores nothing rather than mixing the two
    # (another text: an article of the very same sentences would be a duplicate of a.txt, not stored)
    other_text = "Tokyo said talks resume."
    store.add_batch([parsed_article("b.txt", [other_text])], replace=False,
                    term_spans=("analyzer-2", {"b.txt": (encode_spans(ANALYZER.term_spans(other_text)),)}))
    other = store.article_sentences("b.txt")[0].id
    assert store.term_spans([other], "analyzer-1") == {} == store.term_spans([other], "analyzer-2")


def test_answers_are_the_same_with_and_without_stored_spans(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    with QAService.open(path, create=True, seeds_dir=SEEDS) as service:
        stored = [service.ask(q, k=5, explain=True) for q in QUESTIONS]
    assert _stored(path)
    with sqlite3.connect(path) as conn:  # the spans made by some other analyzer: read as none
        conn.execute("UPDATE meta SET value = 'another' WHERE key = 'term_spans_analyzer'")
    with QAService.open(path) as service:
        analysed = [service.ask(q, k=5, explain=True) for q in QUESTIONS]
    assert analysed == stored
    assert any(not r.no_answer for r in stored)


def test_a_store_opened_with_other_analyzer_options_answers_from_its_own_analysis(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    QAService.open(path, create=True, seeds_dir=SEEDS).close()
    plain = AnalyzerOptions(stem=False)
    with QAService.open(path, analyzer=plain) as service:
        with_stored = [service.ask(q, k=3) for q in QUESTIONS]
    fresh = tmp_path / "fresh.sqlite3"
    with Store.open(fresh, create=True) as store:
        ingest_paths(store, [SEEDS], limits=IngestLimits())
    with sqlite3.connect(fresh) as conn:  # no spans at all, and none will be filled for this analyzer
        conn.execute("INSERT INTO meta (key, value) VALUES ('term_spans_analyzer', 'another')")
    with QAService.open(fresh, analyzer=plain) as service:
        assert [service.ask(q, k=3) for q in QUESTIONS] == with_stored
