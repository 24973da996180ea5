"""Answer shapes (shapes.py): what counts or measures for a how-much / how-many question, and what is only a date."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from retrieval.answering.shapes import (
    ages,
    amounts,
    dates_answer,
    durations,
    firm_dates,
    not_a_person,
    quantities,
    wants_duration,
)
from retrieval.months import MONTH_NUMBERS
from retrieval.service import QAService
from tests.conftest import service_over


@pytest.mark.parametrize("sentence", [
    "Prices fell on 12 December 2004.", "On December 12th, 2004 he left.", "Sales rose in 2004/05.", "since 1983",
    "the 3rd of May", "It opened at 10:30 on Monday.", "The talks end at 3pm.", "at 7.30pm", "Dec 12, 2004",
    "in the 1990s", "the 2004-05 season",
])
def test_a_year_a_day_of_a_month_or_a_time_counts_nothing(sentence: str) -> None:
    assert quantities(sentence) == []


@pytest.mark.parametrize(("sentence", "found"), [
    ("Prices fell by £600 from £190,329 in November to £189,733 in December.", ["600", "190,329", "189,733"]),
    ("Sales rose 5% in May 2004.", ["5"]), ("He scored 3 goals in 2004.", ["3"]), ("It costs £12.50.", ["12.50"]),
    ("a route of at most 2000 kilometres", ["2000"]), ("a £2000 fine", ["2000"]), ("aged 29 in May 2004", ["29"]),
    ("1.2 million members", ["1.2", "million"]), ("three people died", ["three"]),
    ("restrictions on fishing in almost a third of the Gulf", ["a third"]), ("two-thirds of voters", ["two-thirds"]),
    ("three quarters of the staff", ["three quarters"]),
])
def test_money_counts_and_percentages_still_count(sentence: str, found: list[str]) -> None:
    assert quantities(sentence) == found


@given(st.sampled_from(sorted(m.capitalize() for m in MONTH_NUMBERS)), st.integers(min_value=1, max_value=31),
       st.integers(min_value=1800, max_value=2099))
def test_no_written_date_counts(month: str, day: int, year: int) -> None:
    for written in (f"on {day} {month} {year}", f"on {month} {day}, {year}", f"on {month} {day}", f"in {month} {year}"):
        assert quantities(written) == [], written


def test_only_how_long_old_or_often_is_answered_by_a_date() -> None:
    assert dates_answer("How long") and dates_answer("how old") and dates_answer("How often")
    assert not dates_answer("How much") and not dates_answer("How many") and not dates_answer("How high")


ARTICLES = {
    "prices.txt": """House prices slow

Asking prices were last surveyed on 12 December 2004, the website said.

Sales volumes have slowed sharply since the summer.
""",
    "shares.txt": """Shares climb after results

Shares in the retailer rose 8% after it reported profits of £45m.

The firm employs 1,200 staff across 40 stores.

Fishing is now banned in almost a third of the bay.
""",
}


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory):
    with service_over(tmp_path_factory.mktemp("shapes"), ARTICLES) as svc:
        yield svc


@pytest.mark.parametrize("question", ["how much were asking prices surveyed", "How high were asking prices surveyed?"])
def test_a_date_is_no_answer_to_how_much(service: QAService, question: str) -> None:
    reply = service.ask(question, k=1)
    lacks = "amount" if question.startswith("how much") else "number"
    assert reply.outcome.value == "not_sure" and reply.no_answer and reply.lacks == lacks, reply
    assert "12 December 2004" in reply.answers[0].text  # still shown, as the closest sentence


@pytest.mark.parametrize(("question", "expected"), [
    ("how much did shares in the retailer rise", "8%"), ("how much profit did the retailer report", "£45m"),
    ("how many staff does the firm employ", "1,200"), ("how much of the bay is fishing banned in", "a third"),
])
def test_money_counts_and_percentages_answer_it(service: QAService, question: str, expected: str) -> None:
    reply = service.ask(question, k=1)
    assert reply.outcome.value == "answer" and expected in reply.answers[0].text, reply


# -- ages: what "How old ...?" asks for ------------------------------------------------------------------------
@given(st.integers(min_value=1, max_value=120))
def test_every_written_age_is_an_age(n: int) -> None:
    for written in (f"The {n}-year-old said so.", f"a {n} year old man", f"He is {n} years old.", f"died aged {n}.",
                    f"at the age of {n}", f"Ken Bates, {n}, said", f"Ken Bates, {n}.", f"Smith ({n}) won.",
                    f"He was {n}.", f"she turns {n} in May", f"He passed away at {n}.", f"At {n}, he chuckles."):
        assert ages(written), written


@pytest.mark.parametrize("sentence", [
    "The film recounts the life of blues singer Ray Charles, who died in 2004.", "The score was 66 points.",
    "He was 3-1 down at the break.", "The figures, 12, are wrong.", "It opened at 10, an hour late.",
    "He was 20 per cent ahead.", "She died at 10pm on Monday.", "Sales rose 5% in May 2004.",
])
def test_a_year_a_score_or_a_count_is_no_age(sentence: str) -> None:
    assert ages(sentence) == []


AGES = {
    "bates.txt": """Bates seals takeover

Ken Bates has completed his takeover of Leeds United.

Ken Bates, 73, sealed the deal at 0227 GMT on Friday.
""",
    "charles.txt": """Film on soul star

The film recounts the life of blues singer Ray Charles, who died in 2004.
""",
}


@pytest.fixture(scope="module")
def aged(tmp_path_factory: pytest.TempPathFactory):
    with service_over(tmp_path_factory.mktemp("ages"), AGES) as svc:
        yield svc


def test_an_age_answers_how_old(aged: QAService) -> None:
    reply = aged.ask("how old is ken bates", k=1)
    assert reply.outcome.value == "answer" and "73" in reply.answers[0].text, reply


def test_a_sentence_without_an_age_is_not_sure_for_how_old(aged: QAService) -> None:
    reply = aged.ask("How old was Ray Charles when he died?", k=1)
    assert reply.outcome.value == "not_sure" and reply.no_answer and reply.lacks == "age", reply
    assert "who died in 2004" in reply.answers[0].text  # still shown, as the closest sentence


# -- a time relative to the story, vaguer than a day, is no date for a when-question ----------------------------
@pytest.mark.parametrize(("sentence", "firm"), [
    ("Only last week, the world media highlighted the killing.", []), ("It closed earlier this month.", []),
    ("He left three years ago.", []), ("The talks resume next year.", []), ("It was recently sold.", []),
    ("It closed on Monday.", ["Monday"]), ("He left yesterday.", ["yesterday"]), ("It opened in 2004.", ["in 2004"]),
    ("It closed last week, on 12 May.", ["May"]),
])
def test_firm_dates(sentence: str, firm: list[str]) -> None:
    assert firm_dates(sentence) == firm


@pytest.mark.parametrize(("question", "sentence", "firm"), [
    # what is to come is dated from the story's time: the story tells its reader when to expect it
    ("when will india and pakistan sign the visa deal", "They will sign when ministers meet next month.", ["next month"]),
    ("When is the festival due to open?", "The festival opens later this year.", ["later this year"]),
    # a past event is not dated by the story's time, whatever the sentence's tense
    ("When did they sign?", "They will sign when ministers meet next month.", []),
    ("When will he leave?", "He left last week.", []),
    # a possessive names the thing, not when: "this year's festival", "next year's election"
    ("when will george michael introduce his film", "It will be shown at this year's festival.", []),
    ("When will she stand?", "She will stand at next year's election.", []),
])
def test_firm_dates_for_what_is_to_come(question: str, sentence: str, firm: list[str]) -> None:
    assert firm_dates(sentence, question) == firm


RELATIVE = {
    "gogh.txt": """Film maker killed

Only last week, the world media highlighted the killing of the Dutch film maker Theo van Gogh.
""",
    "bridge.txt": """Bridge opens

The new bridge over the Tyne opened in 2004, the council said.
""",
}


@pytest.fixture(scope="module")
def relative(tmp_path_factory: pytest.TempPathFactory):
    with service_over(tmp_path_factory.mktemp("relative"), RELATIVE) as svc:
        yield svc


def test_last_week_does_not_answer_when(relative: QAService) -> None:
    reply = relative.ask("When was Theo van Gogh killed?", k=1)
    assert reply.outcome.value == "not_sure" and reply.lacks == "date", reply
    assert "last week" in reply.answers[0].text
    reply = relative.ask("When did the bridge over the Tyne open?", k=1)
    assert reply.outcome.value == "answer" and "2004" in reply.answers[0].text, reply


def test_at_what_age_is_not_sure_without_an_age(aged: QAService) -> None:
    reply = aged.ask("At what age did Ray Charles die?", k=1)
    assert reply.outcome.value == "not_sure" and reply.lacks == "age", reply


# -- a who-question's answer names someone, not a body or a place ---------------------------------------------------
@pytest.mark.parametrize(("name", "person"), [
    ("Foreign Affairs", False), ("Federation Council", False), ("Equatorial Guinea", False), ("Senegal", False),
    ("Bole International Airport", False), ("Peru Opinion Leaders Meeting", False),
    ("House Speaker Nancy Pelosi", True), ("Maky Sall", True), ("Valentina Matviyenko", True),
    ("September", False), ("Sunday", False), ("May", True), ("Theresa May", True),  # a month or a weekday is no one
])
def test_an_institution_or_a_country_is_nobody(name: str, person: bool) -> None:
    assert not_a_person(name) is not person


PEOPLE = {
    "nato.txt": """Ministers meet in Berlin

The meeting of the foreign ministers ended with a session of the NATO-Russia Council.

Secretary General Anders Fogh Rasmussen opened the talks on Thursday.
""",
    "harbour.txt": """Harbour reopens

The harbour at Leith reopened on 4 September after the storm, the port authority said.
""",
}


@pytest.fixture(scope="module")
def people(tmp_path_factory: pytest.TempPathFactory):
    with service_over(tmp_path_factory.mktemp("people"), PEOPLE) as svc:
        yield svc


def test_the_name_of_the_person_who_did_a_thing_wants_a_name_a_month_is_none(people: QAService) -> None:
    # "who" opens the clause saying which person; "September" and "Leith" name no one
    reply = people.ask("What is the name of the person who reopened the harbour at Leith?", k=1)
    assert reply.outcome.value == "not_sure" and reply.lacks == "name", reply
    reply = people.ask("What is the name of the official who opened the talks on Thursday?", k=1)
    assert reply.outcome.value == "answer" and "Rasmussen" in reply.answers[0].text, reply


def test_a_sentence_naming_no_one_is_not_sure_for_which_official(people: QAService) -> None:
    reply = people.ask("Which Russian official represented Russia at the NATO-Russia Council session?", k=1)
    assert reply.outcome.value == "not_sure" and reply.lacks == "name", reply
    assert "NATO-Russia Council" in reply.answers[0].text  # still shown, as the closest sentence


def test_a_sentence_naming_someone_answers_which_official(people: QAService) -> None:
    reply = people.ask("which nato official opened the talks", k=1)
    assert reply.outcome.value == "answer" and "Rasmussen" in reply.answers[0].text, reply


@pytest.mark.parametrize(("sentence", "found"), [
    ("The jury deliberated for 26 1/2 hours.", True), ("It decomposes within six weeks.", True),
    ("He reigned from 1978 until his death in 2005.", True), ("They waited for years.", True),
    ("On April 15, Ryabkov met Sullivan.", False), ("This is his 1st visit to Sri Lanka.", False),
])
def test_a_length_of_time_is_a_count_of_a_unit_or_a_span_of_years(sentence: str, found: bool) -> None:
    assert bool(durations(sentence)) is found


def test_how_long_asks_a_length_of_time_unless_it_asks_since_when_or_how_long_ago() -> None:
    assert wants_duration("How long did the meeting last?") and wants_duration("how long is the film")
    assert not wants_duration("How long has he served?") and not wants_duration("How long ago did it start?")


DURATIONS = {
    "talks.txt": """Envoys meet in Vienna

On April 15, the Russian envoy met the US ambassador in Vienna.
The envoys said the talks would resume next month.
""",
}


def test_a_date_is_no_answer_to_how_long_a_meeting_lasted(tmp_path: Path) -> None:
    with service_over(tmp_path, DURATIONS) as svc:
        reply = svc.ask("How long did the Russian envoy's meeting with the US ambassador last?", k=1)
        assert reply.outcome.value == "not_sure" and reply.lacks == "length of time", reply


@pytest.mark.parametrize(("sentence", "found"), [
    ("China will buy $200 billion of US goods.", True), ("Pensions rise to £105 a week.", True),
    ("Output fell by 20% in May.", True), ("It pumps two million barrels a day.", True),
    ("Fraud costs three times as much.", True), ("Half of the budget went on aid.", True),
    ("The two nations signed the deal.", False), ("15 countries joined the pact.", False),
    ("3,000 jobs were cut in 2004.", False),
])
def test_an_amount_is_money_a_measure_or_a_share_and_not_a_count_of_things(sentence: str, found: bool) -> None:
    assert bool(amounts(sentence)) is found


@given(st.integers(min_value=2, max_value=10**6), st.sampled_from(["nations", "countries", "ministers", "pounds", "tonnes"]))
def test_a_number_before_a_plural_is_an_amount_only_when_the_plural_measures(n: int, noun: str) -> None:
    # a year-like number ("2004 countries") counts nothing at all, so keep clear of the years' range
    n = n if not 1800 <= n <= 2099 else n + 300
    assert bool(amounts(f"They agreed on {n:,} {noun} last week.")) is (noun in ("pounds", "tonnes"))


AMOUNTS = {
    "deal.txt": """US and China sign the first stage of a trade deal

The two nations signed the first stage of the trade deal in Washington on Wednesday.
Officials said tariffs on some goods would be reviewed later.
""",
}


def test_a_count_of_things_is_no_answer_to_how_much(tmp_path: Path) -> None:
    with service_over(tmp_path, AMOUNTS) as svc:
        reply = svc.ask("How much did the two nations agree to trade under the first stage of the deal?", k=1)
        assert reply.outcome.value == "not_sure" and reply.lacks == "amount", reply
        assert "two nations" in reply.answers[0].text  # still shown, as the closest sentence
