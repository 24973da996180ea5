"""The one place that decides what an answer is.

question -> BM25 candidates (first stage, with aliases the candidates themselves define)
-> re-rank with features of the whole sentence (rerank.py) -> collapse copies of one sentence
across articles into one answer that lists every source carrying it -> refuse when the
evidence is too weak -> AnswerSet.
"""
from __future__ import annotations

import contextvars
import functools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from retrieval.answering.aliases import AliasTable, Expansion, mine_aliases
from retrieval.answering.question import QuestionInfo, clean_question, parse_question, words
from retrieval.answering.rerank import Candidate, Concept, Query, Ranked, rerank
from retrieval.index.analyzer import normalise
from retrieval.records import Answer, AnswerSet, Feature, Hit, Sentence, StoreVersion

# First stage: how many BM25 candidates the re-ranker sees (per query form).
FIRST_STAGE = 100
# A question longer than this many distinct terms keeps only its rarest ones (a pasted article
# must not turn into a thousand-term query).
MAX_QUERY_TERMS = 32
# No-answer rule, calibrated on the dev sets (seed_dev's questions and SQuAD's answerable ones):
# - no content word of the question is in the corpus: refuse;
# - the best sentence covers less than MIN_COVERAGE of the question's idf mass (a word absent from
#   the corpus weighs ABSENT_WEIGHT x the rarest word's idf): refuse;
# - the question names something the corpus never mentions (a capitalised word or a number, not
#   a near-spelling of a stored word) and the best sentence covers less than MIN_COVERAGE_NAMED:
#   refuse. SQuAD-style paraphrases leave many ordinary words unmatched and are still answerable;
#   an unknown name ("Messi", "2023") means the articles are about something else.
MIN_COVERAGE = 0.12
EVIDENCE_POOL = 10  # the evidence is the best coverage among this many leading sentences
MIN_COVERAGE_NAMED = 0.45
ABSENT_WEIGHT = 1.5
ABSENT_NAME_FACTOR = 2.0  # an unknown name weighs this much more than an unknown ordinary word
MAX_NAME_CHECKS = 4
# "In what country ...", "Which year ...": the noun after the wh-word names the answer's type, and
# the answer sentence holds an instance ("France") rather than the word itself. It keeps this
# share of its weight in the first stage, the BM25 feature and coverage (not dropped: "what
# countries" is sometimes answered by a sentence about "countries").
FOCUS_WEIGHT = 0.4
MAX_MISSING_TERMS = 50
TEXT_CACHE = 50_000  # sentences whose analysis is kept between questions (a few tens of MB at most)
COPY_CACHE = 5_000  # answers whose copies are kept, per store version
# The leading candidates whose neighbouring sentences join the re-ranking.
NEIGHBOUR_POOL = 15
# Near-duplicates: token-set Jaccard, or containment of the shorter in the longer.
DUPLICATE_JACCARD = 0.8
DUPLICATE_CONTAINMENT = 0.85
CONTAINMENT_MIN_TERMS = 8
# Wires repeat a quotation with their own attribution ("..., Kim said" / "..., he added"): two
# quotations of at least this many terms that are near-duplicates make the sentences one answer.
QUOTE_MIN_TERMS = 5
CORROBORATION_POOL = 100  # ranked sentences compared with the answers; copies further down come from COPY_SEARCH
COPY_SEARCH = 30  # sentences fetched by each answer's own rarest words, to find its copies
_QUOTATION = re.compile(r'["“”„«»]([^"“”„«»]{12,})["“”„«»]')

_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)


def normalise_text(text: str) -> str:
    """Case, white space, quotes, dashes and punctuation folded: the exact-duplicate key."""
    text = normalise(text).lower()
    return " ".join(_PUNCT.sub(" ", text).split())


@dataclass(frozen=True, slots=True)
class _Group:
    """One answer in the making: the best-ranked copy and the other sentences that say the same."""

    best: Ranked
    mark: _Fingerprint
    copies: list[Sentence]


@dataclass(frozen=True, slots=True)
class _Fingerprint:
    """What two sentences are compared by: exact text (folded), their terms, their longest quote."""

    key: str
    terms: frozenset[str]
    quote: frozenset[str]  # terms of the longest quotation in the sentence; empty when none


class Answerer:
    """Answers questions from a store through its BM25 retriever; see the module docstring."""

    def __init__(self, store, retriever, analyzer) -> None:
        self._store = store
        self._retriever = retriever
        self._analyzer = analyzer
        self._aliases = AliasTable(analyzer.terms)
        # A sentence's analysis, the aliases it defines and its duplicate fingerprint depend on
        # its text alone, and the same sentences come back question after question: each is
        # worked out once (lru_cache is safe across the bot's threads).
        self._spans = functools.lru_cache(maxsize=TEXT_CACHE)(lambda text: tuple(analyzer.term_spans(text)))
        self._mined = functools.lru_cache(maxsize=TEXT_CACHE)(lambda text: tuple(mine_aliases(text)))
        self._marks = functools.lru_cache(maxsize=TEXT_CACHE)(self._fingerprint)
        self._copies = functools.lru_cache(maxsize=COPY_CACHE)(self._find_copies)
        # The index snapshot one question is answered from: every statistic and search of that
        # question comes from it, even if another thread swaps a new batch in meanwhile.
        self._pinned: contextvars.ContextVar = contextvars.ContextVar("pinned_index", default=None)

    # -- public ---------------------------------------------------------------------------
    def answer(self, question: str, k: int = 4, *, context: bool = False, explain: bool = False) -> AnswerSet:
        """The best answer and up to k-1 more, or a no-answer naming the words that found nothing."""
        token = self._pinned.set(self._retriever.pinned())
        try:
            return self._answer_pinned(question, k, context=context, explain=explain)
        finally:
            self._pinned.reset(token)

    def _index(self):
        """The pinned snapshot of the question being answered (the live one outside `answer`)."""
        return self._pinned.get() or self._retriever

    def _answer_pinned(self, question: str, k: int, *, context: bool, explain: bool) -> AnswerSet:
        if not isinstance(k, int) or isinstance(k, bool) or k < 1:
            raise ValueError(f"k must be a whole number of answers >= 1, got {k!r}")
        text = clean_question(question)
        info = parse_question(text, self._analyzer.is_stop_word)
        spans = [sp for sp in self._analyzer.term_spans(text) if text[sp[1]:sp[2]].lower() not in info.asking_words]
        terms = self._query_terms([t for t, _, _ in spans])
        if not terms:
            return AnswerSet(question=text, no_answer=True, missing_terms=info.content_words)
        known = [t for t in terms if self._df(t) > 0]
        focus = self._focus_terms(info, terms)

        hits = self._search(known, focus) if known else []
        aliases = self._aliases_for(hits)
        expansions = aliases.expand([t for t, _, _ in spans])
        missing = self._missing_words(info, expansions)
        if not known and not any(self._df_phrase(alt) for e in expansions for alt in e.alternatives):
            return AnswerSet(question=text, no_answer=True, missing_terms=missing)
        alias_terms = [t for e in expansions for alt in e.alternatives for t in alt]
        if alias_terms:
            extra = self._search(self._query_terms(known + alias_terms), focus)
            more = self._aliases_for(extra, aliases)
            if more is not aliases:
                aliases = more
                expansions = aliases.expand([t for t, _, _ in spans])
            hits = _union(hits, extra)
        if not hits:
            return AnswerSet(question=text, no_answer=True, missing_terms=missing)

        unknown_names = self._unknown_names(text, missing)
        unknown_terms = {t for w in unknown_names for t in self._analyzer.terms(w)}
        query = Query(info=info, terms=tuple(terms), concepts=self._concepts(text, spans, terms, expansions, unknown_terms, focus),
                      subject=_definition_subject(info),
                      common_terms=frozenset(t for t, start, _ in spans if text[start:start + 1].islower()))
        variants = _query_variants(terms, [t for t, _, _ in spans], expansions)
        bm25, bm25_tops = self._bm25(variants, [h.sentence.id for h in hits], focus=focus)
        candidates = [
            Candidate(h.sentence, bm25[h.sentence.id], self._spans(h.sentence.text))
            for h in hits
        ]
        ranked = rerank(query, candidates, self._spans, bm25_range=(0.0, 1.0))
        ranked = self._with_neighbours(query, ranked, variants, bm25_tops, focus)
        evidence = max(r.coverage for r in ranked[:EVIDENCE_POOL]) if ranked else 0.0
        if not ranked or self._too_weak(evidence, text, missing, unknown_names):
            return AnswerSet(question=text, no_answer=True, missing_terms=missing)
        # The best answer stands on the evidence above; a further one must hold at least some of
        # the question (a neighbour-lifted sentence may hold none), or it is filler.
        groups = [g for i, g in enumerate(self._corroborate(ranked, k)) if i == 0 or g.best.coverage > 0.0]
        answers = tuple(self._answer(g, query, context=context, explain=explain) for g in groups)
        return AnswerSet(question=text, no_answer=False, missing_terms=missing, answers=answers)

    def raw_text(self, source: str) -> str:
        """The stored raw text of an article (what citations point into)."""
        return self._store.raw_text(source)

    # -- first stage ----------------------------------------------------------------------
    def _df(self, term: str) -> int:
        return self._index().document_frequency(term)

    def _df_phrase(self, terms: Sequence[str]) -> bool:
        return all(self._df(t) > 0 for t in terms)

    def _idf(self, term: str) -> float:
        """BM25's idf, and for a word absent from the corpus more than the rarest word's."""
        n = max(self._index().sentence_count, 1)
        df = self._df(term)
        rarest = math.log(1 + (n - 1 + 0.5) / (1 + 0.5))
        if df == 0:
            return ABSENT_WEIGHT * max(rarest, 1.0)
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def _query_terms(self, terms: Sequence[str]) -> list[str]:
        """Distinct terms in question order; the rarest MAX_QUERY_TERMS when there are too many."""
        unique = list(dict.fromkeys(terms))
        if len(unique) <= MAX_QUERY_TERMS:
            return unique
        keep = set(sorted(unique, key=lambda t: -self._idf(t))[:MAX_QUERY_TERMS])
        return [t for t in unique if t in keep]

    def _focus_terms(self, info: QuestionInfo, terms: Sequence[str]) -> frozenset[str]:
        """The analysed terms of the type noun ("country" of "In what country ...") when the
        question has other terms to look for."""
        if not info.focus:
            return frozenset()
        focus = frozenset(self._analyzer.terms(info.focus)) & set(terms)
        return focus if set(terms) - focus else frozenset()

    def _search(self, terms: Sequence[str], focus: frozenset[str] = frozenset()) -> list[Hit]:
        """BM25's best FIRST_STAGE sentences; the type noun counts half (every other term is
        given twice: the index sums repeated terms)."""
        if not terms:
            return []
        query = list(terms)
        if focus and any(t not in focus for t in terms):
            query = [t for t in terms for _ in range(1 if t in focus else 2)]
        return list(self._index().search_terms(query, FIRST_STAGE))

    def _aliases_for(self, hits: Sequence[Hit], base: AliasTable | None = None) -> AliasTable:
        """The built-in table plus the aliases the candidate sentences define (mined per question
        from candidates only, so the cost does not grow with the corpus)."""
        base = base or self._aliases
        pairs = [p for h in hits for p in self._mined(h.sentence.text)]
        if not pairs:
            return base
        table = base.copy()
        return table if table.add_pairs(pairs) else base

    def _unknown_names(self, text: str, missing: Sequence[str]) -> tuple[str, ...]:
        """The missing words that name something: capitalised (not the question's first word) or
        numbers of 3+ digits ("2023"; a stray "(2)" says little), not next to a capitalised word the
        articles do know ("Raymond Sullivan" when they say "Raymond Smullyan": a variant of a known
        name), and not one edit from a stored word (a misspelling)."""
        ws = words(text)
        absent = set(missing)
        found = []
        for i, w in enumerate(ws):
            if w not in absent or w in found:
                continue
            if not ((w[:1].isupper() and i > 0) or sum(ch.isdigit() for ch in w) >= 3):
                continue
            beside = [ws[j] for j in (i - 1, i + 1) if 0 < j < len(ws)]
            if any(b[:1].isupper() and b not in absent and self._known_word(b) for b in beside):
                continue
            found.append(w)
        # A few names decide; a pasted page of unknown names must not cost a thousand look-ups each.
        return tuple(w for w in found[:MAX_NAME_CHECKS] if not self._spelled_like_known(w))

    def _known_word(self, word: str) -> bool:
        ts = self._analyzer.terms(word)
        return bool(ts) and all(self._df(t) > 0 for t in ts)

    def _too_weak(self, coverage: float, text: str, missing: Sequence[str], unknown_names: Sequence[str]) -> bool:
        if coverage < MIN_COVERAGE:
            return True
        if coverage >= MIN_COVERAGE_NAMED:
            return _about_unknown_names(text, unknown_names)
        # "What is the population of X?": the attribute asked for is a word no article uses.
        attribute = _ATTRIBUTE_OF.match(text)
        if attribute and attribute.group(1) in missing:
            return True
        return bool(unknown_names)

    def _spelled_like_known(self, word: str) -> bool:
        """A word one edit away from a stored word ("Hatmanis" ~ "Hartmanis", "Herve" ~ "Hervé"):
        a misspelt name is not evidence that the articles are about something else."""
        low = word.lower()
        if len(low) < 5 or len(low) > 30 or any(ch.isdigit() for ch in low):
            return False
        letters = "abcdefghijklmnopqrstuvwxyzéèêëáàâäíìîïóòôöúùûüçñ-'"
        variants = {low[:i] + low[i + 1:] for i in range(len(low))}
        variants |= {low[:i] + low[i + 1] + low[i] + low[i + 2:] for i in range(len(low) - 1)}
        variants |= {low[:i] + c + low[i + 1:] for i in range(len(low)) for c in letters}
        variants |= {low[:i] + c + low[i:] for i in range(len(low) + 1) for c in letters}
        variants.discard(low)
        for v in variants:
            ts = self._analyzer.terms(v)
            if ts and all(self._df(t) > 0 for t in ts):
                return True
        return False

    def _missing_words(self, info: QuestionInfo, expansions: Sequence[Expansion]) -> tuple[str, ...]:
        """The question's content words (as typed) that match nothing in the corpus."""
        covered = {t for e in expansions if any(self._df_phrase(a) for a in e.alternatives) for t in e.phrase}
        missing = []
        for word in info.content_words:
            ts = self._analyzer.terms(word)
            if ts and all(self._df(t) == 0 and t not in covered for t in ts):
                missing.append(word)
                if len(missing) == MAX_MISSING_TERMS:  # a pasted page of text: name the first ones
                    break
        return tuple(missing)

    def _concepts(self, text: str, spans, terms: Sequence[str], expansions: Sequence[Expansion],
                  unknown_terms: set[str], focus: frozenset[str] = frozenset()) -> tuple[Concept, ...]:
        wanted = set(terms)
        concepts: list[Concept] = []
        used: set[str] = set()
        in_phrase: set[int] = set()
        for e in expansions:
            phrase_spans = spans[e.start:e.end]
            label = text[phrase_spans[0][1]:phrase_spans[-1][2]]
            concepts.append(Concept(label, (e.phrase, *e.alternatives), sum(self._idf(t) for t in e.phrase)))
            in_phrase.update(range(e.start, e.end))
            used.update(e.phrase)
        for run in _name_runs(text, spans, in_phrase):
            phrase = tuple(spans[i][0] for i in run)
            if len(set(phrase)) < len(phrase) or any(t in used or t not in wanted for t in phrase):
                continue
            parts = tuple(self._idf(t) * (ABSENT_NAME_FACTOR if t in unknown_terms else 1.0) for t in phrase)
            concepts.append(Concept(text[spans[run[0]][1]:spans[run[-1]][2]], (phrase,), sum(parts), parts))
            in_phrase.update(run)
            used.update(phrase)
        for i, (term, start, end) in enumerate(spans):
            if i in in_phrase or term in used or term not in wanted:
                continue
            used.add(term)
            weight = self._idf(term)
            if term in unknown_terms:
                weight *= ABSENT_NAME_FACTOR
            if term in focus:
                weight *= FOCUS_WEIGHT
            concepts.append(Concept(text[start:end], ((term,),), weight))
        return tuple(concepts)

    def _baseline(self, terms: Sequence[str]) -> float:
        """The score every sentence gets for `terms` whether it holds them or not: BM25Plus adds
        delta * idf per known query term (rank_bm25's definition); other variants add nothing."""
        params = getattr(self._index(), "params", None)
        if params is None or getattr(params, "variant", None) != "plus":
            return 0.0
        return sum(float(params.delta) * self._index().idf(t) for t in terms)

    def _bm25(self, variants: Sequence[Sequence[str]], ids: Sequence[int],
              tops: list[float] | None = None, focus: frozenset[str] = frozenset()) -> tuple[dict[int, float], list[float]]:
        """Each sentence's BM25 score over the matching part (baseline removed), as a share of the
        best candidate's, per wording of the question (as asked, and with each name replaced by an
        alias), best wording kept: a sentence that says "KMA" is scored like one that spells the
        name out. `tops`: the best matching score per wording (default: the best among `ids`)."""
        best = dict.fromkeys(ids, 0.0)
        used = []
        for n, terms in enumerate(variants):
            plain = [t for t in terms if t not in focus]
            typed = [t for t in terms if t in focus] if plain else []
            if typed:
                plain_raw = self._index().scores_for(plain, list(ids))
                typed_raw = self._index().scores_for(typed, list(ids))
                base = self._baseline(plain) + FOCUS_WEIGHT * self._baseline(typed)
                values = [max(0.0, plain_raw[i] + FOCUS_WEIGHT * typed_raw[i] - base)
                          for i, sid in enumerate(ids)]
            else:
                raw = self._index().scores_for(list(terms), list(ids))
                base = self._baseline(terms)
                values = [max(0.0, raw[i] - base) for i, sid in enumerate(ids)]
            top = tops[n] if tops is not None else max(values, default=0.0)
            used.append(top)
            trust = 1.0 if n == 0 else ALIAS_TRUST
            for sid, v in zip(ids, values):
                best[sid] = max(best[sid], trust * min(1.0, v / top) if top > 0 else 0.0)
        return best, used

    def _with_neighbours(self, query: Query, ranked: list[Ranked], variants: Sequence[Sequence[str]],
                         bm25_tops: list[float], focus: frozenset[str] = frozenset()) -> list[Ranked]:
        """Re-rank the leading candidates together with the sentences around them: the answer
        is often the sentence after the one that repeats the question's words."""
        head, tail = ranked[:NEIGHBOUR_POOL], ranked[NEIGHBOUR_POOL:]
        if not head:
            return ranked
        by_id: dict[int, Candidate] = {r.candidate.sentence.id: r.candidate for r in ranked}
        around: dict[int, list[Sentence]] = {}
        pool: list[Sentence] = []
        for r in head:
            ctx = self._store.context(r.candidate.sentence.id, 1)
            around[r.candidate.sentence.id] = [*ctx.before, *ctx.after]
            pool.append(r.candidate.sentence)
            pool.extend(s for s in (*ctx.before, *ctx.after) if s.id not in by_id)
        pool = list({s.id: s for s in pool}.values())
        new_ids = [s.id for s in pool if s.id not in by_id]
        new_bm25 = self._bm25(variants, new_ids, bm25_tops, focus)[0] if new_ids else {}
        spans_of = {sid: c.spans for sid, c in by_id.items()}
        cands = []
        for s in pool:
            spans = spans_of.get(s.id) or self._spans(s.text)
            spans_of[s.id] = spans
            if s.id not in around:
                ctx = self._store.context(s.id, 1)
                around[s.id] = [*ctx.before, *ctx.after]
            bm25 = by_id[s.id].bm25 if s.id in by_id else new_bm25.get(s.id, 0.0)
            cands.append((s, bm25, spans))
        titles = {}
        result = []
        for s, bm25, spans in cands:
            neighbour_terms: set[str] = set()
            for n in around[s.id]:
                if n.id not in spans_of:
                    spans_of[n.id] = self._spans(n.text)
                neighbour_terms.update(t for t, _, _ in spans_of[n.id])
            headline = False
            if s.position == 0:
                if s.source not in titles:
                    titles[s.source] = self._store.context(s.id, 0).title
                headline = normalise_text(titles[s.source]) == normalise_text(s.text)
            result.append(Candidate(s, bm25, spans, frozenset(neighbour_terms), headline))
        reranked = rerank(query, result, self._spans, bm25_range=(0.0, 1.0))
        return reranked + tail

    # -- corroboration --------------------------------------------------------------------
    def _fingerprint(self, text: str) -> _Fingerprint:
        terms = frozenset(t for t, _, _ in self._spans(text))
        quotes = [frozenset(self._analyzer.terms(m.group(1))) for m in _QUOTATION.finditer(text)]
        quote = max(quotes, key=len, default=frozenset())
        return _Fingerprint(normalise_text(text), terms, quote if len(quote) >= QUOTE_MIN_TERMS else frozenset())

    def _corroborate(self, ranked: Sequence[Ranked], k: int) -> list[_Group]:
        """The first k distinct answers, each with the other sentences that say the same: the
        same text, nearly the same words, or the same quotation with another attribution."""
        groups: list[_Group] = []
        for r in ranked[:CORROBORATION_POOL]:
            mark = self._marks(r.candidate.sentence.text)
            group = next((g for g in groups if _same(g.mark, mark)), None)
            if group is not None:
                group.copies.append(r.candidate.sentence)
            elif len(groups) < k:
                groups.append(_Group(r, mark, []))
        # Copies the first stage did not bring: look for each answer's own (or its quote's) words.
        version = self._index().version
        for g in groups:
            seen = {g.best.candidate.sentence.id, *(s.id for s in g.copies)}
            for copy in self._copies(g.best.candidate.sentence.text, version):
                if copy.id not in seen:
                    g.copies.append(copy)
                    seen.add(copy.id)
        return groups

    def _find_copies(self, text: str, version: StoreVersion) -> tuple[Sentence, ...]:
        """The sentences found by `text`'s rarest words (or its quotation's) that say the same;
        cached per store version (the answer to a popular question is corroborated once)."""
        mark = self._marks(text)
        rare = sorted(mark.quote or mark.terms, key=lambda t: (-self._idf(t), t))[:12]
        return tuple(h.sentence for h in self._index().search_terms(rare, COPY_SEARCH)
                     if _same(mark, self._marks(h.sentence.text)))

    # -- rendering ------------------------------------------------------------------------
    def _answer(self, g: _Group, query: Query, *, context: bool, explain: bool) -> Answer:
        s = g.best.candidate.sentence
        around = self._store.context(s.id, 1 if context else 0)
        also_in = tuple(dict.fromkeys(c.source for c in g.copies if c.source != s.source))
        wanted = set(query.terms) | {t for c in query.concepts for alt in c.alternatives for t in alt}
        highlights = tuple((start, end) for term, start, end in g.best.candidate.spans if term in wanted)
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
            site=self._store.sites([s.source]).get(s.source),
        )


def _near(a: frozenset[str], b: frozenset[str], min_terms: int) -> bool:
    """Token-set Jaccard >= DUPLICATE_JACCARD, or the smaller set (of at least `min_terms`)
    nearly contained in the larger."""
    if not a or not b:
        return False
    common = len(a & b)
    if common / len(a | b) >= DUPLICATE_JACCARD:
        return True
    smaller = min(len(a), len(b))
    return smaller >= min_terms and common / smaller >= DUPLICATE_CONTAINMENT


def _same(a: _Fingerprint, b: _Fingerprint) -> bool:
    if a.key == b.key:
        return True
    if _near(a.terms, b.terms, CONTAINMENT_MIN_TERMS):
        return True
    return bool(a.quote and b.quote) and _near(a.quote, b.quote, QUOTE_MIN_TERMS)


def _union(first: Sequence[Hit], second: Sequence[Hit]) -> list[Hit]:
    seen = {h.sentence.id for h in first}
    return [*first, *(h for h in second if h.sentence.id not in seen)]


ALIAS_TRUST = 0.9  # a match through an alias counts a little less than the words as asked
MAX_VARIANTS = 8  # wordings of one question scored by BM25 (as asked + alias substitutions)


def _query_variants(terms: Sequence[str], ordered: Sequence[str], expansions: Sequence[Expansion]) -> list[list[str]]:
    """The question's terms as asked, then with one name at a time replaced by each alias."""
    variants = [list(terms)]
    for e in expansions:
        for alt in e.alternatives:
            if len(variants) >= MAX_VARIANTS:
                return variants
            swapped = [*ordered[:e.start], *alt, *ordered[e.end:]]
            variants.append(list(dict.fromkeys(t for t in swapped if t in terms or t in alt)))
    return variants


_ATTRIBUTE_OF = re.compile(
    r"^(?:what|who|which|how \w+)\s+(?:is|was|are|were|will be)\s+(?:the|a|an)\s+(\w+)(?:\s+\w+)?\s+(?:of|for|in)\s",
    re.IGNORECASE,
)
_DEFINITION = re.compile(r"^(?:who|what)\s+(?:is|are|was|were)\s+(?!the\b|a\b|an\b)(.+?)\s*\??$", re.IGNORECASE)


_ROLE_OF = re.compile(
    r"^(?:what|which)\s+(?:is|was|are|were)\s+(.+?)['’]s?\s+(?:position|role|job|title|post|occupation|profession|"
    r"function|office|rank)\s*\??$|^what\s+(?:does|did)\s+(.+?)\s+do(?:\s+for a living)?\s*\??$",
    re.IGNORECASE,
)


def _definition_subject(info: QuestionInfo) -> str | None:
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


def _about_unknown_names(text: str, unknown_names: Sequence[str]) -> bool:
    """However well the rest matches, a question about someone or something no article names
    ("Russia's envoy", "Foreign Minister Wang Yi") is not answered by a sentence about another.
    Decisive when an unknown name is possessive, or when two unknown names stand together."""
    if len(unknown_names) >= 2:
        return True
    return any(name.endswith(("'s", "’s")) or re.search(rf"\b{re.escape(name)}['’]s\b", text)
               for name in unknown_names)


def _name_runs(text: str, spans, skip: set[int]) -> list[list[int]]:
    """Positions of the question's names of two or more words: runs of terms whose words are
    capitalised and stand next to each other (a space or hyphen between), first word excluded."""
    runs: list[list[int]] = []
    current: list[int] = []
    for i, (_term, start, _end) in enumerate(spans):
        capital = start > 0 and text[start:start + 1].isupper() and i not in skip
        if capital and current and text[spans[current[-1]][2]:start] in (" ", "-", ""):
            current.append(i)
            continue
        if len(current) >= 2:
            runs.append(current)
        current = [i] if capital else []
    if len(current) >= 2:
        runs.append(current)
    return runs
