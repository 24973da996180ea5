"""Getting every request to Telegram through: flood limits, `RetryAfter`, and retries on network faults.

`AIORateLimiter` keeps the bot under Telegram's limits (about 30 messages a second overall,
20 a minute per group) and honours `RetryAfter`, so a burst is delayed, not dropped. It does
not pace private chats (Telegram asks for about one message a second per chat, with short
bursts tolerated) and it does not retry 5xx answers or broken connections; `DeliveryLimiter`
adds both. Every Bot API request passes through `process_request`, so answers, edits,
callback answers and apologies all get the same treatment.
"""
from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

import httpx
from aiolimiter import AsyncLimiter
from telegram.error import BadRequest, NetworkError, TimedOut
from telegram.ext import AIORateLimiter

log = logging.getLogger(__name__)

# A request that failed before Telegram could act on it (refused connection, connect or pool
# timeout, a 5xx answer) is retried. One that may have reached Telegram (no answer within the read
# timeout, a connection dropped mid-answer) is retried only when doing it twice is harmless: a
# second sendMessage would be a second copy of the answer, so it is given up instead (logged).
_REPEATABLE = {"editMessageText", "editMessageReplyMarkup", "getFile", "setMyCommands", "getMe"}
_PACED_METHODS = {"sendMessage", "editMessageText", "editMessageReplyMarkup", "sendDocument"}
# PTB already retries these in its own loops (long polling; start-up "bootstrap"); retrying
# inside them too would multiply the waits, e.g. minutes before "cannot reach the Bot API".
_OWN_RETRY_LOOP = {"getUpdates", "getMe", "deleteWebhook", "setWebhook"}
_BEST_EFFORT = {"sendChatAction"}  # a lost "typing…" must not delay or fail the answer


@dataclass(frozen=True, slots=True)
class Timeouts:
    """Seconds for each phase of a Bot API request. The read timeout is longer than Telegram's slowest
    answers seen in practice (tens of seconds under load), since giving up on a send that did arrive
    would mean either a lost answer or, if resent, a duplicate."""

    connect: float = 10.0
    read: float = 60.0
    write: float = 30.0  # uploads of the bot are small; downloads of admin batches may be large
    pool: float = 10.0


class PossiblyDelivered(TimedOut):
    """A send that may have reached Telegram without us hearing back: not repeated, and no apology sent."""


def may_have_arrived(exc: NetworkError) -> bool:
    """True when the request may have reached Telegram: no answer in time, or the connection broke mid-answer."""
    cause = exc.__cause__
    return isinstance(cause, (httpx.ReadTimeout, httpx.ReadError, httpx.RemoteProtocolError))


class DeliveryLimiter(AIORateLimiter):
    """AIORateLimiter plus per-chat pacing for private chats and retries with backoff on network errors."""

    def __init__(
        self,
        *,
        # Telegram says when to come back and nothing was delivered, so giving up would only lose the
        # answer: wait as often as told (a stopping bot is bounded by its drain time instead).
        retry_after_retries: int = 10_000,
        network_retries: int = 6,
        backoff_base: float = 0.25,
        backoff_max: float = 8.0,
        chat_burst: int = 3,
        chat_period: float = 3.0,
    ) -> None:
        super().__init__(max_retries=retry_after_retries)
        self._network_retries = network_retries
        self._backoff_base = backoff_base
        self._backoff_max = backoff_max
        self._chat_burst = chat_burst
        self._chat_period = chat_period
        self._chat_limiters: dict[int, AsyncLimiter] = {}

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        if endpoint in _OWN_RETRY_LOOP:
            return await callback(*args, **kwargs)
        if endpoint in _BEST_EFFORT:
            await self._retry_after_event.wait()
            return await callback(*args, **kwargs)
        attempt = 0
        while True:
            try:
                return await self._paced(callback, args, kwargs, endpoint, data, rate_limit_args)
            except BadRequest:
                raise  # a subclass of NetworkError, but retrying the same request cannot help
            except NetworkError as exc:
                if endpoint not in _REPEATABLE and may_have_arrived(exc):
                    log.warning("%s got no answer (%s); not sent again, since Telegram may have delivered it",
                                endpoint, exc)
                    raise PossiblyDelivered(f"{endpoint} may have been delivered: {exc}") from exc
                attempt += 1
                if attempt > self._network_retries:
                    raise
                delay = min(self._backoff_max, self._backoff_base * 2 ** (attempt - 1)) * random.uniform(0.8, 1.2)
                log.warning("%s failed (%s); retry %d of %d in %.1fs", endpoint, exc, attempt,
                            self._network_retries, delay)
                await asyncio.sleep(delay)

    async def _paced(self, callback: Any, args: Any, kwargs: dict[str, Any], endpoint: str,
                     data: dict[str, Any], rate_limit_args: int | None) -> Any:
        chat_id = _private_chat_id(data.get("chat_id"))
        if chat_id is None or endpoint not in _PACED_METHODS:
            return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)
        async with self._chat_limiter(chat_id):
            return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)

    def _chat_limiter(self, chat_id: int) -> AsyncLimiter:
        if len(self._chat_limiters) > 4096:  # forget chats whose bucket has refilled
            for key, limiter in list(self._chat_limiters.items()):
                if key != chat_id and limiter.has_capacity(limiter.max_rate):
                    del self._chat_limiters[key]
        found = self._chat_limiters.get(chat_id)
        if found is None:
            found = self._chat_limiters[chat_id] = AsyncLimiter(self._chat_burst, self._chat_period)
        return found


def _private_chat_id(chat_id: object) -> int | None:
    """Positive numeric chat ids are private chats; groups are paced by AIORateLimiter already."""
    try:
        value = int(str(chat_id))
    except (TypeError, ValueError):
        return None
    return value if value > 0 else None
