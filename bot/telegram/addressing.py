"""Which group messages are meant for the bot: a reply to one of its answers only when it is a question.

In a group every reply to the bot reaches it, and most are not questions ("thanks!", "lol", 👍, or a
word to another member). A reply counts as a question when it asks one: a question mark, or a first
word that opens a question ("who", "what", "did", "tell me"…), and it does not name someone else.
"""
from __future__ import annotations

import re

QUESTION_OPENERS = frozenset(
    "who whom whose what which when where why how is are was were am do does did can could will would shall "
    "should may might must has have had tell explain describe list name show give define".split())
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def is_question(text: str) -> bool:
    """True for text that asks something; False for thanks, laughter, emoji and other small talk."""
    words = _WORD.findall(text.lower())
    if not words:
        return False
    if "?" in text or "？" in text:
        return len(words) >= 2 or words[0] in QUESTION_OPENERS  # "lol?" and "really?" are reactions
    first = words[0]
    if first in {"and", "so", "but", "also", "ok", "okay", "please", "then"} and len(words) > 1:
        first = words[1]
    return first in QUESTION_OPENERS and len(words) >= 3


def names_someone_else(mentions: list[str], bot_username: str) -> bool:
    """True when the message @mentions anyone but the bot (or a member by name, which carries no @)."""
    own = f"@{bot_username}".lower()
    return any(m.lower() != own for m in mentions)
