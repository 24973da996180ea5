"""A name's kind (person, place, organisation) judged from how an article uses it."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from retrieval.answering import kinds

ARTICLE = (
    "ByteDance's app TikTok is under pressure. TikTok Chief Executive Shou Zi Chew faced lawmakers on Thursday. "
    "Chew said the app keeps data in the US. Critics worry about its ties to Beijing and the data it keeps in China. The company is based in "
    "Singapore and Los Angeles. The bill was introduced by Jesse Gabriel, a Democratic lawmaker from Encino. "
    "Skittles maker Mars has not commented. Jennifer Capriati has pulled out of the event. Capriati is a "
    "two-time champion in Melbourne. Hyundai Motor chairman Chung Mong-koo spoke. Time Warner's profits rose."
)


def test_a_person_is_marked_by_an_office_an_apposition_a_predicate_or_a_surname_that_speaks() -> None:
    assert kinds.kind_in("Shou Zi Chew", ARTICLE) == "person"  # an office before it, and "Chew said"
    assert kinds.kind_in("Jesse Gabriel", ARTICLE) == "person"  # ", a Democratic lawmaker"
    assert kinds.kind_in("Capriati", ARTICLE) == "person"  # "Capriati is a two-time champion"
    assert kinds.kind_in("Chung Mong-koo", ARTICLE) == "person"


def test_a_place_follows_a_place_preposition_and_an_organisation_has_makers_or_profits() -> None:
    assert kinds.kind_in("China", ARTICLE) == "place"
    assert kinds.kind_in("Singapore", ARTICLE) == "place"
    assert kinds.kind_in("Skittles", ARTICLE) == "group"
    assert kinds.kind_in("Time Warner", ARTICLE) == "group"
    # no cue: no kind
    assert kinds.kind_in("ByteDance", ARTICLE) == "group"  # "ByteDance's app"
    assert kinds.kind_in("Mars", ARTICLE) is None
    assert kinds.kind_in("Nowhere Inc", ARTICLE) is None


def test_a_said_alone_is_too_weak_to_make_a_person() -> None:
    # companies and countries say things too; one "said" is no person, but an office is
    assert kinds.kind_in("Toyota", "Toyota said sales rose.") is None
    assert kinds.kind_in("Toyota", "Toyota said sales rose. Mr Toyota, the founder, smiled.") == "person"


def test_to_is_no_place_cue() -> None:
    assert kinds.kind_in("Sung Kim", "Noh said to Sung Kim that talks went well.") is None


def test_the_cues_of_one_kind_must_outweigh_the_others() -> None:
    mixed = "He lives in Jordan. Jordan is a former champion."
    assert kinds.kind_in("Jordan", mixed) is None  # a place once, a person once: nothing certain


def test_a_one_word_name_is_judged_by_its_full_name() -> None:
    assert kinds.full_name("Capriati", ARTICLE) == "Jennifer Capriati"
    assert kinds.full_name("China", ARTICLE) == "China"  # "to China", "in China": no longer name
    assert kinds.full_name("Chew", "In Chew's words. The Chew family.") == "Chew"  # function words are no first name


def test_the_holders_of_an_office_are_the_names_the_article_gives_it() -> None:
    assert kinds.people_by("chief executive", ARTICLE) == ["Shou Zi Chew"]
    assert kinds.people_by("chairman", ARTICLE) == ["Chung Mong-koo"]
    assert kinds.people_by("lawmaker", ARTICLE) == ["Jesse Gabriel"]
    assert kinds.people_by("singer", ARTICLE) == []
    # a place the article gives an office is no holder of it ("minister China" is not a person)
    assert kinds.people_by("leader", "The leader Beijing named. He lives in Beijing. Talks in Beijing.") == []


@given(st.text(max_size=200), st.text(alphabet=st.characters(categories=("Lu", "Ll")), min_size=1, max_size=12))
def test_any_text_gives_a_kind_or_none_and_never_fails(text: str, name: str) -> None:
    assert kinds.kind_in(name, text) in (None, "person", "place", "group")
    assert all(isinstance(n, str) and n for n in kinds.people_by("chairman", text))
