"""Whole articles as evidence: crowd questions share more words with the story than with the one
sentence that answers, so the articles the first stage points at are read in full.

An article's sentences (with their analysis) are read once per store version and kept; the
re-ranker gets each candidate's neighbours, its position, whether it is the title line, and how
much of the question its whole article holds.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

from retrieval.answering.params import AnswerParams
from retrieval.answering.rerank import Candidate, Concept, Query, concept_in_bag
from retrieval.answering.seams import SentenceStore
from retrieval.corpus.copykeys import normalise_text
from retrieval.corpus.store import SpanRow, decode_offsets, encode_spans
from retrieval.errors import StoreError
from retrieval.records import Hit, Sentence, StoreVersion

ARTICLE_CACHE = 4_000  # articles kept between questions, per store version
SENTENCE_CACHE = 200_000  # sentence analyses kept between questions (tens of MB at most)


# One sentence's analysis as kept between questions: its terms and its spans' offsets as the store
# keeps them (store.encode_spans). Plain tuples of strings and bytes on purpose: the garbage collector
# stops tracking those, so a cache of a few hundred thousand sentences adds nothing to its full passes
# (objects holding TermSpans or sets stay tracked, and each full pass over them cost 0.2-0.5 s).
Analysed = tuple[tuple[str, ...], bytes]


def analysed_from(row: SpanRow) -> Analysed | None:
    """A stored row as kept; None when it does not hold one offset pair per term."""
    terms = tuple(row[0].split(" ")) if row[0] else ()
    blob = row[1]
    width = 2 if blob[:1] == b"H" else 4 if blob[:1] == b"I" else 0
    return (terms, blob) if width and len(blob) - 1 == 2 * width * len(terms) else None


def spans_of(a: Analysed) -> tuple[tuple[str, int, int], ...]:
    """The sentence's term spans, (term, start, end) with offsets in its text, as plain tuples."""
    o = decode_offsets(a[1])
    return tuple(zip(a[0], o[0::2], o[1::2]))


@dataclass(frozen=True, slots=True)
class ArticleView:
    """One stored article as the answerer reads it: its sentences, their analyses, and for each
    term the sentences holding it (bit i set for sentence i), worked out once when it is read."""

    source: str
    title: str
    rows: tuple[tuple[int, str, int, int, int, str], ...]  # per sentence, its Sentence's fields (untracked, as above)
    analysed: tuple[Analysed, ...]  # per sentence
    holding: dict[str, int] = field(default_factory=dict)  # term -> bit i set when sentence i holds it

    @classmethod
    def of(cls, source: str, title: str, sentences: tuple[Sentence, ...], analysed: tuple[Analysed, ...]) -> ArticleView:
        holding: dict[str, int] = {}
        get = holding.get  # bound once: this loop runs for every term of every article read
        for i, (terms, _) in enumerate(analysed):
            bit = 1 << i
            for t in terms:
                holding[t] = get(t, 0) | bit
        rows = tuple((s.id, s.source, s.position, s.start, s.end, s.text) for s in sentences)
        return cls(source, title, rows, analysed, holding)

    def sentence(self, i: int) -> Sentence:
        return Sentence(*self.rows[i])

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        return tuple(Sentence(*row) for row in self.rows)

    @property
    def terms(self) -> AbstractSet[str]:
        """Every term of the article (the keys of `holding`: a dict of strings and ints, which the
        garbage collector does not track, where a set of them would be walked by every full pass)."""
        return self.holding.keys()

    @property
    def bags(self) -> tuple[frozenset[str], ...]:
        return tuple(frozenset(a[0]) for a in self.analysed)

    @property
    def spans(self) -> tuple[tuple[tuple[str, int, int], ...], ...]:
        return tuple(spans_of(a) for a in self.analysed)

    def neighbour_terms(self, i: int) -> frozenset[str]:
        """Terms of the sentences just before and after the i-th."""
        before = self.analysed[i - 1][0] if i > 0 else ()
        after = self.analysed[i + 1][0] if i + 1 < len(self.analysed) else ()
        return frozenset(before + after)


class ArticleReader:
    """Reads articles from the store, cached per store version (a replaced article is a new batch),
    and sentences' analyses, cached by sentence id (an id never changes its text): the term spans
    the store keeps for them, or the analyzer's (`analyse`) when it has none."""

    def __init__(self, store: SentenceStore, analyse: Callable[[str], Sequence[tuple[str, int, int]]],
                 analyzer_version: str) -> None:
        self._store = store
        self._analyse = analyse
        self._version = analyzer_version
        self._by_id: dict[int, Analysed] = {}
        # (source, store id, batch) -> the view's fields, or None: plain tuples, keys included (an lru_cache
        # keyed by StoreVersion, or holding ArticleViews, kept thousands of objects the collector walks).
        self._views: dict[tuple[str, str, int], tuple[str, str, tuple, tuple, dict[str, int]] | None] = {}

    def read(self, source: str, version: StoreVersion) -> ArticleView | None:
        """The article as of `version` (a replaced article is a new batch), read once and kept."""
        key = (source, version.store_id, version.batch)
        try:
            got = self._views[key]
        except KeyError:
            view = self._read(source)
            got = None if view is None else (view.source, view.title, view.rows, view.analysed, view.holding)
            if len(self._views) >= ARTICLE_CACHE:
                self._views.clear()
            self._views[key] = got
            return view
        return None if got is None else ArticleView(*got)

    def _read(self, source: str) -> ArticleView | None:
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
            got = analysed_from(row) if row is not None else None
            if got is None:
                spans = self._analyse(s.text)
                got = (tuple(t for t, _, _ in spans), encode_spans(spans)[1])
            if len(self._by_id) >= SENTENCE_CACHE:
                self._by_id.clear()
            self._by_id[s.id] = got
        return got

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
        bags.setdefault(h.sentence.source, set()).update(a[0])
    first_seen = {src: i for i, src in enumerate(bags)}
    by_hits = sorted(bags, key=lambda src: (-bag_coverage(query, frozenset(bags[src]), p), first_seen[src]))
    views = [v for v in (reader.read(src, version) for src in by_hits[:p.article_pool]) if v is not None]
    full = {v.source: bag_coverage(query, v.terms, p) for v in views}
    views.sort(key=lambda v: (-full[v.source], first_seen[v.source]))
    hit_ids = {h.sentence.id for h in hits}
    chosen = []
    for rank, v in enumerate(views):
        for i, row in enumerate(v.rows):
            if rank < p.expand_articles or row[0] in hit_ids:
                chosen.append((v, i, rank))
    return Pool(tuple(views), tuple(full[v.source] for v in views), tuple(chosen))


def bag_coverage(query: Query, terms: AbstractSet[str], p: AnswerParams) -> float:
    total = sum(c.weight for c in query.concepts) or 1.0
    return sum(concept_in_bag(c, terms, p) * c.weight for c in query.concepts) / total


def local_weights(view: ArticleView, query: Query, p: AnswerParams) -> tuple[float, ...]:
    """Per concept, log(1 + n / (1 + sentences of the article holding it)): inside one story the
    name every sentence repeats says little about which sentence answers."""
    n = len(view.rows)
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
        s = v.sentence(i)
        headline = i == 0 and titles[v.source] == normalise_text(s.text)
        out.append(Candidate(s, bm25.get(s.id, 0.0), spans_of(v.analysed[i]), v.neighbour_terms(i), headline,
                             article=share[v.source], article_top=rank == 0, local_weights=local[v.source],
                             terms=v.analysed[i][0]))
    return out
