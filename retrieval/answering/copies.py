"""Copy finding (corroboration): sentences of other articles that carry the same statement as an answer.

The same statement is the same sentence (folded text equal, or nearly the same words: token-set Jaccard
>= duplicate_jaccard), or the same quotation from the same speaker with another attribution ("...,"
Kim said / "...," he added). A sentence that holds only part of a longer one is not a copy of it.
Copies beyond the ranked candidates come from the store's copy keys (computed at ingest): one indexed
look-up per answer, not a search.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from retrieval.answering.params import DEFAULT, AnswerParams
from retrieval.answering.rerank import Ranked
from retrieval.answering.seams import SentenceStore
from retrieval.corpus.copykeys import copy_keys, longest_quotation, normalise_text
from retrieval.index.analyzer import Analyzer
from retrieval.records import Sentence, StoreVersion

# Sentences whose fingerprint is kept between questions: about the last hundred questions' ranked sentences.
# Kept as tuples of strings (the garbage collector stops tracking those) and made into a Fingerprint's sets
# when used: cached Fingerprints were three tracked sets each, most of what outlived a question, and so
# most of what made full collections come often and take long.
TEXT_CACHE = 10_000
COPY_CACHE = 5_000  # answers whose copies are kept, per store version
_NAME = re.compile(r"\b[A-Z][\w'’-]+")
_DIGITS = re.compile(r"\d+")
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
    """The two sentences carry the same statement (symmetric). Nearly the same words with another
    number ("417m yuan" and "418m yuan") are two statements that disagree, never a copy."""
    if a.key == b.key:
        return True
    # Most pairs are told apart by their sizes alone (as _jaccard_at_least would first) and hold no quotation:
    # those are answered here, without a call.
    na, nb = len(a.terms), len(b.terms)
    if na and nb and (na / nb if na <= nb else nb / na) >= p.duplicate_jaccard \
            and _jaccard_at_least(a.terms, b.terms, p.duplicate_jaccard):
        return _agree(_numbers(a.key), _numbers(b.key))
    if not (a.quote and b.quote and _same_words(a.quote, b.quote, p)):
        return False
    if not _agree(_quoted_numbers(a.quote), _quoted_numbers(b.quote)):
        return False
    # The same words quoted (a wire may quote a little more or less of them): the same statement
    # unless two different people are named as saying them.
    return not (a.speakers and b.speakers) or bool(a.speakers & b.speakers)


def _numbers(key: str) -> frozenset[str]:
    """The digit runs of a folded text (folding made "50.4" two runs, alike on both sides)."""
    return frozenset(_DIGITS.findall(key))


def _agree(a: frozenset[str], b: frozenset[str]) -> bool:
    """One side's numbers hold the other's: a copy may give a number more (a date added), not another one."""
    return a <= b or b <= a


def _quoted_numbers(quote: frozenset[str]) -> frozenset[str]:
    """The quotation's terms that hold a digit: a wire may quote more or fewer words, not other numbers."""
    return frozenset(t for t in quote if any(c.isdigit() for c in t))


def _jaccard_at_least(a: frozenset[str], b: frozenset[str], least: float) -> bool:
    """len(a & b) / len(a | b) >= least, for non-empty sets. The share can be no more than the smaller set's size
    over the larger's (float division keeps that order), so most pairs are told apart without a set operation;
    the union's size is counted, not built."""
    small, large = (len(a), len(b)) if len(a) <= len(b) else (len(b), len(a))
    if small / large < least:
        return False
    common = len(a & b)
    return common / (len(a) + len(b) - common) >= least


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
        # text -> its fingerprint's parts as tuples (cleared when TEXT_CACHE is reached)
        self._marks: dict[str, tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {}
        # (answer text, store id, batch) -> its stored copies as Sentence fields: plain tuples, keys included
        self._copies: dict[tuple[str, str, int], tuple[tuple[int, str, int, int, int, str], ...]] = {}

    def mark(self, text: str, terms: Iterable[str] | None = None, term_set: frozenset[str] | None = None) -> Fingerprint:
        """The fingerprint of a sentence; `terms`: its analysed terms when the caller has them (a
        ranked candidate does), so the text is not analysed again; `term_set`: those as a set, when it has that too."""
        got = self._marks.get(text)
        if got is None:
            if term_set is None:
                term_set = frozenset(terms) if terms is not None else self._terms_of(text)
            mark = self._fingerprint(text, term_set)
            if len(self._marks) >= TEXT_CACHE:
                self._marks.clear()
            # a tuple of the terms given is kept as it is (a candidate's is the articles' cached one: nothing new)
            kept = terms if isinstance(terms, tuple) else tuple(mark.terms)
            self._marks[text] = (mark.key, kept, tuple(mark.quote), tuple(mark.speakers))
            return mark
        return Fingerprint(got[0], frozenset(got[1]), frozenset(got[2]), frozenset(got[3]))

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
        p = self._p
        for r in ranked[:p.corroboration_pool]:
            sentence = r.candidate.sentence
            mark = self.mark(sentence.text, r.candidate.terms_of(), r.term_set)
            for g in groups:  # the first group it is a copy of
                if same(g.mark, mark, p) or (g.best.candidate.sentence.source == sentence.source
                                             and repeated_in_article(g.mark, mark, p)):
                    g.copies.append(sentence)
                    break
            else:
                if len(groups) < k:
                    groups.append(Group(r, mark, []))
        # Copies the candidates did not bring: the store's copy keys (same text, same quotation).
        for g in groups:
            seen = {g.best.candidate.sentence.id, *(s.id for s in g.copies)}
            for row in self._stored_copies(g.best.candidate.sentence.text, version, store):
                if row[0] not in seen:
                    g.copies.append(Sentence(*row))
                    seen.add(row[0])
        return groups

    def _stored_copies(self, text: str, version: StoreVersion, store: SentenceStore) -> tuple[tuple[int, str, int, int, int, str], ...]:
        """Stored sentences sharing a copy key with `text` that carry the same statement, as their
        Sentence's fields (plain tuples, untracked as above); kept per store version (the answer to a
        popular question is corroborated once)."""
        key = (text, version.store_id, version.batch)
        got = self._copies.get(key)
        if got is None:
            mark = self.mark(text)
            got = tuple(row for row in store.copy_rows(copy_keys(text), self._p.copy_search)
                        if same(mark, self.mark(row[5]), self._p))
            if len(self._copies) >= COPY_CACHE:
                self._copies.clear()
            self._copies[key] = got
        return got

