"""A batch written article by article as parsing yields them (`Store.writing_batch`) stores exactly
what `add_batch` stores for the same articles: every row of every table, the report, the sequence,
whatever the batch holds (repeated names, copies under other names, articles without sentences,
files already stored with the same or other content, more articles than one write takes)."""
from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from retrieval.corpus.copykeys import copy_keys
from retrieval.corpus.store import BatchWriter, Store, encode_spans
from retrieval.index.analyzer import Analyzer
from retrieval.records import ParsedArticle, Rejection, SentenceSpan

ANALYZER = Analyzer()


def _article(name: str, body: str) -> ParsedArticle:
    raw = f"Title {name}\n\n{body}"
    sentences = tuple(SentenceSpan(s, raw.index(s), raw.index(s) + len(s)) for s in dict.fromkeys(body.split("|")) if s)
    return ParsedArticle(source=name, raw=raw, title=f"Title {name}", date=None, byline=None, sentences=sentences,
                         content_hash=hashlib.sha256(raw.encode()).hexdigest())


_bodies = st.sampled_from(["Envoys met in Seoul.|Talks stall.", "Talks stall.", "", "A \"quoted line of six words here\" said.",
                           "Prices rose.|Prices fell.|Prices rose again."])
_batch = st.lists(st.tuples(st.sampled_from("abcdefg"), _bodies), max_size=12)


def _dump(path: Path) -> dict:
    with sqlite3.connect(path) as conn:
        out = {}
        for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"):
            rows = conn.execute(f"SELECT rowid, * FROM {table} ORDER BY rowid").fetchall()
            out[table] = [r for r in rows if table != "meta" or r[1] != "store_id"]
        for name in ("articles", "batches"):  # times differ between the two stores
            out[name] = [tuple(v for v in r if not (isinstance(v, str) and v[:2] == "20" and "T" in v)) for r in out[name]]
    return out


def _streamed(store: Store, articles: list[ParsedArticle], version: str | None, spans: dict, keys: dict,
              rejected: list[Rejection]):
    flush, BatchWriter._FLUSH_ARTICLES = BatchWriter._FLUSH_ARTICLES, 3  # several writes a batch
    try:
        with store.writing_batch(term_spans_analyzer=version, expected_sentences=len(articles)) as writer:
            for a in articles:
                writer.add(a, spans[a.source] if version else None, keys[a.source])
            return writer.finish(rejected)
    finally:
        BatchWriter._FLUSH_ARTICLES = flush


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_batch, _batch, st.booleans())
def test_writing_a_batch_as_it_comes_stores_what_add_batch_stores(tmp_path: Path, first: list, second: list,
                                                                   with_spans: bool) -> None:
    stores = {}
    for way in ("whole", "streamed"):
        path = tmp_path / f"{way}.sqlite3"
        for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            p.unlink(missing_ok=True)
        reports = []
        with Store.open(path, create=True) as store:
            for batch in (first, second):
                articles = [_article(name, body) for name, body in batch]
                rejected = [Rejection("unreadable.txt", "not text")]
                spans = {a.source: tuple(encode_spans(ANALYZER.term_spans(s.text)) for s in a.sentences) for a in articles}
                keys = {a.source: tuple(copy_keys(s.text) for s in a.sentences) for a in articles}
                version = ANALYZER.version if with_spans else None
                if way == "whole":
                    report = store.add_batch(articles, replace=False, rejected=rejected,
                                             term_spans=None if version is None else (version, spans), keys=keys)
                else:  # each article's own spans and keys (add_batch looks them up by name)
                    report = _streamed(store, articles, version, spans, keys, rejected)
                reports.append(report)
        stores[way] = (reports, _dump(path))
    whole, streamed = stores["whole"], stores["streamed"]
    assert streamed[0] == whole[0]
    assert streamed[1] == whole[1]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.booleans(), max_size=8), max_size=6))
def test_articles_as_columns_keep_their_sentences_and_each_tiers_positions(captions: list[list[bool]]) -> None:
    """The writer's column form of an article (what parse workers send) gives back the article, and
    the positions it computes for a run of articles at once are `_positions`' article by article."""
    import numpy as np

    from retrieval.corpus.store import ArticleColumns, _positions, _tier_positions

    articles = []
    for i, flags in enumerate(captions):
        raw = "".join(f"Sentence {j} of {i}. " for j in range(len(flags)))
        at, spans = 0, []
        for j, flag in enumerate(flags):
            text = f"Sentence {j} of {i}."
            spans.append(SentenceSpan(text, at, at + len(text), flag))
            at += len(text) + 1
        articles.append(ParsedArticle(source=f"s{i}", raw=raw, title="T", date=None, byline=None,
                                      sentences=tuple(spans), content_hash=str(i), site="x", url=None))
    columns = [ArticleColumns.of(a) for a in articles]
    assert [c.parsed() for c in columns] == articles
    flags = np.array([int(f) for c in captions for f in c], np.int64)
    assert _tier_positions(flags, [c.n for c in columns]) == [p for a in articles for p in _positions(a)]
