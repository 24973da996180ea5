"""A worker's chunk table (one look-up per chunk occurrence) gives exactly what the one-by-one ways
give, part after part: the stored term spans (`analysed`), the terms numbered in order of first sight
(`WorkerNumbering`), how many terms each text has, the lexicon's chunk counts (`ChunkCounter`) and copy keys,
also when the table starts afresh between parts."""
from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from retrieval.corpus.chunktable import ChunkTable
from retrieval.corpus.copykeys import copy_keys
from retrieval.corpus.store import analysed
from retrieval.index.analyzer import Analyzer
from retrieval.index.lexicon import ChunkCounter
from retrieval.processes import WorkerNumbering

# Pieces that make the fast path fail or change lengths: marks composing with the letter before
# (e + U+0301), characters normalising to a space and a mark (U+00A8, U+00B4), a ligature, a no-break
# space, curly quotes, long texts with wide offsets, title-case words, stop words, Greek capital sigma
# (lower-cased by its context), a capital I with a dot (lower-cased to two characters), quotations, and NUL
# (what the table joins a part's texts with: a text holding it is split on its own).
_pieces = st.sampled_from(["U.S.", "Korea's", "Jong-un", "1,000", "the", "US", "\u2019s", " ", "  ", "\t", "-", "\u2026",
                           "\ufb01", "e\u0301", "\u0301", "\u00a8", "a\u00b4b", "\u00a0", "O'Brien", ".", "3.5", "N.",
                           "(Seoul,", "talks", "Talks", "Envoys", "\"Quote", "\u201cSaid\u201d", "x" * 70_000,
                           "\u0391\u03a3", "\u03a3.", "\u03a3'\u0391", "\u0130", "\"a b c d e f\"", "\x00", "a\x00b",
                           "\u00abun deux trois quatre cinq six\u00bb"])
_text = (st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40)
         | st.lists(_pieces, max_size=14).map(" ".join) | st.lists(_pieces, max_size=14).map("".join))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_text, max_size=6), max_size=5), st.sampled_from([1 << 20, 3]))
def test_the_chunk_table_equals_analysing_numbering_and_counting_one_by_one(parts: list[list[str]], limit: int) -> None:
    table = ChunkTable(Analyzer(), limit=limit)
    slow, terms, counter = Analyzer(), WorkerNumbering(), ChunkCounter()
    for part in parts:
        got = table.analyse(part, count=True, keys=True)
        rows, flat, lens = analysed(slow, part)
        assert got.spans == rows
        numbers = [terms.ids[t] for t in flat]
        assert got.term_numbers.tolist() == numbers and got.term_numbers.dtype == np.int32
        assert got.terms_new == terms.new()
        assert got.term_counts.tolist() == lens.tolist()
        want = counter.count(part)
        assert got.chunks is not None and got.chunks.new == want.new
        for name in ("chunks", "first", "titled"):
            (ids, n), (want_ids, want_n) = getattr(got.chunks, name), getattr(want, name)
            assert ids.tolist() == want_ids.tolist() and n.tolist() == want_n.tolist(), name
        assert got.keys == [copy_keys(t) for t in part]
