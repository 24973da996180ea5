"""Off-topic questions over a large store: the strange words (no article uses them, no misspelling of a stored word,
no two stored words run together), whether the best sentence's words recur in its article, and the not-sure rule
they drive (AnswerParams.not_sure_strange_lone)."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from retrieval.answering import refusal
from retrieval.answering.answerer import Answerer
from retrieval.answering.params import DEFAULT, AnswerParams
from retrieval.answering.refusal import Evidence
from retrieval.corpus.store import Store
from retrieval.index.analyzer import Analyzer
from retrieval.index.retriever import Retriever
from retrieval.records import Outcome
from retrieval.service import QAService

ARTICLES = {
    "ferry.txt": """Harbour council approves new ferry line

The Busan Port Authority approved a new ferry line to Fukuoka on Tuesday.

"We expect the first ferry to sail in July," said Park Soo-jin, the authority's director of operations.

The ferry will carry about 300 passengers a day, the authority said.

Critics said the harbour lacks parking for travellers.
""",
    "rain.txt": """Heavy rain expected in Jeju

The weather agency warned of heavy rain and strong winds in Jeju on Sunday.

Fishing boats stayed in port across the island.

Schools on the island will open late on Monday, and a museum of paintings will stay shut.
""",
}

# The rule off, and the doubt score off: only what a test switches on decides.
QUIET = replace(DEFAULT, doubt=replace(DEFAULT.doubt, not_sure=None, not_found=None))
# The fixture's store is tiny: without this every strange word would count for nothing.
ANY_SIZE = replace(QUIET, large_store_sentences=0)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("offtopic")
    articles = root / "articles"
    articles.mkdir()
    for name, text in ARTICLES.items():
        (articles / name).write_text(text, encoding="utf-8")
    with QAService.open(root / "store.sqlite3", create=True) as svc:
        assert svc.ingest([articles]).ok
    return root


def _answerer(folder: Path, params: AnswerParams) -> Answerer:
    store = Store.open(folder / "store.sqlite3", create=False)
    analyzer = Analyzer()
    return Answerer(store, Retriever.open(store, analyzer, persist=False), analyzer, params)


def _evidence(folder: Path, question: str, params: AnswerParams = ANY_SIZE) -> Evidence:
    found = _answerer(folder, params).examine(question).evidence
    assert found is not None, f"{question!r} ranked nothing"
    return found


def test_a_word_no_article_uses_is_strange_only_in_a_large_store(folder: Path) -> None:
    assert _evidence(folder, "Who discovered penicillin on the island?").strange > 0.0
    # five articles' worth of sentences lack ordinary words: their absence says nothing
    assert _evidence(folder, "Who discovered penicillin on the island?", QUIET).strange == 0.0


def test_a_contraction_or_two_words_run_together_is_not_strange(folder: Path) -> None:
    assert _evidence(folder, "whats the ferry line to Fukuoka").strange == 0.0
    assert _evidence(folder, "Who approved the ferryline to Fukuoka?").strange == 0.0


def test_the_best_sentences_words_recur_in_an_article_about_them(folder: Path) -> None:
    assert _evidence(folder, "When will the ferry sail?").recurs > 0.0
    # "paintings" is said once, in passing, in a story about rain
    assert _evidence(folder, "Who painted the paintings?").recurs == 0.0


def test_a_strange_word_and_words_said_in_passing_make_the_reply_not_sure(folder: Path) -> None:
    on = replace(ANY_SIZE, not_sure_strange_lone=True)
    reply = _answerer(folder, on).answer("Who sculpted the paintings?")
    assert reply.outcome is Outcome.NOT_SURE and reply.no_answer and reply.answers
    off = replace(ANY_SIZE, not_sure_strange_lone=False)
    assert _answerer(folder, off).answer("Who sculpted the paintings?").outcome is Outcome.ANSWER


def test_the_rule_needs_both_signals() -> None:
    base = Evidence(0.5, 0.5, 0.5, 0.0, 0.0, 0.5, 0.1, 0.0, 0.0, 0.25)
    assert refusal.doubtful(QUIET, replace(base, strange=0.4, recurs=0.0)) is Outcome.NOT_SURE
    assert refusal.doubtful(QUIET, replace(base, strange=0.4, recurs=0.3)) is None
    assert refusal.doubtful(QUIET, replace(base, strange=0.0, recurs=0.0)) is None
    assert refusal.doubtful(replace(QUIET, not_sure_strange_lone=False), replace(base, strange=0.4, recurs=0.0)) is None



def test_a_words_rarity_counts_only_in_a_large_store(folder: Path) -> None:
    # "good", "name", "boat": words two short stories seldom use, which says nothing about what they are about
    assert _evidence(folder, "what is a good name for a boat").off_domain > 0.0
    assert _evidence(folder, "what is a good name for a boat", QUIET).off_domain == 0.0


def test_everyday_words_the_best_evidence_barely_covers_make_the_reply_not_sure() -> None:
    base = Evidence(0.4, 0.4, 0.9, 0.0, 0.0, 0.6, 0.1, 0.0, 0.0, 0.25)
    everyday = replace(base, off_domain=0.6)
    assert refusal.doubtful(QUIET, everyday) is Outcome.NOT_SURE
    # the articles' own words, or the best sentence holding most of the question: the other rules decide
    assert refusal.doubtful(QUIET, replace(everyday, off_domain=0.4)) is None
    assert refusal.doubtful(QUIET, replace(everyday, coverage=0.6)) is None
    assert refusal.doubtful(replace(QUIET, not_sure_off_domain=None), everyday) is None
