"""A parse worker's table of white-space chunks: each chunk occurrence is looked up once, and that
one look-up gives everything ingest computes from words: the sentences' term spans (stored), their
terms as numbers (the index is built from them) and the lexicon's chunk counts.

Why: a batch repeats a few hundred thousand chunks ("Korea's", "talks,") tens of millions of times.
Looked up in three places (the analyzer's cache, the index's term numbering, the lexicon's chunk
numbering), each occurrence cost three dict look-ups and three lists of Python objects. Here the first
sight of a chunk computes all it contributes once (its terms already numbered, their offsets, its
lexicon number, its title-case flags) into flat arrays, a part's chunks are looked up once each (from
C, through `map`), and the rest is numpy over those row numbers.

The results are exactly those of the one-by-one ways (`store.analysed`, `lexicon.ChunkCounter`, a
`WorkerNumbering` of the terms; property-tested):
- A chunk is the sentence's own (`text.split()`, what the lexicon counts); its terms are those of
  its normalised form. `normalise` maps character by character except where marks compose with the
  character before, white space never composes, and every white-space character normalises to one
  white-space character: so the normalised sentence is the normalised chunks joined by as many
  separators, and all chunks' terms in order are the sentence's terms.
- Offsets come from the chunks' positions in the normalised text when `store.analysed` takes its
  fast path (single separators, normalising kept the length: then each separator is one character);
  other texts are analysed one by one, as there.
- Numbers follow first sight: a term or chunk is first seen in the first sight of a chunk, and first
  sights happen in the part's order (one `map` over its chunks in order), so `WorkerNumbering` order.
"""
from __future__ import annotations

import itertools
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from operator import itemgetter

import numpy as np

from retrieval.corpus.copykeys import copy_keys_many, normalise_text
from retrieval.corpus.store import SpanRow, encode_spans
from retrieval.corpus.store import _offsets_blob as offsets_blob  # the stored form of wide offsets
from retrieval.index.analyzer import Analyzer, normalise
from retrieval.index.lexicon import ChunkPacket, chunk_packet, title_case, title_flags
from retrieval.processes import WorkerNumbering

# Rows kept before the table starts afresh (between parts; numbers are kept): bounds a worker's
# memory on a huge vocabulary. A million news sentences bring ~430k distinct chunks.
_ROWS_LIMIT = 1 << 20
_FIRST, _SECOND = itemgetter(0), itemgetter(1)
# What `ChunkTable._rows` joins a part's texts with: a chunk of its own between two spaces (NUL is
# not white space, and no text of an article holds it, or the part is split text by text).
_SEPARATOR_CHAR = "\x00"
_SEPARATOR = f" {_SEPARATOR_CHAR} "


@dataclass(frozen=True, slots=True)
class PartWords:
    """What a part's sentences give, in their order: one stored span row each, every term's number
    (`terms_new` are the terms first numbered in this part), how many terms each sentence has, and
    the lexicon's chunk counts (None unless asked for)."""

    spans: list[SpanRow]
    terms_new: list[str]
    term_numbers: np.ndarray  # int32, the worker's numbering (`ChunkTable.terms`)
    term_counts: np.ndarray  # int32, one per sentence
    chunks: ChunkPacket | None
    keys: list[tuple[str, ...]] | None  # each sentence's copy keys


class ChunkTable(dict):
    """chunk -> row; a missing chunk gets its row computed (`__missing__`, so look-ups run from C)."""

    def __init__(self, analyzer: Analyzer, *, limit: int = _ROWS_LIMIT) -> None:
        super().__init__()
        self.analyzer = analyzer
        self.terms = WorkerNumbering()  # index terms, numbered over every part this worker parses
        self.chunks = WorkerNumbering()  # the lexicon's chunks, likewise
        self._name_len = array("q")  # term number -> the term's length (kept with the numbering)
        self._limit = limit
        self._start_afresh()

    def _start_afresh(self) -> None:
        self.clear()
        self[_SEPARATOR_CHAR] = -1  # the separator `_rows` joins texts with
        self._new: list[str] = []  # chunks given a row whose row is not filled in yet (`_fill`)
        self._chunk = array("q")  # row -> the chunk's lexicon number
        self._width = array("q")  # row -> length of the normalised chunk
        self._term_end = array("q", [0])  # row r's terms are _term[_term_end[r]:_term_end[r + 1]]
        self._term = array("q")  # term numbers
        self._offset = array("q")  # two per term: (start, end) in the normalised chunk
        self._long = array("q")  # row -> 1 when the chunk is long enough to count for title case
        self._lower = array("q")  # row -> 1 when it is long and not capitalised (not title case)
        self._folded: list[str] = []  # row -> the chunk's copy-key folding and a space, "" when it folds to nothing
        self._folded_len = array("q")

    def __missing__(self, chunk: str) -> int:
        row = self[chunk] = len(self._chunk) + len(self._new)  # rows filled, then rows waiting
        self._new.append(chunk)
        return row

    def _fill(self) -> None:
        """The rows of the chunks first seen in the last look-ups, all at once (in order of first
        sight, so their terms and chunks are numbered in that order)."""
        new, self._new = self._new, []
        if not new:
            return
        norms = list(map(normalise, new))
        entries = list(map(self.analyzer.chunk_spans, norms))
        self._chunk.extend(map(self.chunks.ids.__getitem__, new))
        self._width.extend(map(len, norms))
        terms = list(map(_FIRST, entries))
        self._term.extend(map(self.terms.ids.__getitem__, itertools.chain.from_iterable(terms)))
        self._name_len.extend(map(len, self.terms.ids.order[len(self._name_len):]))
        self._term_end.extend((np.cumsum(_lengths(terms)) + self._term_end[-1]).tolist())
        self._offset.extend(itertools.chain.from_iterable(map(_SECOND, entries)))
        folded = [f + " " if f else "" for f in map(normalise_text, new)]
        self._folded.extend(folded)
        self._folded_len.extend(map(len, folded))
        long, lower = title_flags(new)
        self._long.extend(long.tolist())
        self._lower.extend(lower.tolist())

    def analyse(self, texts: Sequence[str], *, count: bool, keys: bool) -> PartWords:
        """The part's words (see `PartWords`); `count`: the lexicon's chunk counts too; `keys`: the copy keys too."""
        if len(self) > self._limit:
            self._start_afresh()
        rows, n_chunks = self._rows(texts)
        self._fill()
        # Views of the rows' arrays: taken after the look-ups (a view stops an array growing) and
        # dropped on return.
        width, term_end, term, offset = (np.frombuffer(a, np.int64) for a in (self._width, self._term_end,
                                                                               self._term, self._offset))
        chunk_end = np.cumsum(n_chunks)
        chunk_start = chunk_end - n_chunks
        # where each chunk occurrence starts in its normalised text (one separator after each chunk)
        before = np.zeros(len(rows) + 1, np.int64)
        np.cumsum(width[rows] + 1, out=before[1:])
        position = before[:-1] - np.repeat(before[chunk_start], n_chunks)
        # each occurrence's terms (and their offsets, two a term) gathered from its row
        first_term, n_terms = term_end[rows], term_end[rows + 1] - term_end[rows]
        numbers = term[_ranges(first_term, n_terms)]
        offsets = offset[_ranges(2 * first_term, 2 * n_terms)] + np.repeat(position, 2 * n_terms)
        term_sum = np.zeros(len(rows) + 1, np.int64)
        np.cumsum(n_terms, out=term_sum[1:])
        lo, hi = term_sum[chunk_start], term_sum[chunk_end]  # text i's terms are lo[i]..hi[i]
        spans = self._span_rows(texts, n_chunks, before[chunk_end] - before[chunk_start] - 1, numbers, offsets, lo, hi)
        packet = self._packet(rows, n_chunks) if count else None
        keyed = self._copy_keys(texts, rows, chunk_start, chunk_end) if keys else None
        return PartWords(spans, self.terms.new(), numbers.astype(np.int32), (hi - lo).astype(np.int32), packet, keyed)

    def _rows(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Every chunk occurrence's row, text after text, and how many chunks each text has.

        All texts are split at once, joined by a separator chunk (`_SEPARATOR`, a character no
        text holds then: white space never joins it to a neighbour), which the table knows as
        row -1: where those fall says where each text's chunks end. One split of one string
        costs a third of splitting text by text."""
        joined = _SEPARATOR.join(texts)
        if texts and joined.count(_SEPARATOR_CHAR) == len(texts) - 1:
            chunks = joined.split()
            found = np.fromiter(map(self.__getitem__, chunks), np.int64, len(chunks))
            ends = np.flatnonzero(found < 0)
            n_chunks = np.diff(ends, prepend=-1, append=len(found)) - 1
            return found[found >= 0], n_chunks
        del self[_SEPARATOR_CHAR]  # a text holds the character: text by text, where it is a chunk like any other
        try:
            split = list(map(str.split, texts))
            n_chunks = _lengths(split)
            return np.fromiter(map(self.__getitem__, itertools.chain.from_iterable(split)), np.int64,
                               int(n_chunks.sum())), n_chunks
        finally:
            self[_SEPARATOR_CHAR] = -1

    def _copy_keys(self, texts: Sequence[str], rows: np.ndarray, chunk_start: np.ndarray,
                   chunk_end: np.ndarray) -> list[tuple[str, ...]]:
        """`copy_keys` of each text. The folding (`normalise_text`) works character by character
        but for final sigma, whose context ends at white space, and then joins the words with single
        spaces: so a text's folding is its chunks' foldings joined by spaces, a slice of all of
        them joined (each with its space)."""
        joined = "".join(map(self._folded.__getitem__, rows.tolist()))
        end = np.zeros(len(rows) + 1, np.int64)
        np.cumsum(np.frombuffer(self._folded_len, np.int64)[rows], out=end[1:])
        lo, hi = end[chunk_start], end[chunk_end] - 1  # less its last space
        lo, hi = lo.tolist(), np.maximum(hi, lo).tolist()
        return copy_keys_many(texts, [joined[a:b] for a, b in zip(lo, hi)])

    def _span_rows(self, texts: Sequence[str], n_chunks: np.ndarray, joined_len: np.ndarray, numbers: np.ndarray,
                   offsets: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> list[SpanRow]:
        """`encode_spans(analyzer.term_spans(text))` of each text, as `store.analysed` computes it."""
        # The fast path's texts, as `store.analysed` picks them: normalising kept the length and
        # the chunks are single-separated. An ASCII text is its own normal form.
        simple = ((n_chunks > 0) & (joined_len == _lengths(texts))).tolist()
        for i, text in enumerate(texts):
            if not text.isascii():
                simple[i] = _fast_path(text)
        wide_counts = np.zeros(len(offsets) + 1, np.int64)
        np.cumsum(offsets >= 1 << 16, out=wide_counts[1:])
        wide = (wide_counts[2 * hi] > wide_counts[2 * lo]).tolist()
        narrow = offsets.astype("<u2").tobytes()
        order = self.terms.ids.order
        joined = " ".join(map(order.__getitem__, numbers.tolist()))  # text i's terms string is a slice
        name_start = np.zeros(len(numbers) + 1, np.int64)
        np.cumsum(np.frombuffer(self._name_len, np.int64)[numbers] + 1, out=name_start[1:])
        first, last = name_start[lo], name_start[hi] - 1
        rows: list[SpanRow] = []
        for text, ok, big, a, b, c, d in zip(texts, simple, wide, (4 * lo).tolist(), (4 * hi).tolist(),
                                             first.tolist(), np.maximum(last, first).tolist()):
            if not ok:
                rows.append(encode_spans(self.analyzer.term_spans(text)))
            elif big:
                rows.append((joined[c:d], offsets_blob(offsets[a // 2:b // 2].tolist())))
            else:
                rows.append((joined[c:d], b"H" + narrow[a:b]))
        return rows

    def _packet(self, rows: np.ndarray, n_chunks: np.ndarray) -> ChunkPacket:
        """What `ChunkCounter.count` gives for the same texts (texts without chunks count nothing)."""
        chunk, long, lower = (np.frombuffer(a, np.int64) for a in (self._chunk, self._long, self._lower))
        text_of = np.repeat(np.arange(len(n_chunks)), n_chunks)
        n_long = np.bincount(text_of, long[rows], len(n_chunks))
        n_lower = np.bincount(text_of, lower[rows], len(n_chunks))
        kept = n_chunks > 0
        return chunk_packet(self.chunks, chunk[rows], n_chunks[kept], title_case(n_long, n_lower)[kept])


def _fast_path(text: str) -> bool:
    """`store.analysed`'s test of a text, on the normalised text itself."""
    norm = normalise(text)
    parts = norm.split()
    return len(norm) == len(text) and bool(parts) and sum(map(len, parts)) + len(parts) - 1 == len(norm)


def _ranges(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """starts[0] .. starts[0] + counts[0] - 1, then starts[1] ..., as one array."""
    ends = np.cumsum(counts)
    return np.arange(int(ends[-1]) if len(ends) else 0, dtype=np.int64) + np.repeat(starts - (ends - counts), counts)


def _lengths(items: Sequence) -> np.ndarray:
    return np.array(list(map(len, items)), np.int64)
