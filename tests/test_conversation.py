"""A second turn ranked and judged against the first: given concepts weigh less; new words no article uses."""
from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from retrieval.answering.conversation import Conversation, unsupported, weigh
from retrieval.answering.params import DEFAULT, FollowupParams, Weights
from retrieval.answering.question import ANY, NUMBER, PLACE
from retrieval.answering.rerank import Candidate, Concept, Ranked
from retrieval.index.analyzer import Analyzer
from retrieval.records import AnswerSet, Outcome, Sentence, Turn
from retrieval.service import QAService
from tests.conftest import service_over

ANALYZER = Analyzer()
P = DEFAULT.followup


def concept(word: str, weight: float = 2.0) -> Concept:
    return Concept(word, (tuple(ANALYZER.terms(word)),), weight)


def test_concepts_the_previous_question_holds_weigh_less_and_the_rest_are_new() -> None:
    talk = Conversation("Who is Kim Du-yeon?")
    weighed = weigh([concept("Kim"), concept("sign"), concept("good")], talk, ANALYZER, P)
    assert [c.weight for c in weighed.concepts] == [2.0 * P.given_weight, 2.0, 2.0]
    assert weighed.new == (False, True, True)


def test_what_the_reading_carried_over_is_given_too() -> None:
    # "When was he appointed?" read with he = Noh Kyu-duk from the previous answer
    talk = Conversation("Who is Sung Kim's counterpart?", carried=("Noh Kyu-duk",))
    weighed = weigh([concept("Noh"), concept("appointed")], talk, ANALYZER, P)
    assert weighed.new == (False, True)


def test_a_name_of_several_words_keeps_its_parts_in_proportion() -> None:
    name = Concept("Sung Kim", (("sung", "kim"),), 3.0, (1.0, 2.0))
    weighed = weigh([name], Conversation("Who is Sung Kim?"), ANALYZER, P)
    assert weighed.concepts[0].weight == pytest.approx(3.0 * P.given_weight)
    assert weighed.concepts[0].name_parts == pytest.approx((P.given_weight, 2 * P.given_weight))


@given(st.lists(st.sampled_from(["Sung", "Kim", "sanctions", "talks", "Seoul", "envoy", "met"]), min_size=1,
                max_size=6))
def test_weighing_only_ever_lowers_a_weight_and_never_for_a_word_the_previous_question_lacks(words: list[str]) -> None:
    talk = Conversation("Where did Sung Kim meet the envoy?")
    concepts = [concept(w) for w in words]
    weighed = weigh(concepts, talk, ANALYZER, P)
    for before, after, new in zip(concepts, weighed.concepts, weighed.new):
        assert after.weight <= before.weight
        assert new == (after.weight == before.weight)


def best(shape_found: bool = False) -> Ranked:
    """A best sentence; `shape_found`: it holds a piece of the shape the question asks for."""
    values = tuple(1.0 if shape_found and name == "answer_type" else 0.0 for name in Weights.names())
    sentence = Sentence(1, "a.txt", 0, 0, 10, "Some text.")
    return Ranked(Candidate(sentence, 1.0, ()), 1.0, 0.5, (), values)


def test_not_sure_only_when_no_article_uses_any_new_word() -> None:
    weighed = weigh([concept("interview"), concept("programme")], Conversation("Who gave the interview?"), ANALYZER, P)
    assert unsupported(weighed, ("programme",), best(), ANY, "Which", P) == ("programme",)
    assert unsupported(weighed, (), best(), ANY, "Which", P) == ()
    both = weigh([concept("programme"), concept("channel")], Conversation("Who gave the interview?"), ANALYZER, P)
    assert unsupported(both, ("programme",), best(), ANY, "Which", P) == ()  # one new word is there
    # a word asking for a role is answered without the word ("serving as acting deputy secretary")
    role = weigh([concept("job")], Conversation("Who is Sung Kim?"), ANALYZER, P)
    assert unsupported(role, ("job",), best(), ANY, "What", P) == ()
    # nor does a verb any event answers ("What happened after that?")
    event = weigh([concept("happened")], Conversation("Where did Sung Kim meet Noh?"), ANALYZER, P)
    assert unsupported(event, ("happened",), best(), ANY, "What", P) == ()
    # nor a saying verb any quotation answers ("What did Noh tell him?" -> "Noh said ...")
    told = weigh([concept("tell")], Conversation("Where did Noh meet Sung Kim?"), ANALYZER, P)
    assert unsupported(told, ("tell",), best(), ANY, "What", P) == ()
    off = dataclasses.replace(P, not_sure_unsupported=False)
    assert unsupported(weighed, ("programme",), best(), ANY, "Which", off) == ()


def test_not_sure_when_the_best_sentence_holds_none_of_the_new_words() -> None:
    weighed = weigh([concept("Sullivan"), concept("sanctions"), concept("talk")], Conversation("When did Sullivan speak?"),
                    ANALYZER, P)
    holding = dataclasses.replace(best(), matches=(1.0, 0.0, 0.0))
    assert unsupported(weighed, (), holding, ANY, "Did", P) == ("sanctions", "talk")  # only the subject again
    assert unsupported(weighed, (), dataclasses.replace(holding, matches=(1.0, 0.0, 1.0)), ANY, "Did", P) == ()
    # a generic verb held or not decides nothing: "Where does he work?" is answered by an affiliation
    work = weigh([concept("Sullivan"), concept("work")], Conversation("Who is Sullivan?"), ANALYZER, P)
    assert unsupported(work, (), dataclasses.replace(best(), matches=(1.0, 0.0)), ANY, "Where", P) == ()
    off = dataclasses.replace(P, not_sure_unheld=False)
    assert unsupported(weighed, (), holding, ANY, "Did", off) == ()


def test_a_follow_up_adding_only_a_question_word_is_not_sure_without_the_shape_it_asks_for() -> None:
    # "How old is he?" after "Who is Sung Kim?": nothing new but the question phrase
    weighed = weigh([concept("Sung"), concept("Kim")], Conversation("Who is Sung Kim?"), ANALYZER, P)
    assert unsupported(weighed, (), best(shape_found=False), NUMBER, "How old", P) == ("How old",)
    assert unsupported(weighed, (), best(shape_found=True), NUMBER, "How old", P) == ()
    assert unsupported(weighed, (), best(), ANY, "What", P) == ()  # no shape to miss
    # a place is often there without the detector seeing one ("in an interview with ABC"): no verdict
    assert unsupported(weighed, (), best(), PLACE, "Where", P) == ()
    off = dataclasses.replace(P, not_sure_shapeless=False)
    assert unsupported(weighed, (), best(), NUMBER, "How old", off) == ()


def test_the_conversation_is_the_previous_question_as_read() -> None:
    previous = Turn("What did he say?", AnswerSet(question="What did Sung Kim say?", no_answer=True))
    assert Conversation.after(previous).previous_question == "What did Sung Kim say?"
    assert Conversation.after(previous, ("Sung Kim",)).carried == ("Sung Kim",)


def test_every_follow_up_number_lives_in_the_one_parameter_object() -> None:
    assert isinstance(DEFAULT.followup, FollowupParams)
    assert 0.0 < DEFAULT.followup.given_weight <= 1.0


# -- through the service, on the seeds --------------------------------------------------------------
def test_a_follow_up_whose_new_words_no_article_uses_is_not_sure_naming_them(seeds: QAService) -> None:
    question = "Where did Sung Kim meet Chung Eui-yong?"
    first = seeds.ask(question, k=3)
    reply = seeds.ask("What did they eat at the meeting?", k=3, previous=Turn(question, first))
    assert reply.reading is not None and reply.reading.startswith("they = Sung Kim and Chung Eui-yong")
    assert reply.outcome is Outcome.NOT_SURE and reply.no_answer
    assert reply.missing_terms == ("eat",)
    assert reply.answers  # the closest sentences are still shown, labelled


def test_a_follow_up_ranks_the_new_words_above_the_subject_it_inherits(seeds: QAService) -> None:
    # "Who is Kim Du-yeon?" then "What did he call a good sign?": the sentence with "a good sign" (whose
    # neighbour names him) beats the one that only names him again.
    question = "Who is Kim Du-yeon?"
    first = seeds.ask(question, k=1)
    reply = seeds.ask("What did he call a good sign?", k=3, previous=Turn(question, first))
    assert "good sign" in reply.answers[0].text
    assert reply.answers[0].sentence_id != first.answers[0].sentence_id


def test_the_same_question_in_the_same_conversation_gets_the_same_reply(seeds: QAService) -> None:
    first = seeds.ask("What did Sullivan say about Pyongyang?", k=3)
    previous = Turn("What did Sullivan say about Pyongyang?", first)
    assert seeds.ask("Where did he say it?", previous=previous).to_json() == \
        seeds.ask("Where did he say it?", previous=previous).to_json()


def test_a_new_subject_sharing_words_with_the_previous_question_ranks_as_if_asked_alone(seeds: QAService) -> None:
    # piped console questions are a conversation too: a complete question must not be re-weighed by the one before
    question = "What did Sung Kim say about Pyongyang?"
    first = seeds.ask(question, k=3)
    after = seeds.ask("When did Sung Kim take over as special envoy?", k=3, previous=Turn(question, first))
    alone = seeds.ask("When did Sung Kim take over as special envoy?", k=3)
    assert after.reading is None
    assert after.to_json() == alone.to_json()


# -- the subject held by the article --------------------------------------------------------------------
_BOATENG = ("Paul Boateng, Chief Secretary to the Treasury, is to step down as a Labour MP at the election.",
            "Paul Boateng is to take up the post of high commissioner to South Africa.",
            "The Treasury said the move had been planned for months.",
            "Colleagues paid tribute to his work on public spending.",
            "He will succeed the previous High Commissioner, Ann Grant, after the election.")
_MORROW = ("Mr Morrow will succeed Shiro Tsuda as president of Vodafone KK in April.",
           "Vodafone KK is the number three mobile operator in Japan.")
_OTHER = ("The election is widely expected to be held on 5 May.", "Labour leads in the polls.")
_MEETING = ("The envoys met in Seoul on Monday.", "The meeting was the first among the envoys since Biden took office.",
            "It came just days after Kim Jong-un spoke of dialogue.")
_REMARKS = ("Kim Jong-un spoke of dialogue and confrontation at the plenary meeting.",
            "Analysts said the remarks about dialogue came after months of silence.")


def _titled(**articles: tuple[str, ...]) -> dict[str, str]:
    """Article files named for their key, each a title line and its sentences as one paragraph."""
    return {f"{name}.txt": f"Title of {name}.txt\n\n" + " ".join(sentences) + "\n" for name, sentences in articles.items()}


def _service_of(**articles: tuple[str, ...]):
    """A module-scoped fixture: a service over `_titled(**articles)`."""
    @pytest.fixture(scope="module")
    def service(tmp_path_factory: pytest.TempPathFactory):
        with service_over(tmp_path_factory.mktemp("articles"), _titled(**articles)) as opened:
            yield opened
    return service


boateng = _service_of(boateng=_BOATENG, morrow=_MORROW, election=_OTHER, meeting=_MEETING, remarks=_REMARKS)


def test_a_sentence_leaning_on_the_subject_in_its_article_answers_the_follow_up(boateng: QAService) -> None:
    first = boateng.ask("What post is Paul Boateng to take up after stepping down?", k=3)
    second = boateng.ask("Who will he succeed?", k=3, previous=Turn("What post is Paul Boateng to take up after "
                                                                      "stepping down?", first), explain=True)
    assert second.reading == "he = Paul Boateng"
    assert "Ann Grant" in second.answers[0].text  # not "Mr Morrow will succeed ...", not the first answer again
    lines = {f.name: f.value for f in second.answers[0].explanation}
    assert lines["subject_in_article"] > 0
    assert sum(lines.values()) == pytest.approx(second.answers[0].score, abs=1e-3)  # --explain still adds up


def test_another_articles_sentence_and_a_new_subject_get_no_subject_credit(boateng: QAService) -> None:
    first = boateng.ask("What post is Paul Boateng to take up after stepping down?", k=3)
    second = boateng.ask("Who will he succeed?", k=5, previous=Turn("What post is Paul Boateng to take up?", first),
                         explain=True)
    morrow = [a for a in second.answers if a.source == "morrow.txt"]
    assert all(f.name != "subject_in_article" for a in morrow for f in a.explanation)
    fresh = boateng.ask("Who will Mr Morrow succeed?", k=3, previous=Turn("Who will he succeed?", second), explain=True)
    assert fresh.reading is None
    assert all(f.name != "subject_in_article" for a in fresh.answers for f in a.explanation)


def test_a_sentence_going_on_from_the_previous_answer_answers_the_follow_up(boateng: QAService) -> None:
    question = "Was the Seoul meeting the first among the envoys since Biden took office?"
    first = boateng.ask(question, k=3)
    assert first.answers[0].text.startswith("The meeting was the first")
    second = boateng.ask("How long after Kim Jong-un's dialogue remarks did it come?", k=3,
                         previous=Turn(question, first), explain=True)
    assert second.answers[0].text.startswith("It came just days after")
    assert "after_answer" in {f.name for f in second.answers[0].explanation}


_JAL = ("Japan Airlines has firmly ordered 30 planes from Boeing.", "The airline chose the jet for its range.",
        "The first will be delivered in April 2008.")
_AIRBUS = ("Air Europe has bought ten planes from Airbus.", "The Airbus planes will be delivered in 2007, Air Europe said.")


airlines = _service_of(jal=_JAL, airbus=_AIRBUS)


def test_a_follow_up_stays_in_the_previous_answers_article(airlines: QAService) -> None:
    question = "How many planes has Japan Airlines firmly ordered?"
    first = airlines.ask(question, k=3)
    assert first.answers[0].source == "jal.txt"
    second = airlines.ask("When will they be delivered?", k=3, previous=Turn(question, first), explain=True)
    assert second.reading is not None
    assert second.answers[0].text == "The first will be delivered in April 2008."  # not the Airbus planes' date
    assert "previous_article" in {f.name for f in second.answers[0].explanation}
    assert all(f.name != "previous_article" for a in second.answers if a.source != "jal.txt" for f in a.explanation)
    # asked alone, nothing leans on Japan Airlines' article
    alone = airlines.ask("When will the planes be delivered?", k=3, explain=True)
    assert all(f.name != "previous_article" for a in alone.answers for f in a.explanation)


_ELDER = ("The 101-year-old Torao Toshitsune has eaten raw fish pretty much every day of his long life in Osaka.",
          "He keeps a regular routine of copying out poems.",
          "Between tasks, this remarkably active senior citizen reveals what his next goal is: a trip abroad.")


@pytest.fixture(scope="module")
def elder(tmp_path_factory: pytest.TempPathFactory):
    with service_over(tmp_path_factory.mktemp("elder"), {
            "elder.txt": "Japan's elders\n\n" + " ".join(_ELDER) + "\n",
            "other.txt": "Fish prices\n\nRaw fish prices in Osaka rose this year.\n"}) as service:
        yield service


def test_the_previous_answer_holding_nothing_new_gives_way(elder: QAService) -> None:
    question = "How old is Torao Toshitsune?"
    first = elder.ask(question, k=3)
    assert first.answers[0].text == _ELDER[0]
    second = elder.ask("What is his next goal?", k=3, previous=Turn(question, first), explain=True)
    assert second.reading == "his = Torao Toshitsune"
    assert second.answers[0].text == _ELDER[2] and second.outcome.value == "answer"
    assert any(f.name == "repeat_answer" for a in second.answers if a.text == _ELDER[0] for f in a.explanation)
    # a second turn whose words the previous answer holds keeps it ("Where does he eat raw fish?")
    where = elder.ask("Where has he eaten raw fish?", k=3, previous=Turn(question, first), explain=True)
    assert where.answers[0].text == _ELDER[0]
    assert all(f.name != "repeat_answer" for f in where.answers[0].explanation)


@pytest.fixture(scope="module")
def argonaut(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("argonaut")
    (folder / "san.txt").write_text(
        "Games man buys back his firm\n\nJez San, the man behind the Argonaut games group which went into "
        "administration a week ago, has bought back most of the company. He founded Argonaut in 1982 and has been "
        "behind titles such as 1993 Starfox game. The developer, who received an OBE in 2002, was once worth "
        "more than 200 million pounds.\n", encoding="utf-8")
    with QAService.open(folder / "s.sqlite3", create=True) as service:
        service.ingest([folder])
        yield service


def test_a_name_no_article_holds_is_no_antecedent(argonaut: QAService) -> None:
    first = argonaut.ask("who founded argonot")
    assert first.outcome is Outcome.NOT_FOUND and "argonot" in [t.lower() for t in first.missing_terms]
    second = argonaut.ask("when did he get his obe", previous=Turn("who founded argonot", first))
    assert second.reading is None or "argonot" not in second.reading.lower()


def test_he_is_not_a_name_of_unknown_kind_in_an_answer_opening_with_he(argonaut: QAService) -> None:
    first = argonaut.ask("who founded argonaut")
    assert first.answers[0].text.startswith("He founded Argonaut")
    second = argonaut.ask("when did he get his obe", previous=Turn("who founded argonaut", first))
    assert second.reading is None or "Starfox" not in second.reading
    assert any("OBE in 2002" in a.text for a in second.answers)


_BREWERS = ("Dutch firm Heineken saw its annual profits drop 33% in 2004.",
            "Danish rival Carlsberg suffered a 3% fall in profits over the same period.",
            "Heineken blamed weak demand in western Europe.",
            "It will cut jobs in its Dutch breweries.",
            "Carlsberg, the fifth-largest brewer, saw annual pre-tax profits at 3.4bn kroner.")


@pytest.fixture(scope="module")
def brewers(tmp_path_factory: pytest.TempPathFactory):
    with service_over(tmp_path_factory.mktemp("brewers"), {"brewers.txt": "Brewers' profits\n\n" + " ".join(_BREWERS) + "\n"}) as service:
        yield service


def test_the_sentence_after_the_previous_answer_answers_the_follow_up(brewers: QAService) -> None:
    # led by no pronoun (not after_answer), it holds fewer of the question's words than a later sentence naming
    # Carlsberg's annual profits, but it goes on from the answer the follow-up leans on
    question = "By how much did Heineken's annual profits drop?"
    first = brewers.ask(question, k=3)
    assert first.answers[0].text == _BREWERS[0]
    second = brewers.ask("and carlsberg?", k=3, previous=Turn(question, first), explain=True)
    assert second.reading is not None and "Carlsberg" in second.question
    assert second.answers[0].text == _BREWERS[1]
    assert "near_answer" in {f.name for f in second.answers[0].explanation}
    assert all(f.name != "near_answer" for a in second.answers[1:] for f in a.explanation)
    # asked alone, nothing is near a previous answer
    alone = brewers.ask(second.question, k=3, explain=True)
    assert all(f.name != "near_answer" for a in alone.answers for f in a.explanation)


def test_a_copy_of_the_previous_answer_in_another_article_is_the_same_answer_again() -> None:
    talk = Conversation("When will the EU start talks?", previous_answer=("a.txt", 3),
                        previous_text="The EU said “talks” will start in April.")
    assert talk.repeats("a.txt", 3, "anything")
    assert talk.repeats("b.txt", 7, 'The EU said "talks" will start in April.')
    assert not talk.repeats("b.txt", 7, "The EU said talks will start in May.")
    assert not Conversation("q").repeats("a.txt", 3, "The EU said talks will start in April.")


_CROATIA = ("EU leaders agreed to open talks with Turkey next year.",
            "It could take up to 15 years before Turkey is able to join.",
            "The EU has also announced that it will start accession talks with Croatia in April 2005.",
            "However, talks will begin only if the country co-operates fully with the UN war crimes tribunal.")


@pytest.fixture(scope="module")
def croatia(tmp_path_factory: pytest.TempPathFactory):
    with service_over(tmp_path_factory.mktemp("croatia"), {
            "eu.txt": "EU talks\n\n" + " ".join(_CROATIA) + "\n",
            "other.txt": "Croatia's coast\n\nTourism in Croatia grew in 2004. Hotels on the coast were full.\n"}) as service:
        yield service


def test_a_pronoun_led_sentence_holding_none_of_the_question_gets_no_full_subject_credit(croatia: QAService) -> None:
    question = "When will the EU start accession talks with Croatia?"
    first = croatia.ask(question, k=3)
    assert "April 2005" in first.answers[0].text
    second = croatia.ask("On what condition?", k=5, previous=Turn(question, first), explain=True)
    # "condition" names only the kind of answer: "only if ..." gives one without the word, so no "not sure"
    assert second.outcome is Outcome.ANSWER
    assert second.answers[0].text == _CROATIA[3]
    lines = {a.text: {f.name: f.value for f in a.explanation} for a in second.answers}
    if _CROATIA[1] in lines:  # "It could take ..." holds no word of the question: at most the plain share
        assert lines[_CROATIA[1]].get("subject_in_article", 0.0) < lines[_CROATIA[3]].get("subject_in_article", 0.0) + 0.5
    off = dataclasses.replace(P, lead_needs_a_word=False)
    assert off != P


def _pronoun_led(before_terms: frozenset[str], p: FollowupParams = P) -> float:
    """The subject credit "He was worried about fatigue." (Manchin's article, after a sentence holding before_terms)
    gets for the given "Manchin" of "Why would Manchin be worried?"."""
    from retrieval.answering.conversation import Weighed, subject_in_article
    analyzer_terms = tuple(ANALYZER.terms("He was worried about fatigue."))
    sentence = Sentence(1, "manchin.txt", 5, 0, 29, "He was worried about fatigue.")
    ranked = Ranked(Candidate(sentence, 1.0, [(t, 0, 1) for t in analyzer_terms], terms=analyzer_terms), 1.0, 0.5,
                    (), matches=(0.0, 1.0))
    weighed = Weighed((concept("Manchin"), concept("worried")), (False, True))
    out = subject_in_article([ranked], {"manchin.txt": frozenset({"manchin", "worri", "fatigu"})}, weighed, 2.0, p,
                             before=lambda source, position: before_terms)
    return sum(f.value for f in out[0].features if f.name == "subject_in_article")


def test_a_pronoun_led_sentence_stands_for_the_subject_only_after_a_sentence_naming_it() -> None:
    # "He lost to Joe Biden ..." after a sentence about Trump is no sentence about Manchin: the plain share only
    on = dataclasses.replace(P, antecedent_window=2)  # shipped off (params.py says why); the rule as it reads when on
    named = _pronoun_led(frozenset(ANALYZER.terms("Manchin")), on)
    other = _pronoun_led(frozenset(ANALYZER.terms("Trump")), on)
    assert named > other > 0
    assert other == pytest.approx(named * P.subject_article_plain / P.subject_article)
    # with no window every pronoun-led sentence of the article gets the full share, as before
    assert _pronoun_led(frozenset(), dataclasses.replace(P, antecedent_window=0)) == pytest.approx(named)


_WIFI = ("A survey of wireless networks in London found that a third had basic security switched off.",
         "By contrast last year's survey found that 15% of firms had failed to take basic steps.",
         "The researchers drove around the city centre with a laptop.")
# Twelve stories each holding "share", "last" and "year" together: "and what was it last year" hits them first, so
# the wireless story is not among the `article_pool` best articles the follow-up's words find.
_SHARES = {f"shares{i}": (f"Last year the market share of firm number {i} rose by {i + 2}% across the region.",
                          f"Analysts expect firm number {i} to keep growing.") for i in range(12)}


wifi = _service_of(wifi=_WIFI, **_SHARES)


def test_the_previous_answers_article_is_a_candidate_whatever_the_follow_up_hits(wifi: QAService) -> None:
    question = "What share of wireless networks had basic security switched off?"
    first = wifi.ask(question, k=3)
    assert first.answers[0].text == _WIFI[0]
    second = wifi.ask("and what was it last year", k=3, previous=Turn(question, first), explain=True)
    assert second.reading is not None
    assert second.answers[0].text == _WIFI[1]  # next to the answer read, not another firm's market share
    assert {"previous_article", "near_answer"} <= {f.name for f in second.answers[0].explanation}
    # asked alone, the wireless story stays out of reach of the other stories' "share last year"
    alone = wifi.ask(second.question, k=3)
    assert all(a.source != "wifi.txt" for a in alone.answers)


_GM = ("General Motors (GM) said it expected reduced financial losses in Europe in 2005.",
       "The carmaker cut thousands of jobs across Germany.",
       "Its vehicle businesses achieved record profits in Asia last year.")
_QANTAS = ("Despite making a record profit last year, Qantas has argued that it needs to make savings.",
           "Qantas announced a record profit last year and is on course for another.")


carmakers = _service_of(gm=_GM, qantas=_QANTAS)


def test_a_sentence_of_an_article_naming_none_of_the_conversations_subject_gives_way(carmakers: QAService) -> None:
    question = "What does GM expect from its European business in 2005?"
    first = carmakers.ask(question, k=3)
    assert first.answers[0].text == _GM[0]
    second = carmakers.ask("and where did it make record profits last year", k=3, previous=Turn(question, first),
                           explain=True)
    assert second.reading == "it = GM"
    assert second.answers[0].text == _GM[2]  # GM's record, not Qantas's, which holds more of the question's words
    assert all(any(f.name == "subject_absent" for f in a.explanation) for a in second.answers if a.source == "qantas.txt")
    assert all(f.name != "subject_absent" for a in second.answers if a.source == "gm.txt" for f in a.explanation)


def _story_ranking(p: FollowupParams) -> list[str]:
    """Two sentences of the previous answer's article after "and how much is she likely to get now" (about the banker):
    one naming the subject only, ranked first by the re-ranker, one holding the new word "likely"."""
    from retrieval.answering.conversation import Weighed, subject_in_article
    texts = ("Merrill Lynch is dedicated to a meritocracy.", "The partial victory is likely to cap her compensation.")
    ranked = [Ranked(Candidate(Sentence(i + 1, "bank.txt", 9 + i * 4, 0, len(text), text), 1.0, ()), score, 0.3, (),
                     matches=matches)
              for i, (text, score, matches) in enumerate(zip(texts, (2.2, 2.0), ((1.0, 0.0), (0.0, 1.0))))]
    weighed = Weighed((concept("Merrill Lynch"), concept("likely")), (False, True))
    talk = Conversation("How much was the Merrill Lynch banker suing for?", previous_answer=("bank.txt", 1))
    out = subject_in_article(ranked, {"bank.txt": frozenset({"merril", "lynch", "like"})}, weighed, 2.0,
                             dataclasses.replace(p, subject_article=0.0), talk)
    return [r.candidate.sentence.text for r in out]


def test_the_previous_answers_story_lifts_only_what_holds_a_word_the_follow_up_adds() -> None:
    assert _story_ranking(P)[0].startswith("The partial victory is likely")
    # with the story lifting every sentence of it, the one naming only the subject stays first
    assert _story_ranking(dataclasses.replace(P, previous_article_needs_new=False))[0].startswith("Merrill Lynch")


_TALKS = ("Egypt's Foreign Minister Badr Abdelatty and his Canadian counterpart Melanie Joly talked about a ceasefire in Gaza.",
          "Abdelatty reviewed Egypt's efforts to contain the escalation in the region.")
talks = _service_of(talks=_TALKS, airbus=_AIRBUS)


def test_a_follow_up_asking_only_when_says_the_best_match_gives_no_date_not_that_it_lacks_the_question_word(
        talks: QAService) -> None:
    question = "What did Abdelatty and Joly talk about?"
    first = talks.ask(question, k=3)
    assert first.answers[0].source == "talks.txt"
    second = talks.ask("when did they talk", k=3, previous=Turn(question, first))
    assert second.reading is not None and second.outcome is Outcome.NOT_SURE
    assert second.lacks == "date" and not any(t.lower() == "when" for t in second.missing_terms), second
