"""Follow-up questions read against the conversation's previous turn.

"What did he do before that?" after "Who is Sung Kim?" is about Sung Kim. A question leans on the
previous one in three general ways, each read here by rule, with no model:

- anaphora: a pronoun stands for something the previous turn named, chosen by agreement and salience.
  Person pronouns (he, she, him, his, her, they, them, their) take the previous question's person: the
  one it quotes ("according to Noh"), else the name it asks about (not one after a preposition, not one
  used as a modifier as in "the US envoy"); else, after a who-question, the first new name of its best
  answer ("Foreign Minister Chung Eui-yong": the name after the office); else the person the question
  describes ("the North Korean leader"); else its first name. "she" first takes a woman the turn names
  as one (Ms, Mrs, ...), "he" never does; "him" after the question's own subject is the previous turn's
  other person. No person pronoun takes an organisation, a place or a day. "there" takes the last place
  it names after in/at/to/from. "it" takes a thing: after "Which NOUN ...?" the name the answer gives,
  else a name or noun phrase of the previous question that is no person, no day and no one of two joined
  names. "the meeting", "that session" take the previous turn's noun phrase with that noun ("the North
  Korean party meeting"); "the Japanese ones", a pronoun "those", its noun in the plural. Left with no
  name or phrase, "it"/"that"/"this" carry the previous question's remaining names and content words.
- ellipsis: "What about Japan?", "And Chung Eui-yong?", "How about in Tokyo?" ask the previous
  question again with Japan in place of the previous question's last name after a preposition (or
  its first name; or added as "about Japan" when it named none).
- a bare question word: "When?", "Why did he?", "Where exactly?", "Why not?", "Who says so?" ask the
  previous question again with the new question word (a lead clause, "According to X, ...", moves to
  the end).

A question with none of these inherits nothing, whatever it is about: it names its own subject, or
it is complete as asked. The previous question is taken as read (`Turn.reply.question`, itself
resolved when it was a follow-up), so a chain of follow-ups keeps its subject.

The result is the question text to answer plus a short `reading` for the reply ("he = Sung Kim").
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from itertools import pairwise

from retrieval.answering import kinds
from retrieval.answering.params import DEFAULT, FollowupParams
from retrieval.answering.question import subject_starts, words
from retrieval.answering.spelling import SpellingParams, english_words, inflected
from retrieval.errors import StoreError
from retrieval.index.lexicon import Lexicon, SurfaceWord
from retrieval.index.lexicon import surface_words as _letter_words
from retrieval.records import Outcome, Turn


def _for_the_asker(keys: list[str]) -> bool:
    """Asks about the asker's own doings ("how do i make pancakes", "where can i watch it"): a new request, not more
    about the previous subject, so no "about = Seoul". (Skipping the lean for any word no article holds instead lost
    "how many troops usually take part", whose inherited subject finds the sentence that answers.)"""
    return any(k in ("i", "me", "my", "myself") for k in keys)


@dataclass(frozen=True, slots=True)
class Followup:
    """The question to answer and how it was read (None: it inherited nothing)."""

    text: str
    reading: str | None = None
    # What was put in from the previous turn (names, places, topics): given by the conversation, like the
    # previous question's own words (conversation.py weighs them down).
    carried: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _Name:
    text: str
    start: int  # word index of its first word
    end: int  # word index after its last word
    after_preposition: bool
    modifier: bool  # "the US envoy": the name describes something else
    preposition: str | None = None  # the preposition right before it, if any
    title: bool = False  # "US Special Representative": names an office, not a person
    office: str = ""  # the office words a title run gave before this name ("Foreign Minister" of Chung Eui-yong)


@dataclass(frozen=True, slots=True)
class _Topic:
    query: str  # words the question is read with
    shown: str  # how the reply names them


ENGLISH_WORDS = SpellingParams().english_words
_PERSON = frozenset("he she him his her hers himself herself".split())
_GROUP = frozenset("they them their theirs themselves".split())
_THING = frozenset("it its".split())
_DEMONSTRATIVE = frozenset("that this these those".split())
_POSSESSIVE = frozenset("his her their its".split())
_WH = ("who", "whom", "whose", "what", "which", "when", "where", "why", "how")
_AUXILIARIES = frozenset(
    "is are was were be been am do does did has have had will would can could shall should may might must".split())
_BE = frozenset("is are was were be been being will has have had 's".split())
_DETERMINERS = frozenset("the a an this that these those his her their its our my your".split())
_PREPOSITIONS = frozenset(
    "about of in at to from on with by for into over under after before during between against toward towards "
    "near inside outside across through via amid among within without along around behind beyond throughout beside "
    "despite above below beneath".split())
_PLACE_PREPOSITIONS = frozenset("in at to from near inside into toward towards".split())
_AT_PLACE = frozenset("in at near inside".split())  # a name after one of these is a place by the turn alone
# "there" said of a place reached with "to"/"into"/"toward" is being in it all the same.
_AS_PLACE = {"in": "in", "at": "at", "near": "near", "inside": "inside", "from": "in", "to": "in", "into": "in",
             "toward": "in", "towards": "in"}
_NOT_NAMES = frozenset(
    (*_WH, *_PERSON, *_GROUP, *_THING, *_DEMONSTRATIVE, *_AUXILIARIES, *_DETERMINERS, *_PREPOSITIONS,
     "i", "we", "you", "and", "or", "but", "so", "then", "there", "also", "else", "what's", "who's", "not"))


def _plurals(nouns: str) -> frozenset[str]:
    """Each noun and its plural ("envoy envoys", "secretary secretaries", "spokesman spokesmen")."""
    out = set()
    for n in nouns.split():
        out.add(n)
        if n.endswith("man"):
            out.add(n[:-3] + "men")
        elif n.endswith("y") and n[-2:-1] not in "aeiou":
            out.add(n[:-1] + "ies")
        else:
            out.add(n + "s")
    return frozenset(out)


# Nouns that stand for a person: "the envoy", "the North Korean leader" can be "he"; a name before one
# describes it ("his Japanese counterparts").
_PERSON_NOUNS = _plurals(
    "envoy leader president minister adviser advisor official diplomat spokesman spokeswoman spokesperson "
    "ambassador representative secretary counterpart negotiator chief head director professor analyst expert "
    "chairman premier king queen general commander officer reporter journalist deputy "
    "ceo executive boss founder chairwoman lawmaker legislator senator governor mayor economist author "
    "singer actor actress player coach manager showrunner co-showrunner producer writer presenter dj co-founder "
    "doctor nurse lawyer attorney prosecutor judge teacher scientist researcher")
# The same office written another way in articles ("the TikTok CEO" is "Chief Executive Shou Zi Chew").
_OFFICE_SYNONYMS = {"ceo": ("chief executive",), "boss": ("chief executive", "ceo", "chairman"),
                    "head": ("chief executive", "chairman", "director"), "chief": ("chief executive",)}
# Kinds of names no "he" or "she" stands for.
_NOT_PEOPLE = ("group", "time", "place")
_ELLIPSIS_OPENERS = (("what", "about"), ("how", "about"), ("and", "what", "about"), ("and", "how", "about"),
                     ("what", "of"), ("and",))
_COUNTED = frozenset("two three four".split())
# Plurals without an -s ("how many people has the Justice Department charged" -> "them" = the people).
_IRREGULAR_PLURALS = frozenset("people men women children".split())
# Nouns for a few people together: "Which DJ duo ...?" is answered by the people it names ("JK and Joel").
_PEOPLE_GROUPS = frozenset("duo pair trio couple band partners".split())
# Nouns that stand for a name of one kind: "the country" is a place the previous turn named, "the firm" a company.
_KIND_NOUNS = {**dict.fromkeys("country nation".split(), "place"),
               **dict.fromkeys("company firm carrier airline maker business corporation group giant".split(), "group")}
_QUANTIFIERS = frozenset("many much more most few fewer some any all".split())  # "How many US users": US describes
_NUMBER_WORDS = frozenset("one ones two three four five six seven eight nine ten first second third".split())  # "the two agreed": a number standing for people
_CALENDAR = _plurals("morning afternoon evening night week weekend month year season summer winter spring autumn "
                     "fall quarter century decade time")
_TIME_PREPOSITIONS = frozenset("since before after until till by from".split())
_SUBORDINATORS = frozenset("when while after before as if since and because".split())
_CONJUNCTIONS = frozenset("and but so then ok okay also well".split())
_LEADING_PREPOSITIONS = _PREPOSITIONS | frozenset("since until till upon".split())
_KINDS_OF = frozenset("kind sort type".split())
# "the other guy", "the other one": someone beside the person the previous turn is about.
_SOMEONE = frozenset("guy man woman one person fellow bloke lady".split())
_FILLER = frozenset("else exactly then again too also so ok okay according".split())
# The previous answers' articles while a question is read (FollowupReader.read sets it).
_STORY: ContextVar[str] = ContextVar("followup_story", default="")


# The words an office's title may hold after its noun: "Special Representative for Afghanistan Reconciliation".
_OFFICE_LINKS = frozenset({"for", "of", "on", "and", "to"})


class FollowupReader:
    """Reads a question against the previous turn; see the module docstring."""

    def __init__(self, lexicon: Lexicon, is_stop_word: Callable[[str], bool],
                 params: FollowupParams = DEFAULT.followup,
                 terms: Callable[[str], Sequence[str]] | None = None,
                 article: Callable[[str], str] | None = None,
                 indexed: Callable[[str], bool] | None = None) -> None:
        self._lexicon = lexicon
        self._stop = is_stop_word
        self.params = params
        # The index's analyzer: "the meeting" repeats "meet" of the previous question (None: words as written).
        self._terms = terms or (lambda word: (word.lower(),))
        # An article's stored text by its source: how the previous answers' articles use a name says what kind
        # of thing it is (kinds.py). None: the turn's own words only.
        self._article = article
        # Whether some article holds a word in any of its forms (the index's look-up); None: the lexicon's surface
        # words alone, an inflected word taken as held.
        self._indexed = indexed

    def read(self, question: str, previous: Turn | None) -> Followup:
        if previous is None:
            return Followup(question)
        # The articles of the previous answers, for the duration of this reading (a reader serves many chats at
        # once, so this is no attribute).
        token = _STORY.set(self._story(previous))
        try:
            return self._read(question, previous)
        finally:
            _STORY.reset(token)

    def _story(self, previous: Turn) -> str:
        """The stored text of the previous answers' articles (the best answer's first), "" without any."""
        if self._article is None:
            return ""
        texts = []
        for source in dict.fromkeys(a.source for a in previous.reply.answers[: self.params.story_answers]):
            try:
                texts.append(self._article(source))
            except StoreError:  # an article removed since: the turn's own words still read the question
                continue
        return "\n".join(texts)

    def _read(self, question: str, previous: Turn) -> Followup:
        before = previous.reply.question or previous.question
        words = surface_words(question)
        if not words or not before.strip():
            return Followup(question)
        keys = [w.key for w in words]
        prev_words = surface_words(before)
        if not prev_words or self._held_nothing(previous, prev_words):
            return Followup(question)
        ellipsis = self._ellipsis(question, words, keys, before, prev_words)
        if ellipsis is not None:
            return ellipsis
        bare = self._bare(question, words, keys, before, prev_words)
        if bare is not None:
            return bare
        return self._anaphora(question, words, keys, before, prev_words, previous)

    def _held_nothing(self, previous: Turn, prev_words: list[SurfaceWord]) -> bool:
        """The previous turn found nothing and every content word of it is one no article holds ("who is taylor
        swift", "whats the weather"): carried on, those words would only make the follow-up fail for them too."""
        reply = previous.reply
        if reply.outcome is not Outcome.NOT_FOUND or reply.answers or not reply.missing_terms:
            return False
        missing = {t.lower() for t in reply.missing_terms}
        return all(w.key in missing or w.key in _WH or w.key in _AUXILIARIES or w.key in _FILLER
                   or w.key in _NOT_NAMES or self._stop(w.key) for w in prev_words)

    # -- pronouns ----------------------------------------------------------------------------
    def _anaphora(self, question: str, words: list[SurfaceWord], keys: list[str], before: str,
                  prev_words: list[SurfaceWord], previous: Turn) -> Followup:
        own = self._names(question, words)
        own_texts = {n.text.lower() for n in own}
        prev_names = [n for n in self._names(before, prev_words) if n.text.lower() not in own_texts
                      and not self._unfound(n, previous)]
        answer = previous.reply.answers[0].text if previous.reply.answers else ""
        replacements: dict[int, str] = {}
        bindings: list[tuple[str, str]] = []
        person = group = place = thing = None
        topic: _Topic | None = None
        asked_of: _Topic | None = None  # the previous question's topic, asked of the question's own opening subject
        about: str | None = None  # what the previous question was about, for a definite phrase of its story ("the jury")
        for i, key in enumerate(keys):
            nxt = keys[i + 1] if i + 1 < len(keys) else None
            prv = keys[i - 1] if i > 0 else None
            binding = None
            if key in _PERSON or (key in _DEMONSTRATIVE and nxt in _PERSON_NOUNS):
                # "What did Sullivan say when he ...": the pronoun is the question's own person; but
                # "according to him" names the previous turn's source.
                if _own_person(own, words, i) and not (prv == "to" and i > 1 and keys[i - 2] == "according"):
                    # ... unless it is the object of the question's own subject ("What did Noh tell him?"): a
                    # person of the previous turn other than the subject
                    other = self._other_person(before, prev_words, answer, own) if key in ("him", "her", "them") \
                        and prv not in _PREPOSITIONS and not (key == "her" and nxt is not None and nxt not in _PREPOSITIONS
                                                              and nxt not in _AUXILIARIES and nxt != "there") else None
                    if other is None or any(meant == other for _, meant in bindings):
                        continue
                    replacements[i] = other
                    bindings.append((words[i].form, other))
                    continue
                person = person or self._person(prev_names, prev_words, before, previous, answer, own_texts,
                                                female=key in _FEMALE_PRONOUNS)
                if person and key in _DEMONSTRATIVE:  # "that official's title" -> "Jung Pak's title"
                    replacements[i], replacements[i + 1] = person + words[i + 1].suffix, ""
                    bindings.append((question[words[i].start:words[i + 1].end - len(words[i + 1].suffix)], person))
                    continue
                binding = person
            elif key in _GROUP or (key in _COUNTED and prv in ("the", "all") and nxt is not None
                                   and nxt not in _PERSON_NOUNS and not words[i + 1].form[:1].isupper()
                                   and not _plural_noun(words[i + 1], question)):
                # "they"; "the two agreed": the people or things of the previous turn
                if (key in _GROUP and _own_plural(words, i)):
                    continue  # "how many children took their own lives": the question's own children
                if (fragment := _asked_first(own, question, words, i)) is not None:
                    # "and the Lib Dems? what threshold do they want": they = the Lib Dems, asked what the previous
                    # question asked of its subject (its topic comes along, as for "What about Japan?")
                    meant = _with_article(fragment, words)
                    if not any(m == meant for _, m in bindings):
                        replacements[i] = _possessive(meant) if key in _POSSESSIVE else meant
                        bindings.append((words[i].form, meant))
                        topic = topic or self._topic(prev_words, keys, self._person(
                            prev_names, prev_words, before, previous, answer, own_texts), before, previous)
                        if topic.query:
                            asked_of = topic
                    continue
                if key in _COUNTED:  # only a group of several: "the two" is not one person
                    binding = self._group(before, prev_names, prev_words, keys, answer, own_texts)
                    if binding:
                        replacements[i - 1] = ""
                else:
                    group = group or self._group(before, prev_names, prev_words, keys, answer, own_texts,
                                                 object_=key == "them", acts=_people_act(keys, i)) or self._person(
                        prev_names, prev_words, before, previous, answer, own_texts)
                    binding = group
            elif key in ("one", "ones") and i >= 2 and keys[i - 2] in ("the", "which", "that") and prv not in _NOT_NAMES \
                    and (noun := self._plural_thing(before, prev_words, keys)):
                # "the Japanese ones" after "Who were Sung Kim's counterparts?": the counterparts, Japanese
                meant = noun if key == "ones" else _singular(noun)
                replacements[i] = meant + words[i].suffix
                bindings.append((words[i].form, meant))
                continue
            elif key in ("those", "these") and (nxt is None or nxt in _AUXILIARIES or nxt in _PREPOSITIONS) \
                    and (noun := self._plural_thing(before, prev_words, keys)):
                # "How many of those are from All Nippon?" after "How many orders does Boeing have?": the orders
                replacements[i] = f"the {noun}"
                bindings.append((words[i].form, f"the {noun}"))
                continue
            elif key == "there" and not _existential(prv, nxt):
                place = place or self._place(prev_names, prev_words, answer, own_texts)
                binding = place
            elif key in ("the", "that", "this") and nxt in _KIND_NOUNS and not words[i + 1].suffix \
                    and (named := self._named_kind(_KIND_NOUNS[nxt], before, prev_words, answer, own_texts)):
                # "the country" after a turn about North Korea, "the company" after one about TikTok: a name of
                # that kind, as the articles use it
                replacements[i], replacements[i + 1] = named, ""
                bindings.append((question[words[i].start:words[i + 1].end], named))
                continue
            elif key == "the" and nxt == "other" and i + 2 < len(keys) and keys[i + 2] in _SOMEONE \
                    and (other := self._the_other(prev_names, prev_words, before, previous, answer, own_texts)):
                # "how old is the other guy" after "How old is Radio 1 DJ Joel Ross?": the person the previous turn
                # names beside its own ("King and DJ partner Joel Ross")
                replacements[i], replacements[i + 1], replacements[i + 2] = other + words[i + 2].suffix, "", ""
                bindings.append((question[words[i].start:words[i + 2].end - len(words[i + 2].suffix)], other))
                continue
            elif key == "the" and nxt is not None and self._refers_back(words, i + 1, prev_words, answer):
                # "the envoy", "the interview": a definite noun the previous turn used points back to it.
                head = words[i + 1]
                if head.key in _PERSON_NOUNS:
                    if _own_person(own, words, i):
                        continue
                    person = person or self._person(prev_names, prev_words, before, previous, answer, own_texts)
                    if person:
                        replacements[i], replacements[i + 1] = person + head.suffix, ""
                        bindings.append((question[words[i].start:head.end - len(head.suffix)], person))
                    continue
                if self.params.definite_np_own_subject and _names_new(own, before, answer):
                    continue
                same = self._phrase_with_head(before, prev_words, head)
                if same is None and self.params.definite_np_in_answer and answer:
                    same = self._phrase_with_head(answer, surface_words(answer), head)
                if same is not None:  # "the meeting" = "the North Korean party meeting"
                    replacements[i], replacements[i + 1] = same + head.suffix, ""
                    bindings.append((question[words[i].start:head.end - len(head.suffix)], same))
                    continue
                topic = topic or self._topic(prev_words, keys, person, before, previous)
                if topic.query and not any(t == topic.shown for _, t in bindings):
                    replacements[i + 1] = f"{head.form}{head.suffix} ({topic.query})"
                    if self.params.definite_np_subject:
                        # "the jury" after "Who won the Swiss prize?": no phrase of the turn ends in "jury", and the
                        # previous question's words ("won the Swiss prize") are no noun phrase it could stand for. It
                        # stays as typed, searched beside those words; the reply says what it is about (a name or a
                        # noun phrase of the previous question), never "the jury = won the Swiss prize".
                        about = about or self._subject(before, prev_words, keys, previous, " and ") or ""
                        continue
                    bindings.append((question[words[i].start:head.end - len(head.suffix)], topic.shown))
                continue
            elif key in _THING and not _expletive(keys, i) and not _own_thing(own, words, i) \
                    and not (prv in _SAYING and (nxt is None or nxt in _PREPOSITIONS)) and (thing := thing or self._thing(
                        before, prev_words, answer, own_texts | {group.lower()} if group else own_texts, person,
                        subject=_is_subject(keys, i), object_=key == "it" and not _is_subject(keys, i))):
                # "it", "its": a thing or a non-person name of the previous turn ("it = Turkey")
                binding = thing
            elif key in ("this", "these") and nxt in _CALENDAR:
                continue  # "earlier this month", "this year": the time of speaking, nothing of the previous turn
            elif (key in _THING and not _expletive(keys, i) and not _own_thing(own, words, i)) or (key in _DEMONSTRATIVE
                                                                   and not _complementiser(words, keys, i)) \
                    or (key == "then" and prv in _TIME_PREPOSITIONS):  # "since then", "before then"
                if key in _DEMONSTRATIVE and nxt is not None and words[i + 1].form.islower() and nxt not in _NOT_NAMES:
                    # "that meeting", "this session": the previous turn's phrase with that noun, when it has one
                    a_words = surface_words(answer)
                    same = self._phrase_with_head(before, prev_words, words[i + 1]) \
                        or self._phrase_with_head(answer, a_words, words[i + 1])
                    if same is not None:
                        replacements[i], replacements[i + 1] = same + words[i + 1].suffix, ""
                        bindings.append((question[words[i].start:words[i + 1].end - len(words[i + 1].suffix)], same))
                        continue
                topic = topic or self._topic(prev_words, keys, person, before, previous)
                if not topic.query or any(t == topic.shown for _, t in bindings):
                    continue  # nothing to point at, or already shown once ("Who described it that way?")
                # The pronoun stays ("before that"); what it points at follows in brackets.
                phrase = i if (nxt is None or nxt in _AUXILIARIES or nxt in _PREPOSITIONS or key in _THING
                               or key == "then") else i + 1
                typed = question[words[i].start:words[phrase].end]
                replacements[phrase] = f"{words[phrase].form}{words[phrase].suffix} ({topic.query})"
                if phrase > i and self.params.definite_np_subject and key in _DEMONSTRATIVE \
                        and ((prv not in _DO_OR_MODAL and prv not in _BE) or _used_as_noun(words[phrase].key)):
                    # "that stake", "that year": a noun phrase, which the previous question's words ("much of the
                    # group does the Ambani family control") are not; searched beside them, shown as what it was about
                    about = about or self._subject(before, prev_words, keys, previous, " and ") or ""
                    continue
                bindings.append((typed, topic.shown))
                continue
            if not binding:
                continue
            if any(meant == binding for _, meant in bindings):
                continue  # "Where did he post his comments?": the name once, the second pronoun as typed
            possessive = key in _POSSESSIVE and nxt is not None and nxt not in _PREPOSITIONS and nxt not in _AUXILIARIES
            replacements[i] = _possessive(binding) if possessive else binding
            if key == "her" and not possessive:
                replacements[i] = binding
            bindings.append((words[i].form, binding))
        if about is not None and topic is not None and topic.query \
                and not any(meant == (about or topic.shown) for _, meant in bindings):
            # the definite phrase's words searched (set above), shown as what the previous question was about
            bindings.append(("about", about or topic.shown))
        if not bindings and "else" in keys and prev_names:
            # "What else ...?": more of the same subject, so the previous question's names come along.
            carried = ", ".join(dict.fromkeys(n.text for n in prev_names))
            return Followup(f"{question.rstrip(' ?')} ({carried})?", f"else = besides the last answer, about {carried}",
                            tuple(dict.fromkeys(n.text for n in prev_names)))
        names_own = bool(own) or self._unknown_subject(question)
        if not bindings and not names_own and self._subjectless(keys):
            # "And to brace for what?": a question naming nothing of its own is about the previous one's
            # subject, carried in brackets (and weighed as given).
            topic = self._topic(prev_words, keys, None, before, previous)
            if topic.query:
                return Followup(f"{question.rstrip(' ?')} ({topic.query})?", f"about = {topic.shown}", (topic.query,))
        if not bindings and not names_own and self.params.lean_nameless and self._nameless(keys) \
                and not _for_the_asker(keys):
            # "When does trading start?" after "How much does Air China plan to raise from its flotation?": a
            # question that names nothing (no name, no pronoun) goes on about what the previous one named.
            # (Every new-subject second turn of the follow-up sets names its subject.)
            subject = self._subject(before, prev_words, keys, previous)
            if subject:
                return Followup(f"{question.rstrip(' ?')} ({subject})?", f"about = {subject}", (subject,))
            topic = self._topic(prev_words, keys, None, before, previous)
            if topic.query:
                return Followup(f"{question.rstrip(' ?')} ({topic.query})?", f"about = {topic.shown}", (topic.query,))
        if not bindings:
            return Followup(question)
        if story := _STORY.get():
            # "the Australian open" (its case restored word by word) as the articles write it: "the Australian Open"
            written = {meant: _as_written(meant, story) for _, meant in bindings}
            written = {m: w for m, w in written.items() if w != m}
            if written:
                bindings = [(typed, written.get(meant, meant)) for typed, meant in bindings]
                for i, value in replacements.items():
                    for m, w in written.items():
                        value = value.replace(m, w)
                    replacements[i] = value
        text = _substitute(question, words, replacements)
        reading = "; ".join(dict.fromkeys(f"{typed} = {meant}" for typed, meant in bindings))
        given = tuple(dict.fromkeys(meant for _, meant in bindings))
        if asked_of is not None:
            text = f"{text.rstrip(' ?')} ({asked_of.query})?"
            reading = f"{reading}; about = {asked_of.shown}"
            given = (*given, asked_of.query)
        return Followup(text, reading, given)

    def _unfound(self, name: _Name, previous: Turn) -> bool:
        """A name no article holds ("who founded argonot", a typo the reply named back), or one only partly held by
        a turn that found nothing ("who is qantas ceo", its case restored as "Qantas Ceo", not found for "ceo"): it
        stands for nobody the next question could find. "him = Qantas Ceo" would only fail again on the same word,
        and no article names such a person. (Partly, only when the turn found nothing: a reply that is *not sure*
        also names words the store holds but its answer does not cover, and a name is more than its one word.)"""
        missing = _unfound_words(previous)
        keys = [w.key for w in surface_words(name.text)]
        if keys and all(k in missing for k in keys):
            return True
        return _found_nothing(previous) and any(k in missing for k in keys)

    def _named_kind(self, kind: str, before: str, prev_words: list[SurfaceWord], answer: str,
                    own: set[str]) -> str | None:
        """The first name of the previous question, else of its answer, of that kind: a place for "the country",
        an organisation (or a name of no known kind that is no person) for "the company"."""
        context = f"{before} {answer}"
        a_words = surface_words(answer)
        for text, ws in ((before, prev_words), (answer, a_words)):
            for n in self._names(text, ws):
                if n.title or n.text.lower() in own or _is_time(n.text):
                    continue
                found = self._kind(n, ws, context)
                if ws[n.end - 1].suffix and not (found == kind or (kind == "group" and found == "name")):
                    continue  # an owner ("Democratic People's Republic") is part of a longer name, unless of the kind
                    # asked for ("Wanadoo's broadband phone service" -> "the company" = Wanadoo)
                if found == kind or (kind == "group" and found == "name" and not n.after_preposition):
                    return n.text
        return None

    def _subject(self, before: str, prev_words: list[SurfaceWord], keys: list[str], previous: Turn,
                 joiner: str = " ") -> str | None:
        """What the previous question was about, as a short phrase: its names that are no time ("Air China"),
        else its first noun phrase ("the LG card bail-out"). Not a name it could not find ("Qantas Ceo"). Two names
        are joined by `joiner` (a space where they are searched, "and" where they are shown)."""
        found = [n for n in self._names(before, prev_words) if not _is_time(n.text) and not n.modifier
                 and not set(n.text.lower().split()) <= set(keys) and not self._unfound(n, previous)]
        names = [n.text for n in found]
        if joiner != " " and len(found) > 1 and found[1].start == found[0].end:
            # one name as written, not two joined: "Seoul's Unification Ministry", "HIV/Aids"
            last = prev_words[found[1].end - 1]
            return before[prev_words[found[0].start].start:last.end - len(last.suffix)]
        if names:
            return joiner.join(dict.fromkeys(names[:2]))
        phrases = [phrase for _, phrase, owner in _noun_phrases(before, prev_words) if not owner]
        return phrases[0] if phrases else None

    def _unknown_subject(self, question: str) -> bool:
        """The question's own subject when a word no article holds opens it, whatever its case ("what did putin
        say", "who is jennifer lopez": question.subject_starts; and the one a who-question asks about, "who hosted
        kamala harris"): someone the articles never name, not a nameless question about the previous turn's subject.
        A word the articles do hold there, in any form ("When does trading start?": "trade"), is no such name: the
        question may well go on about the previous turn."""
        ws = words(question)
        for i in (*(i for i, _ in subject_starts(question)), *_object_of_who(ws)):
            w = re.sub(r"['’]s?$", "", ws[i])
            if any(ch.isalpha() for ch in w) and self._unheld(w):
                return True
        return False

    def _unheld(self, word: str) -> bool:
        """No article holds the word in any form. An "-ing" or "-ed" form of an English word ("Fleming",
        "Redding") is a name all the same when no article holds its stem either; without the index's look-up such a
        form counts as held (a verb or a gerund, as refusal.unknown_names reads the same phrase)."""
        if word in self._lexicon:
            return False
        if self._indexed is not None:
            return not self._indexed(word)
        return not inflected(word)

    def _nameless(self, keys: list[str]) -> bool:
        """Names nothing at all: no name, no noun phrase of its own ("the committee", "a plan"), but asks about
        something ("When does trading start?", "How many troops take part?"; not "And then?")."""
        return not any(k in _DETERMINERS or k in ("there", "each", "every", "one", "ones") for k in keys) \
            and any(k not in _NOT_NAMES and k not in _FILLER and not self._stop(k) for k in keys)

    def _subjectless(self, keys: list[str]) -> bool:
        """Led by a conjunction and asking about something ("And to brace for what?"; not "And then?").
        (Also reading one-content-word questions so, "Who attended?", changed no answer on either dev set and
        made "Is there a plan?" a follow-up: left out.)"""
        return keys[0] in _CONJUNCTIONS and any(k not in _NOT_NAMES and k not in _FILLER and not self._stop(k)
                                                for k in keys[1:])

    def _refers_back(self, words: list[SurfaceWord], i: int, prev_words: list[SurfaceWord], answer: str) -> bool:
        """Whether the noun at i (after "the") repeats one of the previous question's nouns, or, for a
        person noun, a word of the previous answer ("the envoy" after "Sung Kim, the US envoy, ...")."""
        head = words[i]
        if head.form[:1].isupper() or head.key in _NOT_NAMES or self._stop(head.key) or len(head.key) < 3:
            return False  # a name ("the North") is read as a name
        before = {w.key for w in prev_words}
        if head.key in before or set(self._terms(head.key)) & {t for w in prev_words for t in self._terms(w.key)}:
            return True
        said = {w.key for w in surface_words(answer)}
        if head.key in _PERSON_NOUNS:
            return head.key in said
        # "How long were the borders closed?" after an answer about "border closures": the answer's noun, singular
        # or plural (not a stem: "the meeting" is no "met")
        if head.key in _NUMBER_WORDS or (i + 1 < len(words) and _plural_noun(words[i + 1], "")):
            return False  # "the one against", "the three countries": the number is no noun of its own
        return self.params.answer_nouns and bool({head.key, head.key.rstrip("s"), head.key + "s"} & said)

    def _person(self, prev_names: list[_Name], prev_words: list[SurfaceWord], before: str, previous: Turn,
                answer: str, own: set[str], *, female: bool = False) -> str | None:
        """The person "he"/"she" stands for; "she" first takes a woman the turn names as one ("Ms Ann Grant"), and
        "he" never does."""
        context = f"{before} {answer}"
        women = [n.text for n in (*prev_names, *self._names(answer, surface_words(answer)))
                 if _a_woman(n.text, context) and n.text.lower() not in own]
        if female and women:
            return women[0]
        next_answers = tuple(a.text for a in previous.reply.answers[1: self.params.story_answers])
        found = self._person_by_role(prev_names, prev_words, before, answer, own, next_answers)
        if found and female and _a_man(found, f"{context} {_STORY.get()}"):
            return None  # "she" is no one the turn or its articles call Mr: better unread than read as a man
        if found and not female and found in women:  # "he" is the turn's other person, if it names one
            a_words = surface_words(answer)
            others = [n.text for names, ws in ((prev_names, prev_words), (self._names(answer, a_words), a_words))
                      for n in names if n.text not in women and n.text.lower() not in own and not n.modifier
                      and not n.title and not ws[n.end - 1].suffix
                      and self._kind(n, ws, context) not in ("group", "time", "place")]
            return others[0] if others else None
        return found

    def _person_by_role(self, prev_names: list[_Name], prev_words: list[SurfaceWord], before: str,
                        answer: str, own: set[str], others: Sequence[str] = ()) -> str | None:
        # A possessive name is not the person ("Who is Sung Kim's counterpart?", "Kim Jong-un's sister").
        context = f"{before} {answer}"
        # "he" is no organisation ("the EU", "Labour Party") and no place the question went to.
        # "What role will Seoul play, according to Noh?": the one the question quotes is the person
        speakers = [n for n in prev_names if n.start >= 2 and prev_words[n.start - 1].key == "to"
                    and prev_words[n.start - 2].key == "according" and not prev_words[n.end - 1].suffix
                    and self._kind(n, prev_words, context) not in ("group", "time")]
        if speakers:
            return speakers[0].text
        subjects = [n for n in prev_names if not n.after_preposition and not n.modifier and not n.title
                    and not prev_words[n.end - 1].suffix and self._kind(n, prev_words, context) not in _NOT_PEOPLE
                    and not _determined_thing(n, prev_words, self._kind(n, prev_words, context))]
        asked_who = _asks_for_person(prev_words)
        if asked_who:
            # "Who did Sung Kim meet?": the name after the auxiliary is the subject; "Which official met
            # Chung Eui-yong?": Chung is the object, and the person asked about is in the answer.
            subjects = [n for n in subjects if n.start > 0 and prev_words[n.start - 1].key in _AUXILIARIES]
        if subjects:
            return subjects[0].text
        asked = {p.text.lower() for p in prev_names}
        a_words = surface_words(answer)
        # "Foreign Minister Chung Eui-yong" after a question about "the South Korean foreign minister": no new person
        from_answer = [n for n in self._names(answer, a_words)
                       if n.text.lower() not in own and not _part_of(n.text, asked)
                       and not (n.office and _office_words(n.office) <= {w.key for w in prev_words})
                       and not n.modifier and not n.title and not n.after_preposition
                       and self._kind(n, a_words, context) not in _NOT_PEOPLE] if answer else []
        if asked_who:
            # a name the answer marks as a person's first ("Leif-Eric Easley, a professor at ..."), else its
            # first name; answered without any, "he" is the person asked for ("the professor")
            # (a name of unknown kind only when the question asked for no kind of person: "Which professor ...?"
            # answered naming only "South Korea" is about the professor)
            asked_noun = _asked_person_noun(prev_words, before)
            people = [n.text for n in from_answer if self._kind(n, a_words, context) == "person"]
            # The office the question names, as the articles give it to people ("which singer" -> "singer Bob
            # Geldof", "Who is Hyundai Motor's chairman?" -> "chairman Chung Mong-koo"): one the answers shown
            # name first (the best and the next ones), then a person the best answer names. Never one only the articles name: the asker never
            # saw them ("which professor agreed with him" answered without a name is no "he = Leif-Eric Easley").
            holders = self._office_holders(prev_words, own | asked)
            said = " ".join((answer, *others))
            named = [h for h in holders if re.search(rf"(?<![\w-]){re.escape(h)}(?![\w-])", said)]
            if named or people:
                return (named or people)[0]
            # "He founded Argonaut in 1982 and has been behind titles such as 1993 Starfox game.": the person asked
            # for is the answer's "He", whom another sentence names; a name of unknown kind in it is something else.
            if from_answer and not asked_noun and not _PRONOUN_OPENS.match(answer):
                return from_answer[0].text
            # The best answer names nobody (a headline, "A new bill introduced in California ..."): a person the
            # next answers name ("The bill was introduced by Jesse Gabriel").
            found = self._person_in_answers(own | asked, others, context)
            if found:
                return found
            if asked_noun:
                return asked_noun
        described = self._person_phrase(before, prev_words)
        if described:
            # "Laura Ashley's chief executive" answered "... its chief executive Ainum Mohd-Saaid": the person holding
            # the office the question describes, as the answer names them
            return self._holder_named(described, answer, own | asked, context) or described
        in_question = [n for n in prev_names if self._kind(n, prev_words, context) not in _NOT_PEOPLE
                       and not _determined_thing(n, prev_words, self._kind(n, prev_words, context))]
        # a name known for a person first, even an owner ("in Dallaglio's second spell" before "World Cup Tests")
        in_question.sort(key=lambda n: self._kind(n, prev_words, context) != "person")
        if in_question:
            return in_question[0].text
        if _PRONOUN_OPENS.match(answer):  # (as above: the answer's own "He" is someone it does not name)
            from_answer = [n for n in from_answer if self._kind(n, a_words, context) == "person"]
        return from_answer[0].text if from_answer else None

    def _the_other(self, prev_names: list[_Name], prev_words: list[SurfaceWord], before: str, previous: Turn,
                   answer: str, own: set[str]) -> str | None:
        """The person beside the previous turn's own ("he" of it): one the answer joins to it with "and", else the
        first other person the question or the answer names."""
        subject = self._person(prev_names, prev_words, before, previous, answer, own)
        if not subject:
            return None
        taken = set(subject.lower().split()) | {w for o in own for w in o.split()}
        context = f"{before} {answer}"
        a_words = surface_words(answer)
        people = [(n, ws) for names, ws in ((self._names(answer, a_words), a_words), (prev_names, prev_words))
                  for n in names if not n.modifier and not set(n.text.lower().split()) & taken
                  and self._kind(n, ws, context) not in ("group", "place", "time")]
        # (a name joined to the subject may be one word that is also a title elsewhere: "King and DJ partner Joel Ross")
        joined = [n.text for n, ws in people if ws is a_words and n.end + 1 < len(ws) and ws[n.end].key == "and"
                  and subject.split()[-1].lower() in {w.key for w in ws[n.end + 1:n.end + 5]}]
        if joined:
            return joined[0]
        people = [(n, ws) for n, ws in people if not (n.title and not n.office)]
        return next((n.text for n, ws in people if self._kind(n, ws, context) == "person"), None)

    def _holder_named(self, described: str, answer: str, taken: set[str], context: str) -> str | None:
        """The name the answer gives right after the described person's office noun ("chief executive Ainum
        Mohd-Saaid" for "Laura Ashley's chief executive"), None when it gives none."""
        if not self.params.described_holder or not answer:
            return None
        offices = {w.key for w in surface_words(described) if w.key in _PERSON_NOUNS}
        a_words = surface_words(answer)
        for n in self._names(answer, a_words):
            if n.start == 0 or n.text.lower() in taken or _part_of(n.text, taken) or a_words[n.end - 1].suffix:
                continue
            k = n.start
            while k > 0 and a_words[k - 1].key in _PERSON_NOUNS and not a_words[k - 1].suffix:
                k -= 1  # "chief executive Ainum Mohd-Saaid"
            office = {w.key for w in surface_words(n.office)} | {w.key for w in a_words[k:n.start]}
            if office & offices and self._kind(n, a_words, context) != "group":
                return n.text
        return None

    def _office_holders(self, prev_words: list[SurfaceWord], taken: set[str]) -> list[str]:
        """People the previous answers' articles give the office the previous question asks for (its first person
        noun: "chairman", "CEO" also as "chief executive"), in the articles' order."""
        story = _STORY.get()
        out: list[str] = []
        asked = next((w.key for w in prev_words if w.key in _PERSON_NOUNS), None)  # the first: what is asked for
        if asked is None or not story:
            return []
        for noun in (_singular(asked), *_OFFICE_SYNONYMS.get(_singular(asked), ())):
            out.extend(name for name in kinds.people_by(noun, story, self.params.kinds)
                       if name.lower() not in taken and not _part_of(name, taken))
        return list(dict.fromkeys(out))

    def _person_in_answers(self, taken: set[str], others: Sequence[str], context: str) -> str | None:
        """The first person a next answer names (by its kind; after "by" too: "introduced by Jesse Gabriel")."""
        for text in others:
            o_words = surface_words(text)
            for n in self._names(text, o_words):
                if n.text.lower() in taken or _part_of(n.text, taken) or n.modifier or n.title \
                        or (n.after_preposition and n.preposition != "by") or o_words[n.end - 1].suffix:
                    continue
                if self._kind(n, o_words, f"{context} {text}") == "person":
                    return n.text
        return None

    def _phrase_with_head(self, text: str, words: list[SurfaceWord], head: SurfaceWord) -> str | None:
        """The previous turn's noun phrase ending in the same noun, with what describes it: "the meeting" after
        "... after the North Korean party meeting" is "the North Korean party meeting"; "the session" after "At
        which Workers' Party plenary session ..." is "the Workers' Party plenary session". None when the noun is
        there alone (nothing to add) or not at all."""
        wanted = {head.key, head.key + "s", head.key[:-1] if head.key.endswith("s") else head.key}  # the noun, not a verb
        for j, w in enumerate(words):
            if not w.form.islower() or w.key not in wanted:
                continue
            if j + 1 < len(words) and words[j + 1].form.islower() and words[j + 1].key not in _NOT_NAMES \
                    and not self._stop(words[j + 1].key) and text[w.end:words[j + 1].start] == " " \
                    and not _participle(words[j + 1].key):
                continue  # "meeting room": the noun describes another
            k = j
            while k > 0 and j - k < self.params.np_window and _joined_in_phrase(text[words[k - 1].end:words[k].start]) \
                    and words[k - 1].key not in _NOT_NAMES and not self._stop(words[k - 1].key) \
                    and not (words[k - 1].suffix and k - 1 > 0 and words[k - 2].key in _WH) \
                    and not _split_possessive(text, words[k - 1]):
                k -= 1
            at = words[k].start
            if k > 0 and re.fullmatch(r" \d[\d,.]* ", text[words[k - 1].end:at]):
                at = words[k - 1].end + 1  # "the 1997 Lions tour": the year says which tour
            if k == j and at == words[k].start:
                return None
            owned = any(x.suffix for x in words[k:j])  # "North Korea's official name": the owner says which
            return ("" if owned else "the ") + text[at:w.end - len(w.suffix)]
        return None

    def _plural_thing(self, before: str, prev_words: list[SurfaceWord], keys: list[str]) -> str | None:
        """The previous question's first noun in the plural ("counterparts", "orders"), not a name, not an owner."""
        for w in prev_words:
            if w.form.islower() and _plural_noun(w, "") and len(w.key) > 3 and w.key not in _NOT_NAMES \
                    and not self._stop(w.key) and w.key not in keys and not w.suffix \
                    and before[w.end:w.end + 1] not in ("'", "’"):
                return w.form
        return None

    def _other_person(self, before: str, prev_words: list[SurfaceWord], answer: str, own: list[_Name]) -> str | None:
        """A person the previous question (else its answer) names who shares no word with the question's own
        names: "Noh" tells "him" = Sung Kim after "Where did Noh Kyu-duk hold talks with Sung Kim?"."""
        taken = {w for n in own for w in n.text.lower().split()}
        context = f"{before} {answer}"
        a_words = surface_words(answer)
        for names, ws in ((self._names(before, prev_words), prev_words), (self._names(answer, a_words), a_words)):
            for n in names:
                if n.modifier or n.title or ws[n.end - 1].suffix or set(n.text.lower().split()) & taken \
                        or self._kind(n, ws, context) in ("group", "place"):
                    continue
                return n.text
        return None

    def _person_phrase(self, text: str, words: list[SurfaceWord]) -> str | None:
        """"the North Korean leader", "North Korea's leader": a determiner or an owner's name, then up to
        a few words, then a person noun."""
        for i, w in enumerate(words):
            if w.key not in _PERSON_NOUNS or i == 0:
                continue
            start = i
            for j in range(i - 1, max(-1, i - 1 - self.params.np_window), -1):
                if words[j].key in ("the", "a", "an"):
                    start = j
                    break
                if words[j].suffix and words[j].form[:1].isupper():  # the owner's name, back to its first word
                    start = j
                    while start > 0 and words[start - 1].form[:1].isupper() and not words[start - 1].suffix \
                            and words[start - 1].key not in _NOT_NAMES:
                        start -= 1
                    break
                if words[j].key in _PREPOSITIONS or words[j].key in _AUXILIARIES or words[j].key in _WH:
                    break
            else:
                continue
            if start == i:
                continue
            end = i
            while end + 1 < len(words) and words[end + 1].key in _PERSON_NOUNS and not words[end].suffix:
                end += 1  # "Laura Ashley's chief executive": the whole office
            return text[words[start].start:words[end].end - len(words[end].suffix)]
        return None

    def _group(self, before: str, prev_names: list[_Name], prev_words: list[SurfaceWord], keys: list[str],
               answer: str, own: set[str], *, object_: bool = False, acts: bool = False) -> str | None:
        """"they": two or more people the previous question asks about; else the things it names in
        the plural ("Kim Jong-un's remarks"); else its person together with the first new person of
        its answer ("Who did Sung Kim meet?" -> "Sung Kim and Noh Kyu-duk"). An object "them" takes the
        last plural thing, a subject "they" the first: "How do the allies describe their drills?" ->
        "What does the North call them?" is about the drills, "What do they plan?" about the allies. A subject
        "they" or "their" takes no plural the previous question's own "their" owns ("how many of their last 14
        matches have England lost" -> "who is their coach": England, its one subject that is no person), and a
        word right after "who" is a verb ("who coaches Italy"), no plural thing. A "they" that does what people do
        (`acts`: "when did they meet", "what did they agree") is people or bodies, never a plural thing ("sanctions",
        "talks"): after a question about one person ("what did the Japanese envoy say about sanctions"), that person
        with the first other person its answer names ("After their bilateral meeting, Kim and Noh ...")."""
        subjects = [n.text for n in prev_names if not n.modifier and not n.after_preposition and not n.title]
        if len(subjects) >= 2:
            return " and ".join(subjects[: self.params.max_group])
        if answer and (_asks_for_person(prev_words) or _asks_for_people_group(prev_words)):
            # "Who won the title?" answered "Madison Chock and Evan Bates of the United States won ...": the people
            # the answer names together
            a_words = surface_words(answer)
            a_names = [n for n in self._names(answer, a_words) if n.text.lower() not in own and not n.title]
            context = f"{before} {answer}"
            for one, two in pairwise(a_names):
                if two.start == one.end + 1 and a_words[one.end].key == "and" and not a_words[one.end - 1].suffix \
                        and not two.after_preposition and not one.after_preposition \
                        and not {self._kind(one, a_words, context), self._kind(two, a_words, context)} & set(_NOT_PEOPLE):
                    return f"{one.text} and {two.text}"  # people, not "sites like TikTok and Instagram"
        # Things in the plural, not the possessive ("three countries' envoys" -> envoys), with the
        # names right before them ("UN measures", "Kim Jong-un's remarks").
        plural = [j for j, w in enumerate(prev_words) if (w.key.endswith("s") or w.key in _IRREGULAR_PLURALS)
                  and not w.form[:1].isupper()
                  and len(w.key) > 3 and w.key not in _NOT_NAMES and not self._stop(w.key) and w.key not in keys
                  and before[w.end:w.end + 1] not in ("'", "’")
                  and not (j == 1 and prev_words[0].key == "who")  # "who coaches Italy": a verb
                  and not (not object_ and _owned_by_they(prev_words, j))  # "their last 14 matches": they own them
                  and (not acts or _people_noun(w.key))]  # "when did they meet": not the sanctions
        # "What are barks in video games?": what a preposition puts in ("video games") only describes the question's
        # own plural, which "them" takes up
        plural = [j for j in plural if not _in_phrase_after_preposition(prev_words, j)] or plural
        # "the trans refuge bill": a word in -s before two more words of the phrase describes its noun
        plural = [j for j in plural if not self._compound_part(prev_words, j)]
        if plural:
            j = plural[-1] if object_ else plural[0]
            k = j
            while k > 1 and _upper(prev_words[k - 1].form) and prev_words[k - 1].key not in _NOT_NAMES:
                k -= 1  # "7E7 planes", "UN measures"
            return before[prev_words[k].start:prev_words[j].end]
        # A subject "they" for a body the previous question names, when it names no things in the plural
        # ("What did the EU say?" -> "What will they do?": they = the EU).
        bodies = [_with_article(n, prev_words) for n in self._names(before, prev_words) if not n.after_preposition
                  and not n.title and (not n.modifier or _inverted_subject(n, prev_words)) and n.text.lower() not in own
                  and self._kind(n, prev_words, f"{before} {answer}") == "group"]
        if bodies and not object_:
            return bodies[0]
        asked = {n.text.lower() for n in prev_names}
        if len(subjects) == 1 and not object_ and any(w.key in _GROUP for w in prev_words):
            # the previous question says "they"/"their" of its one subject itself ("how many of their last 14
            # matches have England lost" -> "who is their coach now": England's), a team or a country
            one = next(n for n in prev_names if n.text == subjects[0])
            if self._kind(one, prev_words, f"{before} {answer}") not in ("person", "time"):
                return subjects[0]
        if subjects and answer:
            # "Who did Sung Kim meet?" -> "Sung Kim and Noh Kyu-duk": people with people, never a day, and no person
            # with a team or a country ("who coaches Italy" answered by "Italy coach John Kirwan": they = Italy)
            a_words = surface_words(answer)
            context = f"{before} {answer}"
            first = next(n for n in prev_names if n.text == subjects[0])
            one_kind = self._kind(first, prev_words, context)
            if one_kind in ("group", "place"):
                return subjects[0]  # a team, a country, a body: "they" on its own
            more = [n.text for n in self._names(answer, a_words) if not _part_of(n.text, asked)
                    and n.text.lower() not in own and not n.modifier and not n.title and not n.after_preposition
                    and _same_sort(one_kind, self._kind(n, a_words, context))]
            if more:
                return f"{subjects[0]} and {more[0]}"
        if acts:
            # "is the grand jury going to decide on trump charges" -> "what are they doing on thursday": a body the
            # previous question names as its subject (British English says "they" of a jury, a team, a firm)
            body = _body_phrase(before, prev_words)
            if body is not None and body.lower() not in own:
                return body
            # "what did the Japanese envoy say about sanctions" -> "when did they meet": the envoy and the other person
            # the answer names beside ("Kim and Noh held a trilateral meeting with ..."); else the envoy alone (None)
            described = self._person_phrase(before, prev_words)
            if described and answer:
                a_words = surface_words(answer)
                context = f"{before} {answer}"
                taken = {w.lower() for w in described.split()} | own
                more = [n.text for n in self._names(answer, a_words) if n.text.lower() not in taken
                        and not n.modifier and not n.title and not a_words[n.end - 1].suffix
                        and not set(n.text.lower().split()) & taken
                        and self._kind(n, a_words, context) not in ("group", "place", "time")]
                if more:
                    return f"{described} and {more[0]}"
            return None
        if answer and not subjects and prev_words[0].key in ("what", "which"):
            # "What should you listen carefully for?" answered "Listen carefully for sounds that might ...": a question
            # for a thing that names none in the plural is answered by them ("so I can hear them" = the sounds)
            a_words = surface_words(answer)
            asked_keys = {w.key for w in prev_words}
            for j, w in enumerate(a_words[1:], 1):
                if w.form.islower() and (w.key in _IRREGULAR_PLURALS or (_plural_noun(w, "") and len(w.key) > 3)) \
                        and w.key not in _NOT_NAMES and not self._stop(w.key) and w.key not in asked_keys \
                        and not w.suffix and (a_words[j - 1].key in _PREPOSITIONS or a_words[j - 1].key in _COUNTING):
                    return w.form
        return None

    def _compound_part(self, words: list[SurfaceWord], j: int) -> bool:
        """The word at j is followed by two lower-case content words, the noun it describes and that noun's head
        ("trans refuge bill"), not by a verb and what follows it ("allies describe the drills")."""
        return j + 2 < len(words) and all(
            w.form.islower() and w.key not in _NOT_NAMES and not self._stop(w.key) and not _participle(w.key)
            for w in words[j + 1:j + 3])

    def _place(self, prev_names: list[_Name], prev_words: list[SurfaceWord], answer: str, own: set[str]) -> str | None:
        """"there": the last place the previous question put after in/at/to/from, with that
        preposition ("in Seoul"); else the first such place of its answer."""
        # (an owner is no place: "according to a Children's Minnesota doctor")
        places = [n for n in prev_names if n.preposition in _PLACE_PREPOSITIONS
                  and not (prev_words and n.end <= len(prev_words) and prev_words[n.end - 1].suffix)]
        if not places and answer:
            a_words = surface_words(answer)
            places = [n for n in self._names(answer, a_words)
                      if n.preposition in _PLACE_PREPOSITIONS and n.text.lower() not in own
                      and not a_words[n.end - 1].suffix  # "in Kim Jong-un's remarks": an owner is no place
                      and self._kind(n, a_words, answer) not in ("person", "time")][:1]
        if not places:
            return None
        return f"{_AS_PLACE.get(places[-1].preposition or 'in', 'in')} {places[-1].text}"

    def _thing(self, before: str, prev_words: list[SurfaceWord], answer: str, own: set[str],
               person: str | None, *, subject: bool, object_: bool = False) -> str | None:
        """What "it" stands for: a short name or noun phrase of the previous turn that is no person.
        The thing a "What/Which NOUN" question asked for ("What enticement ..." -> "the enticement";
        "Which country ..." -> the country the answer names); else the previous question's first name
        or singular noun phrase that is no person, modifier or office ("Turkey" in "What did Tony Blair
        say the fact that Turkey is a Muslim country does not mean?"). As a clause's subject ("How much
        has it said?") "it" is the owner of a possessive ("the Biden administration" of "the Biden
        administration's path"); as an object, the whole phrase ("North Korea's next missile test").
        None: the previous question's words are carried instead (the topic)."""
        context = f"{before} {answer}"
        taken = {t.lower() for t in (person,) if t} | own
        asked = _asked_noun(prev_words, before)
        # "Which website closed?" asks for a thing by its name (not for a person, a time or an amount)
        which = bool(prev_words) and prev_words[0].key == "which" and not _asks_for_person(prev_words) \
            and not any(w.key in _NOT_A_THING for w in prev_words[1:4])
        if which and not asked and len(prev_words) > 2 and prev_words[1].form.islower() \
                and prev_words[1].key not in _NOT_NAMES and prev_words[1].key not in _PERSON_NOUNS:
            asked = f"the {prev_words[1].form}"  # "Which website ..." -> "the website"
        if asked and _plural_noun(surface_words(asked)[-1], asked) and not asked.lower().endswith("ss"):
            asked, which = None, False  # "Which companies are behind the Cell chip?": the companies are "they", not "it"
        if asked and (which or asked.split()[-1].lower() in _NAMED_KINDS) and answer:
            a_words = surface_words(answer)
            named = [n.text for n in self._names(answer, a_words) if not n.modifier and not n.title
                     and n.text.lower() not in before.lower() and self._kind(n, a_words, context) not in ("person", "time")]
            if named:
                return named[0]
        if asked:
            return asked
        found: list[tuple[int, int, str]] = []
        names = self._names(before, prev_words)
        for n in names:
            if (n.modifier and not _inverted_subject(n, prev_words)) or n.title or n.text.lower() in taken or _part_of(n.text, taken) or _is_time(n.text) \
                    or _conjunct(n, names, prev_words) \
                    or self._kind(n, prev_words, context) == "person":
                continue
            if prev_words[n.end - 1].suffix and not (subject and self._kind(n, prev_words, context) != "place"):
                continue  # an owner: the phrase it opens is the thing, unless "it" acts and the owner can act (a
                # body, a firm: "When did LG Card's creditors take control?" -> "when did it get back into profit")
            with_the = _with_article(n, prev_words)  # "the EU" keeps its article
            # a name that may describe what follows ("would the G8 debt deal save") yields to that phrase
            found.append((n.start - (with_the != n.text), 2 if n.modifier else 0, with_the))
        for start, phrase, owner in _noun_phrases(before, prev_words):
            if (owner and not (subject and phrase.split()[-1].lower() in _ORGANISATION_WORDS)) or phrase.lower() in taken:
                continue
            if phrase.split()[-1].lower() in _PERSON_NOUNS or phrase.split()[-1].lower() in _CALENDAR:
                continue  # "a Children's Minnesota doctor" is "he" or "she", "a year" no thing: "who chairs it" is
                # the advisory board of "how many projects a year will the advisory board oversee"
            found.append((start, int(not owner), phrase))
        if not found:
            return None
        if object_ and self.params.object_it:
            # "Where could West Fargo get a new Interstate 94 exit?" -> "who would build it": an object "it" is the
            # previous question's object, right after the verb that follows its subject, rather than the subject
            verb = _inverted_subject_end(self, before, prev_words)
            if verb is not None and verb + 1 < len(prev_words) and prev_words[verb].key not in _NOT_NAMES \
                    and prev_words[verb].form.islower():
                objects = [f for f in found if f[0] == verb + 1]
                if objects:
                    return min(objects)[2]
        return min(found)[2]

    def _kind(self, name: _Name, words: list[SurfaceWord], context: str) -> str:
        """"person", "place", "group" (an organisation, a country's government) or "name" (not known), by
        what the turn says of it: an honorific or office ("Mr Blair", "Sir Anthony Meyer", "Sung Kim, the
        envoy"), a place preposition before it, an acronym or organisation word."""
        parts = name.text.split()
        if _is_time(name.text):
            return "time"  # "Monday", "April": neither "it" nor "he"
        if parts[0].lower().rstrip(".") in _HONORIFICS or name.title:
            return "person"
        last = parts[-1]
        lowered = context.lower()
        if any(f"{h} {last.lower()}" in lowered for h in _HONORIFICS):
            return "person"
        after = words[name.end].key if name.end < len(words) else None
        if after in _PERSON_NOUNS and not words[name.end - 1].suffix:
            return "person"
        if name.start > 0 and (words[name.start - 1].key in _PERSON_NOUNS or words[name.start - 1].key in _PEOPLE_GROUPS) \
                and not words[name.start - 1].suffix:
            return "person"  # "chairman Chung Mong-koo", "Foreign Minister Chung Eui-yong", "DJ duo JK and Joel"
        # "the U.S. Special Representative for Afghanistan Reconciliation, Zalmay Khalilzad", "a presidential envoy for
        # Afghanistan, Zamir Kabulov": an office the words before name, its title's own words between
        for k in range(name.start - 1, max(-1, name.start - 6), -1):
            w = words[k]
            if w.key in _PERSON_NOUNS and not w.suffix and k < name.start - 1:
                return "person"
            if w.suffix or not (w.form[:1].isupper() or w.key in _OFFICE_LINKS):
                break
        # "Leif-Eric Easley, a professor at ...", "Sung Kim, Biden's special representative"
        if (after in ("a", "an", "the") or (name.end < len(words) and words[name.end].suffix)) \
                and any(w.key in _PERSON_NOUNS for w in words[name.end + 1:name.end + 6]):
            return "person"
        if name.text.isupper() or any(p.lower() in _ORGANISATION_WORDS for p in parts):
            return "group"
        if name.preposition in _AT_PLACE and not words[name.end - 1].suffix:
            return "place"  # "in Seoul"; but "to Sung Kim", "from Noh" may be people, and "in Dallaglio's second
            # spell" puts the spell, not its owner, somewhere: the articles say
        # the turn does not say: how the previous answers' articles use the name ("Chew said", "in China")
        return kinds.kind_in(name.text, _STORY.get(), self.params.kinds) or "name"

    def _topic(self, prev_words: list[SurfaceWord], keys: list[str], person: str | None, before: str = "",
               previous: Turn | None = None) -> _Topic:
        """What the previous turn was about, beyond its person: the previous question's other names and
        content words. (The last answer's own words were tried too: they bring back the last answer,
        which is seldom what the follow-up asks for.) Shown as the previous question's own words from the first
        to the last of them ("the decisions after the North Korean party meeting"), when that stays short."""
        present = set(keys)
        skip = set(person.lower().split()) if person else set()
        unfound = _unfound_words(previous) if previous is not None and _found_nothing(previous) else frozenset()
        asked: list[str] = []
        span: list[int] = []
        for j, w in enumerate(prev_words):
            k = w.key
            if k in _NOT_NAMES or k in present or k in skip or k in _FILLER or k in _STOP_LIKE or self._stop(k):
                continue
            if k in unfound:
                continue  # a word no article holds ("ceo" of "who is qantas ceo") would only fail the follow-up again
            asked.append(w.form + w.suffix)
            span.append(j)
            if len(asked) >= self.params.max_topic_words:
                break
        query = " ".join(asked)
        if before and span and span[-1] - span[0] < self.params.topic_span_words:
            start = span[0] - 1 if span[0] > 0 and prev_words[span[0] - 1].key in ("the", "a", "an") else span[0]
            shown = before[prev_words[start].start:prev_words[span[-1]].end].strip(" ?.!,")
            # The previous question as read may hold an earlier reading's "(topic)": shown cut, it would open a
            # bracket it never closes.
            if shown.count("(") == shown.count(")"):
                return _Topic(query, shown)
        return _Topic(query, query.replace("(", "").replace(")", ""))

    # -- ellipsis and bare question words ----------------------------------------------------
    def _ellipsis(self, question: str, words: list[SurfaceWord], keys: list[str], before: str,
                  prev_words: list[SurfaceWord]) -> Followup | None:
        opener = next((o for o in _ELLIPSIS_OPENERS if tuple(keys[: len(o)]) == o and len(keys) > len(o)), None)
        if opener is None:
            return None
        rest = words[len(opener):]
        if rest and rest[0].key in _PREPOSITIONS and len(rest) > 1:
            rest = rest[1:]
        if any(w.key in _AUXILIARIES or w.key in _WH for w in rest):
            return None  # "And what did he say?": a question of its own
        if any(w.key in _PERSON or w.key in _GROUP for w in rest):
            return None  # "And his counterpart?": the pronoun is read as one
        if not any(w.key not in _NOT_NAMES and not self._stop(w.key) for w in rest):
            return None  # "What about the?": nothing to ask about
        own = [n for n in self._names(question, words) if n.start >= len(opener)]
        if opener == ("and",) and not own and rest[0].key not in _DETERMINERS:
            return None  # "and then?" is no "what about X"; "And the pandemic?" is
        new = question[rest[0].start:rest[-1].end].strip()
        names = self._names(before, prev_words)
        # The place a new name takes: the last name after a preposition ("in Seoul"), not an owner there ("to Kim
        # Jong-un's remarks": the remarks are what is asked about); else the first name.
        slot = next((n for n in reversed(names) if n.after_preposition and not prev_words[n.end - 1].suffix), None) \
            or (names[0] if names else None)
        if slot is not None and self.params.ellipsis_last_conjunct:
            # "How many documents did Iran and China sign?" -> "What about Turkey?": Iran and Turkey, the pair's
            # last name giving way (the one the previous question added to its subject)
            while (nxt := next((n for n in names if n.start == slot.end + 1), None)) is not None \
                    and prev_words[slot.end].key in ("and", "or") and not prev_words[slot.end - 1].suffix:
                slot = nxt
        if own and slot is not None and self.params.ellipsis_same_kind:
            # "What about Japan?" after "When will Penny Wong visit Laos?": a place takes a place's slot, not the
            # person's, when the articles tell what both are
            kind = self._kind(own[0], words, "")
            if kind in ("person", "place") and self._kind(slot, prev_words, before) not in (kind, "name", "time"):
                slot = next((n for n in reversed(names) if self._kind(n, prev_words, before) == kind), slot)
        if own and slot is not None:  # a name in place of a name: "What about Japan?"
            first, last = prev_words[slot.start], prev_words[slot.end - 1]
            text = before[:first.start] + new + before[last.end - len(last.suffix):]
            return Followup(text, f"{new} in place of {slot.text}")
        if not own and (swapped := self._swap_owned_noun(before, prev_words, new)) is not None:
            return Followup(swapped[0], f"{new} in place of {swapped[1]}")
        # A thing ("What about the economy?"): in place of what the previous question was about, else added.
        about = next((i for i in range(len(prev_words) - 1, -1, -1) if prev_words[i].key == "about"), None)
        if about is not None and about + 1 < len(prev_words):
            text = before[:prev_words[about + 1].start] + new + "?"
        else:
            text = before.rstrip(" ?.!") + f" about {new}?"
        return Followup(text, text)  # the front ends say "Read as: …"

    def _swap_owned_noun(self, before: str, prev_words: list[SurfaceWord], new: str) -> tuple[str, str] | None:
        """"What about industrial output?" after "How fast did China's economy grow?": the owner's thing the
        previous question asks about, replaced ("How fast did China's industrial output grow?"). None when its
        subject is no owner's noun ("Does the US have ...": the new thing is added instead)."""
        aux = _question_phrase_end(prev_words)
        at = aux + 1
        if aux >= len(prev_words) or prev_words[aux].key not in _AUXILIARIES or at + 1 >= len(prev_words):
            return None
        owner, noun = prev_words[at], prev_words[at + 1]
        if not (owner.suffix and owner.form[:1].isupper()) or not noun.form.islower() or noun.key in _NOT_NAMES \
                or self._stop(noun.key) or noun.suffix or new.split()[0].lower() in _DETERMINERS:
            return None
        return before[:noun.start] + new + before[noun.end:], f"{owner.form}{owner.suffix} {noun.form}"

    def _bare(self, question: str, words: list[SurfaceWord], keys: list[str], before: str,
              prev_words: list[SurfaceWord]) -> Followup | None:
        """"When?", "Why did he?", "And where?": only question words, auxiliaries, pronouns and fillers."""
        lead = 0
        while lead < len(keys) - 1 and keys[lead] in _CONJUNCTIONS:  # "And when?", "So why?"
            lead += 1
        words, keys = words[lead:], keys[lead:]
        # "On what condition?", "Since when?", "For how long?": a preposition before the question word is
        # part of what is asked.
        prep = 1 if len(keys) > 1 and keys[0] in _LEADING_PREPOSITIONS and keys[1] in _WH else 0
        if keys[prep] not in _WH:
            return None
        if len(keys) >= 3 and keys[-2] in _BE and (keys[-1] in _PERSON or keys[-1] in _GROUP or keys[-1] in _THING):
            return None  # "Where was she?", "What is it?": a question of its own about the pronoun's antecedent
        if len(keys) >= prep + 2 and keys[prep] == "what" and keys[prep + 1] in _KINDS_OF \
                and all(k in _FILLER or k == "of" for k in keys[prep + 2:]) and len(prev_words) > 2 \
                and prev_words[0].key in ("what", "which") and prev_words[1].form.islower() \
                and prev_words[1].key not in _NOT_NAMES and not self._stop(prev_words[1].key):
            # "What kind exactly?" after "What illness does Lois Lane have?": what kind of illness she has
            text = f"What {keys[prep + 1]} of {before[prev_words[1].start:]}"
            return Followup(text, text)
        negate = ones = False
        said = len(keys) >= prep + 3 and keys[-1] in ("so", "that") and keys[-2] in _SAYING_SO \
            and all(k in _AUXILIARIES for k in keys[prep + 1:-2])  # "Who says so?", "Who said that?"
        if len(keys) == prep + 2 and keys[prep] in ("which", "what") and words[prep + 1].form.islower() \
                and keys[prep + 1] not in _NOT_NAMES and keys[prep + 1] not in _FILLER and not self._stop(keys[prep + 1]):
            ask = question[words[0].start:words[prep + 1].end]  # "Which hotel?": the previous question, asking which hotel
            if keys[prep + 1] in ("ones", "one"):
                ask = question[words[0].start:words[prep].end]  # "Which ones?" after "How many states ...": which states
                ones = True
        elif said:
            ask = question[words[0].start:words[-2].end]
        elif any(k not in _WH and k not in _AUXILIARIES and k not in _PERSON and k not in _GROUP and k not in _THING
               and k not in _DEMONSTRATIVE and k not in _FILLER and not (k == "to" and "according" in keys)
               and k not in ("many", "much", "long", "often", "far", "not") for k in keys[prep:]):
            return None
        else:
            ask = question[words[0].start:words[prep + 1].end] if keys[-1] in ("many", "much", "long", "often", "far") \
                and len(keys) == prep + 2 else question[words[0].start:words[prep].end]
            negate = "not" in keys[prep:] and not any(w.key in ("not", "never") or w.key.endswith("n't") for w in prev_words)
        # "According to the US ambassador, what do ...": the lead clause goes after the question it leads
        clause = ""
        wh = next((j for j, w in enumerate(prev_words[:9]) if w.key in _WH), None)
        if wh and prev_words[0].key not in _LEADING_PREPOSITIONS and prev_words[0].key not in _WH \
                and "," in before[:prev_words[wh].start]:
            clause = before[:before.rindex(",", 0, prev_words[wh].start)].strip()
            prev_words = prev_words[wh:]
        start = _question_phrase_end(prev_words)
        if start >= len(prev_words):
            return None
        rest = before[prev_words[start].start:]
        noun = 2 if prev_words[0].key == "how" and len(prev_words) > 1 and prev_words[1].key == "many" else \
            1 if prev_words[0].key in ("which", "what") else 0
        if ones and noun and start > noun and prev_words[start].key in _AUXILIARIES:
            # "Which ones?" after "How many roles does Tom Hanks play?" ("Which hotel did they stay at?"): which roles
            # he plays (the noun asked about sits before the auxiliary the rest starts at)
            ask = f"{ask} {before[prev_words[noun].start:prev_words[start - 1].end]}"
        if said and start == 0 and prev_words[0].key in _AUXILIARIES and len(prev_words) > 1:
            # "Has Pyongyang agreed to talks?" -> "Who says Pyongyang agreed to talks?"; "Is Kim in Seoul?" ->
            # "Who says Kim is in Seoul?"
            rest = before[prev_words[1].start:]
            if prev_words[0].key in _BE:
                after = self._subject_end(before, prev_words, 1)
                if after < len(prev_words):
                    cut = prev_words[after].start - prev_words[1].start
                    rest = f"{rest[:cut]}{prev_words[0].key} {rest[cut:]}"
        elif said:
            return None  # after a wh-question what was said is its answer: read by the pronoun rules
        elif start == 0 and prev_words[0].form[:1].isupper() and prev_words[0].key in _AUXILIARIES:
            rest = rest[:1].lower() + rest[1:]  # "Is Kim the leader?" -> "Since when is Kim the leader?"
        if negate and prev_words[start].key in _AUXILIARIES:
            # "Why not?" after "Did Sung Kim go?" -> "Why did Sung Kim not go?"
            after = self._subject_end(before, prev_words, start + 1)
            if after < len(prev_words):
                cut = prev_words[after].start - prev_words[start].start
                rest = f"{rest[:cut]}not {rest[cut:]}"
        if clause:
            rest = f"{rest.rstrip(' ?.!')}, {clause[:1].lower()}{clause[1:]}?"
        text = f"{ask[:1].upper()}{ask[1:]} {rest}"
        if start > 0 and prev_words[start - 1].key in _WH and prev_words[start].key not in _AUXILIARIES:
            # After a subject question ("Who represented Japan?") the words still search well, but "Why
            # represented Japan" reads as nonsense: the reading shown names the question it goes on from.
            return Followup(text, f"{ask[:1].upper()}{ask[1:]} ({before.strip()})")
        return Followup(text, text)  # the front ends say "Read as: …"

    def _subject_end(self, text: str, words: list[SurfaceWord], at: int) -> int:
        """Where the subject starting at word `at` ends: after a name ("Sung Kim"), a pronoun, or a determiner
        and the words up to the next auxiliary, preposition or verb-like word (at most three)."""
        for n in self._names(text, words):
            if n.start == at:
                return n.end
        if at < len(words) and words[at].key in _DETERMINERS:
            j = at + 1
            while j < len(words) and j < at + 4 and words[j].key not in _NOT_NAMES and not _participle(words[j].key):
                j += 1
                if _plural_noun(words[j - 1], text):
                    break  # "the envoys | meet"
            return j
        return at + 1

    # -- names ------------------------------------------------------------------------------
    def _names(self, text: str, words: list[SurfaceWord]) -> list[_Name]:
        """Runs of capitalised words ("Sung Kim", "North Korea", "Kim Jong-un"), a sentence's first
        word only when the store usually writes it with a capital."""
        out: list[_Name] = []
        pending, pending_at = "", -1  # a title run's office, for the name that follows it
        i = 0
        while i < len(words):
            # A first word that opens a run of names is a name too ("Jung Pak, a deputy, ...").
            opens_run = (i == 0 and len(words) > 1 and words[0].form[:1].isupper() and words[0].key not in _NOT_NAMES
                         and self._capitalised(words, 1) and text[words[0].end:words[1].start] == " "
                         and not self._stop(words[0].key))  # "While England ...": "while" is no name
            if not (opens_run or self._capitalised(words, i)):
                i += 1
                continue
            j = i + 1
            while (j < len(words) and self._capitalised(words, j) and not words[j - 1].suffix
                   and text[words[j - 1].end:words[j].start] in (" ", "", " & ")
                   and not (words[j].key in _HONORIFICS and words[j - 1].key not in _HONORIFICS)):
                j += 1  # an honorific opens a name of its own: "Archbishop of Canterbury Dr Rowan Williams"
            # A title run ends in the person's name: "Foreign Minister Chung Eui-yong", "... Pacific Affairs Jung Pak"
            # (two words or more after the last office or organisation word).
            last_office = max((k for k in range(i, j - 2) if words[k].key in _PERSON_NOUNS
                               or words[k].key in _ORGANISATION_WORDS or words[k].key == "affairs"), default=None)
            office = ""
            if last_office is not None:
                # the office is a title of its own; the person opens the next run, remembering the office
                j = last_office + 1
                office = text[words[i].start:words[j - 1].end]
            whole = None
            if i > 0 and words[i - 1].form.islower() and words[i - 1].key not in _NOT_NAMES and not words[i - 1].suffix \
                    and text[words[i - 1].end:words[i].start] == " " and (whole := _written_whole(
                        words[i - 1].form, text[words[i].start:words[j - 1].end - len(words[j - 1].suffix)], _STORY.get())):
                i -= 1  # "time Warner" typed, its case restored word by word: the articles write "Time Warner"
            prv = words[i - 1].key if i > 0 else None
            nxt = words[j].key if j < len(words) else None
            after_prep = prv in _PREPOSITIONS or prv in _PLACE_PREPOSITIONS
            # "the US envoy", "Which US official", "North Korean leader": the name describes the noun after it.
            # ("the North must ...", "the fact that Turkey is ...": a name before a verb is no modifier)
            # ("Jung Park, deputy ...": after a comma the noun is an apposition, not described)
            joined = nxt is not None and (_joined_in_phrase(text[words[j - 1].end:words[j].start]) or (
                "." in words[j - 1].form and text[words[j - 1].end:words[j].start] == ". "))  # "the U.S. envoy"
            describes = joined and words[j].form.islower() and nxt not in _NOT_NAMES and nxt not in _EXISTS
            modifier = ((prv in _DETERMINERS or prv in _QUANTIFIERS) and not after_prep and describes) \
                or (prv in ("which", "what", "whose")) or (
                joined and nxt in _PERSON_NOUNS and not words[j - 1].suffix)
            if words[j - 1].suffix:  # "Kim Jong-un's remarks": a possessive names its owner
                modifier = False
            name = text[words[i].start:words[j - 1].end - len(words[j - 1].suffix)]
            if whole:
                name = whole
            title = any(w.key in _PERSON_NOUNS for w in words[i:j]) or all(w.key in _HONORIFICS for w in words[i:j]) \
                or bool(office)
            preposition = prv if after_prep else None
            if not after_prep and not modifier and prv in ("the", "a", "an") and i > 1 \
                    and words[i - 2].key in _PREPOSITIONS:
                # "offer for the LSE", "out of the Australian Open": the preposition before the article
                after_prep, preposition = True, words[i - 2].key
            out.append(_Name(name, i, j, after_prep, modifier, preposition, title,
                             pending if pending_at == i else ""))
            pending, pending_at = office, j
            i = j
        return out

    def _capitalised(self, words: list[SurfaceWord], i: int) -> bool:
        w = words[i]
        if not _upper(w.form) or w.key in _NOT_NAMES:
            return False
        if not w.form[:1].isalpha():
            return True  # "7E7", "A350": a model's name
        if i == 0:
            # A sentence's first word: a name when the store writes it so elsewhere, or, never seen
            # elsewhere, when it is no English word ("Tae Yongho, a former ...").
            usual = self._lexicon.usual_form(w.key)
            if usual is not None:
                return usual[:1].isupper()
            return w.key not in english_words(ENGLISH_WORDS)
        return True


# Small words that are neither names nor content ("say" is content: it stays when carried over).
_STOP_LIKE = frozenset("a an the of to in on for with by as at from do did does done s kind type sort".split())


def _unfound_words(previous: Turn) -> frozenset[str]:
    """The words the previous reply named as missing, as keys."""
    return frozenset(t.lower() for t in previous.reply.missing_terms)


def _found_nothing(previous: Turn) -> bool:
    """The previous turn was not found, with nothing shown: its missing words are words no article holds."""
    return previous.reply.outcome is Outcome.NOT_FOUND and not previous.reply.answers


def _question_phrase_end(words: list[SurfaceWord]) -> int:
    """Where the previous question's own question phrase ends: "What did Sullivan say?" -> "did Sullivan
    say?"; "On which BBC slot did he speak?" -> "did he speak?"; "How old was he?" -> "was he?". A subject
    question ("Who joined the talks?") keeps its words after the question word."""
    start = 1 if len(words) > 1 and words[0].key in _LEADING_PREPOSITIONS and words[1].key in _WH else 0
    while start < len(words) and words[start].key in _WH:
        start += 1
    for j in range(start, min(len(words), start + 6)):  # "which BBC Radio 4 slot", "how old", "what post"
        if words[j].key in _AUXILIARIES:
            return j
    while start < len(words) and words[start].key in ("many", "much", "long", "kind", "of", "type", "sort"):
        start += 1
    return start


# Words before a name that make it a person's ("Mr Blair", "Sir Anthony Meyer", "Cardinal Cormac Murphy-O'Connor").
_HONORIFICS = frozenset(
    "mr mrs ms miss dr sir lord lady dame cardinal archbishop bishop rev reverend prof professor president "
    "senator sen governor gov judge justice pope prince princess king queen general gen colonel captain".split())
# Words that make a name an organisation's ("Labour Party", "Central Committee", "Biden administration").
_ORGANISATION_WORDS = frozenset(
    "party committee council union ministry department government administration commission court bank "
    "association agency company corporation corp inc ltd plc group club league parliament assembly senate "
    "congress office institute university college foundation organisation organization bureau authority "
    "service forces army navy fund board tribunal".split())
# Words that end a noun phrase: relatives, and adverbs of time ("the autism rate now" is "the autism rate").
_NP_STOP = frozenset("that which who whom whose what than as now today currently still already yet ever again "
                     "recently soon later".split())


def _asked_person_noun(words: list[SurfaceWord], text: str) -> str | None:
    """"Which professor ...?", "Which US official ...?": the person asked for, as "the professor"."""
    if len(words) < 2 or words[0].key not in ("which", "what"):
        return None
    for j in range(1, min(len(words), 5)):
        if words[j].key in _PERSON_NOUNS:
            return "the " + text[words[1].start:words[j].end - len(words[j].suffix)]
        if words[j].key in _AUXILIARIES or words[j].key in _PREPOSITIONS:
            return None
    return None


def _inverted_subject(name: _Name, words: list[SurfaceWord]) -> bool:
    """"What did the EU say?": a name right after "did the" is the subject its verb follows."""
    return name.start >= 2 and words[name.start - 1].key == "the" and words[name.start - 2].key in _VERB_AFTER


def _inverted_subject_end(reader: FollowupReader, text: str, words: list[SurfaceWord]) -> int | None:
    """Where the subject after a question's auxiliary ends ("Where could West Fargo | get ..."), None when the
    question has no auxiliary before its subject ("Which website closed?")."""
    aux = _question_phrase_end(words)
    if aux == 0 or aux + 1 >= len(words) or words[aux].key not in _AUXILIARIES:
        return None
    end = reader._subject_end(text, words, aux + 1)
    if words[aux + 1].key in _DETERMINERS and end < len(words) and words[end].key in _DETERMINERS and end - 1 > aux + 2:
        end -= 1  # "could the council get a new bridge": the phrase ran on into the verb, which ends before the object
    if words[end - 1].suffix:  # "Ubisoft's AI tool": an owner's name opens the subject, the thing owned ends it
        while end < len(words) and words[end].key not in _NOT_NAMES and not reader._stop(words[end].key) \
                and not (words[end].form.islower() and _participle(words[end].key)):
            end += 1
            if words[end - 1].form.islower():
                break
    return end


def _with_article(name: _Name, words: list[SurfaceWord]) -> str:
    """"the EU", "the Tories": a body's name with the article the question gave it."""
    return f"the {name.text}" if name.start > 0 and words[name.start - 1].key == "the" else name.text


def _asked_noun(words: list[SurfaceWord], text: str) -> str | None:
    """The thing a "What NOUN ..." / "Which ADJ NOUN ..." question asks for, as "the NOUN" ("What post is
    he to take up?" -> "the post"); None when it asks for a person, a time or an amount, or for no noun."""
    start = 1 if len(words) > 1 and words[0].key in _LEADING_PREPOSITIONS else 0
    if len(words) > start + 3 and words[start].key == "how" and words[start + 1].key == "much" \
            and words[start + 2].form.islower() and words[start + 2].key not in _NOT_NAMES \
            and words[start + 3].key in _AUXILIARIES:
        return f"the {words[start + 2].form}"  # "How much money has the Treasury allocated?" -> "the money"
    if start >= len(words) - 1 or words[start].key not in ("what", "which"):
        return None
    j = start + 1
    # "Which Indian company leads ...": a capitalised word may describe the noun, which is lower case and
    # ends the phrase before an auxiliary or, for a kind of named thing, before its verb.
    while j < len(words) and j < start + 4 and (words[j].form.islower() or (j + 1 < len(words) and words[j + 1].form.islower()
                                                 and not words[j].suffix)) \
            and words[j].key not in _NOT_NAMES and words[j].key not in _NP_STOP:
        j += 1
        if words[j - 1].key in _NAMED_KINDS:
            break
    # ("What share of the Japanese people ... use ...?" asks for the share: a noun before "of" ends the phrase too)
    if j == start + 1 or j >= len(words) or not words[j - 1].form.islower() or (
            words[j].key not in _AUXILIARIES and words[j - 1].key not in _NAMED_KINDS and words[j].key != "of"):
        return None
    head = words[j - 1].key
    if head in _PERSON_NOUNS or head in _NOT_A_THING:
        return None
    return "the " + text[words[start + 1].start:words[j - 1].end]


# What a "what NOUN" question asks for that "it" does not stand for.
def _same_sort(one: str, other: str) -> bool:
    """Two names that may be "they" together: neither a time, and not a person with a body or a place."""
    if "time" in (one, other):
        return False
    people = {one, other} & {"person"}
    return not people or not {one, other} & {"group", "place"}


def _in_phrase_after_preposition(words: list[SurfaceWord], j: int) -> bool:
    """The noun at j ends a phrase a preposition opens ("in video games", "for their drills")."""
    k = j
    while k > 0 and words[k - 1].key not in _NOT_NAMES:
        k -= 1
    while k > 0 and words[k - 1].key in _DETERMINERS:
        k -= 1
    return k > 0 and words[k - 1].key in _PREPOSITIONS


def _asks_for_people_group(words: list[SurfaceWord]) -> bool:
    """"Which DJ duo ...?": a question for a few people named together."""
    return bool(words) and words[0].key in ("which", "what") and any(w.key in _PEOPLE_GROUPS for w in words[1:4])


def _owned_by_they(words: list[SurfaceWord], j: int) -> bool:
    """The plural at j is owned by the question's own "their" within three words before it ("their last 14
    matches"): the owner, not the things owned, is what a later "they" or "their" takes up again."""
    return any(w.key in ("their", "theirs") for w in words[max(0, j - 3):j])


_NOT_A_THING = frozenset(
    "time day date year month week hour age number percentage amount kind type sort way extent reason".split())


def _noun_phrases(text: str, words: list[SurfaceWord]) -> list[tuple[int, str, bool]]:
    """The singular noun phrases of a question, first to last, each as (first word, text, owner): a
    determiner or an owner's possessive ("North Korea's"), then up to four words that are no pronoun,
    auxiliary or preposition. A possessive ends one ("the Biden administration" is the owner of "the
    Biden administration's diplomatic path"). Without a tagger, a verb may follow the noun: the phrase
    ends before a participle ("the money spent ...", "the meeting held"), and after a do-auxiliary or a
    modal ("would the G8 debt deal save ...") before its last word, or after three words when it runs on."""
    out: list[tuple[int, str, bool]] = []
    for i, w in enumerate(words):
        opens = w.key in _NP_OPENERS or (w.suffix and w.form[:1].isupper())
        if not opens or (w.key == "that" and i + 1 < len(words) and words[i + 1].form[:1].isupper()):
            continue
        start = i
        if w.suffix:  # "North Korea's next missile test": the owner's name is part of the phrase
            while start > 0 and words[start - 1].form[:1].isupper() and not words[start - 1].suffix \
                    and words[start - 1].key not in _NOT_NAMES:
                start -= 1
            if start > 0 and words[start - 1].key in ("the", "a", "an"):
                start -= 1
        j = i + 1
        while j < len(words) and j <= i + 5 and (words[j].key not in _NOT_NAMES or _joins(words, j, i)) \
                and words[j].key not in _NP_STOP:
            if j > i + 1 and _participle(words[j].key):
                break
            j += 1
            if words[j - 1].suffix:
                break
        run = words[i + 1:j]
        if not run:
            continue
        owner = bool(run[-1].suffix)
        # "does the TikTok app have ...": the verb is the auxiliary that ended the phrase, not its last word
        verb_follows = i > 0 and words[i - 1].key in _VERB_AFTER and not owner \
            and not (j < len(words) and words[j].key in _AUXILIARIES)
        if verb_follows and len(run) > 1:  # where the phrase ends is not known past the cap: three words
            # ... unless the articles use a longer one as a noun ("the law" of "does Utah's new social media law
            # require": the phrase ends at "law", not at "media")
            used = next((k for k in range(len(run) - 1, 3, -1) if _used_as_noun(run[k - 1].key)), None) \
                if j > i + 5 else None
            run = run[:used] if used else run[:3] if j > i + 5 else run[:-1]
        head = run[-1]
        if not head.form.islower() or head.key in _PERSON_NOUNS or head.key in _ABSTRACT or (
                head.key.endswith("s") and not head.key.endswith("ss") and not head.suffix):
            continue  # a name ("the North") is read as a name; a person noun is "he"; a plural is "they"
        phrase = text[words[start].start:head.end - len(head.suffix)]
        if w.key in ("a", "an", "this", "that"):
            phrase = "the " + text[run[0].start:head.end - len(head.suffix)]
        out.append((start, phrase, owner))
    return out


_NP_OPENERS = frozenset("the a an this that his her its their".split())
_DO_OR_MODAL = frozenset("do does did will would can could shall should may might must".split())
# An auxiliary after which a phrase is followed by its verb ("has the aviator got": the phrase is "the aviator").
_VERB_AFTER = _DO_OR_MODAL | frozenset("has have had".split())
# Nouns that say how a thing is put, not which thing: "the fact that ...", "the way ...".
_ABSTRACT = frozenset("fact way extent idea possibility likelihood sense case time point".split())
# Things a "Which NOUN" question asks for that the answer names ("Which country ...?" -> "China").
_NAMED_KINDS = frozenset("country nation state city town capital party company organisation organization "
                         "agency group team club newspaper channel programme program network".split())
_IRREGULAR_PARTICIPLES = frozenset(
    "held made done taken given seen said told met set put kept left sent found known shown built brought "
    "thought won lost paid spent led run begun written".split())


def _used_as_noun(key: str) -> bool:
    """The previous answers' articles write the word after a determiner ("the law", "a new law")."""
    story = _STORY.get()
    return bool(story) and len(key) > 2 and re.search(
        rf"\b(?:the|a|an|this|that|its|their|his|her)\s+(?:[a-z][\w-]*\s+)?{re.escape(key)}\b", story,
        flags=re.IGNORECASE) is not None


def _participle(key: str) -> bool:
    """"spent", "held": a verb after the noun. (-ing is left alone: "the meeting" is a noun.)"""
    return key.endswith("ed") or key in _IRREGULAR_PARTICIPLES


def _joins(words: list[SurfaceWord], j: int, opener: int) -> bool:
    """"dialogue and confrontation": "and" between two lower-case words inside a phrase."""
    return (words[j].key in ("and", "or") and j > opener + 1 and j + 1 < len(words) and words[j - 1].form.islower()
            and words[j + 1].form.islower() and words[j + 1].key not in _NOT_NAMES)


# What people and bodies do, not things: a "they" doing one is people ("when did they meet", "what did they agree").
_PEOPLE_ACTS = frozenset(
    "meet meets met meeting say says said tell tells told agree agrees agreed agreeing visit visits visited visiting "
    "hold holds held talk talks talked discuss discusses discussed sign signs signed negotiate negotiated "
    "decide decides decided vote votes voted announce announces announced promise promised pledge pledged "
    "ask asks asked call calls called speak speaks spoke spoken think thinks thought want wants wanted "
    "plan plans planned claim claims claimed deny denies denied urge urged warn warns warned "
    "travel travels travelled traveled arrive arrives arrived "
    # what teams, firms and pollsters do: "who are they playing next", "when did they do the first one"
    "do does did doing play plays played playing face faces faced facing beat beats beaten beating "
    "win wins won winning lose loses lost losing score scores scored scoring "
    "conduct conducts conducted carry carries carried hire hires hired sack sacks sacked "
    "buy buys bought buying sell sells sold selling pay pays paid paying".split())  # (not "go": "could they go up again" = rates)
_ADVERBS_BEFORE_VERB = frozenset("first last finally ever never not also still already actually eventually".split())


def _people_act(keys: list[str], i: int) -> bool:
    """"they" is the subject of a verb people do: "when did they meet", "what did they finally agree", "they met when";
    not of a passive ("where are they held", "what were they called": things are held and called too)."""
    if keys[i] != "they":
        return False
    j = i + 1
    if j < len(keys) and keys[j] in _ADVERBS_BEFORE_VERB:
        j += 1
    if i > 0 and keys[i - 1] in _PASSIVE_BE and j < len(keys) and not keys[j].endswith("ing"):
        return False
    return j < len(keys) and keys[j] in _PEOPLE_ACTS


_PASSIVE_BE = frozenset("is are was were be been being".split())
# Bodies of people, singular nouns a "they" that acts may stand for ("the grand jury", "the committee").
_BODY_NOUNS = frozenset("jury committee panel board council government cabinet court commission team side club squad "
                        "party union company firm bank agency authority department ministry parliament congress "
                        "senate police army".split())


def _body_phrase(text: str, words: list[SurfaceWord]) -> str | None:
    """The previous question's body of people named as its subject: "the" (or "the" and a few words) before a body
    noun, not after a preposition ("is the grand jury going to decide" -> "the grand jury"; not "the people on the
    committee")."""
    for i, w in enumerate(words):
        if w.key not in _BODY_NOUNS or w.suffix or (i + 1 < len(words) and words[i + 1].key in _BODY_NOUNS):
            continue
        for j in range(i - 1, max(-1, i - 4), -1):
            if words[j].key == "the":
                if j > 0 and words[j - 1].key in _PREPOSITIONS:
                    break
                return text[words[j].start:w.end]
            if words[j].key in _NOT_NAMES or words[j].suffix:
                break
    return None


def _people_noun(key: str) -> bool:
    """A plural that names people ("envoys", "officials", "people", "partners")."""
    return key in _PERSON_NOUNS or key in _IRREGULAR_PLURALS or key in _PEOPLE_GROUPS or key in _PERSON_WORDS


_PERSON_WORDS = frozenset("allies sides parties leaders officials rivals governments countries nations teams "
                          "players fans voters workers members ministers delegates delegations".split())


def _is_subject(keys: list[str], i: int) -> bool:
    """"How much has it said?", "before it can join": "it" before a verb or auxiliary, not after one."""
    prv = keys[i - 1] if i > 0 else None
    return keys[i] == "it" and (prv is None or prv in _AUXILIARIES or prv in _WH or prv in _SUBORDINATORS)


# "Who says so?", "Who said that?": a saying verb before "so"/"that" asks who said the previous question's claim.
_SAYING_SO = frozenset("say says said think thinks thought claim claims claimed believe believes believed".split())
# "say it", "mean it": what was said, the previous question's topic, not a thing it named.
_SAYING = frozenset("say said says mean meant do did does repeat repeated deny denied announce announced".split())


def _joined_in_phrase(gap: str) -> bool:
    """What may stand between two words of one noun phrase: a space, an owner's apostrophe, or a year or number
    ("the 1997 Lions tour")."""
    return gap in (" ", "' ", "’ ") or re.fullmatch(r" \d[\d,.]* ", gap) is not None


def _own_plural(words: list[SurfaceWord], i: int) -> bool:
    """The question names its own plural before the pronoun at i, counted or determined ("how many children took their
    own lives", "how many guns did Wal-Mart deliver to people buying for others who couldn't own them")."""
    return any(w.form.islower() and (w.key in _IRREGULAR_PLURALS or (_plural_noun(w, "") and len(w.key) > 3))
               and w.key not in _NOT_NAMES and words[j - 1].key in _COUNTING for j, w in enumerate(words[:i]) if j > 0)


# Words before a plural that make it a noun, not a verb ("how many guns", "the firms").
_COUNTING = frozenset("many few several some all both these those the".split())


def _asked_first(own: list[_Name], question: str, words: list[SurfaceWord], i: int) -> _Name | None:
    """The name a question opens with as a sentence of its own, then asks of with a pronoun ("and the Lib Dems? what
    threshold do they want"); None when it does not."""
    return next((n for n in own if n.end <= i and not n.after_preposition
                 and "?" in question[words[n.end - 1].end:words[i].start]), None)


def _own_thing(own: list[_Name], words: list[SurfaceWord], i: int) -> bool:
    """Whether the question names its own thing as the subject of the clause "it" is in ("What must the
    North demonstrate before it returns?": it = the North), or right before a possessive "its" ("what did he
    tell ChatGPT its name was": ChatGPT's)."""
    if words[i].key == "its" and any(n.end == i and not n.modifier for n in own):
        return True
    if words[i].key == "its" and any(n.start < i and not n.after_preposition and not n.modifier and not words[n.end - 1].suffix
                                     and (n.start == 0 or words[n.start - 1].key in _AUXILIARIES) for n in own):
        return True  # "when does Reliance Industries hold its board meeting": the question's own subject's
    for n in own:
        if n.start >= i or n.after_preposition:
            continue
        nxt = words[n.end].key if n.end < len(words) else None
        if nxt in _AUXILIARIES and any(w.key in _SUBORDINATORS for w in words[n.end:i]):
            return True
    return False


def _split_possessive(text: str, word: SurfaceWord) -> bool:
    """The "s" of an owner the lexicon's words split off ("D.A.'s office" -> "D.A", "s", "office"): no word of the
    phrase it ends."""
    return word.key == "s" and word.start > 0 and text[word.start - 1] in "'’"


def _object_of_who(ws: list[str]) -> tuple[int, ...]:
    """Where a who-question names whom it asks about: the word after its verb ("who hosted kamala harris" -> 2),
    not a determiner, pronoun or preposition there ("who won the prize", "who met him", "who spoke for the US")."""
    if len(ws) < 3 or ws[0].lower() != "who":
        return ()
    verb, after = ws[1].lower(), ws[2].lower()
    if verb in _AUXILIARIES or verb in _NOT_NAMES or after in _NOT_NAMES or after in _FILLER:
        return ()
    return (2,)


def _existential(prv: str | None, nxt: str | None) -> bool:
    """"there is no substitute", "is there a plan": a "there" that points at no place."""
    return nxt in _EXISTS or (prv in ("is", "are", "was", "were") and nxt is not None)


_EXISTS = frozenset("is are was were 's will would has have had be been seem seems seemed remain remains".split())


def _asks_for_person(words: list[SurfaceWord]) -> bool:
    """"Who ...?", "Which former North Korean diplomat ...?": the answer names the person."""
    if not words:
        return False
    if words[0].key in ("who", "whom", "whose"):
        return True
    if words[0].key not in ("which", "what"):
        return False
    for w in words[1:6]:
        if w.key in _PERSON_NOUNS:
            return True
        if w.key in _AUXILIARIES or w.key in _PREPOSITIONS:
            return False
    return False


def _expletive(keys: list[str], i: int) -> bool:
    """"Is it true that ...", "it is likely to ...": an "it" that stands for nothing before it."""
    if 0 < i < len(keys) - 1 and keys[i - 1] in _BE and keys[i + 1] in _PREPOSITIONS:
        return False  # "What else is it in talks to buy?": a question's "is it", then where it is
    near = keys[max(0, i - 1): i + 2]
    if i + 2 < len(keys) and keys[i + 1] in _DO_OR_MODAL and keys[i + 2] == "be":
        near = [*near, keys[i + 2]]  # "say it would be good for Ireland to avoid": "it ... to", through a modal
    if i + 1 < len(keys) and keys[i + 1] in ("take", "takes", "took", "taking") and "long" in keys[:i]:
        return True  # "How long could it take ...": the time, not a thing
    return any(k in _BE for k in near) and any(k in ("that", "to") for k in keys[i + 1:])


def _complementiser(words: list[SurfaceWord], keys: list[str], i: int) -> bool:
    """"said that the US ...": a "that" that opens a clause rather than pointing back."""
    if keys[i] != "that" or i == 0 or i + 1 >= len(keys):
        return False
    nxt = words[i + 1]
    prv = words[i - 1]
    if prv.form.islower() and (prv.key in _PERSON_NOUNS or (_plural_noun(prv, "") and len(prv.key) > 3
                                                             and prv.key not in _NOT_NAMES and prv.key not in _SAYING_SO)) \
            and nxt.form.islower() and nxt.key not in _NOT_NAMES and i + 2 < len(keys):
        return True  # "firms that break it": a relative after a noun, pointing at that noun
    return keys[i - 1] not in _PREPOSITIONS and keys[i - 1] not in _AUXILIARIES and (
        nxt.key in _DETERMINERS or nxt.key in _PERSON or nxt.key in _GROUP or nxt.form[:1].isupper())


def _own_person(own: list[_Name], words: list[SurfaceWord], i: int) -> bool:
    """Whether the question names its own person before the pronoun at i, as a clause's subject
    ("What did Sullivan say when he ...", "When Sullivan spoke, what did he say?"), not as an object or
    in a noun phrase ("Which member States will he urge?")."""
    for n in own:
        if n.start >= i or n.after_preposition or n.modifier:
            continue
        before = words[n.start - 1].key if n.start > 0 else None
        if before is None or before in _AUXILIARIES or before in _WH or before in _SUBORDINATORS:
            return True
    return False


def _names_new(own: list[_Name], before: str, answer: str) -> bool:
    """The question names someone or something the previous turn (question and answer) never names."""
    seen = f"{before} {answer}".lower()
    return any(n.text.lower() not in seen for n in own)


def _part_of(name: str, asked: set[str]) -> bool:
    """The name, or its words, among names already asked about: "Kim" after "Sung Kim" is no new person."""
    words = set(name.lower().split())
    return any(words <= set(a.split()) for a in asked)


_FEMALE_PRONOUNS = frozenset("she her hers herself".split())
_FEMALE_HONORIFICS = ("ms", "mrs", "miss", "lady", "dame", "queen", "princess", "baroness", "duchess")


_PRONOUN_OPENS = re.compile(r"^\W*(?:he|she)\b", re.IGNORECASE)


def _a_woman(name: str, context: str) -> bool:
    """A name the turn marks as a woman's: a female honorific before it or before its last word ("Ms Grant")."""
    parts = name.lower().replace(".", "").split()
    lowered = context.lower().replace(".", "")
    return parts[0] in _FEMALE_HONORIFICS or any(f"{h} {parts[-1]}" in lowered for h in _FEMALE_HONORIFICS)


_MALE_HONORIFICS = ("mr", "sir", "lord", "king", "prince", "baron", "duke")


def _determined_thing(name: _Name, words: list[SurfaceWord], kind: str) -> bool:
    """A name after a determiner ("their post-World Cup Tests", "the White House") names a thing, not someone "he"
    stands for, unless it is known for a person."""
    if kind == "person" or name.start == 0:
        return False
    before = name.start - 1
    if "-" in words[before].key and before > 0:  # "their post-World Cup Tests"
        before -= 1
    return words[before].key in _DETERMINERS


def _a_man(name: str, context: str) -> bool:
    """A name the turn or its articles mark as a man's: a male honorific before it or before its last word ("Mr Mousa")."""
    parts = name.lower().replace(".", "").split()
    lowered = context.lower().replace(".", "")
    return parts[0] in _MALE_HONORIFICS or any(f"{h} {parts[-1]}" in lowered for h in _MALE_HONORIFICS)


def _office_words(office: str) -> set[str]:
    """The office and organisation words of a title ("South Korean Foreign Minister" -> {"minister"})."""
    return {w for w in office.lower().split() if w in _PERSON_NOUNS or w in _ORGANISATION_WORDS} or {office.lower()}


_TIMES = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july august "
    "september october november december".split())


def _is_time(name: str) -> bool:
    """A day or a month ("Monday", "April 2005"): a time, not a thing or a person."""
    return name.split()[0].lower() in _TIMES


def _singular(noun: str) -> str:
    """"counterparts" -> "counterpart", "secretaries" -> "secretary" (what "the Japanese one" stands for)."""
    if noun.endswith("ies"):
        return noun[:-3] + "y"
    return noun[:-1] if noun.endswith("s") and not noun.endswith("ss") else noun


def _conjunct(name: _Name, names: list[_Name], words: list[SurfaceWord]) -> bool:
    """"Sung Kim and Noh Kyu-duk": a name joined to another by "and"/"or" is part of a plural, never "it"."""
    starts = {n.start for n in names}
    ends = {n.end for n in names}
    after = name.end < len(words) - 1 and words[name.end].key in ("and", "or") and name.end + 1 in starts
    before = name.start >= 2 and words[name.start - 1].key in ("and", "or") and name.start - 1 in ends
    return after or before


def _plural_noun(word: SurfaceWord, text: str) -> bool:
    """"the three countries", "the two sides'": a plural noun, not the verb of "the two agreed" (a verb after a
    plural subject takes no -s)."""
    return (word.key.endswith("s") and not word.key.endswith("ss")) or text[word.end:word.end + 1] in ("'", "’")


def _written_whole(word: str, name: str, story: str) -> str | None:
    """The name with the word before it, when the articles write the two as one name ("time" + "Warner" ->
    "Time Warner") more often than the word alone before it."""
    if not story:
        return None
    whole = f"{word[:1].upper()}{word[1:]} {name}"
    joined = len(re.findall(rf"(?<![\w-]){re.escape(whole)}(?![\w-])", story))
    return whole if joined and joined > len(re.findall(rf"(?<![\w-]){re.escape(word)} {re.escape(name)}(?![\w-])", story)) else None


def _as_written(phrase: str, story: str) -> str:
    """The phrase as the articles write it when they write it with other capitals ("the Australian open" ->
    "the Australian Open"); a leading article stays as typed."""
    if len(phrase) < 3:
        return phrase
    found = re.search(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", story, flags=re.IGNORECASE)
    if found is None or found.group(0) == phrase:
        return phrase
    out = found.group(0)
    head = phrase.split(" ", 1)[0]
    if head.lower() in ("the", "a", "an") and out.split(" ", 1)[0] != head:
        out = head + out[len(head):]
    return out


def _upper(form: str) -> bool:
    """Capitalised, or a name of digits and capitals ("7E7")."""
    return form[:1].isupper() or (form[:1].isdigit() and any(ch.isupper() for ch in form))


def _possessive(name: str) -> str:
    return name + ("'" if name.endswith("s") else "'s")


def _substitute(text: str, words: list[SurfaceWord], replacements: dict[int, str]) -> str:
    out: list[str] = []
    at = 0
    for i, w in enumerate(words):
        if i not in replacements:
            continue
        out.append(text[at:w.start])
        out.append(replacements[i])
        at = w.end
    out.append(text[at:])
    return re.sub(r" ([?.!,;:])", r"\1", " ".join("".join(out).split()))  # a word taken out leaves no gap


def surface_words(text: str) -> list[SurfaceWord]:
    """The lexicon's words, each widened over the digits it is glued to: "7E7", "A350", "G8" are one
    name ("it = 7E7"), not the letter between the digits. (The lexicon counts letters only.)"""
    out: list[SurfaceWord] = []
    for w in _letter_words(text):
        start, end = w.start, w.end - len(w.suffix)
        while start > 0 and text[start - 1].isdigit():
            start -= 1
        while end < len(text) and (text[end].isdigit() or (text[end].isalpha() and end > w.end - len(w.suffix)
                                                            and text[end - 1].isdigit())):
            end += 1
        if (start, end) == (w.start, w.end - len(w.suffix)):
            out.append(w)
            continue
        if out and out[-1].end > start:  # "7E7s": the digits joined a word already widened
            continue
        form = text[start:end]
        suffix = w.suffix if end == w.end - len(w.suffix) else ""
        out.append(SurfaceWord(form.lower(), form, start, end + len(suffix), suffix))
    return out
