"""Neighbour re-scoring: the leading candidates are re-ranked together with the sentences around
them, because the answer is often the sentence after the one that repeats the question's words."""
from __future__ import annotations

from collections.abc import Callable, Sequence

from retrieval.answering.copies import normalise_text
from retrieval.answering.params import AnswerParams
from retrieval.answering.rerank import Candidate, Query, Ranked, rerank
from retrieval.answering.seams import SentenceStore, TermSpan, TermSpans
from retrieval.records import Sentence

# Scores new sentences' BM25 feature alike with the first stage's: ids -> {id: share}.
Bm25Of = Callable[[Sequence[int]], dict[int, float]]


def with_neighbours(store: SentenceStore, p: AnswerParams, query: Query, ranked: list[Ranked], bm25_of: Bm25Of,
                    spans_of_text: TermSpans) -> list[Ranked]:
    """The leading p.neighbour_pool candidates and their neighbours re-ranked with context and
    headline features; the rest keep their places after them."""
    head, tail = ranked[:p.neighbour_pool], ranked[p.neighbour_pool:]
    if not head:
        return ranked
    by_id: dict[int, Candidate] = {r.candidate.sentence.id: r.candidate for r in ranked}
    around: dict[int, list[Sentence]] = {}
    pool: list[Sentence] = []
    for r in head:
        ctx = store.context(r.candidate.sentence.id, 1)
        around[r.candidate.sentence.id] = [*ctx.before, *ctx.after]
        pool.append(r.candidate.sentence)
        pool.extend(s for s in (*ctx.before, *ctx.after) if s.id not in by_id)
    pool = list({s.id: s for s in pool}.values())
    new_ids = [s.id for s in pool if s.id not in by_id]
    new_bm25 = bm25_of(new_ids) if new_ids else {}
    spans_of: dict[int, tuple[TermSpan, ...]] = {sid: c.spans for sid, c in by_id.items()}
    titles: dict[str, str] = {}
    result = []
    for s in pool:
        spans = spans_of.get(s.id) or tuple(spans_of_text(s.text))
        spans_of[s.id] = spans
        if s.id not in around:
            ctx = store.context(s.id, 1)
            around[s.id] = [*ctx.before, *ctx.after]
        bm25 = by_id[s.id].bm25 if s.id in by_id else new_bm25.get(s.id, 0.0)
        neighbour_terms: set[str] = set()
        for n in around[s.id]:
            if n.id not in spans_of:
                spans_of[n.id] = tuple(spans_of_text(n.text))
            neighbour_terms.update(sp.term for sp in spans_of[n.id])
        headline = False
        if s.position == 0:
            if s.source not in titles:
                titles[s.source] = store.context(s.id, 0).title
            headline = normalise_text(titles[s.source]) == normalise_text(s.text)
        result.append(Candidate(s, bm25, spans, frozenset(neighbour_terms), headline))
    return rerank(query, result, spans_of_text, bm25_range=(0.0, 1.0), p=p) + tail
