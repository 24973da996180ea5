"""Second stage: re-rank BM25's candidates with explainable features of the whole sentence.

Each feature is a small named function of the question and one sentence giving a number in about
[0, 1] (penalties in [-1, 0]) and a note; the score is a weighted sum, and each weighted term is kept
as a Feature so `--explain` shows why a sentence ranked where it did and its lines add up.
"""
from __future__ import annotations

import itertools
import operator
import re
from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from retrieval.answering.kinds import PERSON_TITLES
from retrieval.answering.lazy import LazyTuple
from retrieval.answering.params import DEFAULT, AnswerParams, Weights
from retrieval.answering.question import ANY, PERSON, QuestionInfo
from retrieval.answering.seams import TermSpans
from retrieval.answering.shapes import LEANS_ON_CONTEXT, Span, answer_shapes, defines, full_name
from retrieval.index.analyzer import normalise
from retrieval.records import Feature, Sentence


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
    # The question's capitalised words past its first, as (term, surface folded by `surface_key`): a name. The
    # stemmer maps some names onto ordinary words ("Oliver" and "olive" are both "oliv", "Polish" and "polished"
    # "polish"), so such a term counts as held only where the sentence writes it as the question does, give or take
    # an inflection (`same_surface`; so "Polish" still holds "polished"): "What did Oliver Stone do?" is no question about olive oil. The analyzer,
    # one for the index and the questions, stays as it is: BM25 still finds both.
    name_surfaces: tuple[tuple[str, str], ...] = ()


def surface_key(word: str) -> str:
    """A written word as name surfaces compare it: lower case, without dots and apostrophes ("U.S." = "US")."""
    return normalise(word).lower().replace(".", "").replace("'", "")


_INFLECTIONS = (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""))


def _uninflected(word: str) -> str:
    """`word` without its English inflection endings (at most two: "Vikings", "Viking" both give "vik"), a final "e"
    dropped: "Americans", "married" and "hoped" give "american", "marry", "hop"; "oliver" and "olive" stay apart
    ("oliver", "oliv")."""
    for _ in range(2):
        for ending, put in _INFLECTIONS:
            if word.endswith(ending) and len(word) - len(ending) >= 3:
                word = word[:-len(ending)] + put
                break
        else:
            break
    return word.removesuffix("e")


def same_surface(a: str, b: str) -> bool:
    """Two surface keys of one word: equal but for an inflection ("American" / "Americans", a title-case "Marry" /
    "married"), not two words the stemmer happens to join ("Oliver" / "olive")."""
    return a == b or _uninflected(a) == _uninflected(b)


@dataclass(frozen=True, slots=True)
class Candidate:
    sentence: Sentence
    bm25: float
    spans: Sequence[tuple[str, int, int]]  # analysed terms of the sentence with offsets in its text (TermSpans or plain)
    # Terms of the sentences just before and after it in its article, when the answerer looked
    # (a sentence that says "He ..." or "It ..." leans on its neighbour for its subject). Only whether they hold
    # the question's terms (wanted_terms) is read, so the answerer gives just those of them.
    neighbours: frozenset[str] | None = None
    headline: bool = False  # the article's title line
    # How much of the question the sentence's whole article holds, as a share of the best
    # article's (None when the answerer did not read the article), and whether it is the best.
    article: float | None = None
    article_top: bool = False
    # Each query concept's weight within the article: high for a question word few of its sentences
    # hold (the word that picks the sentence inside the story), low for one all of them repeat.
    local_weights: tuple[float, ...] | None = None
    # The spans' terms, when the caller has them apart (the answerer's articles do): not taken from the spans again.
    terms: tuple[str, ...] | None = None
    # The query's names of several words (concept indices) that an earlier sentence of its article holds whole.
    named_before: frozenset[int] = frozenset()

    def terms_of(self) -> tuple[str, ...]:
        """The sentence's analysed terms, in order."""
        return self.terms if self.terms is not None else tuple(sp[0] for sp in self.spans)


@dataclass(frozen=True, slots=True)
class Ranked:
    candidate: Candidate
    score: float
    coverage: float
    # The `--explain` lines, whose values add up to the score. From `rerank`, an `Explanation`: the lines (and
    # their notes) are only made when read, which for all but the few answers shown they never are.
    features: Sequence[Feature]
    values: tuple[float, ...] = ()  # each feature's unweighted value, in Weights.names() order (0: absent)
    matches: tuple[float, ...] = ()  # how well it holds each query concept (1: fully)
    term_set: frozenset[str] | None = None  # the sentence's terms as a set, as `rerank` made it (corroboration reuses it)

    def value_of(self, feature: str) -> float:
        """One feature's unweighted value (0 when it did not apply)."""
        return self.values[_FEATURE_AT[feature]] if self.values else 0.0


# --- matching a concept ----------------------------------------------------------------------
def _contains(seq: Sequence[str], sub: Sequence[str]) -> bool:
    n = len(sub)
    if n == 1:
        return sub[0] in seq
    first, rest = sub[0], list(sub[1:])
    # Only the places where the phrase's first term occurs can start it.
    return any(t == first and list(seq[i + 1:i + n]) == rest for i, t in enumerate(seq[:len(seq) - n + 1]))


def concept_match(concept: Concept, terms: Sequence[str], term_set: frozenset[str], p: AnswerParams = DEFAULT) -> float:
    """1 when the sentence holds the concept or one of its aliases as a phrase; partial credit
    for some of its words."""
    if concept.name_parts:
        alt = concept.alternatives[0]
        if all(t in term_set for t in alt) and _contains(terms, alt):
            return 1.0
        return _part_of_name(concept, term_set, p)
    alternatives = concept.alternatives
    if len(alternatives) == 1 and len(alternatives[0]) == 1:  # one plain term: most concepts
        return 1.0 if alternatives[0][0] in term_set else 0.0
    best = 0.0
    for alt in alternatives:
        if len(alt) == 1:
            if alt[0] in term_set:
                return 1.0
            continue
        have = sum(t in term_set for t in alt)
        if have == len(alt) and _contains(terms, alt):
            return 1.0
        best = max(best, have / len(alt) * p.partial_phrase)
    return best


def _part_of_name(concept: Concept, term_set: AbstractSet[str], p: AnswerParams) -> float:
    alt, parts = concept.alternatives[0], concept.name_parts
    return p.partial_name * sum(w for t, w in zip(alt, parts) if t in term_set) / (sum(parts) or 1.0)


def concept_in_bag(concept: Concept, term_set: AbstractSet[str], p: AnswerParams = DEFAULT) -> float:
    """concept_match over a bag of terms from several sentences, where word order means nothing:
    a phrase counts when all its words are there."""
    if concept.name_parts:
        alt = concept.alternatives[0]
        return 1.0 if all(t in term_set for t in alt) else _part_of_name(concept, term_set, p)
    alternatives = concept.alternatives
    if len(alternatives) == 1 and len(alternatives[0]) == 1:  # one plain term: most concepts
        return 1.0 if alternatives[0][0] in term_set else 0.0
    best = 0.0
    for alt in alternatives:
        have = sum(t in term_set for t in alt)
        if have == len(alt):
            return 1.0
        best = max(best, have / len(alt) * p.partial_phrase)
    return best


def coverage_of(query: Query, terms: Sequence[str], p: AnswerParams = DEFAULT) -> float:
    """The share of the question's idf mass that a sentence with these terms holds."""
    total = sum(c.weight for c in query.concepts) or 1.0
    term_set = frozenset(terms)
    return sum(concept_match(c, terms, term_set, p) * c.weight for c in query.concepts) / total


# --- what every feature sees -----------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Asked:
    """What every candidate is held against, worked out once per question."""

    wanted: frozenset[str]  # question terms and their aliases' terms
    total: float  # the question's idf mass (the sum of its concepts' weights, or 1.0)
    weights: tuple[float, ...]  # each concept's weight
    # Per concept, its one term when it is a plain term (most are), else None: one look-up instead of a bag.
    plain: tuple[str | None, ...]
    # Those terms when every concept is one (a sentence then matches each concept 1.0 or 0.0), else None.
    all_plain: frozenset[str] | None
    # The question's bigrams (two different terms in a row), each with the concepts whose first alternative
    # holds it as two adjacent terms (a sentence holding such a concept whole counts the bigram as found).
    bigrams: tuple[tuple[str, str, tuple[int, ...]], ...]
    # Query.name_surfaces as a mapping: a name's term -> its surface key as the question writes it
    surfaces: dict[str, str]
    surface_terms: frozenset[str]

    @classmethod
    def of(cls, query: Query) -> Asked:
        firsts = [tuple(itertools.pairwise(c.alternatives[0])) for c in query.concepts]
        plain = plain_terms(query)
        surfaces = dict(query.name_surfaces)
        return cls(wanted_terms(query), sum(c.weight for c in query.concepts) or 1.0,
                   tuple(c.weight for c in query.concepts), plain,
                   None if None in plain else frozenset(t for t in plain if t is not None),
                   tuple((a, b, tuple(i for i, pairs in enumerate(firsts) if (a, b) in pairs))
                         for a, b in zip(query.terms, query.terms[1:]) if a != b),
                   surfaces, frozenset(surfaces))


@dataclass(slots=True)
class Scene:
    """One candidate seen against the question: worked out once, read by every feature (not frozen: one is
    made per candidate, and a frozen dataclass's constructor costs twice as much)."""

    query: Query
    candidate: Candidate
    terms: tuple[str, ...]
    term_set: frozenset[str]
    held: frozenset[str]  # the wanted terms it holds (term_set & wanted)
    matches: tuple[float, ...]  # concept_match per query concept
    coverage: float
    asked: Asked
    bm25_range: tuple[float, float]
    term_spans: TermSpans
    p: AnswerParams
    peers: Peers | None = None

    @property
    def wanted(self) -> frozenset[str]:
        return self.asked.wanted

    @property
    def text(self) -> str:
        return self.candidate.sentence.text


@dataclass(slots=True)
class Peers:
    """What the other candidates hold: a sentence is judged against its own article's best and the overall best."""

    article_bm25: float  # the best BM25 share among the candidates of this sentence's article
    article_coverage: float  # the best coverage among them
    coverage: float  # the best coverage among all candidates


# Each feature is two functions: its value (the raw number before weighting, None when it does not apply) and
# its note (why, for `--explain`; given the value). Ranking needs only the values; a note is written only
# when its line is read, which for all but the few answers shown it never is.
Value = Callable[[Scene], float | None]
Note = Callable[[Scene, float], str]


def bm25_value(s: Scene) -> float | None:
    low, high = s.bm25_range
    return min(1.0, max(0.0, (s.candidate.bm25 - low) / ((high - low) or 1.0)))


def bm25_note(s: Scene, value: float) -> str:
    low, high = s.bm25_range
    return "" if (low, high) == (0.0, 1.0) else f"{s.candidate.bm25:.2f} in {low:.2f}..{high:.2f}"


def coverage_value(s: Scene) -> float | None:
    return s.coverage


def coverage_note(s: Scene, value: float) -> str:
    matched = [c.label if m == 1.0 else f"{c.label}~" for c, m in zip(s.query.concepts, s.matches) if m > 0]
    return "matched: " + (", ".join(matched) or "nothing")


def context_value(s: Scene) -> float | None:
    """Question words the neighbouring sentences hold instead; full credit when this one refers back."""
    neighbours = s.candidate.neighbours
    if neighbours is None or s.coverage >= 1.0:
        return None
    # A plain term is in the bag when the sentence or a neighbour holds it: no need to build the bag for it.
    asked = s.asked
    if asked.all_plain is not None:
        # Every concept one plain term (matched 1.0 or 0.0): unless a neighbour holds a term the sentence lacks,
        # the sum below is the coverage's own sum, term for term, and there is no gain.
        if not neighbours or neighbours.isdisjoint(asked.all_plain - s.term_set):
            return None
        both = s.term_set
    else:
        both = s.term_set | neighbours
    together = sum((concept_in_bag(c, both, s.p) if t is None else 1.0 if m == 1.0 or t in neighbours else 0.0) * c.weight
                   for c, m, t in zip(s.query.concepts, s.matches, asked.plain)) / asked.total
    gain = max(0.0, together - s.coverage)
    if gain <= 0:
        return None
    return gain * (s.p.leaning_context if LEANS_ON_CONTEXT.match(s.text) else s.p.plain_context)


def context_note(s: Scene, value: float) -> str:
    return "neighbouring sentences hold more of the question" + (
        "; it starts with a reference back" if LEANS_ON_CONTEXT.match(s.text) else "")


def headline_value(s: Scene) -> float | None:
    return -1.0 if s.candidate.headline else None


def _phrase_found(s: Scene) -> list[tuple[str, str]]:
    """The question's bigrams the sentence holds as adjacent terms, or as part of a concept it holds whole."""
    found = []
    pairs: set[tuple[str, str]] | None = None
    for a, b, carriers in s.asked.bigrams:
        if carriers and any(s.matches[i] == 1.0 for i in carriers):
            found.append((a, b))
        elif a in s.term_set and b in s.term_set:
            if pairs is None:
                pairs = set(itertools.pairwise(s.terms))
            if (a, b) in pairs:
                found.append((a, b))
    return found


def phrase_value(s: Scene) -> float | None:
    """Question bigrams found as adjacent terms (a name carried under an alias counts whole), plus
    the question's quoted phrases found verbatim."""
    q, bigrams = s.query, s.asked.bigrams
    value = 0.0
    present = False
    if bigrams:
        value, present = len(_phrase_found(s)) / len(bigrams), True
    if q.info.phrases:
        lowered = s.text.lower()
        quoted = [p for p in q.info.phrases if p.lower() in lowered]
        value, present = min(1.0, value + len(quoted) / len(q.info.phrases)), True
    return value if present else None


def phrase_note(s: Scene, value: float) -> str:
    return ", ".join(f"{a} {b}" for a, b in _phrase_found(s))


def proximity(terms: Sequence[str], wanted: set[str] | frozenset[str]) -> float:
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


def proximity_value(s: Scene) -> float | None:
    # fewer than two wanted terms held: proximity's own answer, without walking the terms
    return proximity(s.terms, s.wanted) if len(s.held) >= 2 else 0.0


def _shape_best(shapes: list[Span], spans: Sequence[tuple[str, int, int]], wanted: frozenset[str],
                common: frozenset[str], p: AnswerParams) -> tuple[float, str]:
    """1 for a piece of the wanted shape right next to a matched question word ("leader Kim
    Jong-un"), 0.75 for one nearby, 0.5 for one elsewhere in the sentence, 0 for none; and that piece."""
    if not shapes:
        return 0.0, ""
    matched = [(start, end) for term, start, end in spans if term in wanted]
    anchors = [(start, end) for term, start, end in spans if term in common] or matched
    best, best_chunk = 0.0, shapes[0].text
    for chunk, start, end in shapes:
        gap = min((max(start - e, s - end, 0) for s, e in matched), default=10**6)
        next_to = min((max(start - e, s - end, 0) for s, e in anchors), default=10**6)
        value = p.shape_next_to if next_to <= p.adjacent_chars else p.shape_near if gap <= p.near_chars else p.shape_elsewhere
        if value > best:
            best, best_chunk = value, chunk
    return best, best_chunk


def _shape_of(s: Scene) -> tuple[list[Span], tuple[float, str]]:
    shapes = answer_shapes(s.query.info.expects, s.text, s.wanted, s.term_spans)
    return shapes, _shape_best(shapes, s.candidate.spans, s.wanted, s.query.common_terms, s.p)


def answer_type_value(s: Scene) -> float | None:
    if s.query.info.expects == ANY:
        return None
    return _shape_of(s)[1][0]


def answer_type_note(s: Scene, value: float) -> str:
    expects = s.query.info.expects
    shapes, (best, best_chunk) = _shape_of(s)
    if not shapes:
        return f"wants {expects}: none"
    p = s.p
    where = {p.shape_next_to: " next to the question's words", p.shape_near: " near the question's words"}.get(best, "")
    return f"wants {expects}: {best_chunk!r}{where}"


def person_named_value(s: Scene) -> float | None:
    """A who-question: the sentence names someone in full (two or more capitalised words) whom the question does
    not name. answer_type's person shape takes any capitalised word; a full name is the answer's usual form."""
    if s.query.info.expects != PERSON:
        return None
    return 1.0 if full_name(s.text, s.wanted, s.term_spans) is not None else None


def person_named_note(s: Scene, value: float) -> str:
    found = full_name(s.text, s.wanted, s.term_spans)
    return f"names {found.text!r}" if found is not None else ""


def defines_value(s: Scene) -> float | None:
    subject = s.query.subject
    if not subject:
        return None
    return 1.0 if defines(subject, s.text) else 0.0


def defines_note(s: Scene, value: float) -> str:
    return f"defines {s.query.subject!r}" if value == 1.0 else ""


def nothing_new_value(s: Scene) -> float | None:
    new, least = len(s.term_set) - len(s.held), s.p.min_new_terms  # the terms it holds beyond the wanted ones
    return -(least - new) / least if new < least else None


def nothing_new_note(s: Scene, value: float) -> str:
    return f"{len(s.term_set - s.wanted)} new terms"


def article_value(s: Scene) -> float | None:
    """The question's idf mass in the sentence's whole article, as a share of the best article's."""
    return s.candidate.article


def article_note(s: Scene, value: float) -> str:
    return f"its article holds {value:.0%} of the best article's share of the question"


def article_top_value(s: Scene) -> float | None:
    return 1.0 if s.candidate.article_top else None


def lead_value(s: Scene) -> float | None:
    """News states the main facts first: 1 for an article's first sentence, 1/2 for the second, ..."""
    if s.candidate.article is None:
        return None
    return 1.0 / (1 + s.candidate.sentence.position)


def lead_note(s: Scene, value: float) -> str:
    return f"sentence {s.candidate.sentence.position + 1} of its article"


def local_coverage_value(s: Scene) -> float | None:
    """Coverage weighted by how rare each question word is within the sentence's own article."""
    lw = s.candidate.local_weights
    if lw is None:
        return None
    total = sum(lw) or 1.0
    return sum(m * w for m, w in zip(s.matches, lw)) / total


def early_value(s: Scene) -> float | None:
    """Within the first `early_sentences` of its article, falling off linearly."""
    if s.candidate.article is None:
        return None
    value = max(0.0, 1.0 - s.candidate.sentence.position / s.p.early_sentences)
    return value if value > 0 else None


def article_best_value(s: Scene) -> float | None:
    """The sentence of its article that holds the most of the question."""
    if s.peers is None or s.candidate.article is None or s.coverage <= 0:
        return None
    return 1.0 if s.coverage >= s.peers.article_coverage else None


def article_bm25_value(s: Scene) -> float | None:
    """BM25 as a share of the best in the same article: choosing the sentence inside the story."""
    if s.peers is None or s.candidate.article is None or s.peers.article_bm25 <= 0:
        return None
    return s.candidate.bm25 / s.peers.article_bm25


def length_value(s: Scene) -> float | None:
    n, short, long = len(s.terms), s.p.short_terms, s.p.long_terms
    if n < short:
        return -(short - n) / short
    if n > long:
        return -min(1.0, (n - long) / long)
    return None


def length_note(s: Scene, value: float) -> str:
    return f"{len(s.terms)} terms"


def _says(note: str) -> Note:
    return lambda s, value: note


# The features in `--explain` order: (name, value, note); each name is a field of params.Weights.
FEATURES: tuple[tuple[str, Value, Note], ...] = (
    ("bm25", bm25_value, bm25_note),
    ("coverage", coverage_value, coverage_note),
    ("context", context_value, context_note),
    ("headline", headline_value, _says("the article's title line")),
    ("phrase", phrase_value, phrase_note),
    ("proximity", proximity_value, _says("")),
    ("answer_type", answer_type_value, answer_type_note),
    ("defines", defines_value, defines_note),
    ("person_named", person_named_value, person_named_note),
    ("nothing_new", nothing_new_value, nothing_new_note),
    ("length", length_value, length_note),
    ("article", article_value, article_note),
    ("article_top", article_top_value, _says("its article holds the most of the question")),
    ("lead", lead_value, lead_note),
    ("early", early_value, _says("early in its article")),
    ("local_coverage", local_coverage_value, _says("question words rare in its article")),
    ("article_best", article_best_value, _says("holds the most of the question in its article")),
    ("article_bm25", article_bm25_value, _says("")),
)


_NAMES = Weights.names()
_FEATURE_AT = {name: i for i, name in enumerate(_NAMES)}
# Values the answerer's decisions read whatever their weight (refusal.lacks_shape, conversation.unsupported).
DECIDING = frozenset({"answer_type"})


class Explanation(LazyTuple[Feature]):
    """A ranked candidate's `--explain` lines (Ranked.features), written when first read: each present feature
    of non-zero weight in FEATURES order, its weighted value rounded as the score summed it, and its note."""

    __slots__ = ("_lines", "_scene", "_values")

    def __init__(self, scene: Scene, lines: Sequence[int], values: Sequence[float]) -> None:
        super().__init__()
        self._scene = scene
        self._lines = lines  # positions in FEATURES
        self._values = values  # each feature's value, in Weights.names() order

    def _make(self) -> tuple[Feature, ...]:
        s, made = self._scene, []
        for i in self._lines:
            name, _, note = FEATURES[i]
            value = self._values[_FEATURE_AT[name]]
            made.append(Feature(name, round(s.p.weights.of(name) * value, 4), note(s, value)))
        return tuple(made)

    def __len__(self) -> int:
        return len(self._lines)


def wanted_terms(query: Query) -> frozenset[str]:
    """The question's terms and every term of its concepts' alternatives (aliases included)."""
    return frozenset(query.terms) | frozenset(t for c in query.concepts for alt in c.alternatives for t in alt)


def plain_terms(query: Query) -> tuple[str | None, ...]:
    """Per concept, its one term when it is one plain term (one alternative of one word, not a name)."""
    return tuple(c.alternatives[0][0] if len(c.alternatives) == 1 and len(c.alternatives[0]) == 1
                 and not c.name_parts else None for c in query.concepts)


def _matched(query: Query, cand: Candidate, p: AnswerParams,
             asked: Asked) -> tuple[tuple[str, ...], frozenset[str], frozenset[str], tuple[float, ...], float]:
    """A candidate's terms, their set, the wanted terms among them, how well it holds each concept
    (concept_match), and its coverage."""
    terms = cand.terms_of()
    term_set = frozenset(terms)
    if asked.surface_terms and not asked.surface_terms.isdisjoint(term_set):
        terms, term_set = _surface_held(cand, terms, term_set, asked)
    if asked.all_plain is not None:
        matches = tuple([1.0 if t in term_set else 0.0 for t in asked.plain])
    else:
        matches = tuple([(1.0 if t in term_set else 0.0) if t is not None else concept_match(c, terms, term_set, p)
                         for c, t in zip(query.concepts, asked.plain)])
    if cand.named_before and p.introduced_name is not None:
        matches = _introduced(query, cand, matches, p.introduced_name)
    # sum() of the products in concept order, as the sum over a generator gave: the same float
    return terms, term_set, term_set & asked.wanted, matches, sum(map(operator.mul, matches, asked.weights)) / asked.total


def _introduced(query: Query, cand: Candidate, matches: tuple[float, ...], credit: float) -> tuple[float, ...]:
    """News names a person in full once, then by one name ("Wang Yi met ..." then "Mr Wang called on ..."): a
    sentence holding part of a question's name that its article named whole before holds it at `credit`, unless
    the part is written inside another name ("Kim Jong-un" for "Sung Kim": a capitalised word beside it that is no
    title)."""
    out = list(matches)
    text = cand.sentence.text
    for j in cand.named_before:
        if not 0.0 < out[j] < credit:
            continue
        parts = set(query.concepts[j].alternatives[0])
        spans = [(start, end) for term, start, end in cand.spans if term in parts]
        if spans and all(_stands_alone(text, start, end) for start, end in spans):
            out[j] = credit
    return tuple(out)


_WORD_BEFORE = re.compile(r"([\w.'’-]+)\s+$")
_WORD_AFTER = re.compile(r"^\s+([\w.'’-]+)")


def _stands_alone(text: str, start: int, end: int) -> bool:
    """The word at text[start:end] is not one word of a longer name: the words right beside it (white space between)
    are lower case, titles ("Mr", "Foreign Minister") or absent."""
    before = _WORD_BEFORE.search(text, max(0, start - 40), start)
    after = _WORD_AFTER.match(text[end:end + 40])
    for m in (before, after):
        if m is None:
            continue
        word = m.group(1)
        if word[:1].isupper() and word.lower().strip(".'’") not in PERSON_TITLES:
            return False
    return True


def _surface_held(cand: Candidate, terms: tuple[str, ...], term_set: frozenset[str],
                  asked: Asked) -> tuple[tuple[str, ...], frozenset[str]]:
    """The candidate's terms with every occurrence of a question name's term that the sentence writes otherwise
    ("olive" for "Oliver": Query.name_surfaces) set apart, so it matches nothing of the question."""
    text = cand.sentence.text
    found: dict[str, bool] = {}
    for term, start, end in cand.spans:
        if term in asked.surfaces and not found.get(term):
            found[term] = same_surface(surface_key(text[start:end]), asked.surfaces[term])
    other = {t for t, same in found.items() if not same}
    if not other:
        return terms, term_set
    # (a name term the sentence writes both ways holds the name: only a term never written so is set apart)
    terms = tuple(f"\x00{t}" if t in other else t for t in terms)
    return terms, frozenset(terms)


def rerank(query: Query, candidates: Sequence[Candidate], term_spans: TermSpans,
           bm25_range: tuple[float, float] | None = None, p: AnswerParams = DEFAULT, *,
           every_value: bool = True) -> list[Ranked]:
    """Candidates best first, each with its weighted features. BM25 is scaled to [0, 1] over
    `bm25_range` (default: the candidates' lowest and highest): BM25Plus gives every sentence a
    baseline per query term, so dividing by the best score alone would squash the differences.
    `every_value` False: a feature weighted 0 (adding nothing to the score) is not computed and its
    value stays 0, unless a decision reads it (DECIDING); fitting (bench.fit, via examine) needs them all."""
    if not candidates:
        return []
    span = bm25_range or (min(c.bm25 for c in candidates), max(c.bm25 for c in candidates))
    # What is the same for every candidate, worked out once.
    asked = Asked.of(query)
    matched = [_matched(query, cand, p, asked) for cand in candidates]
    best_bm25: dict[str, float] = {}
    best_cov: dict[str, float] = {}
    for cand, (_, _, _, _, coverage) in zip(candidates, matched):
        src = cand.sentence.source
        best_bm25[src] = max(best_bm25.get(src, 0.0), cand.bm25)
        best_cov[src] = max(best_cov.get(src, 0.0), coverage)
    overall = max(best_cov.values(), default=0.0)
    peers = {src: Peers(best_bm25[src], best_cov[src], overall) for src in best_bm25}
    # The features that make up the score (each an --explain line when present), and those computed for their
    # value alone (weighted 0: fitting wants every value, and DECIDING ones are read by decisions).
    # (a value of 0.0, which many candidates get for most features, adds the weight's rounded 0, worked out once)
    scored = [(i, _FEATURE_AT[name], value_of, p.weights.of(name), round(p.weights.of(name) * 0.0, 4))
              for i, (name, value_of, _) in enumerate(FEATURES) if p.weights.of(name)]
    unscored = [(_FEATURE_AT[name], value_of) for name, value_of, _ in FEATURES
                if not p.weights.of(name) and (every_value or name in DECIDING)]
    ranked = []
    for cand, (terms, term_set, held, matches, coverage) in zip(candidates, matched):
        src = cand.sentence.source
        s = Scene(query, cand, terms, term_set, held, matches, coverage, asked, span, term_spans, p, peers[src])
        values = [0.0] * len(_NAMES)
        lines = []
        score: float = 0  # the sum of the lines' rounded values, in their order (what --explain adds up)
        for i, at, value_of, weight, zero in scored:
            got = value_of(s)
            if got is not None:
                values[at] = got
                lines.append(i)
                score += round(weight * got, 4) if got else zero
        for at, value_of in unscored:  # a feature weighted 0 adds nothing: not an --explain line
            got = value_of(s)
            if got is not None:
                values[at] = got
        kept = tuple(values)
        ranked.append(Ranked(cand, score, coverage, Explanation(s, lines, kept), kept, matches, term_set))
    ranked.sort(key=lambda r: (-r.score, -r.candidate.bm25, r.candidate.sentence.id))
    return ranked
