"""Copy finding (corroboration): sentences of other articles that carry the same statement as an answer.

The same statement is the same sentence (folded text equal, or nearly the same words: token-set Jaccard
>= duplicate_jaccard), or the same quotation from the same speaker with another attribution ("...,"
Kim said / "...," he added). A sentence that holds only part of a longer one is not a copy of it.
Copies beyond the ranked candidates come from the store's copy keys (computed at ingest): one indexed
look-up per answer, not a search.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from retrieval.answering.params import DEFAULT, AnswerParams
from retrieval.answering.rerank import Ranked
from retrieval.answering.seams import SentenceStore
from retrieval.corpus.copykeys import copy_keys, longest_quotation, normalise_text
from retrieval.index.analyzer import Analyzer
from retrieval.records import Sentence, StoreVersion

# Sentences whose fingerprint is kept between questions: about the last hundred questions' ranked sentences.
# Each holds three sets the garbage collector keeps tracking; 50,000 of them made each full pass ~0.1 s longer.
TEXT_CACHE = 10_000
COPY_CACHE = 5_000  # answers whose copies are kept, per store version
_NAME = re.compile(r"\b[A-Z][\w'’-]+")
_NOT_NAMES = frozenset("The A An In On At But And Or If When While After Before As It He She They We I This That These "
                       "Those There His Her Their Its Our However Meanwhile".split())

__all__ = ["CopyFinder", "Fingerprint", "Group", "normalise_text", "same"]


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What two sentences are compared by: folded text, terms, longest quotation and who is quoted."""

    key: str
    terms: frozenset[str]
    quote: frozenset[str]  # terms of the longest quotation; empty when none
    speakers: frozenset[str]  # capitalised names outside the quotation ("Kim"); empty for "he said"


@dataclass(frozen=True, slots=True)
class Group:
    """One answer in the making: the best-ranked copy and the other sentences that say the same."""

    best: Ranked
    mark: Fingerprint
    copies: list[Sentence]


def same(a: Fingerprint, b: Fingerprint, p: AnswerParams = DEFAULT) -> bool:
    """The two sentences carry the same statement (symmetric)."""
    if a.key == b.key:
        return True
    if a.terms and b.terms and len(a.terms & b.terms) / len(a.terms | b.terms) >= p.duplicate_jaccard:
        return True
    if not (a.quote and b.quote and _same_words(a.quote, b.quote, p)):
        return False
    # The same words quoted (a wire may quote a little more or less of them): the same statement
    # unless two different people are named as saying them.
    return not (a.speakers and b.speakers) or bool(a.speakers & b.speakers)


def _same_words(a: frozenset[str], b: frozenset[str], p: AnswerParams) -> bool:
    common = len(a & b)
    return common / len(a | b) >= p.duplicate_jaccard or common / min(len(a), len(b)) >= p.duplicate_containment


def repeated_in_article(a: Fingerprint, b: Fingerprint, p: AnswerParams = DEFAULT) -> bool:
    """Within one article, a sentence nearly contained in another (a caption repeated with a word
    changed) is the same answer; across articles that would list a fragment as a copy, so it is not."""
    smaller = min(len(a.terms), len(b.terms))
    return smaller >= p.containment_min_terms and len(a.terms & b.terms) / smaller >= p.duplicate_containment


class CopyFinder:
    """Groups ranked sentences into distinct answers and finds each answer's copies elsewhere."""

    def __init__(self, analyzer: Analyzer, terms_of: Callable[[str], frozenset[str]], p: AnswerParams = DEFAULT) -> None:
        self._analyzer = analyzer
        self._p = p
        self._terms_of = terms_of
        self._marks: dict[str, Fingerprint] = {}  # text -> its fingerprint (cleared when TEXT_CACHE is reached)
        self._copies = functools.lru_cache(maxsize=COPY_CACHE)(self._find_copies)

    def mark(self, text: str, spans: Sequence[tuple[str, int, int]] | None = None) -> Fingerprint:
        """The fingerprint of a sentence; `spans`: its analysed terms when the caller has them (a
        ranked candidate does), so the text is not analysed again."""
        got = self._marks.get(text)
        if got is None:
            terms = frozenset(sp[0] for sp in spans) if spans is not None else self._terms_of(text)
            got = self._fingerprint(text, terms)
            if len(self._marks) >= TEXT_CACHE:
                self._marks.clear()
            self._marks[text] = got
        return got

    def _fingerprint(self, text: str, terms: frozenset[str]) -> Fingerprint:
        quote = longest_quotation(text)
        if quote is None:
            return Fingerprint(normalise_text(text), terms, frozenset(), frozenset())
        outside = text[:quote[1]] + " " + text[quote[2]:]
        speakers = frozenset(w for w in _NAME.findall(outside) if w not in _NOT_NAMES)
        return Fingerprint(normalise_text(text), terms, frozenset(self._analyzer.terms(quote[0])), speakers)

    def corroborate(self, store: SentenceStore, version: StoreVersion, ranked: Sequence[Ranked], k: int) -> list[Group]:
        """The first k distinct answers, each with the other sentences that carry the same statement."""
        groups: list[Group] = []
        for r in ranked[:self._p.corroboration_pool]:
            mark = self.mark(r.candidate.sentence.text, r.candidate.spans)
            src = r.candidate.sentence.source
            group = next((g for g in groups if same(g.mark, mark, self._p) or (
                g.best.candidate.sentence.source == src and repeated_in_article(g.mark, mark, self._p))), None)
            if group is not None:
                group.copies.append(r.candidate.sentence)
            elif len(groups) < k:
                groups.append(Group(r, mark, []))
        # Copies the candidates did not bring: the store's copy keys (same text, same quotation).
        for g in groups:
            seen = {g.best.candidate.sentence.id, *(s.id for s in g.copies)}
            for copy in self._copies(g.best.candidate.sentence.text, version, _Store(store)):
                if copy.id not in seen:
                    g.copies.append(copy)
                    seen.add(copy.id)
        return groups

    def _find_copies(self, text: str, version: StoreVersion, store: _Store) -> tuple[Sentence, ...]:
        """Stored sentences sharing a copy key with `text` that carry the same statement; cached per
        store version (the answer to a popular question is corroborated once)."""
        mark = self.mark(text)
        return tuple(s for s in store.store.copies(copy_keys(text), self._p.copy_search)
                     if same(mark, self.mark(s.text), self._p))


@dataclass(frozen=True, slots=True, eq=False)
class _Store:
    """The store a look-up runs on; left out of the cache key (the store version is the key)."""

    store: SentenceStore

    def __hash__(self) -> int:
        return 0

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Store)
