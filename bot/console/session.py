"""`qabot console`: type questions, get cited answers; or pipe questions in, one per line.

On a terminal it is a prompt_toolkit prompt (line editing, history kept across sessions in
QABOT_HISTORY_FILE). When stdin or stdout is not a terminal each line is a question and each
reply is printed in turn; with `--json` each reply is one JSON line (a question's in the `qabot ask --json`
format). `:commands` work the same in every mode, and `:quit` ends the session. Follow-up questions are
read against the session's last question, unless it was QABOT_CONVERSATION_MINUTES ago.
"""
from __future__ import annotations

import argparse
import logging
import os
import shlex
import shutil
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TextIO

from bot.console.render import (
    HELP,
    Style,
    json_text,
    printable,
    render_answers,
    render_banner,
    render_context,
    render_sources,
    wants_color,
)
from bot.settings import Settings
from bot.small_talk import small_talk, small_talk_reply
from bot.wiring import open_service
from retrieval import AnswerSet, CorpusStats, IngestReport, QabotError, QAService, Turn

log = logging.getLogger(__name__)

PROMPT = "qabot> "


def _format_ingest_report(report: IngestReport, stats: CorpusStats) -> str:
    """The same summary `qabot ingest` prints: one format, owned by the corpus commands."""
    from bot.commands.corpus import ingest_summary

    return ingest_summary(report, stats.articles, stats.sentences)


class Console:
    """One console session: the service, the conversation so far, the last answers and how far `:more` got.

    Text mode prints what a person reads; `json` mode prints one JSON object per reply: a question's is
    exactly `qabot ask --json`, a command's says which command it answers ("command": "more", …)."""

    def __init__(self, service: QAService, settings: Settings, out: TextIO, *, color: bool = False,
                 wrap: bool = False, echo: bool = False, json_mode: bool = False, k: int | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._service = service
        self._out = out
        self._color = color
        self._wrap = wrap  # wrap sentences to the terminal's width, read at each reply (it may be resized)
        self._echo = echo
        self._json = json_mode
        self._clock = clock
        # Answers to a question: `-k` as `qabot ask -k`, else the best one + QABOT_ANSWERS more; `:more` pages
        # by the same count (`-k 1` pages one at a time).
        self._first_k = k if k is not None else 1 + settings.qabot_answers
        self._page = max(1, k if k is not None else settings.qabot_answers)  # answers per `:more`
        self._silence = settings.qabot_conversation_minutes * 60  # after this, a question starts afresh
        self._turn: Turn | None = None  # the last question and its reply: what a follow-up is read against
        self._turn_at = 0.0
        self._previous: Turn | None = None  # the turn the last question was read against (`:more` re-asks with it)
        self._last: AnswerSet | None = None
        self._shown: set[int] = set()  # sentence ids of the last question's answers already printed
        self._commands: dict[str, Callable[[str], bool]] = {
            "more": self._more,
            "context": self._context,
            "sources": self._sources,
            "ingest": self._ingest,
            "help": self._help,
            "quit": self._quit,
            "exit": self._quit,
            "q": self._quit,
        }

    def _style(self) -> Style:
        return Style(color=self._color, width=shutil.get_terminal_size().columns if self._wrap else None)

    def banner(self, store_path: Path) -> None:
        self.say(render_banner(store_path, self._service.stats(), self._style()))

    def say(self, text: str) -> None:
        print(text, file=self._out, flush=True)

    def _emit(self, text: str, data: dict[str, Any]) -> None:
        """One reply: `text` for people, or `data` as one JSON line."""
        if self._json:
            print(json_text(data), file=self._out, flush=True)
        else:
            self.say(text)

    def failed(self, line: str, reason: str) -> None:
        """A line that could not be answered: one line on stderr, and in JSON mode its own JSON line too,
        so that output lines keep matching input lines."""
        print(f"qabot: {reason}", file=sys.stderr, flush=True)
        if self._json:
            print(json_text({"question": printable(line, 200), "error": reason}), file=self._out, flush=True)

    def handle(self, line: str) -> bool:
        """Run one line (a question or a `:command`); False when the session should end."""
        line = line.strip()
        if not line:
            return True
        if line.startswith(":"):
            name, rest = (line[1:].split(maxsplit=1) + ["", ""])[:2]
            command = self._commands.get(name.lower(), self._unknown(name))
            going_on = command(rest.strip())
        elif (kind := small_talk(line)) == "help":
            going_on = self._help("")
        elif kind is not None:  # "thanks", "hi": a friendly line, not a search, and no conversation turn
            reply = small_talk_reply(kind)
            self._emit(reply, {"small_talk": kind, "reply": reply, "no_answer": True})
            going_on = True
        else:
            self.ask(line)
            going_on = True
        if going_on and not self._json:
            self.say("")  # a blank line between one reply and the next
        return going_on

    def ask(self, question: str) -> None:
        now = self._clock()
        previous = self._turn if self._turn is not None and now - self._turn_at < self._silence else None
        answer_set = self._service.ask(question, k=self._first_k, previous=previous)
        self._previous = previous
        self._turn, self._turn_at = Turn(question, answer_set), now
        self._remember(answer_set, fresh=True)
        if self._echo and not self._json:  # piped output: say which question each reply belongs to
            self.say(f"Q: {printable(question, 200)}")
        self._emit(render_answers(answer_set, self._style()), answer_set.to_json())

    def _remember(self, answer_set: AnswerSet, *, fresh: bool) -> None:
        if fresh:
            self._shown = set()
        self._last = answer_set
        self._shown.update(a.sentence_id for a in answer_set.answers)

    def _more(self, _: str) -> bool:
        last = self._last
        if last is None or not last.answers:
            return self._notice("more", "No answers to page through: ask a question first.")
        # Ask again for one more page; rank order is the service's, so show what is new in it. A follow-up
        # is re-asked as typed, against the same turn, so it is read and ranked exactly as it was.
        typed = self._turn.question if self._turn is not None and self._turn.reply is last else last.question
        answer_set = self._service.ask(typed, k=len(self._shown) + self._page, previous=self._previous)
        new = [(rank, a) for rank, a in enumerate(answer_set.answers) if a.sentence_id not in self._shown]
        if not new:
            text = f"No more answers for “{printable(last.question, 80)}”."
        else:
            text = "\n".join(render_answers(answer_set, self._style(), start=rank, stop=rank + 1, header=False)
                             for rank, _answer in new)
        self._emit(text, {"command": "more", "question": last.question,
                          "answers": [{"rank": rank + 1, **a.to_json()} for rank, a in new]})
        self._remember(answer_set, fresh=False)
        return True

    def _context(self, arg: str) -> bool:
        last = self._last
        if last is None or not last.answers:
            return self._notice("context", "No answer to show the context of: ask a question first.")
        try:
            number = int(arg) if arg else 1
        except ValueError:
            number = 0
        if not 1 <= number <= len(last.answers):
            return self._notice("context", f"Usage: :context [N], N from 1 to {len(last.answers)} (the answer's number).")
        answer = last.answers[number - 1]
        around = self._service.context(answer.sentence_id, width=1)
        self._emit(render_context(around, answer, self._style()), {
            "command": "context", "answer": number, "source": around.source, "title": around.title,
            "date": around.date, "site": answer.site, "before": [s.text for s in around.before],
            "sentence": around.sentence.text, "after": [s.text for s in around.after]})
        return True

    def _sources(self, _: str) -> bool:
        articles = self._service.sources()
        self._emit(render_sources(articles, self._style()), {"command": "sources", "articles": [
            {"source": a.source, "title": a.title, "date": a.date, "site": a.site, "url": a.url,
             "sentences": a.sentence_count, "batch": a.batch} for a in articles]})
        return True

    def _ingest(self, arg: str) -> bool:
        try:
            words = shlex.split(arg)
        except ValueError as exc:  # an unclosed quote
            return self._notice("ingest", f"Cannot read the paths {arg!r}: {exc}. Quote paths with spaces, "
                                          "e.g. :ingest \"my file.txt\"")
        replace = bool(words) and words[0] == "--replace"  # as `qabot ingest --replace`
        if replace:
            words = words[1:]
        if not words:
            return self._notice("ingest", "Usage: :ingest [--replace] PATH...  (.txt/.html files, folders of them, or .zip archives)")
        report = self._service.ingest([Path(w).expanduser() for w in words], replace=replace)
        self._emit(_format_ingest_report(report, self._service.stats()), {"command": "ingest", **report.to_json()})
        return True

    def _notice(self, command: str, text: str) -> bool:
        """A command that could not run: one line saying why (in JSON mode, as its "error")."""
        self._emit(text, {"command": command, "error": text})
        return True

    def _unknown(self, name: str) -> Callable[[str], bool]:
        def hint(_: str) -> bool:
            return self._notice(name, f'Unknown command ":{printable(name, 30)}"; type :help for the commands.')

        return hint

    def _help(self, _: str) -> bool:
        self._emit(HELP, {"command": "help", "text": HELP})
        return True

    def _quit(self, _: str) -> bool:
        return False


def _history(path: Path):
    """History kept in `path` across sessions; in memory only (with a warning) if it can't be written."""
    from prompt_toolkit.history import FileHistory, InMemoryHistory

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch(exist_ok=True)
        with path.open("a", encoding="utf-8"):
            pass
    except OSError as exc:
        print(f"qabot: cannot write the history file {path} ({exc.strerror}); history will not be kept. "
              "Set QABOT_HISTORY_FILE to a writable path.", file=sys.stderr)
        return InMemoryHistory()
    return FileHistory(str(path))


def _interactive(console: Console, settings: Settings) -> int:
    from prompt_toolkit import PromptSession
    from prompt_toolkit.auto_suggest import AutoSuggestFromHistory

    session: PromptSession[str] = PromptSession(
        history=_history(settings.qabot_history_file), auto_suggest=AutoSuggestFromHistory()
    )
    while True:
        try:
            line = session.prompt(PROMPT)
        except KeyboardInterrupt:  # Ctrl-C: drop this line, keep the session
            continue
        except EOFError:  # Ctrl-D on an empty line
            return 0
        try:
            if not console.handle(line):
                return 0
        except KeyboardInterrupt:
            console.say("(cancelled)")
        except QabotError as exc:
            console.say(f"qabot: {exc}")
        except Exception:  # a bug must not end the operator's session; the log has the traceback
            log.exception("console: failed on %r", line[:200])
            console.say("qabot: internal error on that line (details logged above); the session goes on.")


def _piped(console: Console, lines: Iterable[str]) -> int:
    """Each line a question or a :command, as typed at the prompt; status 1 when any line failed."""
    failed = 0
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        try:
            if not console.handle(line):
                break
        except BrokenPipeError:  # the reader stopped (`| head`): nothing left to do
            raise
        except QabotError as exc:
            failed += 1
            console.failed(line, str(exc))
        except Exception:
            failed += 1
            log.exception("console: failed on %r", line[:200])
            console.failed(line, "internal error on that line (details logged)")
    return 1 if failed else 0


def run_console(args: argparse.Namespace, settings: Settings) -> int:
    json_mode = bool(getattr(args, "json", False))
    k = getattr(args, "k", None)  # `qabot run` has no -k
    if k is not None and k < 1:
        print(f"qabot: -k must be at least 1 (answers per question), got {k}", file=sys.stderr)
        return 2
    stdin, stdout = sys.stdin, sys.stdout
    interactive = not json_mode and stdin.isatty() and stdout.isatty()
    if not interactive:
        # A stray byte in piped input or an odd terminal encoding must not end the run.
        for stream in (stdin, stdout):
            if hasattr(stream, "reconfigure"):
                stream.reconfigure(errors="replace")
    if not interactive and not json_mode and stdin.isatty():
        # `make run | tee log`: typing at a terminal whose replies go elsewhere. Without a word it looks hung.
        print("qabot: output is not a terminal, so there is no prompt: type a question per line, Ctrl-D to end.",
              file=sys.stderr, flush=True)
    with open_service(settings) as service:
        color = not json_mode and wants_color(stdout, settings.color_allowed)
        console = Console(service, settings, stdout, color=color, wrap=interactive, echo=not interactive,
                          json_mode=json_mode, k=k)
        if interactive:
            console.banner(settings.store_path)
            return _interactive(console, settings)
        try:
            return _piped(console, stdin)
        except BrokenPipeError:
            # Point stdout at /dev/null so the interpreter's final flush doesn't fail again.
            os.dup2(os.open(os.devnull, os.O_WRONLY), stdout.fileno())
            return 0
