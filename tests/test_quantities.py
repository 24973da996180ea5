"""Quantities in questions (aliases.py, quantities section): read to their value, found written the other common ways, never taken for names."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from retrieval.answering.aliases import (
    WORD_VALUES,
    has_unit,
    quantities,
    read_quantity,
    small_forms,
    small_numbers,
    written_forms,
)
from retrieval.index.analyzer import Analyzer
from retrieval.service import QAService
from tests.conftest import service_over


@pytest.mark.parametrize(("typed", "value"), [
    ("100k", 100_000), ("£100,000", 100_000), ("100 thousand", 100_000), ("5m", 5_000_000), ("£5m", 5_000_000),
    ("5 million", 5_000_000), ("2bn", 2_000_000_000), ("$2 billion", 2_000_000_000), ("2 bn", 2_000_000_000),
    ("1.5 million", 1_500_000), ("£1.5m", 1_500_000), ("10%", 10), ("10 per cent", 10), ("ten per cent", 10),
    ("10 percent", 10), ("10pc", 10), ("five thousand", 5_000), ("5,000", 5_000), ("5000", 5_000),
    ("forty-two per cent", 42), ("twenty five thousand", 25_000), ("0.5%", 0.5), ("3tn", 3_000_000_000_000),
])
def test_the_common_ways_of_writing_a_quantity_read_to_its_value(typed: str, value: float) -> None:
    assert read_quantity(typed) == pytest.approx(value)


@pytest.mark.parametrize("text", ["2004", "in 2004", "the 1990s", "100mph", "ten", "five people", "a 12-year-old",
                                  "tenants", "300", "m", "1,5", ""])
def test_years_small_bare_numbers_and_words_are_no_quantity(text: str) -> None:
    assert read_quantity(text) is None


def test_percent_is_told_from_a_plain_number() -> None:
    assert [q.percent for q in quantities("10% of 5m people")] == [True, False]


def test_a_number_with_a_scale_or_percent_is_no_name() -> None:
    assert has_unit("100k") and has_unit("100K") and has_unit("2bn") and has_unit("10%")
    assert not has_unit("2023") and not has_unit("F-150") and not has_unit("Kim")


def test_news_forms_of_a_chat_typed_value() -> None:
    analyze = Analyzer().terms
    (q,) = quantities("earning over 100k")
    assert ("100000",) in {tuple(analyze(f)) for f in written_forms(q)}  # "£100,000"
    (q,) = quantities("1.5 million")
    assert ("1.5", "m") in {tuple(analyze(f)) for f in written_forms(q)}  # "£1.5m"
    (q,) = quantities("ten per cent")
    assert {("10",), ("10", "per", "cent")} <= {tuple(analyze(f)) for f in written_forms(q)}


_SCALES = {"k": 1_000, "m": 1_000_000, "bn": 1_000_000_000}
_WORDS = {"k": "thousand", "m": "million", "bn": "billion"}


@given(st.integers(min_value=1, max_value=999), st.sampled_from(sorted(_SCALES)), st.sampled_from(["", "£", "$"]))
def test_a_formatted_number_and_its_chat_form_read_the_same(n: int, suffix: str, currency: str) -> None:
    value = n * _SCALES[suffix]
    chat = read_quantity(f"{n}{suffix}")
    assert chat == read_quantity(f"{currency}{value:,}") == read_quantity(f"{n} {_WORDS[suffix]}") == value


@given(st.integers(min_value=1, max_value=9_999), st.integers(min_value=0, max_value=9), st.sampled_from(sorted(_SCALES)))
def test_a_decimal_with_a_scale_reads_to_its_value(whole: int, tenth: int, suffix: str) -> None:
    typed = f"{whole}.{tenth}{suffix}"
    assert read_quantity(typed) == pytest.approx((whole + tenth / 10) * _SCALES[suffix])


@given(st.sampled_from(sorted(WORD_VALUES.items())))
def test_a_percent_in_words_reads_as_in_digits(item: tuple[str, int]) -> None:
    word, value = item
    assert read_quantity(f"{word} per cent") == read_quantity(f"{value}%") == value


@given(st.text(max_size=60))
def test_reading_any_text_never_raises(text: str) -> None:
    for q in quantities(text):
        assert 0 <= q.start < q.end <= len(text)
        written_forms(q)
    read_quantity(text)
    has_unit(text)


@given(st.integers(min_value=1, max_value=10 ** 12), st.booleans())
def test_each_written_form_reads_back_to_the_value(value: int, percent: bool) -> None:
    text = f"{value}%" if percent else f"{value:,}"
    found = quantities(text)
    for q in found:
        for form in written_forms(q):
            assert read_quantity(form) == pytest.approx(q.value)


ARTICLES = {
    "tax.txt": """Kennedy criticises unfair taxes

Charles Kennedy said the tax system was unfair.

His plans would be funded by charging 50% income tax to those earning more than £100,000 per annum.

The party also wants to scrap the council tax.
""",
    "union.txt": """Unions talk of merger

Amicus has 1.2 million members and the TGWU has 800,000.

Inflation rose by 10 per cent last year, the union said.
""",
}


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory):
    with service_over(tmp_path_factory.mktemp("numbers"), ARTICLES) as svc:
        yield svc


def test_a_chat_typed_number_finds_the_formatted_one(service: QAService) -> None:
    reply = service.ask("what tax rate does kennedy want for people earning over 100k", k=1)
    assert not reply.no_answer and "£100,000" in reply.answers[0].text
    assert "100K" not in reply.question  # the scale glued to a number is not recased as a name


@pytest.mark.parametrize("question", ["which union has 1.2m members", "which union has 800k members",
                                      "what rose by 10% last year, the union said"])
def test_other_chat_forms_find_their_sentence(service: QAService, question: str) -> None:
    reply = service.ask(question, k=1)
    assert reply.answers and not reply.no_answer, reply


def test_a_number_no_article_writes_in_any_form_is_missing_but_no_unknown_name(service: QAService) -> None:
    reply = service.ask("what tax rate does kennedy want for people earning over 250k", k=1)
    assert "250k" in reply.missing_terms
    assert reply.answers  # not refused outright as a question about a name no article holds


# -- small counts and ranks (small_numbers): "3 months" = "three months", "second" = "2nd", "a dozen" = "12" -----------
@pytest.mark.parametrize(("typed", "value", "ordinal"), [
    ("3 months", 3, False), ("three months", 3, False), ("twenty-one days", 21, False), ("forty two seats", 42, False),
    ("who came second", 2, True), ("the 2nd place", 2, True), ("the 21st century", 21, True),
    ("twenty-first century", 21, True), ("a dozen eggs", 12, False), ("one month", 1, False), ("99 days", 99, False),
])
def test_a_small_count_or_rank_reads_to_its_value(typed: str, value: int, ordinal: bool) -> None:
    (q,) = small_numbers(typed, Analyzer().is_stop_word)
    assert (q.value, q.ordinal, q.small) == (value, ordinal, True)


@pytest.mark.parametrize("text", ["which one", "one of them", "no one", "F-150", "COVID-19", "won 3-6 7-6", "at 3:30",
                                  "at 3pm", "4.5 points", "100 days", "2004", "£5", "10%", "threesome", "seconds"])
def test_codes_scores_times_decimals_and_a_pronoun_one_are_no_small_number(text: str) -> None:
    assert small_numbers(text, Analyzer().is_stop_word) == []


@given(st.integers(min_value=1, max_value=99), st.booleans())
def test_digits_and_words_of_a_small_number_read_alike_and_write_each_other(n: int, ordinal: bool) -> None:
    digits = f"{n}{'th' if n % 10 > 3 or n % 10 == 0 or 10 < n % 100 < 14 else {1: 'st', 2: 'nd', 3: 'rd'}[n % 10]}" \
        if ordinal else str(n)
    (q,) = small_numbers(f"{digits} weeks", Analyzer().is_stop_word)
    assert q.value == n and q.ordinal == ordinal
    forms = small_forms(q)
    assert digits in forms
    for form in forms:  # every form reads back to the same count or rank
        (again,) = small_numbers(f"{form} weeks", Analyzer().is_stop_word)
        assert (again.value, again.ordinal) == (n, ordinal)


@given(st.text(max_size=60))
def test_reading_small_numbers_in_any_text_never_raises(text: str) -> None:
    for q in small_numbers(text, Analyzer().is_stop_word):
        assert 0 <= q.start < q.end <= len(text) and 1 <= q.value <= 99
        small_forms(q)


SMALL_ARTICLES = {
    "deal.txt": """Carmaker agrees rescue deal

The carmaker has three months to find a buyer for its plant, the administrators said.

The plant employs 12 engineers on the new model and a dozen more in testing.

Rival bidders finished 2nd and third in the auction held last year.
""",
    "league.txt": """Rovers slip in the table

Rovers have lost 4 games in a row and sit in 7th place.

The manager said the club would spend money in the summer.
""",
}


@pytest.fixture(scope="module")
def small_service(tmp_path_factory: pytest.TempPathFactory):
    with service_over(tmp_path_factory.mktemp("small_numbers"), SMALL_ARTICLES) as svc:
        yield svc


@pytest.mark.parametrize(("question", "expected"), [
    ("who has 3 months to find a buyer", "three months to find a buyer"),
    ("how many games in a row have rovers lost? four?", "lost 4 games"),
    ("which club sits in seventh place", "7th place"),
    ("who finished second in the auction", "2nd and third"),
])
def test_a_small_number_typed_one_way_finds_the_sentence_writing_it_the_other(
        small_service: QAService, question: str, expected: str) -> None:
    reply = small_service.ask(question, k=1)
    assert reply.answers and expected in reply.answers[0].text, reply
    assert not reply.missing_terms, reply.missing_terms


def test_a_small_number_counts_as_held_by_the_sentence_writing_it_in_words(small_service: QAService) -> None:
    (answer,) = small_service.ask("who has 3 months to find a buyer", k=1, explain=True).answers
    coverage = next(f for f in answer.explanation if f.name == "coverage")
    plain = small_service.ask("who has months to find a buyer", k=1, explain=True).answers[0]
    assert coverage.value > 0.9 * next(f for f in plain.explanation if f.name == "coverage").value
