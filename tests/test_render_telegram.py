"""Telegram rendering: escaped, parseable by Telegram's HTML rules, within 4096 characters, cut on whole pieces.

Every rendered text is checked with the fake Bot API's parser, which refuses what Telegram refuses.
"""
from __future__ import annotations

import re

import pytest
from fake_bot_api import TelegramBadRequest, parse_html, utf16_length
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.telegram import render
from retrieval.records import (
    Answer,
    AnswerSet,
    ArticleInfo,
    Context,
    CorpusStats,
    Correction,
    Duplicate,
    IngestReport,
    Outcome,
    Rejection,
    Sentence,
)


def make_answer(text: str = "Sung Kim met Noh Kyu-duk in Seoul.", source: str = "001_a.txt", *,
                also_in: tuple[str, ...] = (), highlights: tuple[tuple[int, int], ...] = (),
                date: str | None = "2021-06-22", sentence_id: int = 7, site: str | None = None,
                title: str = "US hopes N. Korea will respond") -> Answer:
    return Answer(text=text, source=source, also_in=also_in, score=3.5, start=10, end=10 + len(text),
                  title=title, date=date, sentence_id=sentence_id, position=2, highlights=highlights, site=site)


def visible(markup: str) -> str:
    return parse_html(markup)


def test_answer_shows_sentence_source_date_and_also_in():
    answer = make_answer(also_in=("002_b.txt", "003_c.txt"), highlights=((0, 8),))
    markup = render.render_answer(answer)
    assert "<b>Sung Kim</b>" in markup
    text = visible(markup)
    assert "Sung Kim met Noh Kyu-duk in Seoul." in text
    assert "— US hopes N. Korea will respond · 2021-06-22 — 001_a.txt" in text
    assert "also in: 002_b.txt, 003_c.txt" in text


def test_article_and_source_text_is_escaped():
    answer = make_answer(text="Profits <b>rose</b> 5% & more <script>", source="a&b<c>.txt",
                         also_in=("x<y>.txt",), highlights=((8, 11),))
    markup = render.render_answer(answer)
    text = visible(markup)  # raises if anything is left unescaped
    assert "Profits <b>rose</b> 5% & more <script>" in text
    assert "a&b<c>.txt" in text and "x<y>.txt" in text


def test_no_answer_names_missing_terms_escaped():
    answers = AnswerSet(question="what about <zorg> & flimflam", no_answer=True, missing_terms=("<zorg>", "flimflam"))
    text = visible(render.render_no_answer(answers))
    assert "<zorg>" in text and "flimflam" in text
    assert "found nothing" in text


def test_no_answer_without_missing_terms_says_the_articles_do_not_answer():
    text = visible(render.render_no_answer(AnswerSet(question="who is the president", no_answer=True)))
    assert "don't answer" in text


def test_thousands_of_missing_terms_fit_one_message():
    terms = tuple(f"term{i}<&>" for i in range(3000))
    text = visible(render.render_no_answer(AnswerSet(question="x", no_answer=True, missing_terms=terms)))
    assert utf16_length(text) <= 4096
    assert "and 2980 more" in text


def test_more_drops_whole_answers_that_do_not_fit():
    long_text = "word " * 700  # 3500 characters each: only one fits with its citation
    answers = AnswerSet(question="q", no_answer=False,
                        answers=tuple(make_answer(long_text.strip(), f"{i}.txt") for i in range(4)))
    rendered = render.render_answers(answers, 4)
    text = visible(rendered.text)
    assert utf16_length(text) <= 4096
    assert rendered.shown == len(re.findall(r"— \d+\.txt", text))
    assert rendered.shown >= 1


def test_several_answers_are_numbered_in_order():
    answers = AnswerSet(question="q", no_answer=False,
                        answers=tuple(make_answer(f"Sentence number {i}.", f"{i}.txt") for i in range(3)))
    rendered = render.render_answers(answers, 3)
    text = visible(rendered.text)
    assert rendered.shown == 3
    assert text.index("1. Sentence number 0.") < text.index("2. Sentence number 1.") < text.index("3. Sentence number 2.")


def test_a_sentence_longer_than_a_message_is_trimmed_with_its_highlights():
    text = "Seoul " * 2000
    answer = make_answer(text.strip(), highlights=tuple((i * 6, i * 6 + 5) for i in range(2000)))
    rendered = render.render_answers(AnswerSet(question="Seoul", no_answer=False, answers=(answer,)))
    shown = visible(rendered.text)
    assert utf16_length(shown) <= 4096
    assert "…" in shown and "001_a.txt" in shown


def test_context_shows_title_date_and_the_answer_in_bold():
    def sentence(i: int, text: str) -> Sentence:
        return Sentence(id=i, source="001_a.txt", position=i, start=0, end=len(text), text=text)

    context = Context(source="001_a.txt", title="Talks <in> Seoul", date="2021-06-22",
                      before=(sentence(1, "Before & after."),), sentence=sentence(2, "The answer."),
                      after=(sentence(3, "Then this."),))
    markup = render.render_context(context, "Yonhap")
    assert "<b>The answer.</b>" in markup
    text = visible(markup)
    assert text.startswith("Talks <in> Seoul · Yonhap · 2021-06-22\n001_a.txt")
    assert "Before & after. The answer. Then this." in text


def test_context_of_huge_sentences_fits_one_message():
    big = "x" * 5000

    def sentence(i: int) -> Sentence:
        return Sentence(id=i, source="s.txt", position=i, start=0, end=5000, text=big)

    context = Context(source="s.txt", title="t" * 1000, date=None, before=(sentence(1),), sentence=sentence(2),
                      after=(sentence(3),))
    assert utf16_length(visible(render.render_context(context))) <= 4096


def info(i: int) -> ArticleInfo:
    return ArticleInfo(source=f"{i:03d}_<x>.txt", title=f"Title & {i}", date=f"2021-06-2{i % 10}", byline=None,
                       sentence_count=10, batch=1, ingested_at="2024-01-01T00:00:00Z", content_hash="h")


def test_sources_are_paginated_and_escaped():
    articles = [info(i) for i in range(23)]
    first, pages = render.render_sources_page(articles, 0)
    assert pages == 3
    text = visible(first)
    assert "23 articles (page 1 of 3)" in text and "000_<x>.txt" in text and "Title & 0" in text
    assert "010_<x>.txt" not in text
    last, _ = render.render_sources_page(articles, 99)  # clamped to the last page
    assert "022_<x>.txt" in visible(last)


def test_start_tells_articles_dates_and_examples():
    stats = CorpusStats(articles=5, sentences=200, first_date="2021-06-21", last_date="2021-06-23", batch=1)
    text = visible(render.render_start(stats, ["Who met in <Seoul>?", "What does Kim say?"], "QA & Bot"))
    assert "5 news articles, dated 2021-06-21 to 2021-06-23" in text
    assert "Who met in <Seoul>?" in text and "QA & Bot" in text
    some = CorpusStats(articles=12, sentences=300, first_date="2023-03-22", last_date="2023-03-25", batch=1, dated=2)
    assert "12 news articles, 2 of them dated 2023-03-22 to 2023-03-25" in visible(render.render_start(some, [], "B"))


def test_ingest_report_lists_every_kind_and_fits_one_message():
    report = IngestReport(batch=4, added=("a.txt",), skipped=("b.txt",), replaced=("c.txt",),
                          rejected=tuple(Rejection(f"bad{i}<>.txt", "not UTF-8 & not a news article") for i in range(500)),
                          sentences_added=12)
    text = visible(render.render_ingest_report(report))
    assert utf16_length(text) <= 4096
    assert "Batch 4: added 1, replaced 1, skipped 1" in text
    assert "rejected: bad0<>.txt — not UTF-8 & not a news article" in text
    assert "more lines" in text


def test_nothing_added_report():
    report = IngestReport(batch=None, rejected=(Rejection("x.txt", "empty file"),))
    text = visible(render.render_ingest_report(report))
    assert text.startswith("Nothing was added.") and "x.txt — empty file" in text


def test_ingest_report_says_what_each_skipped_file_repeats_and_what_was_passed_over():
    report = IngestReport(batch=None, skipped=("copy.txt",), duplicates=(Duplicate("copy.txt", "a.txt"),),
                          passed_over=("scan.pdf", "notes.md"), empty=("/tmp/qabot-upload-x1/pics.zip",))
    text = visible(render.render_ingest_report(report))
    assert "skipped: copy.txt — duplicate of a.txt (already stored)" in text
    assert "skipped 2 files not .txt/.html/.htm/.zip: scan.pdf, notes.md" in text
    assert "no articles in pics.zip: it holds no .txt/.html/.htm files" in text  # not the temporary folder
    assert "qabot-upload" not in text


def test_example_question_from_titles():
    assert render.example_question("US hopes N. Korea will respond to US outreach for dialogue, Sung Kim says") \
        == "What does Sung Kim say?"
    assert render.example_question("Ad sales boost Time Warner profit") == "What do the articles say about Time Warner?"
    assert render.example_question("'US ready to sit down with North Korea anytime'") == \
        "What do the articles say about North Korea?"
    assert render.example_question("Blair to face MPs over Iraq") == "What do the articles say about Iraq?"
    assert render.example_question("Seoul hosts trilateral talks") is None  # only the first word is a name
    assert render.example_question("the quick brown fox jumps") is None
    assert render.example_question("Hi") is None
    # title case marks no name: the whole headline is no topic
    assert render.example_question("Republicans Are Convinced An Indictment Would Help Donald Trump") is None


def test_the_fake_parser_refuses_what_telegram_refuses():
    for bad in ["a < b", "<br/>", "<b>open", "<i>x</b>", "AT&T", "<script>x</script>", "&nbsp;"]:
        with pytest.raises(TelegramBadRequest):
            parse_html(bad)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300), st.lists(st.tuples(st.integers(-5, 310), st.integers(-5, 310)), max_size=8))
def test_highlight_keeps_the_visible_text_exact(text, spans):
    markup = render.highlight(text, spans)
    assert parse_html(markup) == text
    assert render.visible_length(markup) == utf16_length(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400), st.integers(1, 300))
def test_trim_plain_respects_the_limit(text, limit):
    trimmed = render.trim_plain(text, limit)
    assert utf16_length(trimmed) <= max(limit, 1)
    if utf16_length(text) <= limit:
        assert trimmed == text


def test_citation_names_title_outlet_and_date_and_keeps_the_file():
    full = visible(render.citation(make_answer(site="Yonhap <News>", title="Envoy & talks")))
    assert full == "— Envoy & talks · Yonhap <News> · 2021-06-22 — 001_a.txt"
    bare = visible(render.citation(make_answer(site=None, date=None, title="001_a")))  # a title that is the file name
    assert bare == "— 001_a.txt"
    long_title = visible(render.citation(make_answer(title="word " * 100)))
    assert long_title.endswith("— 001_a.txt") and utf16_length(long_title) < 200


def test_not_sure_shows_the_closest_sentences_labelled_and_names_the_missing_words():
    answers = AnswerSet(question="Who won the quidditch cup in Seoul?", no_answer=True, outcome=Outcome.NOT_SURE,
                        missing_terms=("quidditch",), answers=(make_answer(), make_answer("Another.", sentence_id=8)))
    rendered = render.render_answers(answers, 1)
    text = visible(rendered.text)
    assert text.startswith("Not sure: the articles may not answer that. The best match does not say quidditch.")
    assert "1. Sung Kim met Noh Kyu-duk in Seoul." in text and rendered.shown == 1
    assert "found nothing" not in text


def test_corrections_and_the_reading_of_a_follow_up_come_first():
    answers = AnswerSet(question="What did he say about Sulivan?", no_answer=False, answers=(make_answer(),),
                        corrections=(Correction("Sulivan", "Sullivan"),), reading="he = Sung <Kim>")
    text = visible(render.render_answers(answers).text)
    assert text.splitlines()[:2] == ["Showing results for: Sullivan (you typed Sulivan)", "Read as: he = Sung <Kim>"]
    refused = AnswerSet(question="Sulivan?", no_answer=True, missing_terms=("Sulivan",),
                        corrections=(Correction("Sulivan", "Sullivan"),))
    assert visible(render.render_answers(refused).text).startswith("Showing results for: Sullivan")


def test_ingest_rejections_speak_telegram_not_command_line():
    report = IngestReport(batch=None, rejected=(Rejection("a.txt", "already stored with different content; use --replace"),))
    text = visible(render.render_ingest_report(report))
    assert "send it again with the caption replace" in text and "--replace" not in text


def test_an_answer_claimed_without_some_words_names_them_escaped_above_the_answer():
    answers = AnswerSet(question="When are the <Oscar> nominations announced?", no_answer=False,
                        missing_terms=("<nominations>",), answers=(make_answer(),))
    text = visible(render.render_answers(answers).text)
    assert text.splitlines()[0] == "Answered on your other words: no article mentions <nominations>."
    assert "Sung Kim met Noh Kyu-duk in Seoul." in text and "Not sure" not in text
    assert "no article mentions" not in visible(render.render_answers(
        AnswerSet(question="Who met?", no_answer=False, answers=(make_answer(),))).text)
