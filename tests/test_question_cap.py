"""One cap on a question's length, the same in every front end: one line, not a minute of CPU."""
from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from bot.cli import main
from retrieval import QAService, QuestionError

CAP = QAService.MAX_QUESTION_CHARS
LONG = "Who met the envoy in Seoul? " * 40_000  # ~1.1 MB


@pytest.fixture
def seed_store(seed_store_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "store"
    shutil.copytree(seed_store_folder, folder)
    import os

    for name in list(os.environ):
        if name.startswith(("QABOT_", "TELEGRAM_")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    return folder / "qabot.sqlite3"


def test_the_service_refuses_a_question_over_the_cap_and_answers_one_at_it(seed_store: Path) -> None:
    with QAService.open(seed_store) as service:
        with pytest.raises(QuestionError, match=rf"^question too long: {len(LONG)} characters \(the limit is {CAP}\)"):
            service.ask(LONG)
        with pytest.raises(QuestionError):
            service.search(LONG)
        at_cap = ("Who hopes North Korea will respond? " * 100)[:CAP]
        assert not service.ask(at_cap).no_answer


def test_qabot_ask_says_so_in_one_line(seed_store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--store", str(seed_store), "ask", LONG]) == 1
    out, err = capsys.readouterr()
    said = [line for line in err.splitlines() if line.startswith("qabot:")]  # a copied store also logs its index rebuild
    assert out == "" and len(said) == 1 and said[0].startswith("qabot: question too long: ")


@pytest.mark.parametrize("question", ["", "   ", "?", " ?! "])
def test_qabot_ask_without_a_question_says_so_in_one_line(seed_store: Path, question: str,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--store", str(seed_store), "ask", question]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.strip().splitlines() == ['qabot: ask needs a question, e.g. qabot ask "Who is Sung Kim?"']


def test_the_piped_console_reports_the_long_line_and_answers_the_next(
        seed_store: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(LONG + "\nWho hopes North Korea will respond?\n"))
    assert main(["--store", str(seed_store), "console", "--json"]) == 1  # one line failed
    out, err = capsys.readouterr()
    assert "qabot: question too long: " in err
    replies = [json.loads(line) for line in out.splitlines()]
    assert len(replies) == 2  # one JSON line per input line, the failed one included
    assert "question too long" in replies[0]["error"] and replies[1]["question"] == "Who hopes North Korea will respond?"


def test_telegram_cuts_its_messages_to_the_same_cap() -> None:
    from bot.telegram import handlers

    assert handlers.QUESTION_LIMIT == CAP
