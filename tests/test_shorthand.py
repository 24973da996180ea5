"""Chat shorthand spelt out before the question is read: "wat did u say abt pyongyang lol"."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from retrieval.answering.shorthand import expand_shorthand
from retrieval.service import QAService


@pytest.mark.parametrize(("typed", "read"), [
    ("wat did u say abt pyongyang lol", "what did you say about pyongyang"),
    ("who r the envoys?? thx", "who are the envoys??"),
    ("y did he resign", "why did he resign"),
    ("and wat about japan", "and what about japan"),
    ("approx. how many ppl died", "approximately how many people died"),
    ("what did the govt's envoy say", "what did the government's envoy say"),
    ("GOVT spending abt", "GOVERNMENT spending about"),
    ("lol who is sung kim", "who is sung kim"),
    ("how much wud all 10 gadgets cost", "how much would all 10 gadgets cost"),
    ("why didnt he go", "why didn't he go"),
    ("how many shots did the guy w the rifle fire", "how many shots did the guy with the rifle fire"),
    ("who did he meet w his counterpart", "who did he meet with his counterpart"),
    ("where n when is the next meeting", "where and when is the next meeting"),
    ("wat gates r vietnam n china piloting", "what gates are vietnam and china piloting"),
    ("how old r avi n joel glazer", "how old are avi and joel glazer"),
    ("wat n why did he say", "what and why did he say"),
    ("wats exel valued at rn", "wats exel valued at now"),
    # after the preposition opening the question, and "wen" before an auxiliary (label27's chat questions)
    ("in wat city did somalia n rwanda sign the mou", "in what city did somalia and rwanda sign the mou"),
    ("for hw long did they talk", "for how long did they talk"),
    ("wen did america walk out of the deal", "when did america walk out of the deal"),
    ("ok so wen is the next round", "when is the next round"),
    ("by wat date wen will they decide", "by what date wen will they decide"),
])
def test_shorthand_is_spelt_out_and_filler_dropped(typed: str, read: str) -> None:
    assert expand_shorthand(typed) == read


@pytest.mark.parametrize("typed", [
    "Angkor wat temple",  # a wh-shorthand that is no question word where it stands: a name
    "what is the U.S. doing", "u.s. envoy", "a U-turn",  # letters of abbreviations and compounds
    "George R. R. Martin", "Plan U",  # capital initials
    "rock n roll", "wen jiabao visited", "Wen did not attend", "did wen visit", "talks in angkor wat", "hu jintao said", "to whom did bout ship arms",  # words and names left alone
    "lol",  # nothing but filler: small talk, left as typed
    "the £4.6bn profit",  # a scale glued to its number is the quantities' to read
    "so far who does it cover", "so many people died?", "so long has he been there",  # "so" of "so far" is no opener
    "what did george w bush say", "W the rifle", "what is w", "w the talks",  # an initial, a letter, or no word before
    "who leads n korea", "what is n when", "which RN ships sailed",  # "n" between no two question words: a letter of a name, or a letter
    "talks with n korea", "the n korean leader", "who visited n ireland",  # after a function word or before a place: "north"
])
def test_what_is_not_shorthand_stays_as_typed(typed: str) -> None:
    assert expand_shorthand(typed) == typed


_PLAIN = st.text(alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,?!'-/"),
                 max_size=60)


@given(_PLAIN)
def test_property_expanding_twice_changes_nothing_more(text: str) -> None:
    once = expand_shorthand(text)
    assert expand_shorthand(once) == once


@given(_PLAIN)
def test_property_a_question_with_words_is_never_emptied(text: str) -> None:
    if text.strip():
        assert expand_shorthand(text).strip()


@given(st.lists(st.sampled_from("who met the envoy in Seoul on Monday said talks US Korea".split()), max_size=12))
def test_property_text_without_shorthand_is_untouched(words: list[str]) -> None:
    text = " ".join(words)
    assert expand_shorthand(text) == text


def test_a_chat_typed_question_gets_the_answer_of_the_question_typed_in_full(seeds: QAService) -> None:
    typed = seeds.ask("wat did sung kim say abt pyongyang lol", k=1)
    full = seeds.ask("what did sung kim say about pyongyang", k=1)
    assert not typed.no_answer and typed.missing_terms == ()
    assert [a.sentence_id for a in typed.answers] == [a.sentence_id for a in full.answers]


def test_shorthand_is_never_named_as_a_word_no_article_mentions(seeds: QAService) -> None:
    reply = seeds.ask("wat did u say abt the zorblax lighthouse lol", k=1)
    assert reply.no_answer
    assert {t.lower() for t in reply.missing_terms} == {"zorblax", "lighthouse"}
