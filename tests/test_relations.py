"""A family or marriage relation asked about is stated in its own words, or the reply is not sure."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from retrieval.answering.relations import FAMILIES, asked_relations, unstated
from retrieval.index.analyzer import Analyzer
from retrieval.records import Outcome
from retrieval.service import QAService

ANALYZER = Analyzer()


@pytest.fixture(scope="module")
def royals(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("royals")
    (folder / "malcolm.txt").write_text(
        "Malcolm and the border\n\nKing Malcolm III of Scotland married Edgar's sister Margaret. "
        "Malcolm later disputed the southern border with William. The king's army crossed the river in 1091.\n",
        encoding="utf-8")
    (folder / "trade.txt").write_text(
        "Port reopens\n\nThe harbour at Leith reopened on Monday after the storm. "
        "Officials said trade would recover within a month.\n", encoding="utf-8")
    with QAService.open(folder / "s.sqlite3", create=True) as service:
        service.ingest([folder])
        yield service


@pytest.mark.parametrize("question", [
    "What is the name of Kim Jong-un's wife?",
    "what is the name of kim jong-un's wife",
    "whats the wife of sung kim called",
    "Who is Sung Kim's wife?",
    "does sung kim have children",
    "what is kim jong uns wifes name",  # the possessive typed without its apostrophe
    "who are sung kims sons",
])
def test_a_relation_no_article_states_is_not_sure_naming_the_word(seeds: QAService, question: str) -> None:
    reply = seeds.ask(question)
    assert reply.outcome is Outcome.NOT_SURE and reply.no_answer
    assert reply.answers, "the closest sentences are still shown"
    assert set(asked_relations(question)) <= set(reply.missing_terms)


@pytest.mark.parametrize("question", ["Who is Sung Kim?", "What is Sung Kim's job?"])
def test_a_question_naming_no_relation_is_not_touched(seeds: QAService, question: str) -> None:
    assert seeds.ask(question).outcome is Outcome.ANSWER


def test_a_relation_stated_in_another_word_of_its_family_is_answered(royals: QAService) -> None:
    reply = royals.ask("Who was Margaret's husband?")
    assert reply.outcome is Outcome.ANSWER
    assert "married" in reply.answers[0].text


def test_a_possessive_typed_without_its_apostrophe_is_the_relation() -> None:
    assert asked_relations("what is kim jong uns wifes name") == ("wifes",)
    assert asked_relations("the minister’s wife’s name") == ("wife’s",)
    assert asked_relations("who is the boss of the bus company") == ()
    assert unstated(ANALYZER, "what is kim jong uns wifes name", ANALYZER.terms("Kim Jong-un spoke.")) == ("wifes",)


def test_unstated_reads_the_family_not_the_word() -> None:
    terms = ANALYZER.terms("King Malcolm married Margaret in 1070.")
    assert unstated(ANALYZER, "who was margaret's husband", terms) == ()
    assert unstated(ANALYZER, "who was margaret's husband", ANALYZER.terms("King Malcolm ruled.")) == ("husband",)
    assert unstated(ANALYZER, "who ruled scotland", ANALYZER.terms("King Malcolm ruled.")) == ()


@given(st.sampled_from(sorted(w for f in FAMILIES for w in f)), st.text(alphabet="abcdefghij ", max_size=40))
def test_any_word_of_a_family_in_the_article_states_every_relation_of_it(word: str, noise: str) -> None:
    family = next(f for f in FAMILIES if word in f)
    article = ANALYZER.terms(f"{noise} {word} {noise}")
    for asked in family:
        assert unstated(ANALYZER, f"who is the {asked} of kim", article) == ()
