"""Alias mining: the shapes news text uses to define a name, on invented sentences."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from retrieval.answering.aliases import (
    AliasTable,
    Expansion,
    agent_forms,
    country_names,
    country_of,
    demonym_forms,
    held_only,
    mine_aliases,
    one_way_expansions,
)
from retrieval.index.analyzer import Analyzer
from tests.conftest import service_over


def pairs(text: str) -> set[frozenset[str]]:
    return {frozenset((p.a, p.b)) for p in mine_aliases(text)}


def test_long_name_then_acronym_in_parentheses() -> None:
    text = "Inspectors from the Federal Aviation Administration (FAA) grounded the plane on Tuesday."
    assert pairs(text) == {frozenset(("FAA", "Federal Aviation Administration"))}


def test_acronym_with_extra_words_inside_the_parentheses() -> None:
    text = "The Korea Meteorological Administration (KMA, the national weather agency) issued a warning."
    assert frozenset(("KMA", "Korea Meteorological Administration")) in pairs(text)


def test_acronym_then_long_name_in_brackets() -> None:
    text = "Officials said the NTSB [National Transportation Safety Board] would report in May."
    assert pairs(text) == {frozenset(("NTSB", "National Transportation Safety Board"))}


def test_refers_to_defines_an_acronym() -> None:
    text = "The ECB refers to the European Central Bank, which sets rates for the euro area."
    assert frozenset(("ECB", "European Central Bank")) in pairs(text)


def test_official_name_in_both_orders() -> None:
    assert frozenset(("Republic of the Union of Myanmar", "Myanmar")) in pairs(
        "Troops of the Republic of the Union of Myanmar, Myanmar's official name, moved north.")
    assert frozenset(("Czechia", "Czech Republic")) in pairs("Czechia's official name is the Czech Republic.")


def test_known_as() -> None:
    assert frozenset(("Beatrix Kiddo", "The Bride")) in pairs("Beatrix Kiddo, also known as The Bride, returned.") or \
        frozenset(("Beatrix Kiddo", "Bride")) in pairs("Beatrix Kiddo, also known as The Bride, returned.")


def test_parentheses_that_define_nothing_give_nothing() -> None:
    assert mine_aliases("Park Ji-won (left) met Lee Hae-chan (right) in Busan.") == []
    assert mine_aliases("The Ministry of Finance (MOE) said so.") == []  # initials do not spell it
    assert mine_aliases("Prices rose again on Friday after a quiet week.") == []


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_mining_never_fails_on_arbitrary_text(text: str) -> None:
    for p in mine_aliases(text):
        assert p.a and p.b and p.a.lower() != p.b.lower()


def test_table_groups_built_in_metonyms_and_mined_names() -> None:
    analyzer = Analyzer()
    table = AliasTable(analyzer.terms)
    found = table.expand(analyzer.terms("What does Pyongyang want?"))
    assert len(found) == 1
    assert tuple(analyzer.terms("North Korea")) in found[0].alternatives
    assert table.add_pairs(mine_aliases("The Bank of Korea (BOK) held rates.")) == 1
    found = table.expand(analyzer.terms("Did the BOK hold rates?"))
    assert [f.labels for f in found] == [("Bank of Korea",)]


def test_mined_alias_joins_an_existing_group() -> None:
    analyzer = Analyzer()
    table = AliasTable(analyzer.terms, groups=(("Washington", "United States"),))
    table.add("USA", "United States")
    found = table.expand(analyzer.terms("Washington"))
    assert tuple(analyzer.terms("USA")) in found[0].alternatives


def test_expansion_prefers_the_longest_name() -> None:
    analyzer = Analyzer()
    table = AliasTable(analyzer.terms, groups=(("South Korea", "Seoul"), ("Korea", "Korean Peninsula")))
    found = table.expand(analyzer.terms("South Korea exports"))
    assert [f.phrase for f in found] == [tuple(analyzer.terms("South Korea"))]


@pytest.mark.parametrize(("asked", "other"), [
    ("CEO", "chief executive"), ("chief executive", "CEO"), ("MP", "member of parliament"), ("MPs", "MP"),
    ("members of parliament", "MPs"), ("Lib Dems", "Liberal Democrats"), ("Liberal Democrats", "Lib Dems"),
    ("UN", "United Nations"), ("United Nations", "UN"), ("EU", "European Union"), ("US", "United States"),
])
def test_abbreviations_find_their_long_forms_both_ways(asked: str, other: str) -> None:
    analyzer = Analyzer()
    found = AliasTable(analyzer.terms).expand(analyzer.terms(asked))
    assert len(found) == 1 and tuple(analyzer.terms(other)) in found[0].alternatives, found


def _spans(text: str) -> list[tuple[str, int, int]]:
    return Analyzer().term_spans(text)


def test_pm_finds_the_prime_minister_one_way_only() -> None:
    analyzer, known = Analyzer(), (lambda t: True)
    text = "What did the PM say?"
    found = one_way_expansions(text, _spans(text), analyzer.terms, known)
    assert [f.alternatives for f in found] == [(tuple(analyzer.terms("prime minister")),)]
    # a time of day is no prime minister, and "prime minister" never finds "pm" (times fold to it)
    for text in ("What happened at 10 PM?", "what did the pm say", "What did the prime minister say?"):
        assert one_way_expansions(text, _spans(text), analyzer.terms, known) == [], text
    assert AliasTable(analyzer.terms).expand(analyzer.terms("prime minister")) == []


def test_a_long_form_the_index_lacks_is_not_offered() -> None:
    analyzer = Analyzer()
    text = "What did the PM say?"
    assert one_way_expansions(text, _spans(text), analyzer.terms, lambda t: t != "prime") == []


@given(st.lists(st.tuples(st.text("abcdef", min_size=1, max_size=3), st.booleans()), min_size=1, max_size=5))
def test_held_only_keeps_exactly_the_held_alternatives(alts: list[tuple[str, bool]]) -> None:
    held = {a for a, ok in alts if ok}
    alternatives = tuple((a,) for a, _ in dict(alts).items())
    e = Expansion(0, 1, ("x",), alternatives, tuple(a[0] for a in alternatives))
    kept = held_only(e, lambda t: t in held)
    assert (kept.start, kept.end, kept.phrase) == (0, 1, ("x",))
    assert kept.alternatives == tuple(a for a in alternatives if a[0] in held)
    assert kept.labels == tuple(a[0] for a in kept.alternatives)


ABBREVIATED = {
    "firm.txt": "Retailer names new boss\n\nThe retailer said Jane Ross would become its chief executive in May.\n\n"
                "Shares in the retailer rose 3% on Monday.\n",
    "party.txt": "Party conference\n\nThe Lib Dems will meet in Brighton next week, the party said.\n\n"
                 "The prime minister was in Paris on Friday.\n",
}


@pytest.fixture(scope="module")
def abbreviated(tmp_path_factory: pytest.TempPathFactory):
    from tests.conftest import service_over

    with service_over(tmp_path_factory.mktemp("abbreviated"), ABBREVIATED) as svc:
        yield svc


@pytest.mark.parametrize(("question", "expected"), [
    ("Who will become the retailer's CEO?", "Jane Ross"),
    ("Where will the Liberal Democrats meet?", "Brighton"),
    ("Where was the PM on Friday?", "Paris"),
])
def test_a_question_with_one_form_finds_the_sentence_with_the_other(abbreviated, question: str, expected: str) -> None:
    reply = abbreviated.ask(question, k=1)
    assert reply.outcome.value == "answer" and expected in reply.answers[0].text, reply
    assert not reply.missing_terms, reply


# --- demonyms -------------------------------------------------------------------------------------------------------
def test_a_country_and_its_regular_demonym_are_one_name_each_way() -> None:
    for country, demonym in [("mongolia", "mongolian"), ("pakistan", "pakistani"), ("chile", "chilean"),
                             ("afghanistan", "afghan"), ("somalia", "somali"), ("belgium", "belgian")]:
        assert country_of(demonym) == country
        assert demonym in demonym_forms(country)
    assert country_of("nigerian") == "nigeria"  # not Niger's
    assert "nigerian" not in demonym_forms("niger") and country_of("niger") is None
    assert demonym_forms("julia") == () and demonym_forms("pak") == ()


@given(st.sampled_from(sorted(country_names())))
def test_every_demonym_form_leads_back_to_its_country(country: str) -> None:
    assert all(country_of(form) == country for form in demonym_forms(country))


def test_a_demonym_finds_the_country_and_is_no_typo(tmp_path: Path) -> None:
    story = ("Ulaanbaatar speaks on Syria\n\nThe Ministry of Foreign Affairs of Mongolia is following the crisis in "
             "Syria with concern. Officials urged restraint on all sides.\n")
    other = "Harbour reopens\n\nThe harbour at Leith reopened on Monday after the storm.\n"
    with service_over(tmp_path, {"mn.txt": story, "leith.txt": other}) as svc:
        for question in ("What did the Mongolian ministry say about Syria?", "what did the mongolian ministry say about syria"):
            reply = svc.ask(question)
            assert "Mongolia is following" in reply.answers[0].text
            assert not reply.corrections, reply.corrections  # never "showing results for: Mongolia"
            assert "Mongolian" not in reply.missing_terms and "mongolian" not in reply.missing_terms


# --- a doer and the deed ----------------------------------------------------------------------------------------
def test_the_doer_of_a_deed_and_back() -> None:
    for deed, doer in [("lead", "leader"), ("rule", "ruler"), ("win", "winner"), ("govern", "governor"),
                       ("own", "owner")]:
        assert doer in agent_forms(deed), deed
        assert deed in agent_forms(doer), doer
    assert agent_forms("it") == () and agent_forms("x-ray") == ()


@given(st.from_regex(r"[a-z]{3,12}", fullmatch=True))
def test_doer_forms_are_other_words_of_letters(word: str) -> None:
    forms = agent_forms(word)
    assert word not in forms and all(f.isalpha() and len(f) >= 3 for f in forms)


def test_a_deed_whose_doer_an_article_names_is_not_said_missing(tmp_path: Path) -> None:
    story = ("Opposition greets summit guests\n\nBerhanu Nega, who is also leader of the opposition party EZEMA, "
             "greeted the guests at the airport. The summit opens on Saturday.\n")
    other = "Harbour reopens\n\nThe harbour at Leith reopened on Monday after the storm.\n"
    with service_over(tmp_path, {"au.txt": story, "leith.txt": other}) as svc:
        reply = svc.ask("which party does berhanu nega lead")
        assert reply.answers and "leader of the opposition party" in reply.answers[0].text, reply
        assert "lead" not in reply.missing_terms, reply.missing_terms  # never "no article mentions lead"
        assert svc.ask("who is the winner").missing_terms == ("winner",)  # no "win" either: still missing


def test_an_ordinal_the_articles_never_give_names_another_event(tmp_path: Path) -> None:
    story = ("Summit ends\n\nThe 17th SAARC Summit ended in Addu City on Friday with a declaration on trade. "
             "Leaders agreed to meet again next year.\n")
    other = "Harbour reopens\n\nThe harbour at Leith reopened on Monday after the storm.\n"
    with service_over(tmp_path, {"saarc.txt": story, "leith.txt": other}) as svc:
        assert svc.ask("Which country will host the 18th SAARC Summit?").outcome.value == "not_found"
        reply = svc.ask("Where did the 17th SAARC Summit end?")
        assert reply.outcome.value == "answer" and "Addu City" in reply.answers[0].text, reply
