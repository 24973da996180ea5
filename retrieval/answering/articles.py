"""Whole articles as evidence: crowd questions share more words with the story than with the one
sentence that answers, so the articles the first stage points at are read in full.

An article's sentences (with their analysis) are read once per store version and kept; the
re-ranker gets each candidate's neighbours, its position, whether it is the title line, and how
much of the question its whole article holds.
"""
from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from retrieval.answering.params import AnswerParams
from retrieval.answering.rerank import Candidate, Query, concept_in_bag
from retrieval.answering.seams import SentenceStore, TermSpan
from retrieval.corpus.copykeys import normalise_text
from retrieval.errors import StoreError
from retrieval.records import Hit, Sentence, StoreVersion

ARTICLE_CACHE = 4_000  # articles kept between questions, per store version


@dataclass(frozen=True, slots=True)
class ArticleView:
    """One stored article as the answerer reads it."""

    source: str
    title: str
    sentences: tuple[Sentence, ...]
    spans: tuple[tuple[TermSpan, ...], ...]  # per sentence
    terms: frozenset[str]  # every term of the article

    def neighbour_terms(self, i: int) -> frozenset[str]:
        """Terms of the sentences just before and after the i-th."""
        out: set[str] = set()
        for j in (i - 1, i + 1):
            if 0 <= j < len(self.spans):
                out.update(sp.term for sp in self.spans[j])
        return frozenset(out)


class ArticleReader:
    """Reads articles from the store, cached per store version (a replaced article is a new batch)."""

    def __init__(self, store: SentenceStore, spans_of: Callable[[str], tuple[TermSpan, ...]]) -> None:
        self._store = store
        self.spans_of = spans_of
        self.read = functools.lru_cache(maxsize=ARTICLE_CACHE)(self._read)

    def _read(self, source: str, version: StoreVersion) -> ArticleView | None:
        try:
            sentences = tuple(self._store.article_sentences(source))
            if not sentences:
                return None
            title = self._store.context(sentences[0].id, 0).title
        except StoreError:  # replaced by a batch committed after this question's snapshot
            return None
        spans = tuple(self.spans_of(s.text) for s in sentences)
        return ArticleView(source, title, sentences, spans, frozenset(sp.term for ss in spans for sp in ss))


@dataclass(frozen=True, slots=True)
class Pool:
    """The candidates' articles, best first, and which candidate sentences to score."""

    views: tuple[ArticleView, ...]
    coverage: tuple[float, ...]  # the question's idf share each whole article holds
    sentences: tuple[tuple[ArticleView, int, int], ...]  # (article, index in it, article rank)


def article_pool(reader: ArticleReader, version: StoreVersion, hits: Sequence[Hit], query: Query,
                 p: AnswerParams) -> Pool:
    """The articles of the first stage's hits ranked by how much of the question their hit
    sentences hold together; the best `article_pool` read in full and ranked again by the whole
    article. Their hit sentences are candidates, and every sentence of the best `expand_articles`
    (the answer may share few words with the question when its story shares many)."""
    bags: dict[str, set[str]] = {}
    for h in hits:
        bags.setdefault(h.sentence.source, set()).update(sp.term for sp in reader.spans_of(h.sentence.text))
    first_seen = {src: i for i, src in enumerate(bags)}
    by_hits = sorted(bags, key=lambda src: (-bag_coverage(query, frozenset(bags[src]), p), first_seen[src]))
    views = [v for v in (reader.read(src, version) for src in by_hits[:p.article_pool]) if v is not None]
    full = {v.source: bag_coverage(query, v.terms, p) for v in views}
    views.sort(key=lambda v: (-full[v.source], first_seen[v.source]))
    hit_ids = {h.sentence.id for h in hits}
    chosen = []
    for rank, v in enumerate(views):
        for i, s in enumerate(v.sentences):
            if rank < p.expand_articles or s.id in hit_ids:
                chosen.append((v, i, rank))
    return Pool(tuple(views), tuple(full[v.source] for v in views), tuple(chosen))


def bag_coverage(query: Query, terms: frozenset[str], p: AnswerParams) -> float:
    total = sum(c.weight for c in query.concepts) or 1.0
    return sum(concept_in_bag(c, terms, p) * c.weight for c in query.concepts) / total


def local_weights(view: ArticleView, query: Query, p: AnswerParams) -> tuple[float, ...]:
    """Per concept, log(1 + n / (1 + sentences of the article holding it)): inside one story the
    name every sentence repeats says little about which sentence answers."""
    n = len(view.spans)
    bags = [frozenset(sp.term for sp in ss) for ss in view.spans]
    out = []
    for c in query.concepts:
        df = sum(1 for bag in bags if concept_in_bag(c, bag, p) >= 1.0)
        out.append(math.log(1 + n / (1 + df)))
    return tuple(out)


def pool_candidates(pool: Pool, bm25: dict[int, float], query: Query, p: AnswerParams) -> list[Candidate]:
    """The pool's sentences as re-ranking candidates, with their article's evidence."""
    best = max(pool.coverage, default=0.0) or 1.0
    local = {v.source: local_weights(v, query, p) for v in pool.views}
    share = {v.source: c / best for v, c in zip(pool.views, pool.coverage)}
    titles = {v.source: normalise_text(v.title) for v in pool.views}
    out = []
    for v, i, rank in pool.sentences:
        s = v.sentences[i]
        headline = i == 0 and titles[v.source] == normalise_text(s.text)
        out.append(Candidate(s, bm25.get(s.id, 0.0), v.spans[i], v.neighbour_terms(i), headline,
                             article=share[v.source], article_top=rank == 0, local_weights=local[v.source]))
    return out
