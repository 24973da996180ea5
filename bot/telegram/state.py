"""Server-side state of the Telegram bot: what inline buttons point at, and who asks too fast.

Telegram allows 64 bytes of callback data, far too little for an answer set, so a button
carries only a short random key into `CallbackStore`; entries expire, and an expired button
is answered politely instead of failing. Both classes run on the bot's event loop only, so
they need no locks.
"""
from __future__ import annotations

import secrets
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from retrieval import AnswerSet

T = TypeVar("T")
Clock = Callable[[], float]


@dataclass(frozen=True, slots=True)
class AnswerCard:
    """What one answer message's buttons refer to: the question and every answer fetched for it."""

    question: str
    answers: AnswerSet
    shown: int  # answers the message shows now (1 until More is pressed)


class CallbackStore(Generic[T]):
    """Values behind short opaque keys, dropped after `ttl` seconds or when over `capacity` (oldest first)."""

    def __init__(self, ttl: float = 3600.0, capacity: int = 10_000, clock: Clock = time.monotonic) -> None:
        if ttl <= 0 or capacity <= 0:
            raise ValueError(f"ttl and capacity must be positive, got ttl={ttl!r} capacity={capacity!r}")
        self._ttl = ttl
        self._capacity = capacity
        self._clock = clock
        self._items: OrderedDict[str, tuple[float, T]] = OrderedDict()

    def put(self, value: T) -> str:
        """Store `value` and return its key: 8 url-safe characters, well inside 64 bytes with a prefix."""
        self._expire()
        key = secrets.token_urlsafe(6)
        while key in self._items:
            key = secrets.token_urlsafe(6)
        self._items[key] = (self._clock() + self._ttl, value)
        while len(self._items) > self._capacity:
            self._items.popitem(last=False)
        return key

    def get(self, key: str) -> T | None:
        """The value, or None when the key is unknown or expired."""
        item = self._items.get(key)
        if item is None:
            return None
        expires, value = item
        if expires <= self._clock():
            del self._items[key]
            return None
        return value

    def replace(self, key: str, value: T) -> bool:
        """Update a live entry in place (keeps its expiry); False when it has gone."""
        item = self._items.get(key)
        if item is None or item[0] <= self._clock():
            return False
        self._items[key] = (item[0], value)
        return True

    def __len__(self) -> int:
        self._expire()
        return len(self._items)

    def _expire(self) -> None:
        now = self._clock()
        # Insertion order is expiry order (same ttl for every entry), so stop at the first live one.
        while self._items:
            key, (expires, _) = next(iter(self._items.items()))
            if expires > now:
                break
            del self._items[key]


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
