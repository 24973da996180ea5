"""A second turn ranked and judged against the first: what the conversation already gave weighs less.

In a conversation the previous question's words are given: "What did Kim Du-yeon call a good sign?"
after "Who is Kim Du-yeon?" asks about "call a good sign"; Kim Du-yeon is who it is about, and the
sentences around the one that names him are about him too. So, for a question asked with a previous
turn:

- given concepts weigh less (`given_weight` of their idf): a concept all of whose terms the previous
  question as read holds, or that the follow-up reading put in from the previous turn ("he = Noh
  Kyu-duk"). A sentence holding only the subject no longer outranks one holding what is new, whose
  neighbours name the subject (the re-ranker's context feature);
- a given concept counts as held by a sentence whose article holds it (`subject_in_article`): fully for
  a sentence led by a pronoun ("He will succeed the previous High Commissioner" after a question about
  Paul Boateng), a quarter for any other; a sentence of another article gets nothing; and a sentence
  led by a pronoun right after the previous answer goes on from it ("It came just days after ..." after
  "The meeting was the first among the envoys"), `after_answer`; any sentence right after the previous
  answer, whatever leads it, `near_answer` (a follow-up is mostly answered next to what answered the question it
  leans on: "and carlsberg?" after Heineken's profits); and any sentence of the previous
  answer's article gets `previous_article` (a follow-up mostly stays in the story it leans on: "how long will
  Iran keep supplying it" after India's gas deal is not answered by Fiat's engine supplies), when it holds one of
  the words the second turn adds (`previous_article_needs_new`: the story lifts what answers what is new, not a
  sentence naming only the subject); the previous
  answer itself, when it holds none of the words the second turn adds, loses `repeat_answer` (the user has
  read it: "What is his next goal?" after "How old is he?" is not answered by his age again); a sentence whose
  article names none of the names the conversation carries loses `subject_absent` ("and where did it make record
  profits last year", it = GM, is not answered by Qantas's record profit); the previous answer's article is always
  in the pool (`previous_in_pool`);
- not sure: the question adds words of its own and no article uses any of them ("Which ABC programme
  was the interview on?" after the interview was found: "programme" is nowhere). The answer is
  then only the subject again; likewise when the best sentence holds none of them (`not_sure_unheld`).
  Words that ask for a role ("job", "title", "post") are left out: a sentence gives the role without the
  word; so are verbs any event or quotation answers ("happened", "did", "said", "told").

Only a second turn the follow-up reading found leaning on the first gets a Conversation (`QAService.ask`):
a question on a new subject, even one sharing words with the previous question, ranks exactly as alone.
The numbers are in params.FollowupParams.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace

from retrieval.answering.articles import ArticleView
from retrieval.answering.params import FollowupParams
from retrieval.answering.question import AGE, DATE, NUMBER, ROLE_NOUNS, SAYING_VERBS, Shape
from retrieval.answering.rerank import Concept, Ranked, concept_in_bag
from retrieval.index.analyzer import Analyzer
from retrieval.records import Feature, Turn


@dataclass(frozen=True, slots=True)
class Conversation:
    """What a second turn is asked against: the previous question as read, and what the follow-up
    reading carried over from the previous turn."""

    previous_question: str
    carried: tuple[str, ...] = ()
    # The previous best answer's article and place in it (None when it was refused).
    previous_answer: tuple[str, int] | None = None
    # Its text: a copy of it in another article is the same answer again (`repeat_answer`).
    previous_text: str | None = None

    @classmethod
    def after(cls, previous: Turn, carried: Iterable[str] = ()) -> Conversation:
        best = previous.reply.answers[0] if previous.reply.answers and not previous.reply.no_answer else None
        return cls(previous.reply.question or previous.question, tuple(carried),
                   (best.source, best.position) if best else None, best.text if best else None)

    def repeats(self, source: str, position: int, text: str) -> bool:
        """The sentence is the previous best answer, or a copy of it another article carries word for word."""
        return self.previous_answer == (source, position) or (
            self.previous_text is not None and _same_words(text, self.previous_text))


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
    its new words when no article uses any of them, or when the best sentence holds none of them (it only
    names the subject again: "How long did the Workers' Party plenary session last?" answered by the sentence
    naming the session, which holds no "last"); or, when it adds no word of its own ("How old is he?", "When?"), its question
    phrase when the best sentence holds nothing of the shape it asks for."""
    # (a noun naming only the kind of answer is no word of its own to find: "On what condition?" -> "only if ...")
    own = [(c.label, m) for c, n, m in zip(weighed.concepts, weighed.new, best.matches or (0.0,) * len(weighed.new))
           if n and _asks_something(c.label) and c.label.lower() not in _ANSWER_KINDS]
    new = [label for label, _ in own]
    if not new:
        # nothing of its own but what it asks ("How old is he?", "When did she take up that job?")
        if p.not_sure_shapeless and expects in _FOUND_RELIABLY and best.values and best.value_of("answer_type") <= 0:
            return (asked,)
        return ()
    absent = {w.lower() for w in missing}
    if p.not_sure_unsupported and all(label.lower() in absent for label in new):
        return tuple(new)
    if p.not_sure_unheld and best.matches and all(m <= 0.0 for _, m in own):
        # the best sentence holds none of what the follow-up adds: it only names the subject again
        return tuple(new)
    return ()


# A sentence whose subject is a pronoun within its first words ("He will succeed ...", "But she said ...",
# "It came days after ..."): it is about something named before it. ("This is ..." points at a fact, not a subject.)
_PRONOUN_LEAD = re.compile(r"^\W*(?:\w+,?\s+){0,2}?(?:he|she|they|it|his|her|their|its)\b", re.IGNORECASE)
# Verbs any event answers ("What happened after that?", "When did he start?" -> "took over in May"), and saying
# verbs any quotation answers ("What did Noh tell him?" -> "Noh said ..."): a small corpus lacking one says nothing.
_GENERIC_VERBS = SAYING_VERBS | frozenset(
    "happen happens happened happening do does did done doing go goes went gone get gets got make makes made "
    "take takes took taken start starts started begin begins began begun end ends ended "
    "work works worked working".split())  # "Where does he work?": any affiliation answers, like a role noun


def _asks_something(label: str) -> bool:
    """A new word that says what the follow-up asks: not a role noun or a generic verb, which any answer meets."""
    return label.lower() not in ROLE_NOUNS and label.lower() not in _GENERIC_VERBS


# "On what condition?", "For what reason?", "In what way?": the answer gives one without the word.
_ANSWER_KINDS = frozenset("condition conditions reason reasons way ways circumstances".split())


# Shapes whose absence means something: dates, numbers and ages are found by pattern. A place or a reason often is
# not ("in an interview with ABC" answers "Where did he say it?" and holds no place the detector knows).
_FOUND_RELIABLY = frozenset({DATE, NUMBER, AGE})


def _adds_nothing(r: Ranked, weighed: Weighed) -> bool:
    """The sentence holds none of the words the second turn adds, and it adds some ("What is his next goal?"
    answered by the sentence that answered "How old is he?")."""
    new = [m for c, n, m in zip(weighed.concepts, weighed.new, r.matches or ()) if n and _asks_something(c.label)]
    return bool(new) and all(m <= 0.0 for m in new)


def subject_in_article(ranked: Sequence[Ranked], article_terms: Mapping[str, AbstractSet[str]], weighed: Weighed,
                       coverage_weight: float, p: FollowupParams, conversation: Conversation | None = None,
                       before: Callable[[str, int], AbstractSet[str]] | None = None) -> list[Ranked]:
    """A given concept (the subject the conversation carries) counts as held by a sentence whose article
    holds it: "He will succeed the previous High Commissioner" answers "Who will he succeed?" after a
    question about Paul Boateng, from his article, though it names only "he". Added as the coverage the
    sentence would have, times `subject_article` (an `--explain` line of its own), then re-sorted. A
    sentence of another article gets nothing, so the subject still picks the story. A pronoun stands for what
    was named just before it: with `before` (the terms of the `antecedent_window` sentences before a sentence),
    a pronoun-led sentence gets the full share only for a given concept one of those holds ("He lost to Joe
    Biden ..." after a sentence about Trump is no sentence about Joe Manchin), else the plain share. Also here,
    each its own line: `previous_article` for a sentence of the previous answer's article, `after_answer` for a
    pronoun-led sentence right after the previous answer."""
    if not (p.subject_article and any(not n for n in weighed.new)) and not p.subject_absent and not (
            (p.previous_article or p.repeat_answer or p.near_answer) and conversation and conversation.previous_answer):
        return list(ranked)
    total = sum(c.weight for c in weighed.concepts) or 1.0
    # the names the conversation is about ("GM" of "where did it make record profits"): an article naming none of
    # them is another story
    subjects = [c for c, n in zip(weighed.concepts, weighed.new) if not n and c.label[:1].isupper()] \
        if p.subject_absent else []
    out = []
    for r in ranked:
        terms = article_terms.get(r.candidate.sentence.source)
        # "He will ...": about someone named before; but one holding none of the question's words ("It could take up
        # to 15 years ...") answers nothing of it, whoever it is about
        leans = bool(_PRONOUN_LEAD.match(r.candidate.sentence.text)) and (
            not p.lead_needs_a_word or any(m > 0.0 for m in r.matches or ()))
        antecedents = before(r.candidate.sentence.source, r.candidate.sentence.position) \
            if leans and before is not None and p.antecedent_window else None
        bonus = 0.0
        if terms is not None and r.matches and p.subject_article:
            for c, m, n in zip(weighed.concepts, r.matches, weighed.new):
                if n or m >= 1.0:
                    continue
                full = leans and (antecedents is None or concept_in_bag(c, antecedents) > 0.0)
                share = p.subject_article if full else p.subject_article_plain
                bonus += coverage_weight * share * (1.0 - m) * concept_in_bag(c, terms) * c.weight / total
        lines = []
        if bonus > 0:
            lines.append(Feature("subject_in_article", round(bonus, 4), "its article names what the conversation is about"))
        s = r.candidate.sentence
        if p.previous_article and conversation and conversation.previous_answer \
                and conversation.previous_answer[0] == s.source \
                and not (p.previous_article_needs_new and _adds_nothing(r, weighed)):
            lines.append(Feature("previous_article", p.previous_article, "the article of the previous answer"))
        if leans and conversation and conversation.previous_answer == (s.source, s.position - 1) and p.after_answer:
            lines.append(Feature("after_answer", p.after_answer, "it goes on from the previous answer"))
        if p.near_answer and conversation and conversation.previous_answer \
                and conversation.previous_answer[0] == s.source and _near(s.position - conversation.previous_answer[1], p):
            lines.append(Feature("near_answer", p.near_answer, "next to the previous answer"))
        if p.repeat_answer and conversation and conversation.repeats(s.source, s.position, s.text) \
                and _adds_nothing(r, weighed):
            lines.append(Feature("repeat_answer", -p.repeat_answer, "the previous answer again, holding nothing new"))
        if subjects and terms is not None and all(concept_in_bag(c, terms) <= 0.0 for c in subjects):
            lines.append(Feature("subject_absent", -p.subject_absent, "its article names none of what the conversation is about"))
        if not lines:
            out.append(r)
            continue
        out.append(replace(r, score=r.score + sum(f.value for f in lines), features=(*r.features, *lines)))
    out.sort(key=lambda r: (-r.score, -r.candidate.bm25, r.candidate.sentence.id))
    return out


def _same_words(one: str, other: str) -> bool:
    """The same sentence whatever its quotes, dashes and spacing."""
    return _WORDS.findall(one.lower()) == _WORDS.findall(other.lower())


_WORDS = re.compile(r"\w+")


def _near(distance: int, p: FollowupParams) -> bool:
    """Within `near_window` sentences of the previous answer (before it too when `near_before`), not the answer itself."""
    return distance != 0 and abs(distance) <= p.near_window and (distance > 0 or p.near_before)


def sentences_before(views: Mapping[str, ArticleView], window: int) -> Callable[[str, int], frozenset[str]]:
    """The terms of the `window` sentences before a sentence of one of the pool's articles, by source and position
    (what a pronoun leading that sentence can stand for). Worked out only for the pronoun-led sentences asked about."""
    index: dict[str, dict[int, int]] = {}

    def before(source: str, position: int) -> frozenset[str]:
        view = views.get(source)
        if view is None or window <= 0:
            return frozenset()
        at = index.get(source)
        if at is None:
            at = index[source] = {row[1]: i for i, row in enumerate(view.rows)}
        i = at.get(position)
        if i is None:
            return frozenset()
        return frozenset(t for j in range(max(0, i - window), i) for t in view.analysed(j)[0])

    return before
