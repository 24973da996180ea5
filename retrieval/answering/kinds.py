"""What kind of thing a name is (a person, a place, an organisation), judged from how an article uses it.

A follow-up's "he" must be a person and its "it" no person, but the two turns alone seldom say which
names are people: "Where is he from?" after "Who is the TikTok CEO?" answered by a headline naming
TikTok and China. The article the previous answer came from usually does. Each name is weighed by the
ways news writing marks a kind, counted in that article:

- a person: an honorific or an office right before it ("Mr Chew", "chairman Chung Mong-koo", "Chief
  Executive Shou Zi Chew"); an apposition or relative clause after it ("Jesse Gabriel, a Democrat
  lawmaker", "Chew, who ..."); its surname used alone as the subject of a saying verb ("Chew said"), the
  way articles name people after the first mention (strong cues); the name itself before or after a
  saying verb ("Gabriel told", "said Capriati"; weak: companies and countries say things too);
- a place: a place preposition before it ("in China", "from Singapore"), "China-based";
- an organisation: a company word after it ("Skittles maker", "LG Card Co"), or its shares, profits
  or board ("Time Warner's profits").

No cue: no kind (None), and the reader falls back on the turn's own words. A word list cannot say which
names are people; the article, read this way, mostly can.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from retrieval.answering.params import DEFAULT, KindParams

PERSON, PLACE, GROUP = "person", "place", "group"

# Words right before a name that make it a person's: honorifics and offices (lower or capitalised).
PERSON_TITLES = frozenset(
    "mr mrs ms miss dr sir lord lady dame prof professor president senator sen rep representative governor gov "
    "judge justice pope prince princess king queen general gen colonel captain chancellor minister secretary "
    "envoy ambassador chairman chairwoman chair ceo executive boss founder director spokesman spokeswoman "
    "spokesperson adviser advisor analyst economist official lawmaker legislator assemblyman assemblywoman "
    "assemblymember congressman congresswoman councillor mayor premier leader coach manager striker player "
    "singer actor actress author writer editor reporter correspondent journalist chef designer artist "
    "photographer presenter host star champion captain deputy chief head commissioner inspector officer "
    "sergeant detective bishop archbishop cardinal rabbi imam father brother sister mother wife husband son "
    "daughter widow lady woman man girl boy".split())
_SAYING = r"(?:said|says|told|tells|added|adds|explained|argued|wrote|warned|insisted|stated|noted|asked|replied)"
_PLACE_BEFORE = r"(?:in|from|across|throughout|into|inside|outside|near|around)"  # not "to": "said to Sung Kim"
_GROUP_AFTER = (r"(?:Inc|Corp|Corporation|Co|Ltd|plc|PLC|Group|Holdings|company|firm|maker|makers|brand|group|"
                r"shares|stock|profits?|sales|revenues?|board|shareholders|subsidiary|"
                r"chief executive|CEO|founder|owner|headquarters|app|platform|employees)")
_APPOSED = r"(?:a|an|the|who|whose|\d{1,3},)"


@dataclass(frozen=True, slots=True)
class Usage:
    """How strongly the article marks a name as each kind (strong cues count `strong`, weak ones 1)."""

    person: float = 0.0
    place: float = 0.0
    group: float = 0.0

    def kind(self, p: KindParams = DEFAULT.followup.kinds) -> str | None:
        """The kind the cues agree on: at least `enough` of it and more than of the other two together."""
        scores = ((self.person, PERSON), (self.place, PLACE), (self.group, GROUP))
        best, name = max(scores)
        rest = sum(s for s, _ in scores) - best
        return name if best >= p.enough and best > rest else None


def kind_in(name: str, text: str, p: KindParams = DEFAULT.followup.kinds) -> str | None:
    """The kind of `name` as `text` (an article) uses it, or None when it gives no clear cue. A one-word name
    the article writes in full ("Capriati" of "Jennifer Capriati") is judged as the full name, whose surname
    cues are then its own."""
    if not name or not text:
        return None
    found = usage(name, text, p.strong).kind(p)
    longer = full_name(name, text)
    return found if found is not None or longer == name else usage(longer, text, p.strong).kind(p)


@lru_cache(maxsize=512)  # keyed by the article text too: a few hundred names of recent turns
def usage(name: str, text: str, strong: float = DEFAULT.followup.kinds.strong) -> Usage:
    """The cues of every kind `text` gives for `name` (matched as written: names are capitalised)."""
    exact = re.escape(name)
    parts = name.split()
    person = place = group = 0.0
    for m in re.finditer(rf"(?<![\w-]){exact}(?![\w-])", text):
        before = text[max(0, m.start() - 40):m.start()]
        after = text[m.end():m.end() + 60]
        prev = re.search(r"([A-Za-z][\w.]*)\W{0,2}$", before)
        prev_word = prev.group(1).lower().rstrip(".") if prev else ""
        if prev_word in PERSON_TITLES and before.endswith((" ", ". ")):
            person += strong
        elif re.match(rf",\s+{_APPOSED}\b", after) or re.match(r",\s+\d{1,3},", after):
            person += strong if re.match(r",\s+(?:who|whose)\b|,\s+\d{1,3},", after) or _apposed_person(after) else 0.0
        if _predicated_person(after):
            person += strong
        if re.search(rf"\b{_SAYING}\s*$", before) or re.match(rf"\s+{_SAYING}\b", after):
            person += 1.0
        if re.search(rf"\b{_PLACE_BEFORE}\s+(?:the\s+)?$", before) or re.match(r"-based\b", after):
            place += strong
        if re.match(rf"(?:'s|’s)?\s+{_GROUP_AFTER}\b", after):
            group += strong
    if len(parts) > 1 and len(parts[-1]) > 2:
        # "Shou Zi Chew" is "Chew said" later on: a surname alone as a speaker is a person's.
        last = re.escape(parts[-1])
        surname = rf"(?<![\w-]){last}(?![\w-])"
        said = len(re.findall(rf"(?<!\w\s){surname}\s+{_SAYING}\b", text)) + len(
            re.findall(rf"\b{_SAYING}\s+{surname}", text)) + len(re.findall(
                rf"\b(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+{last}(?![\w-])", text))
        person += strong * min(said, 2)
    return Usage(person, place, group)


def _predicated_person(after: str) -> bool:
    """"Capriati is a two-time champion", "Chew was the company's finance chief": said to be a person."""
    return bool(_PREDICATED.match(after))


def full_name(name: str, text: str) -> str:
    """The longer name `text` writes a one-word name in ("Capriati" -> "Jennifer Capriati"), else the name."""
    if " " in name or not text:
        return name
    runs = re.findall(rf"\b([A-Z][a-z][\w'’-]*)\s+{re.escape(name)}(?![\w-])", text)
    runs = [r for r in runs if r.lower() not in _FUNCTION_WORDS and r.lower() not in PERSON_TITLES]
    return f"{max(set(runs), key=runs.count)} {name}" if runs else name


def _apposed_person(after: str) -> bool:
    """"Jesse Gabriel, a Democrat lawmaker", "Chung, the company's chairman": an apposition naming an office."""
    return bool(_APPOSED_TITLE.match(after))


_TITLE = "(?:" + "|".join(sorted(PERSON_TITLES, key=len, reverse=True)) + ")"
_PREDICATED = re.compile(r"\s+(?:is|was|has been|had been|has become|became|remains)\s+(?:a|an|the|its|his|her)\s+"
                         rf"(?:[\w'’-]+\s+){{0,3}}?{_TITLE}s?\b")
_APPOSED_TITLE = re.compile(rf",\s+(?:a|an|the)\s+(?:[\w'’-]+\s+){{0,5}}?{_TITLE}s?\b")


def people_by(noun: str, text: str, p: KindParams = DEFAULT.followup.kinds) -> list[str]:
    """Names `text` gives a person noun ("chairman"), in order: "Hyundai Motor chairman Chung Mong-koo",
    "Chief Executive Shou Zi Chew", "Jesse Gabriel, the bill's author", "introduced by Jesse Gabriel" is not
    one (no office) and is found by kind instead."""
    name = r"((?:[A-Z][\w'’.-]*)(?:\s+[A-Z][\w'’.-]*){0,3})"
    found: list[str] = []
    for m in re.finditer(rf"\b(?i:{re.escape(noun)})\s+{name}", text):
        candidate = _trim(m.group(1))
        if candidate and candidate[:1].isupper():
            found.append(candidate)
    for m in re.finditer(rf"{name},\s+(?:a|an|the|its|his|her)\s+(?:[\w'’-]+\s+){{0,4}}?{re.escape(noun)}\b", text):
        found.append(_trim(m.group(1)))
    return [f for f in dict.fromkeys(found) if f and kind_in(f, text, p) in (PERSON, None)
            and f.split()[0].lower() not in PERSON_TITLES]


_FUNCTION_WORDS = frozenset("the a an on in of and at for to by with from but as if when while after before "
                            "this that these those his her its their our said says".split())


def _trim(name: str) -> str:
    """A name ends before a capitalised function word ("Chew The", "Gabriel On")."""
    words = name.split()
    out = []
    for w in words:
        if w.lower() in ("the", "a", "an", "on", "in", "of", "and", "said", "says", "told", "at", "for"):
            break
        out.append(w)
    return " ".join(out).rstrip(".,'’")
