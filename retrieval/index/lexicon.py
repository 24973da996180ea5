"""The store's surface words: how often each word occurs, and how it is usually written.

The index knows stemmed, lower-cased terms; reading a chat-typed question needs the words as the
articles write them: "sung kim" is restored to "Sung Kim" because the articles write it so
(truecasing), and "sulivan" is read as "Sullivan" because that is a stored word one edit away
(spelling). Both come from two counts over every stored sentence:

- `total`: lower-cased word -> occurrences anywhere (how common the word is in the store);
- `cased`: word as written -> occurrences where its case tells something, i.e. not the first word
  of a sentence or of a quotation, and not in a title-case line ("Envoy Says Talks Will Resume").

Kept like the index: saved beside the store (`<store>.lexicon.json`, stamped with the store version
it reflects and the counting rules that made it, `COUNTED_BY`) and brought up to date batch by batch from `Store.snapshot()`; so opening costs one JSON
read, and a new batch costs one pass over its own sentences. Removals (`ingest --replace`) are not
subtracted (the removed text is gone by then): the counts only ever grow, and callers that need
liveness check the index (`document_frequency`) as well. A store rewritten under another id, or a
missing or unreadable file, means one pass over all sentences.
"""
from __future__ import annotations

import contextlib
import itertools
import json
import logging
import os
import re
import string
import threading
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path

import numpy as np

from retrieval.index.analyzer import RULES_VERSION, normalise
from retrieval.processes import Renumbering, WorkerNumbering
from retrieval.records import StoreVersion

log = logging.getLogger(__name__)

FORMAT = 1
# Bump when what is counted changes (the word pattern, the title-case or quotation rules, `count_words`):
# a saved lexicon counted by other rules, or by another version of `normalise` (the analyzer's rules), is
# counted afresh instead of read -- two versions of the code on one store must not read each other's counts.
# tests/test_spelling.py pins what counting makes of sample text to this number.
COUNTING_VERSION = "1"
COUNTED_BY = f"counting{COUNTING_VERSION}-rules{RULES_VERSION}"
# A word (letters or digits, inner hyphens, apostrophes and dots: "Jong-un", "O'Brien", "U.S").
_WORD = re.compile(r"[^\W\d_]+(?:[-'’.][^\W\d_]+)*", re.UNICODE)
_OPENERS = "\"'([{"  # a word right after one of these starts a quotation or an aside
# A line whose every word of _TITLE_WORD letters or more is capitalised, and that has at least
# _TITLE_MIN_WORDS of them, is title case ("Envoys Meet In Seoul As Talks Stall"); running text
# always has some longer lower-case word ("Later Zorblax Quenton joined Sung Kim in Tokyo").
_TITLE_WORD = 4
_TITLE_MIN_WORDS = 3


@dataclass(frozen=True, slots=True)
class SurfaceWord:
    """One word of a text as the lexicon counts it: `key` is the lower-cased word without a
    possessive; `text[start:end]` is the word as written (possessive included)."""

    key: str
    form: str  # as written, possessive removed
    start: int
    end: int
    suffix: str  # the possessive that was removed ("'s", "’s") or ""


def surface_words(text: str) -> list[SurfaceWord]:
    """The words of `text` (no numbers), with their spans in `text`. Shared by counting and by
    question reading, so both see the same words."""
    out = []
    for m in _WORD.finditer(text):
        raw = m.group()
        form, suffix = _split_possessive(raw)
        form = normalise(form).rstrip(".") or form
        out.append(SurfaceWord(form.lower(), form, m.start(), m.end(), suffix))
    return out


def _split_possessive(word: str) -> tuple[str, str]:
    for suffix in ("'s", "’s", "'S", "’S"):
        if word.endswith(suffix) and len(word) > len(suffix):
            return word[: -len(suffix)], word[-len(suffix):]
    return word, ""


class Lexicon:
    """Surface-word counts of one store (see the module docstring). Reads are lock-free: an update
    builds on private copies and swaps them in whole."""

    def __init__(self, store, path: Path | None, version: StoreVersion, total: dict[str, int],
                 cased: dict[str, int], best: dict[str, str]) -> None:
        self._store = store
        self._path = path
        self._lock = threading.Lock()
        self._state = _State(version, total, cased, best)

    @classmethod
    def open(cls, store, *, persist: bool = True) -> Lexicon:
        """The lexicon of `store`: from its saved file when that is current, else caught up."""
        path = lexicon_path(store.path) if persist else None
        lexicon = cls(store, path, StoreVersion("", -1), {}, {}, {})
        saved = _load(path) if path is not None else None
        if saved is not None:
            lexicon._state = saved
        lexicon.catch_up()
        return lexicon

    # -- lookups ---------------------------------------------------------------------------
    @property
    def version(self) -> StoreVersion:
        return self._state.version

    def count(self, word: str) -> int:
        """Occurrences of `word` (any case) in the store."""
        return self._state.total.get(word.lower(), 0)

    def __contains__(self, word: str) -> bool:
        return word.lower() in self._state.total

    def usual_form(self, word: str) -> str | None:
        """How the articles usually write `word` where case tells ("sung" -> "Sung", "dprk" ->
        "DPRK", "envoy" -> "envoy"); None when only ever seen where case tells nothing."""
        state = self._state
        key = word.lower()
        form = state.best.get(key)
        if form is not None:
            return form
        return key if key in state.cased else None

    def words(self) -> dict[str, int]:
        """Every lower-cased word and its count (a read-only view: do not change it)."""
        return self._state.total

    # -- keeping current -------------------------------------------------------------------
    def catch_up(self, counted: CountedBatch | None = None) -> bool:
        """Count the batches committed since this lexicon's version; True when it changed.

        `counted`: the chunk counts of one batch's sentences, made while it was parsed (ingest);
        used instead of reading the batch back when it is the one batch this lexicon lacks."""
        if self._store.version() == self._state.version:
            return False
        with self._lock:
            old = self._state
            with self._store.snapshot() as view:
                target = view.version()
                if target == old.version:
                    return False
                if (counted is not None and counted.version == target
                        and old.version == StoreVersion(target.store_id, target.batch - 1)):
                    state = old.extended(target, counted.words)
                elif old.version.store_id == target.store_id and 0 <= old.version.batch <= target.batch:
                    rows = view.sentence_texts(after_batch=old.version.batch)
                    state = old.extended(target, count_words(text for _, text in rows))
                else:  # first build, or another store under the same path
                    state = _State(target, {}, {}, {}).extended(target, count_words(t for _, t in view.sentence_texts()))
            self._state = state
            if self._path is not None:
                _save(self._path, state)
            return True


@dataclass(frozen=True, slots=True)
class WordCounts:
    """One pass's counts, to be merged into a lexicon."""

    total: Counter[str]
    cased: Counter[str]


@dataclass(frozen=True, slots=True)
class ChunkCounts:
    """The first half of counting (see `count_words`): white-space chunks of some sentences, in
    order of first appearance. Counts of consecutive runs of sentences merge (`merged`) into the
    counts of the whole run, so parse workers count their share and the batch adds them up."""

    chunks: Counter[str]
    first: Counter[str]  # chunks that open a sentence: their case says nothing
    titled: Counter[str]  # chunks of title-case lines

    @classmethod
    def empty(cls) -> ChunkCounts:
        return cls(Counter(), Counter(), Counter())

    def add(self, texts: Iterable[str]) -> None:
        """Count these sentences too (after the ones counted so far)."""
        chunks, first, titled = self.chunks, self.first, self.titled
        for text in texts:
            parts = text.split()
            if not parts:
                continue
            chunks.update(parts)
            if _title_case(parts):
                titled.update(parts)
            else:
                first[parts[0]] += 1

    def merge(self, later: ChunkCounts) -> None:
        """Add the counts of sentences that come after these (the order of first appearance holds)."""
        self.chunks.update(later.chunks)
        self.first.update(later.first)
        self.titled.update(later.titled)


@dataclass(frozen=True, slots=True)
class ChunkPacket:
    """A part's chunk counts as a worker sends them: chunk numbers (`WorkerNumbering`) with counts,
    for all chunks, opening ones and title-case ones; `new` holds the chunks first numbered here."""

    new: list[str]
    chunks: tuple[np.ndarray, np.ndarray]
    first: tuple[np.ndarray, np.ndarray]
    titled: tuple[np.ndarray, np.ndarray]


class ChunkCounter:
    """A worker's side of `ChunkCounts`: counts part after part (what `ChunkCounts.add` counts)."""

    def __init__(self) -> None:
        self._numbering = WorkerNumbering()

    def count(self, texts: Sequence[str]) -> ChunkPacket:
        split = [parts for parts in map(str.split, texts) if parts]
        ids = np.fromiter(map(self._numbering.ids.__getitem__, itertools.chain.from_iterable(split)), np.int64)
        lengths = np.array(list(map(len, split)), np.int64)
        titled = np.array(list(map(_title_case, split)), bool)
        return chunk_packet(self._numbering, ids, lengths, titled)


def chunk_packet(numbering: WorkerNumbering, ids: np.ndarray, lengths: np.ndarray, titled: np.ndarray) -> ChunkPacket:
    """A part's packet: `ids`, its chunks' numbers in `numbering`, text after text (texts without
    chunks left out), `lengths` their chunk counts, `titled` whether each is title case."""
    n = len(numbering.ids)
    starts = np.cumsum(lengths) - lengths
    return ChunkPacket(numbering.new(), _tally(ids, n), _tally(ids[starts[~titled]], n),
                       _tally(ids[np.repeat(titled, lengths)], n))


def _tally(ids: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    counts = np.bincount(ids, minlength=n)
    seen = np.flatnonzero(counts)
    return seen, counts[seen]


class ChunkTally:
    """The parent's side: merges the parts' packets, taken in order, into the batch's ChunkCounts
    (the same as counting all its sentences in one `ChunkCounts`), mostly in numpy."""

    def __init__(self) -> None:
        self._numbers = Renumbering()
        self._parts: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []

    def add(self, worker: int, packet: ChunkPacket) -> None:
        take = self._numbers.take
        self._parts.append((
            take(worker, packet.new, packet.chunks[0]), packet.chunks[1],
            take(worker, [], packet.first[0]), packet.first[1],
            take(worker, [], packet.titled[0]), packet.titled[1],
        ))

    def counts(self) -> ChunkCounts:
        names = self._numbers.ids.order
        sums = [np.zeros(len(names), np.int64) for _ in range(3)]
        for part in self._parts:
            for total, ids, n in zip(sums, part[0::2], part[1::2]):
                total[ids] += n  # a part lists each chunk once: no index repeats within one addition
        chunks = Counter(dict(zip(names, sums[0].tolist())))
        # only the chunks that opened a sentence or stood in a title-case line count there (what
        # `+counter` keeps, in the same order): picked in numpy, most chunks do neither
        first, titled = (Counter(dict(zip(map(names.__getitem__, (kept := np.flatnonzero(total > 0)).tolist()),
                                          total[kept].tolist()))) for total in sums[1:])
        return ChunkCounts(chunks, first, titled)


@dataclass(frozen=True, slots=True)
class CountedBatch:
    """The word counts (`word_counts` of the chunk counts) of exactly the sentences one batch wrote,
    in id order; the store's `version` after that batch."""

    version: StoreVersion
    words: WordCounts


def count_words(texts: Iterable[str]) -> WordCounts:
    """`total` and `cased` counts of the given sentences (see the module docstring).

    Counted by white-space chunk first (C-speed Counter updates), then each distinct chunk is split
    into words once: a news store repeats the same chunks, so the per-word work is per distinct chunk."""
    counts = ChunkCounts.empty()
    counts.add(texts)
    return word_counts(counts)


def word_counts(counts: ChunkCounts) -> WordCounts:
    """The second half of `count_words`: each distinct chunk's words, counted as often as the chunk.

    Counts are read and added with `get` (a Counter's missing key otherwise costs a call of its
    Python `__missing__`: most chunks open no sentence and stand in no title-case line, and most
    words are new to the counters): the same counts, first added in the same order."""
    titled, first = counts.titled.get, counts.first.get
    total: Counter[str] = Counter()
    cased: Counter[str] = Counter()
    total_of, cased_of = total.get, cased.get
    for chunk, n in counts.chunks.items():
        core = chunk.strip(_NOT_LETTERS)
        if core.isascii() and core.isalpha():
            # Letters with only other characters around them: one word, the letters (what
            # `surface_words` finds: no possessive, nothing to normalise), without the regex.
            key = core.lower()
            total[key] = total_of(key, 0) + n
            told = 0 if chunk[:1] in _OPENERS else n - titled(chunk, 0) - first(chunk, 0)
            if told > 0:
                cased[core] = cased_of(core, 0) + told
            continue
        words = [(w.key, w.form) for w in surface_words(chunk)]
        if not words:
            continue
        informative = n - titled(chunk, 0)
        for i, (key, form) in enumerate(words):
            total[key] = total_of(key, 0) + n
            told = informative - first(chunk, 0) if i == 0 else informative
            if i == 0 and chunk[:1] in _OPENERS:
                told = 0
            if told > 0:
                cased[form] = cased_of(form, 0) + told
    return WordCounts(total, cased)


_NOT_LETTERS = string.punctuation + string.digits  # ASCII characters no word of `surface_words` holds at its edges


def title_flags(chunks: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """`_title_case` taken apart, to be summed over a text's chunks (`title_case`): whether each chunk
    is long enough to count, and whether it is long and not capitalised (the text is not title case)."""
    long = np.array(list(map(len, chunks)), np.int64) >= _TITLE_WORD
    upper = np.fromiter(map(str.isupper, map(_INITIAL, chunks)), bool, len(chunks))
    return long.astype(np.int64), (long & ~upper).astype(np.int64)


_INITIAL = itemgetter(slice(0, 1))


def title_case(n_long: np.ndarray, n_lower: np.ndarray) -> np.ndarray:
    """`_title_case` of texts from their sums of `title_flags`."""
    return (n_lower == 0) & (n_long >= _TITLE_MIN_WORDS)


def _title_case(parts: list[str]) -> bool:
    """Whether at least _TITLE_MIN_WORDS parts are long and every long one is capitalised; running
    text is told by its first long lower-case word, so the loop usually stops early."""
    long = 0
    for p in parts:
        if len(p) >= _TITLE_WORD:
            if not p[:1].isupper():
                return False
            long += 1
    return long >= _TITLE_MIN_WORDS


@dataclass(frozen=True, slots=True)
class _State:
    version: StoreVersion
    total: dict[str, int]
    cased: dict[str, int]
    best: dict[str, str]  # lower-cased word -> its most frequent written form, when that is not all lower case

    def extended(self, version: StoreVersion, counts: WordCounts) -> _State:
        total = dict(self.total)
        for key, n in counts.total.items():
            total[key] = total.get(key, 0) + n
        cased = dict(self.cased)
        for form, n in counts.cased.items():
            cased[form] = cased.get(form, 0) + n
        best = dict(self.best)
        # Counts only grow, so the most frequent form of a word can only become one whose count grew.
        for form in counts.cased:
            key = form.lower()
            current = best.get(key, key)
            if form != current and _beats(form, cased[form], current, cased.get(current, 0)):
                if form == key:
                    best.pop(key, None)
                else:
                    best[key] = form
        return _State(version, total, cased, best)


def _beats(form: str, n: int, other: str, m: int) -> bool:
    """Most frequent wins; on a tie lower case (the safer reading), then the smaller string."""
    if n != m:
        return n > m
    if form.islower() != other.islower():
        return form.islower()
    return form < other


def lexicon_path(store_path: Path) -> Path:
    """The file holding the lexicon of the store at `store_path` (beside it, like the index)."""
    store_path = Path(store_path)
    return store_path.with_name(store_path.name + ".lexicon.json")


def _load(path: Path) -> _State | None:
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
        if data.get("format") != FORMAT:
            return None
        if data.get("counted_by") != COUNTED_BY:
            log.info("the saved lexicon %s was counted by other rules (%s, not %s); counting afresh",
                     path, data.get("counted_by"), COUNTED_BY)
            return None
        version = StoreVersion(str(data["store_id"]), int(data["batch"]))
        total, cased, best = data["total"], data["cased"], data["best"]
        if not all(isinstance(d, dict) for d in (total, cased, best)):
            raise ValueError("counts are not objects")
        return _State(version, total, cased, best)
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.warning("not using the saved lexicon %s (%s); it will be rebuilt from the store", path, exc)
        return None


def _save(path: Path, state: _State) -> None:
    """Temp file, then an atomic rename: a reader sees the old file or the new one, whole."""
    tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    data = {"format": FORMAT, "counted_by": COUNTED_BY, "store_id": state.version.store_id, "batch": state.version.batch,
            "total": state.total, "cased": state.cased, "best": state.best}
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            # dumps, not dump: only the one-shot encoder is wholly the C one (the same text)
            fh.write(json.dumps(data, ensure_ascii=False, separators=(",", ":")))
        os.replace(tmp, path)
    except OSError as exc:
        # Reading questions goes on from memory; the next start counts again.
        log.warning("could not save the lexicon to %s: %s", path, exc)
        with contextlib.suppress(OSError):
            tmp.unlink()

