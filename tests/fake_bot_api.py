"""A fake Telegram Bot API server for end-to-end tests: real HTTP on 127.0.0.1, a free port.

The bot under test is started with `TELEGRAM_API_BASE_URL` pointing here and calls
`{root}/bot{token}/{method}` and `{root}/file/bot{token}/{path}` exactly as it would call
Telegram. The server validates parameters the way Telegram does (message length after HTML
entity parsing, allowed tags, 64-byte callback data, 200-character callback answers), can
inject 429s with `retry_after`, 5xx errors and delays, enforces flood limits, and records every
call. Faults are injected *before* anything is delivered, as a real server failing in front
would, so a retried request can never produce a second copy of a delivered message.
"""
from __future__ import annotations

import asyncio
import html
import itertools
import json
import math
import os
import random
import re
import signal
import subprocess
import sys
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from aiohttp import web

ALLOWED_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre",
                "tg-spoiler", "span", "blockquote", "tg-emoji"}
MESSAGE_METHODS = {"sendmessage", "editmessagetext", "editmessagereplymarkup"}  # count against flood limits
INT_FIELDS = {"chat_id", "message_id", "offset", "timeout", "limit", "cache_time", "user_id", "from_chat_id"}
JSON_FIELDS = {"reply_markup", "results", "commands", "reply_parameters", "allowed_updates",
               "link_preview_options", "entities", "scope", "button"}


class TelegramBadRequest(Exception):
    """A 400 with Telegram's wording."""


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class _EntityParser(HTMLParser):
    """Telegram's HTML mode: a few tags, properly nested, four named entities, nothing bare."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.text: list[str] = []
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            raise TelegramBadRequest(f'can\'t parse entities: Unsupported start tag "{tag}"')
        if tag == "a" and not dict(attrs).get("href"):
            raise TelegramBadRequest("can't parse entities: <a> without href")
        if tag == "span" and dict(attrs).get("class") != "tg-spoiler":
            raise TelegramBadRequest('can\'t parse entities: Unsupported start tag "span"')
        self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raise TelegramBadRequest(f'can\'t parse entities: Unsupported start tag "{tag}/"')

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            raise TelegramBadRequest(f'can\'t parse entities: Unmatched end tag "{tag}"')
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if "<" in data or ">" in data:
            raise TelegramBadRequest(f"can't parse entities: unescaped < or > in {data[:40]!r}")
        if re.search(r"&(?!(?:lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);)", data):
            raise TelegramBadRequest(f"can't parse entities: unescaped & in {data[:40]!r}")
        self.text.append(data)

    def handle_entityref(self, name: str) -> None:
        if name not in {"lt", "gt", "amp", "quot"}:
            raise TelegramBadRequest(f'can\'t parse entities: Unsupported HTML entity "&{name};"')
        self.text.append(html.unescape(f"&{name};"))

    def handle_charref(self, name: str) -> None:
        self.text.append(html.unescape(f"&#{name};"))

    def handle_comment(self, data: str) -> None:
        raise TelegramBadRequest("can't parse entities: comments are not supported")

    def handle_decl(self, decl: str) -> None:
        raise TelegramBadRequest("can't parse entities: declarations are not supported")

    def handle_pi(self, data: str) -> None:
        raise TelegramBadRequest("can't parse entities: processing instructions are not supported")

    def unknown_decl(self, data: str) -> None:
        raise TelegramBadRequest("can't parse entities: unknown declaration")


def parse_html(markup: str) -> str:
    """The visible text of `markup` under parse_mode HTML, or TelegramBadRequest."""
    # A bare "<" that doesn't open a tag is data to HTMLParser; Telegram refuses it.
    for match in re.finditer(r"<", markup):
        if not re.match(r"</?[a-zA-Z][a-zA-Z-]*", markup[match.start():]):
            raise TelegramBadRequest(f"can't parse entities: unescaped < at character {match.start()}")
    bare = re.search(r"&(?!(?:lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);)", markup)
    if bare:
        raise TelegramBadRequest(f"can't parse entities: unescaped & or unsupported entity at character {bare.start()}")
    parser = _EntityParser()
    parser.feed(markup)
    parser.close()
    if parser.rawdata:  # HTMLParser keeps an unfinished tag as pending raw data
        raise TelegramBadRequest(f"can't parse entities: unfinished tag {parser.rawdata[:40]!r}")
    if parser.stack:
        raise TelegramBadRequest(f'can\'t parse entities: Can\'t find end tag corresponding to start tag "{parser.stack[-1]}"')
    return "".join(parser.text)


def message_text(params: dict, key: str = "text") -> str:
    """Validate a message text as sendMessage does and return its visible text."""
    raw = params.get(key)
    if not isinstance(raw, str):
        raise TelegramBadRequest("message text is empty")
    mode = str(params.get("parse_mode") or "").lower()
    if mode and mode != "html":
        raise TelegramBadRequest(f"unsupported parse_mode {mode!r} in this fake")
    visible = parse_html(raw) if mode == "html" else raw
    if not visible.strip():
        raise TelegramBadRequest("message text is empty")
    if utf16_length(visible) > 4096:
        raise TelegramBadRequest(f"message is too long ({utf16_length(visible)} > 4096)")
    return visible


def check_markup(markup: Any) -> None:
    if markup is None:
        return
    if not isinstance(markup, dict) or "inline_keyboard" not in markup:
        raise TelegramBadRequest("only inline keyboards are expected from this bot")
    for row in markup["inline_keyboard"]:
        for button in row:
            if not button.get("text"):
                raise TelegramBadRequest("button text is empty")
            data = button.get("callback_data")
            if data is not None and not 1 <= len(data.encode()) <= 64:
                raise TelegramBadRequest(f"BUTTON_DATA_INVALID ({len(data.encode())} bytes)")


@dataclass
class Call:
    """One request the bot made, and what the server answered."""

    method: str  # as sent (Telegram method names are case-insensitive)
    params: dict
    status: int = 0
    at: float = field(default_factory=time.monotonic)
    error: str | None = None
    result: Any = None

    @property
    def ok(self) -> bool:
        return self.status == 200


@dataclass
class FloodRules:
    """Telegram-like limits on delivered messages; 0 turns a limit off."""

    chat_limit: int = 0
    chat_window: float = 1.0
    global_limit: int = 0
    global_window: float = 1.0
    retry_after: int = 1



def _entities(text: str) -> list[dict]:
    """The entities Telegram attaches to a user's text: a leading bot command, and @mentions after it."""
    entities = []
    command = re.match(r"/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?", text)
    if command:
        entities.append({"type": "bot_command", "offset": 0, "length": utf16_length(command.group())})
    for mention in re.finditer(r"@[A-Za-z0-9_]{5,32}", text):
        if command and mention.start() < command.end():
            continue
        entities.append({"type": "mention", "offset": utf16_length(text[:mention.start()]),
                         "length": utf16_length(mention.group())})
    return entities

class FakeBotApi:
    """The server, its knobs and its records. Use `async with FakeBotApi(token) as api:`."""

    def __init__(self, token: str, username: str = "qabot_test_bot", bot_id: int = 777000, seed: int = 1) -> None:
        self.token = token
        self.username = username
        self.bot_id = bot_id
        self.flood = FloodRules()
        self.fail_ratio = 0.0  # probability of a 5xx, before anything is delivered
        self.fail_methods: set[str] | None = None  # lower-case method names; None = every method
        self.forced_429: dict[str, int] = defaultdict(int)  # method -> next N calls get 429
        self.forced_errors: dict[str, list[tuple[int, str]]] = defaultdict(list)  # method -> next answers
        self.delays: dict[str, float] = {}  # method -> seconds before the call is acted on
        self.slow_answers: dict[str, list[float]] = defaultdict(list)  # method -> seconds between delivery and answer, per call
        self.calls: list[Call] = []
        self.unknown_methods: list[str] = []
        self.downloads: list[str] = []
        self.webhook: dict | None = None
        self._rng = random.Random(seed)
        self._updates: list[dict] = []
        self._update_ids = itertools.count(1)
        self._message_ids: dict[int, itertools.count] = defaultdict(lambda: itertools.count(1))
        self._query_ids = itertools.count(1)
        self._new_update = asyncio.Event()
        self._messages: dict[tuple[int, int], dict] = {}
        self._chats: dict[int, dict] = {}
        self._callbacks: dict[str, bool] = {}  # id -> answered
        self._inline: dict[str, bool] = {}
        self._files: dict[str, tuple[str, bytes]] = {}
        self._chat_sent: dict[int, deque[float]] = defaultdict(deque)
        self._all_sent: deque[float] = deque()
        self.commands: list[dict] = []
        self._runner: web.AppRunner | None = None
        self.base_url = ""

    # -- lifecycle ---------------------------------------------------------------------------
    async def __aenter__(self) -> FakeBotApi:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_method)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        self._runner = web.AppRunner(app, handler_cancellation=True, shutdown_timeout=1.0, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.base_url = f"http://127.0.0.1:{port}"
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    # -- what the tests push -------------------------------------------------------------------
    def user(self, user_id: int) -> dict:
        return {"id": user_id, "is_bot": False, "first_name": f"User{user_id}", "username": f"user{user_id}"}

    def chat(self, chat_id: int, chat_type: str = "private") -> dict:
        chat = {"id": chat_id, "type": chat_type}
        if chat_type == "private":
            chat["first_name"] = f"User{chat_id}"
        else:
            chat["title"] = f"Group {chat_id}"
        self._chats[chat_id] = chat
        return chat

    def push_text(self, chat_id: int, text: str, *, user_id: int | None = None, chat_type: str = "private",
                  reply_to: int | None = None) -> int:
        """Queue a text message from a user; returns its message_id. Commands and @mentions get entities."""
        message = self._user_message(chat_id, user_id, chat_type)
        message["text"] = text
        if entities := _entities(text):
            message["entities"] = entities
        if reply_to is not None:
            message["reply_to_message"] = self._messages[(chat_id, reply_to)]
        self._messages[(chat_id, message["message_id"])] = message
        self._push({"message": message})
        return message["message_id"]

    def push_document(self, chat_id: int, user_id: int, file_name: str, content: bytes,
                      mime_type: str = "text/plain", file_size: int | None = None, caption: str | None = None) -> int:
        """Queue a document message; the file is downloadable via getFile. `file_size` may lie (tests the check)."""
        file_id = f"FILE{len(self._files) + 1}"
        self._files[file_id] = (f"documents/file_{len(self._files) + 1}{_suffix(file_name)}", content)
        message = self._user_message(chat_id, user_id, "private")
        message["document"] = {"file_id": file_id, "file_unique_id": f"U{file_id}", "file_name": file_name,
                               "mime_type": mime_type, "file_size": len(content) if file_size is None else file_size}
        if caption is not None:
            message["caption"] = caption
        self._messages[(chat_id, message["message_id"])] = message
        self._push({"message": message})
        return message["message_id"]

    def push_edit(self, chat_id: int, message_id: int, text: str) -> None:
        """Queue the user's edit of an earlier message (an `edited_message` update with the new text)."""
        message = dict(self._messages[(chat_id, message_id)])
        message["text"] = text
        message["edit_date"] = int(time.time())
        message.pop("entities", None)  # Telegram sends the new text's own entities, as for a new message
        if entities := _entities(text):
            message["entities"] = entities
        self._messages[(chat_id, message_id)] = message
        self._push({"edited_message": message})

    def push_raw(self, payload: dict) -> int:
        """Queue any update body as given (malformed ones included); returns its update_id."""
        self._push(payload)
        return self._updates[-1]["update_id"]

    def push_bot_added(self, chat_id: int, by_user: int, *, service_message: bool = False) -> None:
        """The bot added to a group: a `my_chat_member` update, and optionally the service message too."""
        chat = self._chats.get(chat_id) or self.chat(chat_id, "supergroup")
        bot = {"id": self.bot_id, "is_bot": True, "first_name": "QA Bot", "username": self.username}
        self._push({"my_chat_member": {
            "chat": chat, "from": self.user(by_user), "date": int(time.time()),
            "old_chat_member": {"status": "left", "user": bot},
            "new_chat_member": {"status": "member", "user": bot}}})
        if service_message:
            message = self._user_message(chat_id, by_user, chat["type"])
            message["new_chat_members"] = [bot]
            self._messages[(chat_id, message["message_id"])] = message
            self._push({"message": message})

    def push_callback(self, chat_id: int, message_id: int, data: str, *, user_id: int | None = None) -> str:
        """Queue a button press on a message the bot sent; returns the callback query id."""
        query_id = str(next(self._query_ids))
        self._callbacks[query_id] = False
        self._push({"callback_query": {
            "id": query_id, "from": self.user(user_id or chat_id), "chat_instance": f"ci{chat_id}",
            "message": self._messages[(chat_id, message_id)], "data": data}})
        return query_id

    def push_inline(self, user_id: int, query: str) -> str:
        query_id = f"iq{next(self._query_ids)}"
        self._inline[query_id] = False
        self._push({"inline_query": {"id": query_id, "from": self.user(user_id), "query": query, "offset": ""}})
        return query_id

    def _user_message(self, chat_id: int, user_id: int | None, chat_type: str) -> dict:
        chat = self._chats.get(chat_id) or self.chat(chat_id, chat_type)
        return {"message_id": next(self._message_ids[chat_id]), "date": int(time.time()),
                "chat": chat, "from": self.user(user_id if user_id is not None else chat_id)}

    def _push(self, payload: dict) -> None:
        self._updates.append({"update_id": next(self._update_ids), **payload})
        self._new_update.set()

    # -- what the tests read -------------------------------------------------------------------
    def ok_calls(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method.lower() == method.lower() and c.ok]

    def calls_to(self, method: str) -> list[Call]:
        """Every call of `method`, failed ones included."""
        return [c for c in self.calls if c.method.lower() == method.lower()]

    def sent(self, chat_id: int | None = None) -> list[Call]:
        """Delivered sendMessage calls, optionally to one chat."""
        return [c for c in self.ok_calls("sendMessage") if chat_id is None or c.params.get("chat_id") == chat_id]

    def delivered(self, chat_id: int) -> list[dict]:
        """Every message the bot got into `chat_id`, whether or not the bot heard back in time (what the user sees)."""
        return [m for (chat, _), m in sorted(self._messages.items()) if chat == chat_id
                and m["from"]["id"] == self.bot_id]

    def message(self, chat_id: int, message_id: int) -> dict:
        return self._messages[(chat_id, message_id)]

    def pending_updates(self) -> int:
        return len(self._updates)

    async def wait_for(self, predicate: Callable[[], Any], timeout: float = 20.0, what: str = "condition") -> Any:
        """Poll until `predicate()` is truthy; fail the test with `what` after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            value = predicate()
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out after {timeout}s waiting for {what}")
            await asyncio.sleep(0.05)

    # -- the HTTP side ---------------------------------------------------------------------------
    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)
        path = unquote(request.match_info["path"])  # as Telegram, accept the path percent-encoded or not
        self.downloads.append(path)
        for file_path, content in self._files.values():
            if file_path == path:
                return web.Response(body=content)
        return web.json_response({"ok": False, "error_code": 404, "description": "Not Found"}, status=404)

    async def _handle_method(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        call = Call(method=method, params=await _read_params(request))
        self.calls.append(call)
        if request.match_info["token"] != self.token:
            return self._reply(call, 401, description="Unauthorized")
        name = method.lower()
        delay = self.delays.get(name)
        if delay:
            await asyncio.sleep(delay)
        if self.forced_429.get(name, 0) > 0:
            self.forced_429[name] -= 1
            return self._reply(call, 429, description=f"Too Many Requests: retry after {self.flood.retry_after}",
                               parameters={"retry_after": self.flood.retry_after})
        if self.forced_errors.get(name):
            status, description = self.forced_errors[name].pop(0)
            return self._reply(call, status, description=description)
        if self.fail_ratio and (self.fail_methods is None or name in self.fail_methods) \
                and self._rng.random() < self.fail_ratio:
            return self._reply(call, self._rng.choice([500, 502, 503]), description="Internal Server Error")
        if name in MESSAGE_METHODS:
            wait = self._flood_wait(call.params.get("chat_id"))
            if wait:
                return self._reply(call, 429, description=f"Too Many Requests: retry after {wait}",
                                   parameters={"retry_after": wait})
        handler = getattr(self, f"_m_{name}", None)
        if handler is None:
            self.unknown_methods.append(method)
            return self._reply(call, 200, result=True)
        try:
            result = await handler(call.params)
        except TelegramBadRequest as exc:
            return self._reply(call, 400, description=f"Bad Request: {exc}")
        if name in MESSAGE_METHODS:
            self._count_delivery(call.params.get("chat_id"))
        if self.slow_answers.get(name):
            await asyncio.sleep(self.slow_answers[name].pop(0))  # delivered already; the answer is late
        return self._reply(call, 200, result=result)

    def _reply(self, call: Call, status: int, *, result: Any = None, description: str = "",
               parameters: dict | None = None) -> web.Response:
        call.status = status
        call.result = result
        if status == 200:
            return web.json_response({"ok": True, "result": result})
        call.error = description
        body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
        if parameters:
            body["parameters"] = parameters
        return web.json_response(body, status=status)

    def _flood_wait(self, chat_id: Any) -> int:
        now = time.monotonic()
        rules = self.flood
        for window, limit, stamps in ((rules.global_window, rules.global_limit, self._all_sent),
                                      (rules.chat_window, rules.chat_limit, self._chat_sent[chat_id])):
            while stamps and stamps[0] <= now - window:
                stamps.popleft()
            if limit and len(stamps) >= limit:
                return max(rules.retry_after, math.ceil(stamps[0] + window - now))
        return 0

    def _count_delivery(self, chat_id: Any) -> None:
        now = time.monotonic()
        self._all_sent.append(now)
        self._chat_sent[chat_id].append(now)

    # -- methods ---------------------------------------------------------------------------------
    def _bot_user(self) -> dict:
        return {"id": self.bot_id, "is_bot": True, "first_name": "QA Bot", "username": self.username,
                "can_join_groups": True, "can_read_all_group_messages": False, "supports_inline_queries": True}

    async def _m_getme(self, params: dict) -> dict:
        return self._bot_user()

    async def _m_deletewebhook(self, params: dict) -> bool:
        self.webhook = None
        return True

    async def _m_setwebhook(self, params: dict) -> bool:
        secret = params.get("secret_token")
        if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
            raise TelegramBadRequest("secret token contains unallowed characters")
        self.webhook = {"url": params.get("url"), "secret_token": secret}
        return True

    async def _m_getupdates(self, params: dict) -> list[dict]:
        offset = int(params.get("offset") or 0)
        if offset:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        limit = int(params.get("limit") or 100)
        timeout = float(params.get("timeout") or 0)
        deadline = time.monotonic() + timeout
        while not self._updates and time.monotonic() < deadline:
            self._new_update.clear()
            try:
                await asyncio.wait_for(self._new_update.wait(), deadline - time.monotonic())
            except TimeoutError:
                break
        return self._updates[:limit]

    def _known_chat(self, params: dict) -> int:
        chat_id = params.get("chat_id")
        if chat_id not in self._chats:
            raise TelegramBadRequest(f"chat not found ({chat_id!r})")
        return chat_id

    async def _m_sendmessage(self, params: dict) -> dict:
        chat_id = self._known_chat(params)
        visible = message_text(params)
        check_markup(params.get("reply_markup"))
        reply = params.get("reply_parameters") or {}
        if reply and (chat_id, reply.get("message_id")) not in self._messages \
                and not reply.get("allow_sending_without_reply"):
            raise TelegramBadRequest("message to be replied not found")
        message = {"message_id": next(self._message_ids[chat_id]), "date": int(time.time()),
                   "chat": self._chats[chat_id], "from": self._bot_user(), "text": visible}
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        self._messages[(chat_id, message["message_id"])] = message
        return message

    async def _m_editmessagetext(self, params: dict) -> dict:
        message = self._bot_message(params)
        visible = message_text(params)
        check_markup(params.get("reply_markup"))
        if visible == message.get("text") and params.get("reply_markup") == message.get("reply_markup"):
            raise TelegramBadRequest("message is not modified: specified new message content and reply markup "
                                     "are exactly the same as a current content and reply markup of the message")
        message["text"] = visible
        message["reply_markup"] = params.get("reply_markup")
        if message["reply_markup"] is None:
            message.pop("reply_markup")
        return message

    async def _m_editmessagereplymarkup(self, params: dict) -> dict:
        message = self._bot_message(params)
        check_markup(params.get("reply_markup"))
        message["reply_markup"] = params.get("reply_markup")
        if message["reply_markup"] is None:
            message.pop("reply_markup")
        return message

    def _bot_message(self, params: dict) -> dict:
        chat_id = self._known_chat(params)
        message = self._messages.get((chat_id, params.get("message_id")))
        if message is None:
            raise TelegramBadRequest("message to edit not found")
        if message["from"]["id"] != self.bot_id:
            raise TelegramBadRequest("message can't be edited")
        return message

    async def _m_answercallbackquery(self, params: dict) -> bool:
        query_id = params.get("callback_query_id")
        if query_id not in self._callbacks:
            raise TelegramBadRequest("query is too old and response timeout expired or query ID is invalid")
        if self._callbacks[query_id]:
            raise TelegramBadRequest("query is already answered")
        text = params.get("text") or ""
        if utf16_length(text) > 200:
            raise TelegramBadRequest(f"callback answer text is too long ({utf16_length(text)} > 200)")
        self._callbacks[query_id] = True
        return True

    async def _m_answerinlinequery(self, params: dict) -> bool:
        query_id = params.get("inline_query_id")
        if query_id not in self._inline:
            raise TelegramBadRequest("query is too old and response timeout expired or query ID is invalid")
        results = params.get("results")
        if not isinstance(results, list) or len(results) > 50:
            raise TelegramBadRequest("RESULTS_TOO_MUCH or results is not a list")
        ids = [r.get("id") for r in results]
        if len(set(ids)) != len(ids) or any(not i or len(str(i).encode()) > 64 for i in ids):
            raise TelegramBadRequest("RESULT_ID_INVALID or duplicate")
        for result in results:
            if result.get("type") != "article" or not result.get("title"):
                raise TelegramBadRequest("result must be an article with a title")
            content = result.get("input_message_content") or {}
            message_text({"text": content.get("message_text"), "parse_mode": content.get("parse_mode")})
            check_markup(result.get("reply_markup"))
        self._inline[query_id] = True
        return True

    async def _m_sendchataction(self, params: dict) -> bool:
        self._known_chat(params)
        if params.get("action") not in {"typing", "upload_document", "upload_photo", "choose_sticker",
                                         "find_location", "record_voice", "upload_voice", "record_video",
                                         "upload_video", "record_video_note", "upload_video_note"}:
            raise TelegramBadRequest(f"wrong chat action {params.get('action')!r}")
        return True

    async def _m_setmycommands(self, params: dict) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise TelegramBadRequest("commands must be a list of at most 100")
        for command in commands:
            if not re.fullmatch(r"[a-z0-9_]{1,32}", command.get("command", "")) \
                    or not 1 <= len(command.get("description", "")) <= 256:
                raise TelegramBadRequest(f"BOT_COMMAND_INVALID {command!r}")
        self.commands = commands
        return True

    async def _m_getmycommands(self, params: dict) -> list[dict]:
        return self.commands

    async def _m_getfile(self, params: dict) -> dict:
        file_id = params.get("file_id")
        if file_id not in self._files:
            raise TelegramBadRequest("wrong file_id or the file is temporarily unavailable")
        path, content = self._files[file_id]
        if len(content) > 20 * 1024 * 1024:
            raise TelegramBadRequest("file is too big")
        return {"file_id": file_id, "file_unique_id": f"U{file_id}", "file_size": len(content), "file_path": path}

    async def _m_close(self, params: dict) -> bool:
        return True

    async def _m_logout(self, params: dict) -> bool:
        return True


def _suffix(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:] if dot > 0 else ""


async def _read_params(request: web.Request) -> dict:
    """Form, multipart, JSON body or query string, decoded into Python values as Telegram would."""
    raw: dict[str, Any] = dict(request.query)
    if request.content_type == "application/json":
        raw.update(await request.json())
    elif request.can_read_body:
        form = await request.post()
        raw.update({k: v for k, v in form.items() if isinstance(v, str)})
    params: dict[str, Any] = {}
    for key, value in raw.items():
        if isinstance(value, str) and key in INT_FIELDS and re.fullmatch(r"-?\d+", value):
            value = int(value)
        elif isinstance(value, str) and key in JSON_FIELDS:
            try:
                value = json.loads(value)
            except ValueError:
                pass
        elif isinstance(value, str) and value in {"true", "false"}:
            value = value == "true"
        params[key] = value
    return params


# -- the bot under test ------------------------------------------------------------------------
PROJECT_ROOT = Path(__file__).resolve().parent.parent
TOKEN = "123456:TEST-token_abcdefghijklmnopqrstuvwxyz"


def bot_env(api: FakeBotApi | None, store: Any, **extra: str) -> dict[str, str]:
    """A clean environment for `python -m bot`: none of the developer's TELEGRAM_/QABOT_ settings leak in."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("TELEGRAM_", "QABOT_", "ADMIN_", "ALLOWED_"))}
    env.update({"PYTHONPATH": str(PROJECT_ROOT), "QABOT_STORE": str(store), "PYTHONUNBUFFERED": "1"})
    if api is not None:
        env.update({"TELEGRAM_BOT_TOKEN": api.token, "TELEGRAM_API_BASE_URL": api.base_url})
        # The bot's state belongs to one bot on one Telegram: a new fake server (whose message ids start
        # at 1 again) gets a fresh state file, while restarts against the same server share it.
        port = api.base_url.rsplit(":", 1)[-1]
        env["TELEGRAM_STATE_FILE"] = str(Path(store).parent / f"telegram-state-{port}.sqlite3")
    env.update(extra)
    return env


class BotProcess:
    """`python -m bot telegram` as a subprocess, run from an empty folder so no `.env` is read."""

    def __init__(self, workdir: Any, env: dict[str, str], args: tuple[str, ...] = ("telegram",),
                 log_level: str = "INFO") -> None:
        self.workdir = workdir
        self.env = env
        self.args = ("--log-level", log_level, *args)
        self.stdout_path = workdir / "bot.stdout"
        self.stderr_path = workdir / "bot.stderr"
        self.process: asyncio.subprocess.Process | None = None

    async def start(self) -> BotProcess:
        self.workdir.mkdir(parents=True, exist_ok=True)
        self._out = open(self.stdout_path, "wb")  # noqa: SIM115  (closed in wait(), outlives this call)
        self._err = open(self.stderr_path, "wb")  # noqa: SIM115
        self.process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", *self.args, cwd=self.workdir, env=self.env,
            stdout=self._out, stderr=self._err)
        return self

    async def wait(self, timeout: float) -> int:
        assert self.process is not None
        try:
            return await asyncio.wait_for(self.process.wait(), timeout)
        finally:
            self._out.close()
            self._err.close()

    async def stop(self, timeout: float = 15.0) -> int:
        """SIGTERM, then the exit code (killed and failed if it does not stop within `timeout`)."""
        assert self.process is not None
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return await self.wait(timeout)
        except TimeoutError:
            self.process.kill()
            await self.process.wait()
            raise AssertionError(f"the bot did not stop within {timeout}s of SIGTERM; stderr:\n{self.stderr()[-3000:]}") from None

    def stdout(self) -> str:
        return self.stdout_path.read_text(errors="replace") if self.stdout_path.exists() else ""

    def stderr(self) -> str:
        return self.stderr_path.read_text(errors="replace") if self.stderr_path.exists() else ""


async def wait_ready(api: FakeBotApi, bot: BotProcess, timeout: float = 30.0) -> None:
    """The bot is ready once it has set its commands and is long polling."""
    def ready() -> bool:
        if bot.process is not None and bot.process.returncode is not None:
            raise AssertionError(f"the bot exited with {bot.process.returncode}:\n{bot.stderr()[-3000:]}")
        return bool(api.ok_calls("setMyCommands")) and any(c.method == "getUpdates" for c in api.calls)

    await api.wait_for(ready, timeout, "the bot to start polling")


def build_store(store: Any, *paths: Any) -> None:
    """Ingest `paths` into a new store with the real command line, as an operator would."""
    result = subprocess.run([sys.executable, "-m", "bot", "--store", str(store), "ingest", *map(str, paths)],
                            cwd=store.parent, env=bot_env(None, store),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr + result.stdout
