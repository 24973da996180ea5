"""Quantities typed one way, found written the other common ways.

People type "100k", "5m", "2bn", "1.5 million", "10%", "ten per cent", "$5 billion", "five thousand"; news writes
"£100,000", "£5m", "$2bn", "10 per cent", "10%". The analyzer keeps numbers as written (`1,000` -> `1000`,
`100k` -> `100k`, `£1.5m` -> `1.5`, `m`), so the index holds each form under its own terms. Rather than change
the index terms (which would change every store), a quantity in a *question* is read to its value
(`read_quantity`), and the question gets the other written forms of that value as alternatives of the phrase it
typed (`expansions`), exactly as an alias is: matched at `alias_trust`, and a form some article holds keeps the
typed one from counting as a word no article uses. Only forms whose every term the index holds are offered.

A quantity is a number with a scale (k, m, bn, thousand, million, billion, trillion) or a percent sign or word
(%, per cent, percent), or a bare whole number of 1,000 or more that is not a year ("5000", not "2004"). Numbers may be digits
("5,000", "1.5") or English number words ("five", "forty-two"); a currency sign before it is allowed and kept
out of the value. `has_unit` tells the refusal rules that a typed word such as "100k" is a quantity, not a name.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from retrieval.answering.aliases import Expansion

_ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
         "seventeen eighteen nineteen").split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
WORD_VALUES: dict[str, int] = {w: i for i, w in enumerate(_ONES)} | {w: 20 + 10 * i for i, w in enumerate(_TENS)}
_VALUE_WORDS = {v: w for w, v in WORD_VALUES.items()}

SCALES: dict[str, int] = {
    "k": 1_000, "thousand": 1_000,
    "m": 1_000_000, "mn": 1_000_000, "million": 1_000_000,
    "b": 1_000_000_000, "bn": 1_000_000_000, "billion": 1_000_000_000,
    "tn": 1_000_000_000_000, "trillion": 1_000_000_000_000,
}
# How news writes each scale: the short suffix and the word.
_WRITTEN_SCALES = ((1_000_000_000_000, "tn", "trillion"), (1_000_000_000, "bn", "billion"),
                   (1_000_000, "m", "million"), (1_000, "k", "thousand"))
BARE_MINIMUM = 1_000  # a bare whole number from this on is a quantity ("5000", "100000") ...
YEARS = (1800, 2100)  # ... unless it looks like a year: four digits, no comma, in this range

_WORD_NUMBER = (r"(?:(?:" + "|".join(_TENS) + r")(?:[- ](?:" + "|".join(_ONES[1:10]) + r"))?|"
                + "|".join(sorted(_ONES, key=len, reverse=True)) + r")")
_DIGITS = r"\d+(?:,\d{3})*(?:\.\d+)?|\d*\.\d+"
_QUANTITY = re.compile(
    r"(?<![\w.,])[$£€]?\s?"
    rf"(?P<num>{_DIGITS}|{_WORD_NUMBER})"
    r"(?:(?P<glued>k|mn|m|bn|b|tn|%|pc)|\s?(?P<word>thousand|million|billion|trillion|bn|%)"
    r"|\s(?P<pct>per\s?cent|percent))?"
    r"(?:\s(?P<pct2>per\s?cent|percent))?"
    r"(?![\w%])",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Quantity:
    """A value read from text, [start, end) its place there; `percent` for "10%" / "ten per cent"."""

    value: float
    percent: bool
    unit: bool  # written with a scale or a percent (not a bare number)
    start: int
    end: int


def _number(text: str) -> float | None:
    low = text.lower().replace("-", " ")
    if low[:1].isdigit() or low[:1] == ".":
        try:
            return float(low.replace(",", ""))
        except ValueError:
            return None
    parts = low.split()
    if not parts or any(p not in WORD_VALUES for p in parts):
        return None
    if len(parts) == 2 and (WORD_VALUES[parts[0]] < 20 or WORD_VALUES[parts[1]] >= 10):
        return None
    return float(sum(WORD_VALUES[p] for p in parts))


def quantities(text: str) -> list[Quantity]:
    """Every quantity in `text`, left to right (see the module docstring for what counts)."""
    out: list[Quantity] = []
    for m in _QUANTITY.finditer(text):
        number = _number(m.group("num"))
        if number is None:
            continue
        scale_word = (m.group("glued") or m.group("word") or "").lower()
        percent = scale_word in ("%", "pc") or bool(m.group("pct") or m.group("pct2"))
        scale = SCALES.get(scale_word, 1)
        digits = m.group("num")[:1].isdigit() or m.group("num")[:1] == "."
        unit = percent or scale > 1
        year = "," not in m.group("num") and YEARS[0] <= number <= YEARS[1]
        if not unit and not (digits and number >= BARE_MINIMUM and number == int(number) and not year):
            continue
        out.append(Quantity(number * scale, percent, unit, m.start("num"), m.end()))
    return out


def read_quantity(text: str) -> float | None:
    """The value of `text` when the whole of it (spaces and a currency sign aside) is one quantity."""
    stripped = text.strip()
    found = quantities(stripped)
    if len(found) != 1:
        return None
    q = found[0]
    if stripped[:q.start].strip(" $£€") or stripped[q.end:].strip():
        return None
    return q.value


def has_unit(word: str) -> bool:
    """True for a typed word that is a number with a scale or percent glued on ("100k", "2bn", "10%")."""
    return any(q.unit for q in quantities(word))


def _plain(x: float) -> str | None:
    """`x` written without exponent or trailing zeros, when it has at most two decimals."""
    if x != x or x in (float("inf"), float("-inf")):
        return None
    rounded = round(x, 2)
    if abs(rounded - x) > 1e-9 * max(1.0, abs(x)):
        return None
    if rounded == int(rounded):
        return str(int(rounded))
    return f"{rounded:.2f}".rstrip("0").rstrip(".")


def written_forms(q: Quantity) -> list[str]:
    """The common ways news writes the value of `q`: "£100,000" for 100k, "£5m" and "5 million" for 5m,
    "10%" and "10 per cent" for ten per cent."""
    v = q.value
    forms: list[str] = []
    if q.percent:
        n = _plain(v)
        if n is None:
            return []
        forms += [f"{n}%", f"{n} per cent", f"{n} percent"]
        if v in _VALUE_WORDS:
            forms.append(f"{_VALUE_WORDS[int(v)]} per cent")
        return forms
    if v == int(v) and v < 10 ** 15:
        forms.append(f"{int(v):,}")
    for scale, short, word in _WRITTEN_SCALES:
        if v < scale:
            continue
        n = _plain(v / scale)
        if n is None:
            continue
        forms += [f"{n}{short}", f"{n} {word}"]
        if v / scale in _VALUE_WORDS and v / scale < 10:
            forms.append(f"{_VALUE_WORDS[int(v / scale)]} {word}")
        break  # the largest scale that divides it is the one news uses ("£1.5bn", not "£1,500m")
    return forms


def expansions(text: str, spans: Sequence[tuple[str, int, int]], analyze: Callable[[str], list[str]],
               known: Callable[[str], bool], taken: Sequence[Expansion] = ()) -> list[Expansion]:
    """Each quantity of the question, as the phrase of its terms (indices into `spans`) with the other written
    forms of its value whose terms the index holds (`known`); none where a phrase of `taken` (aliases) is."""
    busy = {i for e in taken for i in range(e.start, e.end)}
    out: list[Expansion] = []
    for q in quantities(text):
        inside = [i for i, (_, start, _) in enumerate(spans) if q.start <= start < q.end]
        if not inside or inside != list(range(inside[0], inside[-1] + 1)) or busy.intersection(inside):
            continue
        phrase = tuple(spans[i][0] for i in inside)
        alternatives: dict[tuple[str, ...], str] = {}
        for form in written_forms(q):
            terms = tuple(analyze(form))
            if terms and terms != phrase and terms not in alternatives and all(map(known, terms)):
                alternatives[terms] = form
        if alternatives:
            out.append(Expansion(inside[0], inside[-1] + 1, phrase, tuple(alternatives), tuple(alternatives.values())))
    return out
