"""A question's verb in its other, irregular forms: "Who did Kim meet?" is answered by "Kim met Noh", "what did the
attacker throw" by "an individual threw two Molotov cocktails".

The stemmer makes "visits", "visited" and "visiting" one term, but leaves "meet" / "met", "throw" / "threw", "hold" /
"held", "win" / "won" apart, and questions ask with "did ... meet" what stories tell with "met". The forms come from
lemminflect's tables (English lemmas and inflections, shipped in its wheel), not from a list of our own. A form is
added as another wording of the question's word (an Expansion, like an alias: scored as a wording and counted as the
word held) only for a verb's base form, as "did ... meet" asks, only where the stemmer gives the form another term, the index holds it, and the word is no name (capitalised
past the question's first word). Not for the verbs of saying (AnswerParams.saying_weight gives them no weight), nor
for forms that are as often another word ("left" the side, "found" to set up, "saw" the tool, "lay", "rose",
"fell", "felt", "bore", "spoke", "wound", "ground", "bound", "won" the currency, "lead" the noun: as a wording
it cost seed follow-up h30 its right refusal, in round 30 and again in round 34).
"""
from __future__ import annotations

import functools
from collections.abc import Callable, Sequence

from retrieval.answering.aliases import Expansion
from retrieval.answering.question import SAYING_VERBS

# Forms that are as often another word as the verb's: never added, never expanded.
AMBIGUOUS = frozenset("left found saw seen lay lain lie lied rose fell felt bore spoke wound ground bound won lit lead led "
                      "leaves lives".split())


@functools.lru_cache(maxsize=4096)
def verb_forms(word: str) -> tuple[str, ...]:
    """Every form of the verb whose base form `word` (lower case) is, `word` itself included; () when it is no verb's
    base form."""
    if not word.isalpha() or word in AMBIGUOUS or word in SAYING_VERBS:
        return ()
    from lemminflect import getAllInflections, getAllLemmas  # (its tables load on the first question that asks)

    lemmas = getAllLemmas(word, upos="VERB").get("VERB", ())
    if len(lemmas) != 1:
        return ()  # not a verb, or the form of two ("found": find, found)
    if lemmas[0] != word:
        # Only the base form, as "did ... meet" asks: a question in the past ("which envoys met") finds "met" as
        # asked, and read back to "meet" it also matched "meeting", the noun (the stemmer's "meet"), which cost seed
        # follow-up f35 its first turn (round 34).
        return ()
    forms = {lemmas[0], word}
    for group in getAllInflections(lemmas[0], upos="VERB").values():
        forms.update(group)
    return tuple(sorted(f for f in forms if f.isalpha() and f not in AMBIGUOUS))


def verb_form_expansions(text: str, spans: Sequence[tuple[str, int, int]], analyze: Callable[[str], list[str]],
                         known: Callable[[str], bool], taken: Sequence[Expansion] = ()) -> list[Expansion]:
    """Each lower-case word of the question with the irregular forms of its verb the index holds (as one-term
    alternatives); none where a phrase of `taken` is."""
    busy = {i for e in taken for i in range(e.start, e.end)}
    out: list[Expansion] = []
    for i, (term, start, end) in enumerate(spans):
        word = text[start:end]
        if i in busy or not word.islower():
            continue
        others: dict[tuple[str, ...], str] = {}
        for form in verb_forms(word):
            terms = tuple(analyze(form))
            if len(terms) == 1 and terms[0] != term and known(terms[0]):
                others.setdefault(terms, form)
        if others:
            out.append(Expansion(i, i + 1, (term,), tuple(others), tuple(others.values())))
    return out
