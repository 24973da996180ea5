"""Generated news-like corpora for the benchmarks (fixed seed, so every run measures the same text).

- Vocabulary: pronounceable made-up words (syllables), Zipf-distributed (rank r has weight
  1/r), some written as capitalised names, plus English function words at news-like rates
  (about 40% of running text), so the analyzer's stop-word and stemming work is realistic.
- Sentences: log-normal lengths around 22 words (news), commas, a few numbers, a capital
  first letter and a closing period; never ending in a one-letter word (that would read as
  an initial and join sentences).
- Articles: a title line, a blank line, then paragraphs of 1-4 sentences separated by blank
  lines; 28 sentences on average, so a million sentences is about 35,000 files.
- Queries: 5-8 terms mixing frequent words (ranks 20-2,000) and rare ones (2,000-100,000),
  written as a question.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

SEED = 20240601
VOCABULARY = 150_000
_ONSETS = "b br c ch cl d dr f fl g gr h j k l m n p pl pr r s sh sk st t th tr v w z b d g k l m n p r s t".split()
_VOWELS = "a e i o u a e i o u ai ea ee ou io oa".split()
_CODAS = ["", "", "", "n", "r", "s", "t", "l", "m", "nd", "st", "ck", "ng", "rd"]
_FUNCTION = (
    "the the the the of of of to to to and and a a in in that is for on was with he it as at by "
    "said said his from has have be are an its which their were been had but not this who will would "
    "after also they more than new one about over two into up she her there when year"
).split()
FUNCTION_SHARE = 0.40
ARTICLE_SENTENCES = 28


@dataclass(frozen=True)
class Corpus:
    words: np.ndarray  # object array of content words, by frequency rank
    weights: np.ndarray  # Zipf probabilities of `words`


def vocabulary(size: int = VOCABULARY, seed: int = SEED) -> Corpus:
    rng = np.random.default_rng(seed)
    seen: set[str] = set()
    words: list[str] = []
    while len(words) < size:
        n = size * 2
        syllables = rng.choice([1, 2, 2, 2, 3, 3], size=n)
        parts = [
            (rng.integers(len(_ONSETS), size=n), rng.integers(len(_VOWELS), size=n), rng.integers(len(_CODAS), size=n))
            for _ in range(3)
        ]
        caps = rng.random(n) < 0.12
        for i in range(n):
            word = "".join(_ONSETS[o[i]] + _VOWELS[v[i]] + _CODAS[c[i]] for o, v, c in parts[: syllables[i]])
            if len(word) < 3 or word in seen:
                continue
            seen.add(word)
            words.append(word.capitalize() if caps[i] else word)
            if len(words) == size:
                break
    ranks = np.arange(1, size + 1, dtype=np.float64)
    weights = 1.0 / ranks
    return Corpus(np.array(words, dtype=object), weights / weights.sum())


def sentences(count: int, corpus: Corpus, seed: int = SEED) -> list[str]:
    """`count` sentences; deterministic for a given seed."""
    rng = np.random.default_rng(seed + 1)
    lengths = np.clip(np.rint(rng.lognormal(np.log(20), 0.45, count)), 5, 70).astype(np.int64)
    total = int(lengths.sum())
    content = corpus.words[rng.choice(len(corpus.words), size=total, p=corpus.weights)]
    function = np.array(_FUNCTION, dtype=object)[rng.integers(len(_FUNCTION), size=total)]
    tokens = np.where(rng.random(total) < FUNCTION_SHARE, function, content)
    numbers = rng.random(total) < 0.03
    tokens[numbers] = rng.integers(1, 5000, size=int(numbers.sum())).astype(str)
    commas = rng.random(total) < 0.07
    tokens[commas] = tokens[commas] + ","
    out: list[str] = []
    start = 0
    for n in lengths.tolist():
        words = tokens[start:start + n].tolist()
        start += n
        last = words[-1].rstrip(",")
        if len(last) < 2 or last in _FUNCTION:
            last = "today"
        words[-1] = last
        first = words[0]
        words[0] = first[:1].upper() + first[1:]
        out.append(" ".join(words) + ".")
    return out


def write_articles(folder: Path, texts: list[str], seed: int = SEED, prefix: str = "news") -> list[Path]:
    """Group sentences into article files under `folder`; returns their paths."""
    rng = np.random.default_rng(seed + 2)
    folder.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    i = 0
    n = 0
    while i < len(texts):
        size = int(np.clip(rng.normal(ARTICLE_SENTENCES, 8), 6, 60))
        body = texts[i:i + size]
        i += size
        paragraphs = []
        j = 0
        while j < len(body):
            step = int(rng.integers(1, 5))
            paragraphs.append(" ".join(body[j:j + step]))
            j += step
        title = " ".join(body[0].rstrip(".").split()[:8]).title()
        path = folder / f"{prefix}{n:06d}.txt"
        path.write_text(f"{title}\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
        paths.append(path)
        n += 1
    return paths


def queries(count: int, corpus: Corpus, seed: int = SEED) -> list[str]:
    """Questions of 5-8 content terms: 2-3 frequent, the rest rare."""
    rng = np.random.default_rng(seed + 3)
    out = []
    for _ in range(count):
        n = int(rng.integers(5, 9))
        frequent = int(rng.integers(2, 4))
        ranks = list(rng.integers(20, 2_000, size=frequent)) + list(rng.integers(2_000, 100_000, size=n - frequent))
        words = [str(corpus.words[r]) for r in ranks]
        out.append("What did " + " ".join(words) + " say?")
    return out
