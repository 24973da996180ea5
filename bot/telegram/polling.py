"""Where updates come in (long polling): fetched, journaled, handled, and never lost or answered twice.

PTB's own Updater confirms the getUpdates offset for everything it fetched, and an update that
does not decode stops it for good (the offset never moves). This pump instead:

1. fetches raw JSON with getUpdates and decodes each update on its own: a malformed one is skipped
   with one WARNING line naming its id and what was wrong (the update itself only at DEBUG);
2. writes the good ones to the `UpdateJournal` *before* the next getUpdates confirms them, so an
   update Telegram forgets is one we hold;
3. hands each to `Application.process_update` (one at a time per chat, so a follow-up sees the
   turn before it; up to `concurrent` chats at once) and marks it done when its handlers return;
4. on SIGTERM stops fetching and starting, lets the answers in progress finish (up to
   `drain_seconds`), and leaves the rest in the journal: the next start answers them first.

An update Telegram sends again (the offset was not confirmed before a crash) has a journal row
already and is not handled twice.
"""
from __future__ import annotations

import asyncio
import logging
import re
import time
import warnings
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from telegram import Update
from telegram.error import Conflict, InvalidToken, NetworkError, RetryAfter, TelegramError
from telegram.ext import Application

from bot.telegram.state import JournaledUpdate, UpdateJournal

log = logging.getLogger(__name__)

# getUpdates is called through `do_api_request` to get the raw JSON (PTB's `get_updates` decodes the
# whole batch at once, fails on one bad update and logs the batch, user text included, as CRITICAL).
warnings.filterwarnings("ignore", message=r"Please use 'Bot\.getUpdates'")


@dataclass(frozen=True, slots=True)
class PollingParams:
    """The pump's numbers."""

    poll_timeout: int = 10  # seconds Telegram holds a getUpdates open when there is nothing new
    batch_limit: int = 100  # updates per getUpdates (Telegram's maximum)
    concurrent: int = 32  # chats answered at once
    drain_seconds: float = 80.0  # after SIGTERM, time for answers in progress (longer than a send's read timeout)
    backoff_base: float = 0.5  # first wait after a failed getUpdates; doubles up to backoff_max
    backoff_max: float = 30.0
    prune_every: float = 3600.0  # seconds between deleting what has expired (journal rows, buttons, turns)


@dataclass(frozen=True, slots=True)
class _Item:
    update_id: int
    update: Update
    serial: tuple[str, int] | None  # updates with the same key are handled one after another


class UpdatePump:
    """Long polling with a journal: see the module docstring."""

    def __init__(self, application: Application, journal: UpdateJournal, params: PollingParams = PollingParams(),
                 allowed_updates: list[str] | None = None, housekeeping: Callable[[], None] = lambda: None) -> None:
        self._app = application
        self._journal = journal
        self._housekeeping = housekeeping  # run with the journal's pruning: e.g. dropping expired buttons
        self._params = params
        self._allowed = allowed_updates
        self._queue: deque[_Item] = deque()
        self._running: dict[int, asyncio.Task[None]] = {}
        self._busy: set[tuple[str, int]] = set()
        self._wake = asyncio.Event()
        self._starting = True
        self.kept = 0  # updates left in the journal for the next start

    async def run(self, stop: asyncio.Event) -> None:
        """Until `stop` is set (or getUpdates is refused for good: InvalidToken propagates)."""
        for pending in self._journal.pending():
            self._enqueue(pending.update_id, pending.raw, again=True)
        if self._queue:
            log.info("answering %d updates fetched before the last stop", len(self._queue))
        poller = asyncio.create_task(self._poll(), name="getUpdates")
        dispatcher = asyncio.create_task(self._dispatch(), name="dispatch")
        stopped = asyncio.create_task(stop.wait(), name="stop")
        try:
            await asyncio.wait({poller, stopped}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (poller, dispatcher, stopped):
                task.cancel()
            await asyncio.gather(poller, dispatcher, stopped, return_exceptions=True)
            await self._drain()
        if poller.done() and not poller.cancelled() and poller.exception() is not None:
            raise poller.exception()  # type: ignore[misc]

    # -- fetching --------------------------------------------------------------------------------
    async def _poll(self) -> None:
        offset: int | None = None  # None at start: Telegram sends every update not yet confirmed
        failures = 0
        pruned = float("-inf")  # prune at once, then every prune_every seconds
        while True:
            if time.monotonic() - pruned > self._params.prune_every:
                self._journal.prune()
                self._housekeeping()
                pruned = time.monotonic()
            try:
                batch = await self._fetch(offset)
            except InvalidToken:
                raise
            except RetryAfter as exc:
                await asyncio.sleep(_seconds(exc.retry_after))
                continue
            except Conflict as exc:
                log.error("Telegram reports a conflict: another process is getting updates for this bot token "
                          "(%s). Only one `qabot telegram` may poll per token: stop the other one, or remove its "
                          "webhook.", exc)
                failures += 1
            except (NetworkError, TelegramError) as exc:
                failures += 1
                if failures == 1 or failures % 10 == 0:
                    log.warning("network problem while polling Telegram (%s); retrying", exc)
            else:
                if failures:
                    log.info("polling Telegram again after %d failed attempts", failures)
                failures = 0
                offset = self._take(batch, offset)
                continue
            delay = min(self._params.backoff_max, self._params.backoff_base * 2 ** min(failures - 1, 10))
            await asyncio.sleep(delay)

    async def _fetch(self, offset: int | None) -> list[Any]:
        kwargs: dict[str, Any] = {"timeout": self._params.poll_timeout, "limit": self._params.batch_limit}
        if offset is not None:
            kwargs["offset"] = offset
        if self._allowed is not None:
            kwargs["allowed_updates"] = self._allowed
        result = await self._app.bot.do_api_request(
            "getUpdates", api_kwargs=kwargs, read_timeout=self._params.poll_timeout + 10.0)
        return result if isinstance(result, list) else []

    def _take(self, batch: list[Any], offset: int | None) -> int | None:
        """Journal the batch and queue what is new; returns the offset that confirms it."""
        fresh: list[JournaledUpdate] = []
        for raw in batch:
            update_id = raw.get("update_id") if isinstance(raw, dict) else None
            if not isinstance(update_id, int) or isinstance(update_id, bool):
                log.warning("skipping an update without a numeric update_id (%s)", type(raw).__name__)
                continue
            offset = max(offset or 0, update_id + 1)
            fresh.append(JournaledUpdate(update_id, raw))
        for new in self._journal.add(fresh):
            self._enqueue(new.update_id, new.raw, again=False)
        return offset

    def _enqueue(self, update_id: int, raw: dict[str, Any], *, again: bool) -> None:
        decoded = self._decode(update_id, raw)
        if decoded is None:
            self._journal.done(update_id)  # nothing can be done with it; never try again
            return
        self._queue.append(_Item(update_id, decoded, _serial_key(raw)))
        self._wake.set()

    def _decode(self, update_id: int, raw: dict[str, Any]) -> Update | None:
        kinds = [key for key in raw if key != "update_id"]
        kind = kinds[0] if kinds else "nothing"
        try:
            if kinds and not isinstance(raw[kind], dict):
                raise _Malformed(f"{kind!r} is a {type(raw[kind]).__name__}, not an object")
            update = Update.de_json(raw, self._app.bot)
        except Exception as exc:  # whatever PTB fails on, one bad update must not stop the bot
            log.warning("skipping update %s (%s): %s", update_id, kind, _what_was_wrong(exc))
            log.debug("update %s as received: %r", update_id, raw)
            return None
        return update

    # -- handling --------------------------------------------------------------------------------
    async def _dispatch(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            while len(self._running) < self._params.concurrent:
                item = self._next_free()
                if item is None:
                    break
                if item.serial is not None:
                    self._busy.add(item.serial)
                self._running[item.update_id] = asyncio.create_task(self._handle(item), name=f"update {item.update_id}")

    def _next_free(self) -> _Item | None:
        """The oldest queued update whose chat is not being answered right now."""
        for index, item in enumerate(self._queue):
            if item.serial is None or item.serial not in self._busy:
                del self._queue[index]
                return item
        return None

    async def _handle(self, item: _Item) -> None:
        try:
            await self._app.process_update(item.update)  # handler errors go to the error handler, not here
            self._journal.done(item.update_id)
        except asyncio.CancelledError:
            raise  # stopped mid-answer: it stays in the journal and is answered at the next start
        except Exception:
            log.exception("update %s failed outside its handlers", item.update_id)
            self._journal.done(item.update_id)
        finally:
            self._running.pop(item.update_id, None)
            if item.serial is not None:
                self._busy.discard(item.serial)
            self._wake.set()

    async def _drain(self) -> None:
        self.kept = len(self._queue)
        running = list(self._running.values())
        if running or self.kept:
            log.info("stopping: finishing %d answers in progress; %d fetched updates are kept for the next start",
                     len(running), self.kept)
        if not running:
            return
        _, late = await asyncio.wait(running, timeout=self._params.drain_seconds)
        for task in late:
            task.cancel()
        await asyncio.gather(*late, return_exceptions=True)
        if late:
            log.warning("%d answers did not finish within %.0f s of stopping; they are answered at the next start",
                        len(late), self._params.drain_seconds)
        self.kept += len(late)


class _Malformed(ValueError):
    """An update whose shape we can describe without quoting it."""


_MISSING_ARGUMENT = re.compile(r"^(\w+)\.__init__\(\) missing \d+ required (?:positional |keyword-only )?arguments?: (.+)$")


def _what_was_wrong(exc: Exception) -> str:
    """The reason in words, naming fields but never quoting values (they may be what the user typed)."""
    if isinstance(exc, _Malformed):
        return str(exc)
    if isinstance(exc, KeyError):
        return f"required field {exc.args[0]!r} is missing" if exc.args else "a required field is missing"
    missing = _MISSING_ARGUMENT.match(str(exc)) if isinstance(exc, TypeError) else None
    if missing:
        return f"{missing[1]} has no {missing[2]}"
    if isinstance(exc, AttributeError):
        return "a field holds a value where an object belongs"
    return f"it does not decode ({type(exc).__name__})"


def _serial_key(raw: dict[str, Any]) -> tuple[str, int] | None:
    """The chat an update belongs to (or the user, for inline queries): such updates are handled in order."""
    for kind in ("message", "edited_message", "channel_post", "edited_channel_post", "my_chat_member",
                 "chat_member", "callback_query"):
        body = raw.get(kind)
        if isinstance(body, dict):
            chat = body.get("chat") or (body.get("message") or {}).get("chat")
            if isinstance(chat, dict) and isinstance(chat.get("id"), int):
                return ("chat", chat["id"])
    for kind in ("inline_query", "chosen_inline_result"):
        body = raw.get(kind)
        sender = body.get("from") if isinstance(body, dict) else None
        if isinstance(sender, dict) and isinstance(sender.get("id"), int):
            return ("user", sender["id"])
    return None


def _seconds(value: object) -> float:
    total = getattr(value, "total_seconds", None)
    return float(total()) if callable(total) else float(value)  # type: ignore[arg-type]
