"""`qabot telegram`: build the python-telegram-bot Application and run it (long polling or a webhook).

All wiring is in `build_application`; the handlers are in `handlers`, the long-polling loop in `polling`,
what survives restarts in `state`.
"""
from __future__ import annotations

import argparse
import asyncio
import logging
import re
import secrets
import signal
import sys
from collections.abc import Callable, Coroutine
from typing import Any
from urllib.parse import urlsplit

from telegram import BotCommand, Update
from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.logs import RedactSecrets
from bot.settings import Settings
from bot.telegram.delivery import DeliveryLimiter, Timeouts
from bot.telegram.handlers import BotRuntime, QAHandlers
from bot.telegram.polling import PollingParams, UpdatePump
from bot.telegram.state import BotMemory, UpdateJournal, open_state_db
from bot.wiring import open_service

log = logging.getLogger(__name__)

TOKEN_SHAPE = re.compile(r"^\d{3,20}:[A-Za-z0-9_-]{10,100}$")
SECRET_SHAPE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
CONCURRENT_UPDATES = 32  # webhook mode: updates handled at once; polling has its own (PollingParams)
BOOTSTRAP_ATTEMPTS = 4  # tries to reach the Bot API at start before saying it cannot be reached
COMMANDS = [
    BotCommand("start", "what I know, with example questions"),
    BotCommand("help", "how to ask, buttons and commands"),
    BotCommand("ask", "ask a question (in groups)"),
    BotCommand("sources", "the articles I have read"),
]


def run_telegram(args: argparse.Namespace, settings: Settings) -> int:
    """Run the bot until SIGTERM/Ctrl-C; 0 on a clean stop, 2 on a missing or rejected token."""
    token = _checked_token(settings)
    if token is None:
        return 2
    webhook = getattr(args, "webhook", None)
    secret = None
    if webhook:
        secret = _webhook_secret(settings)
        if secret is None:
            return 2
        # PTB logs setWebhook's parameters at DEBUG; the secret must not reach a log line either.
        for handler in logging.getLogger().handlers:
            handler.addFilter(RedactSecrets([secret]))
        if not urlsplit(webhook).scheme.startswith("http"):
            print(f"qabot: --webhook must be a public https:// URL, got {webhook!r}", file=sys.stderr)
            return 2
    logging.getLogger("telegram.ext").addFilter(_QuietStartupFailure())
    service = open_service(settings)
    db = open_state_db(settings.telegram_state_path)
    try:
        runtime = BotRuntime(service=service, settings=settings, memory=BotMemory(
            db, card_ttl=settings.telegram_button_hours * 3600, turn_ttl=settings.qabot_conversation_minutes * 60))
        application = build_application(settings, runtime, token, polling=not webhook)
        try:
            if webhook:
                runtime.memory.prune()
                application.run_webhook(
                    listen=settings.telegram_webhook_listen, port=settings.telegram_webhook_port,
                    url_path=urlsplit(webhook).path.lstrip("/"), webhook_url=webhook, secret_token=secret,
                    allowed_updates=Update.ALL_TYPES, bootstrap_retries=3,
                )
            else:
                asyncio.run(_serve_polling(application, UpdatePump(
                    application, UpdateJournal(db), PollingParams(drain_seconds=settings.telegram_read_timeout + 20),
                    allowed_updates=Update.ALL_TYPES, housekeeping=runtime.memory.prune)))
        except InvalidToken:
            print("qabot: Telegram rejected TELEGRAM_BOT_TOKEN (unauthorized). Check it with @BotFather "
                  "(/mybots → API Token) and update .env.", file=sys.stderr)
            return 2
        except NetworkError as exc:
            print(f"qabot: cannot reach the Bot API at {settings.telegram_api_base_url}: {exc}. "
                  "Check the network or TELEGRAM_API_BASE_URL.", file=sys.stderr)
            return 1
        except TelegramError as exc:
            print(f"qabot: Telegram refused to start the bot: {exc}", file=sys.stderr)
            return 1
        return 0
    finally:
        db.close()
        service.close()


def build_application(settings: Settings, runtime: BotRuntime, token: str, *, polling: bool = True) -> Application:
    """The Application with every handler, the rate limiter, timeouts and the start-up hook.

    When polling, `UpdatePump` fetches the updates, so PTB's own Updater is left out."""
    root = settings.telegram_api_base_url.rstrip("/")
    timeouts = Timeouts(read=settings.telegram_read_timeout)
    builder = (
        ApplicationBuilder()
        .token(token)
        .base_url(f"{root}/bot")
        .base_file_url(f"{root}/file/bot")
        .rate_limiter(DeliveryLimiter())
        .concurrent_updates(CONCURRENT_UPDATES)
        .connection_pool_size(CONCURRENT_UPDATES + 8)
        .connect_timeout(timeouts.connect)
        .read_timeout(timeouts.read)
        .write_timeout(timeouts.write)
        .pool_timeout(timeouts.pool)
        .get_updates_connect_timeout(timeouts.connect)
        .get_updates_read_timeout(timeouts.connect)  # the pump adds the long-poll timeout to this
        .post_init(_post_init(runtime))
    )
    if polling:
        builder = builder.updater(None)
    application = builder.build()
    handlers = QAHandlers(runtime)
    questions = filters.TEXT & ~filters.COMMAND & filters.UpdateType.MESSAGE
    application.add_handler(TypeHandler(Update, handlers.gate), group=-1)
    application.add_handler(CommandHandler("start", handlers.start))
    application.add_handler(CommandHandler("help", handlers.help))
    application.add_handler(CommandHandler("sources", handlers.sources))
    application.add_handler(CommandHandler("ask", handlers.ask_command, filters.UpdateType.MESSAGE))
    application.add_handler(CommandHandler("reload", handlers.reload))
    application.add_handler(MessageHandler(filters.ChatType.PRIVATE & questions, handlers.private_text))
    application.add_handler(MessageHandler(filters.ChatType.GROUPS & questions, handlers.group_text))
    application.add_handler(MessageHandler(filters.UpdateType.EDITED_MESSAGE & filters.TEXT, handlers.edited_text))
    application.add_handler(MessageHandler(filters.COMMAND & filters.UpdateType.MESSAGE, handlers.unknown_command))
    application.add_handler(MessageHandler(filters.ChatType.PRIVATE & filters.Document.ALL, handlers.document))
    application.add_handler(MessageHandler(filters.StatusUpdate.NEW_CHAT_MEMBERS, handlers.new_members))
    application.add_handler(MessageHandler(filters.ChatType.PRIVATE & ~filters.COMMAND & ~filters.StatusUpdate.ALL
                                           & filters.UpdateType.MESSAGE, handlers.other_private))
    application.add_handler(ChatMemberHandler(handlers.membership, ChatMemberHandler.MY_CHAT_MEMBER))
    application.add_handler(CallbackQueryHandler(handlers.more, pattern=r"^m:[\w-]+$"))
    application.add_handler(CallbackQueryHandler(handlers.context_button, pattern=r"^c:[\w-]+:\d+$"))
    application.add_handler(CallbackQueryHandler(handlers.sources_page, pattern=r"^s:\d+$"))
    application.add_handler(CallbackQueryHandler(handlers.stale_button))
    application.add_handler(InlineQueryHandler(handlers.inline_query))
    application.add_error_handler(handlers.error)
    return application


async def _serve_polling(application: Application, pump: UpdatePump) -> None:
    """Start the bot (with a few retries while the Bot API is unreachable), pump updates until SIGTERM or
    Ctrl-C, let answers in progress finish, shut down."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()

    def on_signal(signame: str) -> None:
        if not stop.is_set():
            log.info("%s received: stopping", signame)
        stop.set()

    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, on_signal, sig.name)
        except (NotImplementedError, RuntimeError):  # Windows: Ctrl-C still raises KeyboardInterrupt
            pass
    for attempt in range(1, BOOTSTRAP_ATTEMPTS + 1):
        try:
            await application.initialize()
            await application.bot.delete_webhook()  # getUpdates is refused while a webhook is set
            break
        except InvalidToken:
            raise
        except NetworkError as exc:
            if attempt == BOOTSTRAP_ATTEMPTS or stop.is_set():
                raise
            log.warning("cannot reach the Bot API yet (%s); trying again", exc)
            await asyncio.sleep(attempt)
    try:
        if application.post_init is not None:
            await application.post_init(application)
        await pump.run(stop)
        log.info("stopped%s", f"; {pump.kept} updates are kept and answered at the next start" if pump.kept else "")
    finally:
        await application.shutdown()


def _post_init(runtime: BotRuntime) -> Callable[[Application], Coroutine[Any, Any, None]]:
    async def post_init(application: Application) -> None:
        """Set the command menu and prepare /start's examples once the bot is known to Telegram."""
        await application.bot.set_my_commands(COMMANDS)
        await asyncio.to_thread(runtime.refresh_examples)
        stats = runtime.service.stats()
        log.info("bot @%s ready: %d articles, %d sentences", application.bot.username, stats.articles, stats.sentences)

    return post_init


class _QuietStartupFailure(logging.Filter):
    """PTB logs a rejected token, or giving up on reaching the Bot API at start, with a traceback
    before raising; `run_telegram` says either in one line instead."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], InvalidToken):
            return False
        message = record.getMessage()
        return not ("(Bootstrap" in message and "Aborting" in message)


def _checked_token(settings: Settings) -> str | None:
    if settings.telegram_bot_token is None:
        print("qabot: TELEGRAM_BOT_TOKEN is not set; create a bot with @BotFather and put "
              "TELEGRAM_BOT_TOKEN=... in .env", file=sys.stderr)
        return None
    token = settings.telegram_bot_token.get_secret_value().strip()
    if not TOKEN_SHAPE.match(token):
        # Never echo the value: it is a secret even when mistyped.
        print(f"qabot: TELEGRAM_BOT_TOKEN does not look like a bot token (expected digits:characters, like "
              f"123456789:AAE...; got {len(token)} characters{' without a colon' if ':' not in token else ''}). "
              "Copy it again from @BotFather into .env.", file=sys.stderr)
        return None
    return token


def _webhook_secret(settings: Settings) -> str | None:
    if settings.telegram_webhook_secret is None:
        return secrets.token_urlsafe(32)  # Telegram sends it back on every call; only it and we know it
    secret = settings.telegram_webhook_secret.get_secret_value()
    if not SECRET_SHAPE.match(secret):
        print("qabot: TELEGRAM_WEBHOOK_SECRET may only hold A-Z, a-z, 0-9, _ and - (1 to 256 characters); "
              "change it in .env or leave it empty for a random one.", file=sys.stderr)
        return None
    return secret
