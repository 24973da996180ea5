"""Names for the same thing: aliases the articles define, plus a few well-known metonyms.

News text introduces acronyms and official names in a handful of fixed shapes
("Democratic People's Republic of Korea (DPRK)", "DPRK [Democratic People's Republic of Korea]",
"The DPRK refers to ...", "X, North Korea's official name"), and writes capitals for countries
("Pyongyang", "Washington"). A question that says one name should find sentences that say
another. Mining is a few regular expressions over one sentence at a time, behind a cheap
pre-filter, so the answerer can run it on the candidate sentences of each question.

Quantities are the same thing written several ways too ("100k" = "£100,000", "ten per cent" = "10%", "3 months" =
"three months", "second" = "2nd"): see the quantities section at the end (`quantities`, `small_numbers`,
`quantity_expansions`, `has_unit`).
"""
from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from retrieval.index.analyzer import normalise

Analyze = Callable[[str], list[str]]

# Well-known place and government metonyms, and the demonyms news uses as the same name
# ("North Korean leader" = "the leader of North Korea"). Each row is one group.
BUILT_IN_GROUPS: tuple[tuple[str, ...], ...] = (
    ("North Korea", "N. Korea", "Pyongyang", "DPRK", "North Korean"),
    ("United States", "US", "U.S.", "USA", "America", "Washington", "American"),
    ("South Korea", "S. Korea", "Seoul", "Republic of Korea", "ROK", "South Korean"),
    ("Japan", "Tokyo", "Japanese"),
    ("China", "Beijing", "Chinese", "PRC"),
    ("Russia", "Moscow", "Kremlin", "Russian"),
    ("United Kingdom", "UK", "U.K.", "Britain", "London", "British"),
    ("France", "Paris", "French"),
    ("Germany", "Berlin", "German"),
    ("Ukraine", "Kyiv", "Kiev", "Ukrainian"),
    ("Iran", "Tehran", "Iranian"),
    ("India", "New Delhi", "Indian"),
    ("Taiwan", "Taipei", "Taiwanese"),
    ("United Nations", "UN", "U.N."),
    ("European Union", "EU", "E.U.", "Brussels"),
    # Abbreviations news writes for offices and parties, either way round ("CEO" / "chief executive", "MP" /
    # "member of parliament", "Lib Dems" / "Liberal Democrats"); singular and plural stem apart for "MP" / "MPs".
    ("chief executive", "CEO", "chief executive officer"),
    ("member of parliament", "MP", "MPs"),
    ("Liberal Democrats", "Lib Dems", "Lib Dem", "Liberal Democrat"),
)

# Abbreviations read one way only: a question's word written exactly so (in capitals, not after a number) also
# finds its long form, but the long form never finds the abbreviation, whose term is mostly something else in the
# index: "pm" is a time of day ("3 pm", "p.m." fold to it) far more often than the prime minister.
ONE_WAY: dict[str, str] = {"PM": "prime minister", "PMs": "prime ministers"}

_CONNECTORS = r"(?:of|the|and|for|on|de|du|des|la|le|von|van|del|da)"
_CAPWORD = r"(?:(?:[A-Z]\.)+|[A-Z][\w'’-]*)"
_CAP_PHRASE = rf"{_CAPWORD}(?:\s+(?:{_CONNECTORS}\s+)*{_CAPWORD})*"
_ACRONYM = r"[A-Z][A-Za-z.&]{1,9}"
_NAME = rf"(?:{_CAP_PHRASE})"

_LONG_THEN_ACRONYM = re.compile(rf"({_CAP_PHRASE})\s*[(\[]\s*({_ACRONYM})\s*[,;)\]]")
_ACRONYM_THEN_LONG = re.compile(rf"\b({_ACRONYM})\s*[(\[]\s*(?:the\s+)?({_CAP_PHRASE})\s*[)\]]")
_REFERS_TO = re.compile(
    rf"\b({_NAME})\s+(?:refers to|stands for|is short for|is an abbreviation (?:for|of)|is an acronym for)\s+"
    rf"(?:the\s+)?({_CAP_PHRASE})"
)
_OFFICIAL_NAME_AFTER = re.compile(
    rf"({_NAME}),\s+(?:the\s+)?({_CAP_PHRASE})['’]s\s+(?:official|formal|full|legal)\s+(?:name|title)\b"
)
_OFFICIAL_NAME_BEFORE = re.compile(
    rf"({_CAP_PHRASE})['’]s\s+(?:official|formal|full|legal)\s+(?:name|title)(?:,|\s+is)\s+(?:the\s+)?({_CAP_PHRASE})"
)
_KNOWN_AS = re.compile(
    rf"({_NAME}),?\s+\(?(?:also\s+|formerly\s+|commonly\s+|better\s+)?(?:known as|called|a\.k\.a\.|aka)\s+"
    rf"(?:the\s+)?({_CAP_PHRASE})"
)
# A sentence defines no alias unless it holds one of these (case as written); looked for with `in`, which is
# several times quicker than one regular expression of them all (tried at every position of every candidate).
_PREFILTER = ("(", "[", "refers to", "stands for", "short for", "abbreviation", "acronym", "official", "formal",
              "full name", "known as", "called", "a.k.a", "aka")

# Single words that are not names on their own, however they are capitalised.
_NOT_A_NAME = frozenset(
    "the a an he she it they we i this that these those north south east west but and or in on at "
    "by of for to however meanwhile".split()
)


@dataclass(frozen=True, slots=True)
class AliasPair:
    """Two surface names for one thing, and the rule that found them."""

    a: str
    b: str
    rule: str


@dataclass(frozen=True, slots=True)
class Expansion:
    """A phrase of the question's terms, [start, end) in its term list, and its other names."""

    start: int
    end: int
    phrase: tuple[str, ...]
    alternatives: tuple[tuple[str, ...], ...]
    labels: tuple[str, ...]  # surface names of the alternatives, for --explain


def held_only(e: Expansion, known: Callable[[str], bool]) -> Expansion:
    """`e` with only the alternatives every term of which the index holds (`known`): one no sentence writes finds
    nothing and would take one of the question's wordings (AnswerParams.max_variants). With none left it still
    stands, the phrase as asked, so the question's concepts keep their shape."""
    kept = [(alt, label) for alt, label in zip(e.alternatives, e.labels) if all(map(known, alt))]
    if len(kept) == len(e.alternatives):
        return e
    return Expansion(e.start, e.end, e.phrase, tuple(a for a, _ in kept), tuple(lbl for _, lbl in kept))


def _initials(words: Sequence[str]) -> str:
    return "".join(w[0] for w in words if w).upper()


def _acronym_letters(acronym: str) -> str:
    return "".join(ch for ch in acronym if ch.isalpha()).upper()


def _is_acronym(token: str) -> bool:
    return sum(ch.isupper() for ch in token) >= 2 and len(_acronym_letters(token)) >= 2


def _acronym_expansion(acronym: str, phrase: str) -> str | None:
    """The shortest tail of `phrase` whose word initials spell `acronym` (connectors optional)."""
    letters = _acronym_letters(acronym)
    ws = phrase.split()
    for start in range(len(ws) - 1, -1, -1):
        tail = ws[start:]
        if not tail[0][:1].isupper():
            continue
        capital = [w for w in tail if w[:1].isupper()]
        if _initials(capital) == letters or _initials(tail) == letters:
            return " ".join(tail)
    return None


def _usable(name: str) -> bool:
    words = name.split()
    if not words or len(words) > 10:
        return False
    return not (len(words) == 1 and words[0].lower().strip(".") in _NOT_A_NAME)


def _strip_article(name: str) -> str:
    ws = name.split()
    while ws and ws[0].lower() in ("the", "a", "an"):
        ws = ws[1:]
    return " ".join(ws)


def _subject(phrase: str, most: int = 4) -> str:
    """The name a definition is about: its last acronym, else its last few words."""
    ws = phrase.split()
    for w in reversed(ws):
        if _is_acronym(w):
            return w
    return " ".join(ws[-most:])


def mine_aliases(text: str) -> list[AliasPair]:
    """The alias pairs one sentence (or any text) defines; [] for most text, cheaply."""
    if not any(marker in text for marker in _PREFILTER):
        return []
    text = normalise(text)
    pairs: list[AliasPair] = []

    def add(a: str, b: str, rule: str) -> None:
        a, b = _strip_article(a.strip(" ,")), _strip_article(b.strip(" ,"))
        if _usable(a) and _usable(b) and a.lower() != b.lower():
            pairs.append(AliasPair(a, b, rule))

    # (pattern, group of the acronym, group of its long form, rule)
    for pattern, short, full, rule in ((_LONG_THEN_ACRONYM, 2, 1, "acronym defined in parentheses"),
                                       (_ACRONYM_THEN_LONG, 1, 2, "acronym expanded in brackets")):
        for m in pattern.finditer(text):
            acronym = m.group(short)
            long = _acronym_expansion(acronym, m.group(full)) if _is_acronym(acronym) else None
            if long:
                add(acronym, long, rule)
    for m in _REFERS_TO.finditer(text):
        add(_subject(m.group(1)), m.group(2), "refers to")
    for m in _OFFICIAL_NAME_AFTER.finditer(text):
        add(_subject(m.group(1), 6), m.group(2), "official name")
    for m in _OFFICIAL_NAME_BEFORE.finditer(text):
        add(m.group(1), m.group(2), "official name")
    for m in _KNOWN_AS.finditer(text):
        add(m.group(1), m.group(2), "known as")
    return pairs


class AliasTable:
    """Groups of names, kept as tuples of analyzed terms, so questions and sentences match alike."""

    MAX_PHRASE = 10

    def __init__(self, analyze: Analyze, groups: Iterable[Iterable[str]] = BUILT_IN_GROUPS) -> None:
        self._analyze = analyze
        self._group_of: dict[tuple[str, ...], int] = {}
        self._members: dict[int, dict[tuple[str, ...], str]] = {}
        self._next = 0
        for group in groups:
            names = list(group)
            for other in names[1:]:
                self.add(names[0], other)

    def copy(self) -> AliasTable:
        clone = AliasTable(self._analyze, groups=())
        clone._group_of = dict(self._group_of)
        clone._members = {g: dict(m) for g, m in self._members.items()}
        clone._next = self._next
        return clone

    def _key(self, name: str) -> tuple[str, ...]:
        return tuple(self._analyze(name))

    def add(self, a: str, b: str) -> bool:
        """Put two names in one group; False when either analyzes to nothing or they already are."""
        ka, kb = self._key(a), self._key(b)
        if not ka or not kb or ka == kb or len(ka) > self.MAX_PHRASE or len(kb) > self.MAX_PHRASE:
            return False
        ga, gb = self._group_of.get(ka), self._group_of.get(kb)
        if ga is not None and ga == gb:
            return False
        if ga is None and gb is None:
            ga = self._next
            self._next += 1
            self._members[ga] = {}
        elif ga is None:
            ga, gb = gb, None
        assert ga is not None  # one of the two had a group, and it is now ga
        self._members[ga].setdefault(ka, a)
        self._members[ga].setdefault(kb, b)
        self._group_of[ka] = ga
        self._group_of[kb] = ga
        if gb is not None and gb != ga:
            for key, label in self._members.pop(gb).items():
                self._members[ga].setdefault(key, label)
                self._group_of[key] = ga
        return True

    def add_pairs(self, pairs: Iterable[AliasPair]) -> int:
        return sum(self.add(p.a, p.b) for p in pairs)

    def expand(self, terms: Sequence[str]) -> list[Expansion]:
        """Longest known phrases in the question's terms, left to right, with their other names."""
        out: list[Expansion] = []
        i = 0
        n = len(terms)
        while i < n:
            found = None
            for j in range(min(n, i + self.MAX_PHRASE), i, -1):
                key = tuple(terms[i:j])
                g = self._group_of.get(key)
                if g is not None:
                    others = [(k, label) for k, label in self._members[g].items() if k != key]
                    if others:
                        found = Expansion(i, j, key, tuple(k for k, _ in others), tuple(lbl for _, lbl in others))
                    break
            if found is not None:
                out.append(found)
                i = found.end
            else:
                i += 1
        return out


# -- quantities ----------------------------------------------------------------------------
# Quantities typed one way, found written the other common ways.
#
# People type "100k", "5m", "2bn", "1.5 million", "10%", "ten per cent", "$5 billion", "five thousand"; news writes
# "£100,000", "£5m", "$2bn", "10 per cent", "10%". The analyzer keeps numbers as written (`1,000` -> `1000`,
# `100k` -> `100k`, `£1.5m` -> `1.5`, `m`), so the index holds each form under its own terms. Rather than change
# the index terms (which would change every store), a quantity in a *question* is read to its value
# (`read_quantity`), and the question gets the other written forms of that value as alternatives of the phrase it
# typed (`quantity_expansions`), exactly as an alias is: matched at `alias_trust`, and a form some article holds keeps the
# typed one from counting as a word no article uses. Only forms whose every term the index holds are offered.
#
# A quantity is a number with a scale (k, m, bn, thousand, million, billion, trillion) or a percent sign or word
# (%, per cent, percent), or a bare whole number of 1,000 or more that is not a year ("5000", not "2004").
# Numbers may be digits ("5,000", "1.5") or English number words ("five", "forty-two"); a currency sign before it
# is allowed and kept out of the value. `has_unit` tells the refusal rules that a typed word such as "100k" is a quantity, not a name.
#
# Small counts and ranks are the same thing written two ways too: "3 months" = "three months", "second" = "2nd",
# "a dozen" = "12" (`small_numbers`). News style spells out one to nine and writes 10 and up in digits; people type
# either. A whole number from 1 to 99 in digits or words, an ordinal from first to 99th, and "dozen" get the other
# form as alternatives, the same way. Not a small number: a digit run inside a code or score ("F-150", "COVID-19",
# "3-6"), a time ("3:30"), a decimal, or one glued to letters ("3pm"); "one" / "1" only before a content word ("one
# month", not "which one" or "one of"), since "one" is mostly a pronoun.

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
    ordinal: bool = False  # a rank ("second", "2nd"): small_numbers only
    small: bool = False  # a small count or rank ("three", "3", "2nd", "dozen"): small_numbers only


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


_ORDINAL_WORDS = ("first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
                  "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth").split()
_ORDINAL_TENS = "twentieth thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth".split()
ORDINAL_VALUES: dict[str, int] = ({w: i + 1 for i, w in enumerate(_ORDINAL_WORDS)}
                                  | {w: 20 + 10 * i for i, w in enumerate(_ORDINAL_TENS)})
_VALUE_ORDINALS = {v: w for w, v in ORDINAL_VALUES.items()}
SMALL_MOST = 99  # the largest count or rank small_numbers reads: past it news writes digits, and so do people
DOZEN = 12
_ORDINAL_WORD = (r"(?:(?:" + "|".join(_TENS) + r")[- ](?:" + "|".join(_ORDINAL_WORDS[:9]) + r")|"
                 + "|".join(sorted(ORDINAL_VALUES, key=len, reverse=True)) + r")")
_SMALL = re.compile(
    r"(?<![\w.,:/%$£€-])"
    rf"(?:(?P<ordw>{_ORDINAL_WORD})|(?P<ordd>\d{{1,2}})(?:st|nd|rd|th)|(?P<dozen>dozen)|"
    rf"(?P<num>\d{{1,2}}|{_WORD_NUMBER}))"
    r"(?![\w%:/]|[.,]\d|-\d)",
    re.IGNORECASE,
)
_NEXT_WORD = re.compile(r"[\s-]+([A-Za-z]+)")


def _ordinal_value(word: str) -> int:
    """"second" -> 2, "twenty-first" -> 21."""
    *tens, unit = re.split(r"[- ]", word.lower())
    return sum(WORD_VALUES[t] for t in tens) + ORDINAL_VALUES[unit]


def _ordinal_suffix(n: int) -> str:
    if n % 100 in (11, 12, 13):
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def small_numbers(text: str, is_stop_word: Callable[[str], bool] = lambda w: False) -> list[Quantity]:
    """The small counts and ranks of `text` (see the module's quantities section), left to right; "one" and "1"
    only when the next word is a content word (`is_stop_word` tells which are not)."""
    out: list[Quantity] = []
    for m in _SMALL.finditer(text):
        if m.group("ordw") or m.group("ordd"):
            value, ordinal = (_ordinal_value(m.group("ordw")) if m.group("ordw") else int(m.group("ordd"))), True
        elif m.group("dozen"):
            value, ordinal = DOZEN, False
        else:
            number = _number(m.group("num"))
            if number is None:
                continue
            value, ordinal = int(number), False
        if not 1 <= value <= SMALL_MOST:
            continue
        if value == 1 and not ordinal:
            nxt = _NEXT_WORD.match(text, m.end())
            if nxt is None or is_stop_word(nxt.group(1).lower()):
                continue
        out.append(Quantity(float(value), False, False, m.start(), m.end(), ordinal=ordinal, small=True))
    return out


def _small_word(n: int) -> str:
    if n in _VALUE_WORDS:
        return _VALUE_WORDS[n]
    return f"{_VALUE_WORDS[n - n % 10]}-{_VALUE_WORDS[n % 10]}"


def _small_ordinal_word(n: int) -> str:
    if n in _VALUE_ORDINALS:
        return _VALUE_ORDINALS[n]
    return f"{_VALUE_WORDS[n - n % 10]}-{_VALUE_ORDINALS[n % 10]}"


def small_forms(q: Quantity) -> list[str]:
    """The ways a small count or rank is written: "3" and "three", "2nd" and "second", "12", "twelve" and "dozen"."""
    n = int(q.value)
    if q.ordinal:
        return [f"{n}{_ordinal_suffix(n)}", _small_ordinal_word(n)]
    return [str(n), _small_word(n), *(("dozen",) if n == DOZEN else ())]


def quantity_expansions(text: str, spans: Sequence[tuple[str, int, int]], analyze: Callable[[str], list[str]],
               known: Callable[[str], bool], taken: Sequence[Expansion] = (),
               is_stop_word: Callable[[str], bool] = lambda w: False) -> list[Expansion]:
    """Each quantity of the question (and each small count or rank, `small_numbers`), as the phrase of its terms
    (indices into `spans`) with the other written forms of its value whose terms the index holds (`known`); none
    where a phrase of `taken` (aliases) is."""
    busy = {i for e in taken for i in range(e.start, e.end)}
    out: list[Expansion] = []
    found = quantities(text)
    # A small count or rank where no larger quantity is ("three months"; not the "five" of "five per cent").
    found += [q for q in small_numbers(text, is_stop_word)
              if not any(o.start < q.end and q.start < o.end for o in found)]
    for q in sorted(found, key=lambda q: q.start):
        inside = [i for i, (_, start, _) in enumerate(spans) if q.start <= start < q.end]
        if not inside or inside != list(range(inside[0], inside[-1] + 1)) or busy.intersection(inside):
            continue
        busy.update(inside)
        phrase = tuple(spans[i][0] for i in inside)
        alternatives: dict[tuple[str, ...], str] = {}
        for form in (small_forms(q) if q.small else written_forms(q)):
            terms = tuple(analyze(form))
            if terms and terms != phrase and terms not in alternatives and all(map(known, terms)):
                alternatives[terms] = form
        if alternatives:
            out.append(Expansion(inside[0], inside[-1] + 1, phrase, tuple(alternatives), tuple(alternatives.values())))
    return out


def one_way_expansions(text: str, spans: Sequence[tuple[str, int, int]], analyze: Callable[[str], list[str]],
                       known: Callable[[str], bool], taken: Sequence[Expansion] = ()) -> list[Expansion]:
    """The question's ONE_WAY abbreviations (its word exactly as listed, not after a number: "10 PM" is a time), each
    with its long form when the index holds every term of it; none where a phrase of `taken` is."""
    busy = {i for e in taken for i in range(e.start, e.end)}
    out: list[Expansion] = []
    for i, (term, start, end) in enumerate(spans):
        long = ONE_WAY.get(text[start:end])
        if long is None or i in busy or re.search(r"\d\s*$", text[:start]):
            continue
        terms = tuple(analyze(long))
        if terms and all(map(known, terms)):
            out.append(Expansion(i, i + 1, (term,), (terms,), (long,)))
    return out


# --- demonyms ---------------------------------------------------------------------------------------------------
# The regular ways English makes a country's adjective ("Mongolia" / "Mongolian", "Pakistan" / "Pakistani", "Chile" /
# "Chilean", "Afghanistan" / "Afghan"), tried in this order (so "Nigerian" is Nigeria's, not Niger's). The irregular
# ones of the big countries are in BUILT_IN_GROUPS.
_DEMONYM_RULES: tuple[tuple[str, str], ...] = (
    ("a", "an"), ("a", "ian"), ("e", "ean"), ("o", "an"), ("y", "ian"), ("ium", "ian"), ("a", ""), ("istan", ""),
    ("stan", ""), ("", "i"), ("", "ian"), ("", "ese"), ("", "an"),
)


@functools.lru_cache(maxsize=1)
def territory_names() -> frozenset[str]:
    """The English names of countries and territories, lower-cased ("mongolia", "equatorial guinea"), from CLDR
    through Babel (already the source of the spelling reader's language names)."""
    from babel import Locale  # (CLDR's data, read once, on the first question that needs it)

    return frozenset(name.lower() for code, name in Locale("en").territories.items() if len(code) == 2 and code.isalpha())


@functools.lru_cache(maxsize=1)
def country_names() -> frozenset[str]:
    """The one-word names of territory_names ("mongolia", "syria")."""
    return frozenset(n for n in territory_names() if n.isalpha())


def country_of(word: str) -> str | None:
    """The country `word` (lower case) is the regular demonym of ("mongolian" -> "mongolia"), else None. A country's
    own name is none ("niger" is not Nigeria's), nor is a word of three letters ("pak")."""
    if len(word) < 4 or word in country_names():
        return None
    for place_end, own_end in _DEMONYM_RULES:
        if word.endswith(own_end) and len(word) - len(own_end) >= 3:
            place = word[:len(word) - len(own_end)] + place_end
            if place != word and place in country_names():
                return place
    return None


def demonym_forms(word: str) -> tuple[str, ...]:
    """The other regular form of a country or its demonym, lower case: "mongolia" -> ("mongolian",), "mongolian" ->
    ("mongolia",). Only forms that lead back to the same country ("niger" never gives "nigerian")."""
    if word in country_names():
        forms = (word[:len(word) - len(place_end)] + own_end for place_end, own_end in _DEMONYM_RULES
                 if word.endswith(place_end))
        return tuple(dict.fromkeys(f for f in forms if f != word and country_of(f) == word))
    place = country_of(word)
    return (place,) if place else ()


def demonym_expansions(text: str, spans: Sequence[tuple[str, int, int]], analyze: Callable[[str], list[str]],
                       known: Callable[[str], bool], taken: Sequence[Expansion] = ()) -> list[Expansion]:
    """Each question word that is a country or its regular demonym, with its other forms the index holds ("What did
    the Mongolian ministry say?" finds "the Ministry of Foreign Affairs of Mongolia"); none where a phrase of `taken`
    is. Typed in lower case alike: the chat way. (The country list's first reading costs a process about 0.1 s; a
    pre-filter asking the index of every regular form first cost every question 0.3 ms instead, measured round 29.)"""
    busy = {i for e in taken for i in range(e.start, e.end)}
    out: list[Expansion] = []
    for i, (term, start, end) in enumerate(spans):
        word = text[start:end].lower()
        if i in busy or not word.isalpha() or len(word) < 4:
            continue
        alternatives = [(tuple(analyze(f)), f) for f in demonym_forms(word)]
        kept = [(ts, f) for ts, f in alternatives if ts and ts != (term,) and all(map(known, ts))]
        if kept:
            out.append(Expansion(i, i + 1, (term,), tuple(ts for ts, _ in kept), tuple(f.capitalize() for _, f in kept)))
    return out


# --- a doer and the deed ------------------------------------------------------------------------------------------
_VOWELS = frozenset("aeiou")


def agent_forms(word: str) -> tuple[str, ...]:
    """The regular ways English names the one who does `word` (lower case), and back: "lead" -> "leader", "rule" ->
    "ruler", "win" -> "winner", "govern" -> "governor"; "leader" -> "lead", "ruler" -> "rule". The stemmer keeps
    these apart in short words (Snowball strips "-er" only past the word's second syllable), so "which party does
    he lead" never met "the party's leader"."""
    if len(word) < 3 or not word.isalpha():
        return ()
    forms = [word + "er", word + "or"]
    if word.endswith("e"):
        forms.append(word + "r")
    if len(word) >= 3 and word[-1] not in _VOWELS | {"w", "x", "y"} and word[-2] in _VOWELS and word[-3] not in _VOWELS:
        forms.append(word + word[-1] + "er")  # "win" -> "winner", "run" -> "runner"
    for end in ("er", "or"):
        root = word[:-len(end)]
        if word.endswith(end) and len(root) >= 3:
            forms.append(root)  # "leader" -> "lead"
            forms.append(root + "e")  # "ruler" -> "rule"
            if len(root) >= 4 and root[-1] == root[-2]:
                forms.append(root[:-1])  # "winner" -> "win"
    return tuple(dict.fromkeys(f for f in forms if f != word))


def held_as_doer(word: str, analyze: Callable[[str], list[str]], known: Callable[[str], bool]) -> bool:
    """`word` (as typed) is no term the index holds, but its doer or deed form is ("lead" of "which party does he
    lead" where the article says "leader"). Only for what a reply says no article mentions: as a search term
    "leader" would cover "lead the US side" and answer what the articles do not say (round 30: an expansion cost
    a seed follow-up its right refusal, "Who would lead the US side at that meeting?", and moved no blind set)."""
    terms = analyze(word)
    if len(terms) != 1 or known(terms[0]):
        return False
    return any(len(ts) == 1 and ts[0] != terms[0] and known(ts[0])
               for ts in (analyze(f) for f in agent_forms(word.lower())))
