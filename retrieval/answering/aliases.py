"""Names for the same thing: aliases the articles define, plus a few well-known metonyms.

News text introduces acronyms and official names in a handful of fixed shapes
("Democratic People's Republic of Korea (DPRK)", "DPRK [Democratic People's Republic of Korea]",
"The DPRK refers to ...", "X, North Korea's official name"), and writes capitals for countries
("Pyongyang", "Washington"). A question that says one name should find sentences that say
another. Mining is a few regular expressions over one sentence at a time, behind a cheap
pre-filter, so the answerer can run it on the candidate sentences of each question.
"""
from __future__ import annotations

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
)

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
