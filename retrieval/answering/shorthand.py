"""Chat shorthand read as the words it stands for, before anything else reads the question.

"wat did u say abt pyongyang lol" is "what did you say about pyongyang": no article writes "wat", "abt" or "lol",
so left as typed they were words the articles lack, and a question with missing words is refused ("No article
mentions 'abt'"). Each entry is one spelling people type in chats for one English word; laughter and sign-offs
("lol", "thx") ask nothing and are dropped. Expanding is silent, as "whats" -> "what is" is: the reader corrects
typos of the store's words and says so, but this is no guess about the store, just the same word spelt short.

Only whole words, and never a letter of an abbreviation ("u.s.", "U-turn"). Three kinds of caution:
- "u", "r", "ur", "rn" ("right now") only in lower case: "U" and "R" are initials ("George R. R. Martin", "Plan B"),
  "RN" the Royal Navy; "w" for "with" only
  in lower case before a determiner ("w the rifle"; "george w bush" keeps its initial).
- the wh-words ("wat", "y", "hw") only where a question word stands, first, after "and"/"so"/"but" or after the
  preposition opening the question ("in wat city"): elsewhere they may be a name ("Angkor Wat", "Mr Y"); "wen" only
  there, in lower case and before an auxiliary ("wen did they meet"; "wen jiabao visited" keeps the name).
- nothing that is also a common written word or name ("wen": Wen Jiabao; "hu": Hu Jintao; "bout": Viktor Bout;
  "n": "rock n roll", but "and" between two question words or after a content word ("vietnam n china"); "pm": prime minister; "bn" after a number is its scale, read by the quantities).
"""
from __future__ import annotations

import re

# Anywhere in the question, any case ("Abt", "GOVT" too): none of these is an English word or a usual name.
_WORDS = {
    "abt": "about", "ppl": "people", "govt": "government", "gov't": "government",
    "yr": "year", "yrs": "years", "b4": "before", "cuz": "because", "coz": "because", "bcoz": "because",
    "becuz": "because", "thru": "through", "pls": "please", "plz": "please", "tmrw": "tomorrow",
    "tmr": "tomorrow", "2day": "today", "2moro": "tomorrow", "smth": "something", "sth": "something",
    "w/": "with", "w/o": "without", "prez": "president", "dept": "department",
    "intl": "international", "natl": "national", "approx": "approximately",
    "gonna": "going to", "wanna": "want to", "gotta": "got to", "kinda": "kind of", "sorta": "sort of",
    "dunno": "do not know", "lemme": "let me", "gimme": "give me",
    "wud": "would", "wld": "would", "shud": "should", "shld": "should", "cld": "could",
    # contractions typed without their apostrophe
    "dont": "don't", "doesnt": "doesn't", "didnt": "didn't", "isnt": "isn't", "wasnt": "wasn't", "arent": "aren't",
    "werent": "weren't", "havent": "haven't", "hasnt": "hasn't", "hadnt": "hadn't", "wouldnt": "wouldn't",
    "couldnt": "couldn't", "shouldnt": "shouldn't", "cant": "can't", "wont": "won't", "thats": "that is",
    "theres": "there is", "hes": "he is", "shes": "she is", "theyre": "they are", "youre": "you are",
}
# Lower case only: in capitals these are initials.
_LOWER = {"u": "you", "r": "are", "ur": "your", "ya": "you", "rn": "now"}  # ("RN": the Royal Navy, a nurse)
# Only where a question word stands (first, or after "and", "so", "but", "ok"): elsewhere they may be names.
_WH = {"wat": "what", "wot": "what", "wut": "what", "wht": "what", "hw": "how", "y": "why", "wher": "where",
       "whr": "where", "whn": "when"}
# Said to the bot, asking nothing: dropped with the space before them.
_FILLER = frozenset("lol lmao rofl haha hahaha hehe thx thnx thanx tia btw tbh imo imho omg hmm hmmm".split())

# A greeting or "quick question" before the question asks nothing: "hey quick q - who bought yugansk??".
_SEP = r"(?:\s*[,!.:;]+\s*|\s+-+\s*|\s+)"  # never a bare hyphen: "so-called" is a word
# ("so far", "so many" are no opener: "so far who does it cover" asks about what it covers so far)
_OPENING = re.compile(rf"^(?:(?:hey+|hi+|hello|yo|ok|okay|um+|uh+|so(?!\s+(?:far|much|many|long|often|few|little|soon)\b))(?:\s+(?:there|guys|all|everyone|bot|qabot))?{_SEP})+"
                      rf"(?:(?:a\s+)?(?:quick|one|another)\s+(?:q|qn|qs|question){_SEP}?[?]?\s*)?"
                      rf"|^(?:a\s+)?quick\s+(?:q|qn|question)\b{_SEP}?[?]?\s*", re.IGNORECASE)

# A word: letters, digits, "/" and an inner apostrophe; not part of a dotted abbreviation or a hyphenated compound.
_TOKEN = re.compile(r"(?<![\w.'’/-])([A-Za-z0-9][\w'’/]*\.?)(?![\w'’-]|\.\w)")
_OPENERS = frozenset({"and", "so", "but", "ok", "okay", "also"})
# A question may open with its preposition ("in wat city did they sign", "for hw long", "by wat date"): a wh-shorthand
# right after one that opens the question stands where a question word does (no name comes after "in" first).
_OPENING_PREPOSITIONS = frozenset("in at on by for from to since until till of with into under".split())
# "wen" is "when" only in lower case where a question word stands and before an auxiliary ("wen did they meet"): the
# name ("Wen Jiabao", "wen jiabao visited") is followed by a name or a verb of its own.
_AUXILIARY = re.compile(r"\s+(?:did|does|do|is|was|are|were|r|will|would|has|have|had|can|could|should|shall|must|might)\b")
# "w" is "with" only in lower case, inside the question, before a determiner ("the guy w the rifle", "talks w his
# counterpart"): elsewhere it is an initial ("george w bush") or a letter.
_DETERMINER = re.compile(r"\s+(?:the|a|an|his|her|its|their|our|my|your|ur|this|that|these|those|some|no|two|three)\b")

# "n" is "and" between two question words ("where n when", "who n why"), and between two words the first of which is
# no function word ("blair n brown", "vietnam n china", "crude n gasoline"). After a function word ("talks with n
# korea", "the n korean leader") or before a place chat writes "north" before ("who leads n korea") it stays: chat's
# "north", a letter of a name, or of "rock n roll".
_QUESTION_WORDS = frozenset("what where when who whom whose why how which".split()) | frozenset(_WH)
_NOT_BEFORE_AND = frozenset("with in on to of for from about against at by into over under near the a an and or but "
                            "is are was were be been am do does did has have had will would can could should may might "
                            "must he she it we they me him her them us his its our their this that these those "
                            "north south rock".split())
# The next word, unless a place chat writes "north" before: "who leads n korea", "visits n ireland".
_NEXT_WORD = re.compile(r"\s+(?!(?:korea|koreans?|ireland|irish|dakota|carolina|america|americans?|africa|africans?|wales|"
                        r"england|yorkshire|europe|european|sea|pole|atlantic|pacific|side|east|west)\b)[a-z]{2,}\b")
_NEXT_QUESTION_WORD = re.compile(r"\s+(?:what|where|when|who|whom|whose|why|how|which|wat|wot|wut|wht|hw|y|wher|whr|whn)\b",
                                 re.IGNORECASE)


def expand_shorthand(text: str) -> str:
    """`text` with chat shorthand spelt out and chat filler dropped; every other character as typed."""
    opening = _OPENING.match(text)
    if opening and text[opening.end():].strip(" ?!.,-"):
        text = text[opening.end():]
    out: list[str] = []
    at = 0
    previous: str | None = None  # the word before, lower case; None at the start
    opens_with_preposition = False
    for m in _TOKEN.finditer(text):
        typed = m.group(1)
        bare = typed.rstrip(".")  # "approx." -> "approx", its period kept after the word
        dot = typed[len(bare):]
        word = bare.lower()
        new: str | None = typed
        if word in _FILLER and (previous is not None or m.end() < len(text.rstrip(" ?!."))):
            new = None  # (a question that is nothing but "lol" stays as typed: small talk is not ours to judge)
        elif word in _WORDS:  # an abbreviation's own period goes with it, unless it ends the question
            new = _match_case(_WORDS[word], bare) + (dot if not text[m.end():].strip() else "")
        elif word[-2:] in ("'s", "’s") and word[:-2] in _WORDS:  # "govt's"
            new = _match_case(_WORDS[word[:-2]], bare[:-2]) + bare[-2:] + dot
        elif bare in _LOWER:
            new = _LOWER[bare] + dot
        elif bare == "w" and not dot and previous is not None and _DETERMINER.match(text, m.end()):
            new = "with"  # "the guy w the rifle"; "george w bush" keeps its initial
        elif bare == "n" and not dot and previous is not None and (
                (previous in _QUESTION_WORDS and _NEXT_QUESTION_WORD.match(text, m.end()))
                or (previous.isalpha() and len(previous) > 1 and previous not in _NOT_BEFORE_AND
                    and _NEXT_WORD.match(text, m.end()))):
            new = "and"  # "where n when is the next meeting", "vietnam n china"; "rock n roll", "with n korea" keep it
        elif word in _WH and (previous is None or previous in _OPENERS or opens_with_preposition) and (
                len(bare) > 1 or bare.islower()):
            new = _match_case(_WH[word], bare) + dot
        elif bare == "wen" and not dot and (previous is None or previous in _OPENERS or opens_with_preposition) and (
                _AUXILIARY.match(text, m.end())):
            new = "when"  # "wen did america leave the deal"; "wen jiabao visited" keeps the name
        if new is None:
            start = m.start()
            while start > at and text[start - 1] == " ":
                start -= 1
            out.append(text[at:start])
        else:
            out.append(text[at:m.start()])
            out.append(new)
        at = m.end()
        # the word just read is a preposition opening the question ("in" of "in wat city"), so the next one may be a
        # question word
        opens_with_preposition = (previous is None or previous in _OPENERS) and word in _OPENING_PREPOSITIONS
        previous = word
    out.append(text[at:])
    expanded = "".join(out)
    return expanded.lstrip() if expanded.strip() else text


def _match_case(word: str, typed: str) -> str:
    """`word` in the case `typed` was written in: "Abt" -> "About", "GOVT" -> "GOVERNMENT"."""
    if typed.isupper() and len(typed) > 1:
        return word.upper()
    if typed[:1].isupper():
        return word[:1].upper() + word[1:]
    return word
