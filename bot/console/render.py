"""How the console shows answers, context, sources and its banner: records in, text out.

Pure functions over the records, so they are tested without a terminal. Colour is one flag
(`Style.color`): ANSI bold/colour on a terminal, plain text when output is piped or
`NO_COLOR` is set (https://no-color.org).
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from bot.citation import CAPTION_MARKER, article_parts
from retrieval import Answer, AnswerSet, ArticleInfo, Context, CorpusStats, Outcome

_RESET = "\x1b[0m"
_HIGHLIGHT = "\x1b[1;33m"  # bold yellow: the question's terms inside an answer
_SOURCE = "\x1b[36m"  # cyan: file names a reader may want to open
_DIM = "\x1b[2m"
_BOLD = "\x1b[1m"
# Bidirectional overrides can make a line display differently from what it holds.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
TITLE_LIMIT = 100  # characters of an article title in a source line
MISSING_SHOWN = 12

HELP = """\
Type a question and press Enter. Commands:
  :more            the next answers for the last question
  :context [N]     the sentences around answer N of the last question (default 1), with title and date
  :sources         the articles in the store
  :ingest PATH...  add .txt/.html files, folders or .zip archives as one batch (answerable at once);
                   :ingest --replace PATH... replaces stored articles of the same name
  :help            this list
  :quit            leave (Ctrl-D works too; Ctrl-C clears the line)"""


@dataclass(frozen=True, slots=True)
class Style:
    """How to present: ANSI colour or not; wrap sentences to `width` columns (None: one line each)."""

    color: bool = False
    width: int | None = None

    def paint(self, text: str, code: str) -> str:
        return f"{code}{text}{_RESET}" if self.color and text else text


def wants_color(stream: TextIO, allowed: bool) -> bool:
    """Colour only on a terminal, and only when the settings allow it (`Settings.color_allowed`:
    no NO_COLOR, no dumb terminal)."""
    if not allowed:
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


# Characters json.dumps(ensure_ascii=False) writes raw that a terminal may act on (it escapes U+0000-U+001F itself).
_RAW_CONTROLS = re.compile("[\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def json_text(value: object, *, indent: int | None = None) -> str:
    """`value` as JSON, non-ASCII text kept readable, every control character escaped (the values read back
    unchanged): what every `--json` output prints, since titles and sentences come from users' files."""
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    return _RAW_CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def printable(text: str, limit: int | None = None) -> str:
    """Replace control characters one-for-one with spaces (so offsets still line up) and
    optionally cut to `limit` characters: user input and stored text may carry escapes
    that would otherwise drive the terminal."""
    cleaned = "".join(" " if unicodedata.category(ch) == "Cc" or ch in _BIDI_CONTROLS else ch for ch in text)
    if limit is not None and len(cleaned) > limit:
        return cleaned[: max(limit - 1, 0)] + "…"
    return cleaned


def _merged(spans: Iterable[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    """Spans clamped to the text, sorted, overlaps joined; empty spans dropped."""
    clean = sorted((max(0, s), min(length, e)) for s, e in spans if min(length, e) > max(0, s))
    merged: list[tuple[int, int]] = []
    for start, end in clean:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str, spans: Sequence[tuple[int, int]], style: Style) -> str:
    """`text` made printable, with each span (offsets into `text`) painted when colour is on."""
    shown = printable(text)
    if not style.color:
        return shown
    out: list[str] = []
    at = 0
    for start, end in _merged(spans, len(shown)):
        out.append(shown[at:start])
        out.append(style.paint(shown[start:end], _HIGHLIGHT))
        at = end
    out.append(shown[at:])
    return "".join(out)


def _line_breaks(text: str, width: int) -> list[tuple[int, int]]:
    """(start, end) of each line when `text` is wrapped at spaces to `width` columns."""
    width = max(width, 1)
    lines: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > width:
        cut = text.rfind(" ", start, start + width + 1)
        if cut <= start:  # one word longer than a line: break inside it
            lines.append((start, start + width))
            start += width
        else:
            lines.append((start, cut))
            start = cut + 1
    lines.append((start, len(text)))
    return lines


def _block(text: str, spans: Sequence[tuple[int, int]], first: str, indent: str, style: Style) -> list[str]:
    """`text` highlighted and, when the style has a width, wrapped under a hanging indent."""
    if style.width is None:
        return [first + highlight(text, spans, style)]
    lines = []
    for n, (start, end) in enumerate(_line_breaks(printable(text), style.width - len(indent))):
        shifted = [(s - start, e - start) for s, e in spans]
        lines.append((first if n == 0 else indent) + highlight(text[start:end], shifted, style))
    return lines


def _article_parts(title: str, site: str | None, date: str | None, source: str) -> list[str]:
    """The citation's parts with terminal control characters made harmless and a long title cut."""
    parts = article_parts(printable(title), printable(site) if site else site, date, source)
    return [p if len(p) <= TITLE_LIMIT else p[: TITLE_LIMIT - 1] + "…" for p in parts]


def _source_line(answer: Answer, style: Style) -> str:
    """"source: Title · Site · date — file": what a reader recognises, then the file the answer cites."""
    described = " · ".join(_article_parts(answer.title, answer.site, answer.date, answer.source))
    marker = CAPTION_MARKER + " " if answer.caption else ""
    return f"{marker}source: {described + ' — ' if described else ''}{style.paint(printable(answer.source), _SOURCE)}"


def render_answer(answer: Answer, rank: int, style: Style) -> str:
    """One ranked answer: the sentence, its source and date, and the other sources carrying it."""
    number = f"{rank}."
    indent = " " * (len(number) + 1)
    lines = _block(answer.text, answer.highlights, f"{style.paint(number, _BOLD)} ", indent, style)
    lines.append(f"{indent}{_source_line(answer, style)}")
    if answer.also_in:
        others = ", ".join(style.paint(printable(s), _SOURCE) for s in answer.also_in)
        lines.append(f"{indent}also in: {others}")
    return "\n".join(lines)


def _quoted_terms(terms: Sequence[str]) -> str:
    text = ", ".join(f'"{printable(t, 60)}"' for t in terms[:MISSING_SHOWN])
    return text + (f" and {len(terms) - MISSING_SHOWN} more" if len(terms) > MISSING_SHOWN else "")


def render_not_found(answer_set: AnswerSet) -> str:
    """The plain reply when the articles don't answer, naming the terms that found nothing."""
    if answer_set.missing_terms:
        return f"Not found: the articles don't answer that. No article mentions {_quoted_terms(answer_set.missing_terms)}."
    return "Not found: the articles don't answer that (the closest sentences match too weakly to count)."


def render_not_sure(answer_set: AnswerSet) -> str:
    """The line above the closest sentences when the bot does not claim they answer."""
    # The words named are the ones the best match lacks: some no article uses, some only other sentences hold
    # (and "not" when the question is negated and the sentence is not), so not "no article mentions".
    missing = f" The best match does not say {_quoted_terms(answer_set.missing_terms)}." if answer_set.missing_terms else ""
    lacks = f" The best match gives no {answer_set.lacks}." if answer_set.lacks else ""
    return f"Not sure: the articles may not answer that.{missing}{lacks} The closest sentences:"


def render_reading(answer_set: AnswerSet) -> list[str]:
    """How the question was read: spelling corrections, and what a follow-up's "he" or "it" stands for."""
    lines = []
    if answer_set.corrections:
        read = ", ".join(printable(c.read_as, 60) for c in answer_set.corrections)
        typed = ", ".join(printable(c.typed, 60) for c in answer_set.corrections)
        lines.append(f"Showing results for: {read} (you typed {typed})")
    if answer_set.reading:
        lines.append(f"Read as: {printable(answer_set.reading, 200)}")
    return lines


def render_unmatched(answer_set: AnswerSet) -> str:
    """Above a claimed answer, the question's words no article uses: the answer matched the rest of them."""
    # Shown because the reader would otherwise take "nominations" as part of what was answered ("when r the oscar
    # nominations announced" answered by a sentence about the Oscars in February).
    return f"Answered on your other words: no article mentions {_quoted_terms(answer_set.missing_terms)}."


def render_header(answer_set: AnswerSet) -> list[str]:
    """The lines above the answers: how the question was read, "Not sure" when it is, and the words no article
    uses when an answer is claimed without them."""
    lines = render_reading(answer_set)
    if answer_set.outcome is Outcome.NOT_SURE and answer_set.answers:
        lines.append(render_not_sure(answer_set))
    elif answer_set.outcome is Outcome.ANSWER and answer_set.answers and answer_set.missing_terms:
        lines.append(render_unmatched(answer_set))
    return lines


def render_answers(answer_set: AnswerSet, style: Style, start: int = 0, stop: int | None = None, *,
                   header: bool = True) -> str:
    """Answers `start`..`stop` (0-based, best first) numbered by rank, or the not-found reply; the header
    (corrections, reading, "Not sure") first unless `header` is False."""
    head = render_header(answer_set) if header else []
    if answer_set.outcome is not Outcome.NOT_SURE and (answer_set.no_answer or not answer_set.answers):
        return "\n".join([*render_reading(answer_set), render_not_found(answer_set)] if header
                         else [render_not_found(answer_set)])
    chosen = answer_set.answers[start:stop]
    return "\n".join([*head, *(render_answer(a, start + i + 1, style) for i, a in enumerate(chosen))])


def render_context(context: Context, answer: Answer | None, style: Style) -> str:
    """The article's title, outlet and date, then the sentences before, the answer (marked), and after."""
    described = " · ".join(_article_parts(context.title, answer.site if answer else None, context.date or "no date",
                                         context.source))
    first = context.before[0].position if context.before else context.sentence.position
    last = context.after[-1].position if context.after else context.sentence.position
    lines = [
        style.paint(described, _BOLD),
        f"{style.paint(printable(context.source), _SOURCE)}, sentences {first + 1}-{last + 1}",
    ]
    for s in context.before:
        lines += _block(s.text, (), "  ", "  ", style)
    spans = answer.highlights if answer is not None and answer.sentence_id == context.sentence.id else ()
    lines += _block(context.sentence.text, spans, "> ", "  ", style)
    for s in context.after:
        lines += _block(s.text, (), "  ", "  ", style)
    return "\n".join(lines)


def render_sources(articles: Sequence[ArticleInfo], style: Style) -> str:
    """One line per article: source, date, sentence count, title, and the site when the page named one."""
    if not articles:
        return "The store holds no articles yet: add some with :ingest PATH..."
    width = max(len(printable(a.source)) for a in articles)
    lines = [f"{len(articles)} article{'s' if len(articles) != 1 else ''}:"]
    for a in articles:
        name = printable(a.source).ljust(width)
        lines.append(
            f"  {style.paint(name, _SOURCE)}  {a.date or 'no date':10}  {a.sentence_count:5d} sentences  "
            f"{printable(a.title, 80)}" + (f" · {printable(a.site, 40)}" if a.site else "")
        )
    return "\n".join(lines)


def _display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def render_banner(store_path: Path, stats: CorpusStats, style: Style) -> str:
    """What the console says on start: which store, how much it holds, how to get help."""
    if stats.first_date and stats.last_date:
        span = f", {stats.first_date} to {stats.last_date}" if stats.first_date != stats.last_date else f", {stats.first_date}"
        if stats.dated is not None and stats.dated < stats.articles:
            span = f" ({stats.dated} dated{span})"
    else:
        span = ""
    plural = "s" if stats.articles != 1 else ""
    return (
        f"{style.paint('qabot', _BOLD)}: store {_display_path(store_path)}, "
        f"{stats.articles} article{plural}{span}. Ask a question; :help for commands."
    )
