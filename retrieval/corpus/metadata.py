"""What an article says about itself, for citations: title, outlet, byline, date and address.

Three sources, best first: what a page declares (HTML metadata or Jekyll front matter, read by
`retrieval.corpus.html`); a URL on a line of its own near the top (scraped pages put it on line 3:
title, "Published: ...", URL); and, for the outlet only, a wire-service credit in the text
("... in Seoul, Monday. Yonhap", a "Bloomberg" line, a "SEOUL (Reuters) -" dateline).
"""
from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

from retrieval.corpus.sentences import LINE_RE

META_HEAD_LINES = 6  # a URL line counts as the page's own address only among the first lines
_URL = re.compile(r"^[\[(<]?(?P<url>https?://[^\s\])>]+)[\])>]?$", re.I)
_HOST_PREFIXES = ("www.", "m.", "amp.", "mobile.")
# Aggregators whose address on a scraped page is a redirect: the outlet is the page it leads to.
_GOOGLE_NEWS = re.compile(r"^https?://news\.google\.com/(?:rss/)?articles/(?P<id>[A-Za-z0-9_-]+)", re.I)
# Wire services and outlets whose name, alone as a credit or in a dateline, says who published the text.
OUTLETS = {
    "ap": "AP", "associated press": "AP", "reuters": "Reuters", "afp": "AFP", "yonhap": "Yonhap",
    "bloomberg": "Bloomberg", "xinhua": "Xinhua", "kyodo": "Kyodo", "dpa": "dpa", "ansa": "ANSA",
    "efe": "EFE", "upi": "UPI", "tass": "TASS", "newsis": "Newsis", "news1": "News1", "jiji": "Jiji",
    "bbc": "BBC", "cnn": "CNN", "nhk": "NHK",
}
_OUTLET_NAMES = "|".join(sorted((re.escape(k) for k in OUTLETS), key=len, reverse=True))
_CREDIT_OUTLET = re.compile(rf"^[(\[]?(?i:(?P<name>{_OUTLET_NAMES}))(?:\s+(?i:photo|file\s+photo|news))?[)\]]?$")
# "SEOUL (Reuters) -", "WASHINGTON (AP) —": the dateline of a wire story.
_DATELINE = re.compile(rf"^[A-Z][A-Z .,'-]{{1,40}}\s*\((?i:(?P<name>{_OUTLET_NAMES}))\)\s*[-–—]")


@dataclass(frozen=True, slots=True)
class PageMeta:
    """Metadata found outside the article's sentences; None where nothing was found."""

    title: str | None = None
    byline: str | None = None
    date: str | None = None  # ISO "YYYY-MM-DD"
    site: str | None = None
    url: str | None = None

    def merged(self, other: PageMeta) -> PageMeta:
        """These values, with `other`'s filling the gaps."""
        return replace(
            self,
            title=self.title or other.title,
            byline=self.byline or other.byline,
            date=self.date or other.date,
            site=self.site or other.site,
            url=self.url or other.url,
        )


def head_metadata(raw: str) -> PageMeta:
    """The address on a URL line near the top of a text file, and the site it names."""
    for i, m in enumerate(LINE_RE.finditer(raw)):
        if i >= META_HEAD_LINES:
            break
        url = _URL.match(m.group().strip())
        if url:
            address = unwrapped(url.group("url"))
            return PageMeta(url=address, site=site_of_url(address))
    return PageMeta()


def unwrapped(url: str) -> str:
    """The article a Google News redirect leads to, else the address itself.

    A Google News article id is a base64url protobuf whose string field 4 (tag 0x22) is the original
    address; newer ids are opaque, and then the aggregator's host is still not the outlet, so the
    address is kept but names no site (see `site_of_url`).
    """
    m = _GOOGLE_NEWS.match(url)
    if not m:
        return url
    token = m.group("id")
    try:
        blob = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except (binascii.Error, ValueError):
        return url
    at = blob.find(b"\x22")
    if at < 0:
        return url
    length, shift, i = 0, 0, at + 1
    while i < len(blob) and shift <= 14:  # a varint of at most 3 bytes: no address is longer
        byte = blob[i]
        length |= (byte & 0x7F) << shift
        i += 1
        shift += 7
        if not byte & 0x80:
            break
    inner = blob[i:i + length]
    if len(inner) != length or not re.fullmatch(rb"https?://[\x21-\x7e]+", inner):
        return url
    return inner.decode("ascii")


def site_of_url(url: str | None) -> str | None:
    """The host an address names, without "www.": "https://www.cbsnews.com/x" -> "cbsnews.com"."""
    if not url:
        return None
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return None
    if _GOOGLE_NEWS.match(url):  # an undecodable redirect: the aggregator did not publish the story
        return None
    for prefix in _HOST_PREFIXES:
        if host.startswith(prefix):
            host = host[len(prefix):]
            break
    return host or None


def outlet_of_credit(credit: str) -> str | None:
    """The outlet a credit names when it is a wire service's name alone ("Yonhap", "(AP)")."""
    m = _CREDIT_OUTLET.match(credit.strip())
    return OUTLETS[m.group("name").lower()] if m else None


def outlet_of_dateline(sentence: str) -> str | None:
    """The wire service of a "SEOUL (Reuters) -" dateline opening a sentence."""
    m = _DATELINE.match(sentence)
    return OUTLETS[m.group("name").lower()] if m else None
