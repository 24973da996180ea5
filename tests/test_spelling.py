"""Chat-typed questions: the store's lexicon, punctuation, truecasing and misspelling correction."""
from __future__ import annotations

import json
import string
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from retrieval.answering.shorthand import expand_shorthand
from retrieval.answering.spelling import QuestionReader, expand_wh_is, fold_accents, is_caseless, tidy_punctuation
from retrieval.corpus.store import Store
from retrieval.index.analyzer import Analyzer
from retrieval.index.lexicon import COUNTED_BY, Lexicon, count_words, lexicon_path, surface_words
from retrieval.records import Correction
from retrieval.service import QAService
from tests.conftest import parsed_article, service_over

SENTENCES = (
    "Sung Kim met the envoy in Seoul on Monday.",
    "The envoy said Sung Kim would return to Washington.",
    "Jake Sullivan told ABC that the US wants talks with the DPRK.",
    "Officials said Sullivan spoke after the meeting in Seoul.",
    "Envoys Meet In Seoul As Talks Stall Again",  # a title-case line: its capitals tell nothing
    "Reporters asked what the envoy would say next.",
)


@pytest.fixture
def small_store(tmp_path: Path) -> Store:
    with Store.open(tmp_path / "s.sqlite3", create=True) as store:
        store.add_batch([parsed_article("a.txt", SENTENCES)], replace=False)
        yield store


def reader_for(lexicon: Lexicon, vocabulary: set[str] | None = None) -> QuestionReader:
    analyzer = Analyzer()
    known = {t for w in (vocabulary or set(lexicon.words())) for t in analyzer.terms(w)}
    return QuestionReader(lexicon, lambda word: bool(analyzer.terms(word)) and all(
        t in known for t in analyzer.terms(word)), analyzer.is_stop_word)


# -- the lexicon -----------------------------------------------------------------------------
def test_lexicon_counts_words_and_their_usual_written_form(small_store: Store) -> None:
    lexicon = Lexicon.open(small_store)
    assert lexicon.usual_form("sung") == "Sung" and lexicon.usual_form("kim") == "Kim"
    assert lexicon.usual_form("us") == "US" and lexicon.usual_form("dprk") == "DPRK"
    assert lexicon.usual_form("envoy") == "envoy"  # "The envoy ..." and "Envoys Meet ..." do not count
    assert lexicon.count("envoy") == 3 and lexicon.count("ENVOY") == 3
    # Seen only first in a sentence: its case tells nothing.
    assert "reporters" in lexicon and lexicon.usual_form("reporters") is None


def test_a_title_case_line_and_sentence_starts_do_not_vote_for_capitals() -> None:
    counts = count_words(["Talks Resume In Seoul After Long Pause", "Talks resumed.", "The talks resumed."])
    assert counts.cased["talks"] == 1 and "Talks" not in counts.cased
    assert counts.total["talks"] == 3


def test_possessives_and_hyphens_are_one_word_as_the_question_reader_sees_them() -> None:
    words = surface_words("Kim Jong-un’s remarks, and the U.S. reply")
    assert [w.form for w in words] == ["Kim", "Jong-un", "remarks", "and", "the", "U.S", "reply"]
    assert words[1].suffix == "’s"


def test_the_lexicon_is_saved_beside_the_store_and_caught_up_batch_by_batch(small_store: Store) -> None:
    first = Lexicon.open(small_store)
    path = lexicon_path(small_store.path)
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["batch"] == first.version.batch == 1
    small_store.add_batch([parsed_article("b.txt", ["Later Zorblax Quenton joined Sung Kim in Tokyo."])], replace=False)
    again = Lexicon.open(small_store)  # loads batch 1 from the file, then counts batch 2 only
    assert again.version.batch == 2
    assert again.usual_form("zorblax") == "Zorblax" and again.count("sung") == first.count("sung") + 1
    assert json.loads(path.read_text(encoding="utf-8"))["batch"] == 2


def test_an_unreadable_lexicon_file_is_rebuilt_from_the_store(small_store: Store, caplog) -> None:
    Lexicon.open(small_store)
    path = lexicon_path(small_store.path)
    path.write_text("{not json", encoding="utf-8")
    lexicon = Lexicon.open(small_store)
    assert lexicon.usual_form("sullivan") == "Sullivan"
    assert "not using the saved lexicon" in caplog.text and str(path) in caplog.text


def test_a_lexicon_counted_by_other_rules_is_counted_afresh_not_read(small_store: Store) -> None:
    """Another version of the code on the same store (other counting rules or another `normalise`) saved the
    file: its counts describe other words, so they are not used, whatever store version it claims."""
    Lexicon.open(small_store)
    path = lexicon_path(small_store.path)
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["counted_by"] == COUNTED_BY
    saved.update(counted_by="counting0-rules0", total={"zorblax": 7}, cased={"Zorblax": 7}, best={"zorblax": "Zorblax"})
    path.write_text(json.dumps(saved), encoding="utf-8")
    lexicon = Lexicon.open(small_store)
    assert "zorblax" not in lexicon and lexicon.usual_form("sullivan") == "Sullivan"
    assert json.loads(path.read_text(encoding="utf-8"))["counted_by"] == COUNTED_BY  # and saved again, ours


# On a tie of edits, the commoner slip of fast typing before a letter changed, though the changed one is commoner:
# "wich" is "which" (an "h" left out), not "with"; "plannet" is "planet" (an "n" typed twice), not "planned".
@pytest.mark.parametrize(("sentences", "common", "typed", "read_as"), [
    (["The envoy spoke with officials, with aides and with reporters.", "Which envoy spoke first?"],
     "with", "wich envoy spoke first", "which"),
    (["Officials planned talks, planned visits and planned a summit.", "Which planet is closest to the sun?"],
     "planned", "which plannet is closest to the sun", "planet"),
])
def test_on_a_tie_of_edits_a_left_out_or_doubled_letter_is_read_before_a_changed_one(
        tmp_path: Path, sentences: list[str], common: str, typed: str, read_as: str) -> None:
    with Store.open(tmp_path / "w.sqlite3", create=True) as store:
        store.add_batch([parsed_article("w.txt", sentences)], replace=False)
        lexicon = Lexicon.open(store)
    assert lexicon.count(common) > lexicon.count(read_as)
    read = reader_for(lexicon).read(typed)
    wrong = next(w for w in typed.split() if lexicon.count(w) == 0)
    assert [(c.typed, c.read_as) for c in read.corrections] == [(wrong, read_as)]


def test_an_unknown_full_name_is_not_misread_part_by_part_into_a_pair_nobody_is_called(tmp_path: Path) -> None:
    articles = {"n.txt": "Names\n\nVilla striker Gareth Barry scored twice. The opera star Prima Vera sang in Milan. "
                         "General William Sherman marched to the sea. Analysts at Fenwick said broadband grew.\n"}
    with service_over(tmp_path, articles) as service:
        # "priya" is one edit from "Prima", "osterman" two from "Sherman": no sentence names a Prima Sherman
        reply = service.ask("what did priya osterman say about broadband", k=1)
        assert reply.corrections == () and reply.no_answer
        assert {t.lower() for t in reply.missing_terms} >= {"priya", "osterman"}
        # a surname that looks like two English words run together ("pen" + "dry") is a name beside a stored one
        pendry = service.ask("what did gareth pendry say", k=1)
        assert pendry.question.startswith("What did Gareth Pendry say") and pendry.no_answer
        # while a word run together away from any name is still no name
        assert service.ask("what was the windspeed in milan", k=1).question.startswith("What was the windspeed")


# -- punctuation and case ----------------------------------------------------------------------
@pytest.mark.parametrize(("typed", "tidy"), [
    ("¿Who is Sung Kim?", "Who is Sung Kim?"),
    ("who is sung kim??!", "who is sung kim?"),
    ("- who is he ?!", "who is he?"),
    ("Who is he...", "Who is he."),
    ('"Sung Kim" who?', '"Sung Kim" who?'),
])
def test_stray_punctuation_is_tidied(typed: str, tidy: str) -> None:
    assert tidy_punctuation(typed) == tidy


@given(st.text(max_size=60))
def test_tidying_never_adds_letters_and_is_stable(text: str) -> None:
    tidy = tidy_punctuation(text)
    letters = [c for c in tidy if c.isalnum()]
    assert letters == [c for c in text if c.isalnum()][-len(letters):] if letters else True
    assert tidy_punctuation(tidy) == tidy


@pytest.mark.parametrize(("typed", "read"), [
    ("whos sung kim", "who is sung kim"),
    ("Who's Sung Kim?", "Who is Sung Kim?"),
    ("whats the capital", "what is the capital"),
    ("wheres he now, and what’s next", "where is he now, and what is next"),
    ("whose car is it", "whose car is it"),
    ("somewhats and showhows", "somewhats and showhows"),
])
def test_a_wh_word_run_into_is_is_read_as_the_two_words(typed: str, read: str) -> None:
    assert expand_wh_is(typed) == read


def test_case_information_is_judged_from_the_words_after_the_first() -> None:
    assert is_caseless(surface_words("who is sung kim"))
    assert is_caseless(surface_words("Who is sung kim"))
    assert is_caseless(surface_words("WHO IS SUNG KIM"))
    assert not is_caseless(surface_words("who is Sung Kim"))


def test_a_lower_case_question_gets_the_stores_capitals(small_store: Store) -> None:
    reader = reader_for(Lexicon.open(small_store))
    assert reader.read("what did sung kim tell the envoy in seoul?").text == "What did Sung Kim tell the envoy in Seoul?"
    assert reader.read("WHAT DOES THE US WANT FROM THE DPRK").text == "What does the US want from the DPRK"
    # A question with capitals of its own keeps them.
    assert reader.read("what did Sung kim say").text == "what did Sung kim say"


def test_an_unknown_word_that_is_no_english_word_is_read_as_a_name(small_store: Store) -> None:
    read = QuestionReader(Lexicon.open(small_store), lambda w: False, Analyzer().is_stop_word).read(
        "how many goals did messi score for zlatkovic?")
    assert read.text == "How many goals did Messi score for Zlatkovic?" and read.corrections == ()


def test_a_languages_name_the_store_lacks_is_read_with_its_capital_in_a_chat_typed_question(small_store: Store) -> None:
    # English writes "Japanese" with a capital, which a question typed in lower case cannot show: read as typed
    # properly, it is a name no article holds, not an ordinary word the articles happen to lack
    reader = QuestionReader(Lexicon.open(small_store), lambda w: False, Analyzer().is_stop_word)
    assert reader.read("who is the japanese foreign minister").text == "Who is the Japanese foreign minister"
    assert reader.read("WHAT DID THE FRENCH ENVOY SAY").text.split()[3] == "French"
    # a language's name that is also an ordinary word stays one ("polish"), and so does any other English word
    assert reader.read("how do they polish the statement").text == "How do they polish the statement"


def test_a_chat_typed_question_about_a_nationality_no_article_names_is_refused_like_the_proper_one(
        seeds: QAService) -> None:
    proper = seeds.ask("Who is the Hungarian foreign minister?")
    for typed in ("who is the hungarian foreign minister", "WHO IS THE HUNGARIAN FOREIGN MINISTER???"):
        reply = seeds.ask(typed)
        assert (reply.outcome, reply.no_answer) == (proper.outcome, proper.no_answer), typed
    assert proper.no_answer


def test_an_unknown_owner_is_read_as_a_name_even_when_english_has_the_word(small_store: Store) -> None:
    read = QuestionReader(Lexicon.open(small_store), lambda w: False, Analyzer().is_stop_word).read(
        "who is russia's envoy?")
    assert read.text == "Who is Russia's envoy?"
    # A question typed with care keeps its lower-case words.
    assert QuestionReader(Lexicon.open(small_store), lambda w: False, Analyzer().is_stop_word).read(
        "Who is russia's envoy?").text == "Who is russia's envoy?"


_WORDS = [w for s in SENTENCES for w in s.rstrip(".").split()]


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=8), st.sampled_from([str.lower, str.upper, str]))
def test_truecasing_changes_only_case_and_stored_words_are_never_corrected(small_store: Store, words, case) -> None:
    reader = reader_for(Lexicon.open(small_store, persist=False))
    question = case(" ".join(words)) + "?"
    read = reader.read(question)
    assert read.corrections == ()
    assert read.text.lower() == question.lower()


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=string.ascii_letters + " ?!.,'-", max_size=50))
def test_without_a_correction_reading_changes_no_letter(small_store: Store, typed: str) -> None:
    reader = reader_for(Lexicon.open(small_store, persist=False))
    read = reader.read(typed)
    if not read.corrections:
        typed_in_full = expand_wh_is(expand_shorthand(tidy_punctuation(" ".join(typed.split()))))
        assert [c.lower() for c in read.text if c.isalpha()] == [c.lower() for c in typed_in_full if c.isalpha()]


# -- misspellings ------------------------------------------------------------------------------
def test_a_misspelt_name_and_word_are_read_as_the_stored_ones_and_reported(small_store: Store) -> None:
    reader = reader_for(Lexicon.open(small_store))
    read = reader.read("waht did sulivan tell abc?")
    assert read.text == "What did Sullivan tell ABC?"
    assert read.corrections == (Correction("waht", "what"), Correction("sulivan", "Sullivan"))


def test_a_capitalised_typo_is_read_as_a_name_even_when_english_has_the_word(small_store: Store) -> None:
    read = reader_for(Lexicon.open(small_store)).read("Who is Snug Kim?")
    assert read.text == "Who is Sung Kim?" and read.corrections == (Correction("Snug", "Sung"),)


def test_an_english_word_the_store_lacks_is_left_for_the_answerer_to_report(small_store: Store) -> None:
    # "kites" is two edits from nothing here, but "meting" / "envy" style near-misses must not be invented
    read = reader_for(Lexicon.open(small_store)).read("What did the envoy say about kites and envy?")
    assert read.corrections == () and "kites" in read.text and "envy" in read.text


def test_short_words_and_numbers_are_never_corrected(small_store: Store) -> None:
    read = reader_for(Lexicon.open(small_store)).read("Did Kin meet Sullivan in 2021 or 2O21?")
    assert read.corrections == ()


def test_a_word_only_in_removed_articles_is_not_a_correction(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.sqlite3", create=True) as store:
        store.add_batch([parsed_article("a.txt", ["Quenton painted the lighthouse."])], replace=False)
        lexicon = Lexicon.open(store)
        reader = QuestionReader(lexicon, lambda w: False, Analyzer().is_stop_word)  # the index lacks it now
        assert reader.read("Who is Quentin?").corrections == ()


# -- through the service, on the seeds ------------------------------------------------------------
@pytest.mark.parametrize("typed", [
    "who is sung kim?", "WHO IS SUNG KIM", "who is sung kim??!", "¿Who is Sung Kim?", "who is sung kim",
])
def test_chat_typed_questions_get_the_answers_of_the_properly_typed_one(seeds: QAService, typed: str) -> None:
    proper = seeds.ask("Who is Sung Kim?", k=3)
    chat = seeds.ask(typed, k=3)
    assert [a.sentence_id for a in chat.answers] == [a.sentence_id for a in proper.answers]
    assert chat.question == "Who is Sung Kim?" or chat.question == "Who is Sung Kim"
    assert chat.corrections == ()


def test_a_misspelt_question_is_answered_and_says_what_it_read(seeds: QAService) -> None:
    proper = seeds.ask("What did Sullivan say about Pyongyang?", k=1)
    typo = seeds.ask("waht did sulivan say about pyongyang", k=1)
    assert typo.answers[0].sentence_id == proper.answers[0].sentence_id
    assert ("sulivan", "Sullivan") in [(c.typed, c.read_as) for c in typo.corrections]
    assert typo.to_json()["corrections"][-1] == {"typed": "sulivan", "read_as": "Sullivan"}


def test_a_chat_typed_question_about_someone_the_articles_never_name_is_still_refused(seeds: QAService) -> None:
    assert seeds.ask("How many goals did Messi score last season?").no_answer
    reply = seeds.ask("how many goals did messi score last season")
    assert reply.no_answer
    assert "messi" in reply.missing_terms  # named back as typed, though read as "Messi"


def test_a_name_one_joiner_from_two_stored_words_is_still_a_name_no_article_holds(seeds: QAService) -> None:
    # "Putin" is "put-in" with a hyphen added: the seeds say "put", and "in" is a stop word; that makes no
    # misspelling of a stored name, so the question is about someone the articles never name.
    assert seeds.ask("What did Putin say?").no_answer
    # A real misspelling of a stored name still counts as the name (it is corrected, and answered).
    assert not seeds.ask("What did Sulivan say about Pyongyang?").no_answer


def test_a_missing_name_is_a_misspelling_only_of_a_stored_word_one_edit_away_written_as_a_name(tmp_path: Path) -> None:
    with Store.open(tmp_path / "m.sqlite3", create=True) as store:
        store.add_batch([parsed_article("a.txt", [
            "Jake Sullivan said the mess in Hervé's office carries on.",
            "Officials put in a word for Kim Jong-un, and Hartmanis agreed.",
        ])], replace=False)
        reader = reader_for(Lexicon.open(store))
        assert reader.misspells_stored("Sulivan", as_name=True) and reader.misspells_stored("Hatmanis", as_name=True)
        assert reader.misspells_stored("Herve", as_name=True)  # an accent is one edit
        assert reader.misspells_stored("Jongun", as_name=True)  # the stored word's hyphen joins two real pieces
        # "mess" is written in lower case: a name "Messi" is someone else, an ordinary "messi" its typo.
        assert not reader.misspells_stored("Messi", as_name=True) and reader.misspells_stored("messi", as_name=False)
        # Surface words, not stems: "carris" stems like "carries", but "harris" is two edits from it.
        assert not reader.misspells_stored("harris", as_name=False)
        assert not reader.misspells_stored("putin", as_name=False)  # "put-in" is "put" and the stop word "in"
        assert not reader.misspells_stored("Sullivan", as_name=True)  # the stored word is no misspelling of itself
        assert not reader.misspells_stored("Kimm", as_name=True)  # too short to tell a typo from another name


def test_the_answerer_asks_the_reader_whether_a_missing_name_is_misspelt(seeds: QAService) -> None:
    calls: list[str] = []
    spelling = seeds._answerer.spelling
    assert spelling is seeds._reader

    class Recording:
        def misspells_stored(self, word: str, *, as_name: bool, beside: Sequence[str] = ()) -> bool:
            calls.append(word)
            return True  # every unknown name taken for a misspelling: no longer a reason to refuse

    seeds._answerer.spelling = Recording()
    try:
        reply = seeds.ask("What did Zorblaxion say about the DPRK's response to the US offer?")
    finally:
        seeds._answerer.spelling = spelling
    assert calls == ["Zorblaxion"]
    assert seeds.ask("What did Zorblaxion say about the DPRK's response to the US offer?").no_answer and not reply.no_answer


_WORD_CHARS = "abcdeéz-'"  # few letters, so near words are common; an accent and the joiners share bins


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(_WORD_CHARS, min_size=3, max_size=9), min_size=1, max_size=40, unique=True),
       st.text(_WORD_CHARS, min_size=3, max_size=9), st.sampled_from([1, 2]))
def test_the_letter_count_filter_keeps_every_word_within_the_edits(words, key, edits):
    from rapidfuzz.distance import OSA

    from retrieval.answering.spelling import _Buckets

    groups: dict[tuple[int, str], list[str]] = {}
    for w in words:
        groups.setdefault((len(w), w[0]), []).append(w)
    buckets = _Buckets((k, tuple(v)) for k, v in groups.items())
    near = {w for n in range(len(key) - edits, len(key) + edits + 1) for w in buckets.near(key, n, edits)}
    assert {w for w in words if OSA.distance(key, w) <= edits} <= near


# -- accents ---------------------------------------------------------------------------------------
def test_a_word_typed_without_its_accents_or_with_others_is_read_as_the_stored_one(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.sqlite3", create=True) as store:
        store.add_batch([parsed_article("a.txt", ("His fiancée, Annabella Holmes, was shocked.",
                                                  "Then Herve Renard coached the side."))], replace=False)
        reader = reader_for(Lexicon.open(store, persist=False))
        read = reader.read("who is his fiancee")
        assert read.text == "Who is his fiancée" and [(c.typed, c.read_as) for c in read.corrections] == [
            ("fiancee", "fiancée")]
        assert [(c.typed, c.read_as) for c in reader.read("Did Hervé Renard coach?").corrections] == [
            ("Hervé", "Herve")]
        assert not reader.read("who is annabella").corrections  # no accent anywhere: nothing to read


@given(st.text(max_size=30))
def test_folding_accents_is_stable_leaves_no_mark_and_keeps_ascii_words(word: str) -> None:
    folded = fold_accents(word)
    assert fold_accents(folded) == folded
    assert not any(unicodedata.combining(c) for c in unicodedata.normalize("NFKD", folded))
    if word.isascii():
        assert folded == word


def _reader_with_neighbours(store: Store, sentences: tuple[str, ...],
                            together: Callable[[Analyzer, list[set[str]]], Callable[[str, str], bool]],
                            bag: Callable[[Analyzer, str], set[str]]) -> QuestionReader:
    """A reader over `sentences` (stored in `store`) that knows which words some sentence holds together, as the
    service's index tells it: `bag` makes a sentence's set of words, `together` the test over those sets."""
    store.add_batch([parsed_article("a.txt", sentences)], replace=False)
    lexicon = Lexicon.open(store, persist=False)
    analyzer = Analyzer()
    bags = [bag(analyzer, s) for s in sentences]
    known = {t for w in lexicon.words() for t in analyzer.terms(w)}
    return QuestionReader(lexicon, lambda word: bool(analyzer.terms(word)) and all(
        t in known for t in analyzer.terms(word)), analyzer.is_stop_word, together=together(analyzer, bags))


def test_a_stored_name_never_held_with_its_neighbour_reads_as_one_that_is(tmp_path: Path) -> None:
    sentences = ("Swedish director Ingmar Bergman won the Palme d'Or.",
                 "Howard Berman chaired the committee on Monday.",
                 "The festival ended on Sunday.")
    with Store.open(tmp_path / "s.sqlite3", create=True) as store:
        reader = _reader_with_neighbours(
            store, sentences,
            lambda analyzer, bags: lambda a, b: any(a.lower() in bag and b.lower() in bag for bag in bags),
            lambda analyzer, s: {surface.key for surface in surface_words(s)})
        read = reader.read("Who is Ingmar Berman?")
        assert read.text == "Who is Ingmar Bergman?"
        assert [(c.typed, c.read_as) for c in read.corrections] == [("Berman", "Bergman")]
        # the name as the articles hold it together is left alone, and so is a name asked about on its own
        assert not reader.read("What did Howard Berman chair?").corrections
        assert not reader.read("What did Berman chair?").corrections


def test_a_letter_of_a_code_glued_to_digits_is_no_neighbouring_name(tmp_path: Path) -> None:
    """heldout2 g34: "what is boeing's 7e7 also called" read "Boxing's 7e7": the "E" of "7E7" counted as a name beside
    "Boeing" that no sentence holds with it, and "Boxing" was one held with an "E". A code is no name part."""
    sentences = ("Japan Airlines will buy planes from Boeing, the maker of the 7E7.",
                 "Fans of Boxing Weekly queued at Gate E on Sunday.",
                 "The deal was signed on Monday.")
    with Store.open(tmp_path / "s.sqlite3", create=True) as store:
        reader = _reader_with_neighbours(
            store, sentences,
            lambda analyzer, bags: lambda a, b: bool(analyzer.terms(a)) and bool(analyzer.terms(b)) and any(
                set(analyzer.terms(a)) | set(analyzer.terms(b)) <= bag for bag in bags),
            lambda analyzer, s: set(analyzer.terms(s)))  # as the index holds them: "7E7" is one term
        for question in ("what is boeing's 7e7 also called", "What is Boeing's 7E7 also called?"):
            read = reader.read(question)
            assert not read.corrections, (question, read.corrections)
            assert "boeing's 7e7" in read.text.lower()
        # a name beside a real neighbouring name is still read against it
        assert reader.read("Who queued at Gate E?").text == "Who queued at Gate E?"


# What counting makes of the seed articles, by COUNTED_BY: a change to the counts must bump COUNTING_VERSION
# (or the analyzer's RULES_VERSION, for `normalise`) and add its line here, so no saved lexicon of other rules is read.
_COUNTS_BY_VERSION = {"counting1-rules5": "a920caf877cf6c94"}


def test_the_counting_version_names_what_counting_makes_of_text() -> None:
    import hashlib

    from conftest import SEEDS

    texts = [line for f in sorted(SEEDS.iterdir()) for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
    counts = count_words(texts)
    made = hashlib.sha256(json.dumps([sorted(counts.total.items()), sorted(counts.cased.items())]).encode()).hexdigest()[:16]
    assert _COUNTS_BY_VERSION.get(COUNTED_BY) == made, (
        f"the lexicon's counts changed ({made}) without a new COUNTING_VERSION: bump it and add it to _COUNTS_BY_VERSION")


# -- a possessive typed without its apostrophe -------------------------------------------------------------------
def test_a_stored_name_with_a_bare_s_is_its_possessive(tmp_path: Path) -> None:
    # (a name ending in a vowel: the stemmer leaves its "s", as it strips the one of "sullivans")
    with Store.open(tmp_path / "s.sqlite3", create=True) as store:
        store.add_batch([parsed_article("a.txt", ["Foreign Minister Wang Yi will visit Australia.",
                                                  "The envoys met in Canberra."])], replace=False)
        reader = reader_for(Lexicon.open(store))
        read = reader.read("who announced wang yis visit")
        assert read.text == "Who announced Wang Yi's visit", read.text
        assert [c.read_as for c in read.corrections] == ["Yi's"]
        # an ordinary word's plural stays as typed
        assert reader.read("what did the envoys say").corrections == ()


def test_an_acronym_typed_in_the_singular_is_read_as_the_stored_plural(tmp_path: Path) -> None:
    # Snowball keeps "mous": the singular would find nothing the articles say
    with Store.open(tmp_path / "s.sqlite3", create=True) as store:
        store.add_batch([parsed_article("a.txt", ("The ministers signed five MoUs after their talks.",
                                                 "The envoy met the ministers."))], replace=False)
        reader = reader_for(Lexicon.open(store))
        read = reader.read("when was the mou signed")
        assert "MoUs" in read.text and read.corrections == (Correction("mou", "MoUs"),)
        assert reader.read("who met the envoy").corrections == ()  # an ordinary word is no acronym
