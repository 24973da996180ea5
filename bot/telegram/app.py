"""`qabot telegram`: build the python-telegram-bot Application and run it (long polling or a webhook).

All wiring is in `build_application`; the handlers themselves are in `telegram_handlers`.
"""
from __future__ import annotations

import argparse
import asyncio
import logging
import re
import secrets
import signal
import sys
from urllib.parse import urlsplit

from telegram import BotCommand, Update
from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.logs import RedactSecrets
from bot.settings import Settings
from bot.telegram.delivery import DeliveryLimiter
from bot.telegram.handlers import BotRuntime, QAHandlers
from bot.wiring import open_service

log = logging.getLogger(__name__)

TOKEN_SHAPE = re.compile(r"^\d{3,20}:[A-Za-z0-9_-]{10,100}$")
SECRET_SHAPE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
POLL_TIMEOUT = 10  # seconds of long polling per getUpdates
CONCURRENT_UPDATES = 32  # questions answered at once; the rest wait in PTB's queue
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
    try:
        runtime = BotRuntime(service=service, settings=settings)
        application = build_application(settings, runtime, token)
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        _stop_on_signals(loop, runtime)
        try:
            if webhook:
                application.run_webhook(
                    listen=settings.telegram_webhook_listen, port=settings.telegram_webhook_port,
                    url_path=urlsplit(webhook).path.lstrip("/"), webhook_url=webhook, secret_token=secret,
                    allowed_updates=Update.ALL_TYPES, bootstrap_retries=3, stop_signals=None,
                )
            else:
                application.run_polling(timeout=POLL_TIMEOUT, allowed_updates=Update.ALL_TYPES,
                                        bootstrap_retries=3, stop_signals=None)
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
        if runtime.dropped:
            log.warning("stopped with %d received updates unanswered (they arrived while stopping)", runtime.dropped)
        return 0
    finally:
        service.close()


def build_application(settings: Settings, runtime: BotRuntime, token: str) -> Application:
    """The Application with every handler, the rate limiter, timeouts and the start-up hook."""
    root = settings.telegram_api_base_url.rstrip("/")
    application = (
        ApplicationBuilder()
        .token(token)
        .base_url(f"{root}/bot")
        .base_file_url(f"{root}/file/bot")
        .rate_limiter(DeliveryLimiter(stopping=lambda: runtime.stopping))
        .concurrent_updates(CONCURRENT_UPDATES)
        .connection_pool_size(CONCURRENT_UPDATES + 8)
        .connect_timeout(10.0)
        .read_timeout(15.0)
        .write_timeout(30.0)  # uploads of the bot are small; downloads of admin batches may be large
        .pool_timeout(10.0)
        .get_updates_connect_timeout(10.0)
        .get_updates_read_timeout(10.0)  # PTB adds the long-poll timeout to this
        .post_init(_post_init(runtime))
        .build()
    )
    handlers = QAHandlers(runtime)
    application.add_handler(TypeHandler(Update, handlers.gate), group=-1)
    application.add_handler(CommandHandler("start", handlers.start))
    application.add_handler(CommandHandler("help", handlers.help))
    application.add_handler(CommandHandler("sources", handlers.sources))
    application.add_handler(CommandHandler("ask", handlers.ask_command))
    application.add_handler(CommandHandler("reload", handlers.reload))
    application.add_handler(MessageHandler(filters.ChatType.PRIVATE & filters.TEXT & ~filters.COMMAND,
                                           handlers.private_text))
    application.add_handler(MessageHandler(filters.ChatType.GROUPS & filters.TEXT & ~filters.COMMAND,
                                           handlers.group_text))
    application.add_handler(MessageHandler(filters.ChatType.PRIVATE & filters.Document.ALL, handlers.document))
    application.add_handler(MessageHandler(filters.ChatType.PRIVATE & ~filters.COMMAND & ~filters.StatusUpdate.ALL,
                                           handlers.other_private))
    application.add_handler(CallbackQueryHandler(handlers.more, pattern=r"^m:[\w-]+$"))
    application.add_handler(CallbackQueryHandler(handlers.context_button, pattern=r"^c:[\w-]+:\d+$"))
    application.add_handler(CallbackQueryHandler(handlers.sources_page, pattern=r"^s:\d+$"))
    application.add_handler(CallbackQueryHandler(handlers.stale_button))
    application.add_handler(InlineQueryHandler(handlers.inline_query))
    application.add_error_handler(handlers.error)
    return application


def _post_init(runtime: BotRuntime):
    async def post_init(application: Application) -> None:
        """Set the command menu and prepare /start's examples once the bot is known to Telegram."""
        await application.bot.set_my_commands(COMMANDS)
        await asyncio.to_thread(runtime.refresh_examples)
        stats = runtime.service.stats()
        log.info("bot @%s ready: %d articles, %d sentences", application.bot.username, stats.articles, stats.sentences)

    return post_init


def _stop_on_signals(loop: asyncio.AbstractEventLoop, runtime: BotRuntime) -> None:
    """SIGTERM/SIGINT: stop taking new work at once, let answers in flight finish, then shut down.

    PTB's own handler only raises SystemExit; then Application.stop() would still answer every
    update already fetched, which during a burst takes as long as the flood limits allow.
    """

    def stop(signame: str) -> None:
        if not runtime.stopping:
            log.info("%s received: stopping", signame)
        runtime.stopping = True
        raise SystemExit

    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, stop, sig.name)
        except (NotImplementedError, RuntimeError):  # Windows: Ctrl-C still raises KeyboardInterrupt
            pass


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
