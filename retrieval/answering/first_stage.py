"""The first stage and the BM25 feature: BM25's candidates for a question, and each candidate's
BM25 score over the question's wordings (as asked, and with a name replaced by an alias)."""
from __future__ import annotations

from collections.abc import Sequence

from retrieval.answering.aliases import Expansion
from retrieval.answering.params import AnswerParams
from retrieval.answering.seams import IndexView
from retrieval.records import Hit


def search(index: IndexView, p: AnswerParams, terms: Sequence[str], focus: frozenset[str] = frozenset()) -> list[Hit]:
    """BM25's best p.first_stage sentences; the type noun counts half (every other term is
    given twice: the index sums repeated terms)."""
    if not terms:
        return []
    query = list(terms)
    if focus and any(t not in focus for t in terms):
        query = [t for t in terms for _ in range(1 if t in focus else 2)]
    return list(index.search_terms(query, p.first_stage))


def union(first: Sequence[Hit], second: Sequence[Hit]) -> list[Hit]:
    seen = {h.sentence.id for h in first}
    return [*first, *(h for h in second if h.sentence.id not in seen)]


def query_variants(p: AnswerParams, terms: Sequence[str], ordered: Sequence[str],
                   expansions: Sequence[Expansion]) -> list[list[str]]:
    """The question's terms as asked, then with one name at a time replaced by each alias."""
    variants = [list(terms)]
    for e in expansions:
        for alt in e.alternatives:
            if len(variants) >= p.max_variants:
                return variants
            swapped = [*ordered[:e.start], *alt, *ordered[e.end:]]
            variants.append(list(dict.fromkeys(t for t in swapped if t in terms or t in alt)))
    return variants


def baseline(index: IndexView, terms: Sequence[str]) -> float:
    """The score every sentence gets for `terms` whether it holds them or not: BM25Plus adds
    delta * idf per known query term (rank_bm25's definition); other variants add nothing."""
    if index.params.variant != "plus":
        return 0.0
    return sum(float(index.params.delta) * index.idf(t) for t in terms)


def bm25_shares(index: IndexView, p: AnswerParams, variants: Sequence[Sequence[str]], ids: Sequence[int],
                tops: list[float] | None = None, focus: frozenset[str] = frozenset()) -> tuple[dict[int, float], list[float]]:
    """Each sentence's BM25 score over the matching part (baseline removed), as a share of the
    best candidate's, per wording of the question, best wording kept: a sentence that says "KMA"
    is scored like one that spells the name out. `tops`: the best matching score per wording
    (default: the best among `ids`); returned so later candidates are scaled alike."""
    best = dict.fromkeys(ids, 0.0)
    used = []
    scores = index.term_scores(list(ids))  # the wordings share most terms: each is looked up once
    for n, terms in enumerate(variants):
        plain = [t for t in terms if t not in focus]
        typed = [t for t in terms if t in focus] if plain else []
        if typed:
            plain_raw = scores.scores(plain)
            typed_raw = scores.scores(typed)
            base = baseline(index, plain) + p.focus_weight * baseline(index, typed)
            values = [max(0.0, plain_raw[i] + p.focus_weight * typed_raw[i] - base) for i in range(len(ids))]
        else:
            raw = scores.scores(list(terms))
            base = baseline(index, terms)
            values = [max(0.0, raw[i] - base) for i in range(len(ids))]
        top = tops[n] if tops is not None else max(values, default=0.0)
        used.append(top)
        trust = 1.0 if n == 0 else p.alias_trust
        for sid, v in zip(ids, values):
            best[sid] = max(best[sid], trust * min(1.0, v / top) if top > 0 else 0.0)
    return best, used
