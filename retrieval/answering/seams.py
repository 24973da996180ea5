"""What answering needs from the rest of the system, as types: the store, the index, term spans.

The answerer is given a store and a retriever; these Protocols say exactly which of their methods it
calls, so a test (or another index) can stand in without `hasattr` checks.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple, Protocol

from retrieval.corpus.store import ArticleRow, SpanRow
from retrieval.index.bm25 import BM25Params
from retrieval.records import Context, Hit, Sentence, StoreVersion


class TermSpan(NamedTuple):
    """One analysed term of a text and the `[start, end)` span of the word it came from."""

    term: str
    start: int
    end: int


TermSpans = Callable[[str], Sequence[tuple[str, int, int]]]  # a TermSpan or a plain (term, start, end)


class SentenceScores(Protocol):
    """Fixed sentences' exact BM25 scores for any list of terms (IndexView.term_scores)."""

    def scores(self, terms: Sequence[str]) -> list[float]: ...


class IndexView(Protocol):
    """One snapshot of the BM25 index: every statistic and search of one question comes from it."""

    @property
    def version(self) -> StoreVersion: ...

    @property
    def sentence_count(self) -> int: ...

    @property
    def params(self) -> BM25Params: ...

    def search_terms(self, terms: Sequence[str], k: int) -> list[Hit]: ...

    def scores_for(self, terms: Sequence[str], sentence_ids: Sequence[int]) -> list[float]: ...

    def term_scores(self, sentence_ids: Sequence[int]) -> SentenceScores: ...

    def holding(self, terms: Sequence[str], sentence_ids: Sequence[int]) -> dict[str, list[bool]]: ...

    def document_frequency(self, term: str) -> int: ...

    def idf(self, term: str) -> float: ...


class Spelling(Protocol):
    """The store's words as the question reader knows them (answering/spelling.py's QuestionReader)."""

    def misspells_stored(self, word: str, *, as_name: bool, beside: Sequence[str] = ()) -> bool: ...


class SearchIndex(Protocol):
    """The live index: hands out a pinned snapshot per question."""

    def pinned(self) -> IndexView: ...


class SentenceStore(Protocol):
    """The store as answering reads it: sentences around a sentence, an article's raw text."""

    def context(self, sentence_id: int, width: int = 1) -> Context: ...

    def raw_text(self, source: str) -> str: ...

    def article_sentences(self, source: str) -> list[Sentence]: ...

    def article_spans(self, source: str, analyzer_version: str) -> tuple[str, list[tuple[Sentence, SpanRow | None]]]: ...

    def article_rows(self, source: str, analyzer_version: str) -> tuple[str, list[ArticleRow]]: ...

    def term_spans(self, sentence_ids: Sequence[int], analyzer_version: str) -> dict[int, SpanRow]: ...

    def copies(self, keys: Sequence[str], limit: int = 200) -> list[Sentence]: ...

    def copy_rows(self, keys: Sequence[str], limit: int = 200) -> list[tuple[int, str, int, int, int, str]]: ...

    def sites(self, sources: Sequence[str]) -> dict[str, str | None]: ...
