"""Copy keys: what makes two stored sentences the same statement, computed once at ingest.

A sentence gets a text key (its folded text: case, white space, quotes, dashes and punctuation aside)
and, when it carries a quotation of at least QUOTE_MIN_WORDS words, a quotation key. The store keeps
them in `copy_keys`, so "which articles carry this statement" is one indexed look-up, not a search.
"""
from __future__ import annotations

import bisect
import hashlib
import itertools
import re
from collections.abc import Sequence

from retrieval.index.analyzer import normalise

QUOTE_MIN_WORDS = 5  # a shorter quotation ("no comment") says too little to make two sentences one statement

_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)
QUOTATION = re.compile(r'["“”„«»]([^"“”„«»]{12,})["“”„«»]')
_QUOTE_MARK = re.compile(r'["“”„«»]')  # what every QUOTATION match starts with


# What _PUNCT replaces among ASCII characters, as a table for bytes.translate (built from _PUNCT itself): for
# ASCII text the same result several times quicker than the regular expression.
_ASCII_PUNCT = bytes(32 if _PUNCT.match(chr(c)) else c for c in range(256))
# The same with every ASCII character str.split() splits at made a space (bytes.split() does not split at
# \x1c-\x1f, which str.split() does): an ASCII text is folded as bytes from start to end, split included.
_ASCII_FOLD = bytes(32 if chr(c).isspace() else c for c in _ASCII_PUNCT)


def normalise_text(text: str) -> str:
    """Case, white space, quotes, dashes and punctuation folded: the exact-duplicate key."""
    if text.isascii():  # normalise() leaves ASCII as it is
        return b" ".join(text.encode().lower().translate(_ASCII_FOLD).split()).decode()
    text = normalise(text).lower()
    spaced = text.encode().translate(_ASCII_PUNCT).decode() if text.isascii() else _PUNCT.sub(" ", text)
    return " ".join(spaced.split())


def longest_quotation(text: str) -> tuple[str, int, int] | None:
    """The longest quotation of at least QUOTE_MIN_WORDS words, with its span in `text`."""
    best = None
    for m in QUOTATION.finditer(text):
        words = normalise_text(m.group(1)).split()
        if len(words) >= QUOTE_MIN_WORDS and (best is None or len(m.group(1)) > best[2] - best[1]):
            best = (m.group(1), m.start(), m.end())
    return best


def _digest(kind: str, folded: str) -> str:
    return kind + hashlib.blake2b(folded.encode("utf-8"), digest_size=8).hexdigest()


def copy_keys(text: str) -> tuple[str, ...]:
    """The text key, then the quotation key when the sentence quotes someone at length."""
    return copy_keys_folded(text, normalise_text(text))


def copy_keys_folded(text: str, folded: str) -> tuple[str, ...]:
    """`copy_keys(text)` given `normalise_text(text)` (ingest folds a part's texts in bulk)."""
    keys = [_digest("t:", folded)]
    quote = longest_quotation(text)
    if quote is not None:
        keys.append(_digest("q:", normalise_text(quote[0])))
    return tuple(keys)


def copy_keys_many(texts: Sequence[str], foldings: Sequence[str]) -> list[tuple[str, ...]]:
    """`copy_keys_folded` of each text with its folding, in bulk: most sentences hold no quotation
    mark, so no quotation can be found in them; one scan of all the texts (from C) finds the few
    that hold one, and only those are searched for a quotation."""
    keys: list[tuple[str, ...]] = [(_digest("t:", folded),) for folded in foldings]
    joined = "\n".join(texts)
    if _QUOTE_MARK.search(joined) is None:
        return keys
    starts = list(itertools.accumulate((len(t) + 1 for t in texts), initial=0))
    quoted = {bisect.bisect_right(starts, m.start()) - 1 for m in _QUOTE_MARK.finditer(joined)}
    for i in sorted(quoted):
        quote = longest_quotation(texts[i])
        if quote is not None:
            keys[i] = (keys[i][0], _digest("q:", normalise_text(quote[0])))
    return keys
