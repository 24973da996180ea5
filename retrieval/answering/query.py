"""Query building: from a question's terms to the weighted concepts the re-ranker looks for.

Term statistics (df, idf) come from one pinned index snapshot (`Stats`); a concept is a term, a name
of several words, or a phrase with its aliases, weighted by idf.
"""
from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from retrieval.answering.aliases import Expansion
from retrieval.answering.params import AnswerParams
from retrieval.answering.question import SAYING_VERBS, QuestionInfo
from retrieval.answering.rerank import Concept
from retrieval.answering.seams import IndexView, Spelling, TermSpan
from retrieval.index.analyzer import Analyzer


@dataclass(frozen=True, slots=True)
class Stats:
    """Term statistics of one index snapshot, as the answerer reads them."""

    index: IndexView
    analyzer: Analyzer
    p: AnswerParams
    spelling: Spelling | None = None  # the store's words, to tell a misspelt stored word from an unknown one

    def df(self, term: str) -> int:
        return self.index.document_frequency(term)

    def df_phrase(self, terms: Sequence[str]) -> bool:
        return all(self.df(t) > 0 for t in terms)

    def idf(self, term: str) -> float:
        """BM25's idf, and for a word absent from the corpus more than the rarest word's."""
        n = max(self.index.sentence_count, 1)
        df = self.df(term)
        rarest = math.log(1 + (n - 1 + 0.5) / (1 + 0.5))
        if df == 0:
            return self.p.absent_weight * max(rarest, 1.0)
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def known_word(self, word: str) -> bool:
        ts = self.analyzer.terms(word)
        return bool(ts) and all(self.df(t) > 0 for t in ts)


def query_terms(stats: Stats, terms: Sequence[str]) -> list[str]:
    """Distinct terms in question order; the rarest max_query_terms when there are too many."""
    unique = list(dict.fromkeys(terms))
    limit = stats.p.max_query_terms
    if len(unique) <= limit:
        return unique
    keep = set(sorted(unique, key=lambda t: -stats.idf(t))[:limit])
    return [t for t in unique if t in keep]


def focus_terms(analyzer: Analyzer, info: QuestionInfo, terms: Sequence[str]) -> frozenset[str]:
    """The analysed terms of the type noun ("country" of "In what country ...") when the
    question has other terms to look for."""
    if not info.focus:
        return frozenset()
    focus = frozenset(analyzer.terms(info.focus)) & set(terms)
    return focus if set(terms) - focus else frozenset()


def concepts(stats: Stats, text: str, spans: Sequence[TermSpan], terms: Sequence[str],
             expansions: Sequence[Expansion], unknown_terms: set[str],
             focus: frozenset[str] = frozenset()) -> tuple[Concept, ...]:
    """Aliased phrases first, then multi-word names, then single terms; each question term once."""
    wanted = set(terms)
    found: list[Concept] = []
    used: set[str] = set()
    in_phrase: set[int] = set()
    for e in expansions:
        phrase_spans = spans[e.start:e.end]
        label = text[phrase_spans[0].start:phrase_spans[-1].end]
        found.append(Concept(label, (e.phrase, *e.alternatives), sum(stats.idf(t) for t in e.phrase)))
        in_phrase.update(range(e.start, e.end))
        used.update(e.phrase)
    for run in name_runs(text, spans, in_phrase):
        phrase = tuple(spans[i].term for i in run)
        if len(set(phrase)) < len(phrase) or any(t in used or t not in wanted for t in phrase):
            continue
        parts = tuple(stats.idf(t) * (stats.p.absent_name_factor if t in unknown_terms else 1.0) for t in phrase)
        found.append(Concept(text[spans[run[0]].start:spans[run[-1]].end], (phrase,), sum(parts), parts))
        in_phrase.update(run)
        used.update(phrase)
    for i, (term, start, end) in enumerate(spans):
        if i in in_phrase or term in used or term not in wanted:
            continue
        used.add(term)
        weight = stats.idf(term)
        if term in unknown_terms:
            weight *= stats.p.absent_name_factor
        if term in focus:
            weight *= stats.p.focus_weight
        if text[start:end].lower() in SAYING_VERBS:
            weight *= stats.p.saying_weight
        found.append(Concept(text[start:end], ((term,),), weight))
    return tuple(found)


def name_runs(text: str, spans: Sequence[TermSpan], skip: set[int]) -> list[list[int]]:
    """Positions of the question's names of two or more words: runs of terms whose words are
    capitalised and stand next to each other (a space or hyphen between), first word excluded."""
    runs: list[list[int]] = []
    current: list[int] = []
    for i, sp in enumerate(spans):
        capital = sp.start > 0 and text[sp.start:sp.start + 1].isupper() and i not in skip
        if capital and current and text[spans[current[-1]].end:sp.start] in (" ", "-", ""):
            current.append(i)
            continue
        if len(current) >= 2:
            runs.append(current)
        current = [i] if capital else []
    if len(current) >= 2:
        runs.append(current)
    return runs


_DEFINITION = re.compile(r"^(?:who|what)\s+(?:is|are|was|were)\s+(?!the\b|a\b|an\b)(.+?)\s*\??$", re.IGNORECASE)
_ROLE_OF = re.compile(
    r"^(?:what|which)\s+(?:is|was|are|were)\s+(.+?)['’]s?\s+(?:position|role|job|title|post|occupation|profession|"
    r"function|office|rank)\s*\??$|^what\s+(?:does|did)\s+(.+?)\s+do(?:\s+for a living)?\s*\??$",
    re.IGNORECASE,
)


def definition_subject(info: QuestionInfo) -> str | None:
    """X of "Who is X?", "What is X?", "What is X's position?" when X is a name (not "the leader
    of ..."): the sentence that defines X ("X, the ... envoy") answers these."""
    role = _ROLE_OF.match(info.text)
    m = role or _DEFINITION.match(info.text)
    if not m:
        return None
    subject = next(g for g in m.groups() if g).strip()
    if not subject[:1].isupper() or len(subject.split()) > 6 or re.search(r"['’]s\s+[a-z]", subject):
        return None
    return subject
