"""The sentence splitter: news abbreviations, quotes, ellipses, line breaks, and offsets."""
from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from retrieval.corpus.sentences import LINE_BREAK_CHARS, MAX_SENTENCE_CHARS, split_sentences


def texts(text: str, start: int = 0, end: int | None = None) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text, start, end)]


CASES = [
    # titles before names never end a sentence
    ("He met Dr. Smith. Then he left.", ["He met Dr. Smith.", "Then he left."]),
    ("Mr. Lee and Mrs. Park met Gen. Kim, Sen. Warren and Rep. Cho.", None),
    ("Prof. Han spoke to Gov. Newsom. He agreed.", ["Prof. Han spoke to Gov. Newsom.", "He agreed."]),
    # dotted abbreviations and initials
    ("The U.S. envoy met U.N. officials in Seoul.", None),
    ("Tensions with N. Korea rose sharply.", None),
    ("J. R. R. Tolkien wrote it.", None),
    ("Leif E. Easley is a professor at Ewha.", None),
    ("Martin Luther King Jr. spoke in 1963.", None),
    ("It was led by the U.S. North Korea policy review team.", None),
    ("He returned to the U.S. The envoy said talks would resume.", ["He returned to the U.S.", "The envoy said talks would resume."]),
    ("Sanctions rose under U.S.-led pressure. Talks stalled.", ["Sanctions rose under U.S.-led pressure.", "Talks stalled."]),
    ("They met at 3 p.m. on Monday.", None),
    ("They met at 3 p.m. The talks ended at 5.", ["They met at 3 p.m.", "The talks ended at 5."]),
    ("Apple Inc. The company said so.", ["Apple Inc.", "The company said so."]),
    # numbers
    ("It ranked No. 2 in the poll.", None),
    ("Growth was 3.5 percent. It then fell to 2.1 percent.", ["Growth was 3.5 percent.", "It then fell to 2.1 percent."]),
    ("The vote was on Jan. 5 this year.", None),
    # quotes: the closing quote belongs to the sentence it closes
    ('"We are ready." The envoy left.', ['"We are ready."', "The envoy left."]),
    ("“Are you ready?” The envoy left.", ["“Are you ready?”", "The envoy left."]),
    ("“Go!” The crowd cheered.", ["“Go!”", "The crowd cheered."]),
    ("He called it an “interesting signal.” Talks may follow.", ["He called it an “interesting signal.”", "Talks may follow."]),
    ('"Ready?" he asked.', None),
    ("“We are ready,” Kim said. “Let’s talk.”", ["“We are ready,” Kim said.", "“Let’s talk.”"]),
    # omissions and ellipses
    ("“We think that [...] there’s no substitute for diplomacy,” he said.", None),
    ("“We said [...] The rest is history,” he said.", None),
    ("He paused... and then spoke again.", None),
    ("He paused… and then spoke again.", None),
    ("Is it over? Yes. What?! No.", ["Is it over?", "Yes.", "What?!", "No."]),
    # line breaks are paragraph ends
    ("First line\nSecond line", ["First line", "Second line"]),
    ("First line\r\nSecond line\r\n", ["First line", "Second line"]),
    ("One\u2028Two\u2029Three\x0bFour\x0cFive\x85Six", ["One", "Two", "Three", "Four", "Five", "Six"]),
    ("   \n\t  \r\n ", []),
    ("", []),
    ("No full stop at the end", ["No full stop at the end"]),
    ("Spaces after.\u00a0\u00a0The next one.", ["Spaces after.", "The next one."]),
]


@pytest.mark.parametrize("text,expected", CASES, ids=[c[0][:40] for c in CASES])
def test_split_table(text: str, expected: list[str] | None) -> None:
    assert texts(text) == (expected if expected is not None else [text.strip()])


def test_offsets_are_absolute_and_range_is_respected() -> None:
    text = "Skip me. Take this one. And this. Not this."
    s = text.index("Take")
    e = text.index("Not")
    spans = split_sentences(text, s, e)
    assert [text[a:b] for a, b in spans] == ["Take this one.", "And this."]
    assert spans[0][0] == s


def test_out_of_range_bounds_are_clamped() -> None:
    assert texts("Hello there.", -5, 999) == ["Hello there."]
    assert split_sentences("Hello there.", 8, 3) == []


# Arbitrary Unicode (no lone surrogates: decoded files cannot hold them), salted with the
# pieces the rules look at, so the interesting paths are reached often.
PIECES = st.sampled_from([
    ". ", "U.S. ", "N. ", "Dr. ", "No. 2", "3.5", "...", "[...]", "?\" ", "!” ", ".\" ", " The ", " he ",
    "\r\n", "\n\n", "\u2028", "\x00", "\u0301", "\u00a0", "“", "”", "’", "(", ")", " ", "\t", "\x1c", "\x1f", "…",
])
TEXT = st.lists(st.one_of(st.text(st.characters(blacklist_categories=("Cs",)), max_size=12), PIECES), max_size=40).map("".join)


def check_spans(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    prev = start
    covered = set()
    for s, e in spans:
        assert prev <= s < e <= end, (s, e)
        piece = text[s:e]
        assert piece == piece.strip() and piece
        assert not any(c in LINE_BREAK_CHARS for c in piece)
        covered.update(range(s, e))
        prev = e
    lost = [i for i in range(start, end) if not text[i].isspace() and i not in covered]
    assert not lost, [text[i] for i in lost]


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_property_spans_are_exact_ordered_stripped_and_lose_nothing(text: str) -> None:
    check_spans(text, 0, len(text), split_sentences(text))


@settings(max_examples=200, deadline=None)
@given(TEXT, st.integers(0, 400), st.integers(0, 400))
def test_property_any_range(text: str, a: int, b: int) -> None:
    start, end = min(a, b, len(text)), min(max(a, b), len(text))
    check_spans(text, start, end, split_sentences(text, start, end))


# -- the length cap ---------------------------------------------------------------------------
def test_a_five_megabyte_line_without_a_full_stop_is_cut_at_word_boundaries() -> None:
    words = "tariff talks resume in seoul " * 180_000  # ~5 MB, no full stop
    spans = split_sentences(words)
    assert len(spans) > 2000
    assert all(0 < e - s <= MAX_SENTENCE_CHARS for s, e in spans)
    assert all(words[s:e] == words[s:e].strip() for s, e in spans)
    # every cut at a space: no piece starts or ends inside a word
    assert all((s == 0 or words[s - 1] == " ") and (e == len(words) or words[e] == " ") for s, e in spans)
    assert sum(len(words[s:e].replace(" ", "")) for s, e in spans) == len(words.replace(" ", ""))


def test_a_long_run_without_any_space_is_cut_hard_and_keeps_every_character() -> None:
    text = "x" * 4500
    assert split_sentences(text, max_chars=2000) == [(0, 2000), (2000, 4000), (4000, 4500)]


def test_sentences_under_the_cap_are_not_touched() -> None:
    text = "He met Dr. Smith. Then he left."
    assert split_sentences(text, max_chars=len("He met Dr. Smith.")) == split_sentences(text)


@given(text=st.text(alphabet=st.sampled_from("ab .\n\t\u3000\u00a0?"), max_size=300), cap=st.integers(1, 40))
@settings(max_examples=300)
def test_capped_spans_are_short_ordered_stripped_and_cover_every_non_space(text: str, cap: int) -> None:
    spans = split_sentences(text, max_chars=cap)
    assert all(0 < e - s <= cap for s, e in spans)
    assert all(a[1] <= b[0] for a, b in pairwise(spans))
    assert all(text[s:e] == text[s:e].strip() for s, e in spans)
    covered = set()
    for s, e in spans:
        covered.update(range(s, e))
    assert all(i in covered for i, ch in enumerate(text) if not ch.isspace())
    # the cap only ever cuts: every uncapped sentence is the union of its pieces
    for s, e in split_sentences(text):
        inside = [p for p in spans if s <= p[0] < e]
        assert inside and inside[0][0] == s and inside[-1][1] == e


def split(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text, 0, len(text))]


@pytest.mark.parametrize("text,expected", [
    # a dateline in capitals and a state's abbreviation stay one sentence with what follows
    ("ST. PAUL, Minn. (AP) — Lawmakers passed the bill on Tuesday. It goes to the governor.",
     ["ST. PAUL, Minn. (AP) — Lawmakers passed the bill on Tuesday.", "It goes to the governor."]),
    ("FT. WORTH, Texas — A storm hit the city. Power is out.", ["FT. WORTH, Texas — A storm hit the city.", "Power is out."]),
    ("EUGENE, Ore. — Smith scored 18 points. The team lost.", ["EUGENE, Ore. — Smith scored 18 points.", "The team lost."]),
    # a state's abbreviation at a sentence's end still ends it before a word that opens sentences
    ("She grew up in Eugene, Ore. The family later moved.", ["She grew up in Eugene, Ore.", "The family later moved."]),
    # capitals that are not a dateline: "MS." and "FT." end sentences before an ordinary word
    ("The drug is for patients with MS. Final approval is near.", ["The drug is for patients with MS.", "Final approval is near."]),
    ("Sources told the FT. But the firm denied it.", ["Sources told the FT.", "But the firm denied it."]),
])
def test_datelines_and_state_abbreviations(text: str, expected: list[str]) -> None:
    assert split(text) == expected
