"""Small talk ("thanks", "hi", "lol") gets a friendly line instead of a search of the articles."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PROJECT_ROOT
from hypothesis import given
from hypothesis import strategies as st

from bot.small_talk import small_talk, small_talk_reply


@pytest.mark.parametrize(("text", "kind"), [
    ("thanks", "thanks"), ("Thanks!", "thanks"), ("thank you so much", "thanks"), ("hi", "greeting"),
    ("Hello there", "greeting"), ("good morning", "greeting"), ("bye", "goodbye"), ("lol", "ack"),
    ("ok great", "ack"), ("help", "help"), ("HELP", "help"),
])
def test_small_talk_is_recognised(text: str, kind: str) -> None:
    assert small_talk(text) == kind
    assert small_talk_reply(kind)


@pytest.mark.parametrize("text", [
    "who are you?", "whats ur name", "What's your name?", "how are you", "hi, how r u doing today?",
    "are you a bot?", "tell me a joke pls", "What can you do?", "who made you", "hey hows ur day going",
    "how is your weekend going so far?", "hey wat r u up to this weekend", "what are you doing tonight", "how old are u",
    "where are you from?", "r u there", "whats ur favourite film", "wats ur name btw", "who r u lol",
    "wot r u then?",
    "hey hw r u doing 2day", "hows it going?",  # chat shorthand read as the reader reads it (chat10's c10-020)
])
def test_a_question_to_the_bot_about_itself_is_small_talk(text: str) -> None:
    assert small_talk(text) == "about_me"
    assert "articles" in small_talk_reply("about_me")


@pytest.mark.parametrize("text", [
    "who are you meeting in seoul", "what is your name for the envoy", "how are you going to pay for it",
    "are you sure sung kim said that", "who made the deal", "what can you tell me about sung kim",
    "what are you doing about sanctions", "how was your day in seoul, mr kim", "where are you from in korea",
    "what is your favourite line of the talks with japan", "wats ur name btw, and who is sung kim",
    "hw r u going to pay 4 it", "how is it going with the talks",
])
def test_a_question_that_merely_starts_like_one_about_the_bot_is_a_question(text: str) -> None:
    assert small_talk(text) is None


@pytest.mark.parametrize("text", [
    "who is sung kim", "thanks, who met in Seoul", "hi?", "sanctions", "what did he say", "help with sanctions relief",
    "Who won the World Cup?", "korea", "",
])
def test_questions_are_not_small_talk(text: str) -> None:
    assert small_talk(text) is None


@given(st.text(max_size=60))
def test_anything_with_a_question_mark_is_a_question(text: str) -> None:
    assert small_talk(text + "?") is None


@given(st.lists(st.sampled_from(["who", "what", "when", "where", "why", "how", "korea", "envoy"]), min_size=1, max_size=3),
       st.lists(st.sampled_from(["thanks", "hi", "ok", "lol"]), max_size=2))
def test_a_content_or_question_word_makes_it_a_question(content: list[str], chatter: list[str]) -> None:
    assert small_talk(" ".join(chatter + content)) is None


@pytest.mark.e2e
def test_the_piped_console_answers_thanks_without_searching_and_keeps_the_conversation(
        seed_store_folder: Path, tmp_path: Path) -> None:
    lines = "who is sung kim\nthanks\nwhat did he say about pyongyang\n"
    done = subprocess.run([sys.executable, "-m", "bot", "--store", str(seed_store_folder / "qabot.sqlite3"),
                           "console", "--json"], input=lines, capture_output=True, text=True, timeout=120,
                          cwd=PROJECT_ROOT, env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path),
                                                 "PYTHONPATH": str(PROJECT_ROOT)})
    assert done.returncode == 0, done.stderr
    replies = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(replies) == 3
    assert replies[1] == {"small_talk": "thanks", "reply": small_talk_reply("thanks"), "no_answer": True}
    # the follow-up after "thanks" still leans on the last real question
    assert replies[2]["reading"] and "Sung Kim" in replies[2]["reading"]


@pytest.mark.e2e
def test_ask_answers_a_question_to_the_bot_like_the_console_does(seed_store_folder: Path, tmp_path: Path) -> None:
    def ask(question: str) -> dict:
        done = subprocess.run([sys.executable, "-m", "bot", "--store", str(seed_store_folder / "qabot.sqlite3"),
                               "ask", "--json", question], capture_output=True, text=True, timeout=120,
                              cwd=PROJECT_ROOT, env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path),
                                                     "PYTHONPATH": str(PROJECT_ROOT)})
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)
    joke = ask("tell me a joke pls")
    assert joke["small_talk"] == "about_me" and joke["no_answer"] is True
    assert joke["reply"] == small_talk_reply("about_me")
    real = ask("who is sung kim")  # a question is still searched
    assert "small_talk" not in real and real["answers"]
