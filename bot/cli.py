"""`qabot` (also `python -m bot`): one program, one subcommand per job.

Every subcommand's arguments are declared here; each runs in the module that owns it.
"""
from __future__ import annotations

import argparse
import importlib
import os
import sys
from pathlib import Path

from pydantic import ValidationError

from bot.logs import configure_logging
from bot.settings import Settings
from retrieval import QabotError

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")

# subcommand -> (module, function); imported only when that subcommand runs.
_RUNNERS = {
    "ingest": ("bot.commands.corpus", "run_ingest"),
    "sources": ("bot.commands.corpus", "run_sources"),
    "check": ("bot.commands.corpus", "run_check"),
    "ask": ("bot.commands.answers", "run_ask"),
    "eval": ("bot.commands.answers", "run_eval"),
    "console": ("bot.console.session", "run_console"),
    "telegram": ("bot.telegram.app", "run_telegram"),
    "run": ("bot.cli", "run_default"),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="qabot",
        description="Ask questions about news articles; get the exact sentence that answers, with its source.",
    )
    store_help = "SQLite store to use (default: $QABOT_STORE or data/qabot.sqlite3, built from seeds/)"
    level_help = "log level (default: $QABOT_LOG_LEVEL, else INFO for the Telegram bot and WARNING elsewhere)"
    parser.add_argument("--store", type=Path, help=store_help)
    parser.add_argument("--log-level", type=str.upper, choices=LOG_LEVELS, help=level_help)
    # The same two options after the command too ("qabot ask --store S ..."), where a new user first types them;
    # SUPPRESS: given only there, they do not reset what was given before the command.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--store", type=Path, default=argparse.SUPPRESS, help=store_help)
    common.add_argument("--log-level", type=str.upper, choices=LOG_LEVELS, default=argparse.SUPPRESS, help=level_help)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser("ingest", parents=[common], help="add article files (.txt, .html, folders, .zip) to the store as one batch",
                       description="Add .txt and .html/.htm files, folders (searched recursively for them and for .zip files) and "
                                   ".zip archives of them "
                                   "as one all-or-nothing batch. Rejected files are listed with their reason.")
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    p.add_argument("--replace", action="store_true", help="replace stored articles whose source name matches but content differs")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")

    p = sub.add_parser("sources", parents=[common], help="list the articles in the store", description="List articles: source, title, site, date, sentence count, batch and URL.")
    p.add_argument("--json", action="store_true", help="print as JSON")

    p = sub.add_parser("check", parents=[common], help="read the whole saved index and verify its checksums",
                       description="Verify every byte of the saved index against its manifest (opening checks only sizes, "
                                   "headers and the manifest). Each problem is one line; a damaged index is rebuilt from "
                                   "the store unless --no-repair. Exit 1 when a problem was found.")
    p.add_argument("--no-repair", action="store_true", help="only report; leave a damaged index as it is")

    p = sub.add_parser("ask", parents=[common], help="answer one question from the store", description="Answer one question with the best sentence(s) and their sources.")
    # The words may come unquoted (`qabot ask who bought yugansk`): the shell's words, joined by spaces, are the question.
    p.add_argument("question", nargs="+", help="the question (quoting it is optional)")
    p.add_argument("--json", action="store_true", help="print the answer as JSON")
    p.add_argument("-k", type=int, default=None, metavar="N", help="answers to return in all (default: 1 + QABOT_ANSWERS)")
    p.add_argument("--context", action="store_true", help="include the sentences around each answer")
    p.add_argument("--explain", action="store_true", help="show why each answer ranked where it did")

    p = sub.add_parser("eval", parents=[common], help="measure answer quality on a question set",
                       description="Ask every question of a JSONL set (or a SQuAD JSON file, built into a temporary store) "
                                   "and print top-1, top-5, MRR, no-answer precision/recall and citation check failures.")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--predictions", type=Path, metavar="OUT.jsonl", help="write one JSON line per question")
    p.add_argument("--json", action="store_true", help="print the metrics as JSON")

    p = sub.add_parser("console", parents=[common], help="interactive question prompt (reads lines when stdin is not a terminal)",
                       description="Type questions, get cited answers. Commands: :more :context :sources :ingest PATH... :help :quit")
    p.add_argument("--json", action="store_true", help="in piped mode, print one JSON object per line")
    p.add_argument("-k", type=int, default=None, metavar="N",
                   help="answers shown per question, as `qabot ask -k` (default: 1 + QABOT_ANSWERS); :more shows N more")

    p = sub.add_parser("telegram", parents=[common], help="run the Telegram bot (long polling, or a webhook server)",
                       description="Run the Telegram bot. Needs TELEGRAM_BOT_TOKEN (environment or .env).")
    p.add_argument("--webhook", metavar="URL", help="serve a webhook at this public URL instead of polling")

    sub.add_parser("run", parents=[common], help="start the Telegram bot when a token is configured, the console otherwise",
                   description="What `make run` starts: Telegram when TELEGRAM_BOT_TOKEN is set, otherwise the console.")
    return parser


def run_default(args: argparse.Namespace, settings: Settings) -> int:
    if settings.telegram_bot_token is not None:
        from bot.telegram.app import run_telegram

        args.webhook = None
        return run_telegram(args, settings)
    from bot.console.session import run_console

    print("No TELEGRAM_BOT_TOKEN set: starting the console. To run the Telegram bot, put "
          "TELEGRAM_BOT_TOKEN=... in .env (see README) and run `make run` again.", file=sys.stderr)
    args.json = False
    return run_console(args, settings)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = Settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        name = ".".join(str(p) for p in first["loc"]).upper()
        # Name the value, except for secrets (a mistyped token must not be echoed).
        shown = "" if "TOKEN" in name or "SECRET" in name else f" (got {first.get('input')!r})"
        message = first["msg"].removeprefix("Value error, ")
        print(f"qabot: bad setting {name}: {message}{shown}", file=sys.stderr)
        return 2
    if args.store is not None:
        settings = settings.model_copy(update={"qabot_store": args.store})
    secrets = [s.get_secret_value() for s in (settings.telegram_bot_token, settings.telegram_webhook_secret) if s]
    # The bot is a service whose operators read its log; elsewhere INFO lines would crowd the answers.
    bot_default = "INFO" if args.command == "telegram" or (args.command == "run" and settings.telegram_bot_token) else "WARNING"
    configure_logging(args.log_level or settings.qabot_log_level or bot_default, secrets)
    module_name, func_name = _RUNNERS[args.command]
    runner = getattr(importlib.import_module(module_name), func_name)
    try:
        status = runner(args, settings)
        sys.stdout.flush()  # here, not at exit, so a closed pipe is caught below
        return status
    except QabotError as exc:
        print(f"qabot: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader stopped early (`qabot sources --json | head`): that is not an error. Point
        # stdout at /dev/null so the interpreter's final flush does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
