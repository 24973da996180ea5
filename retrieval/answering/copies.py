"""Copy finding (corroboration): sentences of other articles that say the same as an answer.

Two sentences say the same when their folded text is equal, their term sets nearly are, or they carry
the same quotation with another attribution ("..., Kim said" / "..., he added").
"""
from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from retrieval.answering.params import DEFAULT, AnswerParams
from retrieval.answering.rerank import Ranked
from retrieval.answering.seams import IndexView
from retrieval.index.analyzer import Analyzer, normalise
from retrieval.records import Sentence, StoreVersion

TEXT_CACHE = 50_000  # sentences whose fingerprint is kept between questions
COPY_CACHE = 5_000  # answers whose copies are kept, per store version

_QUOTATION = re.compile(r'["“”„«»]([^"“”„«»]{12,})["“”„«»]')
_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)


def normalise_text(text: str) -> str:
    """Case, white space, quotes, dashes and punctuation folded: the exact-duplicate key."""
    text = normalise(text).lower()
    return " ".join(_PUNCT.sub(" ", text).split())


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What two sentences are compared by: exact text (folded), their terms, their longest quote."""

    key: str
    terms: frozenset[str]
    quote: frozenset[str]  # terms of the longest quotation in the sentence; empty when none


@dataclass(frozen=True, slots=True)
class Group:
    """One answer in the making: the best-ranked copy and the other sentences that say the same."""

    best: Ranked
    mark: Fingerprint
    copies: list[Sentence]


def near(a: frozenset[str], b: frozenset[str], min_terms: int, p: AnswerParams = DEFAULT) -> bool:
    """Token-set Jaccard >= duplicate_jaccard, or the smaller set (of at least `min_terms`)
    nearly contained in the larger."""
    if not a or not b:
        return False
    common = len(a & b)
    if common / len(a | b) >= p.duplicate_jaccard:
        return True
    smaller = min(len(a), len(b))
    return smaller >= min_terms and common / smaller >= p.duplicate_containment


def same(a: Fingerprint, b: Fingerprint, p: AnswerParams = DEFAULT) -> bool:
    """The two sentences say the same thing (symmetric)."""
    if a.key == b.key:
        return True
    if near(a.terms, b.terms, p.containment_min_terms, p):
        return True
    return bool(a.quote and b.quote) and near(a.quote, b.quote, p.quote_min_terms, p)


class CopyFinder:
    """Groups ranked sentences into distinct answers and finds each answer's copies elsewhere."""

    def __init__(self, analyzer: Analyzer, terms_of: Callable[[str], frozenset[str]], p: AnswerParams = DEFAULT) -> None:
        self._analyzer = analyzer
        self._p = p
        self._terms_of = terms_of
        self.mark = functools.lru_cache(maxsize=TEXT_CACHE)(self._fingerprint)
        self._copies = functools.lru_cache(maxsize=COPY_CACHE)(self._find_copies)

    def _fingerprint(self, text: str) -> Fingerprint:
        quotes = [frozenset(self._analyzer.terms(m.group(1))) for m in _QUOTATION.finditer(text)]
        quote = max(quotes, key=len, default=frozenset())
        return Fingerprint(normalise_text(text), self._terms_of(text), quote if len(quote) >= self._p.quote_min_terms else frozenset())

    def corroborate(self, index: IndexView, idf: Callable[[str], float], ranked: Sequence[Ranked], k: int) -> list[Group]:
        """The first k distinct answers, each with the other sentences that say the same: the
        same text, nearly the same words, or the same quotation with another attribution."""
        groups: list[Group] = []
        for r in ranked[:self._p.corroboration_pool]:
            mark = self.mark(r.candidate.sentence.text)
            group = next((g for g in groups if same(g.mark, mark, self._p)), None)
            if group is not None:
                group.copies.append(r.candidate.sentence)
            elif len(groups) < k:
                groups.append(Group(r, mark, []))
        # Copies the first stage did not bring: look for each answer's own (or its quote's) words.
        for g in groups:
            seen = {g.best.candidate.sentence.id, *(s.id for s in g.copies)}
            for copy in self._copies(g.best.candidate.sentence.text, index.version, _Lookup(index, idf)):
                if copy.id not in seen:
                    g.copies.append(copy)
                    seen.add(copy.id)
        return groups

    def _find_copies(self, text: str, version: StoreVersion, lookup: _Lookup) -> tuple[Sentence, ...]:
        """The sentences found by `text`'s rarest words (or its quotation's) that say the same;
        cached per store version (the answer to a popular question is corroborated once)."""
        mark = self.mark(text)
        rare = sorted(mark.quote or mark.terms, key=lambda t: (-lookup.idf(t), t))[:self._p.copy_query_terms]
        return tuple(h.sentence for h in lookup.index.search_terms(rare, self._p.copy_search)
                     if same(mark, self.mark(h.sentence.text), self._p))


@dataclass(frozen=True, slots=True, eq=False)
class _Lookup:
    """The snapshot a copy search runs on; left out of the cache key (the version is the key)."""

    index: IndexView
    idf: Callable[[str], float]

    def __hash__(self) -> int:
        return 0

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Lookup)
