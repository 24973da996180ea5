"""Answer shapes in a sentence: dates, numbers, places, names, reasons, and definitions of a name.

Pure text rules: a when-question's answer holds a date the question did not already say.
"""
from __future__ import annotations

import functools
import re
from typing import NamedTuple

from retrieval.answering.question import AGE, DATE, NAME, NUMBER, PERSON, PLACE, REASON, Shape
from retrieval.answering.seams import TermSpans
from retrieval.months import MONTH_NUMBERS, MONTH_PATTERN, WEEKDAYS

_DATE_RE = re.compile(
    rf"\b(?:{MONTH_PATTERN}\.?|(?:{'|'.join(sorted(WEEKDAYS))})|"
    r"(?:1[0-9]{3}|20[0-9]{2})s?|(?:in|by|since|until|from|after|before|around|circa|c\.)\s+[1-9][0-9]{2,3}|"
    r"\d{1,2}(?:st|nd|rd|th)[ -]centur(?:y|ies)|anytime|any time|whenever|"
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|"
    r"thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|"
    r"twenty-first)[ -]centur(?:y|ies)|yesterday|today|tomorrow|tonight|"
    r"(?:last|next|this|earlier this|later this)\s+(?:week|month|year|summer|winter|spring|autumn|fall|weekend)|"
    r"\d{1,2}:\d{2}|\d+\s+(?:years?|months?|weeks?|days?|decades?|centuries)\s+(?:ago|later|earlier)|"
    r"\d{4}-\d{2}-\d{2})\b",
    re.IGNORECASE,
)
# A time only relative to when the story was written, and vaguer than a day: "last year", "this week", "earlier this
# month", "three years ago". No date of its own answers when-questions with it ("When was Theo van Gogh shot?" ...
# "Only last week, ..."). A day named relative to the story ("yesterday", "on Monday") is how news dates an event,
# and stays a date.
_RELATIVE_DATE_RE = re.compile(
    r"(?:last|next|this|earlier this|later this)\s+(?:week|month|year|summer|winter|spring|autumn|fall|weekend)"
    r"|\d+\s+(?:years?|months?|weeks?|days?|decades?|centuries)\s+(?:ago|later|earlier)|anytime|any time|whenever",
    re.IGNORECASE,
)


# What is still to come is dated from the story's own time: "When will they sign?" is answered "next month" (the
# story tells its reader when to expect it), while "last year" dates nothing for "When was he shot?". Not "this
# year's festival", nor "next year's election": a possessive names the thing, not when.
_COMING_DATE_RE = re.compile(r"(?:next|later\s+this)\s+\w+", re.IGNORECASE)
_ASKS_WHAT_IS_COMING = re.compile(
    r"\b(?:will|shall|going\s+to|(?:due|set|expected|scheduled|planned|likely|plans?|intends?|hopes?)\s+to)\b",
    re.IGNORECASE)


def firm_dates(text: str, question: str = "") -> list[str]:
    """The dates of a sentence (as `answer_shapes` finds them for a when-question) that are not only relative to
    the story's own time (_RELATIVE_DATE_RE): "in 2004", "on Monday", "yesterday"; not "last year". For a question
    about what is to come ("When will ...?"), "next month" and "later this year" date it too."""
    coming = bool(question) and _ASKS_WHAT_IS_COMING.search(question) is not None
    return [m.group() for m in _DATE_RE.finditer(text) if not _RELATIVE_DATE_RE.fullmatch(m.group())
            or (coming and _COMING_DATE_RE.fullmatch(m.group()) and text[m.end():m.end() + 2] not in ("'s", "’s"))]


_NUMBER_WORDS = (
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred hundreds "
    "thousand thousands million millions billion billions trillion dozen dozens half twice thrice once single"
)
# A share written as a fraction ("almost a third of the Gulf", "two-thirds", "three quarters") counts or measures
# too: what "How much of the Gulf is off-limits?" asks.
_FRACTION = (r"(?:a|one|two|three|four|five|six|seven|eight|nine)[\s-]+"
             r"(?:halves|thirds?|quarters?|fifths?|sixths?|sevenths?|eighths?|ninths?|tenths?)")
_NUMBER_RE = re.compile(rf"\b(?:{_FRACTION}|\d[\d,.]*(?:%|[a-z]{{1,3}}\b)?|(?:{'|'.join(_NUMBER_WORDS.split())}))\b",
                        re.IGNORECASE)
_CAP_WORD = r"(?:[A-Z]\.){2,}|[A-Z][\w'’-]*"
_CAP_RE = re.compile(rf"\b(?:{_CAP_WORD})(?:\s+(?:{_CAP_WORD}))*")
_PLACE_RE = re.compile(r"\b(?:in|at|from|to|near|into|across|throughout)\s+(?:the\s+)?([A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)")
_SOMEWHERE_RE = re.compile(r"\b(?:anywhere|everywhere|wherever|nowhere|abroad|overseas|nationwide|worldwide)\b", re.IGNORECASE)
_REASON_RE = re.compile(
    r"\b(?:because|due to|owing to|as a result|in order to|so that|so as to|thanks to|since|"
    r"led to|leads to|caused|causes|the reason|aims? to|aimed at|in a bid to)\b",
    re.IGNORECASE,
)
_ROLE_RE = re.compile(
    r"\b(?:president|minister|envoy|representative|leader|director|director-general|adviser|advisor|"
    r"professor|spokesman|spokeswoman|spokesperson|chairman|chairwoman|ambassador|secretary|chief|head|"
    r"king|queen|duke|emperor|pope|ceo|founder|commander|general|governor|mayor|senator|lawmaker|"
    r"diplomat|official|reporter|fellow|author|counterpart|point man)\b",
    re.IGNORECASE,
)
LEANS_ON_CONTEXT = re.compile(
    r"^\W*(?:he|she|it|they|his|her|its|their|this|these|those|that|there|such|the latter|the former|"
    r"the two|both|in (?:this|that|these)|however|but|also|then|thus|later|afterwards)\b",
    re.IGNORECASE,
)
_FUNCTION_CAPS = frozenset(
    "the a an in on at but and or if when while after before as it he she they we i this that these those "
    "there his her their its our however meanwhile during since despite although though for with by from".split()
)


_YEAR_RE = re.compile(r"(?:1[89]\d\d|20\d\d)s?")
# The numbers of a date or a time, which count or measure nothing: a day beside its month ("12 December",
# "December 12th", "the 3rd of May"; the month capitalised, so "may" the verb is none), a year's second half
# ("2004/05", "2004-05"), an ISO date, a time of day ("10:30", "3pm", "9 am", "7.30pm"; not "12.50", a price).
_MONTH_CAP = "(?:" + "|".join(sorted({m.capitalize() for m in MONTH_NUMBERS}, key=len, reverse=True)) + ")"
_DATE_NUMBER_RE = re.compile(
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?(?:\s+of)?\s+{_MONTH_CAP}\b\.?|\b{_MONTH_CAP}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?![.,]?\d)"
    r"|\b(?:1[89]\d\d|20\d\d)[/-]\d{2}\b|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}:\d{2}\b|\b\d{1,2}\.\d{2}\s*[ap]\.?m\b\.?"
    r"|\b\d{1,2}\s*[ap]\.?m\b\.?"
)


# An age, what "How old ...?" and "At what age ...?" ask for: "the 34-year-old", "a 30-year-old man", "30 years old",
# "aged 73", "at the age of 80", "age 54", a bare number set off after a name ("Ken Bates, 73, said"; "Smith (45)"),
# "he was 66", "she turns 40", "died at 94", "At 101, he ...", "in his late 60s", "born in 1942" (an age to work
# out). Ages are 0-129; a number word counts in "-year-old" ("seventy-year-old") and after "aged".
_AGE_NUMBER = r"(?:1[0-2]\d|[1-9]?\d)"
_AGE_WORD = (r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four|five|six|seven|"
             r"eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
             r"sixteen|seventeen|eighteen|nineteen)")
_AGE_RE = re.compile(
    rf"\b(?:{_AGE_NUMBER}|{_AGE_WORD})[- ](?:years?|months?|weeks?|days?)[- ]old\b"
    rf"|\baged\s+(?:{_AGE_NUMBER}|{_AGE_WORD})\b(?![.,]\d)"
    rf"|\bage\s+(?:of\s+)?{_AGE_NUMBER}\b(?![.,]\d)"
    rf"|\b(?-i:[A-Z])[\w'’-]*,\s+{_AGE_NUMBER}(?=\s*(?:,|\.\s|\.$|;|\)|\s+(?:and|who|was|is|has|had|said|says|from|of)\b))"
    rf"|\b(?-i:[A-Z])[\w'’-]*\s*\({_AGE_NUMBER}\)"
    rf"|\b(?:he|she|who|they)\s+(?:was|is|were|are|turns|turned|will\s+be|would\s+have\s+been|had\s+just\s+turned)"
    rf"\s+{_AGE_NUMBER}\b(?![.,:-]\d|\s*(?:%|per\s?cent|percent|years?\s+ago|minutes?|points?|million|billion|m\b|bn\b))"
    rf"|\b(?:died|dies|passed\s+away|retired|retires)\b[^.;]{{0,40}}?\bat\s+{_AGE_NUMBER}\b(?![.,:]\d|\s*(?:am|pm|a\.m|p\.m|GMT|BST))"
    rf"|^At\s+{_AGE_NUMBER},"
    r"|\bin\s+(?:his|her|their)\s+(?:early\s+|mid-?|late\s+)?(?:[1-9]0s|teens|twenties|thirties|forties|fifties|sixties|"
    r"seventies|eighties|nineties)\b"
    r"|\bborn\b[^.;]{0,40}?\b(?:1[89]\d\d|20\d\d)\b",
    re.IGNORECASE,
)


def ages(text: str) -> list[str]:
    """The ages a sentence gives (see _AGE_RE): what answers a how-old question."""
    return [m.group() for m in _AGE_RE.finditer(text)]


def _in_a_date(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _DATE_NUMBER_RE.finditer(text)]


# After a number in a year's range, a unit or a scale says it measures something ("2000 kilometres", "1500 people"),
# as a currency sign before it does ("£2000").
_UNIT_AFTER = re.compile(
    r"\s*(?:%|per\s?cent|percent|km|kilomet\w*|miles?|met(?:re|er)s?|m\b|ft|feet|kg|kilo\w*|tonnes?|tons?|pounds|"
    r"dollars|euros|acres|hectares|square|people|men|women|children|troops|soldiers|jobs|workers|homes|houses|votes|"
    r"seats|deaths|cases|units|copies|thousand|million|billion|mn|bn)\b", re.IGNORECASE)


def _year(text: str, m: re.Match[str]) -> bool:
    if not _YEAR_RE.fullmatch(m.group()):
        return False
    return not (_UNIT_AFTER.match(text, m.end()) or text[max(0, m.start() - 1):m.start()] in ("£", "$", "€"))


def _measures(text: str) -> list[re.Match[str]]:
    """The number matches of `text` that count or measure: not a year ("since 1983"; "2000 kilometres" is none), not
    a day, a season or a time of a date (`_DATE_NUMBER_RE`), not inside a name ("COVID-19")."""
    dates = _in_a_date(text)
    return [m for m in _NUMBER_RE.finditer(text)
            if not _year(text, m) and not (m.start() > 0 and text[m.start() - 1] == "-")
            and not any(s <= m.start() < e for s, e in dates)]


def quantities(text: str) -> list[str]:
    """The numbers of a sentence that can count or measure something: not years ("since 1983"), not the day or time
    of a date ("on 12 December"), and not numbers inside a name ("COVID-19"), which answer no how-many or how-much
    question."""
    return [m.group() for m in _measures(text)]


# The nouns after a number that make it an amount, what "How much ...?" asks: money, measures, shares, lengths of
# time, scales ("two million", "billions"), "times" ("three times as much"). Any other plural after a number counts
# things ("two nations", "15 countries", "3,000 jobs"): it answers how many, never how much.
_AMOUNT_NOUNS = frozenset("""
pounds dollars euros cents pence yen yuan renminbi rupees rubles roubles francs pesos shillings dinars riyals rand lire
marks krona kronor kroner won dirhams lira ringgit baht naira reais rials
kilometres kilometers metres meters miles feet inches yards acres hectares tonnes tons kilograms kilos grams litres
liters gallons barrels ounces degrees watts megawatts gigawatts
points percentages times
seconds minutes hours days nights weeks months years decades centuries
hundreds thousands millions billions trillions dozens
""".split())
_COUNTED_AFTER = re.compile(r"[\s-]+([a-z]+s)\b")


def amounts(text: str) -> list[str]:
    """The quantities of a sentence that can be an amount (see `_AMOUNT_NOUNS`): "$5bn", "20%", "two million
    barrels", "£105 a week"; not a count of things ("two nations", "15 countries"), which no how-much question
    asks."""
    out = []
    for m in _measures(text):
        counted = _COUNTED_AFTER.match(text, m.end())
        if counted and counted.group(1) not in _AMOUNT_NOUNS:
            continue
        out.append(m.group())
    return out


def dates_answer(asking_phrase: str) -> bool:
    """Whether a date can answer a question that wants a number, by its asking words (QuestionInfo.asking_phrase):
    "How long has he ...?" ("since 2004"), "How old ...?" ("born in 1976"), "How often ...?" ("every year since
    1990"); not how many, how much, how high, what percentage ..., where a year or a day counts nothing."""
    return asking_phrase.lower() in ("how long", "how old", "how often")


# "How long did the meeting last?", "How long is the film?": a length of time, which no date gives. "How long has
# he served?" is answered by "since 2004" and "How long ago ...?" by "in 1990": those two are no such question.
_WANTS_DURATION = re.compile(r"\bhow\s+long\b(?!\s+ago\b)(?!\s+(?:has|have|had|hasn't|haven't)\b)", re.IGNORECASE)
_TIME_UNIT = r"(?:seconds?|minutes?|hours?|days?|nights?|weeks?|months?|years?|decades?|centur(?:y|ies)|terms?)"
# A length of time: a count of a unit ("26 1/2 hours", "three weeks", "a decade", "one to five days", "the 25-year
# sentence", "30 or 40 years"), units by the plural alone ("for years", "decades of war"), or a span from one year to
# another.
_DURATION_RE = re.compile(
    rf"\b(?:\d[\d,.]*|{'|'.join(_NUMBER_WORDS.split())}|a|an|several|few|many|couple\s+of)"
    rf"(?:\s+(?:\d+/\d+|and\s+a\s+half|(?:or|to)\s+\S+))?[\s-]+{_TIME_UNIT}\b"
    r"|\b(?:seconds|minutes|hours|days|nights|weeks|months|years|decades|centuries)\b|\bovernight\b"
    # a span between two years: "from 1978 until his death in 2005", "between 1990 and 1995"
    r"|\b(?:from|between)\s+(?:\w+\s+){0,2}(?:1[89]|20)\d\d\b[^.;]{0,40}?\b(?:to|until|till|through|and)\b[^.;]{0,40}?\b(?:1[89]|20)\d\d\b",
    re.IGNORECASE)


def wants_duration(question: str) -> bool:
    """A how-long question asking a length of time, which a date cannot answer (see `_WANTS_DURATION`)."""
    return _WANTS_DURATION.search(question) is not None


def durations(text: str) -> list[str]:
    """The lengths of time a sentence gives ("for 48 minutes", "over 26 years", "for decades")."""
    return [m.group() for m in _DURATION_RE.finditer(text)]


class Span(NamedTuple):
    """A piece of a sentence and its offsets in it."""

    text: str
    start: int
    end: int


@functools.lru_cache(maxsize=65_536)
def _matches(text: str, pattern: re.Pattern[str], group: int) -> tuple[Span, ...]:
    """Every match of `pattern` in `text`. Cached: the re-ranker asks this of the same candidate sentences question
    after question (a sentence's dates and numbers do not change), and the scan was a seventh of an answer's time."""
    return tuple(Span(m.group(group), m.start(group), m.end(group)) for m in pattern.finditer(text))


def _new_spans(text: str, pattern: re.Pattern[str], question_terms: frozenset[str],
               term_spans: TermSpans, group: int = 0) -> list[Span]:
    """Matches of `pattern` in `text` that carry at least one word the question does not."""
    found = []
    for span in _matches(text, pattern, group):
        terms = [t for t, _, _ in term_spans(span.text)]
        if not terms or any(t not in question_terms for t in terms):
            found.append(span)
    return found


# Words that make a run of capitals a body, a place or a document rather than someone: "the Ministry of Foreign
# Affairs", "the Federation Council", "Bole International Airport".
# Month names that are also people's names, alone ("May said ..."): a lone one may still be someone.
_MONTH_NAMES_TOO = frozenset({"may", "june", "april", "august"})
_INSTITUTION_WORDS = frozenset("""
ministry ministries affairs council assembly parliament congress senate committee commission union alliance
organization organisation agency department office government administration embassy consulate court party
bank fund forum summit conference university institute centre center association federation republic kingdom
cooperation partnership airport palace house hall square street avenue road news press times post daily
meeting meetings session talks treaty agreement accord group company corporation army navy police forces
""".split())


def not_a_person(name: str) -> bool:
    """A run of capitals that names no one: it ends in an institution's or a place's word, or is a country
    ("Foreign Affairs", "Equatorial Guinea"; not "House Speaker Nancy Pelosi"). A who-question answered by such a
    sentence has found no one."""
    from retrieval.answering.aliases import territory_names  # (CLDR's list, read on the first who-question)

    words = [w.strip(".,’'").lower() for w in name.split()]
    if len(words) == 1 and (words[0] in WEEKDAYS or (words[0] in MONTH_NUMBERS and words[0] not in _MONTH_NAMES_TOO)):
        return True  # "In the evening hours of September 24": a month or a weekday is no one
    return bool(words) and (words[-1] in _INSTITUTION_WORDS or " ".join(words) in territory_names())


def _names(text: str, question_terms: frozenset[str], term_spans: TermSpans) -> list[Span]:
    out = []
    for m in _CAP_RE.finditer(text):
        ws = m.group().split()
        start = m.start()
        while ws and ws[0].lower() in _FUNCTION_CAPS:
            start = text.index(ws[1], start + len(ws[0])) if len(ws) > 1 else m.end()
            ws = ws[1:]
        if not ws:
            continue
        chunk = " ".join(ws)
        terms = [t for t, _, _ in term_spans(chunk)]
        if terms and any(t not in question_terms for t in terms):
            out.append(Span(chunk, start, m.end()))
    return out


# A run of capitalised words ("Oxfam's Barbara Stocking", "Byron W. Brown"); full_name takes its names apart.
_CAP_RUN_RE = re.compile(r"\b[A-Z][a-z][\w'’-]*(?:\s+(?:[A-Z]\.|[A-Z][a-z][\w'’-]*))+")
_RUN_WORD_RE = re.compile(r"\S+")


def full_name(text: str, question_terms: frozenset[str], term_spans: TermSpans) -> Span | None:
    """The first name of two or more capitalised words none of which the question holds: what a who-question's
    answer names ("Who runs Oxfam?" ... "Oxfam's Barbara Stocking said"). A word the question holds, or a function
    word capitalised to open the sentence ("The", "But"), splits a run of capitalised words. Measured against
    leaving out a name that opens the sentence: held out, newsqa 0.405 against 0.406 and SQuAD 0.741 against 0.744,
    but that lost the BBC blind set's "Tom Shanklin will start in the centre ..." (b099); this loses nothing there."""
    for m in _CAP_RUN_RE.finditer(text):
        group: list[tuple[int, int]] = []
        for w in (*_RUN_WORD_RE.finditer(m.group()), None):
            terms = [t for t, _, _ in term_spans(w.group())] if w is not None else []
            if (w is not None and terms and not any(t in question_terms for t in terms)
                    and w.group().lower() not in _FUNCTION_CAPS):
                group.append((m.start() + w.start(), m.start() + w.end()))
                continue
            if len(group) >= 2:
                return Span(text[group[0][0]:group[-1][1]], group[0][0], group[-1][1])
            group = []
    return None


def answer_shapes(expects: Shape, text: str, question_terms: frozenset[str], term_spans: TermSpans) -> list[Span]:
    """Pieces of `text` of the expected shape that the question did not already say."""
    if expects == DATE:
        return _new_spans(text, _DATE_RE, question_terms, term_spans)
    if expects == NUMBER:
        return _new_spans(text, _NUMBER_RE, question_terms, term_spans)
    if expects == AGE:
        return _new_spans(text, _AGE_RE, question_terms, term_spans)
    if expects == PLACE:
        return (_new_spans(text, _PLACE_RE, question_terms, term_spans, group=1)
                + _new_spans(text, _SOMEWHERE_RE, question_terms, term_spans))
    if expects == PERSON:
        people = [s for s in _names(text, question_terms, term_spans) if not not_a_person(s.text)]
        return people or _new_spans(text, _ROLE_RE, question_terms, term_spans)
    if expects == NAME:
        return _names(text, question_terms, term_spans)
    if expects == REASON:
        return [Span(m.group(), m.start(), m.end()) for m in _REASON_RE.finditer(text)]
    return []


def defines(subject: str, text: str) -> bool:
    """An appositive ("X, the ...") or copula ("X is a ...") about `subject`, or a title before it."""
    s = re.escape(subject)
    patterns = (
        rf"{s}\s*,\s*(?:the|a|an|who|which|[\w.'’-]+['’]s|[A-Z][\w.'’-]*|[a-z][\w-]*\s+(?:of|for|at|to|in)\b)",
        rf"{_ROLE_RE.pattern}[^,.;]{{0,60}}?\s{s}\b",
        rf"{s}\s+(?:is|was|are|were|has been|serves as|became)\s+(?:a|an|the|[\w'’-]+['’]s)\b",
        rf"\b(?:the|a|an)\s+[^.;]{{3,80}}?,\s*{s}\b",
    )
    return any(re.search(p, text, re.IGNORECASE) for p in patterns)
