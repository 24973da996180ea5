"""Whole articles as evidence: crowd questions share more words with the story than with the one
sentence that answers, so the articles the first stage points at are read in full.

An article's sentences (with their analysis) are read once per store version and kept; the
re-ranker gets each candidate's neighbours, its position, whether it is the title line, and how
much of the question its whole article holds.
"""
from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from retrieval.answering.lazy import LazyTuple
from retrieval.answering.params import AnswerParams
from retrieval.answering.rerank import Candidate, Concept, Query, concept_in_bag, plain_terms, wanted_terms
from retrieval.answering.seams import IndexView, SentenceStore
from retrieval.corpus.copykeys import normalise_text
from retrieval.corpus.store import ArticleRow, SpanRow, decode_offsets, encode_spans
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


def _holds_one_pair_per_term(row: SpanRow) -> bool:
    """Whether a stored row holds one offset pair per term (what analysed_from accepts), without splitting it."""
    blob = row[1]
    width = 2 if blob[:1] == b"H" else 4 if blob[:1] == b"I" else 0
    return bool(width) and len(blob) - 1 == 2 * width * (row[0].count(" ") + 1 if row[0] else 0)


class StoredSpans(LazyTuple[tuple[str, int, int]]):
    """A sentence's term spans as `spans_of` gives them, decoded from its analysis when first read: most
    candidates are ranked on their terms alone, and only the answers shown need their offsets."""

    __slots__ = ("_analysed",)

    def __init__(self, analysed: Analysed) -> None:
        super().__init__()
        self._analysed = analysed

    def _make(self) -> tuple[tuple[str, int, int], ...]:
        return spans_of(self._analysed)

    def __len__(self) -> int:
        return len(self._analysed[0])


class Words(AbstractSet[str]):
    """An article's terms as a set, kept as one string of them each between spaces (" korea talk seoul "):
    what is asked of it is whether it holds a few question terms, which a substring search answers (terms never
    hold white space) without splitting and hashing every term of every article read."""

    __slots__ = ("_spaced",)

    def __init__(self, spaced: str) -> None:
        self._spaced = spaced

    def __contains__(self, term: object) -> bool:
        return isinstance(term, str) and bool(term) and f" {term} " in self._spaced

    def _set(self) -> frozenset[str]:
        return frozenset(self._spaced.split())

    def __iter__(self) -> Iterator[str]:
        return iter(self._set())

    def __len__(self) -> int:
        return len(self._set())


@dataclass(frozen=True, slots=True)
class ArticleView:
    """One stored article as the answerer reads it: its sentences, the terms it holds, and each sentence's
    analysis (through the reader's cache by sentence id, worked out when first asked for)."""

    source: str
    title: str
    # per sentence, as the store reads it (store.ArticleRow: a Sentence's fields but its source, then its stored
    # term spans; untracked, as above)
    rows: tuple[ArticleRow, ...]
    unusable: tuple[int, ...]  # the sentences whose stored spans are missing or unusable: analysed instead
    words: str  # every term of the article, each between spaces (see Words)
    reader: ArticleReader

    def sentence(self, i: int) -> Sentence:
        row = self.rows[i]
        return Sentence(row[0], self.source, row[1], row[2], row[3], row[4])

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        return tuple(self.sentence(i) for i in range(len(self.rows)))

    @property
    def terms(self) -> AbstractSet[str]:
        """Every term of the article."""
        return Words(self.words)

    def analysed(self, i: int) -> Analysed:
        row = self.rows[i]
        stored = None if row[5] is None or row[6] is None or i in self.unusable else (row[5], row[6])
        return self.reader.analysed(row[0], row[4], stored)

    @property
    def bags(self) -> tuple[frozenset[str], ...]:
        return tuple(frozenset(self.analysed(i)[0]) for i in range(len(self.rows)))

    @property
    def spans(self) -> tuple[tuple[tuple[str, int, int], ...], ...]:
        return tuple(spans_of(self.analysed(i)) for i in range(len(self.rows)))

    def holding(self) -> dict[str, int]:
        """For each term, the sentences holding it: bit i set when sentence i does."""
        holding: dict[str, int] = {}
        get = holding.get  # bound once: this loop runs for every term of the article
        for i in range(len(self.rows)):
            bit = 1 << i
            for t in self.analysed(i)[0]:
                holding[t] = get(t, 0) | bit
        return holding

    def neighbour_terms(self, i: int) -> frozenset[str]:
        """Terms of the sentences just before and after the i-th."""
        before = self.analysed(i - 1)[0] if i > 0 else ()
        after = self.analysed(i + 1)[0] if i + 1 < len(self.rows) else ()
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
        self._views: dict[tuple[str, str, int], tuple[str, str, tuple, tuple, str] | None] = {}

    def read(self, source: str, version: StoreVersion) -> ArticleView | None:
        """The article as of `version` (a replaced article is a new batch), read once and kept."""
        key = (source, version.store_id, version.batch)
        try:
            got = self._views[key]
        except KeyError:
            view = self._read(source)
            got = None if view is None else (view.source, view.title, view.rows, view.unusable, view.words)
            if len(self._views) >= ARTICLE_CACHE:
                self._views.clear()
            self._views[key] = got
            return view
        return None if got is None else ArticleView(*got, self)

    def _read(self, source: str) -> ArticleView | None:
        try:
            title, rows = self._store.article_rows(source, self._version)
        except StoreError:  # replaced by a batch committed after this question's snapshot
            return None
        if not rows:
            return None
        unusable: list[int] = []
        joined: list[str] = []  # each sentence's terms, joined by spaces
        for i, row in enumerate(rows):
            terms, offsets = row[5], row[6]
            if terms is not None and offsets is not None and _holds_one_pair_per_term((terms, offsets)):
                if terms:
                    joined.append(terms)
            else:  # none stored (or not usable): analysed now, as its terms are the article's
                unusable.append(i)
                terms = " ".join(self.analysed(row[0], row[4], None)[0])
                if terms:
                    joined.append(terms)
        return ArticleView(source, title, tuple(rows), tuple(unusable), f" {' '.join(joined)} ", self)

    def analysed(self, sentence_id: int, text: str, row: SpanRow | None) -> Analysed:
        """A sentence's analysis: kept, or from its stored row, or (none usable) from the analyzer."""
        got = self._by_id.get(sentence_id)
        if got is None:
            got = analysed_from(row) if row is not None else None
            if got is None:
                spans = self._analyse(text)
                got = (tuple(t for t, _, _ in spans), encode_spans(spans)[1])
            if len(self._by_id) >= SENTENCE_CACHE:
                self._by_id.clear()
            self._by_id[sentence_id] = got
        return got

    def analyses(self, sentences: Sequence[Sentence], version: StoreVersion | None = None) -> list[Analysed]:
        """Each sentence's analysis: kept, or from its article's view kept for `version`, or fetched from the
        store in one query for all the others."""
        rows: dict[int, SpanRow | None] = {}
        missing = []
        for s in sentences:
            if s.id not in self._by_id and s.id not in rows:
                rows[s.id] = self._kept_row(s, version)
                if rows[s.id] is None:
                    missing.append(s.id)
        if missing:
            rows.update(self._store.term_spans(missing, self._version))
        return [self.analysed(s.id, s.text, rows.get(s.id)) for s in sentences]

    def _kept_row(self, s: Sentence, version: StoreVersion | None) -> SpanRow | None:
        """The stored spans of a body sentence whose article's view is kept for `version`, else None."""
        got = None if version is None or s.caption else self._views.get((s.source, version.store_id, version.batch))
        if got is None or not 0 <= s.position < len(got[2]):
            return None
        row = got[2][s.position]  # a body sentence's position is its place among the article's body rows
        if row[0] != s.id or row[5] is None or row[6] is None or s.position in got[3]:
            return None
        return row[5], row[6]


@dataclass(frozen=True, slots=True)
class Pool:
    """The candidates' articles, best first, and which candidate sentences to score."""

    views: tuple[ArticleView, ...]
    coverage: tuple[float, ...]  # the question's idf share each whole article holds
    sentences: tuple[tuple[ArticleView, int, int], ...]  # (article, index in it, article rank)


def article_pool(reader: ArticleReader, index: IndexView, hits: Sequence[Hit], query: Query,
                 p: AnswerParams, keep: str | None = None) -> Pool:
    """The articles of the first stage's hits ranked by how much of the question their hit
    sentences hold together; the best `article_pool` read in full and ranked again by the whole
    article. Their hit sentences are candidates, and every sentence of the best `expand_articles`
    (the answer may share few words with the question when its story shares many). `keep`: an article read in
    full and expanded whatever its hits (a follow-up's previous answer's: "and what was it last year" is answered
    in the story the user is reading, though "last year" hits a hundred others first)."""
    version = index.version
    # Which of the question's terms (its aliases' included) each article's hits hold, as the index tells: all
    # bag_coverage asks of a bag is whether it holds such terms, and the index holds exactly each sentence's
    # analysed terms, so no hit's analysis is read (most hits are in articles never read in full).
    bags: dict[str, set[str]] = {h.sentence.source: set() for h in hits}
    for term, held in index.holding(sorted(wanted_terms(query)), [h.sentence.id for h in hits]).items():
        for h in itertools.compress(hits, held):
            bags[h.sentence.source].add(term)
    first_seen = {src: i for i, src in enumerate(bags)}
    coverage = bag_coverage(query, p)
    by_hits = sorted(bags, key=lambda src: (-coverage(bags[src]), first_seen[src]))
    read = by_hits[:p.article_pool]
    if keep is not None and keep not in read:
        read.append(keep)
    views = [v for v in (reader.read(src, version) for src in read) if v is not None]
    full = {v.source: coverage(v.terms) for v in views}
    views.sort(key=lambda v: (-full[v.source], first_seen.get(v.source, len(first_seen))))
    hit_ids = {h.sentence.id for h in hits}
    chosen = []
    for rank, v in enumerate(views):
        for i, row in enumerate(v.rows):
            if rank < p.expand_articles or row[0] in hit_ids or v.source == keep:
                chosen.append((v, i, rank))
    return Pool(tuple(views), tuple(full[v.source] for v in views), tuple(chosen))


def bag_coverage(query: Query, p: AnswerParams) -> Callable[[AbstractSet[str]], float]:
    """The share of the question's idf mass a bag of terms holds (concept_in_bag; a plain term is one look-up), as
    a function of the bag: what is the question's alone is worked out once, as it is asked of every hit's article."""
    total = sum(c.weight for c in query.concepts) or 1.0
    parts = tuple(zip(query.concepts, plain_terms(query)))

    def coverage(terms: AbstractSet[str]) -> float:
        return sum([((1.0 if t in terms else 0.0) if t is not None else concept_in_bag(c, terms, p)) * c.weight
                    for c, t in parts]) / total
    return coverage


def local_weights(view: ArticleView, query: Query, p: AnswerParams,
                  holding: dict[str, int] | None = None) -> tuple[float, ...]:
    """Per concept, log(1 + n / (1 + sentences of the article holding it)): inside one story the
    name every sentence repeats says little about which sentence answers. `holding`: view.holding(), when made."""
    n = len(view.rows)
    out = []
    holding = view.holding() if holding is None else holding
    for c in query.concepts:
        df = _sentences_holding(view, holding, c, p)
        out.append(math.log(1 + n / (1 + df)))
    return tuple(out)


def _sentences_holding(view: ArticleView, holding: dict[str, int], c: Concept, p: AnswerParams) -> int:
    """How many sentences of the article hold the concept fully (concept_in_bag(c, bag) >= 1).

    Partial credit stays below 1 while partial_phrase and partial_name are below 1 and the name's
    parts weigh nothing negative: then a sentence holds the concept exactly when it holds every
    term of one alternative, which the per-term bit masks answer at once. Otherwise, sentence by sentence."""
    if p.partial_phrase >= 1.0 or p.partial_name >= 1.0 or any(w < 0 for w in c.name_parts):
        return sum(1 for bag in view.bags if concept_in_bag(c, bag, p) >= 1.0)
    alternatives = c.alternatives[:1] if c.name_parts else c.alternatives
    mask = 0
    for alt in alternatives:
        mask |= _holding_all(holding, alt)
    return mask.bit_count()


def _holding_all(holding: dict[str, int], terms: Sequence[str]) -> int:
    """The sentences (bit i for sentence i) holding every one of `terms` (at least one term)."""
    mask = -1
    for t in terms:
        mask &= holding.get(t, 0)
    return mask


def pool_candidates(pool: Pool, bm25: dict[int, float], query: Query, p: AnswerParams, *,
                    local: bool = True) -> list[Candidate]:
    """The pool's sentences as re-ranking candidates, with their article's evidence. `local` False: without
    each concept's weight within the article (what only the local_coverage feature reads)."""
    best = max(pool.coverage, default=0.0) or 1.0
    names = [j for j, c in enumerate(query.concepts) if len(c.name_parts) > 1] if p.introduced_name is not None else []
    # each article's term bit masks, made once for both readers
    holdings = {v.source: v.holding() for v in pool.views} if local or names else {}
    weights = {v.source: local_weights(v, query, p, holdings[v.source]) for v in pool.views} if local else {}
    share = {v.source: c / best for v, c in zip(pool.views, pool.coverage)}
    titles = {v.source: normalise_text(v.title) for v in pool.views}
    wanted = wanted_terms(query)
    out = []
    near: _Near | None = None
    firsts: list[tuple[int, int]] = []
    for v, i, rank in pool.sentences:
        if near is None or near.view is not v:  # the pool's sentences come article by article
            near = _Near(v, wanted)
            firsts = _first_named(holdings[v.source], query, names) if names else []
        s = v.sentence(i)
        a = near.analysed(i)
        # the title line, wherever the page printed it again (between paragraphs, under a picture)
        headline = titles[v.source] == normalise_text(s.text) and not _reads_as_sentence(s.text, p)
        out.append(Candidate(s, bm25.get(s.id, 0.0), StoredSpans(a), near.neighbours(i), headline,
                             article=share[v.source], article_top=rank == 0, local_weights=weights.get(v.source),
                             terms=a[0], named_before=frozenset(j for j, first in firsts if first < i)))
    return out


def _first_named(holding: dict[str, int], query: Query, names: Sequence[int]) -> list[tuple[int, int]]:
    """Per name concept of several words (by index), the first sentence of the article (`holding`: its term bit
    masks) holding all its words: after it the story may call the person by one of them ("Wang Yi ..." then "Mr
    Wang said")."""
    out = []
    for j in names:
        mask = _holding_all(holding, query.concepts[j].alternatives[0])
        if mask > 0:
            out.append((j, (mask & -mask).bit_length() - 1))
    return out


class _Near:
    """One article's sentences as `pool_candidates` reads them: each one's analysis, and the question's terms it
    holds, worked out once (a sentence of an expanded article is read as a candidate and as both its neighbours'
    neighbour). A candidate's neighbours are given as the question's terms (its aliases' included) they hold: the
    context feature, their only reader, asks of them only whether they hold such terms."""

    __slots__ = ("_analysed", "_held", "view", "wanted")

    def __init__(self, view: ArticleView, wanted: frozenset[str]) -> None:
        self.view = view
        self.wanted = wanted
        self._analysed: list[Analysed | None] = [None] * len(view.rows)
        self._held: list[frozenset[str] | None] = [None] * len(view.rows)

    def analysed(self, i: int) -> Analysed:
        got = self._analysed[i]
        if got is None:
            got = self._analysed[i] = self.view.analysed(i)
        return got

    def _holds(self, i: int) -> frozenset[str]:
        got = self._held[i]
        if got is None:
            got = self._held[i] = self.wanted.intersection(self.analysed(i)[0])
        return got

    def neighbours(self, i: int) -> frozenset[str]:
        """The question's terms the sentences just before and after the i-th hold."""
        before = self._holds(i - 1) if i > 0 else frozenset()
        return before | self._holds(i + 1) if i + 1 < len(self._held) else before


_CLOSERS = "\"'”’)» "


def _reads_as_sentence(text: str, p: AnswerParams) -> bool:
    """Whether a title line is the story's first sentence (a page without its headline): it ends in a full stop and
    has more than headline_max_sentence_words words."""
    return text.rstrip(_CLOSERS).endswith(".") and text.count(" ") + 1 > p.headline_max_sentence_words
