"""`qabot console` driven for real: a pseudo-terminal for the interactive prompt, pipes for scripts.

One store is built from seeds/ per module with `qabot ingest`; sessions that add articles work on
a copy. Interactive sessions run with NO_COLOR so the screen text is plain (prompt_toolkit's own
cursor escapes are stripped before asserting); one session checks the colours themselves.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest

from bot.console.render import printable

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
SEED_NAMES = sorted(p.name for p in SEEDS.glob("*.txt"))
ANSI = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07]*\x07|[@-Z\\-_])")
PROMPT = "qabot>"  # prompt_toolkit draws the trailing space by moving the cursor
QUESTION = "Where and when is the US ready to meet North Korea?"
FACT_FILE = "zorblax_lighthouse.txt"
FACT_TEXT = """\
Zorblax lighthouse gets a new coat of paint
2023-03-14
The Zorblax lighthouse in Port Quillon was painted violet by the artist Mirela Dunstan.
Local fishermen say the colour makes the tower easy to see at dusk.
The harbour council paid for the work from its maintenance budget.
"""


def flat(text: str) -> str:
    """White space collapsed: wrapping at the terminal's width must not fail a comparison."""
    return " ".join(text.split())


def _env(tmp: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TELEGRAM_BOT_TOKEN", "QABOT_STORE")}
    env.update(
        TERM="xterm",
        PROMPT_TOOLKIT_NO_CPR="1",  # the pty never answers cursor-position requests
        QABOT_HISTORY_FILE=str(tmp / "history"),
        QABOT_LOG_LEVEL="WARNING",
        PYTHONIOENCODING="utf-8",
    )
    env.update(extra)
    return env


def _qabot(store: Path, *args: str, env: dict[str, str], input: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot", "--store", str(store), *args], cwd=REPO, env=env,
                          input=input, capture_output=True, text=True, encoding="utf-8", timeout=120)


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("store")
    store = tmp / "seeds.sqlite3"
    done = _qabot(store, "ingest", str(SEEDS.relative_to(REPO)), env=_env(tmp))
    assert done.returncode == 0, done.stderr
    return store


@pytest.fixture
def store_copy(seed_store: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "copy.sqlite3"
    shutil.copy(seed_store, copy)
    return copy


def _ask_json(store: Path, question: str, env: dict[str, str]) -> dict:
    done = _qabot(store, "ask", question, "--json", env=env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


class Screen:
    """A console in a pseudo-terminal; `run` types a line and returns the plain text it printed."""

    def __init__(self, store: Path, env: dict[str, str]) -> None:
        self.child = pexpect.spawn(sys.executable, ["-m", "bot", "--store", str(store), "console"], cwd=str(REPO),
                                   env=env, encoding="utf-8", timeout=60, dimensions=(50, 250))
        self.child.expect(PROMPT)
        self.banner = ANSI.sub("", self.child.before)

    def run(self, line: str, until: str) -> str:
        """Type `line` and Enter, wait for the regex `until` in the output and then for the next
        prompt (keys like Ctrl-C or Ctrl-D only reach the console while it is prompting);
        return the plain text printed."""
        self.child.sendline(line)
        self.child.expect(until)
        shown = self.child.before + self.child.after
        self.child.expect(PROMPT)
        return ANSI.sub("", shown + self.child.before).replace("\r\n", "\n")

    def finish(self) -> int:
        self.child.expect(pexpect.EOF)
        self.child.close()
        return self.child.exitstatus


def test_missing_store_gives_one_clear_line_and_a_failure_status(tmp_path: Path) -> None:
    done = _qabot(Path("/nonexistent/x.sqlite3"), "console", env=_env(tmp_path), input="Who is Sung Kim?\n")
    assert done.returncode != 0
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "/nonexistent/x.sqlite3" in lines[0] and "Traceback" not in done.stderr


def test_session_answers_pages_shows_context_and_sources(seed_store: Path, tmp_path: Path) -> None:
    env = _env(tmp_path, NO_COLOR="1")
    expected = _ask_json(seed_store, QUESTION, env)
    assert not expected["no_answer"]
    best = expected["answers"][0]
    screen = Screen(seed_store, env)
    assert "5 articles" in screen.banner and ":help" in screen.banner

    shown = screen.run(QUESTION, rf"\n{len(expected['answers'])}\. [\s\S]*?source: \S+")
    assert flat(f"1. {printable(best['text'])}") in flat(shown)  # the terminal width wraps long sentences
    assert f"— {best['source']}" in shown and f"source: {best['title'][:40]}" in flat(shown)
    for other in best["also_in"]:
        assert other in shown

    # The reply may follow prompt_toolkit's escapes rather than a newline, hence no "^".
    more = screen.run(":more", rf"(?<![0-9]){len(expected['answers']) + 1}\. [\s\S]*?source: \S+|No more answers")
    assert "Unknown command" not in more
    assert not re.search(r"(?m)^[1-4]\. ", more)  # only answers not shown yet

    context = screen.run(":context", r"sentences \d+-\d+")
    assert " · ".join(x for x in (best["title"], best["site"], best["date"] or "no date") if x) in context
    assert f"{best['source']}, sentences" in context
    assert flat(f"> {printable(best['text'])}") in flat(context)

    sources = screen.run(":sources", SEED_NAMES[-1])
    assert "5 articles:" in sources
    assert all(name in sources for name in SEED_NAMES)

    hint = screen.run(":frobnicate", r"type :help[^\n]*")
    assert 'Unknown command ":frobnicate"' in hint

    refused = screen.run("Who won the quidditch championship?", r"Not found[^\n]*")
    assert "quidditch" in re.search(r"Not found[^\n]*", refused).group()  # names the missing terms

    screen.child.sendline(":quit")
    assert screen.finish() == 0


def test_ingest_then_the_new_article_answers_at_once(store_copy: Path, tmp_path: Path) -> None:
    (tmp_path / FACT_FILE).write_text(FACT_TEXT, encoding="utf-8")
    screen = Screen(store_copy, _env(tmp_path, NO_COLOR="1"))
    before = screen.run("Who painted the Zorblax lighthouse?", r"(Not found|source: )[^\n]*")
    assert FACT_FILE not in before

    summary = screen.run(f":ingest {tmp_path / FACT_FILE}", r"1 added[^\n]*")
    assert "Traceback" not in summary and "error" not in summary.lower()

    answer = screen.run("Who painted the Zorblax lighthouse?", rf"— {re.escape(FACT_FILE)}")
    assert "1. The Zorblax lighthouse in Port Quillon was painted violet by the artist Mirela Dunstan." in flat(answer)

    sources = screen.run(":sources", FACT_FILE)
    assert "6 articles:" in sources
    screen.child.sendline(":quit")
    assert screen.finish() == 0


def test_history_across_sessions_ctrl_c_clears_the_line_ctrl_d_exits_zero(seed_store: Path, tmp_path: Path) -> None:
    env = _env(tmp_path, NO_COLOR="1")
    first = Screen(seed_store, env)
    first.run(QUESTION, r"source: \S+")
    first.child.sendline(":quit")
    assert first.finish() == 0
    assert QUESTION in (tmp_path / "history").read_text(encoding="utf-8")

    second = Screen(seed_store, env)
    second.child.send("\x1b[A\x1b[A")  # Up twice: past ":quit" to the last session's question
    again = second.run("", r"source: \S+")
    assert "1. " in again

    second.child.send(":half-typed")
    second.child.sendcontrol("c")
    helped = second.run(":help", r"Ctrl-C clears the line")
    # Had Ctrl-C not cleared it, the line would read ":half-typed:help", an unknown command.
    assert "Unknown command" not in helped and ":context [N]" in helped
    second.child.sendcontrol("d")
    assert second.finish() == 0


def _pty_run(args: list[str], input: str, env: dict[str, str]) -> str:
    """Run with stdin a pipe and stdout a terminal (the colour decision looks at stdout)."""
    import pty

    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "bot", *args], cwd=REPO, env=env,
                            stdin=subprocess.PIPE, stdout=slave, stderr=subprocess.PIPE)
    os.close(slave)
    proc.stdin.write(input.encode())
    proc.stdin.close()
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    assert proc.wait(timeout=120) == 0, proc.stderr.read().decode()
    return b"".join(chunks).decode("utf-8", "replace")


def test_no_color_and_non_terminal_output_has_no_escape_codes(seed_store: Path, tmp_path: Path) -> None:
    args = ["--store", str(seed_store), "console"]
    coloured = _pty_run(args, QUESTION + "\n", _env(tmp_path))
    assert "\x1b[1;33m" in coloured  # a terminal gets the question's terms highlighted, so the checks below can fail
    no_color = _pty_run(args, QUESTION + "\n", _env(tmp_path, NO_COLOR="1"))
    piped = _qabot(seed_store, "console", env=_env(tmp_path), input=QUESTION + "\n")
    assert piped.returncode == 0, piped.stderr
    for text in (no_color, piped.stdout):
        assert "\x1b" not in text
        assert "source: " in text
    assert ANSI.sub("", coloured).replace("\r\n", "\n") == no_color.replace("\r\n", "\n")


def test_piped_json_lines_equal_ask_json(seed_store: Path, tmp_path: Path) -> None:
    env = _env(tmp_path)
    dev = [json.loads(line)["question"] for line in (REPO / "eval" / "seed_heldout.jsonl").read_text().splitlines()[:2]]
    questions = [*dev, "Who won the quidditch championship?"]
    done = _qabot(seed_store, "console", "--json", env=env, input="\n".join(["", *questions, "   ", ""]) + "\n")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == len(questions)  # blank lines are ignored, not answered
    for question, line in zip(questions, lines):
        assert json.loads(line) == _ask_json(seed_store, question, env)


def test_piped_json_runs_commands_like_plain_piped_mode_and_stops_at_quit(seed_store: Path, tmp_path: Path) -> None:
    env = _env(tmp_path)
    lines = [QUESTION, ":more", ":context 2", ":sources", ":frobnicate", ":quit", "Who won the quidditch championship?"]
    done = _qabot(seed_store, "console", "--json", env=env, input="\n".join(lines) + "\n")
    assert done.returncode == 0, done.stderr
    replies = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(replies) == 5  # nothing after :quit
    assert replies[0] == _ask_json(seed_store, QUESTION, env)
    more, context, sources, unknown = replies[1:]
    assert more["command"] == "more" and all(a["rank"] > len(replies[0]["answers"]) for a in more["answers"])
    assert context["command"] == "context" and context["sentence"] == replies[0]["answers"][1]["text"]
    assert context["source"] == replies[0]["answers"][1]["source"] and "title" in context and "site" in context
    assert sources["command"] == "sources" and len(sources["articles"]) == len(SEED_NAMES)
    assert unknown == {"command": "frobnicate", "error": 'Unknown command ":frobnicate"; type :help for the commands.'}
    plain = _qabot(seed_store, "console", env=env, input="\n".join(lines) + "\n")
    assert "quidditch" not in plain.stdout and plain.stdout.count("Unknown command") == 1  # the same in plain mode


def test_more_after_a_follow_up_pages_the_follow_up_as_it_was_read(seed_store: Path, tmp_path: Path) -> None:
    # ":more" re-asks the follow-up as typed against the same turn: the next page continues the ranking shown
    env = _env(tmp_path)
    for first, second in (("Who represented South Korea at the three-way talks?", "What about Japan?"),
                          ("What did the three countries agree to keep working on?", "What else did they want?")):
        done = _qabot(seed_store, "console", "--json", env=env, input="\n".join([first, second, ":more"]) + "\n")
        assert done.returncode == 0, done.stderr
        _, follow, more = [json.loads(line) for line in done.stdout.splitlines()]
        assert follow["reading"] and more["question"] == follow["question"]
        assert more["answers"] and all(a["rank"] > len(follow["answers"]) for a in more["answers"])


def test_k_sets_the_answers_per_question_and_per_more_page(seed_store: Path, tmp_path: Path) -> None:
    # `console -k N` as `ask -k N`: N answers to a question, then N new ones for each :more
    env = _env(tmp_path)
    done = _qabot(seed_store, "console", "--json", "-k", "2", env=env, input="\n".join([QUESTION, ":more"]) + "\n")
    assert done.returncode == 0, done.stderr
    reply, more = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(reply["answers"]) == 2
    assert [a["rank"] for a in more["answers"]] == [3, 4]
    bad = _qabot(seed_store, "console", "-k", "0", env=env, input=QUESTION + "\n")
    assert bad.returncode == 2 and bad.stderr.strip() == "qabot: -k must be at least 1 (answers per question), got 0"


def test_typing_at_a_terminal_with_output_redirected_says_there_is_no_prompt(seed_store: Path, tmp_path: Path) -> None:
    # `make run | tee log`: stdin a terminal, stdout a pipe. Lines are read as piped, with a hint on stderr.
    import pty

    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "bot", "--store", str(seed_store), "console"], cwd=REPO,
                            env=_env(tmp_path), stdin=slave, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, encoding="utf-8")
    os.close(slave)
    try:
        os.write(master, f"{QUESTION}\n".encode())
        os.write(master, b"\x04")  # Ctrl-D at the start of a line: end of input
        out, err = proc.communicate(timeout=120)
    finally:
        os.close(master)
    assert proc.returncode == 0, err
    assert "no prompt: type a question per line, Ctrl-D to end" in err
    assert f"Q: {QUESTION}" in out and "source: " in out


def test_piped_text_answers_each_question_in_turn(seed_store: Path, tmp_path: Path) -> None:
    questions = [QUESTION, "Who won the quidditch championship?"]
    done = _qabot(seed_store, "console", env=_env(tmp_path), input="\n".join(questions) + "\n")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    first, second = out.index(f"Q: {questions[0]}"), out.index(f"Q: {questions[1]}")
    assert first < out.index("source: ") < second < out.index("Not found")


def test_huge_lines_and_control_characters_do_not_crash(seed_store: Path, tmp_path: Path) -> None:
    hostile = [
        "x" * 2_000,  # at the question cap (QAService.MAX_QUESTION_CHARS); over it: tests/test_question_cap.py
        ("North Korea talks " * 600)[:2_000],
        "\x00\x1b[31mWho is \x07Sung Kim?\x1b[0m\x08\x7f",
        "\u202eWho is Sung Kim?",
        QUESTION,
    ]
    text = _qabot(seed_store, "console", env=_env(tmp_path), input="\n".join(hostile) + "\n")
    assert text.returncode == 0, text.stderr
    assert "Traceback" not in text.stderr
    assert text.stdout.count("Q: ") == len(hostile)
    assert "\x1b" not in text.stdout and "\x00" not in text.stdout
    as_json = _qabot(seed_store, "console", "--json", env=_env(tmp_path), input="\n".join(hostile) + "\n")
    assert as_json.returncode == 0, as_json.stderr
    replies = [json.loads(line) for line in as_json.stdout.splitlines()]
    assert len(replies) == len(hostile)
    assert not replies[-1]["no_answer"]


def test_piped_json_keeps_one_line_per_input_line_when_one_fails(seed_store: Path, tmp_path: Path) -> None:
    too_long = "why " * 1000
    done = _qabot(seed_store, "console", "--json", env=_env(tmp_path),
                  input=f"Who is Sung Kim?\n{too_long}\nWho did Sung Kim meet in Seoul?\n")
    assert done.returncode == 1  # one line failed, and the status says so
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(lines) == 3
    assert "question too long" in lines[1]["error"] and "answers" in lines[0] and "answers" in lines[2]
    assert done.stderr.count("question too long") == 1
