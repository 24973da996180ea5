"""The bot's SQLite state (buttons, conversations, answered questions, greetings, the update journal) across
reopening the file, with a hand-driven clock; and per-user throttling."""
from __future__ import annotations

from pathlib import Path

import pytest

from bot.telegram.state import AnswerCard, BotMemory, JournaledUpdate, UpdateJournal, UserThrottle, open_state_db
from retrieval import Answer, AnswerSet, Correction, Outcome, Turn


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def answer_set(question: str = "Who is Sung Kim?") -> AnswerSet:
    answer = Answer(text="Sung Kim is the US envoy.", source="001_a.txt", also_in=("002_b.txt",), score=2.5,
                    start=3, end=28, title="Envoy visits Seoul", date="2021-06-21", sentence_id=11, position=4,
                    highlights=((0, 8),), site="Yonhap")
    return AnswerSet(question=question, no_answer=True, missing_terms=("envoi",), answers=(answer,),
                     outcome=Outcome.NOT_SURE, corrections=(Correction("Sulivan", "Sullivan"),), reading="he = Sung Kim")


def memory(path: Path, clock: Clock, card_ttl: float = 3600, turn_ttl: float = 600) -> BotMemory:
    return BotMemory(open_state_db(path), card_ttl=card_ttl, turn_ttl=turn_ttl, clock=clock)


def test_a_card_survives_reopening_the_file_whole(tmp_path: Path):
    clock = Clock()
    path = tmp_path / "state.sqlite3"
    key = memory(path, clock).put_card(AnswerCard("Who is Sung Kim?", answer_set(), 1))
    assert len(f"c:{key}:19".encode()) <= 64
    card = memory(path, clock).card(key)  # a new connection: as after a restart
    assert card == AnswerCard("Who is Sung Kim?", answer_set(), 1)


def test_cards_expire_and_replacing_keeps_the_key(tmp_path: Path):
    clock = Clock()
    state = memory(tmp_path / "s.sqlite3", clock, card_ttl=10)
    key = state.put_card(AnswerCard("q", answer_set(), 1))
    state.replace_card(key, AnswerCard("q", answer_set(), 3))
    clock.now += 9
    card = state.card(key)
    assert card is not None and card.shown == 3
    clock.now += 2
    assert state.card(key) is None
    state.prune()
    assert state.card("nope") is None


def test_a_card_in_a_shape_this_version_cannot_read_is_expired_not_an_error(tmp_path: Path):
    clock = Clock()
    path = tmp_path / "s.sqlite3"
    state = memory(path, clock)
    key = state.put_card(AnswerCard("q", answer_set(), 1))
    db = open_state_db(path)
    db.execute("UPDATE cards SET body = '{\"question\": 3}' WHERE key = ?", (key,))
    assert state.card(key) is None


def test_the_last_turn_is_per_chat_and_user_and_expires_after_silence(tmp_path: Path):
    clock = Clock()
    path = tmp_path / "s.sqlite3"
    state = memory(path, clock, turn_ttl=600)
    state.remember_turn(5, 7, Turn("Who is Sung Kim?", answer_set()))
    assert memory(path, clock).last_turn(5, 7) == Turn("Who is Sung Kim?", answer_set())
    assert state.last_turn(5, 8) is None and state.last_turn(6, 7) is None
    clock.now += 601
    assert state.last_turn(5, 7) is None


def test_answered_questions_and_greetings(tmp_path: Path):
    clock = Clock()
    state = memory(tmp_path / "s.sqlite3", clock, card_ttl=100)
    state.remember_answer(-100, 3, 4)
    assert state.answer_to(-100, 3) == 4 and state.answer_to(-100, 5) is None
    assert state.greet_once(-100) and not state.greet_once(-100)
    state.forget_group(-100)
    assert state.greet_once(-100)
    clock.now += 101
    assert state.answer_to(-100, 3) is None


def test_journal_keeps_pending_updates_and_recognises_ones_sent_again(tmp_path: Path):
    clock = Clock()
    path = tmp_path / "s.sqlite3"
    journal = UpdateJournal(open_state_db(path), clock=clock)
    first = [JournaledUpdate(i, {"update_id": i, "message": {"text": f"q{i}"}}) for i in (1, 2, 3)]
    assert journal.add(first) == first
    journal.done(1)
    again = UpdateJournal(open_state_db(path), clock=clock)  # after a restart
    assert [u.update_id for u in again.pending()] == [2, 3]
    assert again.pending()[0].raw == first[1].raw
    resent = again.add([*first, JournaledUpdate(4, {"update_id": 4})])
    assert [u.update_id for u in resent] == [4]
    assert again.is_done(1) and not again.is_done(2)
    clock.now += 3 * 24 * 3600
    again.prune()
    assert not again.is_done(1)  # forgotten once Telegram can no longer send it again


def test_a_state_file_from_a_newer_version_is_refused(tmp_path: Path):
    path = tmp_path / "s.sqlite3"
    open_state_db(path).execute("PRAGMA user_version=99")
    with pytest.raises(RuntimeError, match="newer qabot"):
        open_state_db(path)


def test_bad_settings_are_refused(tmp_path: Path):
    with pytest.raises(ValueError):
        memory(tmp_path / "s.sqlite3", Clock(), card_ttl=0)
    with pytest.raises(ValueError):
        UserThrottle(0)


def test_throttle_allows_limit_then_warns_once_per_window():
    clock = Clock()
    throttle = UserThrottle(3, 60, clock=clock)
    assert [throttle.check(1).allowed for _ in range(3)] == [True, True, True]
    first = throttle.check(1)
    assert not first.allowed and first.warn and 0 < first.retry_in <= 60
    second = throttle.check(1)
    assert not second.allowed and not second.warn
    assert throttle.check(2).allowed  # other users are not affected
    clock.now += 61
    assert throttle.check(1).allowed


def test_throttle_window_slides():
    clock = Clock()
    throttle = UserThrottle(2, 60, clock=clock)
    throttle.check(1)
    clock.now += 30
    throttle.check(1)
    clock.now += 31  # the first question left the window, the second has not
    assert throttle.check(1).allowed
    assert not throttle.check(1).allowed


def test_the_state_file_lives_beside_the_store_unless_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from bot.settings import Settings

    monkeypatch.delenv("TELEGRAM_STATE_FILE", raising=False)
    store = tmp_path / "news.sqlite3"
    assert Settings(_env_file=None, qabot_store=store).telegram_state_path == tmp_path / "news.telegram.sqlite3"
    named = tmp_path / "elsewhere.sqlite3"
    assert Settings(_env_file=None, qabot_store=store, telegram_state_file=named).telegram_state_path == named
