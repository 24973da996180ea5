"""A question about someone the articles never name is refused however it is typed; a typo is still read."""
from __future__ import annotations

from pathlib import Path

import pytest

from retrieval.answering.question import subject_starts, words
from retrieval.records import Outcome
from retrieval.service import QAService

SHEETS = (
    "Jennifer Capriati has withdrawn from the Australian Open with a shoulder injury.",
    "Capriati said the injury had not healed in time for the first grand slam of the year.",
    "Her coach said Jennifer would return to training in February.",
    "Heavy rain caused a terrible mess at the stadium on Monday.",
    "Officials said the mess would be cleared before the tournament.",
    "Sarah Kamara coached the juniors on Monday.",
    "Officials said Harris wanted the tournament to go ahead, but would not say when.",
)


@pytest.fixture(scope="module")
def tennis(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("tennis")
    (folder / "capriati.txt").write_text("Capriati out of Australian Open\n\n" + " ".join(SHEETS) + "\n", encoding="utf-8")
    with QAService.open(folder / "s.sqlite3", create=True) as service:
        service.ingest([folder])
        yield service


# -- the rule, on its own ----------------------------------------------------------------------------
def test_the_subject_of_a_question_is_found_after_its_auxiliary_and_after_about() -> None:
    def starts(q: str) -> list[tuple[str, bool]]:
        ws = words(q)
        return [(ws[i], whole) for i, whole in subject_starts(q)]

    assert starts("what did kamala harris say") == [("kamala", False)]
    assert starts("Who is Greta Thunberg?") == [("Greta", True)]
    assert starts("how many goals did messi score last season") == [("messi", False)]
    assert starts("did obama meet sung kim") == [("obama", False)]
    assert starts("tell me about elon musk") == [("elon", False)]
    assert starts("What did Sung Kim say about Boris Johnson?") == [("Sung", False), ("Boris", False)]
    # A determiner or a pronoun leads a kind of thing, not a name; no auxiliary, no subject; a copula's predicate
    # counts only as the whole of "who is ..." (not "what theorems are responsible for ...").
    assert starts("what did the committee decide") == [] and starts("what is the capital of france") == []
    assert starts("what did he say about it") == [] and starts("envoy talks in seoul") == []
    assert starts("what theorems are responsible for time bounds") == []
    assert starts("how did sceptics interpret his remarks about dialogue") == [("sceptics", False)]
    assert starts("which states have simlar social media proposals") == []  # "have" is the verb here


# -- through the service ---------------------------------------------------------------------------
@pytest.mark.parametrize("typed", [
    "What did Kamala Harris say?", "what did kamala harris say", "WHAT DID KAMALA HARRIS SAY", "what did kamala harris say??",
    "What did Putin say about it?", "what did putin say about it", "what did boris johnson say",
    "did obama meet sung kim", "Did Obama meet Sung Kim?",
])
def test_a_question_about_someone_no_article_names_is_refused_however_it_is_typed(seeds: QAService, typed: str) -> None:
    reply = seeds.ask(typed)
    assert reply.no_answer, (typed, reply.outcome, [a.text for a in reply.answers[:1]])


def test_the_properly_typed_and_the_chat_typed_question_get_the_same_reply(seeds: QAService) -> None:
    for proper, chat in [("What did Sullivan say about Pyongyang?", "waht did sulivan say about pyongyang"),
                         ("Who is Sung Kim?", "who is sung kim"),
                         ("What did Kamala Harris say about North Korea?", "what did kamala harris say about north korea")]:
        a, b = seeds.ask(proper), seeds.ask(chat)
        assert (a.outcome, [x.sentence_id for x in a.answers]) == (b.outcome, [x.sentence_id for x in b.answers])


def test_a_known_first_name_does_not_make_an_unknown_surname_someone_the_articles_name(tennis: QAService) -> None:
    # The articles name Jennifer Capriati, not Jennifer Lopez: an answer about Capriati would be about someone else.
    assert not tennis.ask("Who is Jennifer Capriati?").no_answer
    assert tennis.ask("Who is Jennifer Lopez?").outcome is Outcome.NOT_FOUND
    # In lower case too: "jennifer" comes back "Jennifer" (the articles' Jennifer), and all of "who is ..." is the name,
    # so the missing "lopez" after it is part of it
    assert tennis.ask("who is jennifer lopez").outcome is Outcome.NOT_FOUND
    assert not tennis.ask("who is jennifer capriati").no_answer
    # but a possessive ends the name ("Capriati's coach" is asked about, not named), and so does a number
    assert tennis.ask("Who is Jennifer Capriati's husband?").outcome is not Outcome.NOT_FOUND
    assert tennis.ask("Who is Jennifer Capriati? (2)").outcome is not Outcome.NOT_FOUND


def test_a_lower_case_subject_is_read_only_as_a_stored_name_and_other_typos_as_any_word(tennis: QAService) -> None:
    # "messi" is one edit from the stored "mess", but as the subject of a question it is someone the articles lack,
    # as "Messi" is when typed with its capital.
    for typed in ("what did messi say about the stadium", "What did Messi say about the stadium?"):
        reply = tennis.ask(typed)
        assert reply.corrections == () and reply.outcome is Outcome.NOT_FOUND, typed
    # A plain typo there (a letter left out, two neighbours swapped) is still read as the word.
    assert [(c.typed, c.read_as) for c in tennis.ask("what did offcials say about the mess").corrections] == [
        ("offcials", "officials")]
    # A capitalised word is read as an ordinary one it is plainly a typo of ("Offcials"), not as any ("Messi").
    assert [(c.typed, c.read_as) for c in tennis.ask("What did Offcials say about the mess?").corrections] == [
        ("Offcials", "Officials")]
    # A typo elsewhere (or in a phrase led by "the") is still read as the stored word.
    assert [(c.typed, c.read_as) for c in tennis.ask("what happened at the stadum on monday").corrections] == [
        ("stadum", "stadium")]


def test_a_name_beside_a_stored_name_is_read_as_a_stored_one_only_when_some_sentence_names_them_together(
        tennis: QAService) -> None:
    # "Kamala" is one edit from the stored "Kamara", but no sentence names a Kamara Harris: someone else.
    for typed in ("What did Kamala Harris say?", "what did kamala harris say"):
        reply = tennis.ask(typed)
        assert reply.corrections == () and reply.outcome is Outcome.NOT_FOUND, typed
    # Sarah Kamara is named: "Sarah Kamala" is her name misspelt, and answered.
    reply = tennis.ask("What did Sarah Kamala do?")
    assert [(c.typed, c.read_as) for c in reply.corrections] == [("Kamala", "Kamara")] and not reply.no_answer


def test_two_words_run_together_are_not_taken_for_a_name(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Storm warning\n\nThe wind speed reached 120 miles an hour on Monday.\n",
                                    encoding="utf-8")
    with QAService.open(tmp_path / "s.sqlite3", create=True) as service:
        service.ingest([tmp_path / "a.txt"])
        # Read as typed (an ordinary word the articles lack), where a word of no English is taken for a name.
        assert service.ask("what was the windspeed on monday").question == "What was the windspeed on Monday"
        assert service.ask("what was the zorblaxspeed on monday").question == "What was the Zorblaxspeed on Monday"
