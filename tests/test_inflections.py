"""A question's verb in its irregular forms ("meet" / "met", "throw" / "threw"), which the stemmer leaves apart, and
a title line that is the story's first sentence (a page without a headline) is no headline."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from retrieval.answering.inflections import AMBIGUOUS, verb_form_expansions, verb_forms
from retrieval.index.analyzer import Analyzer
from tests.conftest import service_over


@pytest.mark.parametrize(("word", "other"), [("meet", "met"), ("throw", "threw"), ("hold", "held"),
                                             ("win", "won"), ("choose", "chosen"), ("fight", "fought")])
def test_a_verb_has_its_irregular_forms(word: str, other: str) -> None:
    assert other in verb_forms(word) or other in AMBIGUOUS
    assert word in verb_forms(word)


@pytest.mark.parametrize("word", ["left", "found", "saw", "said", "told", "envoy", "korea", "the", "u.s.", "met", "held"])
def test_no_forms_for_words_that_are_as_often_another_word_for_saying_for_no_verb_or_a_past(word: str) -> None:
    assert verb_forms(word) == ()


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=12))
def test_every_form_is_a_plain_word_and_the_forms_are_their_own_forms(word: str) -> None:
    forms = verb_forms(word)
    assert all(f.isalpha() and f not in AMBIGUOUS for f in forms)
    assert not forms or word in forms


def test_the_expansion_holds_only_forms_the_index_holds_and_never_a_name() -> None:
    analyzer = Analyzer()
    text = "Who did Meet Kim meet and what did he throw"
    spans = [(t, s, e) for t, s, e in analyzer.term_spans(text)]
    held = {analyzer.terms("met")[0]}
    found = verb_form_expansions(text, spans, analyzer.terms, held.__contains__)
    assert [(text[spans[e.start][1]:spans[e.start][2]], e.labels) for e in found] == [("meet", ("met",))]


ARTICLES = {
    "envoys.txt": "Envoys hold talks in Seoul\n\nThe US envoy met South Korea's Noh Kyu-duk in Seoul on Monday.\n\n"
                  "Officials will meet again in Tokyo next year to review the sanctions plan.\n\n"
                  "A protester threw two eggs at the envoy's car, police said.\n\n"
                  "Protesters plan to throw a rally in Tokyo next year against the sanctions plan.\n",
    "lede.txt": "Foreign Minister Ahmed Zaman met his Chinese counterpart on Friday and discussed trade and border talks.\n\n"
                "Zaman will meet his Chinese counterpart again in the spring, officials said.\n\n"
                "The two ministers agreed that trade talks would resume in March.\n",
}


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory):
    with service_over(tmp_path_factory.mktemp("inflections"), ARTICLES) as svc:
        yield svc


def test_a_question_in_the_verbs_base_form_finds_the_sentence_in_its_past(service) -> None:
    reply = service.ask("Who did the US envoy meet in Seoul?", k=1)
    assert not reply.no_answer and "Noh Kyu-duk" in reply.answers[0].text
    reply = service.ask("what did the protester throw at the car", k=1)
    assert not reply.no_answer and "two eggs" in reply.answers[0].text
    assert "throw" not in reply.missing_terms


def test_a_title_line_that_is_the_storys_first_sentence_answers_like_a_sentence(service) -> None:
    # a headline gives way to a body sentence holding most of its words; this line is no headline, and it answers
    reply = service.ask("When did Zaman meet his Chinese counterpart?", k=2)
    assert not reply.no_answer and "on Friday" in reply.answers[0].text


def test_the_dependency_loads_its_tables_from_the_wheel(tmp_path: Path) -> None:
    # no download at run time: the tables are package data
    import lemminflect

    assert (Path(lemminflect.__file__).parent / "resources").is_dir()
