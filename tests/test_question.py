"""Question typing: kind, expected answer shape, content words, quoted phrases."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from retrieval.answering.question import AGE, ANY, DATE, NAME, NUMBER, PERSON, PLACE, REASON, parse_question
from retrieval.index.analyzer import Analyzer

STOP = Analyzer().is_stop_word


@pytest.mark.parametrize(
    ("question", "kind", "expects"),
    [
        ("Who chairs the central bank?", "who", PERSON),
        ("Whose plan did the council adopt?", "who", PERSON),
        ("When did the strike end?", "when", DATE),
        ("In what year was the bridge opened?", "what", DATE),
        ("On which day did the vote take place?", "which", DATE),
        ("Where will the summit be held?", "where", PLACE),
        ("Which city hosted the fair?", "which", PLACE),
        ("How many workers joined the strike?", "how many", NUMBER),
        ("How much did the bridge cost?", "how much", NUMBER),
        ("How long did the talks last?", "how", NUMBER),
        ("How old is the chairman?", "how", AGE),
        ("At what age did she retire?", "what", AGE),
        ("What is the age of the bridge?", "what", AGE),
        ("Why did the talks stall?", "why", REASON),
        ("Which university did she attend?", "which", NAME),
        ("What is the name of the ship?", "what", NAME),
        ("Which minister resigned?", "which", PERSON),
        ("Which Russian official represented Russia?", "which", PERSON),  # the noun after a demonym
        ("which foreign minister met him", "which", PERSON),
        ("Which European country voted no?", "which", PLACE),
        ("What is the name of the Mongolian spokesperson who spoke?", "what", PERSON),  # a role after "name of the"
        ("What is the name of the foreign minister accompanying him?", "what", PERSON),
        ("What is the name of the company that built it?", "what", NAME),
        ("What did the Russian official say?", "what", ANY),  # a verb, not a noun, after what
        ("What did the union demand?", "what", ANY),
        ("Did the court rule on Monday?", "yes-no", ANY),
        ("Tell me about the floods", "other", ANY),
    ],
)
def test_kind_and_expected_shape(question: str, kind: str, expects: str) -> None:
    info = parse_question(question, STOP)
    assert (info.kind, info.expects) == (kind, expects)


def test_content_words_keep_the_user_spelling_and_drop_stop_and_wh_words() -> None:
    info = parse_question("Who did Park Ji-won meet in Busan on Friday?", STOP)
    assert info.content_words == ("Park", "Ji-won", "meet", "Busan", "Friday")


def test_dotted_abbreviations_survive_as_words() -> None:
    assert "U.S." in parse_question("What did the U.S. envoy say?", STOP).content_words


def test_quoted_phrases() -> None:
    info = parse_question('Who said "no substitute for diplomacy"?', STOP)
    assert info.phrases == ("no substitute for diplomacy",)


@pytest.mark.parametrize("question", ["", "   ", "😀😀😀", "\x00\x1b[31m\x07", "?" * 50])
def test_empty_and_odd_questions(question: str) -> None:
    info = parse_question(question, STOP)
    assert info.content_words == ()
    assert info.expects == ANY


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_text_parses(text: str) -> None:
    info = parse_question(text, STOP)
    assert all(w.strip() for w in info.content_words)
    assert "\n" not in info.text


def test_words_of_the_question_phrase_are_not_content() -> None:
    assert parse_question("How many ferries sail daily?", STOP).content_words == ("ferries", "sail", "daily")
    assert parse_question("What kind of ship sank?", STOP).content_words == ("ship", "sank")
    assert parse_question("How many ferries sail daily?", STOP).asking_words == frozenset({"many"})
