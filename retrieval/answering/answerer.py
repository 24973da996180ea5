"""The one place that decides what an answer is: the pipeline.

question -> BM25 candidates (first_stage, with aliases the candidates themselves define) -> concepts
(query) -> the candidates' articles read in full (articles) -> re-rank with features of the sentence,
its neighbours and its article (rerank) -> refuse when the evidence is too weak (refusal) -> collapse
copies of one sentence across articles into one answer that lists every source carrying it (copies)
-> AnswerSet.

Photo captions (the caption tier, flagged at ingest) are searched like any sentence but are no article's body:
the candidates, their articles and the evidence are the body's alone. The best caption answers when it holds a
question concept the best body sentence lacks and more of the question than the body's evidence (by
`caption_over_answer` more when the body did answer; None: only in place of a not-sure or not-found reply), passing
the same refusal rules; such a reply is marked `Answer.caption`.
"""
from __future__ import annotations

import dataclasses
import functools
from collections.abc import Sequence
from dataclasses import dataclass

from retrieval.answering import conversation as talk
from retrieval.answering import first_stage, query, refusal, relations
from retrieval.answering.aliases import (
    AliasTable,
    Expansion,
    demonym_expansions,
    held_as_doer,
    held_only,
    mine_aliases,
    one_way_expansions,
    quantity_expansions,
)
from retrieval.answering.articles import ArticleReader, article_pool, pool_candidates, spans_of
from retrieval.answering.copies import CopyFinder, Group
from retrieval.answering.inflections import verb_form_expansions
from retrieval.answering.params import DEFAULT, AnswerParams
from retrieval.answering.query import Stats
from retrieval.answering.question import clean_question, parse_question
from retrieval.answering.rerank import Candidate, Query, Ranked, rerank, surface_key
from retrieval.answering.seams import SearchIndex, SentenceStore, Spelling, TermSpan
from retrieval.index.analyzer import Analyzer
from retrieval.records import Answer, AnswerSet, Feature, Hit, Outcome

TEXT_CACHE = 50_000  # sentences whose analysis is kept between questions (a few tens of MB at most)


def headlines_yield(ranked: Sequence[Ranked], p: AnswerParams) -> list[Ranked]:
    """A title line never outranks a body sentence of its article that answers as well (holds at
    least headline_yield of its coverage): that sentence takes the title's place, and the title goes."""
    out = list(ranked)
    i = 0
    while i < len(out):
        h = out[i]
        if h.candidate.headline:
            body = next((j for j, r in enumerate(out) if r.candidate.sentence.source == h.candidate.sentence.source
                         and not r.candidate.headline and r.coverage >= p.headline_yield * h.coverage), None)
            if body is not None:
                if body > i:
                    out[i] = out.pop(body)  # the body sentence takes the title's place
                else:
                    out.pop(i)  # it already ranks above: the title just goes
                continue
        i += 1
    return out


def _title_or_body(groups: Sequence[Group]) -> list[Group]:
    """Never both an article's title line and a sentence of its body: the later one of the two goes."""
    kept: list[Group] = []
    for g in groups:
        c = g.best.candidate
        clash = any(k.best.candidate.sentence.source == c.sentence.source and k.best.candidate.headline != c.headline
                    for k in kept)
        if not clash:
            kept.append(g)
    return kept


@dataclass(frozen=True, slots=True)
class Reading:
    """A question as read, with its ranked candidates; `query` is None when nothing could be looked for."""

    text: str  # the question, cleaned
    missing: tuple[str, ...]  # content words no sentence holds
    unknown: tuple[str, ...] = ()  # of those, the ones that name something
    query: Query | None = None
    ranked: tuple[Ranked, ...] = ()  # body sentences only
    weighed: talk.Weighed | None = None  # a second turn's concepts, given ones weighed down
    captions: tuple[Hit, ...] = ()  # the first stage's caption hits: ranked only if the body does not answer
    variants: tuple[tuple[str, ...], ...] = ()  # the question's wordings for BM25 (for the captions' ranking)
    focus: frozenset[str] = frozenset()
    evidence: refusal.Evidence | None = None  # what the doubt score reads (a single question with candidates)


def name_surfaces(text: str, spans: Sequence[TermSpan]) -> tuple[tuple[str, str], ...]:
    """The question's capitalised words past its first, as (term, surface key): Query.name_surfaces. A term the
    question also writes in lower case is no name there."""
    lower = {sp.term for sp in spans if text[sp.start:sp.start + 1].islower()}
    found: dict[str, str] = {}
    for sp in spans:
        if sp.start > 0 and text[sp.start:sp.start + 1].isupper() and sp.term not in lower:
            found.setdefault(sp.term, surface_key(text[sp.start:sp.end]))
    return tuple(found.items())


class Answerer:
    """Answers questions from a store through its BM25 retriever; see the module docstring."""

    def __init__(self, store: SentenceStore, retriever: SearchIndex, analyzer: Analyzer,
                 params: AnswerParams = DEFAULT, spelling: Spelling | None = None) -> None:
        self._p = params
        self.spelling = spelling  # the store's words (tells a misspelt stored name from an unknown one)
        self._store = store
        self._retriever = retriever
        self._analyzer = analyzer
        self._aliases = AliasTable(analyzer.terms)
        # A sentence's analysis, the aliases it defines and its duplicate fingerprint depend on
        # its text alone, and the same sentences come back question after question: each is
        # worked out once (lru_cache is safe across the bot's threads).
        # Plain tuples, not TermSpans: the garbage collector stops tracking them (see articles.Analysed).
        self._spans = functools.lru_cache(maxsize=TEXT_CACHE)(lambda text: tuple(analyzer.term_spans(text)))
        self._mined = functools.lru_cache(maxsize=TEXT_CACHE)(lambda text: tuple(mine_aliases(text)))
        self._articles = ArticleReader(store, analyzer.term_spans, analyzer.version)
        # analyzer.terms gives exactly the terms of term_spans (tested), without building spans
        self._copies = CopyFinder(analyzer, lambda text: frozenset(analyzer.terms(text)), params)

    def _term_spans(self, text: str) -> tuple[TermSpan, ...]:
        return tuple(TermSpan(*sp) for sp in self._analyzer.term_spans(text))

    # -- public ---------------------------------------------------------------------------
    def answer(self, question: str, k: int = 4, *, context: bool = False, explain: bool = False,
               conversation: talk.Conversation | None = None) -> AnswerSet:
        """The best answer and up to k-1 more, or a no-answer naming the words that found nothing.

        Every statistic and search of one question comes from one pinned index snapshot, even if
        another thread swaps a new batch in meanwhile. `conversation`: the previous turn, for a
        question asked in one (see conversation.py)."""
        if not isinstance(k, int) or isinstance(k, bool) or k < 1:
            raise ValueError(f"k must be a whole number of answers >= 1, got {k!r}")
        stats = Stats(self._retriever.pinned(), self._analyzer, self._p, self.spelling)
        reply = self._answer(stats, self._read(stats, question, conversation), k, context=context, explain=explain)
        # "no article mentions 'lead'" is untrue where they say "leader": such a word is not named as missing
        known = lambda t: stats.df(t) > 0  # noqa: E731
        named = tuple(w for w in reply.missing_terms if not held_as_doer(w, self._analyzer.terms, known))
        return reply if named == reply.missing_terms else dataclasses.replace(reply, missing_terms=named)

    def examine(self, question: str) -> Reading:
        """How a question is read and its candidates ranked, before any refusal (what bench/fit.py fits on):
        every feature's value, those weighted 0 included."""
        return self._read(Stats(self._retriever.pinned(), self._analyzer, self._p, self.spelling), question, every_value=True)

    def raw_text(self, source: str) -> str:
        """The stored raw text of an article (what citations point into)."""
        return self._store.raw_text(source)

    # -- the pipeline ---------------------------------------------------------------------
    def _answer(self, stats: Stats, r: Reading, k: int, *, context: bool, explain: bool) -> AnswerSet:
        reply = self._answer_body(stats, r, k, context=context, explain=explain)
        if r.query is None or not r.captions or (reply.outcome is Outcome.ANSWER and self._p.caption_over_answer is None):
            return reply
        caption = self._caption_answer(stats, r, reply.outcome is Outcome.ANSWER, context=context, explain=explain)
        if caption is None:
            return reply
        # The caption, then the body's closest sentences (which did not answer).
        return AnswerSet(question=r.text, no_answer=False, missing_terms=r.missing, answers=(caption, *reply.answers[:k - 1]))

    def _caption_answer(self, stats: Stats, r: Reading, over_answer: bool, *, context: bool, explain: bool) -> Answer | None:
        """The best caption as the answer when it holds a question concept the best body sentence lacks, holds
        more of the question (by `caption_over_answer` more when the body did answer), and passes every refusal
        rule a body sentence must pass; else None."""
        p, q = self._p, r.query
        assert q is not None
        ranked = self._rank_captions(stats, q, r)
        if not ranked:
            return None
        best = ranked[0]
        body = r.ranked[0] if r.ranked else None
        if body is not None:
            evidence = max(x.coverage for x in r.ranked[:p.evidence_pool])
            margin = (p.caption_over_answer or 0.0) if over_answer else 0.0
            if best.coverage <= evidence + margin or not any(c >= 1.0 > b for c, b in zip(best.matches, body.matches)):
                return None
        if refusal.too_weak(p, best.coverage, r.text, r.missing, r.unknown) or refusal.not_sure(p, best.coverage, r.text, r.missing):
            return None
        if refusal.lacks_shape(p, r.text, q.info.expects, best, q.info.asking_phrase, q.info.focus):
            return None
        if refusal.lacks_holder(p, r.text, q, best, self._spans, self._analyzer.terms):
            return None  # "Who is the port's director?" and a caption with the office and no name
        unknown_terms = {t for w in r.unknown for t in self._analyzer.terms(w)}
        if r.evidence is not None and refusal.doubtful(p, refusal.evidence(stats, q, ranked, best.coverage, p, unknown_terms)):
            return None
        if r.weighed and talk.unsupported(r.weighed, r.missing, best, q.info.expects, q.info.asking_phrase, p.followup):
            return None
        group = Group(best, self._copies.mark(best.candidate.sentence.text, best.candidate.terms_of()), [])
        return dataclasses.replace(self._render(group, q, context=context, explain=explain), caption=True)

    def _rank_captions(self, stats: Stats, q: Query, r: Reading) -> list[Ranked]:
        """The caption hits re-ranked among themselves, as sentences with no neighbours and no article evidence."""
        sentences = [h.sentence for h in r.captions]
        bm25, _ = first_stage.bm25_shares(stats.index, self._p, r.variants, [s.id for s in sentences], focus=r.focus)
        candidates = [Candidate(s, bm25.get(s.id, 0.0), spans_of(a))
                      for s, a in zip(sentences, self._articles.analyses(sentences))]
        return rerank(q, candidates, self._spans, bm25_range=(0.0, 1.0), p=self._p)

    def _answer_body(self, stats: Stats, r: Reading, k: int, *, context: bool, explain: bool) -> AnswerSet:
        p = self._p
        if r.query is None or not r.ranked:
            return AnswerSet(question=r.text, no_answer=True, missing_terms=r.missing)
        evidence = max(x.coverage for x in r.ranked[:p.evidence_pool])
        if refusal.too_weak(p, evidence, r.text, r.missing, r.unknown):
            return AnswerSet(question=r.text, no_answer=True, missing_terms=r.missing)
        # The best answer stands on the evidence above; a further one must hold at least some of
        # the question (a neighbour-lifted sentence may hold none), or it is filler.
        groups = [g for i, g in enumerate(self._copies.corroborate(self._store, stats.index.version, r.ranked, k))
                  if i == 0 or g.best.coverage > 0.0]
        groups = _title_or_body(groups)
        answers = tuple(self._render(g, r.query, context=context, explain=explain) for g in groups)
        unsupported = talk.unsupported(r.weighed, r.missing, r.ranked[0], r.query.info.expects,
                                       r.query.info.asking_phrase, p.followup) if r.weighed else ()
        if unsupported == (r.query.info.asking_phrase,):
            # nothing of its own but what it asks ("when did they talk"): the reply says the best match gives no date,
            # as the question asked alone would, never that it does not say "When"
            return AnswerSet(question=r.text, no_answer=True, missing_terms=r.missing, answers=answers,
                             outcome=Outcome.NOT_SURE, lacks=str(r.query.info.expects))
        if unsupported:
            return AnswerSet(question=r.text, no_answer=True, missing_terms=unsupported, answers=answers,
                             outcome=Outcome.NOT_SURE)
        if refusal.lacks_shape(p, r.text, r.query.info.expects, groups[0].best, r.query.info.asking_phrase,
                               r.query.info.focus):
            return AnswerSet(question=r.text, no_answer=True, missing_terms=r.missing, answers=answers,
                             outcome=Outcome.NOT_SURE,
                             lacks=refusal.lacked(r.query.info.expects, r.text, r.query.info.asking_phrase))
        if refusal.lacks_holder(p, r.text, r.query, groups[0].best, self._spans, self._analyzer.terms):
            return AnswerSet(question=r.text, no_answer=True, missing_terms=r.missing, answers=answers,
                             outcome=Outcome.NOT_SURE, lacks="name")
        best_source = r.ranked[0].candidate.sentence.source
        unstated = relations.unstated(self._analyzer, r.text, (
            t for x in r.ranked if x.candidate.sentence.source == best_source for t in x.candidate.terms_of()))
        if unstated:
            return AnswerSet(question=r.text, no_answer=True, missing_terms=tuple(dict.fromkeys((*r.missing, *unstated))),
                             answers=answers, outcome=Outcome.NOT_SURE)
        if refusal.live_request(r.text):
            # The clock or the forecast ("what time is it in tokyo", "is it gonna rain tmrw"): however well a sentence
            # matches "Tokyo" or "rain", no story tells what it is now; the closest sentences, labelled.
            return AnswerSet(question=r.text, no_answer=True, missing_terms=r.missing, answers=answers,
                             outcome=Outcome.NOT_SURE)
        doubt = refusal.doubtful(p, r.evidence)
        if doubt is Outcome.NOT_FOUND:
            return AnswerSet(question=r.text, no_answer=True, missing_terms=r.missing)
        if doubt is Outcome.NOT_SURE or refusal.not_sure(p, evidence, r.text, r.missing):
            # The closest sentences, and the question words no article uses or the best one does not hold.
            uncovered = tuple(c.label for c, m in zip(r.query.concepts, r.ranked[0].matches) if m < 1.0)
            negation = (refusal.unmatched_negation(r.text, r.ranked[0].candidate.sentence.text)
                        if r.evidence is not None and r.evidence.negation else None)
            words = tuple(dict.fromkeys((*r.missing, *uncovered, *((negation,) if negation else ()))))
            return AnswerSet(question=r.text, no_answer=True, missing_terms=words, answers=answers,
                             outcome=Outcome.NOT_SURE)
        return AnswerSet(question=r.text, no_answer=False, missing_terms=r.missing, answers=answers)

    def _read(self, stats: Stats, question: str, conversation: talk.Conversation | None = None, *,
              every_value: bool = False) -> Reading:
        index, p = stats.index, self._p
        text = clean_question(question)
        info = parse_question(text, self._analyzer.is_stop_word)
        spans = [sp for sp in self._term_spans(text) if text[sp.start:sp.end].lower() not in info.asking_words]
        ordered = [sp.term for sp in spans]
        terms = query.query_terms(stats, ordered)
        if not terms:
            return Reading(text, info.content_words)
        known = [t for t in terms if stats.df(t) > 0]
        focus = query.focus_terms(self._analyzer, info, terms)

        hits = first_stage.search(index, p, known, focus) if known else []
        aliases = self._aliases_for(hits)
        expansions = self._expand(stats, aliases, text, spans, ordered)
        missing = refusal.missing_words(stats, info, expansions)
        if not known and not any(stats.df_phrase(alt) for e in expansions for alt in e.alternatives):
            return Reading(text, missing)
        alias_terms = [t for e in expansions for alt in e.alternatives for t in alt]
        if alias_terms:
            extra = first_stage.search(index, p, query.query_terms(stats, known + alias_terms), focus)
            more = self._aliases_for(extra, aliases)
            if more is not aliases:
                aliases = more
                expansions = self._expand(stats, aliases, text, spans, ordered)
            hits = first_stage.union(hits, extra)
        if not hits:
            return Reading(text, missing)
        captions = tuple(h for h in hits if h.sentence.caption)
        if captions:
            hits = [h for h in hits if not h.sentence.caption]

        unknown = refusal.unknown_names(stats, text, missing)
        unknown_terms = {t for w in unknown for t in self._analyzer.terms(w)}
        concepts = query.concepts(stats, text, spans, terms, expansions, unknown_terms, focus)
        weighed = talk.weigh(concepts, conversation, self._analyzer, p.followup) if conversation else None
        q = Query(info=info, terms=tuple(terms), concepts=weighed.concepts if weighed else concepts,
                  subject=query.definition_subject(info),
                  common_terms=frozenset(sp.term for sp in spans if text[sp.start:sp.start + 1].islower()),
                  name_surfaces=name_surfaces(text, spans) if self._p.name_surface else ())
        variants = first_stage.query_variants(p, terms, ordered, expansions)
        ranked = tuple(self._rank(stats, q, hits, variants, focus, every_value, weighed, conversation)) if hits else ()
        # A follow-up's concepts are weighed against the first turn: the doubt score was fitted on single questions.
        found = (refusal.evidence(stats, q, ranked, max(x.coverage for x in ranked[:p.evidence_pool]), p, unknown_terms)
                 if ranked and weighed is None else None)
        return Reading(text, missing, unknown, q, ranked, weighed, captions, tuple(map(tuple, variants)), focus, found)

    def _rank(self, stats: Stats, q: Query, hits: Sequence[Hit], variants: Sequence[Sequence[str]],
              focus: frozenset[str], every_value: bool, weighed: talk.Weighed | None = None,
              conversation: talk.Conversation | None = None) -> list[Ranked]:
        """The candidates of the hits' best articles, re-ranked (in a conversation, with its subject)."""
        keep = conversation.previous_answer[0] if (
            conversation is not None and conversation.previous_answer and self._p.followup.previous_in_pool) else None
        pool = article_pool(self._articles, stats.index, hits, q, self._p, keep)
        ids = [v.rows[i][0] for v, i, _ in pool.sentences]
        bm25, _ = first_stage.bm25_shares(stats.index, self._p, variants, ids, focus=focus)
        # each concept's weight within its article is read by one feature only, weighted 0 when not fitting
        local = every_value or bool(self._p.weights.of("local_coverage"))
        ranked = rerank(q, pool_candidates(pool, bm25, q, self._p, local=local), self._spans, bm25_range=(0.0, 1.0),
                        p=self._p, every_value=every_value)
        if weighed is not None:
            ranked = talk.subject_in_article(ranked, {v.source: v.terms for v in pool.views}, weighed,
                                             self._p.weights.of("coverage"), self._p.followup, conversation,
                                             talk.sentences_before({v.source: v for v in pool.views},
                                                                   self._p.followup.antecedent_window))
        return headlines_yield(ranked, self._p)

    def _expand(self, stats: Stats, aliases: AliasTable, text: str, spans: Sequence[TermSpan],
                ordered: Sequence[str]) -> list[Expansion]:
        """The question's names with their aliases, then its quantities with their other written forms
        ("100k" -> "100,000"; aliases.quantity_expansions), on terms no alias took."""
        known = lambda t: stats.df(t) > 0  # noqa: E731
        # an alias counts only where the index holds it: a name no sentence writes finds nothing and takes a wording
        found = [held_only(e, known) for e in aliases.expand(ordered)]
        found += one_way_expansions(text, spans, self._analyzer.terms, known, found)
        found += demonym_expansions(text, spans, self._analyzer.terms, known, found)
        found += verb_form_expansions(text, spans, self._analyzer.terms, known, found)
        return found + quantity_expansions(text, spans, self._analyzer.terms, known, found,
                                           self._analyzer.is_stop_word)

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
        highlights = tuple((start, end) for term, start, end in g.best.candidate.spans if term in wanted)
        # Only the features that make up the score: `--explain` must add up (also_in is shown anyway).
        explanation: tuple[Feature, ...] = tuple(g.best.features) if explain else ()
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
            site=self._store.sites([s.source]).get(s.source),
        )
