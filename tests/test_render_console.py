"""The console renderer: hand-made records in, the text a person reads out."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.commands.answers import render_ask
from bot.console.render import (
    Style,
    highlight,
    printable,
    render_answer,
    render_answers,
    render_banner,
    render_context,
    render_not_found,
    render_sources,
    wants_color,
)
from bot.settings import Settings
from retrieval.records import Answer, AnswerSet, ArticleInfo, Context, CorpusStats, Correction, Outcome, Sentence

PLAIN = Style(color=False)
COLOR = Style(color=True)
TEXT = "Sung Kim said the US is ready to meet anywhere, anytime."


def _answer(text: str = TEXT, source: str = "004_x.txt", also_in: tuple[str, ...] = (), sid: int = 7,
            highlights: tuple[tuple[int, int], ...] = ((0, 8),), date: str | None = "2021-06-22",
            site: str | None = None) -> Answer:
    return Answer(text=text, source=source, also_in=also_in, score=3.5, start=100, end=100 + len(text),
                  title="US ready for talks", date=date, sentence_id=sid, position=2, highlights=highlights, site=site)


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_colour_only_on_a_terminal_without_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    def allowed(**env: str) -> bool:
        for name in ("NO_COLOR", "TERM"):
            monkeypatch.delenv(name, raising=False)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        return Settings(_env_file=None).color_allowed

    assert wants_color(_Tty(), allowed(TERM="xterm"))
    assert not wants_color(io.StringIO(), allowed(TERM="xterm"))
    assert not wants_color(_Tty(), allowed(TERM="xterm", NO_COLOR="1"))
    assert not wants_color(_Tty(), allowed(TERM="dumb"))
    assert wants_color(_Tty(), allowed(TERM="xterm", NO_COLOR=""))  # the spec: set *and* non-empty


def test_highlight_paints_only_the_spans_when_colour_is_on() -> None:
    at = TEXT.index("anywhere")
    painted = highlight(TEXT, [(0, 8), (at, at + 8)], COLOR)
    assert painted.startswith("\x1b[1;33mSung Kim\x1b[0m said")
    assert "\x1b[1;33manywhere\x1b[0m" in painted
    assert highlight(TEXT, [(0, 8)], PLAIN) == TEXT


def test_highlight_merges_overlaps_and_ignores_spans_outside_the_text() -> None:
    painted = highlight("abcdef", [(3, 5), (0, 2), (1, 4), (10, 20), (4, 4)], COLOR)
    assert painted == "\x1b[1;33mabcde\x1b[0mf"


@given(st.text(max_size=60), st.lists(st.tuples(st.integers(-5, 70), st.integers(-5, 70)), max_size=6))
def test_highlight_keeps_every_character_of_the_text(text: str, spans: list[tuple[int, int]]) -> None:
    painted = highlight(text, spans, COLOR)
    assert painted.replace("\x1b[1;33m", "").replace("\x1b[0m", "") == printable(text)


def test_printable_replaces_control_characters_one_for_one() -> None:
    raw = "a\x1b[31mb\x00c\td\u202ee"
    shown = printable(raw)
    assert len(shown) == len(raw)
    assert "\x1b" not in shown and "\x00" not in shown and "\u202e" not in shown
    assert printable("x" * 100, limit=10) == "x" * 9 + "…"


def test_answer_shows_sentence_source_date_and_also_in() -> None:
    text = render_answer(_answer(also_in=("000_a.txt", "002_b.txt")), 1, PLAIN)
    assert text.splitlines() == [
        f"1. {TEXT}",
        "   source: US ready for talks · 2021-06-22 — 004_x.txt",
        "   also in: 000_a.txt, 002_b.txt",
    ]


def test_answer_without_date_or_corroboration_has_no_empty_parts() -> None:
    text = render_answer(_answer(date=None), 3, PLAIN)
    assert text.splitlines() == [f"3. {TEXT}", "   source: US ready for talks — 004_x.txt"]


def test_answers_are_numbered_by_rank_from_the_start_given() -> None:
    answers = tuple(_answer(text=f"Sentence {i}.", sid=i, highlights=()) for i in range(5))
    answer_set = AnswerSet(question="q?", no_answer=False, answers=answers)
    first = render_answers(answer_set, PLAIN, stop=2)
    assert [line for line in first.splitlines() if not line.startswith(" ")] == ["1. Sentence 0.", "2. Sentence 1."]
    later = render_answers(answer_set, PLAIN, start=3)
    assert [line for line in later.splitlines() if not line.startswith(" ")] == ["4. Sentence 3.", "5. Sentence 4."]


def test_not_found_names_the_missing_terms() -> None:
    answer_set = AnswerSet(question="Who won the quidditch cup?", no_answer=True, missing_terms=("quidditch", "cup"))
    assert render_answers(answer_set, COLOR) == render_not_found(answer_set)
    assert '"quidditch", "cup"' in render_not_found(answer_set)
    assert render_not_found(answer_set).startswith("Not found")


def test_not_found_without_missing_terms_says_the_evidence_was_weak() -> None:
    text = render_not_found(AnswerSet(question="Why?", no_answer=True))
    assert text.startswith("Not found") and "weak" in text


def test_context_shows_title_date_and_marks_the_answer_sentence() -> None:
    def sentence(i: int, text: str) -> Sentence:
        return Sentence(id=i, source="004_x.txt", position=i - 5, start=0, end=len(text), text=text)

    context = Context(source="004_x.txt", title="US ready for talks", date="2021-06-22",
                      before=(sentence(6, "Before it."),), sentence=sentence(7, TEXT), after=(sentence(8, "After it."),))
    text = render_context(context, _answer(), PLAIN)
    assert text.splitlines() == [
        "US ready for talks · 2021-06-22",
        "004_x.txt, sentences 2-4",
        "  Before it.",
        f"> {TEXT}",
        "  After it.",
    ]
    assert "\x1b[1;33mSung Kim\x1b[0m" in render_context(context, _answer(), COLOR)


def test_sources_lists_each_article_with_date_count_and_title() -> None:
    articles = [
        ArticleInfo(source="000_a.txt", title="First", date="2021-06-22", byline=None, sentence_count=12,
                    batch=1, ingested_at="2024-01-01T00:00:00Z", content_hash="h1"),
        ArticleInfo(source="longer_name.txt", title="Second", date=None, byline=None, sentence_count=3,
                    batch=2, ingested_at="2024-01-01T00:00:00Z", content_hash="h2"),
    ]
    lines = render_sources(articles, PLAIN).splitlines()
    assert lines[0] == "2 articles:"
    assert lines[1].split() == ["000_a.txt", "2021-06-22", "12", "sentences", "First"]
    assert lines[2].split() == ["longer_name.txt", "no", "date", "3", "sentences", "Second"]
    assert "no articles" in render_sources([], PLAIN)


def test_banner_names_store_count_date_range_and_help() -> None:
    stats = CorpusStats(articles=5, sentences=120, first_date="2021-06-22", last_date="2024-10-05", batch=1)
    banner = render_banner(Path("/srv/q/store.sqlite3"), stats, PLAIN)
    assert "/srv/q/store.sqlite3" in banner
    assert "5 articles, 2021-06-22 to 2024-10-05" in banner
    assert ":help" in banner
    some = CorpusStats(articles=12, sentences=300, first_date="2023-03-22", last_date="2023-03-25", batch=1, dated=2)
    assert "12 articles (2 dated, 2023-03-22 to 2023-03-25)." in render_banner(Path("/x.sqlite3"), some, PLAIN)
    empty = render_banner(Path("/x.sqlite3"), CorpusStats(0, 0, None, None, 0), PLAIN)
    assert "0 articles." in empty


def test_wrapped_answer_keeps_a_hanging_indent_and_the_highlights() -> None:
    at = TEXT.index("anywhere")
    answer = _answer(highlights=((0, 8), (at, at + 8)))
    lines = render_answer(answer, 1, Style(color=False, width=30)).splitlines()
    assert all(len(line) <= 30 for line in lines[:-1])  # the source line is not wrapped
    assert lines[0].startswith("1. Sung Kim") and all(line.startswith("   ") for line in lines[1:])
    assert " ".join(" ".join(lines[:-1]).split()) == f"1. {TEXT}"
    painted = render_answer(answer, 1, Style(color=True, width=30))
    assert painted.count("\x1b[1;33m") == 2 and "\x1b[1;33manywhere\x1b[0m" in painted


@given(st.text(alphabet="ab ", max_size=80), st.integers(10, 40), st.lists(st.tuples(st.integers(0, 80), st.integers(0, 80)), max_size=4))
def test_wrapping_loses_no_character_and_respects_the_width(text: str, width: int, spans: list[tuple[int, int]]) -> None:
    answer = _answer(text=text, highlights=tuple(spans))
    body = render_answer(answer, 1, Style(color=True, width=width)).splitlines()[:-1]  # minus the source line
    plain = [line.replace("\x1b[1;33m", "").replace("\x1b[0m", "").replace("\x1b[1m", "") for line in body]
    assert all(len(line) <= width for line in plain)
    # Lines break at one space each (or inside a word too long for a line), after a 3-column indent.
    pieces = [line[3:] for line in plain]
    rebuilt = pieces[0]
    for piece in pieces[1:]:
        rebuilt += (" " if len(text) > len(rebuilt) and text[len(rebuilt)] == " " else "") + piece
    assert rebuilt == text


def test_source_line_names_the_outlet_when_the_article_does() -> None:
    text = render_answer(_answer(site="Yonhap"), 1, PLAIN)
    assert "   source: US ready for talks · Yonhap · 2021-06-22 — 004_x.txt" in text.splitlines()


def test_not_sure_is_labelled_names_the_missing_words_and_shows_the_closest() -> None:
    answer_set = AnswerSet(question="Who won the quidditch cup?", no_answer=True, outcome=Outcome.NOT_SURE,
                           missing_terms=("quidditch",), answers=(_answer(), _answer(text="Other.", sid=8)))
    for text in (render_answers(answer_set, PLAIN), render_ask(answer_set, PLAIN)):
        lines = text.splitlines()
        assert lines[0] == 'Not sure: the articles may not answer that. The best match does not say "quidditch". The closest sentences:'
        assert f"1. {TEXT}" in lines and "2. Other." in lines
        assert "Not found" not in text
    assert render_ask(answer_set, PLAIN).count("Not sure") == 1  # the label once, not per answer


def test_corrections_and_reading_come_before_the_answers_in_console_and_ask() -> None:
    answer_set = AnswerSet(question="What did he say?", no_answer=False, answers=(_answer(),),
                           corrections=(Correction("Sulivan", "Sullivan"),), reading="he = Sung Kim")
    for text in (render_answers(answer_set, PLAIN), render_ask(answer_set, PLAIN)):
        assert text.splitlines()[:3] == ["Showing results for: Sullivan (you typed Sulivan)", "Read as: he = Sung Kim",
                                         f"1. {TEXT}"]
    refused = AnswerSet(question="Sulivan?", no_answer=True, corrections=(Correction("Sulivan", "Sullivan"),))
    assert render_ask(refused, PLAIN).splitlines()[0].startswith("Showing results for: Sullivan")
    assert "Not found" in render_ask(refused, PLAIN)


def test_an_answer_claimed_without_some_words_names_them_and_a_plain_answer_names_none() -> None:
    partial = AnswerSet(question="When are the Oscar nominations announced?", no_answer=False,
                        missing_terms=("nominations", "announced"), answers=(_answer(),))
    for text in (render_answers(partial, PLAIN), render_ask(partial, PLAIN)):
        lines = text.splitlines()
        assert lines[0] == 'Answered on your other words: no article mentions "nominations", "announced".'
        assert f"1. {TEXT}" in lines and "Not sure" not in text
    plain = AnswerSet(question="Who met in Seoul?", no_answer=False, answers=(_answer(),))
    assert "no article mentions" not in render_ask(plain, PLAIN)
