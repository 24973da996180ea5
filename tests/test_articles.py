"""parse_article on the five seeds, on invented articles, and on arbitrary text."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from retrieval.corpus.articles import parse_article, unescape_references
from retrieval.corpus.furniture import BODY, CAPTION, classify_lines
from retrieval.errors import ArticleError
from retrieval.records import ParsedArticle

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def seed(prefix: str) -> ParsedArticle:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return parse_article(path.name, path.read_text(encoding="utf-8"))


def all_seeds() -> list[ParsedArticle]:
    return [parse_article(p.name, p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*.txt"))]


@pytest.mark.parametrize("prefix,title,date,byline", [
    ("000", "US hopes N. Korea will respond to US outreach for dialogue, Sung Kim says", "2021-06-22", "Kim Ji-eun"),
    ("001", "South Korea, the United States and Japan once again reached out to Pyongyang to talk unconditionally, "
            "after the North Korean leader, Kim Jong-un, called on his country to prepare for both negotiations and "
            "confrontation.", None, None),
    ("002", "US envoy hopes N. Korea responds positively on offered talks", None, None),
    ("003", "'US ready to sit down with North Korea anytime'", "2024-10-05", "Kang Seung-woo"),
    ("004", "US is ready for North Korea talks ‘anytime’: envoy", "2021-06-22", None),
])
def test_seed_title_date_byline(prefix: str, title: str, date: str | None, byline: str | None) -> None:
    article = seed(prefix)
    assert (article.title, article.date, article.byline) == (title, date, byline)


def test_seed_headline_is_indexed_without_its_date() -> None:
    assert seed("004").sentences[0].text == "US is ready for North Korea talks ‘anytime’: envoy"
    assert seed("003").sentences[0].text == "'US ready to sit down with North Korea anytime'"


FURNITURE = [
    "Related stories", "Most viewed articles", "Please direct comments", "english@hani.co.kr", "Categorized in",
    "Tagged in", ", ,", "Please Post Your Comments", "Your email address will not be published",
    "Required fields are marked", "<strong>", "</strong>", "button that move to original korean article",
    "provided by the Ministry", "Photo: EPA-EFE", "Courtesy of Ministry", "Posted on", "Modified on", "DATE:",
    "2021-06-22", "2024-10-05", "By Kim Ji-eun", "staff reporter", "By Kang Seung-woo",
]


def test_no_seed_furniture_in_any_sentence() -> None:
    for article in all_seeds():
        for s in article.sentences:
            for junk in FURNITURE:
                assert junk not in s.text, (article.source, junk, s.text)
            assert s.text not in ("Bloomberg", "Yonhap")
            assert not s.text.endswith((" Yonhap", " Bloomberg", "EPA-EFE")), (article.source, s.text)


def test_seed_sentences_slice_back_and_are_ordered() -> None:
    for article in all_seeds():
        assert article.sentences
        prev = 0
        for s in article.sentences:
            assert s.text == article.raw[s.start:s.end]
            assert prev <= s.start < s.end
            prev = s.end
        assert article.content_hash == hashlib.sha256(article.raw.encode("utf-8")).hexdigest()


def test_abbreviations_do_not_split_seed_sentences() -> None:
    for article in all_seeds():
        for s, nxt in zip(article.sentences, article.sentences[1:]):
            if s.text.endswith(("U.S.", "U.N.", " N.")):
                between = article.raw[s.end:nxt.start]
                # only a line break may follow, or a new sentence starting with a capital
                assert "\n" in between or nxt.text[:1].isupper(), (s.text, nxt.text)
    texts = [s.text for a in all_seeds() for s in a.sentences]
    assert any(t.startswith("\"We will also urge all U.N. member states, especially U.N. Security Council members, "
                            "to do the same,") for t in texts)
    assert any("press U.N. member state, particularly U.N Security Council member members, to “address" in t for t in texts)
    assert "US envoy hopes N. Korea responds positively on offered talks" in texts
    assert any(t.startswith("His message is the latest in the U.S. administration's efforts") for t in texts)
    assert any(t.startswith("“We think that [...] there’s no substitute for diplomacy") and t.endswith("Peninsula.”")
               for t in texts)


def test_repeated_captions_appear_once_without_their_credit() -> None:
    texts3 = [s.text for s in seed("003").sentences]
    assert sum(t.startswith("Noh Kyu-duk, center, South Korea's special representative") for t in texts3) == 1
    assert "Noh Kyu-duk, center, South Korea's special representative for Korean Peninsula peace and security " \
           "affairs, poses with Sung Kim, left, the U.S. special envoy for North Korea, and Takehiro Funakoshi, the " \
           "head of the Japanese Foreign Ministry's Asian and Oceanian Affairs Bureau, prior to their talks in Seoul, " \
           "Monday." in texts3
    texts0 = [s.text for s in seed("000").sentences]
    assert sum(t.startswith("A trilateral meeting of South Korean, US and Japanese envoys") for t in texts0) == 1
    photo = [t for t in texts0 if "pose for a photo" in t]
    assert len(photo) == 1
    assert photo[0].endswith("at the foreign minister’s residence in Seoul.")


def test_windows_line_endings_give_the_same_sentences() -> None:
    (path,) = SEEDS.glob("000_*.txt")
    raw = path.read_text(encoding="utf-8")
    unix = [s.text for s in parse_article("a", raw).sentences]
    windows = parse_article("a", raw.replace("\n", "\r\n"))
    assert [s.text for s in windows.sentences] == unix


@pytest.mark.parametrize("raw", ["", "   \n\t\r\n  ", "\u2028\u00a0"])
def test_empty_text_is_refused(raw: str) -> None:
    with pytest.raises(ArticleError, match="empty text"):
        parse_article("empty.txt", raw)


def test_all_furniture_is_refused_with_the_line_count() -> None:
    raw = "Related stories\n\nMost viewed articles\n\nShare this\n"
    with pytest.raises(ArticleError, match=r"no article text left after cleaning \(all 3 lines were page furniture: 3 footer\)"):
        parse_article("junk.txt", raw)


def test_a_headline_over_nothing_but_furniture_is_refused() -> None:
    raw = "World news\n\nHOME | NEWS | WORLD | SPORT\n\nSubscribe to our newsletter\n\nAdvertisement\n"
    with pytest.raises(ArticleError, match=r"only the headline; the other 3 lines were page furniture: .*menu"):
        parse_article("menu.txt", raw)


@pytest.mark.parametrize("line,date", [
    ("June 22, 2021", "2021-06-22"),
    ("22 June 2021", "2021-06-22"),
    ("2021/06/22", "2021-06-22"),
    ("Published: Mar. 3, 2023 10:15 AM", "2023-03-03"),
    ("Last updated on Tuesday, 4th April 2023", "2023-04-04"),
    ("Posted 2021-13-45", None),  # not a real date
])
def test_date_forms(line: str, date: str | None) -> None:
    raw = f"Ministers agree on a trade deal\n{line}\nThe ministers signed the deal on Friday in Geneva.\n"
    assert parse_article("a.txt", raw).date == date


def test_a_date_mentioned_in_a_sentence_is_not_the_article_date() -> None:
    raw = "Talks resume\nThe treaty signed on June 22, 2021 in Geneva still holds, officials said on Friday.\n"
    assert parse_article("a.txt", raw).date is None


def test_title_skips_a_date_only_first_line() -> None:
    raw = "Posted on: 2023-03-03\nMarkets rally in Asia\nStocks rose on Friday.\n"
    article = parse_article("a.txt", raw)
    assert article.title == "Markets rally in Asia"
    assert article.date == "2023-03-03"
    assert [s.text for s in article.sentences] == ["Markets rally in Asia", "Stocks rose on Friday."]



def test_title_skips_an_address_only_first_line() -> None:
    # pages saved with their URL on the first line (a search tool's or a scraper's format)
    raw = ("https://example.com/world/ministers-meet\n\nMinisters meet in Islamabad for trade talks\n\n"
           "Ministers meet in Islamabad for trade talks | Ministers meet in Islamabad for trade talks\n\n"
           "The foreign ministers met in Islamabad on Tuesday to discuss trade.\n")
    article = parse_article("a.txt", raw)
    assert article.title == "Ministers meet in Islamabad for trade talks"
    assert article.url == "https://example.com/world/ministers-meet"
    # the lead image's alt text, the headline twice, is no sentence of the story
    assert [s.text for s in article.sentences] == ["Ministers meet in Islamabad for trade talks",
                                                   "The foreign ministers met in Islamabad on Tuesday to discuss trade."]


TEXT = st.lists(
    st.one_of(
        st.text(st.characters(blacklist_categories=("Cs",)), max_size=15),
        st.sampled_from([
            "\n", "\r\n", "\u2028", "\x00", "\u0301", ". ", "U.S. ", "“", "”", "<strong></strong>", " Yonhap",
            "(provided by X)", "By Jane Doe\n", "DATE: 2024-10-05 15:02:17", " date 2021-06-22 ", "Related stories\n",
            "The envoy said so. ", "Same caption here.\n",
        ]),
    ),
    max_size=40,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(TEXT)
@example("0000\rThe envoy said so. YONHAP")  # a line with a wire credit: a caption, kept in the caption tier
def test_property_parse_never_crashes_and_loses_no_body_text(raw: str) -> None:
    try:
        article = parse_article("x.txt", raw)
    except ArticleError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    covered: set[int] = set()
    captioned: set[int] = set()
    prev = 0
    for s in article.sentences:
        assert s.text == raw[s.start:s.end] and s.text == s.text.strip() and s.text
        assert prev <= s.start
        prev = s.end
        (captioned if s.caption else covered).update(range(s.start, s.end))
    regions = classify_lines(raw)
    body = [r for r in regions if r.kind == BODY]
    for r in body:
        for i in range(r.start, r.end):
            assert raw[i].isspace() or i in covered, (i, raw[i])
    # and nothing outside body text becomes a body sentence; captions come from caption lines alone
    body_chars = {i for r in body for i in range(r.start, r.end)}
    assert covered <= body_chars
    assert captioned <= {i for r in regions if r.kind == CAPTION for i in range(r.start, r.end)}
    assert isinstance(article.title, str)
    assert article.date is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", article.date)


# -- character references in plain text --------------------------------------------------------------
@pytest.mark.parametrize(("saved", "read"), [
    ("his fianc&#233;e Annabella", "his fiancée Annabella"),
    ("a &#163;5m deal &amp; more", "a £5m deal & more"),
    ("caf&eacute; and &#xE9;", "café and é"),
    ("AT&T and R&D; &notes &foo; &#0;", "AT&T and R&D; &notes &foo; &#0;"),
])
def test_character_references_in_plain_text_are_read_as_their_characters(saved: str, read: str) -> None:
    assert unescape_references(saved) == read


@given(st.text(alphabet=st.characters(blacklist_characters="&"), max_size=80))
def test_text_without_an_ampersand_is_kept_exactly(text: str) -> None:
    assert unescape_references(text) == text


@given(st.text(max_size=80))
def test_unescaping_only_shortens_and_never_adds_a_control_character(text: str) -> None:
    out = unescape_references(text)
    assert len(out) <= len(text)
    assert sum(not c.isprintable() and not c.isspace() for c in out) <= sum(
        not c.isprintable() and not c.isspace() for c in text)


def test_a_stored_plain_article_quotes_the_character_not_its_reference(tmp_path: Path) -> None:
    from retrieval.service import QAService

    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "escape.txt").write_text(
        "Escaped prisoner report ordered\n\nA report was ordered after the escape. Ferguson's fianc&#233;e, Annabella "
        "Holmes, said she was shocked. The deal was worth &#163;5m to the firm.\n", encoding="utf-8")
    with QAService.open(tmp_path / "s.sqlite3", create=True) as service:
        service.ingest([folder])
        reply = service.ask("who is ferguson's fiancée")
        best = reply.answers[0]
        assert "fiancée, Annabella" in best.text and "&#" not in best.text
        assert service.raw_text("escape.txt")[best.start:best.end] == best.text


def test_an_article_parsed_as_columns_is_the_parsed_article_as_columns() -> None:
    """The parse workers' form (no object per sentence) holds exactly what `ArticleColumns.of` makes of the article."""
    from retrieval.corpus.articles import parse_article_columns
    from retrieval.records import ArticleColumns

    for path in sorted(SEEDS.glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        columns = parse_article_columns(path.name, raw)
        article = parse_article(path.name, raw)
        assert columns == ArticleColumns.of(article)
        assert columns.texts() == [s.text for s in article.sentences]
        assert columns.parsed() == article
