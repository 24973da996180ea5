"""What a question asks for: its kind, the shape of answer it expects, its content words.

Pure text rules, no index access: the re-ranker uses the expected answer shape to prefer
sentences that contain something of that shape (a when-question wants a date, how many wants
a number), and the answerer uses the content words to name what found nothing.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum


class Shape(StrEnum):
    """The shape of answer a question expects (a when-question wants a date)."""

    PERSON = "person"
    DATE = "date"
    NUMBER = "number"
    AGE = "age"  # how old someone or something is ("the 34-year-old", "Smith, 45,", "aged 73")
    PLACE = "place"
    REASON = "reason"
    NAME = "name"  # some proper name (organisation, title, thing)
    ANY = "any"


class Kind(StrEnum):
    """What kind of question it is, by its wh-word (or its form)."""

    WHO = "who"
    WHEN = "when"
    WHERE = "where"
    WHY = "why"
    HOW = "how"
    HOW_MANY = "how many"
    HOW_MUCH = "how much"
    WHAT = "what"
    WHICH = "which"
    YES_NO = "yes-no"
    OTHER = "other"


PERSON, DATE, NUMBER, PLACE, REASON, NAME, ANY = (Shape.PERSON, Shape.DATE, Shape.NUMBER, Shape.PLACE, Shape.REASON,
                                                  Shape.NAME, Shape.ANY)
AGE = Shape.AGE

_YES_NO_STARTS = frozenset(
    "is are was were am do does did can could will would shall should has have had may might must".split()
)
_WH_WORDS = frozenset("who whom whose what which when where why how".split())

# The noun after "what/which" (or "in what ...") tells the shape: "which year" -> date.
_DATE_NOUNS = frozenset(
    "year years day days date dates month months time times century centuries decade decades period era "
    "season week weeks hour morning evening night".split()
)
_PLACE_NOUNS = frozenset(
    "country countries city cities town towns region regions place places state states province area areas "
    "continent island islands river rivers location locations capital nation nations village territory "
    "county district street sea ocean mountain kingdom".split()
)
_PERSON_NOUNS = frozenset(
    "person people man men woman women king kings queen leader leaders president presidents minister ruler "
    "rulers official officials envoy diplomat diplomats author founder emperor duke pope general professor "
    "scientist player players reporter spokesman spokeswoman spokesperson secretary chairman chairwoman ambassador "
    "governor mayor senator commander negotiator representative candidate director".split()
)
# Verbs of saying: what any sentence of what someone said answers ("what did xi tell blinken" -> "Xi said ...").
SAYING_VERBS = frozenset("say says said saying tell tells told telling".split())
# Nouns that ask for someone's role ("What is his job?"): a sentence answers them by naming the role
# ("serving as acting deputy secretary"), seldom with the noun itself.
ROLE_NOUNS = frozenset("job jobs title titles post position role occupation profession office rank".split())
_NUMBER_NOUNS = frozenset("number amount percentage percent proportion share total count size".split())
_NAME_NOUNS = frozenset(
    "name names title university company organization organisation party agency group team newspaper "
    "ministry department institution school college".split()
)

_ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[@-Z\\-_]")
_QUOTED = re.compile(r"[\"“”«»]([^\"“”«»]{2,120})[\"“”«»]")
_WORD = re.compile(r"[^\W_]+(?:[-'’.][^\W_]+)*\.?", re.UNICODE)


@dataclass(frozen=True, slots=True)
class QuestionInfo:
    """A question taken apart; `content_words` are surface forms, as the user typed them."""

    text: str
    kind: Kind
    expects: Shape
    focus: str | None  # the noun after what/which ("which university" -> "university")
    content_words: tuple[str, ...]
    phrases: tuple[str, ...]  # quoted phrases
    # Words that only say what kind of answer is wanted ("many" in "how many", "kind" in
    # "what kind of"): not content to look for in the articles.
    asking_words: frozenset[str] = frozenset()
    asking_phrase: str = ""  # the question word with its asking words, as typed ("How old", "When")


def clean_question(text: str) -> str:
    """NFKC, terminal escape sequences and control characters dropped, white space collapsed
    (the text we echo back)."""
    text = _ANSI_ESCAPE.sub(" ", unicodedata.normalize("NFKC", text))
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)
    return " ".join(text.split())


def words(text: str) -> list[str]:
    """Surface words (letters/digits, keeping inner hyphens, apostrophes and dots)."""
    out = []
    for m in _WORD.finditer(text):
        w = m.group()
        # Keep the final dot only for dotted abbreviations such as "U.S."
        if w.endswith(".") and w.count(".") < 2:
            w = w[:-1]
        out.append(w)
    return out


def parse_question(text: str, is_stop_word: Callable[[str], bool]) -> QuestionInfo:
    """Classify a question and list its content words (not stop words, not wh-words)."""
    text = clean_question(text)
    ws = words(text)
    lower = [w.lower() for w in ws]
    kind, expects, focus = _classify(lower)
    asking = _asking_words(lower)
    content = []
    seen = set()
    for w in ws:
        lw = w.lower()
        if lw in _WH_WORDS or lw in asking or is_stop_word(lw) or lw in seen:
            continue
        seen.add(lw)
        content.append(w)
    phrases = tuple(m.group(1).strip() for m in _QUOTED.finditer(text) if len(words(m.group(1))) >= 2)
    return QuestionInfo(text=text, kind=kind, expects=expects, focus=focus,
                        content_words=tuple(content), phrases=phrases, asking_words=asking,
                        asking_phrase=_asking_phrase(ws, lower, asking))


_ASKING_AFTER_HOW = frozenset("many much long old far large big tall often high few".split())
_ASKING_AFTER_WHAT = frozenset("kind type sort".split())


def _asking_phrase(ws: list[str], lower: list[str], asking: frozenset[str]) -> str:
    i = next((i for i, w in enumerate(lower[:8]) if w in _WH_WORDS), None)
    if i is None:
        return ""
    return " ".join(ws[i:i + 2]) if i + 1 < len(ws) and lower[i + 1] in asking else ws[i]


def _asking_words(lower: list[str]) -> frozenset[str]:
    """The words right after the first wh-word that belong to the question phrase."""
    for i, w in enumerate(lower[:8]):
        if w not in _WH_WORDS:
            continue
        nxt = lower[i + 1] if i + 1 < len(lower) else None
        if w == "how" and nxt in _ASKING_AFTER_HOW:
            return frozenset({nxt})
        if w in ("what", "which") and nxt in _ASKING_AFTER_WHAT:
            return frozenset({nxt})
        if nxt == "else":  # "What else ...?", "Who else ...?": more answers to the same question
            return frozenset({nxt})
        return frozenset()
    return frozenset()


# Words that qualify the noun a what/which-question asks for ("which foreign minister", "which senior official").
_MODIFIERS = frozenset("foreign former senior top current deputy chief opposition military government local regional "
                       "european african asian arab western".split())
# Stop reading "the name of the ..." here: what follows is no longer the thing named.
_NAME_PHRASE_ENDS = frozenset("who whom whose that which when where of in at for to on with by from and".split())


def _is_modifier(word: str) -> bool:
    from retrieval.answering.aliases import country_of  # (CLDR's list, read on the first question that needs it)

    return word in _MODIFIERS or country_of(word) is not None


def _names_a_person(after: Sequence[str]) -> bool:
    """ "of the Mongolian foreign ministry spokesperson who ...": the name asked for is a person's when the phrase
    after "name" ends in a person's noun (a role), not "of the company". (Words as typed, lower case.)"""
    if not after or after[0] != "of":
        return False
    phrase = []
    for w in after[1:8]:
        if w in _NAME_PHRASE_ENDS or (len(w) > 5 and w.endswith(("ing", "ed"))):
            break  # "... minister accompanying Castillo": a participle starts what is said of the person
        phrase.append(w)
    return bool(phrase) and phrase[-1] in _PERSON_NOUNS


def _noun_shape(noun: str | None) -> Shape:
    if noun is None:
        return ANY
    if noun in _DATE_NOUNS:
        return DATE
    if noun in _PLACE_NOUNS:
        return PLACE
    if noun in _PERSON_NOUNS:
        return PERSON
    if noun in _NUMBER_NOUNS:
        return NUMBER
    if noun in ("age", "ages"):  # "At what age ...", "What is the age of ...": an age, not a date
        return AGE
    if noun in _NAME_NOUNS:
        return NAME
    return ANY


def _classify(lower: list[str]) -> tuple[Kind, Shape, str | None]:
    if not lower:
        return Kind.OTHER, ANY, None
    # The first wh-word decides ("In what year ...", "Under whose rule ...", "Where and when ...").
    for i, w in enumerate(lower[:8]):
        if w not in _WH_WORDS:
            continue
        nxt = lower[i + 1] if i + 1 < len(lower) else None
        if w in ("who", "whom", "whose"):
            return Kind.WHO, PERSON, None
        if w == "when":
            return Kind.WHEN, DATE, None
        if w == "where":
            return Kind.WHERE, PLACE, None
        if w == "why":
            return Kind.WHY, REASON, None
        if w == "how":
            if nxt in ("many", "much"):
                return (Kind.HOW_MANY if nxt == "many" else Kind.HOW_MUCH), NUMBER, None
            if nxt == "old":
                return Kind.HOW, AGE, None
            if nxt in ("long", "far", "large", "big", "tall", "often", "high", "few"):
                return Kind.HOW, NUMBER, None
            return Kind.HOW, ANY, None
        # what / which: the next noun, skipping a few fillers, tells the shape
        j = i + 1
        while j < len(lower) and lower[j] in ("kind", "type", "sort", "of", "the", "a", "an"):
            j += 1
        noun = lower[j] if j < len(lower) else None
        # "What is the name of ..." / "What year ..." / "Which country ..."
        if noun in ("is", "was", "are", "were") and j + 2 < len(lower) and lower[j + 1] in ("the", "a", "an"):
            candidate = lower[j + 2]
            shape = _noun_shape(candidate)
            if shape == NAME and _names_a_person(lower[j + 3:]):
                return Kind(w), PERSON, candidate  # "What is the name of the Mongolian spokesperson who ...?"
            if shape != ANY:
                return Kind(w), shape, candidate
            return Kind(w), ANY, None
        shape = _noun_shape(noun)
        # "Which Russian official ...", "which foreign minister ...": the noun after a modifier or two
        k = j
        while shape == ANY and k < j + 2 and k + 1 < len(lower) and _is_modifier(lower[k]):
            k += 1
            shape, noun = _noun_shape(lower[k]), lower[k]
        return Kind(w), shape, noun if shape != ANY else None
    if lower[0] in _YES_NO_STARTS:
        return Kind.YES_NO, ANY, None
    return Kind.OTHER, ANY, None


# Where a question names what it is about, whatever its case:
# - the subject of its verb, after an auxiliary ("what did kamala harris say", "how many goals did messi score",
#   "did obama meet ..."), not after a copula ("what theorems are responsible ...": a predicate) nor "have" (as often
#   the verb itself: "which states have similar proposals");
# - what follows "about" after a verb of saying or knowing ("tell me about elon musk", not "remarks about dialogue");
# - all that follows "who is" or "what is" when that is the whole question ("who is greta thunberg"; "who is
#   responsible for ..." asks about a role).
# A noun phrase led by a determiner or a pronoun ("what did the committee decide") names a kind of thing more often
# than someone, and is left out.
_SUBJECT_AFTER_AUXILIARY = re.compile(
    r"^(?:(?:in|on|at|by|for|from|to|with)\s+)?(?:(?:who|whom|whose|what|which|when|where|why|how)(?:\s+[\w'’-]+){0,3}?\s+)?"
    r"(?:did|does|do|will|would|can|could|should)\s+", re.IGNORECASE)
_WHOLE_AFTER_COPULA = re.compile(r"^(?:who|what)\s+(?:is|was|are|were)\s+", re.IGNORECASE)
# "about" after a verb of saying or knowing ("say about", "tell me about"), not after a noun ("remarks about dialogue").
_SUBJECT_AFTER_ABOUT = re.compile(r"\b(?:say|says|said|tell|told|think|thinks|thought|know|knows|talk|talks|talked|"
                                  r"ask|asked|me|us)\s+about\s+", re.IGNORECASE)
_NOT_A_NAME_START = frozenset("the a an this that these those his her its their our my your some any every no "
                              "it he she they we you i there".split())


def subject_offsets(text: str) -> tuple[tuple[int, bool], ...]:
    """Where a noun phrase naming what the question is about starts (see above): (character offset, whether the
    phrase must run to the question's end)."""
    found = [(_SUBJECT_AFTER_AUXILIARY.match(text), False), (_WHOLE_AFTER_COPULA.match(text), True),
             *((m, False) for m in _SUBJECT_AFTER_ABOUT.finditer(text))]
    return tuple((m.end(), whole) for m, whole in found if m is not None)


def subject_starts(text: str) -> tuple[tuple[int, bool], ...]:
    """subject_offsets as (index into words(text), whether the phrase must run to the question's end); a phrase led
    by a determiner or a pronoun is left out."""
    ws = words(text)
    offsets: list[int] = []
    at = 0
    for w in ws:  # each word's character offset, to map the patterns' matches onto words
        at = text.find(w, at)
        offsets.append(at)
        at += len(w)
    starts: list[tuple[int, bool]] = []
    for offset, whole in subject_offsets(text):
        i = next((i for i, o in enumerate(offsets) if o >= offset), None)
        if i is not None and ws[i].lower() not in _NOT_A_NAME_START and all(i != j for j, _ in starts):
            starts.append((i, whole))
    return tuple(starts)
