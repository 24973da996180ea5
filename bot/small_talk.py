"""Messages that are not questions at all ("thanks", "hi", "lol", "bye", "who are you?"): a friendly line instead
of a search.

Every line of a console session and every private Telegram message is taken as a question, but people also
greet, thank and laugh. Searching the articles for "thanks" finds a sentence that happens to hold the word
("… thanks in part to a deal …") and presents it as an answer; these get a short reply instead, and are not
remembered as a conversation turn (so a follow-up after "thanks" still leans on the last real question).
"""
from __future__ import annotations

import re

from retrieval import expand_shorthand

_KINDS: dict[str, frozenset[str]] = {
    "greeting": frozenset("hi hello hey hiya yo howdy morning evening afternoon good day there all everyone".split()),
    "thanks": frozenset("thanks thank you thx ty cheers much so very a lot many great".split()),
    "goodbye": frozenset("bye goodbye cya see you later night good".split()),
    "ack": frozenset("ok okay k kk cool nice great awesome perfect sure fine yes yeah yep no nope nah got it "
                     "alright right lol haha hahaha lmao wow oh ah hmm interesting good".split()),
    "help": frozenset("help".split()),
}
# The word that decides the kind, when every word of the message is small talk.
_MARKERS = {"greeting": {"hi", "hello", "hey", "hiya", "yo", "howdy", "morning", "evening", "afternoon"},
            "thanks": {"thanks", "thank", "thx", "ty", "cheers"},
            "goodbye": {"bye", "goodbye", "cya", "night"},
            "help": {"help"}}
_REPLIES = {
    "greeting": "Hello! Ask me anything about the articles I hold, e.g. who met whom, what was said, and when.",
    "thanks": "You're welcome. Ask another question any time.",
    "goodbye": "Goodbye! Ask again any time.",
    "ack": "Ask me a question about the articles whenever you like.",
}
_REPLIES["about_me"] = ("I'm a bot that answers from the news articles I hold, quoting the sentence that answers "
                        "and its article. Ask me who said what, when, where or how much; type help for more.")
# Questions to the bot about itself ("who are you?", "whats ur name", "tell me a joke", "hows ur day going"): no article answers them, and
# searching finds a sentence that happens to hold "name" or "joking". Whole messages only, question mark or not.
_ABOUT_ME = re.compile(
    r"^(?:(?:hi|hey|hello|ok|so)[\s,!]+)?(?:"
    r"how\s+(?:are|r)\s+(?:you|u|ya)(?:\s+doing)?(?:\s+today)?"
    r"|who\s+(?:are|r)\s+(?:you|u)|(?:what|wat|wot)\s+(?:are|r)\s+(?:you|u)"
    r"|(?:what|wat|wot)(?:'s|’s|s|\s+is)\s+(?:your|ur|yr)\s+name|(?:what|wat|who)\s+(?:made|built|created)\s+(?:you|u)"
    r"|(?:are|r)\s+(?:you|u)\s+(?:a\s+)?(?:bot|robot|human|real|person|ai|chatgpt)"
    r"|(?:tell|give)\s+(?:me|us)\s+a\s+joke(?:\s+(?:please|pls|plz))?"
    r"|what\s+can\s+(?:you|u)\s+do"
    # The asker's or the bot's own day ("hows ur day going", "wat r u up to this weekend", "how old are you"): chat
    # about the bot, not a question on the news, however many of its words ("day", "weekend") some article holds.
    r"|how(?:'s|’s|s|\s+is|\s+was)\s+(?:your|ur|yr)\s+(?:day|week|weekend|morning|evening|night)(?:\s+going)?(?:\s+so\s+far)?"
    r"|how(?:'s|’s|s|\s+is)\s+it\s+going"
    r"|(?:what|wat|wot)\s+(?:are|r)\s+(?:you|u)\s+(?:up\s+to|doing)"
    r"(?:\s+(?:today|tonight|later|now|this\s+(?:weekend|week|evening|morning|afternoon)))?"
    r"|how\s+old\s+(?:are|r)\s+(?:you|u)|where\s+(?:are|r)\s+(?:you|u)\s+from|(?:are|r)\s+(?:you|u)\s+there"
    r"|(?:what|wat|wot)(?:'s|’s|s|\s+is)\s+(?:your|ur|yr)\s+fav(?:ou?rite)?\s+\w+"
    # a chat tail asks nothing more ("wats ur name btw", "who r u lol")
    r")(?:[\s,]+(?:btw|lol|then|tho|though|anyway|pls|plz|please))?[\s?!.]*$", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+")
MAX_WORDS = 4  # "thank you so much" is small talk; a longer message is worth a search


def small_talk(text: str) -> str | None:
    """The kind of small talk `text` is ("greeting", "thanks", "goodbye", "ack", "help", "about_me"), or None for a
    question."""
    # as chat types it too: "hey hw r u doing 2day" is "how are you doing today" (the reader's own shorthand)
    if _ABOUT_ME.match(" ".join(text.split())) or _ABOUT_ME.match(" ".join(expand_shorthand(text).split())):
        return "about_me"
    if "?" in text:
        return None  # "hi, who is Sung Kim?" and even "ok?" ask something
    words = _WORD.findall(text.lower())
    if not words or len(words) > MAX_WORDS:
        return None
    every = frozenset().union(*_KINDS.values())
    if not all(w in every for w in words):
        return None
    for kind, markers in _MARKERS.items():
        if markers & set(words):
            return kind
    return "ack"


def small_talk_reply(kind: str) -> str:
    """What the bot says to small talk of `kind` (help is each front end's own help text)."""
    return _REPLIES.get(kind, _REPLIES["ack"])
