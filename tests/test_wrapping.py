"""Hard-wrapped plain text joined back into paragraphs (retrieval.corpus.wrapping)."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from retrieval.corpus.articles import article_text, parse_article
from retrieval.corpus.wrapping import unwrap

# A typewritten communique as a transcript archive scans it: a ragged right margin near 67 characters.
TYPEWRITTEN = """JOINT COMMUNIQUE
VISIT OF PRIME MINISTER OF JAPAN
Mr. Hayato Ikeda, Prime Minister of Japan,
accompanied by Mrs. Ikeda is visiting Australia as the guest
of the Government of the Commonwealth of Australia from 29th
September to 3rd October, 1963. During his stay in Australia,
Mr. Ikeda will visit Canberra, Sydney and Melbourne, and have
discussions with Sir Robert Menzies and other Cabinet Ministers.
The Prime Ministers of Japan and Australia have had
cordial and valuable talks marked by frank discussions of the
international situation in general, and covering also consideration
of means of promoting still further the friendly relations
between the two countries.
"""


def test_a_typewritten_page_is_read_in_whole_sentences() -> None:
    joined = unwrap(TYPEWRITTEN)
    assert len(joined) == len(TYPEWRITTEN)
    assert "Mr. Hayato Ikeda, Prime Minister of Japan, accompanied by Mrs. Ikeda is visiting Australia" in joined
    # the headings stay lines of their own (short, capitals), and so does a paragraph's last line before the next
    assert joined.startswith("JOINT COMMUNIQUE\nVISIT OF PRIME MINISTER OF JAPAN\nMr. Hayato")
    assert "Cabinet Ministers.\nThe Prime Ministers" in joined
    article = parse_article("communique.txt", joined)
    texts = [s.text for s in article.sentences]
    assert "During his stay in Australia, Mr. Ikeda will visit Canberra, Sydney and Melbourne, and have discussions " \
           "with Sir Robert Menzies and other Cabinet Ministers." in texts
    assert all(joined[s.start:s.end] == s.text for s in article.sentences)


def test_plain_text_files_are_stored_unwrapped() -> None:
    raw, _ = article_text("communique.txt", TYPEWRITTEN)
    assert raw == unwrap(TYPEWRITTEN) != TYPEWRITTEN


def test_lynx_style_dump_at_72_columns_is_joined_and_crlf_kept_in_length() -> None:
    words = ("the envoys met in seoul on monday and agreed to keep talking about the sanctions regime and the aid "
             "that north korea has asked for since the summer floods destroyed much of its harvest ").split() * 3
    lines, line = [], ""
    for w in words:
        if line and len(line) + 1 + len(w) > 72:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    lines.append(line + ".")
    text = "\r\n".join(lines) + "\r\n"
    joined = unwrap(text)
    assert len(joined) == len(text) and "\n" not in joined.rstrip("\r\n")
    assert " ".join(words) in " ".join(joined.split())


def test_one_line_paragraphs_menus_and_headline_lists_are_left_alone() -> None:
    paragraphs = ("Seoul and Washington agreed on Monday to keep talking, the envoys said after their meeting.\n\n"
                  "The talks will resume next week in Tokyo, a ministry official said.\n")
    menu = "Home\nNews\nWorld\nAsia\nBusiness\nSport\nWeather\n"
    headlines = ("Biden and Yoon agree to expand joint drills next spring\n"
                 "North Korea fires two more missiles into the sea of Japan\n"
                 "Japan protests after Chinese coast guard ships enter waters\n"
                 "Seoul stocks close higher as chip makers lead the rally\n"
                 "Envoys meet in Jakarta for talks on the nuclear standoff\n")
    for text in (paragraphs, menu, headlines):
        assert unwrap(text) == text


_LINES = st.lists(st.text(alphabet=st.sampled_from("abc ABC.,\t"), max_size=90), max_size=12)


@given(_LINES, st.sampled_from(["\n", "\r\n", "\r"]))
def test_unwrap_only_turns_line_breaks_into_spaces(lines: list[str], newline: str) -> None:
    text = newline.join(lines)
    joined = unwrap(text)
    assert len(joined) == len(text)
    for a, b in zip(text, joined):
        assert a == b or (a in "\r\n" and b == " ")
    assert unwrap(joined) == joined or len(unwrap(joined)) == len(joined)
