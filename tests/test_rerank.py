"""Re-ranking features on invented sentences: each feature moves the ranking the way it should."""
from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from retrieval.answering.copies import CopyFinder, same
from retrieval.answering.params import Weights
from retrieval.answering.question import DATE, NUMBER, PERSON, PLACE, parse_question
from retrieval.answering.rerank import (
    Candidate,
    Concept,
    Query,
    _contains,
    concept_in_bag,
    concept_match,
    coverage_of,
    rerank,
)
from retrieval.answering.seams import TermSpan
from retrieval.answering.shapes import _NUMBER_RE, answer_shapes, full_name, quantities
from retrieval.index.analyzer import Analyzer
from retrieval.records import Sentence

AN = Analyzer()


def query(question: str, *, subject: str | None = None, aliases: dict[str, list[str]] | None = None) -> Query:
    info = parse_question(question, AN.is_stop_word)
    spans = AN.term_spans(info.text)
    terms = tuple(t for t, _, _ in spans)
    concepts = []
    for t in dict.fromkeys(terms):
        alts = [(t,)] + [tuple(AN.terms(a)) for a in (aliases or {}).get(t, [])]
        concepts.append(Concept(t, tuple(alts), 1.0))
    common = frozenset(t for t, s, _ in spans if info.text[s:s + 1].islower())
    return Query(info, terms, tuple(concepts), subject=subject, common_terms=common)


def spans(text: str) -> tuple[TermSpan, ...]:
    return tuple(TermSpan(*sp) for sp in AN.term_spans(text))


def cands(*texts: str, bm25: float = 1.0) -> list[Candidate]:
    return [Candidate(Sentence(i, f"a{i}.txt", 0, 0, len(t), t), bm25, spans(t))
            for i, t in enumerate(texts)]


def best(q: Query, *texts: str) -> str:
    return rerank(q, cands(*texts), AN.term_spans)[0].candidate.sentence.text


def test_shapes_ignore_what_the_question_already_says() -> None:
    q = frozenset(AN.terms("When did the 2019 strike end in Busan?"))
    assert answer_shapes(DATE, "The 2019 strike in Busan ended.", q, AN.term_spans) == []
    assert [s[0] for s in answer_shapes(DATE, "The 2019 strike ended on Friday.", q, AN.term_spans)] == ["Friday"]
    assert answer_shapes(NUMBER, "About 4,000 workers walked out.", frozenset(), AN.term_spans)
    assert answer_shapes(PLACE, "The summit opened in Jakarta.", frozenset(), AN.term_spans)[0][0] == "Jakarta"
    assert answer_shapes(PERSON, "the governor, Maria Lopez, said", frozenset(), AN.term_spans)[0][0] == "Maria Lopez"


def test_a_when_question_prefers_the_sentence_with_a_date() -> None:
    q = query("When did the dockworkers strike end?")
    assert best(q, "The dockworkers strike was long and bitter for everyone involved.",
                "The dockworkers strike ended on Thursday after a pay deal.") .startswith("The dockworkers strike ended")


def test_a_who_question_prefers_a_name_next_to_the_role_word() -> None:
    q = query("Who is the governor of Kaluga province?")
    top = best(q, "Reporters from Moscow asked about the governor of Kaluga province and the budget.",
               "The governor of Kaluga province, Anton Belov, opened the bridge.")
    assert "Anton Belov" in top


def test_a_full_name_the_question_lacks_is_what_a_who_question_wants() -> None:
    q = frozenset(AN.terms("Who is challenging President Kibaki?"))
    found = full_name("Supporters say Raila Odinga is challenging President Kibaki.", q, AN.term_spans)
    assert found is not None and found.text == "Raila Odinga"
    # the question's own names are not an answer; a name opening the sentence is one, its "The" is not
    assert full_name("President Kibaki is being challenged.", q, AN.term_spans) is None
    assert full_name("The Odinga camp leads the challenge.", q, AN.term_spans) is None
    found = full_name("Raila Odinga leads the challenge.", q, AN.term_spans)
    assert found is not None and found.text == "Raila Odinga"
    found = full_name("Kibaki's rival Raila Odinga spoke.", q, AN.term_spans)
    assert found is not None and found.text == "Raila Odinga"


def test_a_who_question_prefers_the_sentence_naming_someone_new() -> None:
    q = query("Who helped the campaign reach its members?")
    ranked = rerank(q, cands("The campaign says it helped its members.", "Its director Joe Solmonese helped the campaign."),
                    AN.term_spans)
    by_text = {r.candidate.sentence.text: r for r in ranked}
    assert by_text["Its director Joe Solmonese helped the campaign."].value_of("person_named") == 1.0
    assert by_text["The campaign says it helped its members."].value_of("person_named") == 0.0


def test_coverage_counts_aliases() -> None:
    q = query("What did Pyongyang announce?", aliases={"pyongyang": ["North Korea"]})
    terms = AN.terms("North Korea announced a satellite launch.")
    assert concept_match(q.concepts[0], terms, frozenset(terms)) == 1.0
    partial = AN.terms("Korea announced a launch.")
    assert 0 < concept_match(q.concepts[0], partial, frozenset(partial)) < 1


def test_definition_questions_prefer_the_appositive() -> None:
    q = query("Who is Mira Sato?", subject="Mira Sato")
    top = best(q, "Mira Sato said the plan was sound and Mira Sato would vote for it.",
               "Mira Sato, the city's chief economist, presented the forecast.")
    assert "chief economist" in top


def test_a_sentence_that_only_repeats_the_question_is_penalised() -> None:
    q = query("What did the harbour authority decide?")
    ranked = rerank(q, cands("The harbour authority decided.", "The harbour authority decided to close two piers for repairs in spring."),
                    AN.term_spans)
    assert ranked[0].candidate.sentence.id == 1
    assert any(f.name in ("nothing_new", "length") and f.value < 0 for f in ranked[1].features)


def test_every_feature_is_named_weighted_and_sums_to_the_score() -> None:
    q = query("When did the dockworkers strike end?")
    for r in rerank(q, cands("The dockworkers strike ended on Thursday.", "Strikes are common."), AN.term_spans):
        assert {f.name for f in r.features} <= set(Weights.names())
        assert math.isclose(sum(f.value for f in r.features), r.score, abs_tol=1e-3)
        assert any(f.name == "coverage" and f.note.startswith("matched") for f in r.features)


def test_features_weighted_zero_are_left_out_only_of_the_values() -> None:
    q = query("When did the dockworkers strike end?")
    texts = ("The dockworkers strike ended on Thursday.", "Strikes are common.", "The strike by dockworkers is over.")
    given_all = rerank(q, cands(*texts), AN.term_spans)
    answering = rerank(q, cands(*texts), AN.term_spans, every_value=False)
    assert [(r.candidate, r.score, r.features, r.matches) for r in given_all] == \
        [(r.candidate, r.score, r.features, r.matches) for r in answering]
    zero = [name for name in Weights.names() if not Weights().of(name) and name != "answer_type"]
    assert zero and all(r.value_of(name) == 0.0 for r in answering for name in zero)
    assert all(a.value_of("answer_type") == b.value_of("answer_type") for a, b in zip(given_all, answering))


def test_neighbours_lift_a_sentence_that_refers_back() -> None:
    q = query("What did the Lindqvist commission recommend?")
    plain = Candidate(Sentence(1, "a.txt", 1, 0, 10, "It recommended closing the old reactor by 2030."), 1.0,
                      spans("It recommended closing the old reactor by 2030."))
    with_context = Candidate(plain.sentence, plain.bm25, plain.spans,
                             frozenset(AN.terms("The Lindqvist commission published its report.")))
    r_plain = rerank(q, [plain], AN.term_spans)[0]
    r_ctx = rerank(q, [with_context], AN.term_spans)[0]
    assert r_ctx.score > r_plain.score
    assert any(f.name == "context" for f in r_ctx.features)


def test_empty_candidates() -> None:
    assert rerank(query("Who?"), [], AN.term_spans) == []


@given(st.lists(st.sampled_from("abcd"), max_size=12), st.lists(st.sampled_from("abcd"), min_size=1, max_size=4))
def test_phrase_containment_agrees_with_a_plain_scan(seq: list[str], sub: list[str]) -> None:
    plain = any(seq[i:i + len(sub)] == sub for i in range(len(seq) - len(sub) + 1))
    assert _contains(seq, sub) == plain


def test_a_phrase_split_across_neighbouring_sentences_counts_in_the_bag() -> None:
    c = Concept("North Korea", (("north", "korea"), ("dprk",)), 3.0)
    assert concept_in_bag(c, frozenset({"korea", "north", "talks"})) == 1.0
    assert concept_in_bag(c, frozenset({"dprk"})) == 1.0
    assert concept_in_bag(c, frozenset({"korea"})) == 0.4
    assert concept_in_bag(c, frozenset({"talks"})) == 0.0


def test_another_person_with_the_same_surname_earns_half_the_surname_not_the_name() -> None:
    name = Concept("Sung Kim", (("sung", "kim"),), 4.0, name_parts=(3.0, 1.0))
    full = AN.terms("Sung Kim met the minister.")
    other = AN.terms("Kim Jong-un met the minister.")
    assert concept_match(name, full, frozenset(full)) == 1.0
    assert concept_match(name, other, frozenset(other)) == 0.5 * 1.0 / 4.0
    assert concept_in_bag(name, frozenset(other)) == 0.5 * 1.0 / 4.0
    reversed_words = AN.terms("Kim, not Sung, met the minister.")
    assert concept_match(name, reversed_words, frozenset(reversed_words)) < 1.0  # not the name as a phrase
    assert concept_in_bag(name, frozenset(reversed_words)) == 1.0  # a bag has no word order


_WORDS = st.sampled_from("north korea talks envoy sung kim nuclear seoul said hope".split())


@given(st.lists(_WORDS, min_size=1, max_size=6), st.lists(_WORDS, max_size=12), st.integers(0, 12), st.data())
def test_adding_a_question_word_to_a_sentence_never_lowers_its_coverage(question: list[str], sentence: list[str],
                                                                          at: int, data: st.DataObject) -> None:
    q = query(" ".join(question).capitalize() + "?")
    if not q.concepts:
        return
    word = data.draw(st.sampled_from(question))
    longer = [*sentence[:at], word, *sentence[at:]]
    assert coverage_of(q, AN.terms(" ".join(longer))) >= coverage_of(q, AN.terms(" ".join(sentence))) - 1e-12


_SENTENCE = st.lists(_WORDS, min_size=1, max_size=14).map(" ".join)


@given(_SENTENCE, _SENTENCE, st.booleans())
def test_copy_detection_is_symmetric(a: str, b: str, quoted: bool) -> None:
    finder = CopyFinder(AN, lambda text: frozenset(AN.terms(text)))
    if quoted:
        a, b = f'"{a} {a}," Kim said.', f'He added: "{b} {a}"'
    assert same(finder.mark(a), finder.mark(b)) == same(finder.mark(b), finder.mark(a))
    assert same(finder.mark(a), finder.mark(a))


@pytest.mark.parametrize("text, number", [("a new $21m aid package", "21m"), ("a 475m euro hit", "475m"),
                                          ("in the 1970s", "1970s"), ("2,000 people", "2,000"),
                                          ("a single output", "single")])
def test_amounts_with_units_and_number_words_are_numbers(text: str, number: str) -> None:
    assert number in _NUMBER_RE.findall(text)


def test_years_and_numbers_inside_names_are_not_quantities() -> None:
    assert quantities("the worst flooding since 2001 after COVID-19") == []
    assert quantities("about 650 soldiers in 2004") == ["650"]
    assert quantities("sales rose 21.1% to 136,000 in the 1990s") == ["21.1", "136,000"]


@pytest.mark.parametrize("a, b, copies", [
    ("Executives are suspected of wrongly using 417m yuan of company funds to buy shares.",
     "Executives are suspected of wrongly using 418m yuan of company funds to buy shares.", False),
    ("Executives are suspected of wrongly using 417m yuan of company funds to buy shares.",
     "Executives are suspected of wrongly using 417m yuan of company funds to buy shares, police said.", True),
    ("Executives are suspected of wrongly using 417m yuan of company funds to buy shares.",
     "Executives are suspected of wrongly using 417m yuan of company funds to buy shares in 2004.", True),
    ('"We will send 300 more troops to the border next week," Kim said.',
     'He added: "We will send 200 more troops to the border next week."', False),
    ('"We will send 300 more troops to the border next week," Kim said.',
     'He added: "We will send 300 more troops to the border next week."', True),
])
def test_nearly_the_same_words_with_another_number_are_no_copy(a: str, b: str, copies: bool) -> None:
    finder = CopyFinder(AN, lambda text: frozenset(AN.terms(text)))
    assert same(finder.mark(a), finder.mark(b)) is copies
    assert same(finder.mark(b), finder.mark(a)) is copies


# -- a name counts only as the question writes it ("Oliver" is no "olive", though both stem to "oliv") ---------
def _named(question: str) -> Query:
    from dataclasses import replace

    from retrieval.answering.answerer import name_surfaces

    q = query(question)
    return replace(q, name_surfaces=name_surfaces(q.info.text, spans(q.info.text)))


def test_a_stem_shared_with_an_ordinary_word_holds_no_name() -> None:
    q = _named("What did Oliver Stone direct?")
    assert dict(q.name_surfaces) == {"oliv": "oliver", "stone": "stone"}
    ranked = {r.candidate.sentence.text: r for r in rerank(q, cands(
        "Whisk in the olive oil.", "Oliver Stone directed Platoon.", "Oliver's films, and Stones' songs."), AN.term_spans)}
    olive = ranked["Whisk in the olive oil."]
    assert olive.coverage == 0.0 and not any(olive.matches), olive.matches
    assert ranked["Oliver Stone directed Platoon."].matches[:2] == (1.0, 1.0)
    assert ranked["Oliver's films, and Stones' songs."].matches[:2] == (1.0, 1.0)  # possessive and plural
    # without the question's surfaces (a question in lower case names no one) the stem still matches
    assert rerank(query("what did oliver stone direct"), cands("Whisk in the olive oil."), AN.term_spans)[0].coverage > 0


@given(st.text("abcdefghij", min_size=1, max_size=8), st.text("abcdefghij", min_size=1, max_size=8))
def test_same_surface_is_equality_up_to_an_inflection(a: str, b: str) -> None:
    from retrieval.answering.rerank import same_surface

    assert same_surface(a, a) and same_surface(a, b) == same_surface(b, a)
    if len(a) >= 3 and a[-1] in "bcfhjk":  # a plain stem: its plural and past tense are the same word
        assert same_surface(a, a + "s") and same_surface(a + "es", a) and same_surface(a, a + "ed")
    assert not same_surface(a + "er", a + "e") or a.endswith("e")


@pytest.mark.parametrize(("a", "b", "same"), [
    ("oliver", "olive", False), ("oliver", "olives", False), ("americans", "american", True), ("marry", "married", True),
    ("polish", "polished", True), ("stone", "stones", True), ("us", "us", True), ("hope", "hoped", True),
    ("viking", "vikings", True), ("olives", "oliver", False),
])
def test_same_surface_examples(a: str, b: str, same: bool) -> None:
    from retrieval.answering.rerank import same_surface

    assert same_surface(a, b) is same


def test_olive_oil_is_no_next_answer_about_oliver_stone(tmp_path) -> None:
    from tests.conftest import service_over

    with service_over(tmp_path, {
            "film.txt": "Stone's films\n\nShe worked with Martin Scorsese and Oliver Stone before she was 22.\n",
            "recipe.txt": "Shrimp dinner\n\nWhisk in the extra virgin olive oil.\n\nSeason the shrimp with salt.\n"}) as svc:
        reply = svc.ask("What did Oliver Stone do?", k=4)
        assert reply.answers and "Oliver Stone" in reply.answers[0].text
        assert all("olive" not in a.text for a in reply.answers), [a.text for a in reply.answers]
