"""One article file's text becomes a ParsedArticle: title, date, byline, site, URL and clean sentences.

Pure functions, no I/O: ingest decodes the file and passes the text here. `article_text` turns a
web page (or a text file that is really markup) into its extracted main text first
(`retrieval.corpus.html`); plain text is kept as it is. The text kept is stored whole; sentences
are spans into it (`text == raw[start:end]`), so an answer can always be shown in context and
checked against what is stored. Furniture (captions, dates, bylines, footers, prompts, markup,
lines the site prints on every page) is decided line by line in `retrieval.corpus.furniture`.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import html
import itertools
import re
from array import array
from typing import NamedTuple

from retrieval.corpus.furniture import (
    BODY,
    CAPTION,
    DATE_VALUE_RE,
    DEFAULT_PARAMS,
    FURNITURE,
    FurnitureParams,
    Region,
    classify_lines,
    headline_index,
    match_byline,
    not_a_headline,
    strip_date,
)
from retrieval.corpus.html import extract, is_markup
from retrieval.corpus.metadata import PageMeta, head_metadata, outlet_of_credit, outlet_of_dateline
from retrieval.corpus.sentences import LINE_RE, split_sentences
from retrieval.corpus.wrapping import unwrap
from retrieval.errors import ArticleError
from retrieval.months import MONTH_NUMBERS
from retrieval.records import ArticleColumns, ParsedArticle, SentenceSpan

_TITLE_MAX = 300
_TITLE_LINES = 2 * DEFAULT_PARAMS.dateline_max_line  # more than headline_index reads past the first candidate


def article_text(source: str, text: str) -> tuple[str, PageMeta]:
    """The text to store for a decoded file, and the metadata found outside its sentences.

    Web pages and markup-laden text go through the main-text extractor; a plain text file is
    kept as decoded, with the address on a URL line near its top, but for its character references: text saved from
    a page often keeps "fianc&#233;e" or "&#163;5m", which no question types and no reader wants quoted; and its
    hard-wrapped paragraphs are joined (wrapping.unwrap: each break a fixed width made becomes a space)."""
    if is_markup(source, text):
        page = extract(source, text)
        return page.raw, page.meta.merged(head_metadata(page.raw))
    text = unwrap(unescape_references(text))
    return text, head_metadata(text)


# Only references closed by ";": html.unescape alone also reads a few legacy names without one ("&not" of "&notes").
_REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def unescape_references(text: str) -> str:
    """`text` with each HTML character reference ("&#233;", "&#xE9;", "&eacute;", "&amp;") read as its character; an
    unknown name ("&foo;") and a reference to no character (NUL, a surrogate) are left as they are."""
    if "&" not in text:
        return text

    def one(m: re.Match[str]) -> str:
        ch = html.unescape(m.group())
        # html.unescape reads a reference to no character (NUL, a surrogate, past U+10FFFF) as U+FFFD
        unreadable = "\ufffd" in ch or any(not c.isprintable() and not c.isspace() for c in ch)
        return m.group() if unreadable else ch

    return _REFERENCE.sub(one, text)


def parse_article(
    source: str,
    raw: str,
    *,
    meta: PageMeta | None = None,
    boilerplate: frozenset[str] = frozenset(),
    params: FurnitureParams = DEFAULT_PARAMS,
) -> ParsedArticle:
    """Parse and clean one article; raises ArticleError (one-line reason) when nothing is left.

    `meta`: what the page declared (else looked for in `raw`); `boilerplate`: `line_key`s of lines
    that other articles of the batch's site carry too."""
    head, spans = _parse(source, raw, meta, boilerplate, params)
    return ParsedArticle(
        source=source,
        raw=raw,
        title=head.title,
        date=head.date,
        byline=head.byline,
        sentences=tuple(SentenceSpan(raw[s:e], s, e, caption) for s, e, caption in spans),
        content_hash=head.content_hash,
        site=head.site,
        url=head.url,
    )


def parse_article_columns(
    source: str,
    raw: str,
    *,
    meta: PageMeta | None = None,
    boilerplate: frozenset[str] = frozenset(),
    params: FurnitureParams = DEFAULT_PARAMS,
) -> ArticleColumns:
    """`parse_article`'s article as columns (`ArticleColumns.of` of it), made without an object per sentence:
    what ingest's parse workers make (a million sentences' objects cost them seconds for nothing)."""
    head, spans = _parse(source, raw, meta, boilerplate, params)
    bounds = array("q", itertools.chain.from_iterable(spans))  # (start, end, caption) triples, as `ArticleColumns.of`
    return ArticleColumns(source, head.title, head.date, head.byline, head.content_hash, head.site, head.url, raw,
                          bounds.tobytes())


class _Head(NamedTuple):
    """A parsed article's fields but its sentences."""

    title: str
    date: str | None
    byline: str | None
    content_hash: str
    site: str | None
    url: str | None


def _parse(source: str, raw: str, meta: PageMeta | None, boilerplate: frozenset[str], params: FurnitureParams
           ) -> tuple[_Head, list[tuple[int, int, bool]]]:
    """The article's fields and its sentences' (start, end, caption) spans; raises ArticleError as `parse_article`."""
    if not raw.strip():
        raise ArticleError("empty text: the file has no characters other than white space")
    if meta is None:
        meta = head_metadata(raw)
    regions = classify_lines(raw, boilerplate=boilerplate, params=params)
    # Split runs of consecutive body regions in one call: two body regions with no furniture
    # between them are on different lines, and a line break always ends a sentence, so the
    # result is the same as region by region, with far fewer calls (ingest speed matters).
    # A caption (the caption tier) is split on its own and flagged: stored, never article body.
    spans: list[tuple[int, int, bool]] = []
    run_start = run_end = -1
    for r in regions:
        if r.kind == BODY:
            if run_start < 0:
                run_start = r.start
            run_end = r.end
            continue
        if run_start >= 0:
            spans.extend((s, e, False) for s, e in split_sentences(raw, run_start, run_end))
            run_start = -1
        if r.kind == CAPTION:
            spans.extend((s, e, True) for s, e in split_sentences(raw, r.start, r.end))
    if run_start >= 0:
        spans.extend((s, e, False) for s, e in split_sentences(raw, run_start, run_end))
    body = [(s, e) for s, e, caption in spans if not caption]
    if not body or (len(body) == 1 and _only_headline(raw, regions)):
        lines = sum(1 for m in LINE_RE.finditer(raw) if raw[m.start():m.end()].strip())
        which = f"only the headline; the other {lines - 1}" if body else f"all {lines}"
        raise ArticleError(f"no article text left after cleaning ({which} lines were page furniture: {_rule_summary(regions)})")
    return _Head(
        title=meta.title or find_title(raw),
        date=meta.date or find_date(raw, regions),
        byline=meta.byline or find_byline(raw, regions),
        content_hash=hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest(),
        site=meta.site or find_outlet(raw, regions, [raw[s:e] for s, e in body[:3]]),
        url=meta.url,
    ), spans


def _only_headline(raw: str, regions: tuple[Region, ...]) -> bool:
    """Whether the one body region left is the headline, with furniture after it: a page of
    nothing but furniture (a menu, prompts) under a title is no article."""
    body = [r for r in regions if r.kind == BODY]
    return len(body) == 1 and body[0].start == regions[0].start and any(r.kind == FURNITURE for r in regions[1:])


def _rule_summary(regions: tuple[Region, ...]) -> str:
    counts: dict[str, int] = {}
    for r in regions:
        if r.kind != BODY:
            counts[r.rule] = counts.get(r.rule, 0) + 1
    return ", ".join(f"{n} {rule}" for rule, n in sorted(counts.items(), key=lambda x: -x[1])) or "none"


def find_outlet(raw: str, regions: tuple[Region, ...], sentences: list[str]) -> str | None:
    """The wire service a credit ("Yonhap", "(AP)") or a dateline ("SEOUL (Reuters) -") names (`sentences`: the
    body's first sentences' texts; a dateline opens one of the first three)."""
    for r in regions:
        if r.rule in ("credit", "short_line", "caption"):
            text = raw[r.start:r.end]
            # A caption's credit is its last words: "... in Seoul, Monday. Yonhap", "... (AP)".
            tail = text if r.rule != "caption" else re.split(r"[.!?]\s+|\s(?=\()", text)[-1]
            outlet = outlet_of_credit(tail)
            if outlet:
                return outlet
    for text in sentences[:3]:
        outlet = outlet_of_dateline(text)
        if outlet:
            return outlet
    return None


def find_title(raw: str) -> str:
    """The headline the cleaner finds (furniture.headline_index) among the non-empty lines, each without a date glued
    to it (cut to 300 characters)."""
    texts: list[str] = []
    first = -1  # the first line that may be the headline: headline_index looks no further than _TITLE_LINES past it
    for m in LINE_RE.finditer(raw):
        s, e = strip_date(raw, m.start(), m.end())
        if s < e:
            whole = m.group().strip()
            # a line that is no headline as printed stays none without its date ("date 2020-11-26 Facts": a stamp)
            texts.append(whole if whole != raw[s:e] and not_a_headline(whole) else raw[s:e])
            if first < 0 and not not_a_headline(texts[-1]):
                first = len(texts) - 1
            if first >= 0 and len(texts) > first + _TITLE_LINES:
                break
    i = headline_index(texts)
    if i < 0:
        return ""
    title = " ".join(texts[i].split())
    return title if len(title) <= _TITLE_MAX else title[: _TITLE_MAX - 1] + "…"


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
