"""The answerer on a real store of invented articles: corroboration, context, aliases, no-answer."""
from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

import pytest

from retrieval.answering import refusal
from retrieval.answering.answerer import Answerer
from retrieval.answering.params import DEFAULT, AnswerParams
from retrieval.corpus.copykeys import copy_keys
from retrieval.corpus.store import Store
from retrieval.evaluation.scoring import citation_ok
from retrieval.index.analyzer import Analyzer
from retrieval.index.retriever import Retriever
from retrieval.records import Outcome
from retrieval.service import QAService
from tests.conftest import service_over

ARTICLES = {
    "ferry_a.txt": """Harbour council approves new ferry line

Posted on : 2023-05-04 10:00 KST
By Lee Min-ho

The Busan Port Authority (BPA) approved a new ferry line to Fukuoka on Tuesday.

"We expect the first ferry to sail in July," said Park Soo-jin, the authority's director of operations.

The line will carry about 300 passengers a day, the authority said.

Critics said the harbour lacks parking for travellers.
""",
    "ferry_b.txt": """Ferry to Fukuoka gets green light

Officials in Busan backed the plan after a long debate on Tuesday.

“We expect the first ferry to sail in July,” said Park Soo-jin, the authority’s director of operations.

The ferry operator has not yet named a ticket price.
""",
    "ferry_c.txt": """New ferry route for Busan

The new route was welcomed by local shop owners.

"We expect the first ferry to sail in July," Park Soo-jin told reporters at the harbour on Wednesday.

Shop owners hope for more visitors in the summer.
""",
    "weather.txt": """Heavy rain expected in Jeju

The Korea Meteorological Administration (KMA) is the national weather agency.

The KMA warned of heavy rain and strong winds in Jeju on Sunday.

North Korea wants sanctions relief before any new talks, diplomats said.

Fishing boats stayed in port across the island.

Park Soo-jin, left, poses with the mayor at the harbour in Busan, Tuesday.

Park Soo-jin, right, poses with the mayor at the harbour in Busan, Tuesday afternoon.
""",
}


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory):
    with service_over(tmp_path_factory.mktemp("answers"), ARTICLES) as svc:
        yield svc


def test_the_same_quote_in_three_articles_is_one_answer_listing_every_source(service: QAService) -> None:
    reply = service.ask("When does Park Soo-jin expect the first ferry to sail?", k=4)
    assert not reply.no_answer
    best = reply.answers[0]
    assert "first ferry to sail in July" in best.text
    assert {best.source, *best.also_in} == {"ferry_a.txt", "ferry_b.txt", "ferry_c.txt"}
    assert best.source not in best.also_in
    # no other answer repeats the quote
    assert not any("first ferry to sail" in a.text for a in reply.answers[1:])


def test_near_duplicates_inside_one_article_collapse(service: QAService) -> None:
    reply = service.ask("Who poses with the mayor at the harbour?", k=4)
    posing = [a for a in reply.answers if "poses with the mayor" in a.text]
    assert len(posing) == 1
    assert posing[0].also_in == ()


def test_every_answer_is_cited_exactly(service: QAService) -> None:
    for question in ("What did the Busan Port Authority approve?", "How many passengers will the line carry?",
                     "What did the KMA warn of?"):
        reply = service.ask(question, k=4)
        assert reply.answers, f"{question!r} got no answer, so no citation was checked"
        for a in reply.answers:
            assert citation_ok(a, service.raw_text(a.source)), a


def test_title_date_context_and_highlights(service: QAService) -> None:
    reply = service.ask("How many passengers will the ferry line carry a day?", k=1, context=True)
    a = reply.answers[0]
    assert "300 passengers" in a.text
    assert a.title == "Harbour council approves new ferry line"
    assert a.date == "2023-05-04"
    assert a.context is not None and a.context.startswith('"We expect the first ferry') and a.context.endswith("travellers.")
    highlighted = {a.text[s:e].lower() for s, e in a.highlights}
    assert {"passengers", "line", "carry", "day"} <= highlighted
    assert service.ask("How many passengers will the ferry line carry a day?", k=1).answers[0].context is None


def test_an_acronym_the_corpus_defines_finds_its_sentences(service: QAService) -> None:
    reply = service.ask("What did the Korea Meteorological Administration warn of?", k=1)
    assert reply.answers[0].text.startswith("The KMA warned of heavy rain")


def test_a_capital_city_finds_its_country(service: QAService) -> None:
    reply = service.ask("What does Pyongyang want?", k=1)
    assert not reply.no_answer
    assert reply.answers[0].text.startswith("North Korea wants sanctions relief")
    assert reply.missing_terms == ()


def test_explain_lists_features_that_add_up_to_the_score(service: QAService) -> None:
    reply = service.ask("When does Park Soo-jin expect the first ferry to sail?", k=2, explain=True)
    for a in reply.answers:
        assert a.explanation and all(f.name for f in a.explanation)
        # every line counts: the features shown are exactly what the score is made of
        assert math.isclose(sum(f.value for f in a.explanation), a.score, abs_tol=1e-3)
    assert len(reply.answers[0].also_in) == 2
    assert service.ask("When does Park Soo-jin expect the first ferry to sail?", k=1).answers[0].explanation == ()


def test_no_answer_names_the_words_that_found_nothing(service: QAService) -> None:
    reply = service.ask("Who won the Chess Olympiad in Chennai?", k=3)
    assert reply.no_answer and reply.answers == ()
    assert reply.missing_terms == ("won", "Chess", "Olympiad", "Chennai")


def test_the_noun_naming_the_kind_of_answer_and_a_verb_of_saying_are_no_missing_words(tmp_path: Path) -> None:
    # "the name of ...": any name answers; no article needs to say "name" (a new user's trial: 'Answered on your
    # other words: no article mentions "name"')
    articles = {"envoys.txt": "Envoys sworn in\n\nThe UAE Ambassador to Israel Mohamed Al Khaja was sworn in on Sunday. "
                              "Al Khaja said the embassy would open in Tel Aviv.\n"}
    with service_over(tmp_path, articles) as service:
        reply = service.ask("whats the name of the uae ambassador to israel", k=1)
        assert "Al Khaja" in reply.answers[0].text
        assert "name" not in [t.lower() for t in reply.missing_terms], reply.missing_terms
        # a word asked about that no article uses is still named
        reply = service.ask("What is the name of the ambassador's dog?", k=1)
        assert "dog" in [t.lower() for t in reply.missing_terms]
        # nor is a verb of saying, which any sentence of what was said answers ("what did xi tell blinken")
        reply = service.ask("what did al khaja tell the ruler", k=1)
        assert "tell" not in [t.lower() for t in reply.missing_terms], reply.missing_terms


def test_a_name_the_articles_never_mention_is_refused(service: QAService) -> None:
    reply = service.ask("How many passengers did Ryanair carry to Fukuoka?", k=3)
    assert reply.no_answer
    assert "Ryanair" in reply.missing_terms


def test_a_question_about_an_unknown_owner_is_refused_however_well_the_rest_matches(service: QAService) -> None:
    # Every other word matches the Busan ferry sentences; the owner is in no article.
    assert service.ask("When does Zubrowka's authority expect the first ferry to sail?").no_answer
    assert service.ask("What did Zubrowka's director of operations say about the first ferry to sail in July?").no_answer
    assert not service.ask("When does the authority expect the first ferry to sail?").no_answer
    reply = service.ask("Who is the authority's director of operations for the new ferry line to Fukuoka?", k=3)
    assert not reply.no_answer and any("Park Soo-jin" in a.text for a in reply.answers)



def test_further_answers_hold_some_of_the_question_not_filler(service: QAService) -> None:
    reply = service.ask("What did critics say about parking?", k=10)
    assert reply.answers[0].text.startswith("Critics said the harbour lacks parking")
    assert len(reply.answers) < 10  # "up to" k: sentences sharing nothing with the question are left out
    assert all(a.highlights for a in reply.answers)



@pytest.mark.parametrize("question", ["", "   \t\n", "😀🚢😀", "\x00\x07\x1b[2J", "ferry " * 333, "x" * 2000])  # longer: tests/test_question_cap.py
def test_odd_questions_get_a_plain_no_answer_or_an_answer_without_crashing(service: QAService, question: str) -> None:
    reply = service.ask(question, k=3)
    assert reply.no_answer == (reply.answers == ())
    if question.strip() in ("", "😀🚢😀") or question.startswith("\x00"):
        assert reply.no_answer and reply.missing_terms == ()
    assert len(reply.question) <= len(question)


def test_k_counts_all_answers_and_must_be_positive(service: QAService) -> None:
    assert len(service.ask("ferry", k=2).answers) == 2
    with pytest.raises(ValueError, match="k must be"):
        service.ask("ferry", k=0)


def test_a_stray_small_number_does_not_refuse_an_answerable_question(service: QAService) -> None:
    reply = service.ask("How many passengers will the ferry line carry a day? (2)", k=1)
    assert not reply.no_answer and "300 passengers" in reply.answers[0].text
    assert reply.missing_terms == ("2",)


def test_the_type_noun_of_a_which_question_weighs_less_than_the_thing_asked_about(tmp_path: Path) -> None:
    # "country" names the answer's type: the sentence that answers says "Australia", not "country";
    # a sentence that merely says "countries" must not win because that word is rare.
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "wildlife.txt").write_text(
        "Wildlife notes\n\n"
        "Quokkas live on an island in Australia.\n\n"
        "Quokkas are small marsupials that rarely drink water.\n\n"
        "Visitors photograph quokkas on the island every summer.\n\n"
        "Several countries ban the export of native animals, rangers said.\n\n"
        "Rangers counted the animals on the island in spring.\n\n"
        "The island ferry carries visitors and rangers each morning.\n",
        encoding="utf-8",
    )
    svc = QAService.open(tmp_path / "store.sqlite3", create=True)
    try:
        assert svc.ingest([folder]).ok
        reply = svc.ask("Which country has quokkas?", k=2)
        assert not reply.no_answer
        assert "Australia" in reply.answers[0].text
    finally:
        svc.close()


def test_a_copy_ingested_after_a_question_joins_the_answer_next_time(tmp_path: Path) -> None:
    # Copies are searched once per answer and store version: a new batch must not be missed. The
    # copy quotes the same words with another attribution, so only the copy search finds it.
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    quote = '"The bridge will reopen to traffic next spring," the city engineer told reporters.'
    (first / "bridge_a.txt").write_text(f"Bridge repairs\n\n{quote}\n\nCrews worked through the night.\n", encoding="utf-8")
    copy = '"The bridge will reopen to traffic next spring," Mayor Jones said on Friday.'
    (second / "bridge_b.txt").write_text(f"Detour news\n\n{copy}\n\nBuses will use a detour.\n", encoding="utf-8")
    svc = QAService.open(tmp_path / "store.sqlite3", create=True)
    try:
        assert svc.ingest([first]).ok
        question = "What did the city engineer tell reporters?"
        before = svc.ask(question, k=1).answers[0]
        assert before.source == "bridge_a.txt" and before.also_in == ()
        assert svc.ingest([second]).ok
        after = svc.ask(question, k=1).answers[0]
        assert {after.source, *after.also_in} == {"bridge_a.txt", "bridge_b.txt"}
    finally:
        svc.close()


def _answerer(svc: QAService, params: AnswerParams) -> Answerer:
    store = Store.open(svc._store.path, create=False)
    analyzer = Analyzer()
    return Answerer(store, Retriever.open(store, analyzer, persist=False), analyzer, params)


def test_not_sure_shows_the_closest_sentences_and_names_what_no_article_says(service: QAService) -> None:
    answerer = _answerer(service, replace(DEFAULT, not_sure_possessed=True))
    reply = answerer.answer("What is the name of Park Soo-jin's husband?", k=2)
    assert reply.outcome is Outcome.NOT_SURE and reply.no_answer
    assert reply.answers, "not sure still shows the closest sentences"
    assert "husband" in reply.missing_terms
    assert reply.to_json()["outcome"] == "not_sure" and reply.to_json()["no_answer"] is True


def test_a_question_well_covered_is_answered_not_not_sure(service: QAService) -> None:
    answerer = _answerer(service, replace(DEFAULT, not_sure_possessed=True, not_sure_coverage=0.1))
    reply = answerer.answer("When will the first ferry to Fukuoka sail?")
    assert reply.outcome is Outcome.ANSWER and "July" in reply.answers[0].text


def test_a_headline_never_outranks_or_joins_the_body_sentence_that_answers(service: QAService) -> None:
    reply = service.ask("Was a new ferry line approved?", k=4)
    texts = [a.text for a in reply.answers]
    assert texts and texts[0] != "Harbour council approves new ferry line"
    assert "Harbour council approves new ferry line" not in texts  # never shown beside its body sentence


_OTHER_STORY = "Council meets\n\nThe council met on Tuesday to discuss the budget for next year.\n"


def _titles_and_answers(tmp_path: Path, story: str, question: str) -> tuple[str, list[str]]:
    """The story's title line and the answers to `question` over it and one unrelated story."""
    with service_over(tmp_path, {"story.txt": story, "other.txt": _OTHER_STORY}) as svc:
        return story.split("\n", 1)[0], [a.text for a in svc.ask(question, k=3).answers]


def test_a_headline_in_the_present_gives_way_to_the_body_sentence_in_the_past(tmp_path: Path) -> None:
    # "Park says" in the title, "Park said" in the story: the stemmer keeps "said" apart from "say", so only the
    # title holds the question's verb; it must not win on its tense alone.
    title, texts = _titles_and_answers(tmp_path, "Park says ferry line will open in July\n\nMayor Park said the new "
                                       "ferry line will open in July once the pier is finished.\n\nThe pier has been "
                                       "under construction since March.\n", "What did Park say about the ferry line?")
    assert texts[0].startswith("Mayor Park said")
    assert title not in texts


def test_the_title_printed_again_between_paragraphs_is_still_the_title(tmp_path: Path) -> None:
    # Pages print their headline again under a picture; that copy is the title line too, and gives way to the body.
    title = "Iran, China ink 20 cooperation documents"
    _, texts = _titles_and_answers(tmp_path, f"{title}\n\nIran and China inked 20 cooperation documents in Beijing on "
                                   f"Tuesday, officials said.\n\n{title}\n\nThe documents cover trade, tourism and "
                                   "crisis management.\n", "How many cooperation documents did Iran and China ink?")
    assert texts[0].startswith("Iran and China inked 20")
    assert title not in texts


def test_also_in_never_lists_an_article_that_holds_only_part_of_the_sentence(tmp_path: Path) -> None:
    folder = tmp_path / "a"
    folder.mkdir()
    long = ("The harbour board voted to build a second ferry terminal at Gamcheon by 2027, "
            "after two years of studies and a public hearing that drew hundreds of residents.")
    (folder / "full.txt").write_text(f"Second terminal\n\n{long}\n", encoding="utf-8")
    (folder / "copy.txt").write_text(f"Board backs terminal\n\n{long}\n", encoding="utf-8")
    (folder / "part.txt").write_text("Terminal vote\n\nThe harbour board voted to build a second ferry terminal at "
                                     "Gamcheon by 2027.\n", encoding="utf-8")
    with QAService.open(tmp_path / "s.sqlite3", create=True) as svc:
        assert svc.ingest([folder]).ok
        reply = svc.ask("What did the harbour board vote after the public hearing?", k=3)
        best = reply.answers[0]
        assert {best.source, *best.also_in} == {"full.txt", "copy.txt"}


def test_copy_keys_are_written_at_ingest_and_dropped_with_a_replaced_article(tmp_path: Path) -> None:
    folder = tmp_path / "a"
    folder.mkdir()
    (folder / "x.txt").write_text('Title\n\n"We expect the first ferry to sail in July," Park said.\n', encoding="utf-8")
    with QAService.open(tmp_path / "s.sqlite3", create=True) as svc:
        assert svc.ingest([folder]).ok
        store = svc._store
        sentence = store.article_sentences("x.txt")[-1]
        assert [s.id for s in store.copies(copy_keys(sentence.text))] == [sentence.id]
        (folder / "x.txt").write_text("Title\n\nNothing is quoted here any more.\n", encoding="utf-8")
        assert svc.ingest([folder], replace=True).ok
        assert store.copies(copy_keys(sentence.text)) == []


def _regiment_store(tmp_path: Path, extra: str = "") -> QAService:
    folder = tmp_path / "a"
    folder.mkdir()
    (folder / "watch.txt").write_text(
        "Regiments to merge\n\n"
        "The Black Watch soldiers returned from Iraq on Monday after a tour near Basra.\n\n"
        "Campaigners said the soldiers of the Black Watch deserved better than a merger.\n\n"
        f"The defence secretary will announce the plan in the Commons next week.{extra}\n",
        encoding="utf-8")
    svc = QAService.open(tmp_path / "s.sqlite3", create=True)
    assert svc.ingest([folder]).ok
    return svc


def test_a_how_many_question_whose_best_sentence_holds_no_number_is_not_sure(tmp_path: Path) -> None:
    with _regiment_store(tmp_path) as svc:
        reply = svc.ask("How many soldiers serve in the Black Watch?")
        assert reply.outcome is Outcome.NOT_SURE and reply.no_answer and reply.answers
        assert reply.lacks == "number" and reply.to_json()["lacks"] == "number"
        when = svc.ask("When did the Black Watch soldiers return from Iraq?")
        assert when.outcome is Outcome.ANSWER and "Monday" in when.answers[0].text


def test_the_same_question_is_answered_once_a_sentence_gives_the_number(tmp_path: Path) -> None:
    with _regiment_store(tmp_path, "\n\nAbout 650 soldiers serve in the Black Watch, the regiment said.") as svc:
        reply = svc.ask("How many soldiers serve in the Black Watch?")
        assert reply.outcome is Outcome.ANSWER and reply.lacks is None
        assert "650" in reply.answers[0].text


def test_a_when_clause_before_the_real_question_is_not_read_as_wanting_a_date(tmp_path: Path) -> None:
    with _regiment_store(tmp_path) as svc:
        reply = svc.ask("When the soldiers returned, which regiment were they from?")
        assert reply.lacks is None


def test_who_holds_an_office_is_not_sure_when_the_best_sentence_names_no_holder(tmp_path: Path) -> None:
    articles = {
        "dam.txt": "Dam talks\n\nThe foreign ministers of Egypt, Ethiopia and Sudan agreed on Wednesday Nov 6th to work "
                   "towards a deal on the dam.\n\nThe talks will resume in Washington in December.\n",
        "rail.txt": "Rail link\n\nJeremy de Souza, a spokesman for Crossrail, said he could not confirm the plan.\n\n"
                    "Lord Butler's report was backed by his predecessor as cabinet secretary, Lord Armstrong.\n",
    }
    with service_over(tmp_path, articles) as svc:
        reply = svc.ask("Who is Ethiopia's foreign minister?")
        assert reply.outcome is Outcome.NOT_SURE and reply.lacks == "name" and reply.no_answer
        assert reply.answers and "foreign ministers of Egypt" in reply.answers[0].text  # still shown, labelled
        # a holder named beside the office, a particle in the name or a title the question shares, is an answer
        assert svc.ask("who is the spokesman for crossrail").outcome is Outcome.ANSWER
        assert svc.ask("Who was Lord Butler's predecessor as cabinet secretary?").outcome is Outcome.ANSWER
        # who did something is no question about an office's holder
        assert refusal.asked_office("Who was appointed US special envoy for Afghanistan?") is None
        assert refusal.asked_office("who is ukraines foreign minister") == "minister"
        # the holder asked for by name: the office is the phrase's head, not any word of it
        assert refusal.asked_office("what is the name of venezuelas ambassador to spain") == "ambassador"
        assert refusal.asked_office("Name the US envoy for Afghanistan.") == "envoy"
        assert refusal.asked_office("What is the name of the ambassador's wife?") is None
        assert refusal.asked_office("What was the name of the ship?") is None
        reply = svc.ask("What is the name of Ethiopia's foreign minister?")
        assert reply.outcome is Outcome.NOT_SURE and reply.lacks == "name"
