"""Which group replies are questions, and how a malformed update is described (in-process, no Bot API)."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from telegram import Update

from bot.telegram.addressing import QUESTION_OPENERS, is_question, names_someone_else
from bot.telegram.polling import _serial_key, _what_was_wrong


@pytest.mark.parametrize("text", [
    "What did he say about dialogue?", "who met in Seoul", "and when was that?", "Did the US offer talks",
    "tell me more about the sanctions", "Where?  In Seoul?", "Is that confirmed?"])
def test_questions(text: str):
    assert is_question(text)


@pytest.mark.parametrize("text", [
    "thanks!", "Thanks a lot", "lol", "LOL?", "👍", "🙏🙏", "ok great", "nice one", "haha", "…", "", "  ", "really?",
    "Good bot", "+1", "1234?"])
def test_small_talk_is_not_a_question(text: str):
    assert not is_question(text)


@given(st.text(alphabet=st.characters(blacklist_categories=("L", "N")), max_size=40))
def test_text_without_words_is_never_a_question(text: str):
    assert not is_question(text)


@given(st.sampled_from(sorted(QUESTION_OPENERS)), st.lists(st.sampled_from(["the", "envoy", "Seoul", "talks"]),
                                                          min_size=2, max_size=6))
def test_a_question_mark_keeps_a_question_a_question(opener: str, rest: list[str]):
    text = " ".join([opener, *rest])
    assert is_question(text) and is_question(text + "?")


def test_mentions_of_anyone_but_the_bot_name_someone_else():
    assert names_someone_else(["@alice"], "qabot_bot")
    assert not names_someone_else(["@QABot_Bot"], "qabot_bot")
    assert not names_someone_else([], "qabot_bot")


CHAT = {"id": 5, "type": "private", "first_name": "A"}
USER = {"id": 5, "is_bot": False, "first_name": "A"}


@pytest.mark.parametrize(("raw", "expected"), [
    ({"update_id": 1, "message": {"message_id": 1, "chat": CHAT, "from": USER, "text": "secret words"}},
     "required field 'date' is missing"),
    ({"update_id": 2, "message": {"message_id": 1, "date": 1, "chat": CHAT, "from": {"id": 5, "is_bot": False},
                                  "text": "secret words"}}, "User has no 'first_name'"),
    ({"update_id": 4, "inline_query": {"id": "q", "from": USER, "offset": ""}}, "InlineQuery has no 'query'"),
])
def test_a_malformed_update_is_described_by_its_fields_never_its_text(raw: dict, expected: str):
    with pytest.raises(Exception) as caught:  # whatever PTB raises is what gets described
        Update.de_json(raw, None)
    reason = _what_was_wrong(caught.value)
    assert reason == expected
    assert "secret" not in reason


def test_updates_of_one_chat_share_a_key_and_inline_queries_go_by_user():
    message = {"update_id": 1, "message": {"chat": {"id": -100}}}
    press = {"update_id": 2, "callback_query": {"message": {"chat": {"id": -100}}, "from": {"id": 7}}}
    inline = {"update_id": 3, "inline_query": {"from": {"id": 7}}}
    assert _serial_key(message) == _serial_key(press) == ("chat", -100)
    assert _serial_key(inline) == ("user", 7)
    assert _serial_key({"update_id": 4, "poll": {}}) is None
