"""Alias mining: the shapes news text uses to define a name, on invented sentences."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from retrieval.answering.aliases import AliasTable, mine_aliases
from retrieval.index.analyzer import Analyzer


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
