"""Web pages and markup-laden text: extracted with trafilatura, stored as text, cited verbatim."""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from retrieval.corpus.articles import article_text, parse_article
from retrieval.corpus.html import extract, is_markup
from retrieval.corpus.ingest import ingest_paths
from retrieval.corpus.store import Store
from retrieval.errors import ArticleError
from retrieval.records import IngestLimits

PARAGRAPHS = [
    "The envoy said on Monday that talks with the North were possible within weeks.",
    "He spoke after meeting officials from South Korea and Japan at a hotel in Seoul.",
    "No date was set for the talks, but both sides said they were ready to meet.",
    "Officials said the three countries would keep their sanctions in place until then.",
]


def page(title: str = "Envoy says talks possible", *, paragraphs: list[str] = PARAGRAPHS) -> str:
    """A news page as a browser saves it: metadata, navigation, the article, a sidebar, a footer."""
    body = "".join(f"<p>{p}</p>\n" for p in paragraphs)
    related = "".join(f"<li><a href='/s{i}'>Another story number {i} about markets</a></li>" for i in range(12))
    return f"""<!doctype html><html><head><title>{title} - Example News</title>
<meta property="og:site_name" content="Example News"><meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2023-03-21T10:00:00Z">
<link rel="canonical" href="https://www.example.com/world/envoy-talks">
<script>var tracking = "Subscribe now";</script></head>
<body><header><nav><a href="/">HOME</a> | <a href="/news">NEWS</a> | <a href="/world">WORLD</a></nav></header>
<main><article><h1>{title}</h1>{body}<div class="share">Share this article</div></article>
<aside><h2>Most read</h2><ul>{related}</ul></aside></main>
<footer><p>Copyright 2023 Example News. All rights reserved.</p></footer></body></html>"""


def test_a_page_gives_its_main_text_and_metadata() -> None:
    raw, meta = article_text("envoy.html", page())
    assert raw.startswith("Envoy says talks possible\n")
    for p in PARAGRAPHS:
        assert p in raw
    assert "HOME" not in raw and "Another story number" not in raw and "tracking" not in raw
    assert (meta.title, meta.byline, meta.date, meta.site) == ("Envoy says talks possible", "Jane Doe", "2023-03-21", "Example News")
    assert meta.url == "https://www.example.com/world/envoy-talks"


def test_a_parsed_page_cites_its_stored_text_verbatim() -> None:
    raw, meta = article_text("envoy.html", page())
    article = parse_article("envoy.html", raw, meta=meta)
    assert article.raw == raw
    assert all(article.raw[s.start:s.end] == s.text for s in article.sentences)
    assert [s.text for s in article.sentences][1:] == PARAGRAPHS
    assert (article.title, article.site, article.byline, article.date) == (
        "Envoy says talks possible", "Example News", "Jane Doe", "2023-03-21")


def test_text_that_is_really_markup_goes_through_the_extractor() -> None:
    # Saved posts with tags run sentences together across `</p><p>` when read as text.
    text = "".join(f"<div><p>{p}</p></span><span class='x'/>" for p in PARAGRAPHS)
    assert is_markup("post.txt", text)
    raw, _ = article_text("post.txt", text)
    assert "<" not in raw
    article = parse_article("post.txt", raw)
    assert set(PARAGRAPHS) <= {s.text for s in article.sentences}


def test_jekyll_front_matter_is_metadata_and_the_body_is_extracted() -> None:
    text = (
        "---\nlayout: post\ntitle: \"Oil rises as supply falls\"\ndate: 2023-03-01 09:00:00 +0000\n"
        "author: Jane Doe\nsource: Reuters\nurl: https://www.reuters.com/markets/oil-rises\n---\n"
        + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    )
    raw, meta = article_text("oil.txt", text)
    assert raw.startswith("Oil rises as supply falls\n\n")
    assert "---" not in raw and "layout" not in raw
    assert (meta.title, meta.date, meta.byline, meta.site, meta.url) == (
        "Oil rises as supply falls", "2023-03-01", "Jane Doe", "Reuters", "https://www.reuters.com/markets/oil-rises")


def test_front_matter_over_plain_text_keeps_the_text() -> None:
    text = "---\ntitle: Plain post\n---\n" + "\n\n".join(PARAGRAPHS)
    raw, meta = article_text("plain.txt", text)
    assert meta.title == "Plain post"
    assert raw == "Plain post\n\n" + "\n".join(PARAGRAPHS) + "\n"


@pytest.mark.parametrize("text", [
    "A plain article about talks.\n\nIt has one <strong></strong> stray tag in it.\n",
    "Prices rose 3% as x < y and y > z, traders said.\n",
])
def test_plain_text_with_a_stray_tag_is_not_markup(text: str) -> None:
    assert not is_markup("story.txt", text)
    raw, _ = article_text("story.txt", text)
    assert raw == text


def test_a_page_without_main_text_is_rejected_with_a_reason() -> None:
    with pytest.raises(ArticleError, match="no article text found in the markup"):
        extract("empty.html", "<html><head><title>Nothing</title></head><body></body></html>")
    raw, meta = article_text("menu.html", "<html><head><title>Nothing</title></head><body><nav><a href='/'>Home</a></nav></body></html>")
    with pytest.raises(ArticleError, match="no article text left after cleaning"):
        parse_article("menu.html", raw, meta=meta)


def test_html_pages_in_folders_and_zips_are_ingested(tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "envoy.html").write_text(page(), encoding="utf-8")
    (folder / "market.htm").write_text(page("Markets rally in Asia", paragraphs=[
        "Stocks rose across Asia on Friday after the central bank held its rate steady.",
        "Traders said the decision had been widely expected by the market.",
    ]), encoding="utf-8")
    archive = tmp_path / "more.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("web/talks.HTML", page("Talks set for May", paragraphs=[
            "Negotiators agreed to meet again in May, the foreign ministry said on Tuesday.",
            "The meeting will take place in Geneva, according to officials.",
        ]))
    with Store.open(tmp_path / "s.sqlite3", create=True) as store:
        report = ingest_paths(store, [folder, archive, folder / "envoy.html"], limits=IngestLimits(), replace=False)
        assert set(report.added) == {"envoy.html", "market.htm", "web/talks.HTML"}
        assert [r.source for r in report.rejected] == ["envoy.html"]  # the same file named twice
        infos = {a.source: a for a in store.articles()}
        assert infos["envoy.html"].site == "Example News"
        assert infos["envoy.html"].url == "https://www.example.com/world/envoy-talks"
        for source in infos:
            raw = store.raw_text(source)
            for s in store.article_sentences(source):
                assert raw[s.start:s.end] == s.text


def test_a_year_in_the_body_is_not_the_page_date() -> None:
    page = ("<html><head><title>Bridge reopens</title></head><body><article><h1>Bridge reopens</h1>"
            "<p>The old bridge reopened on Monday after repairs that began in March 2019 and cost far more.</p>"
            "<p>The mayor said it would carry 20,000 cars a day once the final lane opens next month.</p>"
            "</article></body></html>")
    raw, meta = article_text("bridge.html", page)
    assert "March 2019" in raw and meta.date is None
    dated = page.replace("<head>", '<head><meta property="article:published_time" content="2023-03-22T10:00:00Z">')
    assert article_text("bridge.html", dated)[1].date == "2023-03-22"


# -- the dek (subheadline), which the extractor drops with the story's header --------------------------------------
DEK = "The three countries agreed to keep their sanctions in place until the North answers"


def page_with_dek(dek_markup: str, description: str | None = None) -> str:
    meta = f'<meta name="description" content="{description}">' if description else ""
    return page().replace("</title>", f"</title>{meta}").replace(
        "<h1>Envoy says talks possible</h1>", f"<header><h1>Envoy says talks possible</h1>{dek_markup}<p class='byline'>By Jane Doe</p></header>")


@pytest.mark.parametrize("markup", [f"<h2 class='article-dek'>{DEK}</h2>", f"<p class='standfirst'>{DEK}</p>",
                                    f"<div itemprop='description'>{DEK}</div>"])
def test_a_dek_under_the_headline_is_stored_under_it(markup: str) -> None:
    raw, _ = article_text("envoy.html", page_with_dek(markup))
    assert raw.startswith("Envoy says talks possible\n") and f"\n{DEK}\n{PARAGRAPHS[0]}\n" in raw
    article = parse_article("envoy.html", raw)
    assert DEK in [s.text for s in article.sentences]


def test_the_pages_description_printed_on_the_page_is_its_dek() -> None:
    raw, _ = article_text("envoy.html", page_with_dek(f"<h2>{DEK}</h2>", description=DEK))
    assert raw.startswith("Envoy says talks possible\n") and f"\n{DEK}\n{PARAGRAPHS[0]}\n" in raw


def test_a_description_only_in_the_metadata_or_an_unmarked_line_is_not_stored() -> None:
    raw, _ = article_text("envoy.html", page_with_dek("<h2>Talks could come within weeks, the envoy said on Monday</h2>",
                                                      description=DEK))
    assert DEK not in raw
