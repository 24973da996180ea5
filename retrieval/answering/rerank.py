"""Second stage: re-rank BM25's candidates with explainable features of the whole sentence.

Each feature is a number in about [0, 1] (penalties in [-1, 0]) computed from the question
and one sentence; the score is a hand-weighted sum, and each weighted term is kept as a
Feature so `--explain` can show why a sentence ranked where it did. The weights were set by
hand on the kinds of questions in the dev sets (see WEIGHTS), not fitted to single questions.
"""
from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from retrieval.answering.question import DATE, NAME, NUMBER, PERSON, PLACE, REASON, QuestionInfo
from retrieval.months import MONTH_PATTERN
from retrieval.records import Feature, Sentence

TermSpans = Callable[[str], Sequence[tuple[str, int, int]]]

# Hand-set weights of the linear combination (see the module docstring).
WEIGHTS: dict[str, float] = {
    "bm25": 1.0,  # first-stage score, scaled to [0, 1] over the candidates
    "coverage": 2.0,  # share of the question's idf mass the sentence contains (aliases count)
    "phrase": 1.0,  # question bigrams found as adjacent terms
    "proximity": 0.25,  # matched terms close together
    "answer_type": 0.5,  # the sentence holds something of the expected shape, not from the question
    "defines": 1.0,  # "Who is X?": an appositive or copula that defines X
    "context": 0.5,  # question words found in the neighbouring sentences instead (full when it says "He ...")
    "headline": 0.5,  # penalty: a title line repeats the question's words but rarely states the answer
    "nothing_new": 0.5,  # penalty: the sentence only repeats the question's words
    "length": 0.5,  # penalty: too short to be a statement, or a run-on
}


@dataclass(frozen=True, slots=True)
class Concept:
    """One thing the question names: a term, or a phrase with its aliases; first alternative as asked."""

    label: str
    alternatives: tuple[tuple[str, ...], ...]
    weight: float  # idf mass
    # A name of several words ("Sung Kim"): each word's share of the weight. A sentence holding
    # only some of them ("Kim" of another Kim) gets half of their share, not a phrase's 0.8.
    name_parts: tuple[float, ...] = ()


@dataclass(frozen=True, slots=True)
class Query:
    info: QuestionInfo
    terms: tuple[str, ...]  # analyzed question terms, in order
    concepts: tuple[Concept, ...]
    subject: str | None = None  # "X" of "Who is X?" / "What is X?"
    # Terms the question wrote in lower case ("leader" in "Who is the leader of North Korea?"):
    # an answer of the wanted shape right next to one of these is the strongest sign.
    common_terms: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Candidate:
    sentence: Sentence
    bm25: float
    spans: tuple[tuple[str, int, int], ...]  # analyzed terms of the sentence with offsets in its text
    # Terms of the sentences just before and after it in its article, when the answerer looked
    # (a sentence that says "He ..." or "It ..." leans on its neighbour for its subject).
    neighbours: frozenset[str] | None = None
    headline: bool = False  # the article's title line


@dataclass(frozen=True, slots=True)
class Ranked:
    candidate: Candidate
    score: float
    coverage: float
    features: tuple[Feature, ...]


# --- answer shapes in a sentence -----------------------------------------------------------

_DAYS = "monday tuesday wednesday thursday friday saturday sunday"
_DATE_RE = re.compile(
    rf"\b(?:{MONTH_PATTERN}\.?|(?:{'|'.join(_DAYS.split())})|"
    r"(?:1[0-9]{3}|20[0-9]{2})s?|(?:in|by|since|until|from|after|before|around|circa|c\.)\s+[1-9][0-9]{2,3}|"
    r"\d{1,2}(?:st|nd|rd|th)[ -]centur(?:y|ies)|anytime|any time|whenever|"
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|"
    r"thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|"
    r"twenty-first)[ -]centur(?:y|ies)|yesterday|today|tomorrow|tonight|"
    r"(?:last|next|this|earlier this|later this)\s+(?:week|month|year|summer|winter|spring|autumn|fall|weekend)|"
    r"\d{1,2}:\d{2}|\d+\s+(?:years?|months?|weeks?|days?|decades?|centuries)\s+(?:ago|later|earlier)|"
    r"\d{4}-\d{2}-\d{2})\b",
    re.IGNORECASE,
)
_NUMBER_WORDS = (
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred hundreds "
    "thousand thousands million millions billion billions trillion dozen dozens half twice thrice once"
)
_NUMBER_RE = re.compile(rf"\b(?:\d[\d,.]*%?|(?:{'|'.join(_NUMBER_WORDS.split())}))\b", re.IGNORECASE)
_CAP_WORD = r"(?:[A-Z]\.){2,}|[A-Z][\w'’-]*"
_CAP_RE = re.compile(rf"\b(?:{_CAP_WORD})(?:\s+(?:{_CAP_WORD}))*")
_PLACE_RE = re.compile(r"\b(?:in|at|from|to|near|into|across|throughout)\s+(?:the\s+)?([A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)")
_SOMEWHERE_RE = re.compile(r"\b(?:anywhere|everywhere|wherever|nowhere|abroad|overseas|nationwide|worldwide)\b", re.IGNORECASE)
_REASON_RE = re.compile(
    r"\b(?:because|due to|owing to|as a result|in order to|so that|so as to|thanks to|since|"
    r"led to|leads to|caused|causes|the reason|aims? to|aimed at|in a bid to)\b",
    re.IGNORECASE,
)
_ROLE_RE = re.compile(
    r"\b(?:president|minister|envoy|representative|leader|director|director-general|adviser|advisor|"
    r"professor|spokesman|spokeswoman|spokesperson|chairman|chairwoman|ambassador|secretary|chief|head|"
    r"king|queen|duke|emperor|pope|ceo|founder|commander|general|governor|mayor|senator|lawmaker|"
    r"diplomat|official|reporter|fellow|author|counterpart|point man)\b",
    re.IGNORECASE,
)
_LEANS_ON_CONTEXT = re.compile(
    r"^\W*(?:he|she|it|they|his|her|its|their|this|these|those|that|there|such|the latter|the former|"
    r"the two|both|in (?:this|that|these)|however|but|also|then|thus|later|afterwards)\b",
    re.IGNORECASE,
)
_FUNCTION_CAPS = frozenset(
    "the a an in on at but and or if when while after before as it he she they we i this that these those "
    "there his her their its our however meanwhile during since despite although though for with by from".split()
)


Span = tuple[str, int, int]  # a piece of the sentence and its offsets


def _new_spans(text: str, pattern: re.Pattern[str], question_terms: frozenset[str],
               term_spans: TermSpans, group: int = 0) -> list[Span]:
    """Matches of `pattern` in `text` that carry at least one word the question does not."""
    found = []
    for m in pattern.finditer(text):
        chunk = m.group(group)
        terms = [t for t, _, _ in term_spans(chunk)]
        if not terms or any(t not in question_terms for t in terms):
            found.append((chunk, m.start(group), m.end(group)))
    return found


def _names(text: str, question_terms: frozenset[str], term_spans: TermSpans) -> list[Span]:
    out = []
    for m in _CAP_RE.finditer(text):
        ws = m.group().split()
        start = m.start()
        while ws and ws[0].lower() in _FUNCTION_CAPS:
            start = text.index(ws[1], start + len(ws[0])) if len(ws) > 1 else m.end()
            ws = ws[1:]
        if not ws:
            continue
        chunk = " ".join(ws)
        terms = [t for t, _, _ in term_spans(chunk)]
        if terms and any(t not in question_terms for t in terms):
            out.append((chunk, start, m.end()))
    return out


def answer_shapes(expects: str, text: str, question_terms: frozenset[str], term_spans: TermSpans) -> list[Span]:
    """Pieces of `text` of the expected shape that the question did not already say."""
    if expects == DATE:
        return _new_spans(text, _DATE_RE, question_terms, term_spans)
    if expects == NUMBER:
        return _new_spans(text, _NUMBER_RE, question_terms, term_spans)
    if expects == PLACE:
        return (_new_spans(text, _PLACE_RE, question_terms, term_spans, group=1)
                + _new_spans(text, _SOMEWHERE_RE, question_terms, term_spans))
    if expects == PERSON:
        return _names(text, question_terms, term_spans) or _new_spans(text, _ROLE_RE, question_terms, term_spans)
    if expects == NAME:
        return _names(text, question_terms, term_spans)
    if expects == REASON:
        return [(m.group(), m.start(), m.end()) for m in _REASON_RE.finditer(text)]
    return []


def _defines(subject: str, text: str) -> bool:
    """An appositive ("X, the ...") or copula ("X is a ...") about `subject`, or a title before it."""
    s = re.escape(subject)
    patterns = (
        rf"{s}\s*,\s*(?:the|a|an|who|which|[\w.'’-]+['’]s|[A-Z][\w.'’-]*|[a-z][\w-]*\s+(?:of|for|at|to|in)\b)",
        rf"{_ROLE_RE.pattern}[^,.;]{{0,60}}?\s{s}\b",
        rf"{s}\s+(?:is|was|are|were|has been|serves as|became)\s+(?:a|an|the|[\w'’-]+['’]s)\b",
        rf"\b(?:the|a|an)\s+[^.;]{{3,80}}?,\s*{s}\b",
    )
    return any(re.search(p, text, re.IGNORECASE) for p in patterns)


# --- features ------------------------------------------------------------------------------
def _contains(seq: Sequence[str], sub: Sequence[str]) -> bool:
    n = len(sub)
    if n == 1:
        return sub[0] in seq
    first, rest = sub[0], list(sub[1:])
    # Only the places where the phrase's first term occurs can start it.
    return any(t == first and list(seq[i + 1:i + n]) == rest for i, t in enumerate(seq[:len(seq) - n + 1]))


def concept_match(concept: Concept, terms: Sequence[str], term_set: frozenset[str]) -> float:
    """1 when the sentence holds the concept or one of its aliases as a phrase; partial credit
    for some of its words."""
    if concept.name_parts:
        alt = concept.alternatives[0]
        if all(t in term_set for t in alt) and _contains(terms, alt):
            return 1.0
        return _part_of_name(concept, term_set)
    best = 0.0
    for alt in concept.alternatives:
        if len(alt) == 1:
            if alt[0] in term_set:
                return 1.0
            continue
        have = sum(t in term_set for t in alt)
        if have == len(alt) and _contains(terms, alt):
            return 1.0
        best = max(best, have / len(alt) * 0.8)
    return best


def _part_of_name(concept: Concept, term_set: frozenset[str]) -> float:
    alt, parts = concept.alternatives[0], concept.name_parts
    return 0.5 * sum(w for t, w in zip(alt, parts) if t in term_set) / (sum(parts) or 1.0)


def concept_in_bag(concept: Concept, term_set: frozenset[str]) -> float:
    """concept_match over a bag of terms from several sentences, where word order means nothing:
    a phrase counts when all its words are there."""
    if concept.name_parts:
        alt = concept.alternatives[0]
        return 1.0 if all(t in term_set for t in alt) else _part_of_name(concept, term_set)
    best = 0.0
    for alt in concept.alternatives:
        have = sum(t in term_set for t in alt)
        if have == len(alt):
            return 1.0
        best = max(best, have / len(alt) * 0.8)
    return best


def _proximity(terms: Sequence[str], wanted: set[str]) -> float:
    """Distinct matched terms divided by the shortest window holding them all."""
    positions = [(i, t) for i, t in enumerate(terms) if t in wanted]
    kinds = {t for _, t in positions}
    if len(kinds) < 2:
        return 0.0
    need = len(kinds)
    best = len(terms)
    counts: dict[str, int] = {}
    have = 0
    left = 0
    for right in range(len(positions)):
        t = positions[right][1]
        counts[t] = counts.get(t, 0) + 1
        if counts[t] == 1:
            have += 1
        while have == need:
            best = min(best, positions[right][0] - positions[left][0] + 1)
            lt = positions[left][1]
            counts[lt] -= 1
            if counts[lt] == 0:
                have -= 1
            left += 1
    return need / best


ADJACENT_CHARS = 3  # "leader Kim", "leader, Kim": the piece follows a question word directly
NEAR_CHARS = 40


def _shape_feature(expects: str, shapes: list[Span], spans: Sequence[tuple[str, int, int]],
                   wanted: frozenset[str], common: frozenset[str]) -> tuple[float, str]:
    """1 for a piece of the wanted shape right next to a matched question word ("leader Kim
    Jong-un"), 0.75 for one nearby, 0.5 for one elsewhere in the sentence, 0 for none."""
    if not shapes:
        return 0.0, f"wants {expects}: none"
    matched = [(s, e) for t, s, e in spans if t in wanted]
    anchors = [(s, e) for t, s, e in spans if t in common] or matched
    best, best_chunk = 0.0, shapes[0][0]
    for chunk, start, end in shapes:
        gap = min((max(start - e, s - end, 0) for s, e in matched), default=10**6)
        next_to = min((max(start - e, s - end, 0) for s, e in anchors), default=10**6)
        value = 1.0 if next_to <= ADJACENT_CHARS else 0.75 if gap <= NEAR_CHARS else 0.5
        if value > best:
            best, best_chunk = value, chunk
    where = {1.0: " next to the question's words", 0.75: " near the question's words", 0.5: ""}[best]
    return best, f"wants {expects}: {best_chunk!r}{where}"


def rerank(query: Query, candidates: Sequence[Candidate], term_spans: TermSpans,
           bm25_range: tuple[float, float] | None = None) -> list[Ranked]:
    """Candidates best first, each with its weighted features. BM25 is scaled to [0, 1] over
    `bm25_range` (default: the candidates' lowest and highest): BM25Plus gives every sentence a
    baseline per query term, so dividing by the best score alone would squash the differences."""
    if not candidates:
        return []
    low, high = bm25_range or (min(c.bm25 for c in candidates), max(c.bm25 for c in candidates))
    spread = (high - low) or 1.0
    total_weight = sum(c.weight for c in query.concepts) or 1.0
    question_terms = frozenset(query.terms)
    alias_terms = frozenset(t for c in query.concepts for alt in c.alternatives for t in alt)
    bigrams = [(a, b) for a, b in zip(query.terms, query.terms[1:]) if a != b]
    ranked = []
    for cand in candidates:
        terms = [t for t, _, _ in cand.spans]
        term_set = frozenset(terms)
        text = cand.sentence.text
        f: dict[str, tuple[float, str]] = {}
        scaled = min(1.0, max(0.0, (cand.bm25 - low) / spread))
        f["bm25"] = (scaled, "" if (low, high) == (0.0, 1.0) else f"{cand.bm25:.2f} in {low:.2f}..{high:.2f}")
        matched = []
        got = 0.0
        matches = [concept_match(c, terms, term_set) for c in query.concepts]
        for c, m in zip(query.concepts, matches):
            got += m * c.weight
            if m > 0:
                matched.append(c.label if m == 1.0 else f"{c.label}~")
        coverage = got / total_weight
        f["coverage"] = (coverage, "matched: " + (", ".join(matched) or "nothing"))
        if cand.neighbours is not None and coverage < 1.0:
            both = term_set | cand.neighbours
            together = sum(concept_in_bag(c, both) * c.weight for c in query.concepts) / total_weight
            gain = max(0.0, together - coverage)
            leans = bool(_LEANS_ON_CONTEXT.match(text))
            if gain > 0:
                f["context"] = (gain * (1.0 if leans else 0.5),
                                "neighbouring sentences hold more of the question" + ("; it starts with a reference back" if leans else ""))
        if cand.headline:
            f["headline"] = (-1.0, "the article's title line")
        if bigrams:
            pairs = set(itertools.pairwise(terms))
            # A bigram inside a name the sentence carries under an alias counts too.
            whole = {(a, b) for c, m in zip(query.concepts, matches) if m == 1.0
                     for a, b in zip(c.alternatives[0], c.alternatives[0][1:])}
            hit = [f"{a} {b}" for a, b in bigrams if (a, b) in pairs or (a, b) in whole]
            f["phrase"] = (len(hit) / len(bigrams), ", ".join(hit))
        if query.info.phrases:
            lowered = text.lower()
            quoted = [p for p in query.info.phrases if p.lower() in lowered]
            prev = f.get("phrase", (0.0, ""))
            f["phrase"] = (min(1.0, prev[0] + len(quoted) / len(query.info.phrases)), prev[1])
        f["proximity"] = (_proximity(terms, set(question_terms | alias_terms)), "")
        if query.info.expects != "any":
            shapes = answer_shapes(query.info.expects, text, question_terms | alias_terms, term_spans)
            f["answer_type"] = _shape_feature(query.info.expects, shapes, cand.spans, question_terms | alias_terms,
                                              query.common_terms)
        if query.subject:
            ok = _defines(query.subject, text)
            f["defines"] = (1.0 if ok else 0.0, f"defines {query.subject!r}" if ok else "")
        new = term_set - question_terms - alias_terms
        if len(new) < 3:
            f["nothing_new"] = (-(3 - len(new)) / 3, f"{len(new)} new terms")
        n = len(terms)
        if n < 5:
            f["length"] = (-(5 - n) / 5, f"{n} terms")
        elif n > 60:
            f["length"] = (-min(1.0, (n - 60) / 60), f"{n} terms")
        features = tuple(
            Feature(name, round(WEIGHTS[name] * value, 4), note) for name, (value, note) in f.items()
        )
        score = sum(x.value for x in features)
        ranked.append(Ranked(cand, score, coverage, features))
    ranked.sort(key=lambda r: (-r.score, -r.candidate.bm25, r.candidate.sentence.id))
    return ranked
