"""What the Telegram bot remembers across restarts, in one SQLite file next to the store.

- `UpdateJournal`: every update fetched from Telegram, written *before* the getUpdates offset that
  confirms it is sent, and marked done once handled. A restart finishes what was journaled but not
  done, and an update Telegram sends again is recognised by its id: none is lost, none answered twice.
- `BotMemory`: what inline buttons point at (Telegram allows 64 bytes of callback data, so a button
  carries only a short key), each chat's last question and reply (for follow-ups), which bot message
  answered which question (so an edited question edits its answer), the turn each answer message answered and
  the turn that question was read against (a reply to an answer follows up on that answer, whoever replies; an
  edited question is read against what its first wording was), and which groups were greeted.
  Entries expire; an expired button is answered politely.
- `UserThrottle`: who asks too fast (in memory: a restart forgiving a burst is harmless).

All of it runs on the bot's event loop thread; SQLite in WAL mode with synchronous=NORMAL commits in
well under a millisecond and survives a crash of the process (not a power cut: that costs at most the
last commits, which Telegram then sends again).
"""
from __future__ import annotations

import json
import secrets
import sqlite3
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from retrieval import Answer, AnswerSet, Correction, Outcome, Turn

Clock = Callable[[], float]
SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS updates (
    update_id INTEGER PRIMARY KEY,
    raw TEXT NOT NULL,
    received_at REAL NOT NULL,
    done_at REAL
);
CREATE INDEX IF NOT EXISTS updates_pending ON updates(done_at) WHERE done_at IS NULL;
CREATE TABLE IF NOT EXISTS cards (
    key TEXT PRIMARY KEY,
    expires REAL NOT NULL,
    body TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS turns (
    chat_id INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    at REAL NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (chat_id, user_id)
);
CREATE TABLE IF NOT EXISTS answered (
    chat_id INTEGER NOT NULL,
    question_id INTEGER NOT NULL,
    answer_id INTEGER NOT NULL,
    at REAL NOT NULL,
    PRIMARY KEY (chat_id, question_id)
);
CREATE TABLE IF NOT EXISTS answer_turns (
    chat_id INTEGER NOT NULL,
    answer_id INTEGER NOT NULL,
    at REAL NOT NULL,
    body TEXT NOT NULL,
    previous TEXT,
    PRIMARY KEY (chat_id, answer_id)
);
CREATE TABLE IF NOT EXISTS greeted (
    chat_id INTEGER PRIMARY KEY,
    at REAL NOT NULL
);
"""
DONE_KEPT_SECONDS = 48 * 3600  # Telegram keeps an unconfirmed update for 24 h; remember handled ids longer


def open_state_db(path: Path) -> sqlite3.Connection:
    """The state file, created on first use; a file from a newer version is refused with what to do."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, isolation_level=None)  # autocommit: each statement is its own commit
    try:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise RuntimeError(f"the bot state file {path} was written by a newer qabot (schema {version}); "
                               "upgrade qabot or move the file away")
        db.executescript(_SCHEMA)
        db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
    except BaseException:
        db.close()
        raise
    return db


@dataclass(frozen=True, slots=True)
class JournaledUpdate:
    """An update as Telegram sent it (decoded JSON), not yet handled."""

    update_id: int
    raw: dict[str, Any]


class UpdateJournal:
    """Updates fetched but not yet handled, and the ids of those handled in the last two days."""

    def __init__(self, db: sqlite3.Connection, clock: Clock = time.time) -> None:
        self._db = db
        self._clock = clock

    def add(self, updates: list[JournaledUpdate]) -> list[JournaledUpdate]:
        """Record `updates` in one commit; returns those not seen before (the rest were sent again)."""
        now = self._clock()
        new: list[JournaledUpdate] = []
        with _transaction(self._db):
            for update in updates:
                cursor = self._db.execute(
                    "INSERT OR IGNORE INTO updates(update_id, raw, received_at) VALUES (?, ?, ?)",
                    (update.update_id, json.dumps(update.raw, ensure_ascii=False), now))
                if cursor.rowcount:
                    new.append(update)
        return new

    def done(self, update_id: int) -> None:
        self._db.execute("UPDATE updates SET done_at = ?, raw = '' WHERE update_id = ?", (self._clock(), update_id))

    def pending(self) -> list[JournaledUpdate]:
        """What a previous run fetched (and confirmed to Telegram) but did not finish, oldest first."""
        rows = self._db.execute("SELECT update_id, raw FROM updates WHERE done_at IS NULL ORDER BY update_id")
        return [JournaledUpdate(update_id, json.loads(raw)) for update_id, raw in rows]

    def is_done(self, update_id: int) -> bool:
        row = self._db.execute("SELECT done_at FROM updates WHERE update_id = ?", (update_id,)).fetchone()
        return row is not None and row[0] is not None

    def prune(self) -> None:
        self._db.execute("DELETE FROM updates WHERE done_at IS NOT NULL AND done_at < ?",
                         (self._clock() - DONE_KEPT_SECONDS,))


@dataclass(frozen=True, slots=True)
class AnswerCard:
    """What one answer message's buttons refer to: the question and every answer fetched for it."""

    question: str
    answers: AnswerSet
    shown: int  # answers the message shows now (1 until More is pressed)


class BotMemory:
    """Button cards, conversations, question→answer messages and greetings, each with an expiry."""

    def __init__(self, db: sqlite3.Connection, *, card_ttl: float, turn_ttl: float, clock: Clock = time.time) -> None:
        if card_ttl <= 0 or turn_ttl <= 0:
            raise ValueError(f"card_ttl and turn_ttl must be positive, got {card_ttl!r} and {turn_ttl!r}")
        self._db = db
        self._card_ttl = card_ttl
        self._turn_ttl = turn_ttl
        self._clock = clock

    # -- buttons -------------------------------------------------------------------------------
    def put_card(self, card: AnswerCard) -> str:
        """Store `card`; its key is 8 url-safe characters, well inside 64 bytes with a prefix and index."""
        while True:
            key = secrets.token_urlsafe(6)
            cursor = self._db.execute("INSERT OR IGNORE INTO cards(key, expires, body) VALUES (?, ?, ?)",
                                      (key, self._clock() + self._card_ttl, json.dumps(_card_to_json(card))))
            if cursor.rowcount:
                return key

    def card(self, key: str) -> AnswerCard | None:
        """The card, or None when unknown, expired or written in a shape this version cannot read."""
        row = self._db.execute("SELECT expires, body FROM cards WHERE key = ?", (key,)).fetchone()
        if row is None or row[0] <= self._clock():
            return None
        try:
            return _card_from_json(json.loads(row[1]))
        except (KeyError, TypeError, ValueError):
            return None

    def replace_card(self, key: str, card: AnswerCard) -> None:
        self._db.execute("UPDATE cards SET body = ? WHERE key = ?", (json.dumps(_card_to_json(card)), key))

    # -- conversations ---------------------------------------------------------------------------
    def last_turn(self, chat_id: int, user_id: int) -> Turn | None:
        """The user's last question in this chat and its reply, unless the chat has been silent too long."""
        row = self._db.execute("SELECT at, body FROM turns WHERE chat_id = ? AND user_id = ?",
                               (chat_id, user_id)).fetchone()
        if row is None or row[0] <= self._clock() - self._turn_ttl:
            return None
        try:
            return _turn_from_text(row[1])
        except (KeyError, TypeError, ValueError):
            return None

    def remember_turn(self, chat_id: int, user_id: int, turn: Turn) -> None:
        self._db.execute("INSERT OR REPLACE INTO turns(chat_id, user_id, at, body) VALUES (?, ?, ?, ?)",
                         (chat_id, user_id, self._clock(), _turn_to_text(turn)))

    def remember_answer_turn(self, chat_id: int, answer_id: int, turn: Turn, previous: Turn | None) -> None:
        """`answer_id` (the bot's message) answered `turn`, whose question was read against `previous`."""
        self._db.execute("INSERT OR REPLACE INTO answer_turns(chat_id, answer_id, at, body, previous) VALUES (?, ?, ?, ?, ?)",
                         (chat_id, answer_id, self._clock(), _turn_to_text(turn),
                          None if previous is None else _turn_to_text(previous)))

    def answer_turn(self, chat_id: int, answer_id: int) -> tuple[Turn, Turn | None] | None:
        """The turn the bot's message `answer_id` answered and the turn it was read against, while its buttons live
        (replying to an answer points at it however long ago it came); None when unknown or unreadable."""
        row = self._db.execute("SELECT at, body, previous FROM answer_turns WHERE chat_id = ? AND answer_id = ?",
                               (chat_id, answer_id)).fetchone()
        if row is None or row[0] <= self._clock() - self._card_ttl:
            return None
        try:
            return _turn_from_text(row[1]), (None if row[2] is None else _turn_from_text(row[2]))
        except (KeyError, TypeError, ValueError):
            return None

    # -- which message answered which question ---------------------------------------------------
    def remember_answer(self, chat_id: int, question_id: int, answer_id: int) -> None:
        self._db.execute("INSERT OR REPLACE INTO answered(chat_id, question_id, answer_id, at) VALUES (?, ?, ?, ?)",
                         (chat_id, question_id, answer_id, self._clock()))

    def answer_to(self, chat_id: int, question_id: int) -> int | None:
        """The bot's message that answered `question_id`, while its buttons are still alive."""
        row = self._db.execute("SELECT answer_id, at FROM answered WHERE chat_id = ? AND question_id = ?",
                               (chat_id, question_id)).fetchone()
        if row is None or row[1] <= self._clock() - self._card_ttl:
            return None
        return int(row[0])

    # -- groups ----------------------------------------------------------------------------------
    def greet_once(self, chat_id: int) -> bool:
        """True the first time since the bot was (re)added to `chat_id`."""
        cursor = self._db.execute("INSERT OR IGNORE INTO greeted(chat_id, at) VALUES (?, ?)", (chat_id, self._clock()))
        return bool(cursor.rowcount)

    def forget_group(self, chat_id: int) -> None:
        """The bot left or was removed: greet again if it is added back."""
        self._db.execute("DELETE FROM greeted WHERE chat_id = ?", (chat_id,))

    def prune(self) -> None:
        now = self._clock()
        with _transaction(self._db):
            self._db.execute("DELETE FROM cards WHERE expires <= ?", (now,))
            self._db.execute("DELETE FROM turns WHERE at <= ?", (now - self._turn_ttl,))
            self._db.execute("DELETE FROM answered WHERE at <= ?", (now - self._card_ttl,))
            self._db.execute("DELETE FROM answer_turns WHERE at <= ?", (now - self._card_ttl,))


class _transaction:
    """BEGIN…COMMIT on an autocommit connection (ROLLBACK on error)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> None:
        self._db.execute("BEGIN")

    def __exit__(self, kind: object, *rest: object) -> None:
        self._db.execute("ROLLBACK" if kind is not None else "COMMIT")


# -- the stored shape of answers (not `ask --json`: buttons need ids, positions and highlights) ------
def _answer_to_json(answer: Answer) -> dict[str, Any]:
    return {"text": answer.text, "source": answer.source, "also_in": list(answer.also_in), "score": answer.score,
            "start": answer.start, "end": answer.end, "title": answer.title, "date": answer.date,
            "sentence_id": answer.sentence_id, "position": answer.position, "site": answer.site,
            "highlights": [list(span) for span in answer.highlights]}


def _answer_from_json(data: dict[str, Any]) -> Answer:
    return Answer(text=data["text"], source=data["source"], also_in=tuple(data["also_in"]), score=float(data["score"]),
                  start=int(data["start"]), end=int(data["end"]), title=data["title"], date=data["date"],
                  sentence_id=int(data["sentence_id"]), position=int(data["position"]), site=data.get("site"),
                  highlights=tuple((int(s), int(e)) for s, e in data.get("highlights", ())))


def _answer_set_to_json(answers: AnswerSet) -> dict[str, Any]:
    return {"question": answers.question, "no_answer": answers.no_answer, "outcome": str(answers.outcome),
            "missing_terms": list(answers.missing_terms), "reading": answers.reading,
            "corrections": [[c.typed, c.read_as] for c in answers.corrections],
            "answers": [_answer_to_json(a) for a in answers.answers]}


def _answer_set_from_json(data: dict[str, Any]) -> AnswerSet:
    return AnswerSet(question=data["question"], no_answer=bool(data["no_answer"]),
                     missing_terms=tuple(data["missing_terms"]), outcome=Outcome(data["outcome"]),
                     answers=tuple(_answer_from_json(a) for a in data["answers"]), reading=data.get("reading"),
                     corrections=tuple(Correction(t, r) for t, r in data.get("corrections", ())))


def _turn_to_text(turn: Turn) -> str:
    return json.dumps({"question": turn.question, "reply": _answer_set_to_json(turn.reply)})


def _turn_from_text(text: str) -> Turn:
    body = json.loads(text)
    return Turn(body["question"], _answer_set_from_json(body["reply"]))


def _card_to_json(card: AnswerCard) -> dict[str, Any]:
    return {"question": card.question, "shown": card.shown, "answers": _answer_set_to_json(card.answers)}


def _card_from_json(data: dict[str, Any]) -> AnswerCard:
    return AnswerCard(data["question"], _answer_set_from_json(data["answers"]), int(data["shown"]))


# -- per-user throttling ------------------------------------------------------------------------------
@dataclass(slots=True)
class _UserWindow:
    asked: deque[float] = field(default_factory=deque)
    warned_at: float | None = None


@dataclass(frozen=True, slots=True)
class ThrottleDecision:
    """Whether to answer; when not, whether to say "slow down" (only once per window) and when to retry."""

    allowed: bool
    warn: bool = False
    retry_in: float = 0.0


class UserThrottle:
    """At most `limit` questions per user in any `window` seconds (a sliding window)."""

    def __init__(self, limit: int, window: float = 60.0, clock: Clock = time.monotonic, max_users: int = 50_000) -> None:
        if limit < 1 or window <= 0:
            raise ValueError(f"limit must be >= 1 and window > 0, got limit={limit!r} window={window!r}")
        self._limit = limit
        self._window = window
        self._clock = clock
        self._max_users = max_users
        self._users: OrderedDict[int, _UserWindow] = OrderedDict()

    def check(self, user_id: int) -> ThrottleDecision:
        """Count one question from `user_id` if allowed."""
        now = self._clock()
        state = self._users.pop(user_id, None) or _UserWindow()
        self._users[user_id] = state  # most recently seen last, so the cap drops idle users first
        while len(self._users) > self._max_users:
            self._users.popitem(last=False)
        while state.asked and state.asked[0] <= now - self._window:
            state.asked.popleft()
        if len(state.asked) < self._limit:
            state.asked.append(now)
            return ThrottleDecision(allowed=True)
        retry_in = state.asked[0] + self._window - now
        warn = state.warned_at is None or state.warned_at <= now - self._window
        if warn:
            state.warned_at = now
        return ThrottleDecision(allowed=False, warn=warn, retry_in=max(retry_in, 0.0))
