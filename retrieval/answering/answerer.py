"""The one place that decides what an answer is: the pipeline.

question -> BM25 candidates (first_stage, with aliases the candidates themselves define) -> concepts
(query) -> re-rank with features of the whole sentence (rerank) and again with their neighbours
(neighbours) -> refuse when the evidence is too weak (refusal) -> collapse copies of one sentence
across articles into one answer that lists every source carrying it (copies) -> AnswerSet.
"""
from __future__ import annotations

import functools
from collections.abc import Sequence

from retrieval.answering import first_stage, query, refusal
from retrieval.answering.aliases import AliasTable, mine_aliases
from retrieval.answering.copies import CopyFinder, Group
from retrieval.answering.neighbours import with_neighbours
from retrieval.answering.params import DEFAULT, AnswerParams
from retrieval.answering.query import Stats
from retrieval.answering.question import clean_question, parse_question
from retrieval.answering.rerank import Candidate, Query, rerank
from retrieval.answering.seams import SearchIndex, SentenceStore, TermSpan
from retrieval.index.analyzer import Analyzer
from retrieval.records import Answer, AnswerSet, Feature, Hit

TEXT_CACHE = 50_000  # sentences whose analysis is kept between questions (a few tens of MB at most)


class Answerer:
    """Answers questions from a store through its BM25 retriever; see the module docstring."""

    def __init__(self, store: SentenceStore, retriever: SearchIndex, analyzer: Analyzer,
                 params: AnswerParams = DEFAULT) -> None:
        self._p = params
        self._store = store
        self._retriever = retriever
        self._analyzer = analyzer
        self._aliases = AliasTable(analyzer.terms)
        # A sentence's analysis, the aliases it defines and its duplicate fingerprint depend on
        # its text alone, and the same sentences come back question after question: each is
        # worked out once (lru_cache is safe across the bot's threads).
        self._spans = functools.lru_cache(maxsize=TEXT_CACHE)(self._term_spans)
        self._mined = functools.lru_cache(maxsize=TEXT_CACHE)(lambda text: tuple(mine_aliases(text)))
        self._copies = CopyFinder(analyzer, lambda text: frozenset(sp.term for sp in self._spans(text)), params)

    def _term_spans(self, text: str) -> tuple[TermSpan, ...]:
        return tuple(TermSpan(*sp) for sp in self._analyzer.term_spans(text))

    # -- public ---------------------------------------------------------------------------
    def answer(self, question: str, k: int = 4, *, context: bool = False, explain: bool = False) -> AnswerSet:
        """The best answer and up to k-1 more, or a no-answer naming the words that found nothing.

        Every statistic and search of one question comes from one pinned index snapshot, even if
        another thread swaps a new batch in meanwhile."""
        if not isinstance(k, int) or isinstance(k, bool) or k < 1:
            raise ValueError(f"k must be a whole number of answers >= 1, got {k!r}")
        stats = Stats(self._retriever.pinned(), self._analyzer, self._p)
        return self._answer(stats, question, k, context=context, explain=explain)

    def raw_text(self, source: str) -> str:
        """The stored raw text of an article (what citations point into)."""
        return self._store.raw_text(source)

    # -- the pipeline ---------------------------------------------------------------------
    def _answer(self, stats: Stats, question: str, k: int, *, context: bool, explain: bool) -> AnswerSet:
        index, p = stats.index, self._p
        text = clean_question(question)
        info = parse_question(text, self._analyzer.is_stop_word)
        spans = [sp for sp in self._term_spans(text) if text[sp.start:sp.end].lower() not in info.asking_words]
        ordered = [sp.term for sp in spans]
        terms = query.query_terms(stats, ordered)
        if not terms:
            return AnswerSet(question=text, no_answer=True, missing_terms=info.content_words)
        known = [t for t in terms if stats.df(t) > 0]
        focus = query.focus_terms(self._analyzer, info, terms)

        hits = first_stage.search(index, p, known, focus) if known else []
        aliases = self._aliases_for(hits)
        expansions = aliases.expand(ordered)
        missing = refusal.missing_words(stats, info, expansions)
        if not known and not any(stats.df_phrase(alt) for e in expansions for alt in e.alternatives):
            return AnswerSet(question=text, no_answer=True, missing_terms=missing)
        alias_terms = [t for e in expansions for alt in e.alternatives for t in alt]
        if alias_terms:
            extra = first_stage.search(index, p, query.query_terms(stats, known + alias_terms), focus)
            more = self._aliases_for(extra, aliases)
            if more is not aliases:
                aliases = more
                expansions = aliases.expand(ordered)
            hits = first_stage.union(hits, extra)
        if not hits:
            return AnswerSet(question=text, no_answer=True, missing_terms=missing)

        unknown = refusal.unknown_names(stats, text, missing)
        unknown_terms = {t for w in unknown for t in self._analyzer.terms(w)}
        q = Query(info=info, terms=tuple(terms),
                  concepts=query.concepts(stats, text, spans, terms, expansions, unknown_terms, focus),
                  subject=query.definition_subject(info),
                  common_terms=frozenset(sp.term for sp in spans if text[sp.start:sp.start + 1].islower()))
        variants = first_stage.query_variants(p, terms, ordered, expansions)
        bm25, bm25_tops = first_stage.bm25_shares(index, p, variants, [h.sentence.id for h in hits], focus=focus)
        candidates = [Candidate(h.sentence, bm25[h.sentence.id], self._spans(h.sentence.text)) for h in hits]
        ranked = rerank(q, candidates, self._spans, bm25_range=(0.0, 1.0), p=p)
        ranked = with_neighbours(
            self._store, p, q, ranked,
            lambda ids: first_stage.bm25_shares(index, p, variants, ids, bm25_tops, focus)[0], self._spans)
        evidence = max(r.coverage for r in ranked[:p.evidence_pool]) if ranked else 0.0
        if not ranked or refusal.too_weak(p, evidence, text, missing, unknown):
            return AnswerSet(question=text, no_answer=True, missing_terms=missing)
        # The best answer stands on the evidence above; a further one must hold at least some of
        # the question (a neighbour-lifted sentence may hold none), or it is filler.
        groups = [g for i, g in enumerate(self._copies.corroborate(index, stats.idf, ranked, k))
                  if i == 0 or g.best.coverage > 0.0]
        answers = tuple(self._render(g, q, context=context, explain=explain) for g in groups)
        return AnswerSet(question=text, no_answer=False, missing_terms=missing, answers=answers)

    def _aliases_for(self, hits: Sequence[Hit], base: AliasTable | None = None) -> AliasTable:
        """The built-in table plus the aliases the candidate sentences define (mined per question
        from candidates only, so the cost does not grow with the corpus)."""
        base = base or self._aliases
        pairs = [p for h in hits for p in self._mined(h.sentence.text)]
        if not pairs:
            return base
        table = base.copy()
        return table if table.add_pairs(pairs) else base

    def _render(self, g: Group, q: Query, *, context: bool, explain: bool) -> Answer:
        s = g.best.candidate.sentence
        around = self._store.context(s.id, 1 if context else 0)
        also_in = tuple(dict.fromkeys(c.source for c in g.copies if c.source != s.source))
        wanted = set(q.terms) | {t for c in q.concepts for alt in c.alternatives for t in alt}
        highlights = tuple((sp.start, sp.end) for sp in g.best.candidate.spans if sp.term in wanted)
        # Only the features that make up the score: `--explain` must add up (also_in is shown anyway).
        explanation: tuple[Feature, ...] = g.best.features if explain else ()
        return Answer(
            text=s.text,
            source=s.source,
            also_in=also_in,
            score=round(g.best.score, 4),
            start=s.start,
            end=s.end,
            title=around.title,
            date=around.date,
            sentence_id=s.id,
            position=s.position,
            context=around.text if context else None,
            highlights=highlights,
            explanation=explanation,
        )
