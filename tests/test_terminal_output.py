"""What `qabot ingest` and `qabot sources` print from users' files: no terminal escape gets through."""
from __future__ import annotations

import json
import logging
from pathlib import Path

from bot.commands.corpus import _sources_table, ingest_summary
from bot.console.render import json_text
from bot.logs import EscapingFormatter, escape_controls
from retrieval import ArticleInfo, IngestReport, Rejection

EVIL = "evil\x1b]0;pwned\x07\x1b[2J\u202etxt.exe\x9b31m.txt"


def _article(source: str, title: str) -> ArticleInfo:
    return ArticleInfo(source, title, "2024-01-02", None, 3, 1, "2024-01-02T00:00:00+00:00", "0" * 64)


def _no_controls(text: str) -> bool:
    return not any((ord(ch) < 0x20 and ch not in "\n") or 0x7F <= ord(ch) <= 0x9F or ch == "\u202e" for ch in text)


def test_the_sources_table_shows_names_and_titles_without_their_control_characters() -> None:
    table = _sources_table([_article(EVIL, "Title \x1b[31mred\x1b[0m"), _article("plain.txt", "Plain")])
    assert _no_controls(table)
    assert "evil ]0;pwned  [2J txt.exe 31m.txt" in table and "Title  [31mred [0m" in table


def test_the_ingest_summary_shows_rejected_names_and_reasons_without_control_characters() -> None:
    report = IngestReport(1, added=("a.txt",), rejected=(Rejection(EVIL, "binary file \x1b[5m"),))
    summary = ingest_summary(report, 1, 3)
    assert _no_controls(summary)
    assert summary.splitlines()[-1].startswith("  evil ]0;pwned")


def test_json_output_escapes_every_control_character_and_reads_back_unchanged() -> None:
    value = [{"source": EVIL, "title": "café \x85 \u2066x\u2069"}]
    text = json_text(value)
    assert _no_controls(text) and "café" in text
    assert json.loads(text) == value


def test_log_lines_show_control_characters_as_escapes() -> None:
    record = logging.LogRecord("qabot", logging.WARNING, __file__, 1, "parser failed on %s", (EVIL,), None)
    line = EscapingFormatter("%(message)s").format(record)
    assert line == "parser failed on evil\\x1b]0;pwned\\x07\\x1b[2J\\u202etxt.exe\\x9b31m.txt"
    assert escape_controls("two\nlines\tand a tab") == "two\nlines\tand a tab"


def test_ask_json_escapes_control_characters_from_article_text(tmp_path: Path) -> None:
    from bot.cli import main

    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "evil.txt").write_text(
        "Harbour council approves ferry\n\nThe harbour council approved the new ferry line \u202e\x9b on Monday.\n",
        encoding="utf-8")
    store = tmp_path / "s.sqlite3"
    assert main(["--store", str(store), "ingest", str(tmp_path / "a")]) == 0
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["--store", str(store), "ask", "--json", "What did the harbour council approve?"]) == 0
    text = out.getvalue()
    assert _no_controls(text)
    assert "\u202e\x9b" in json.loads(text)["answers"][0]["text"]  # escaped, not lost


def test_the_sources_table_fits_a_narrow_terminal_and_stays_whole_for_a_pipe() -> None:
    long_url = ArticleInfo("a.txt", "A title", "2024-01-02", None, 3, 1, "2024-01-02T00:00:00+00:00", "0" * 64,
                           url="https://example.com/" + "x" * 200)
    narrow = _sources_table([long_url], max_width=80)
    assert all(len(line) <= 80 for line in narrow.splitlines())
    assert narrow.splitlines()[1].endswith("…") and "A title" in narrow
    whole = _sources_table([long_url])
    assert long_url.url is not None and long_url.url in whole
