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
from dataclasses import dataclass, field

from retrieval.answering.params import AnswerParams
from retrieval.answering.rerank import Candidate, Concept, Query, concept_in_bag
from retrieval.answering.seams import SentenceStore, TermSpan
from retrieval.corpus.copykeys import normalise_text
from retrieval.corpus.store import SpanRow, decode_offsets
from retrieval.errors import StoreError
from retrieval.records import Hit, Sentence, StoreVersion

ARTICLE_CACHE = 4_000  # articles kept between questions, per store version
SENTENCE_CACHE = 200_000  # sentence analyses kept between questions (tens of MB at most)


class Analysed:
    """One stored sentence's analysis: its terms and term set at once, its spans (terms with
    offsets in its text) built when first asked for (only candidates need them)."""

    __slots__ = ("_offsets", "_spans", "bag", "terms")

    def __init__(self, terms: tuple[str, ...], offsets: Sequence[int] | None = None,
                 spans: tuple[TermSpan, ...] | None = None) -> None:
        self.terms = terms
        self.bag = frozenset(terms)
        self._offsets = offsets
        self._spans = spans

    @classmethod
    def of_spans(cls, spans: tuple[TermSpan, ...]) -> Analysed:
        return cls(tuple(sp.term for sp in spans), spans=spans)

    @classmethod
    def stored(cls, row: SpanRow) -> Analysed | None:
        """From the store's row; None when the row does not hold one offset pair per term."""
        terms = tuple(row[0].split(" ")) if row[0] else ()
        offsets = decode_offsets(row[1])
        return cls(terms, offsets) if len(offsets) == 2 * len(terms) else None

    @property
    def spans(self) -> tuple[TermSpan, ...]:
        if self._spans is None:
            o = self._offsets if self._offsets is not None else ()
            self._spans = tuple(map(TermSpan, self.terms, o[0::2], o[1::2]))
        return self._spans


@dataclass(frozen=True, slots=True)
class ArticleView:
    """One stored article as the answerer reads it.

    Everything a question asks of an article's terms is worked out once, when it is read: each
    sentence's term set, the terms of its neighbours, and for each term the sentences holding it
    (a bit mask), so a question costs set look-ups, not a pass over every sentence's terms."""

    source: str
    title: str
    sentences: tuple[Sentence, ...]
    analysed: tuple[Analysed, ...]  # per sentence
    terms: frozenset[str]  # every term of the article
    around: tuple[frozenset[str], ...] = ()  # per sentence, the terms of the sentences just before and after it
    holding: dict[str, int] = field(default_factory=dict)  # term -> bit i set when sentence i holds it

    @classmethod
    def of(cls, source: str, title: str, sentences: tuple[Sentence, ...], analysed: tuple[Analysed, ...]) -> ArticleView:
        bags = [a.bag for a in analysed]
        empty: frozenset[str] = frozenset()
        around = tuple((bags[i - 1] if i > 0 else empty) | (bags[i + 1] if i + 1 < len(bags) else empty)
                       for i in range(len(bags)))
        holding: dict[str, int] = {}
        for i, bag in enumerate(bags):
            bit = 1 << i
            for t in bag:
                holding[t] = holding.get(t, 0) | bit
        return cls(source, title, sentences, analysed, frozenset(holding), around, holding)

    @property
    def bags(self) -> tuple[frozenset[str], ...]:
        return tuple(a.bag for a in self.analysed)

    @property
    def spans(self) -> tuple[tuple[TermSpan, ...], ...]:
        return tuple(a.spans for a in self.analysed)

    def neighbour_terms(self, i: int) -> frozenset[str]:
        """Terms of the sentences just before and after the i-th."""
        return self.around[i]


class ArticleReader:
    """Reads articles from the store, cached per store version (a replaced article is a new batch),
    and sentences' analyses, cached by sentence id (an id never changes its text): the term spans
    the store keeps for them, or the analyzer's when it has none (`spans_of`, by text)."""

    def __init__(self, store: SentenceStore, spans_of: Callable[[str], tuple[TermSpan, ...]],
                 analyzer_version: str) -> None:
        self._store = store
        self.spans_of = spans_of
        self._version = analyzer_version
        self._by_id: dict[int, Analysed] = {}
        self.read = functools.lru_cache(maxsize=ARTICLE_CACHE)(self._read)

    def _read(self, source: str, version: StoreVersion) -> ArticleView | None:
        try:
            title, rows = self._store.article_spans(source, self._version)
        except StoreError:  # replaced by a batch committed after this question's snapshot
            return None
        if not rows:
            return None
        sentences = tuple(s for s, _ in rows)
        return ArticleView.of(source, title, sentences, tuple(self._analysed(s, row) for s, row in rows))

    def _analysed(self, s: Sentence, row: SpanRow | None) -> Analysed:
        got = self._by_id.get(s.id)
        if got is None:
            got = (Analysed.stored(row) if row is not None else None) or Analysed.of_spans(self.spans_of(s.text))
            self._keep(s.id, got)
        return got

    def _keep(self, sid: int, a: Analysed) -> None:
        if len(self._by_id) >= SENTENCE_CACHE:
            self._by_id.clear()
        self._by_id[sid] = a

    def analyses(self, sentences: Sequence[Sentence]) -> list[Analysed]:
        """Each sentence's analysis, the ones not yet seen fetched from the store in one query."""
        missing = [s.id for s in sentences if s.id not in self._by_id]
        rows = self._store.term_spans(missing, self._version) if missing else {}
        return [self._analysed(s, rows.get(s.id)) for s in sentences]


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
    for h, a in zip(hits, reader.analyses([h.sentence for h in hits])):
        bags.setdefault(h.sentence.source, set()).update(a.terms)
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
    n = len(view.sentences)
    out = []
    for c in query.concepts:
        df = _sentences_holding(view, c, p)
        out.append(math.log(1 + n / (1 + df)))
    return tuple(out)


def _sentences_holding(view: ArticleView, c: Concept, p: AnswerParams) -> int:
    """How many sentences of the article hold the concept fully (concept_in_bag(c, bag) >= 1).

    Partial credit stays below 1 while partial_phrase and partial_name are below 1 and the name's
    parts weigh nothing negative: then a sentence holds the concept exactly when it holds every
    term of one alternative, which the per-term bit masks answer at once. Otherwise, sentence by sentence."""
    if p.partial_phrase >= 1.0 or p.partial_name >= 1.0 or any(w < 0 for w in c.name_parts):
        return sum(1 for bag in view.bags if concept_in_bag(c, bag, p) >= 1.0)
    every = (1 << len(view.analysed)) - 1
    holding = view.holding
    alternatives = c.alternatives[:1] if c.name_parts else c.alternatives
    mask = 0
    for alt in alternatives:
        m = every
        for t in alt:
            m &= holding.get(t, 0)
        mask |= m
    return mask.bit_count()


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
        a = v.analysed[i]
        out.append(Candidate(s, bm25.get(s.id, 0.0), a.spans, v.around[i], headline,
                             article=share[v.source], article_top=rank == 0, local_weights=local[v.source]))
    return out
