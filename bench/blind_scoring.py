"""Scoring for `python -m bench.blind`: one table row from the items, their replies and the store's sentences.

Pure functions over records (no store, no files), so a test can feed hand-made replies. The convention is the one
of `../shared/eval/README.md`, as `retrieval.evaluate` applies it: fold case, white space, curly quotes and dashes,
then an answer is right when one gold string is a substring of the returned sentence; top-1, top-5 and MRR look at
the returned answers whatever the outcome (the runner checks these numbers against `evaluate`'s own). What this
adds to `evaluate`: refusals split by outcome (`not_found` vs `not_sure`), a plain-BM25 reference top-1, subsets,
and a per-question diagnosis of each failure.
"""
from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import rank_bm25
import Stemmer

from retrieval import Answer, AnswerSet, Outcome, Sentence
from retrieval.evaluation.scoring import citation_ok as _citation_ok
from retrieval.evaluation.scoring import is_right, normalise

TOP_K = 5  # answers looked at for top-5 and MRR (what `evaluate` asks for)


def citation_ok(answer: Answer, raw: str | None) -> bool:
    """The evaluation's own citation check; a source the store no longer holds fails it."""
    return raw is not None and _citation_ok(answer, raw)


@dataclass(frozen=True, slots=True)
class BlindItem:
    """One question of a blind set, with the fields `load_questions` leaves out."""

    id: str
    question: str
    answers: tuple[str, ...]
    no_answer: bool = False
    source: str | None = None  # the article the question was written from (zip entry path or file name)
    style: str | None = None  # how it is typed: "chat" (scraped set); "lower", "typo", "clean" (chat set)
    kind: str | None = None  # why a question has no answer: "unanswerable", "unknown_subject", "off_topic"


@dataclass(frozen=True, slots=True)
class GoldPlaces:
    """Where an answerable item's gold spans occur among the store's sentences: tells bad gold from bad ranking."""

    sentences: int  # stored sentences holding a gold span, in any article
    in_source: int  # of those, sentences of the item's own source


@dataclass(frozen=True, slots=True)
class ItemResult:
    """One question scored."""

    item: BlindItem
    outcome: Outcome
    rank: int | None  # 1-based rank of the first right answer within the top TOP_K; None: none right
    top: Answer | None
    citation_failures: int
    reference_right: bool | None  # plain BM25's top-1 is right (answerable items, when the reference ran)
    reference_top: Sentence | None = None
    gold: GoldPlaces | None = None  # filled for answerable items not right at 1

    @property
    def failed(self) -> bool:
        if self.item.no_answer:
            return self.outcome != Outcome.NOT_FOUND
        return self.rank != 1

    def kind(self) -> str:
        """The failure's class, for counting: tells bad gold (or lost text) from bad ranking from bad refusing."""
        if not self.failed:
            return "ok"
        if self.item.no_answer:
            return "unanswerable: said not sure" if self.outcome == Outcome.NOT_SURE else "unanswerable: answered"
        if self.gold is not None and self.gold.sentences == 0:
            return "gold in no stored sentence"
        if self.gold is not None and self.gold.in_source == 0 and self.item.source is not None:
            return "gold only in other articles"
        if self.outcome == Outcome.NOT_FOUND:
            return "answerable: refused"
        if self.reference_right:
            return "ranking: plain BM25 right at 1"
        return "ranking: plain BM25 wrong too" if self.reference_right is False else "ranking"

    def diagnosis(self) -> str:
        """A short reading of why an item failed, for the --verbose listing."""
        if not self.failed:
            return "ok"
        if self.item.no_answer:
            if self.outcome == Outcome.NOT_SURE:
                return "unanswerable: said not sure (closest sentences shown)"
            return "unanswerable but answered: read the answer; the collection may say it after all"
        if self.outcome == Outcome.NOT_FOUND:
            head = "refused"
        elif self.rank is None:
            head = "not in top 5"
        else:
            head = f"right at rank {self.rank}"
        if self.top is not None and self.item.source is not None:
            head += "; top-1 from its own article" if self.top.source == self.item.source else "; top-1 from another article"
        if self.gold is None:
            return head
        if self.gold.sentences == 0:
            return f"{head}; gold is in no stored sentence (bad gold, or split/cleaned away at ingest)"
        if self.gold.in_source == 0 and self.item.source is not None:
            return f"{head}; gold only in other articles ({self.gold.sentences} sentences), not its source"
        ref = "" if self.reference_right is None else ("; plain BM25 gets it" if self.reference_right else "; plain BM25 misses it too")
        return f"{head}; gold in {self.gold.sentences} stored sentence(s){ref}"


def failure_counts(results: Sequence[ItemResult]) -> dict[str, int]:
    """How many failures of each kind, most common first."""
    counts: dict[str, int] = {}
    for r in results:
        if r.failed:
            counts[r.kind()] = counts.get(r.kind(), 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


@dataclass(frozen=True, slots=True)
class SetRow:
    """One line of the table."""

    name: str
    questions: int
    answerable: int
    unanswerable: int
    top1: float
    top5: float
    mrr: float
    reference_top1: float | None  # plain BM25 top-1 on the same sentences; None when not run
    refused: int  # unanswerable items answered "not found"
    unsure_unanswerable: int  # unanswerable items answered "not sure"
    wrongly_refused: int  # answerable items answered "not found"
    unsure_answerable: int  # answerable items answered "not sure"
    citation_failures: int  # returned answers whose text is not at [start:end] of the cited source

    def to_json(self) -> dict:
        return {
            "set": self.name, "questions": self.questions, "answerable": self.answerable,
            "unanswerable": self.unanswerable, "top1": self.top1, "top5": self.top5, "mrr": self.mrr,
            "reference_bm25_top1": self.reference_top1, "unanswerable_refused": self.refused,
            "unanswerable_not_sure": self.unsure_unanswerable, "answerable_wrongly_refused": self.wrongly_refused,
            "answerable_not_sure": self.unsure_answerable, "citation_failures": self.citation_failures,
        }


def outcome_of(reply: AnswerSet) -> Outcome:
    # AnswerSet derives `outcome` from `no_answer` when the answerer leaves it unset.
    if reply.outcome is not None:
        return reply.outcome
    return Outcome.NOT_FOUND if reply.no_answer else Outcome.ANSWER


def score_item(
    item: BlindItem,
    reply: AnswerSet,
    raw_text: Callable[[str], str | None],
    *,
    reference_top: Sentence | None = None,
    gold_finder: Callable[[BlindItem], GoldPlaces] | None = None,
) -> ItemResult:
    """Score one reply. `raw_text(source)` is the cited article's text (None when the store has no such source)."""
    failures = sum(not citation_ok(a, raw_text(a.source)) for a in reply.answers)
    rank = None
    reference_right = None
    if not item.no_answer:
        rank = next((i for i, a in enumerate(reply.answers[:TOP_K], 1) if is_right(item.answers, a.text)), None)
        if reference_top is not None:
            reference_right = is_right(item.answers, reference_top.text)
    result = ItemResult(item, outcome_of(reply), rank, reply.answers[0] if reply.answers else None, failures,
                        reference_right, reference_top)
    if result.failed and not item.no_answer and gold_finder is not None:
        result = ItemResult(result.item, result.outcome, rank, result.top, failures, reference_right,
                            reference_top, gold_finder(item))
    return result


def summarise(name: str, results: Sequence[ItemResult], *, reference: bool) -> SetRow:
    """The table row of these scored items. `reference`: whether the plain-BM25 column was computed."""
    answerable = [r for r in results if not r.item.no_answer]
    unanswerable = [r for r in results if r.item.no_answer]
    n = len(answerable) or 1
    return SetRow(
        name=name,
        questions=len(results),
        answerable=len(answerable),
        unanswerable=len(unanswerable),
        top1=sum(r.rank == 1 for r in answerable) / n,
        top5=sum(r.rank is not None for r in answerable) / n,
        mrr=sum(1 / r.rank for r in answerable if r.rank is not None) / n,
        reference_top1=sum(bool(r.reference_right) for r in answerable) / n if reference else None,
        refused=sum(r.outcome == Outcome.NOT_FOUND for r in unanswerable),
        unsure_unanswerable=sum(r.outcome == Outcome.NOT_SURE for r in unanswerable),
        wrongly_refused=sum(r.outcome == Outcome.NOT_FOUND for r in answerable),
        unsure_answerable=sum(r.outcome == Outcome.NOT_SURE for r in answerable),
        citation_failures=sum(r.citation_failures for r in results),
    )


class GoldFinder:
    """Which stored sentences hold an item's gold spans.

    The folded sentences are joined into one text (a newline between them: folded text has none), so each gold
    span is one `str.find` loop over the whole store rather than a Python loop over its sentences."""

    def __init__(self, sentences: Sequence[Sentence]) -> None:
        self._sources = [s.source for s in sentences]
        folded = [normalise(s.text) for s in sentences]
        self._starts = list(itertools.accumulate((len(t) + 1 for t in folded[:-1]), initial=0))
        self._text = "\n".join(folded)

    def __call__(self, item: BlindItem) -> GoldPlaces:
        found: set[int] = set()
        for gold in {g for g in (normalise(a) for a in item.answers) if g}:
            at = self._text.find(gold)
            while at != -1:
                found.add(bisect.bisect_right(self._starts, at) - 1)
                at = self._text.find(gold, at + 1)
        return GoldPlaces(len(found), sum(self._sources[i] == item.source for i in found))


REFERENCE_TOKENS = "lower-case \\w+ words, Snowball-stemmed (PyStemmer english), no stop list"
_WORD = re.compile(r"\w+")


class ReferenceBM25:
    """Plain `rank_bm25.BM25Okapi` (default k1 1.5, b 0.75) over the same sentences: what BM25 alone picks first."""

    def __init__(self, sentences: Sequence[Sentence]) -> None:
        if not sentences:
            raise ValueError("the reference BM25 needs at least one sentence; the store is empty")
        self._stemmer = Stemmer.Stemmer("english")
        self._sentences = list(sentences)
        self._bm25 = rank_bm25.BM25Okapi([self.tokens(s.text) for s in self._sentences])

    def tokens(self, text: str) -> list[str]:
        return self._stemmer.stemWords(_WORD.findall(normalise(text)))

    def top(self, question: str) -> Sentence:
        scores = self._bm25.get_scores(self.tokens(question))
        return self._sentences[int(scores.argmax())]
