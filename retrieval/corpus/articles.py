"""One article file's text becomes a ParsedArticle: title, date, byline and clean sentences.

Pure functions, no I/O: ingest decodes the file and passes the text here. The raw text is kept
whole; sentences are spans into it (`text == raw[start:end]`), so an answer can always be shown
in context and checked against the file. Furniture (captions printed twice, dates, bylines,
footers, markup) is decided line by line in `retrieval.corpus.furniture`.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import re

from retrieval.corpus.furniture import (
    BODY,
    DATE_VALUE_RE,
    Region,
    classify_lines,
    match_byline,
    strip_date,
)
from retrieval.corpus.sentences import LINE_RE, split_sentences
from retrieval.errors import ArticleError
from retrieval.months import MONTH_NUMBERS
from retrieval.records import ParsedArticle, SentenceSpan

_TITLE_MAX = 300


def parse_article(source: str, raw: str) -> ParsedArticle:
    """Parse and clean one article; raises ArticleError (one-line reason) when nothing is left."""
    if not raw.strip():
        raise ArticleError("empty text: the file has no characters other than white space")
    regions = classify_lines(raw)
    # Split runs of consecutive body regions in one call: two body regions with no furniture
    # between them are on different lines, and a line break always ends a sentence, so the
    # result is the same as region by region, with far fewer calls (ingest speed matters).
    spans: list[tuple[int, int]] = []
    run_start = run_end = -1
    for r in regions:
        if r.kind == BODY:
            if run_start < 0:
                run_start = r.start
            run_end = r.end
        elif run_start >= 0:
            spans.extend(split_sentences(raw, run_start, run_end))
            run_start = -1
    if run_start >= 0:
        spans.extend(split_sentences(raw, run_start, run_end))
    sentences = [SentenceSpan(raw[s:e], s, e) for s, e in spans]
    if not sentences:
        lines = sum(1 for m in LINE_RE.finditer(raw) if raw[m.start():m.end()].strip())
        raise ArticleError(f"no sentence left after cleaning (all {lines} lines were furniture)")
    return ParsedArticle(
        source=source,
        raw=raw,
        title=find_title(raw),
        date=find_date(raw, regions),
        byline=find_byline(raw, regions),
        sentences=tuple(sentences),
        content_hash=hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest(),
    )


def find_title(raw: str) -> str:
    """The first non-empty line without a date glued to it (cut to 300 characters)."""
    for m in LINE_RE.finditer(raw):
        s, e = strip_date(raw, m.start(), m.end())
        if s < e:
            title = " ".join(raw[s:e].split())
            return title if len(title) <= _TITLE_MAX else title[: _TITLE_MAX - 1] + "…"
    return ""


def find_date(raw: str, regions: tuple[Region, ...]) -> str | None:
    """ISO date of the first real date among the lines cleaning marked as dates.

    Cleaning marks date lines ("Posted on : 2021-06-22 16:43 KST", "June 22, 2021") and
    labelled dates glued to a line ("DATE: 2024-10-05 ..."), never a date inside a sentence.
    """
    for r in regions:
        if r.rule == "date":
            for m in DATE_VALUE_RE.finditer(raw, r.start, r.end):
                iso = _iso(m)
                if iso:
                    return iso
    return None


def find_byline(raw: str, regions: tuple[Region, ...]) -> str | None:
    """The name from the first byline line ("By Kim Ji-eun, staff reporter" -> "Kim Ji-eun")."""
    for r in regions:
        if r.rule == "byline":
            name = match_byline(raw[r.start:r.end])
            if name:
                return name
    return None


def _iso(m: re.Match[str]) -> str | None:
    g = m.groupdict()
    try:
        if g.get("y1"):
            y, mo, d = int(g["y1"]), int(g["m1"]), int(g["d1"])
        elif g.get("y2"):
            y, mo, d = int(g["y2"]), MONTH_NUMBERS[g["mon2"].rstrip(".").lower()], int(g["d2"])
        elif g.get("y3"):
            y, mo, d = int(g["y3"]), MONTH_NUMBERS[g["mon3"].rstrip(".").lower()], int(g["d3"])
        else:
            return None
        return _dt.date(y, mo, d).isoformat()
    except (KeyError, ValueError):
        return None  # "2021-13-45" is not a date; look further
