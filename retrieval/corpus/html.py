"""Web pages and markup-laden text files -> the article's main text and the page's metadata.

Main-text extraction is trafilatura's (https://trafilatura.readthedocs.io): a maintained
extractor that scores the page's blocks, drops navigation, comments and sidebars, and reads
title, author, date, site name and canonical address from the page's metadata. Writing that
ourselves would mean a markup parser plus boilerplate heuristics that trafilatura already
tunes on many sites. It costs an install of ~70 MB (lxml, dateparser, its own tables) and a
few milliseconds per page (measured in the notes of this change).

What is stored for such a file is the EXTRACTED text (headline line, blank line, then one
paragraph per line), not the markup: answers quote it verbatim and `raw[start:end] == text`
holds for it as for any text file. Files with Jekyll front matter (`---` ... `---`) have it
read as metadata and removed; their body goes through the extractor when it holds markup.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from retrieval.corpus.metadata import PageMeta, site_of_url
from retrieval.errors import ArticleError

HTML_SUFFIXES = (".html", ".htm")
MARKUP_MIN_TAGS = 5  # fewer block tags than this is text with a stray tag (a seed has one `<strong></strong>`)
FRONT_MATTER_MAX_LINES = 60
EXTRACTED_MIN_CHARS = 1  # see _config
_BLOCK_TAG = re.compile(
    r"<(?:/?(?:p|div|span|br|li|ul|ol|h[1-6]|a|img|figure|figcaption|section|article|table|tr|td|blockquote|"
    r"header|footer|nav|aside|main|script|style|body|head|meta|link|iframe|strong|em|b|i)\b[^<>]{0,400}>)",
    re.I,
)
_DOCUMENT_START = re.compile(r"^\s*(?:<!doctype\s+html|<html\b|<\?xml)", re.I)
_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(?P<body>.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
_FRONT_FIELD = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)\s*:\s*(?P<value>.*?)\s*$")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


@dataclass(frozen=True, slots=True)
class ExtractedText:
    """The text to store for a file and what its page says about itself."""

    raw: str
    meta: PageMeta


def is_markup(source: str, text: str) -> bool:
    """Whether a file must go through the extractor: a web page, or text that is really markup."""
    if source.lower().endswith(HTML_SUFFIXES) or _DOCUMENT_START.match(text):
        return True
    if _FRONT_MATTER.match(text):
        return True
    return any(n >= MARKUP_MIN_TAGS for n, _ in enumerate(_BLOCK_TAG.finditer(text), start=1))


def extract(source: str, text: str) -> ExtractedText:
    """The main text and metadata of a page (or of a front-matter file); raises ArticleError when none."""
    meta = PageMeta()
    body = text
    front = _FRONT_MATTER.match(text)
    if front:
        meta = _front_matter(front.group("body"))
        body = text[front.end():]
        if not _BLOCK_TAG.search(body):
            return _assembled(meta, body)
    page = _trafilatura(body)
    if page is None or not (page.text or "").strip():
        raise ArticleError(
            "no article text found in the markup (the extractor found no main text); "
            "save the page as text if the article is there"
        )
    url = page.url or None
    dek = printed_dek(body, page.description, page.text or "")
    found = PageMeta(
        title=_clean(page.title), byline=_clean(page.author), date=_iso(page.date),
        site=_clean(page.sitename) or site_of_url(url), url=url,
    )
    return _assembled(meta.merged(found), page.text, dek)


def _trafilatura(markup: str):  # -> trafilatura Document | None (untyped library)
    import trafilatura  # imported here: ~0.3 s, and only batches with markup need it

    return trafilatura.bare_extraction(
        markup, with_metadata=True, include_comments=False, include_tables=False, include_images=False,
        deduplicate=False, config=_config(),
        # Only dates the page states as its own (meta tags, time elements, bylines), never a year found
        # anywhere in the body: "In March 2019" in a paragraph is not the article's date.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )


@functools.cache
def _config():  # -> configparser.ConfigParser
    """trafilatura's settings, except that a short article is still taken from its main extractor:
    below `min_extracted_size` (250 characters by default) it falls back to a baseline that joins
    every paragraph, headline included, into one line, and a line is a paragraph here."""
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", str(EXTRACTED_MIN_CHARS))
    return config


def _assembled(meta: PageMeta, text: str, dek: str | None = None) -> ExtractedText:
    """Headline line, blank line, (the dek,) then the paragraphs: the headline is indexed like a text file's."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    body = "\n".join(line for line in lines if line)
    title = meta.title
    if dek:  # under the headline, when the text opens with it
        first, _, rest = body.partition("\n")
        body = f"{first}\n{dek}\n{rest}" if title and first == title else f"{dek}\n{body}"
    if title and not body.startswith(title):
        body = f"{title}\n\n{body}"
    return ExtractedText(body + "\n", meta)


# The dek's place in a page's markup, any site's: its class or its item property names a summary under the headline.
_DEK_CLASS = re.compile(
    r"(?i)(?:^|[\s_-])(?:dek|standfirst|strapline|subhead(?:line)?|sub-?title|subheading|summary|description|excerpt|"
    r"article-?(?:summary|description|intro)|abstract|teaser-?text|lead-?in|sapo|chapo)(?:$|[\s_-])"
)
_OUTSIDE_STORY = frozenset({"head", "script", "style", "nav", "footer", "aside", "noscript", "form", "button", "figcaption", "li"})
DEK_MIN_WORDS = 5  # "Live updates" is a label; a dek says what happened
DEK_MAX_WORDS = 80  # a paragraph longer than this is the story's lede, not its dek
DEK_AFTER_HEADLINE = 4  # elements with text after the h1 where a dek sits (past a kicker, a byline, a date)


def printed_dek(markup: str, description: object, text: str) -> str | None:
    """The page's dek (subheadline) when the main-text extractor left it out: the page's description printed as the
    text of an element of the page (not only in its metadata), or the text of an element just under the headline whose
    class names a summary ("dek", "standfirst", "subtitle"). The extractor drops a story's header, where deks sit."""
    import lxml.html  # trafilatura's own parser: imported with it

    try:
        doc = lxml.html.fromstring(markup)
    except (ValueError, TypeError, lxml.etree.ParserError):
        return None
    stored = " ".join(text.split())
    wanted = " ".join(description.split()) if isinstance(description, str) else ""
    since_headline = -1  # elements with text seen since the h1, or -1 before it
    for el in doc.iter():
        if not isinstance(el.tag, str) or el.tag in _OUTSIDE_STORY or any(a.tag in _OUTSIDE_STORY for a in el.iterancestors()):
            continue
        if el.tag == "h1":
            since_headline = 0
            continue
        if el.tag not in ("p", "h2", "h3", "h4", "div", "span", "section"):
            continue
        own = " ".join(el.text_content().split())
        if not own or any(child.tag in ("p", "div", "section", "h2") for child in el.iterchildren()):
            continue  # a container: its children are seen one by one
        words = own.count(" ") + 1
        under = 0 <= since_headline < DEK_AFTER_HEADLINE
        if since_headline >= 0:
            since_headline += 1
        if not DEK_MIN_WORDS <= words <= DEK_MAX_WORDS or own in stored:
            continue
        if own == wanted or (under and _DEK_CLASS.search(f"{el.get('class', '')} {el.get('itemprop', '')}")):
            return own
    return None


def _front_matter(block: str) -> PageMeta:
    """The fields of a Jekyll front matter block that a citation uses (simple `key: value` lines)."""
    fields: dict[str, str] = {}
    for i, line in enumerate(block.splitlines()):
        if i >= FRONT_MATTER_MAX_LINES:
            break
        m = _FRONT_FIELD.match(line)
        if m and m.group("value"):
            fields.setdefault(m.group("key").lower(), m.group("value").strip().strip("'\""))
    url = fields.get("canonical_url") or fields.get("url") or fields.get("link") or fields.get("permalink")
    url = url if url and url.startswith(("http://", "https://")) else None
    return PageMeta(
        title=_clean(fields.get("title")),
        byline=_clean(fields.get("author") or fields.get("authors") or fields.get("byline")),
        date=_iso(fields.get("date") or fields.get("published")),
        site=_clean(fields.get("site") or fields.get("source") or fields.get("publisher")) or site_of_url(url),
        url=url,
    )


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    text = " ".join(value.split()).strip("[]").strip()
    return text or None


def _iso(value: object) -> str | None:
    m = _ISO_DATE.search(value) if isinstance(value, str) else None
    return f"{m.group(1)}-{m.group(2)}-{m.group(3)}" if m else None
