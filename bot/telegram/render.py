"""How answers, context, sources and ingest summaries look in Telegram (HTML parse mode).

Every piece of user or article text goes through `html.escape`; the only tags are the ones
written here. Telegram limits a message to 4096 characters *after* entity parsing, counted in
UTF-16 code units, so lengths are measured on the visible text, and long output is split or
trimmed on whole answers / whole lines, never inside a tag.
"""
from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.citation import CAPTION_MARKER, article_parts
from retrieval import Answer, AnswerSet, ArticleInfo, CorpusStats, IngestReport, Outcome
from retrieval import Context as ArticleContext

MESSAGE_LIMIT = 4096
ANSWER_TEXT_LIMIT = 3000  # one sentence longer than this is trimmed (a pasted wall of text)
QUESTION_ECHO_LIMIT = 200
SOURCES_PER_PAGE = 10
MISSING_TERMS_SHOWN = 20
TITLE_LIMIT = 120  # an article title in a citation line

_TAG = re.compile(r"<[^>]*>")


def visible_length(markup: str) -> int:
    """Length of `markup` as Telegram counts it: tags removed, entities decoded, UTF-16 units."""
    return utf16_length(html.unescape(_TAG.sub("", markup)))


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def trim_plain(text: str, limit: int) -> str:
    """`text` cut to at most `limit` UTF-16 units on a word boundary when possible, with an ellipsis."""
    if utf16_length(text) <= limit:
        return text
    cut = text[: max(limit - 1, 0)]
    while utf16_length(cut) > limit - 1:  # astral characters count twice
        cut = cut[:-1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip() + "…"


def highlight(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """Escaped `text` with each (start, end) span in bold; overlapping or out-of-range spans are tolerated."""
    pieces: list[str] = []
    at = 0
    for start, end in sorted(spans):
        start, end = max(start, at), min(end, len(text))
        if start >= end:
            continue
        pieces.append(html.escape(text[at:start]))
        pieces.append(f"<b>{html.escape(text[start:end])}</b>")
        at = end
    pieces.append(html.escape(text[at:]))
    return "".join(pieces)


def _answer_text(answer: Answer) -> str:
    text = answer.text
    if utf16_length(text) <= ANSWER_TEXT_LIMIT:
        return highlight(text, answer.highlights)
    trimmed = trim_plain(text, ANSWER_TEXT_LIMIT)
    keep = len(trimmed) - 1  # the ellipsis is not part of the article text
    spans = [(s, min(e, keep)) for s, e in answer.highlights if s < keep]
    return highlight(trimmed[:-1], spans) + "…"


def citation(answer: Answer) -> str:
    """"— Title · Site · date — file" (the parts the article has), then "also in: …" when others carry it.

    The file name always stays: it is what the answer cites, and what /sources lists."""
    parts = [html.escape(trim_plain(p, TITLE_LIMIT)) for p in article_parts(answer.title, answer.site, answer.date,
                                                                          answer.source)]
    marker = CAPTION_MARKER + " " if answer.caption else ""
    line = "— " + marker + " · ".join(parts) + (" — " if parts else "") + f"<i>{html.escape(answer.source)}</i>"
    if answer.also_in:
        line += "\nalso in: " + ", ".join(f"<i>{html.escape(s)}</i>" for s in answer.also_in)
    return line


def render_answer(answer: Answer, number: int | None = None) -> str:
    """One answer as a self-contained block (its tags are balanced on their own)."""
    prefix = f"<b>{number}.</b> " if number is not None else ""
    return f"{prefix}{_answer_text(answer)}\n{citation(answer)}"


def _terms(terms: Sequence[str]) -> str:
    shown = terms[:MISSING_TERMS_SHOWN]
    text = ", ".join(f"<b>{html.escape(trim_plain(t, 60))}</b>" for t in shown)
    if len(terms) > len(shown):
        text += f" and {len(terms) - len(shown)} more"
    return text


def render_no_answer(answers: AnswerSet) -> str:
    """Say plainly that the articles don't answer, naming the terms that found nothing."""
    if answers.missing_terms:
        return (f"I found nothing in the articles about: {_terms(answers.missing_terms)}.\n"
                "Try other words, or /sources to see what I have read.")
    if not answers.question.strip():
        return "Please ask a question in words."
    return ("The articles don't answer that clearly enough for me to quote one.\n"
            "Try naming a person, place or event, or see /sources.")


def render_not_sure(answers: AnswerSet) -> str:
    """The line above the closest sentences when the bot does not claim they answer."""
    # The words the best match lacks (no article uses some; other sentences may hold the rest): see console/render.py.
    missing = f" The best match does not say {_terms(answers.missing_terms)}." if answers.missing_terms else ""
    lacks = f" The best match gives no {html.escape(answers.lacks)}." if answers.lacks else ""
    return f"<b>Not sure</b>: the articles may not answer that.{missing}{lacks} The closest I found:"


def render_unmatched(answers: AnswerSet) -> str:
    """Above a claimed answer, the question's words no article uses (see console/render.py's render_unmatched)."""
    return f"<i>Answered on your other words: no article mentions</i> {_terms(answers.missing_terms)}."


def render_reading(answers: AnswerSet) -> list[str]:
    """How the question was read: spelling corrections and what a follow-up's "he" or "it" stands for."""
    lines = []
    if answers.corrections:
        read = ", ".join(f"<b>{html.escape(trim_plain(c.read_as, 60))}</b>" for c in answers.corrections)
        typed = ", ".join(html.escape(trim_plain(c.typed, 60)) for c in answers.corrections)
        lines.append(f"<i>Showing results for:</i> {read} <i>(you typed {typed})</i>")
    if answers.reading:
        lines.append(f"<i>Read as: {html.escape(trim_plain(answers.reading, 200))}</i>")
    return lines


@dataclass(frozen=True, slots=True)
class RenderedAnswers:
    """The text of an answer message and how many answers it shows."""

    text: str
    shown: int


def render_answers(answers: AnswerSet, shown: int = 1, limit: int = MESSAGE_LIMIT) -> RenderedAnswers:
    """How the question was read, then the first `shown` answers (or, when not sure, the closest
    sentences under a "Not sure" line), dropping trailing whole answers that would pass `limit`."""
    head = render_reading(answers)
    if answers.outcome is Outcome.NOT_SURE and answers.answers:
        head.append(render_not_sure(answers))
    elif answers.no_answer or not answers.answers:
        return RenderedAnswers("\n".join([*head, render_no_answer(answers)]), 0)
    elif answers.missing_terms:
        head.append(render_unmatched(answers))
    top = "\n".join(head)
    wanted = answers.answers[: max(shown, 1)]
    numbered = len(wanted) > 1 or answers.outcome is Outcome.NOT_SURE
    blocks: list[str] = []
    for number, answer in enumerate(wanted, start=1):
        block = render_answer(answer, number if numbered else None)
        if blocks and visible_length("\n\n".join([top, *blocks, block])) > limit:
            break
        blocks.append(block)
    body = "\n\n".join(blocks)
    return RenderedAnswers(f"{top}\n\n{body}" if top else body, len(blocks))


def render_inline_title(answer: Answer) -> str:
    """Plain text (inline result titles are not parsed) short enough for one line."""
    return trim_plain(answer.text, 100)


def render_context(context: ArticleContext, site: str | None = None) -> str:
    """The article's title, outlet and date with its file, then the sentences around the answer in bold."""
    parts = article_parts(context.title, site, context.date, context.source)
    head = " · ".join(html.escape(trim_plain(p, 300)) for p in parts)
    head = (f"<b>{head}</b>\n" if head else "") + f"<i>{html.escape(context.source)}</i>"
    # Each sentence is capped so the message fits even for walls of text without full stops.
    cap = (MESSAGE_LIMIT - visible_length(head) - 50) // max(1 + len(context.before) + len(context.after), 1)
    before = " ".join(html.escape(trim_plain(s.text, cap)) for s in context.before)
    after = " ".join(html.escape(trim_plain(s.text, cap)) for s in context.after)
    middle = f"<b>{html.escape(trim_plain(context.sentence.text, cap))}</b>"
    body = " ".join(p for p in (before, middle, after) if p)
    return f"{head}\n\n{body}"


def render_start(stats: CorpusStats, examples: Sequence[str], bot_name: str) -> str:
    if stats.articles == 0:
        knows = "I have no articles yet. An admin can send me .txt or .zip files."
    else:
        span = ""
        if stats.first_date and stats.last_date:
            # "dated X to Y" of a store most of whose articles carry no date would misdescribe it
            some = f"{stats.dated} of them " if stats.dated is not None and stats.dated < stats.articles else ""
            span = (f", {some}dated {html.escape(stats.first_date)}" if stats.first_date == stats.last_date
                    else f", {some}dated {html.escape(stats.first_date)} to {html.escape(stats.last_date)}")
        knows = f"I have read <b>{stats.articles}</b> news article{'s' if stats.articles != 1 else ''}{span}."
    lines = [
        f"Hello! I am {html.escape(bot_name)}. {knows}",
        "Ask me a question and I answer with the exact sentence from an article, and where it comes from.",
    ]
    if examples:
        lines.append("\nFor example:")
        lines.extend(f"• <i>{html.escape(e)}</i>" for e in examples)
    lines.append("\n/help shows everything I can do.")
    return "\n".join(lines)


def render_help(bot_username: str, is_admin: bool) -> str:
    at = f"@{html.escape(bot_username)}" if bot_username else "@bot"
    lines = [
        "<b>Ask</b> any question in this chat. I reply with the sentence that answers it, its source, and other "
        "articles that say the same (<i>also in</i>).",
        "<b>More</b> shows the next answers; <b>Context</b> shows the sentences around an answer.",
        "",
        "/ask QUESTION — ask (in groups too)",
        "/sources — the articles I have read",
        "/start — what I know, with examples",
        "/help — this message",
        "",
        f"In groups, use /ask, mention me ({at} question) or reply to my message. "
        f"In any chat, type {at} question to share an answer.",
    ]
    if is_admin:
        lines += ["", "<b>Admin:</b> send a .txt or .zip document to add articles (caption <i>replace</i> to replace "
                      "stored articles of the same name); /reload picks up batches added from the command line."]
    return "\n".join(lines)


def render_group_greeting(stats: CorpusStats, bot_username: str) -> str:
    """What the bot says once when it is added to a group: what it knows and how to ask here."""
    at = f"@{html.escape(bot_username)}" if bot_username else "me"
    plural = "s" if stats.articles != 1 else ""
    return (f"Hello! I answer questions from {stats.articles} news article{plural} with the exact sentence and "
            f"where it comes from. Here, ask with <i>/ask your question</i>, mention {at}, or reply to one of my "
            "answers. /help tells more.")


def render_unknown_command(command: str) -> str:
    """One line for a /command the bot does not have."""
    return (f"I don't know {html.escape(trim_plain(command, 40))}. Ask a question in words, or try /help, "
            "/ask, /sources or /start.")


def render_sources_page(articles: Sequence[ArticleInfo], page: int, per_page: int = SOURCES_PER_PAGE) -> tuple[str, int]:
    """One page of the article list and the number of pages (at least 1); `page` is clamped."""
    if not articles:
        return "I have no articles yet.", 1
    pages = (len(articles) + per_page - 1) // per_page
    page = min(max(page, 0), pages - 1)
    lines = [f"<b>{len(articles)} article{'s' if len(articles) != 1 else ''}</b>"
             + (f" (page {page + 1} of {pages})" if pages > 1 else "")]
    for info in articles[page * per_page:(page + 1) * per_page]:
        date = f" · {html.escape(info.date)}" if info.date else ""
        lines.append(f"• <i>{html.escape(trim_plain(info.source, 120))}</i>{date}\n  "
                     f"{html.escape(trim_plain(info.title, 200))}")
    return "\n".join(lines), pages


def render_ingest_report(report: IngestReport) -> str:
    """The summary of one uploaded batch, trimmed to one message on whole lines."""
    if report.batch is None and not report.added and not report.replaced:
        head = "Nothing was added."
    else:
        head = f"Batch {report.batch}: added {len(report.added)}, replaced {len(report.replaced)}, " \
               f"skipped {len(report.skipped)} (already stored), {report.sentences_added} sentences indexed."
    lines = [f"<b>{html.escape(head)}</b>"]
    for label, names in (("added", report.added), ("replaced", report.replaced)):
        lines.extend(f"{label}: <i>{html.escape(trim_plain(n, 200))}</i>" for n in names)
    why = {d.source: d.reason for d in report.duplicates}
    lines.extend(f"skipped: <i>{html.escape(trim_plain(n, 200))}</i>" + (f" — {html.escape(why[n])}" if n in why else "")
                 for n in report.skipped)
    lines.extend(f"rejected: <i>{html.escape(trim_plain(r.source, 200))}</i> — {in_telegram_words(r.reason)}"
                 for r in report.rejected)
    # The upload was saved in a temporary folder: a note names it by the file name the admin sent.
    lines.extend(html.escape(trim_plain(note, 300)) for note in report.notes(place=lambda path: Path(path).name))
    if report.added or report.replaced:
        lines.append("\nThese articles are searchable now: ask away.")
    return join_lines_within(lines, MESSAGE_LIMIT)


def in_telegram_words(reason: str) -> str:
    """A reason written for the command line, told as what to do in Telegram (escaped)."""
    text = html.escape(trim_plain(reason, 300))
    return re.sub(r"\buse --replace\b", "send it again with the caption <code>replace</code>", text)


def join_lines_within(lines: Sequence[str], limit: int) -> str:
    """Join whole lines while they fit, then say how many were left out."""
    kept: list[str] = []
    for index, line in enumerate(lines):
        last = index == len(lines) - 1
        reserve = 0 if last else 40  # room for the "… and N more lines" tail
        if visible_length("\n".join([*kept, line])) + reserve > limit:
            rest = len(lines) - index
            return "\n".join(kept) + f"\n… and {rest} more line{'s' if rest != 1 else ''}"
        kept.append(line)
    return "\n".join(kept)


_SAYS = re.compile(r"^(?P<topic>.+?),\s+(?P<who>[^,]{2,60}?)\s+(?:says|said|warns|tells|claims)\b.*$", re.IGNORECASE)


# A run of capitalised words ("North Korea", "Time Warner", "Sung Kim"): what a reader would ask about.
_NAME_RUN = re.compile(r"\b[A-Z][\w'’.-]*(?:\s+(?:of\s+|the\s+)?[A-Z][\w'’.-]*)*")


def example_question(title: str) -> str | None:
    """A question a reader could ask about an article, built from its title (None when it won't read well).

    "X says …" headlines ask what X says; others ask about the headline's longest name, preferring one that is not
    just the headline's first word (which is capitalised anyway).
    """
    title = " ".join(title.split()).strip(" .")
    if not title or len(title) > 140:
        return None
    said = _SAYS.match(title)
    if said:
        return f"What does {said['who']} say?"
    if len(title.split()) < 3:
        return None
    # A headline in title case ("Republicans Are Convinced An Indictment Would Help Donald Trump") capitalises every
    # word: its capitals mark no name, and the whole headline would be asked about.
    words = [w for w in title.split() if w[:1].isalpha()]
    if len(words) >= 4 and sum(w[:1].isupper() for w in words) > 0.6 * len(words):
        return None
    runs = [(m.group().strip(" .'’"), m.start()) for m in _NAME_RUN.finditer(title)]
    named = [(r, at) for r, at in runs if len(r) > 1 and not r.isupper()]  # "US", "UK": awkward to ask about
    if not named:
        return None
    best = max(named, key=lambda ra: (ra[1] > 0 or " " in ra[0], len(ra[0].split()), len(ra[0]), -ra[1]))[0]
    if " " not in best and title.startswith(best):
        return None
    return f"What do the articles say about {best}?"
