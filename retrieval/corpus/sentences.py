"""Sentence boundaries in news text, as character spans into the raw article.

Why a hand-written splitter and not a library (measured on our corpora; README, "Libraries, and why"):
syntok gets the hard cases right (U.S., N. Korea, Dr., initials, `."`) but runs ~11 s/MB, so a
150 MB archive (35,000 articles) would take ~28 minutes, over a quarter of an hour;
pysbd is ~5.8 s/MB; blingfire is fast (0.24 s/MB) but splits "Dr. Smith" and initials.
News text needs only a few rules, so this module finds candidate boundaries with one compiled
regex (`.`, `?`, `!`, `…` runs plus closing quotes, followed by white space and the next word)
and decides each with cheap look-ups: the token before (title, initial, dotted abbreviation) and
the word after (lower case, digit, or a common sentence starter).

Measured (CPU time, best of 40 runs over the five seeds, 22 KB, on the 2-core build machine
while other jobs ran): split_sentences ~55 MB/s; parse_article, cleaning included, ~12 MB/s
(6-9 MB/s averaged under load). A 150 MB archive therefore parses in 15-25 s. Adversarial
input (megabyte lines without spaces, thousands of tags, runs of dates) stays under ~1 s/MB.

Rules, in order, for a candidate `PUNCT CLOSERS? SPACE NEXT`:
- a line break always ends a sentence: every line is a paragraph (scraped news has one per line);
- NEXT starts lower case: no split ("U.S. envoy", '"Ready?" he asked', "... and then");
- `?`, `!`, or a closing quote after the punctuation: split (`."`, `?"`, `!”` stay with their sentence);
- an ellipsis: `[...]` never splits; otherwise split only before a sentence starter;
- a single `.` after a title that always precedes a name (Mr, Dr, Gen, Sen, Rep, ...): no split;
- after `No`, `Art`, `Vol`, ... before a digit ("No. 2"): no split;
- after an initial ("J. R. R. Tolkien", "Leif E. Easley", "N. Korea"), a dotted abbreviation
  ("U.S.", "U.N.", "a.m.") or an abbreviation that can end a sentence (Jr, Inc, etc, Jan):
  split only before a common sentence starter ("...to the U.S. The envoy said" splits);
- otherwise split. Decimals ("3.5") and "U.S.-led" have no space after the dot, so are never candidates.

A "sentence" longer than MAX_SENTENCE_CHARS (a 5 MB line with no full stop, a scraped list run
together) is cut into pieces of at most that length, each at the last space before the limit
(mid-word only when a piece has no space at all): an answer is a sentence shown and cited whole,
and a megabyte one would be neither readable nor a fair BM25 document.
"""
from __future__ import annotations

import re

# The characters str.splitlines() breaks on; every one ends a paragraph.
LINE_BREAK_CHARS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
LINE_RE = re.compile(f"[^{LINE_BREAK_CHARS}]+")  # one line's content, without its break

_CLOSERS = "\"'”’»)\\]"
_TERMINALS = ".!?\u2026\u203c\u2047\u2048\u2049\u3002\uff01\uff1f"
# A candidate boundary: a line break, or terminal punctuation, closing quotes, then white space
# and the next word (consumed here so one match answers both questions; the word holds no
# punctuation, so no later candidate is skipped). Written to start with one character class:
# `re` then scans for that class in C, 3x faster than a pattern that starts with `X+` or `A|B`.
_CANDIDATE = re.compile(
    f"[{_TERMINALS}{LINE_BREAK_CHARS}]"
    f"(?:(?<=[{_TERMINALS}])(?P<p>[{_TERMINALS}]*)(?P<q>[{_CLOSERS}]*)"
    f"(?:(?P<sp>[^\\S{LINE_BREAK_CHARS}]+)(?P<o>[\"'“‘«(\\[]*)(?P<w>\\w*)|(?=[{LINE_BREAK_CHARS}])|\\Z)"
    f"|(?<=[{LINE_BREAK_CHARS}]))"
)

# Titles written before a name: a sentence never ends on them.
_PREFIX_TITLES = frozenset(
    "Mr Mrs Ms Mx Messrs Mmes Mme Mlle Dr Drs Prof Profs Gen Sen Sens Rep Reps Gov Govs Lt Col Capt Cpt "
    "Sgt Maj Adm Cmdr Cmdt Cpl Pvt Brig Rev Revd Hon Amb Pres Atty Supt Insp Det Fr Msgr Sr Sra Srta "
    "St Ste Mt Ft Pt Gens Lieut Gen Cdr Comdr Hr Hrn".split()
)
# Abbreviations that precede a number ("No. 2", "Art. 5", "pp. 3").
_NUMBER_ABBREVS = frozenset("No Nos no nos Art Arts art Vol Vols vol Fig Figs fig p pp Ch ch Sec sec Para para Op op Ex ex".split())
# Abbreviations that may or may not end a sentence.
_AMBIGUOUS_ABBREVS = frozenset(
    "Jr Sr Inc Corp Co Cos Ltd Plc plc LLC Bros Dept Univ Assn Assoc Est Gov't Intl Natl "
    "etc vs v cf al approx ca esp incl est dept min max "
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Mon Tue Tues Wed Thu Thur Thurs Fri Sat Sun "
    "Ave Blvd Rd Hwy Sq Ct Mtn "
    # US states as datelines write them ("ST. PAUL, Minn. (AP) —"): a sentence may end on one, so only a starter
    # word after it opens a new sentence. Pa., Ga., Va. are too short to be anything else but stay ambiguous.
    "Ala Ariz Ark Calif Colo Conn Fla Ga Ill Ind Kan Ky Md Mich Minn Mo Mont Neb Nev Okla Ore Pa Tenn Vt Va Wis Wyo".split()
)
_DOTTED = re.compile(r"(?:[^\W\d_]{1,3}\.)+[^\W\d_]{1,3}")  # U.S, U.N, e.g, a.m, Ph.D, D.C
# Words that commonly open a sentence; after an abbreviation only these start a new one.
_STARTERS = frozenset(
    """A An The This That These Those There Here It Its It's He She His Her Him They Their Them We Our
    I I'm You Your But And Or So Yet Still However Meanwhile Moreover Furthermore Also Then Now Thus
    Therefore Instead Nevertheless Nonetheless Meanwhile Indeed In On At As If When While After Before
    Since Because Although Though Despite During For From With Without Under Over By To Of Some Many
    Most Much Few Several All Both Each Every Any No None Other Others Another One Two Three Last
    Earlier Later Next Previously Recently Currently According What Who Why How Where Which Such
    Officials Analysts Experts Critics Asked Speaking Separately Similarly Still Only Even Not Yes
    My Me Let Let's Please Sources Data Further First Second Third Finally""".split()
)
_OPENERS = "\"'“‘«([{"
# Longest piece of text one sentence may hold. Over the 73,176 sentences of the NewsQA stories, the
# scraped pages, the BBC archive and the seeds, 3 are longer than 1,000 characters and 1 (4,189,
# a list without full stops) longer than 2,000; a Telegram message holds 4,096.
MAX_SENTENCE_CHARS = 2000
_CUT_SPACES = " \t\u3000"  # where a long sentence may be cut (never a no-break space)


def split_sentences(
    text: str, start: int = 0, end: int | None = None, max_chars: int = MAX_SENTENCE_CHARS
) -> list[tuple[int, int]]:
    """Sentence spans `(s, e)` of `text[start:end]`, as absolute offsets into `text`.

    Each span is stripped of surrounding white space, never empty and at most `max_chars` long;
    spans are in order, do not overlap, never contain a line break, and together cover every
    non-space character of the range.
    """
    n = len(text)
    if end is None or end > n:
        end = n
    if start < 0:
        start = 0
    spans: list[tuple[int, int]] = []
    if start >= end:
        return spans
    seg = start
    cuts: list[int] = []  # (segment start, segment end) pairs, flattened; stripped below
    for m in _CANDIDATE.finditer(text, start, end):
        p, q, sp, o, w = m.groups()
        if p is None:  # a line break
            cuts += (seg, m.start())
            seg = m.end()
        elif sp is None:  # end of line or of range: the break splits anyway
            continue
        elif _is_boundary(text, m, p, q, o, w, start):
            cut = m.end(2)
            cuts += (seg, cut)
            seg = cut
    cuts += (seg, end)
    for i in range(0, len(cuts), 2):
        s, e = cuts[i], cuts[i + 1]
        if s < e:
            piece = text[s:e]
            left = piece.lstrip()
            if left:
                s += len(piece) - len(left)
                e = s + len(left.rstrip())
                if e - s > max_chars:
                    spans.extend(_cut_long(text, s, e, max_chars))
                else:
                    spans.append((s, e))
    return spans


def _cut_long(text: str, s: int, e: int, max_chars: int) -> list[tuple[int, int]]:
    """`text[s:e]` (stripped, longer than `max_chars`) as stripped pieces of at most `max_chars`."""
    pieces: list[tuple[int, int]] = []
    while e - s > max_chars:
        limit = s + max_chars
        cut = max(text.rfind(space, s + 1, limit + 1) for space in _CUT_SPACES)  # the space may sit just past the piece
        if cut <= s:
            cut = limit  # no space at all: a hard cut keeps every character
        piece_end = cut
        while piece_end > s and text[piece_end - 1].isspace():
            piece_end -= 1
        pieces.append((s, piece_end))
        s = cut
        while s < e and text[s].isspace():
            s += 1
    if s < e:
        pieces.append((s, e))
    return pieces


def _is_boundary(text: str, m: re.Match[str], rest: str, closers: str, openers: str, word: str, lo: int) -> bool:
    """Whether the candidate `m` ends a sentence (`rest`: the punctuation after its first mark)."""
    if word:
        if word[0].islower():
            return False  # "U.S. envoy", '"Ready?" he asked', "... and then"
    elif not openers:
        first = text[m.end()] if m.end() < len(text) else ""
        if first.islower():
            return False
    punct = text[m.start()] + rest if rest else text[m.start()]
    ellipsis = (len(punct) > 1 or punct == "\u2026") and "?" not in punct and "!" not in punct
    if ellipsis and m.start() > lo and text[m.start() - 1] in "[(":
        return False  # "[...]" marks an omission inside a quotation
    if closers or punct[-1] not in ".\u2026" or "?" in punct or "!" in punct:
        return True
    if ellipsis:
        return word in _STARTERS  # "He paused... The" may or may not end a sentence
    # A single full stop: look at the token before it.
    ps = m.start()
    before = text[max(lo, ps - 24):ps].rsplit(None, 1)
    token = before[-1].lstrip(_OPENERS) if before else ""
    if not token:
        return True
    if token in _PREFIX_TITLES or (token.isupper() and word.isupper() and token.capitalize() in _PREFIX_TITLES):
        return False  # "Dr. Roe"; datelines and headlines in capitals: "ST. PAUL", "FT. WORTH"
    if word[:1].isdigit():
        return not (token in _NUMBER_ABBREVS or token in _AMBIGUOUS_ABBREVS or ("." in token and _DOTTED.fullmatch(token)))
    if (len(token) == 1 and token.isupper()) or token in _AMBIGUOUS_ABBREVS or ("." in token and _DOTTED.fullmatch(token)):
        return word in _STARTERS
    return True
