"""Family and marriage: relations a news article states in their own words, or not at all.

"What is the name of Kim Jong-un's wife?" matches a sentence naming Kim Jong-un as well as any question about him
does, and the word "wife" weighs little against two names. But no article says who someone's wife is without one of
a few words: wife, married, spouse, widow... When the article the best sentence comes from holds none of the words
of the relation asked about, it does not state the relation, and the reply is *not sure* (the closest sentences,
naming the word). SQuAD's "Who was Margaret's husband?" stays answered: its article says "married".
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from retrieval.index.analyzer import Analyzer

# One family per relation; a question naming any word of a family is answered only by an article holding one of
# them ("married" states a husband). Kept to relations whose statement needs the words: family and marriage.
FAMILIES: tuple[frozenset[str], ...] = (
    frozenset("wife wives husband husbands spouse spouses married marry marries marrying marriage wed wedded "
              "wedding widow widower divorce divorced".split()),
    frozenset("fiance fiancee fiancé fiancée engaged engagement betrothed".split()),
    frozenset("son sons daughter daughters child children kid kids baby babies father mother parent parents "
              "dad mum mom stepson stepdaughter grandson granddaughter grandchild grandchildren".split()),
    frozenset("brother brothers sister sisters sibling siblings".split()),
    frozenset("girlfriend boyfriend partner dating".split()),
)

_WORD = re.compile(r"[\w’'-]+")


def asked_relations(question: str) -> tuple[str, ...]:
    """The relation words of the question, as typed ("wife" of "kim jong-un's wife")."""
    out = []
    for w in _WORD.findall(question):
        if _family_of(w) is not None:
            out.append(w)
    return tuple(dict.fromkeys(out))


def _family_of(word: str) -> frozenset[str] | None:
    """The family holding `word`, typed as chat types it too: a possessive without its apostrophe ("kim jong uns
    wifes name") or with it ("the minister's wife's name")."""
    w = word.lower().replace("’", "'").removesuffix("'s").removesuffix("'")
    for form in (w, w[:-1] if w.endswith("s") else w):
        family = next((f for f in FAMILIES if form in f), None)
        if family is not None:
            return family
    return None


def _family_terms(analyzer: Analyzer, family: frozenset[str]) -> frozenset[str]:
    # Analysed per question that names a relation (a few dozen words): no cache to keep in step with the analyzer.
    return frozenset(t for w in family for t in analyzer.terms(w))


def unstated(analyzer: Analyzer, question: str, article_terms: Iterable[str]) -> tuple[str, ...]:
    """The relation words of `question` no word of whose family the article (its analysed terms) holds."""
    words = asked_relations(question)
    if not words:
        return ()
    held = set(article_terms)
    lacking = []
    for w in words:
        family = _family_of(w)
        if family is not None and not held & _family_terms(analyzer, family):
            lacking.append(w)
    return tuple(lacking)
