"""A second turn ranked and judged against the first: what the conversation already gave weighs less.

In a conversation the previous question's words are given: "What did Kim Du-yeon call a good sign?"
after "Who is Kim Du-yeon?" asks about "call a good sign"; Kim Du-yeon is who it is about, and the
sentences around the one that names him are about him too. So, for a question asked with a previous
turn:

- given concepts weigh less (`given_weight` of their idf): a concept all of whose terms the previous
  question as read holds, or that the follow-up reading put in from the previous turn ("he = Noh
  Kyu-duk"). A sentence holding only the subject no longer outranks one holding what is new, whose
  neighbours name the subject (the re-ranker's context feature);
- not sure: the question adds words of its own and no article uses any of them ("Which ABC programme
  was the interview on?" after the interview was found: "programme" is nowhere). The answer is
  then only the subject again. Words that ask for a role ("job", "title", "post") are left out: a
  sentence gives the role without the word; so are verbs any event answers ("happened", "did").

Only a second turn the follow-up reading found leaning on the first gets a Conversation (`QAService.ask`):
a question on a new subject, even one sharing words with the previous question, ranks exactly as alone.
The numbers are in params.FollowupParams.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from retrieval.answering.params import FollowupParams
from retrieval.answering.question import DATE, NUMBER, ROLE_NOUNS, Shape
from retrieval.answering.rerank import Concept, Ranked
from retrieval.index.analyzer import Analyzer
from retrieval.records import Turn


@dataclass(frozen=True, slots=True)
class Conversation:
    """What a second turn is asked against: the previous question as read, and what the follow-up
    reading carried over from the previous turn."""

    previous_question: str
    carried: tuple[str, ...] = ()

    @classmethod
    def after(cls, previous: Turn, carried: Iterable[str] = ()) -> Conversation:
        return cls(previous.reply.question or previous.question, tuple(carried))


@dataclass(frozen=True, slots=True)
class Weighed:
    """The question's concepts with the given ones weighed down, and which are new."""

    concepts: tuple[Concept, ...]
    new: tuple[bool, ...]  # per concept: not given by the conversation


def weigh(concepts: Sequence[Concept], conversation: Conversation, analyzer: Analyzer,
          p: FollowupParams) -> Weighed:
    """Concepts all of whose terms (as asked) the conversation gave weigh given_weight of their idf."""
    given = frozenset(t for text in (conversation.previous_question, *conversation.carried) for t in analyzer.terms(text))
    out: list[Concept] = []
    new: list[bool] = []
    for c in concepts:
        is_given = bool(c.alternatives[0]) and all(t in given for t in c.alternatives[0])
        new.append(not is_given)
        if is_given:
            c = replace(c, weight=c.weight * p.given_weight,
                        name_parts=tuple(w * p.given_weight for w in c.name_parts))
        out.append(c)
    return Weighed(tuple(out), tuple(new))


def unsupported(weighed: Weighed, missing: Sequence[str], best: Ranked, expects: Shape, asked: str,
                p: FollowupParams) -> tuple[str, ...]:
    """What a second turn asks that the articles do not give (then not sure, naming it); () otherwise:
    its new words when no article uses any of them; or, when it adds no word of its own ("How old is
    he?", "When?"), its question phrase when the best sentence holds nothing of the shape it asks for."""
    new = [c.label for c, n in zip(weighed.concepts, weighed.new)
           if n and c.label.lower() not in ROLE_NOUNS and c.label.lower() not in _GENERIC_VERBS]
    if not new and not any(weighed.new):
        if p.not_sure_shapeless and expects in _FOUND_RELIABLY and best.values and best.value_of("answer_type") <= 0:
            return (asked,)
        return ()
    if not p.not_sure_unsupported or not new:
        return ()
    absent = {w.lower() for w in missing}
    return tuple(new) if all(label.lower() in absent for label in new) else ()


# Verbs any event answers ("What happened after that?", "When did he start?" -> "took over in May"): a small
# corpus lacking one says nothing.
_GENERIC_VERBS = frozenset(
    "happen happens happened happening do does did done doing go goes went gone get gets got make makes made "
    "take takes took taken start starts started begin begins began begun end ends ended".split())
# Shapes whose absence means something: dates and numbers are found by pattern. A place or a reason often is
# not ("in an interview with ABC" answers "Where did he say it?" and holds no place the detector knows).
_FOUND_RELIABLY = frozenset({DATE, NUMBER})
