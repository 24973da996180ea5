"""The one analyzer: text -> terms, the same for stored sentences and for questions.

Normalise (NFKC, curly quotes and dashes folded), tokenise with one compiled regex, fold
dotted abbreviations (`U.S.` = `US` -> `us`), strip possessives (`Korea's` -> `korea`), split
hyphenated words into their parts (`Jong-un` and `Jong Un` both give `jong`, `un`), drop
English stop words, Snowball-stem. Numbers are kept (`1,000` -> `1000`); a measurement's unit glued to its
dimensions is a term of its own (`8x10in` -> `8x10`, as `8x10` and `8x10 in` give).

Speed: a news sentence repeats the same few thousand raw tokens, so the whole token -> terms
mapping is cached per analyzer (by white-space chunk); a cache hit costs one dict lookup made
from C, and plain words skip the regex. Measured: the bench's million generated sentences
(150k-word Zipf vocabulary, harsher than real news) take 15 s in one process.

`N. Korea` gives `n`, `korea`: a lone initial cannot be told from a sentence-final letter, and
`korea` is what matters for matching.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable
from itertools import chain

import Stemmer

from retrieval.records import AnalyzerOptions

# Bump when any rule below changes: each version keeps its own index (files.index_home), stored term
# spans and terms count for their own version only, and the lexicon recounts. tests/test_analyzer.py
# pins what these rules make of sample text to this number, so a change that forgets the bump fails there.
RULES_VERSION = "5"

# The Snowball project's English stop list (snowballstem.org, english/stop.txt). It contains
# "us"; the country survives because words written in capitals (US, WHO, IT) are never
# treated as stop words -- see `_analyse_token`.
STOP_WORDS: frozenset[str] = frozenset(
    """
    i me my myself we us our ours ourselves you your yours yourself yourselves he him his himself
    she her hers herself it its itself they them their theirs themselves what which who whom this
    that these those am is are was were be been being have has had having do does did doing would
    should could ought i'm you're he's she's it's we're they're i've you've we've they've i'd you'd
    he'd she'd we'd they'd i'll you'll he'll she'll we'll they'll isn't aren't wasn't weren't hasn't
    haven't hadn't doesn't don't didn't won't wouldn't shan't shouldn't can't cannot couldn't mustn't
    let's that's who's what's here's there's when's where's why's how's a an the and but if or
    because as until while of at by for with about against between into through during before after
    above below to from up down in out on off over under again further then once here there when
    where why how all any both each few more most other some such no nor not only own same so than
    too very
    """.split()
)

# Applied after NFKC: the quotes and dashes NFKC leaves alone, folded to ASCII.
_FOLD = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u02bc": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u00ab": '"', "\u00bb": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
        "\u2212": "-", "\ufe58": "-", "\ufe63": "-", "\uff0d": "-",
    }
)

# One pass finds every token. Alternatives, in order:
#   dotted abbreviation  U.S.  U.S  U.N.  e.g.  (letters joined by dots, at least two letters)
#   number with separators  1,000  3.5  2,500.75
#   word  with inner apostrophes and hyphens: Korea's  Jong-un  O'Brien  24-year-old
# `[^\W\d_]` is a letter, `[^\W_]` a letter or digit (underscore separates words).
_TOKEN = re.compile(
    r"[^\W\d_](?:\.[^\W\d_])+\.?"
    r"|\d+(?:[.,]\d+)+"
    r"|[^\W_]+(?:['-][^\W_]+)*"
)
_EDGE_PUNCTUATION = "\"'()[]{},.;:!?"  # around a word in running text
# A measurement written with its unit glued on ("8x10in", "4x100m", "1920x1080px"): the dimensions are one term
# and the unit another, so "8x10" finds "8x10in" (and "in", a stop word, is dropped like any other).
_DIMENSIONS = re.compile(r"(\d+(?:x\d+)+)(in|ins|inch|inches|cm|mm|m|km|ft|ml|l|kg|g|gb|mb|px|p)")
_CACHE_LIMIT = 1 << 19  # raw tokens remembered; cleared when full (news vocabulary fits)


def version_of(options: AnalyzerOptions) -> str:
    """What the analyzer with `options` is called in stamps: its rules' version and its settings."""
    stop_digest = hashlib.sha256(" ".join(sorted(STOP_WORDS)).encode()).hexdigest()[:8]
    return (f"rules{RULES_VERSION}-stem{'snowball-en' if options.stem else 'off'}"
            f"-stop{stop_digest if options.stop_words else 'off'}")


class Analyzer:
    """Turns text into index terms. Thread-safe: the caches only ever gain complete entries."""

    def __init__(self, options: AnalyzerOptions = AnalyzerOptions()) -> None:
        self.options = options
        self._stemmer = Stemmer.Stemmer("english") if options.stem else None
        self._stop = STOP_WORDS if options.stop_words else frozenset()
        self.version = version_of(options)
        # white-space chunk as written -> its terms; normalised token -> its terms with offsets
        self._chunk_terms = _ChunkCache(self._analyse_chunk)
        self._chunk_spans = _ChunkCache(self._chunk_offsets)
        # The terms of one white-space chunk of normalised text (`normalise`) with their (start, end)
        # offsets in the chunk, flat; cached, looked up from C. Tokens never span white space, so
        # the chunks of a text whose normalised form keeps its length give `term_spans` exactly, each
        # chunk's offsets shifted by where it starts (`corpus.store.span_rows` does that in bulk).
        self.chunk_spans: Callable[[str], tuple[tuple[str, ...], tuple[int, ...]]] = self._chunk_spans.__getitem__
        self._span_cache: dict[str, tuple[tuple[str, int, int], ...]] = {}
        self._stems: dict[str, str] = {}  # lower-case word -> stem (stemming costs ~20 us a word)

    def __repr__(self) -> str:
        return f"Analyzer({self.version})"

    # -- public ----------------------------------------------------------------------------
    def terms(self, text: str) -> list[str]:
        """The index terms of `text`, in order, repeats kept (BM25 counts them)."""
        # Tokens never span white space, so each white-space chunk ("Korea's", "(U.S.)") maps to
        # its terms on its own; the chunk cache makes the common case one C-level dict lookup.
        return list(chain.from_iterable(map(self._chunk_terms.__getitem__, text.split())))

    def term_spans(self, text: str) -> list[tuple[str, int, int]]:
        """Each term of `text` with the `[start, end)` span in `text` of the word it came from.

        Gives exactly `terms(text)` as its first components. Spans point into the original
        text even when normalisation changed its length (e.g. a ligature or an ellipsis).
        """
        norm = normalise(text)
        to_original = _offset_map(text, norm)
        out: list[tuple[str, int, int]] = []
        for match in _TOKEN.finditer(norm):
            base = match.start()
            for term, start, end in self._token_spans(match.group()):
                out.append((term, to_original(base + start), to_original(base + end - 1) + 1))
        return out

    def is_stop_word(self, word: str) -> bool:
        """True when `word`, written this way, is dropped (capitalised `US` is not; `us` is)."""
        word = normalise(word).strip()
        return word.lower() in self._stop and not _is_capitals(word)

    # -- rules -----------------------------------------------------------------------------
    def _analyse_chunk(self, chunk: str) -> tuple[str, ...]:
        word = chunk.strip(_EDGE_PUNCTUATION)
        if word.isascii():
            # Fast path, same result as the general one: a plain word or number with only
            # punctuation around it is exactly one regex token.
            if word.isalpha():
                low = word.lower()
                if low in self._stop and not _is_capitals(word):
                    return ()
                return (self._stem(low),)
            if word.isdigit():
                return (word,)
        return tuple(
            term for token in _TOKEN.findall(normalise(chunk)) for term, _, _ in self._token_spans(token)
        )

    def _chunk_offsets(self, chunk: str) -> tuple[tuple[str, ...], tuple[int, ...]]:
        """A chunk's terms and their (start, end) offsets in it, flat."""
        word = chunk.strip(_EDGE_PUNCTUATION)
        if word.isascii() and (word.isalpha() or word.isdigit()):
            # Fast path, as in `_analyse_chunk`: a plain word or number with only punctuation
            # around it is exactly one regex token.
            low = word.lower()
            if low in self._stop and not _is_capitals(word):
                return (), ()
            start = len(chunk) - len(chunk.lstrip(_EDGE_PUNCTUATION))
            return ((low if word.isdigit() else self._stem(low)),), (start, start + len(word))
        terms: list[str] = []
        offsets: list[int] = []
        for match in _TOKEN.finditer(chunk):
            base = match.start()
            for term, start, end in self._token_spans(match.group()):
                terms.append(term)
                offsets += (base + start, base + end)
        return tuple(terms), tuple(offsets)

    def _token_spans(self, token: str) -> tuple[tuple[str, int, int], ...]:
        cached = self._span_cache.get(token)
        if cached is not None:
            return cached
        spans = tuple(self._analyse_token(token))
        if len(self._span_cache) >= _CACHE_LIMIT:
            self._span_cache.clear()
        self._span_cache[token] = spans
        return spans

    def _analyse_token(self, token: str) -> Iterable[tuple[str, int, int]]:
        first = token[0]
        if first.isdigit() and ("," in token or "." in token) and token.replace(",", "").replace(".", "").isdigit():
            # 1,000 -> 1000; 3.5 stays 3.5 (a decimal point is meaning, a comma is grouping)
            yield token.replace(",", ""), 0, len(token)
            return
        if "." in token:
            # dotted abbreviation: U.S. -> us, never a stop word (it was written as a name)
            yield self._stem(token.replace(".", "").lower()), 0, len(token.rstrip("."))
            return
        word = token
        low = word.lower()
        if "'" in low:
            if low in self._stop and not _is_capitals(word):
                return
            if low.endswith("'s"):  # possessive or "'s" contraction: Korea's -> Korea
                word, low = word[:-2], low[:-2]
        if "-" not in word:
            yield from self._word(word, low, 0)
            return
        start = 0
        for part in word.split("-"):  # Jong-un -> Jong, un: matches "Jong Un" as well
            end = start + len(part)
            yield from self._word(part, low[start:end], start)
            start = end + 1

    def _word(self, word: str, low: str, offset: int) -> Iterable[tuple[str, int, int]]:
        end = offset + len(word)
        if low[:1].isdigit() and "x" in low:
            glued = _DIMENSIONS.fullmatch(low)
            if glued is not None:  # "8x10in" -> "8x10" (and "in", a stop word)
                cut = offset + glued.end(1)
                yield glued.group(1), offset, cut
                yield from self._word(word[glued.end(1):], glued.group(2), cut)
                return
        if "'" in low:  # O'Brien -> obrien; a stop-word contraction was dropped above
            if low in self._stop and not _is_capitals(word):
                return
            low = low.replace("'", "")
        if not low:
            return
        if low in self._stop and not _is_capitals(word):
            return
        yield (low if low.isdigit() else self._stem(low)), offset, end

    def _stem(self, low: str) -> str:
        if self._stemmer is None:
            return low
        stem = self._stems.get(low)
        if stem is None:
            if len(self._stems) >= _CACHE_LIMIT:
                self._stems.clear()
            stem = self._stems[low] = self._stemmer.stemWord(low)
        return stem


class _ChunkCache(dict):
    """chunk -> its analysis; computes what it lacks, forgets everything when it grows too large."""

    def __init__(self, analyse) -> None:
        super().__init__()
        self._analyse = analyse

    def __missing__(self, chunk: str):
        terms = self._analyse(chunk)
        if len(self) >= _CACHE_LIMIT:
            self.clear()
        self[chunk] = terms
        return terms


def normalise(text: str) -> str:
    """NFKC plus quote/dash folding: the one folding function (index, queries, duplicate keys, eval scoring).

    ASCII text is returned as is (both steps are no-ops)."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFKC", text).translate(_FOLD)


def _is_capitals(word: str) -> bool:
    """US, WHO, NATO: two or more letters, all capitals. `A`, `I` and `Us` are not."""
    return len(word) >= 2 and word.isupper()


def _offset_map(text: str, norm: str):
    """A function from an index in `norm` to the index in `text` it came from."""
    if len(norm) == len(text):
        return lambda i: i
    # Normalise grapheme by grapheme (a base character and its combining marks), recording
    # where each piece of the normalised text came from.
    origin: list[int] = []
    i = 0
    n = len(text)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        piece = normalise(text[i:j])
        origin.extend([i] * len(piece))
        i = j
    if len(origin) != len(norm):  # normalisation composed across graphemes: keep spans in bounds
        last = max(len(text) - 1, 0)
        return lambda k: min(k, last)
    return lambda k: origin[k] if k < len(origin) else len(text)
