"""The answerability (doubt) score: its evidence read from a real store, the decision it drives, and the score's
shape (bounded, monotone in what the best sentence holds)."""
from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from retrieval.answering import refusal
from retrieval.answering.answerer import Answerer
from retrieval.answering.params import DEFAULT, AnswerParams, DoubtParams
from retrieval.answering.query import Stats
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

The line will carry about 300 passengers a day, the authority said.

Critics said the harbour lacks parking for travellers.
""",
    "rain.txt": """Heavy rain expected in Jeju

The weather agency warned of heavy rain and strong winds in Jeju on Sunday.

Fishing boats stayed in port across the island.

Schools on the island will open late on Monday.
""",
}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("doubt")
    articles = root / "articles"
    articles.mkdir()
    for name, text in ARTICLES.items():
        (articles / name).write_text(text, encoding="utf-8")
    with QAService.open(root / "store.sqlite3", create=True) as svc:
        assert svc.ingest([articles]).ok
    return root


def _answerer(folder: Path, params: AnswerParams = DEFAULT) -> Answerer:
    store = Store.open(folder / "store.sqlite3", create=False)
    analyzer = Analyzer()
    return Answerer(store, Retriever.open(store, analyzer, persist=False), analyzer, params)


def _evidence(folder: Path, question: str) -> Evidence:
    found = _answerer(folder).examine(question).evidence
    assert found is not None, f"{question!r} ranked nothing"
    return found


# -- the evidence ----------------------------------------------------------------------------------------------
def test_a_question_its_best_sentence_holds_whole_leaves_no_gap(folder: Path) -> None:
    e = _evidence(folder, "How many passengers will the line carry a day?")
    assert e.coverage == pytest.approx(1.0) and e.best_coverage == pytest.approx(1.0)
    assert e.uncovered_peak == 0.0 and e.absent == 0.0 and e.name_gap == 0.0 and e.article_gap == 0.0
    assert e.shape_gap == 0.0  # "300" is the number it wants


def test_a_word_no_article_uses_counts_as_absent_and_uncovered(folder: Path) -> None:
    e = _evidence(folder, "How many passengers will the line carry to the volcano?")
    assert e.absent > 0.0, "volcano is in no article"
    assert e.uncovered_peak == pytest.approx(1.0), "the absent word is the heaviest and the best sentence lacks it"
    assert e.best_coverage < 1.0 and e.article_gap > 0.0


def test_a_name_the_best_sentence_lacks_is_a_name_gap(folder: Path) -> None:
    near = _evidence(folder, "When will the ferry line to Fukuoka sail?")
    far = _evidence(folder, "When will the ferry line to Nagasaki sail?")
    assert near.name_gap == 0.0
    assert far.name_gap > 0.0 and far.absent > 0.0


def test_a_question_wanting_a_date_of_a_sentence_with_none_is_a_shape_gap(folder: Path) -> None:
    assert _evidence(folder, "When did critics say the harbour lacks parking?").shape_gap == 1.0
    assert _evidence(folder, "What did critics say about the harbour?").shape_gap == 0.0  # wants no shape


def test_a_negated_question_against_a_plain_sentence_is_a_negation(folder: Path) -> None:
    assert _evidence(folder, "Which line will not carry 300 passengers a day?").negation == 1.0
    assert _evidence(folder, "Which line will carry 300 passengers a day?").negation == 0.0
    # the negated word is not in the sentence: it may say the same in other words ("not carry" = "turn away")
    assert _evidence(folder, "Which line will not transport 300 passengers a day?").negation == 0.0
    assert refusal.unmatched_negation("Who never sailed?", "He did not sail.") is None  # both negated
    assert refusal.unmatched_negation("Who didn't sail?", "He sailed.") == "n't"
    assert refusal.unmatched_negation("Who is accused of not enforcing sanctions?", "China is accused of violating them.") is None
    assert refusal.unmatched_negation("Who decides whether or not the ferry sails?", "The mayor decides.") is None
    assert refusal.unmatched_negation("What may or may not sail?", "The ferry may sail.") is None


def test_a_follow_up_turn_has_no_evidence(folder: Path) -> None:
    """The score was fitted on single questions: a second turn's reweighed concepts are not its input."""
    from retrieval.answering.conversation import Conversation
    from retrieval.answering.query import Stats

    answerer = _answerer(folder)
    turn = Conversation("Who is Park Soo-jin?", ("Park Soo-jin",))
    stats = Stats(answerer._retriever.pinned(), answerer._analyzer, DEFAULT)
    r = answerer._read(stats, "What did Park Soo-jin expect of the ferry?", turn)
    assert r.ranked and r.weighed is not None and r.evidence is None


# -- the decision ----------------------------------------------------------------------------------------------
def model(**numbers: float | None) -> DoubtParams:
    """A doubt model with only the given numbers (every other weight 0, no threshold)."""
    zero: dict[str, float | None] = {n: 0.0 for n in Evidence.names()}
    return DoubtParams(**{**zero, "intercept": 0.0, "not_sure": None, "not_found": None, **numbers})  # type: ignore[arg-type]


ANY_EVIDENCE = Evidence(0.5, 0.5, 0.5, 0.0, 0.0, 0.5, 0.1, 0.0, 0.0, 0.25)


def test_no_threshold_means_no_decision() -> None:
    assert refusal.doubtful(replace(DEFAULT, doubt=model(intercept=50.0)), ANY_EVIDENCE) is None
    assert refusal.doubtful(DEFAULT, None) is None


def test_middling_doubt_is_not_sure_and_high_doubt_not_found() -> None:
    low = replace(DEFAULT, doubt=model(intercept=-2.0, not_sure=0.5, not_found=0.9))
    middle = replace(DEFAULT, doubt=model(intercept=0.5, not_sure=0.5, not_found=0.9))
    high = replace(DEFAULT, doubt=model(intercept=3.0, not_sure=0.5, not_found=0.9))
    assert refusal.doubtful(low, ANY_EVIDENCE) is None
    assert refusal.doubtful(middle, ANY_EVIDENCE) is Outcome.NOT_SURE
    assert refusal.doubtful(high, ANY_EVIDENCE) is Outcome.NOT_FOUND


def test_a_doubtful_reply_is_not_sure_with_its_closest_sentences_and_the_words_not_held(folder: Path) -> None:
    # Doubt rises with each share of the question the best sentence lacks.
    p = replace(DEFAULT, doubt=model(intercept=-3.0, uncovered_peak=6.0, not_sure=0.5))
    answerer = _answerer(folder, p)
    reply = answerer.answer("How many passengers will the line carry to the volcano?", k=2)
    assert reply.outcome is Outcome.NOT_SURE and reply.no_answer
    assert reply.answers and "300 passengers" in reply.answers[0].text
    assert "volcano" in reply.missing_terms
    assert reply.to_json()["no_answer"] is True and reply.to_json()["outcome"] == "not_sure"
    sure = answerer.answer("How many passengers will the line carry a day?")
    assert sure.outcome is Outcome.ANSWER and "300 passengers" in sure.answers[0].text


def test_a_very_doubtful_reply_is_not_found(folder: Path) -> None:
    p = replace(DEFAULT, doubt=model(intercept=-3.0, uncovered_peak=6.0, not_sure=0.5, not_found=0.9))
    reply = _answerer(folder, p).answer("How many passengers will the line carry to the volcano?")
    assert reply.outcome is Outcome.NOT_FOUND and reply.no_answer and reply.answers == ()


def test_the_shipped_numbers_answer_a_question_held_whole(folder: Path) -> None:
    reply = _answerer(folder).answer("How many passengers will the line carry a day?")
    assert reply.outcome is Outcome.ANSWER


# -- the score's shape -----------------------------------------------------------------------------------------
unit = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
evidence = st.builds(Evidence, unit, unit, unit, unit, unit, unit, unit, st.sampled_from([0.0, 1.0]), unit,
                     st.sampled_from([1.0, 0.5, 0.25, 0.1]), st.sampled_from([0.0, 1.0]), unit,
                     st.sampled_from([0.0, 1.0]), unit)


@given(evidence)
def test_the_shipped_score_is_a_probability(e: Evidence) -> None:
    s = refusal.doubt(DEFAULT.doubt, e)
    assert 0.0 < s < 1.0 and not math.isnan(s)


@given(evidence, unit, unit)
def test_more_of_the_question_found_never_raises_the_doubt(e: Evidence, a: float, b: float) -> None:
    lo, hi = sorted((a, b))
    for field in ("coverage", "best_coverage"):
        assert refusal.doubt(DEFAULT.doubt, replace(e, **{field: hi})) <= refusal.doubt(DEFAULT.doubt, replace(e, **{field: lo}))
    for field in ("uncovered_peak", "absent", "name_gap", "article_gap", "shape_gap", "negation", "pool_gap", "personal",
                  "off_domain"):
        assert refusal.doubt(DEFAULT.doubt, replace(e, **{field: hi})) >= refusal.doubt(DEFAULT.doubt, replace(e, **{field: lo}))


@given(evidence)
def test_the_evidence_lists_its_values_in_name_order(e: Evidence) -> None:
    assert dict(zip(Evidence.names(), e.values())) == {n: getattr(e, n) for n in Evidence.names()}


def test_a_negated_question_the_best_sentence_does_not_negate_is_not_sure_naming_not(folder: Path) -> None:
    p = replace(DEFAULT, doubt=model(intercept=-3.0, negation=6.0, not_sure=0.5))
    answerer = _answerer(folder, p)
    reply = answerer.answer("Which line will not carry 300 passengers a day?")
    assert reply.outcome is Outcome.NOT_SURE and "not" in reply.missing_terms
    assert answerer.answer("Which line will carry 300 passengers a day?").outcome is Outcome.ANSWER


def test_the_shipped_numbers_doubt_a_negated_question_the_best_sentence_contradicts(folder: Path) -> None:
    reply = _answerer(folder).answer("What will the line not carry?")
    assert reply.outcome is not Outcome.ANSWER and reply.no_answer


def test_a_name_is_capitalised_several_words_a_number_or_a_word_no_article_uses_not_a_restored_compound() -> None:
    from retrieval.answering.rerank import Concept

    text = "On which network did the Defector-turned-lawmaker post about Kim Jong Un in Fukuoka in 2023?"
    restored = Concept("Defector-turned-lawmaker", (("defector", "turn", "lawmak"),), 3.0)  # capitals from the store
    assert not refusal._is_name(restored, text, frozenset())
    assert not refusal._is_name(Concept("Defector", (("defector",),), 3.0), text, frozenset())  # the analyzer's split
    assert refusal._is_name(Concept("Kim Jong Un", (("kim", "jong", "un"),), 6.0, (2.0, 2.0, 2.0)), text, frozenset())
    assert refusal._is_name(Concept("2023", (("2023",),), 4.0), text, frozenset())
    assert refusal._is_name(Concept("Fukuoka", (("fukuoka",),), 5.0), text, frozenset())
    assert refusal._is_name(Concept("Nagasaki", (("nagasaki",),), 9.0), "where is nagasaki", frozenset({"nagasaki"}))
    assert not refusal._is_name(Concept("network", (("network",),), 2.0), text, frozenset())


# -- requests for help or advice --------------------------------------------------------------------------------
def test_a_question_speaking_to_the_asker_or_the_bot_is_personal() -> None:
    for q in ("how do i bake bread", "How do I fix a flat tire?", "can you recommend a restaurant", "any pizza near me",
              "can u give me a recipe", "Can U give a recipe", "what's your name", "I'm hungry"):
        assert refusal.personal(q), q
    # "US" the country, an initial of an abbreviation, a king's numeral, a coal mine: nobody is spoken to
    for q in ("What did Kim say to the US?", "What percentage of the U.S. population voted?", "Who did Alexander I marry?",
              "What did World War I cost?", "How many mine workers went on strike?", "Is I.B.M. hiring?",
              "Why did the party make a U-turn?"):
        assert not refusal.personal(q), q


def test_a_personal_request_whose_words_no_article_holds_together_is_not_sure(folder: Path) -> None:
    answerer = _answerer(folder)
    # one word of it ("rain") in some sentence, the rest in none that holds it: advice the articles cannot give
    off = _evidence(folder, "how do i keep my garden dry in heavy rain")
    assert off.personal == 1.0 and off.pool_gap >= DEFAULT.personal_pool_gap
    reply = answerer.answer("how do i keep my garden dry in heavy rain")
    assert reply.outcome is Outcome.NOT_SURE and reply.answers
    # asked as a request, a question the articles do answer is answered: the words of asking need no article
    on = _evidence(folder, "can you tell me when the first ferry will sail")
    assert on.personal == 1.0 and on.pool_gap == 0.0
    assert answerer.answer("can you tell me when the first ferry will sail").outcome is Outcome.ANSWER
    # the rule off, the shipped doubt score alone answers the personal request
    off_rule = _answerer(folder, replace(DEFAULT, personal_pool_gap=None))
    assert off_rule.answer("how do i keep my garden dry in heavy rain").outcome is not Outcome.NOT_SURE or \
        refusal.doubtful(replace(DEFAULT, personal_pool_gap=None), off) is not None



def test_the_clock_and_the_forecast_are_live_requests_no_story_answers(folder: Path) -> None:
    for q in ("what time is it in tokyo rn", "what is the time", "whats the weather like in jeju tomorrow",
              "hows the weather", "is it gonna rain tmrw", "will it rain in jeju this weekend"):
        assert refusal.live_request(q), q
    # the past, or a story's weather: asked about what the articles report
    for q in ("what was the weather like on sunday", "what time did the ferry sail", "how did the rain affect jeju",
              "what did the weather agency warn of", "is it true that the ferry will sail in july"):
        assert not refusal.live_request(q), q
    answerer = _answerer(folder)
    # "rain" and "Jeju" are in a sentence, but no story says whether it will rain tomorrow
    reply = answerer.answer("is it gonna rain in jeju tomorrow")
    assert reply.outcome is Outcome.NOT_SURE and reply.no_answer and reply.answers
    assert answerer.answer("what did the weather agency warn of in jeju").outcome is Outcome.ANSWER

def test_a_word_the_store_uses_less_than_english_does_is_off_domain(folder: Path) -> None:
    # "garden" and "dry" are words English uses far more than these two stories do; "ferry" and "sail" the reverse
    # (the raw mean: on a store this small the scaled value is 0 for both, see OFF_DOMAIN_LOW)
    store = Store.open(folder / "store.sqlite3", create=False)
    analyzer = Analyzer()
    stats = Stats(Retriever.open(store, analyzer, persist=False).pinned(), analyzer, DEFAULT)
    assert refusal.off_domain(stats, ("garden", "dry", "rain")) > refusal.off_domain(stats, ("first", "ferry", "sail"))
    assert refusal.off_domain(stats, ()) == 0.0
