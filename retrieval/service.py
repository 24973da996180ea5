"""The one object every front end calls: open a store, ask, ingest, list, give context.

`bot/` uses only this facade and the records; everything behind it may change.
"""
from __future__ import annotations

import dataclasses
import gc
import re
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from retrieval.answering.answerer import Answerer
from retrieval.answering.conversation import Conversation
from retrieval.answering.followup import Followup, FollowupReader
from retrieval.answering.spelling import QuestionReader
from retrieval.corpus.ingest import Progress, fill_term_spans, ingest_batch
from retrieval.corpus.store import Store
from retrieval.errors import QuestionError, StoreError
from retrieval.index.analyzer import Analyzer
from retrieval.index.compiled import FIRST_STAGE
from retrieval.index.files import remove_old_generations
from retrieval.index.lexicon import Lexicon
from retrieval.index.retriever import PreparedBatch, Retriever
from retrieval.records import (
    AnalyzerOptions,
    AnswerSet,
    ArticleInfo,
    Context,
    CorpusStats,
    Hit,
    IngestLimits,
    IngestReport,
    Outcome,
    Turn,
)


class QAService:
    """Questions in, cited answers out, over one SQLite store and its BM25 index."""

    # The one cap on a question's length, for every front end (Telegram cuts its messages to it).
    # Real questions are under 300 characters; unchecked, a 1 MB one took 22-29 s to answer.
    MAX_QUESTION_CHARS = 2000

    def __init__(self, store: Store, retriever: Retriever, answerer: Answerer, limits: IngestLimits,
                 lexicon: Lexicon | None = None) -> None:
        self._store = store
        self._retriever = retriever
        self._answerer = answerer
        self._limits = limits
        # The store's surface words: chat-typed questions are read against them (spelling.py).
        self._lexicon = lexicon if lexicon is not None else Lexicon.open(store)
        self._reader = QuestionReader(self._lexicon, _indexed(retriever), retriever.analyzer.is_stop_word,
                                      together=together(retriever))
        if answerer.spelling is None:  # the answerer asks the reader whether an unknown name is a misspelt stored one
            answerer.spelling = self._reader
        self._followups = FollowupReader(self._lexicon, retriever.analyzer.is_stop_word, terms=retriever.analyzer.terms,
                                         article=self._article_text, indexed=_indexed(retriever))
        # Ingest and refresh mutate the index; questions only read a snapshot, so they need no lock.
        self._write_lock = threading.Lock()
        self._settled = False  # whether what the process holds at start was set aside from the collector

    @classmethod
    def open(
        cls,
        store_path: Path,
        *,
        create: bool = False,
        seeds_dir: Path | None = None,
        limits: IngestLimits = IngestLimits(),
        analyzer: AnalyzerOptions = AnalyzerOptions(),
    ) -> QAService:
        """Open the store at `store_path`.

        A missing store is created when `create` is true. A store that has never taken a batch
        is filled from `seeds_dir` when one is given (the default store: also when a first run
        was stopped mid-seeding), and left empty otherwise (a store named explicitly starts
        empty). A missing store with `create` false raises StoreError.
        """
        if not store_path.exists() and not create:
            raise StoreError(
                f"no store at {store_path}; create it with `qabot --store {store_path} ingest PATH...`"
            )
        store = Store.open(store_path, create=create)
        try:
            fill_term_spans(store, analyzer)  # a store from before term spans were kept: analysed once
            the_analyzer = Analyzer(analyzer)
            retriever = Retriever.open(store, the_analyzer)
            service = cls(store, retriever, Answerer(store, retriever, the_analyzer), limits)
            if seeds_dir is not None and store.version().batch == 0:
                service.ingest([seeds_dir])
        except BaseException:
            store.close()
            raise
        return service

    # -- questions -------------------------------------------------------------------------
    def ask(self, question: str, k: int = 4, *, context: bool = False, explain: bool = False,
            previous: Turn | None = None) -> AnswerSet:
        """The best answer and up to k-1 more, or a no-answer naming the terms that found nothing.

        `previous` is the conversation's last turn: a follow-up ("What did he say?") is read with its subject
        and the reply's `reading` says how. The reply's `question` is the question as read (case restored,
        typos corrected: each listed in `corrections`)."""
        self._check_length(question)
        self._retriever.refresh()  # picks up batches another process committed
        if self._lexicon.version != self._retriever.version:
            self._lexicon.catch_up()
        read = self._reader.read(question)
        followup = self._followups.read(read.text, previous)
        # Only a question read as leaning on the previous one is ranked against it: a new subject inherits nothing.
        conversation = None if previous is None or followup.reading is None else Conversation.after(previous, followup.carried)
        reply = self._answerer.answer(followup.text, k=k, context=context, explain=explain, conversation=conversation)
        if conversation is not None and self._followups.params.unmet_alone and self._unmet(reply, followup.carried):
            # "he = Sung Kim" over an answer whose article never names Sung Kim: the reading was wrong, or the articles
            # answer it about someone else. The question as typed is what the reply stands for (no "Read as").
            # (With `unmet_alone_claimed`, only when the question alone claims an answer: a reply the question alone
            # is not sure of, or refuses, is no better than the reading's.)
            alone = self._answerer.answer(read.text, k=k, context=context, explain=explain)
            if not self._followups.params.unmet_alone_claimed or alone.outcome is Outcome.ANSWER:
                followup = Followup(read.text)
                reply = alone
        self._settle()
        missing = tuple(read.as_typed(word) for word in reply.missing_terms)
        if not read.corrections and followup.reading is None and missing == reply.missing_terms:
            return reply
        return dataclasses.replace(reply, corrections=read.corrections, reading=followup.reading, missing_terms=missing)

    def _unmet(self, reply: AnswerSet, carried: Sequence[str]) -> bool:
        """The best answer's article names none of a name the follow-up reading put in ("Sung Kim" of "he = Sung
        Kim": none of its capitalised words). A reading of words, not names ("the professor"), is never unmet."""
        if reply.outcome is not Outcome.ANSWER or not reply.answers:
            return False
        names = [parts for meant in carried if (parts := _name_parts(meant))]
        if not names:
            return False
        text = self._article_text(reply.answers[0].source)
        return any(not any(re.search(rf"(?<![\w-]){re.escape(p)}(?![\w-])", text, re.IGNORECASE) for p in parts)
                   for parts in names)

    def _article_text(self, source: str) -> str:
        """An article's stored sentences as one text (the follow-up reader judges names by it)."""
        return "\n".join(s.text for s in self._store.article_sentences(source))

    def _settle(self) -> None:
        """Once the compiled first stage has loaded (or will not), move everything alive to the collector's
        permanent generation (gc.freeze): modules, numba's and LLVM's ~80,000 objects, the index. They live
        as long as the process, and every full collection walked them again (~45 ms each at 1M sentences,
        the slowest questions of the bench); collections now walk only what questions leave behind. One full
        collection first, once, so no garbage (the index build's, say) is kept for ever."""
        if self._settled or (not FIRST_STAGE.ready and FIRST_STAGE.failed is None):
            return
        self._settled = True
        # Every article's source, read once here rather than a few per question (and frozen with the rest).
        self._store.keep_sources()
        gc.collect()
        gc.freeze()

    def search(self, query: str, k: int = 10) -> list[Hit]:
        """The first stage alone: the k sentences with the highest BM25 scores, best first."""
        self._check_length(query)
        self._retriever.refresh()
        return self._retriever.search(query, k)

    def _check_length(self, question: str) -> None:
        if len(question) > self.MAX_QUESTION_CHARS:
            raise QuestionError(f"question too long: {len(question)} characters (the limit is {self.MAX_QUESTION_CHARS}); "
                                "ask about one thing, in a sentence or two")

    def context(self, sentence_id: int, width: int = 1) -> Context:
        """The `width` sentences before and after a stored sentence, from its own article."""
        return self._store.context(sentence_id, width)

    # -- corpus ----------------------------------------------------------------------------
    def ingest(self, paths: Sequence[Path], *, replace: bool = False, progress: Progress | None = None) -> IngestReport:
        """Add one batch (all accepted files in one transaction) and make it answerable at once."""
        with self._write_lock:
            # Old index copies must not take the room the batch needs (a full disk is one line, then fixed by freeing space).
            if self._retriever.directory is not None:
                remove_old_generations(self._retriever.directory)
            # The index of the new sentences is built (mostly numpy, which lets go of the interpreter)
            # while the store finishes the batch (SQLite lets go too): each takes one core.
            with ThreadPoolExecutor(max_workers=1, thread_name_prefix="index") as building:
                prepared: list[Future[PreparedBatch | None]] = []
                result = ingest_batch(self._store, paths, limits=self._limits, replace=replace, progress=progress,
                                      analyzer=self._retriever.analyzer.options, count_words=True,
                                      beside_commit=lambda terms: prepared.append(
                                          building.submit(self._retriever.prepare, terms)))
                index = prepared[0].result() if prepared else None
            # The lexicon (Python) catches up beside the index's last steps and its save. A lexicon
            # ahead of a failed index is harmless (both catch up from the store), and an error of
            # either is raised once both are done.
            with ThreadPoolExecutor(max_workers=1, thread_name_prefix="lexicon") as beside:
                lexicon = beside.submit(self._lexicon.catch_up, result.words)
                self._retriever.refresh(result.terms, index)
                lexicon.result()
            return result.report

    def refresh(self) -> bool:
        """Pick up batches ingested by another process; True when the index changed."""
        with self._write_lock:
            changed = self._retriever.refresh()
            self._lexicon.catch_up()
            return changed

    def check_index(self, *, repair: bool = True) -> list[str]:
        """Read every byte of the saved index (opening checks only sizes, headers and the
        manifest): one line per problem, [] when sound; a damaged index is rebuilt when `repair`."""
        with self._write_lock:
            return self._retriever.check(repair=repair)

    def sources(self) -> list[ArticleInfo]:
        return self._store.articles()

    def stats(self) -> CorpusStats:
        return self._store.stats()

    def raw_text(self, source: str) -> str:
        return self._store.raw_text(source)

    def close(self) -> None:
        self._retriever.close()
        self._store.close()

    def __enter__(self) -> QAService:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def together(retriever: Retriever, looked_at: int = 10) -> Callable[[str, str], bool]:
    """A look-up of whether some sentence holds both of two words, for the question reader: among the `looked_at`
    best BM25 hits for the two (a sentence holding both outscores one holding either, but for a word repeated many
    times; a look, not a tuned number). The index says which terms each hit holds: no hit is analysed again."""
    terms = retriever.analyzer.terms

    def both(a: str, b: str) -> bool:
        ta, tb = set(terms(a)), set(terms(b))
        if not ta or not tb:
            return False
        wanted = sorted(ta | tb)
        view = retriever.pinned()  # one snapshot for the search and the look-up
        hits = view.search_terms(wanted, looked_at)
        held = view.holding(wanted, [hit.sentence.id for hit in hits])
        return any(all(held[t][i] for t in wanted) for i in range(len(hits)))

    return both


def _name_parts(text: str) -> tuple[str, ...]:
    """The capitalised words of a name or phrase, its article left out ("the US envoy" -> ("US",))."""
    words = (re.sub(r"['’]s?$", "", w) for w in re.findall(r"[\w'’.-]+", text))  # an owner's name as named
    return tuple(w for w in words if w[:1].isupper() and w.lower() not in ("the", "a", "an"))


def _indexed(retriever: Retriever):
    """Whether the live index holds every term of a word (inflections included)."""
    terms, df = retriever.analyzer.terms, retriever.document_frequency

    def indexed(word: str) -> bool:
        found = terms(word)
        return bool(found) and all(df(t) > 0 for t in found)

    return indexed
