"""Citation metadata: outlet and address from a URL line or a credit, stored per article, migrated into old stores."""
from __future__ import annotations

import base64
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from retrieval.corpus.articles import parse_article
from retrieval.corpus.metadata import (
    PageMeta,
    head_metadata,
    outlet_of_credit,
    outlet_of_dateline,
    site_of_url,
    unwrapped,
)
from retrieval.corpus.store import SCHEMA_VERSION, Store

SCRAPED = (
    "Chicago had its 4th warmest winter in 70 years\n"
    "Published: 2023-03-23 16:12:13 GMT\n"
    "https://www.chicagotribune.com/news/environment/ct-chicago-winter-story.html#ed=rss\n\n"
    "It's no secret that Chicago had a mild winter, but now the data is in.\n\n"
    "The period from Dec. 1 to the end of February was the city's fourth warmest in 70 years.\n"
)


def test_a_scraped_page_gives_title_date_site_and_url() -> None:
    a = parse_article("tribune.txt", SCRAPED)
    assert (a.title, a.date, a.site) == ("Chicago had its 4th warmest winter in 70 years", "2023-03-23", "chicagotribune.com")
    assert a.url == "https://www.chicagotribune.com/news/environment/ct-chicago-winter-story.html#ed=rss"
    assert a.sentences[0].text == "Chicago had its 4th warmest winter in 70 years"
    assert not any("http" in s.text or "Published" in s.text for s in a.sentences)


@pytest.mark.parametrize("url,site", [
    ("https://www.cbsnews.com/minnesota/video/x/", "cbsnews.com"),
    ("https://m.example.co.uk/a", "example.co.uk"),
    ("http://apnews.com", "apnews.com"),
    ("not a url", None),
    (None, None),
])
def test_site_of_url(url: str | None, site: str | None) -> None:
    assert site_of_url(url) == site


def test_a_url_line_counts_only_near_the_top() -> None:
    assert head_metadata("Title\n\nhttps://example.com/a\n").url == "https://example.com/a"
    late = "Title\n" + "".join(f"Line {i} of the story goes here.\n" for i in range(10)) + "https://example.com/a\n"
    assert head_metadata(late) == PageMeta()


@pytest.mark.parametrize("text,outlet", [("Yonhap", "Yonhap"), ("(AP)", "AP"), ("[YONHAP]", "Yonhap"),
                                         ("Bloomberg", "Bloomberg"), ("Jane Roe", None), ("Reuters photo", "Reuters")])
def test_outlet_of_credit(text: str, outlet: str | None) -> None:
    assert outlet_of_credit(text) == outlet


def test_outlet_of_dateline() -> None:
    assert outlet_of_dateline("SEOUL (Reuters) - The envoy said on Monday that talks were possible.") == "Reuters"
    assert outlet_of_dateline("WASHINGTON (AP) — Lawmakers met.") == "AP"
    assert outlet_of_dateline("The envoy (Reuters) said.") is None


def test_an_outlet_is_read_from_a_caption_credit_or_a_dateline() -> None:
    caption = "Title of it\n\nA ship leaves port in Busan on Monday. Yonhap\n\nThe port reopened after the storm, officials said.\n"
    assert parse_article("a.txt", caption).site == "Yonhap"
    wire = "Title of it\n\nSEOUL (Reuters) - The port reopened after the storm, officials said on Monday.\n"
    assert parse_article("b.txt", wire).site == "Reuters"


def test_site_and_url_are_stored_and_listed(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.sqlite3", create=True) as store:
        store.add_batch([parse_article("tribune.txt", SCRAPED)], replace=False)
        (info,) = store.articles()
        assert (info.site, info.url) == ("chicagotribune.com", "https://www.chicagotribune.com/news/environment/ct-chicago-winter-story.html#ed=rss")
        assert store.sites(["tribune.txt", "missing.txt"]) == {"tribune.txt": "chicagotribune.com"}


def test_a_version_1_store_is_migrated_and_its_urls_filled_from_the_text(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    with Store.open(path, create=True) as store:
        store.add_batch([parse_article("tribune.txt", SCRAPED), parse_article("plain.txt", "Plain title\n\nA plain sentence here.\n")],
                        replace=False)
    conn = sqlite3.connect(path)  # make it exactly what a version-1 store is: no site or url columns
    conn.execute("ALTER TABLE articles DROP COLUMN site")
    conn.execute("ALTER TABLE articles DROP COLUMN url")
    conn.execute("ALTER TABLE sentences DROP COLUMN caption")
    conn.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()
    with Store.open(path, create=False) as store:
        infos = {a.source: a for a in store.articles()}
        assert infos["tribune.txt"].site == "chicagotribune.com" and infos["tribune.txt"].url.startswith("https://www.chicagotribune")
        assert (infos["plain.txt"].site, infos["plain.txt"].url) == (None, None)
        assert infos["tribune.txt"].sentence_count > 0
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] == str(SCHEMA_VERSION)


def test_answers_carry_the_articles_site(tmp_path: Path) -> None:
    from retrieval.service import QAService

    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "tribune.txt").write_text(SCRAPED, encoding="utf-8")
    with QAService.open(tmp_path / "s.sqlite3", create=True) as service:
        assert service.ingest([folder]).ok
        reply = service.ask("Which winter was Chicago's fourth warmest in 70 years?")
        assert reply.answers and all(a.site == "chicagotribune.com" for a in reply.answers)
        assert reply.answers[0].to_json()["site"] == "chicagotribune.com"


def _google_news(target: bytes, tail: bytes = b"") -> str:
    """A Google News redirect as scraped pages carry it: base64url of a protobuf holding the address in field 4."""
    n, varint = len(target), b""
    while True:
        varint += bytes([(n & 0x7F) | (0x80 if n > 0x7F else 0)])
        n >>= 7
        if not n:
            break
    blob = b"\x08\x13\x22" + varint + target + tail
    return "https://news.google.com/rss/articles/" + base64.urlsafe_b64encode(blob).decode().rstrip("=") + "?oc=5"


def test_a_google_news_redirect_cites_the_outlet_it_leads_to() -> None:
    page = SCRAPED.replace(
        "https://www.chicagotribune.com/news/environment/ct-chicago-winter-story.html#ed=rss",
        _google_news(b"https://www.cnn.com/2023/03/24/health/eye-early-alzheimers/index.html", b"\xd2\x01\x00"),
    )
    a = parse_article("gn.txt", page)
    assert (a.site, a.url) == ("cnn.com", "https://www.cnn.com/2023/03/24/health/eye-early-alzheimers/index.html")


def test_an_opaque_google_news_redirect_names_no_site() -> None:
    # Newer ids (and video ids) hold no address: the aggregator is still not the outlet.
    url = _google_news(b"5cKH7O_Ep00")
    assert unwrapped(url) == url
    assert head_metadata(f"Title\nPublished: 2023-03-22\n{url}\n\nText.").site is None
    assert unwrapped("https://news.google.com/rss/articles/!!!") == "https://news.google.com/rss/articles/!!!"


@given(st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1, max_size=400), st.binary(max_size=20))
def test_any_wrapped_address_unwraps_to_itself(path: str, tail: bytes) -> None:
    target = "https://example.org/" + path
    assert unwrapped(_google_news(target.encode(), tail)) == target
    assert unwrapped(target) == target
