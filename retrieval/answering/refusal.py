"""The refusal decision: when the evidence is too weak to claim an answer, and which question words
found nothing.

- no content word of the question is in the corpus: refuse;
- the best sentence covers less than min_coverage of the question's idf mass (a word absent from
  the corpus weighs absent_weight x the rarest word's idf): refuse;
- the question names something the corpus never mentions (a capitalised word or a number, not a
  near-spelling of a stored word) and the best sentence covers less than min_coverage_named:
  refuse. SQuAD-style paraphrases leave many ordinary words unmatched and are still answerable;
  an unknown name ("Messi", "2023") means the articles are about something else.
Beyond these rules, a doubt score (`doubt`): a logistic model over what the ranking already knows of the best
sentence (`Evidence`: coverage, the heaviest word it lacks, words no article uses, names it lacks, a negated
question against a plain sentence...), fitted by `python -m bench.fit --doubt`; middling doubt is not sure,
high doubt not found (`doubtful`).
The numbers are in params.py.
"""
from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, fields

from retrieval.answering.aliases import Expansion, has_unit
from retrieval.answering.params import AnswerParams, DoubtParams
from retrieval.answering.query import Stats
from retrieval.answering.question import ANY, DATE, NUMBER, PERSON, SAYING_VERBS, QuestionInfo, subject_starts, words
from retrieval.answering.rerank import Concept, Query, Ranked, concept_in_bag
from retrieval.answering.seams import TermSpans
from retrieval.answering.shapes import amounts, dates_answer, durations, firm_dates, quantities, wants_duration
from retrieval.answering.spelling import english_shares, inflected
from retrieval.months import MONTH_NUMBERS, WEEKDAYS
from retrieval.records import Outcome

_ATTRIBUTE_OF = re.compile(
    r"^(?:what|who|which|how \w+)\s+(?:is|was|are|were|will be)\s+(?:the|a|an)\s+(\w+)(?:\s+\w+)?\s+(?:of|for|in)\s",
    re.IGNORECASE,
)


def missing_words(stats: Stats, info: QuestionInfo, expansions: Sequence[Expansion]) -> tuple[str, ...]:
    """The question's content words (as typed) that match nothing in the corpus."""
    covered = {t for e in expansions if any(stats.df_phrase(a) for a in e.alternatives) for t in e.phrase}
    missing = []
    for word in info.content_words:
        if info.expects != ANY and word.lower() == info.focus:
            continue  # "the name" of "what's the name of ...", "year" of "what year": the kind of answer, not its content
        if word.lower() in SAYING_VERBS:
            continue  # "what did xi tell blinken": any sentence of what he said answers, "tell" or not
        ts = stats.analyzer.terms(word)
        if ts and all(stats.df(t) == 0 and t not in covered for t in ts):
            missing.append(word)
            if len(missing) == stats.p.max_missing_terms:  # a pasted page of text: name the first ones
                break
    return tuple(missing)


_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)", re.IGNORECASE)


def unknown_names(stats: Stats, text: str, missing: Sequence[str]) -> tuple[str, ...]:
    """The missing words that name something: capitalised (not the question's first word), numbers of 3+ digits
    ("2023"; a stray "(2)" says little), ordinals ("18th"), or, whatever their case, in the noun phrase a question is about (its
    subject, or what it asks "about": "what did kamala harris say", "who is greta thunberg"; question.subject_starts)
    -- and not a misspelling of a stored name. A question typed without capitals names its subject as surely as
    one typed with them, and a word no article holds there is someone or something the articles never mention.
    An inflected English word ends the phrase ("is Normandy located"): a name is no "-ed" or "-ing" form.
    A missing word next to a name the articles do know ("Kamala" of "Kamala Harris" when they name another Harris)
    is a name no article holds all the same."""
    ws = words(text)
    absent = set(missing)
    about: set[int] = set()
    for start, whole in subject_starts(text):
        i, named = start, False
        # Missing words of no case, and capitalised words; once a capitalised word is in, lower case ends the phrase
        # ("did Tancred play a role": the verb; "did kamala harris say": the name).
        # (All of "who is ..." is the name: "who is jennifer lopez", its "Jennifer" restored from another Jennifer; but
        # not past a possessive, "Who was Margaret's husband?" asks about someone else, nor a number: "Who is Sung Kim?
        # (2)".)
        while i < len(ws) and (ws[i][:1].isupper() or (ws[i] in absent and not inflected(ws[i]) and (not named or (
                whole and ws[i].isalpha() and not ws[i - 1].endswith(("'s", "’s")))))):
            named = named or ws[i][:1].isupper()
            i += 1
        # The phrase ends the question or meets its verb, a lower-case word the articles hold ("... harris say"):
        # missing words up to a name are more likely a subject and its verb ("did sceptics interpret Kim ...").
        ends = i == len(ws) or (not whole and ws[i][:1].islower() and ws[i] not in absent)
        if i > start and ends:
            about.update(range(start, i))
    found: list[str] = []
    for i, w in enumerate(ws):
        if w not in absent or w in found:
            continue
        # a number with a scale or percent ("100k", "2bn") is a quantity, never a name; an ordinal numbers an event
        # ("the 18th SAARC Summit" where the articles report the 17th) as a name does
        if (w[:1].isupper() and i > 0) or i in about or (sum(ch.isdigit() for ch in w) >= 3 and not has_unit(w)) \
                or _ORDINAL.fullmatch(w):
            found.append(w)
    # A few names decide; a pasted page of unknown names must not cost a thousand look-ups each.
    def beside(w: str) -> tuple[str, ...]:
        i = ws.index(w)
        # the name's other parts: a capitalised word, or a word of the same subject phrase, the articles hold
        return tuple(ws[j] for j in (i - 1, i + 1) if 0 <= j < len(ws) and (ws[j][:1].isupper() or j in about)
                     and ws[j] not in absent and stats.known_word(ws[j]))

    return tuple(w for w in found[:stats.p.max_name_checks] if not spelled_like_known(stats, w, beside(w)))


def spelled_like_known(stats: Stats, word: str, beside: Sequence[str] = ()) -> bool:
    """A word one edit away from a stored word ("Hatmanis" ~ "Hartmanis", "Herve" ~ "Hervé"): a misspelt name is
    not evidence that the articles are about something else; beside a stored name (`beside`), only a name some
    sentence holds with it. Looked up in the store's lexicon by the question
    reader (spelling.QuestionReader.misspells_stored); without one (an Answerer built on its own) no word is."""
    return (stats.spelling is not None and not any(ch.isdigit() for ch in word)
            and stats.spelling.misspells_stored(word, as_name=True, beside=beside))


def too_weak(p: AnswerParams, coverage: float, text: str, missing: Sequence[str], unknown: Sequence[str]) -> bool:
    """True when the best evidence (`coverage` of the question's idf mass) does not carry an answer."""
    if coverage < p.min_coverage:
        return True
    if coverage >= p.min_coverage_named:
        return about_unknown_names(text, unknown)
    # "What is the population of X?": the attribute asked for is a word no article uses.
    attribute = _ATTRIBUTE_OF.match(text)
    if attribute and attribute.group(1) in missing:
        return True
    return bool(unknown)


_POSSESSED = re.compile(r"[\w.-]+['’]s\s+(\w+)")


def not_sure(p: AnswerParams, coverage: float, text: str, missing: Sequence[str]) -> bool:
    """Evidence too thin to claim an answer but enough to show the closest sentences: weak coverage,
    or the thing asked about is a word no article uses ("Kim Jong-un's wife", "the population of X")."""
    if coverage < p.not_sure_coverage:
        return True
    if coverage >= p.min_coverage_named:
        return False  # the rest of the question is well matched: a paraphrase, not a missing thing
    asked = {m.group(1) for m in _POSSESSED.finditer(text)} if p.not_sure_possessed else set()
    attribute = _ATTRIBUTE_OF.match(text)
    if attribute:
        asked.add(attribute.group(1))
    return any(word in missing for word in asked)


# "When X happens, what case is it?" asks the later what; "what type of time" asks for a kind, not a time.
_ASKS_SOMETHING_ELSE = re.compile(r"^.+\b(?:what|which|who|whom|whose)\b|\b(?:type|kind|sort|form)s? of\b", re.IGNORECASE)


# "What is the name of the person who threw ...?": the "who" opens the clause saying which person, nothing else asked.
_NAME_OF_WHO = re.compile(r"^\W*(?:what|which)(?:'s|’s|\s+is|\s+was|\s+are|\s+were)\s+the\s+names?\s+of\s+the\s+"
                          r"(?:[\w-]+\s+){0,2}?[\w-]+\s+(?:who|whom)\b(?!.*\b(?:what|which|who|whom|whose)\b)", re.IGNORECASE)


# "At what age did she retire?": the question word after a preposition asks the age itself, not something else.
_AT_WHAT_AGE = re.compile(r"^\W*(?:at|from|by|until|till)\s+what\s+age\b(?!.*\b(?:what|which|who|whom|whose)\b)",
                          re.IGNORECASE)


def lacks_shape(p: AnswerParams, text: str, expects: str, best: Ranked, asking_phrase: str = "",
                focus: str | None = None) -> bool:
    """The question wants a number, a date or an age and the best sentence holds none it did not already say
    ("How many soldiers serve in the Black Watch?" answered by a sentence with no number): the thing asked for is
    not in the closest sentence, however well the rest matches. A year, a day of a month or a time counts or
    measures nothing: a question for a number answers by one only when it asks how long, how old or how often
    (shapes.dates_answer; `asking_phrase` is QuestionInfo.asking_phrase). An age ("How old was Ray Charles?") is
    one of shapes.ages: "who died in 2004" gives none. A time relative to the story and vaguer than a day ("last
    year", "this week": shapes.firm_dates) is no date for a when-question (relative_dates_undated). A person only
    when the question names the kind of person it wants (`focus`: "Which Russian official ...", "the name of the
    spokesperson who ..."): a plain "who ...?" is often answered by a sentence naming them by a pronoun or a role
    the shapes cannot see (round 30: 5 NewsQA answers right at 1 were made not sure that way, none wrong). A how-long
    question for a length of time ("How long did the visit last?", shapes.wants_duration) wants one (shapes.durations),
    which a date is not. A how-much question wants an amount (shapes.amounts): a count of things ("two nations")
    is none."""
    if expects not in p.not_sure_shapeless or (_ASKS_SOMETHING_ELSE.search(text) and not _AT_WHAT_AGE.match(text)
                                                and not (expects == PERSON and _NAME_OF_WHO.match(text))):
        return False
    if expects == PERSON and focus is None:
        return False
    if best.value_of("answer_type") == 0.0:
        return True
    if expects == DATE and p.relative_dates_undated and not firm_dates(best.candidate.sentence.text, text):
        return True  # only "last year", "this week": no date (shapes.firm_dates)
    if expects != NUMBER:
        return False
    sentence = best.candidate.sentence.text
    if asking_phrase.lower() == "how long" and wants_duration(text):
        return not durations(sentence)  # "How long did the meeting last?": "On April 15, ... met" says no length
    if asking_phrase.lower() == "how much":
        return not amounts(sentence)  # "How much must China buy?": "the two nations signed" counts, gives no amount
    return not dates_answer(asking_phrase) and not quantities(sentence)


def lacked(expects: str, text: str, asking_phrase: str) -> str:
    """What the best sentence lacks when lacks_shape holds, as the reply names it ("The best match gives no ..."):
    a name for a person, a length of time for how long a thing lasted, an amount for how much, else the shape."""
    if expects == PERSON:
        return "name"
    if expects == NUMBER and asking_phrase.lower() == "how long" and wants_duration(text):
        return "length of time"
    if expects == NUMBER and asking_phrase.lower() == "how much":
        return "amount"
    return str(expects)


# Offices a "who is the ... ?" question asks the holder of.
OFFICES = frozenset("""
minister ambassador envoy president secretary secretary-general chief head leader spokesman spokeswoman spokesperson
chairman chairwoman chair director governor mayor premier chancellor king queen commander representative negotiator
ceo executive founder coach captain editor
""".split())
_WHO_IS = re.compile(r"^\s*who(?:'s|’s|\s+is|\s+was|\s+are|\s+were)\s+(.+?)\s*\??\s*$", re.IGNORECASE)
# "What is the name of Venezuela's ambassador (to Spain)?", "name the US envoy": the holder asked for by name.
_NAME_OF = re.compile(r"^\s*(?:(?:what|which)(?:'s|’s|\s+is|\s+was|\s+are|\s+were)\s+the\s+names?\s+of|name)\s+(.+?)\s*\??\s*$",
                      re.IGNORECASE)
# Where the noun phrase naming the office ends: "the ambassador to Spain", "the minister who ...".
_PHRASE_END = frozenset("of to in for at from with who whom that which whose since during".split())


def asked_office(text: str) -> str | None:
    """The office a question asks the holder of ("Who is Ukraine's foreign minister?": "minister"), else None. A
    question about a named person ("Who is Sung Kim?") or one asking who did something asks for no holder."""
    m = _WHO_IS.match(text)
    if not m:
        named = _NAME_OF.match(text)
        if not named:
            return None
        # the phrase's head noun must be the office: "the name of the ambassador's wife" asks the wife's
        head = [w.lower().strip("'’?,.") for w in named.group(1).split()]
        head = head[:next((i for i, w in enumerate(head) if w in _PHRASE_END), len(head))]
        return head[-1] if head and head[-1] in OFFICES else None
    words = [w.lower().strip("'’?,.") for w in m.group(1).split()]
    if words and re.fullmatch(r"[a-z]+(?:ed|en|ing)", words[0]):
        return None  # "Who was appointed US special envoy ...?" asks who was made one, not who holds it
    return next((w for w in reversed(words) if w in OFFICES), None)


def lacks_holder(p: AnswerParams, text: str, query: Query, best: Ranked, spans: TermSpans,
                 analyzer_terms: Callable[[str], list[str]]) -> bool:
    """The question asks who holds an office, the best sentence has that office word, and names no one within
    holder_chars of it: two or more capitalised words, a particle between them ("Jeremy de Souza"), one not the
    question's, no date ("Wednesday Nov"). A sentence without the office word is not judged ("A Norman named
    Oursel led a force" answers "Who was the leader ...?")."""
    office = asked_office(text) if p.not_sure_holderless else None
    if office is None:
        return False
    wanted = set(analyzer_terms(office))
    question_terms = frozenset(query.terms)
    sentence = best.candidate.sentence.text
    near = [sentence[max(0, start - p.holder_chars):end + p.holder_chars]
            for term, start, end in spans(sentence) if term in wanted]
    return bool(near) and not any(_names_someone(w, question_terms, analyzer_terms) for w in near)


_CALENDAR = frozenset(MONTH_NUMBERS) | WEEKDAYS
_PERSON_NAME = re.compile(r"[A-Z][\w'’-]+(?:\s+(?:(?:de|da|del|der|di|du|dos|la|le|van|von|bin|ibn|al|el)\s+)?"
                          r"[A-Z][\w'’-]+)+")


def _names_someone(text: str, question_terms: frozenset[str], analyzer_terms: Callable[[str], list[str]]) -> bool:
    for m in _PERSON_NAME.finditer(text):
        words = m.group().split()
        if any(w.lower().strip(".,’'") in _CALENDAR for w in words):
            continue
        # two or more words, one of them new: "Penny Wong", "Lord Armstrong" (of "Lord Butler's predecessor")
        if any(w[:1].isupper() and not set(analyzer_terms(w)) <= question_terms for w in words):
            return True
    return False


def about_unknown_names(text: str, unknown: Sequence[str]) -> bool:
    """However well the rest matches, a question about someone or something no article names
    ("Russia's envoy", "Foreign Minister Wang Yi") is not answered by a sentence about another.
    Decisive when an unknown name is possessive, or when two unknown names stand together."""
    if len(unknown) >= 2:
        return True
    return any(name.endswith(("'s", "’s")) or re.search(rf"\b{re.escape(name)}['’]s\b", text)
               for name in unknown)


# -- the answerability score: how likely the articles do not answer, from what the ranking already knows --------
@dataclass(frozen=True, slots=True)
class Evidence:
    """What the doubt score reads about one question and its best sentence, each value in [0, 1].

    Word-overlap signals only (the ranking's own), so a question the articles do not answer looks like one
    they answer whenever it reuses their words: the score catches the questions that leave a heavy word or a
    name unmatched, or negate what the best sentence states, not the ones that swap one word of a true statement
    for another ("limited" for "infinite")."""

    coverage: float  # the evidence: the best coverage among the leading sentences
    best_coverage: float  # the best-ranked sentence's coverage
    uncovered_peak: float  # the heaviest concept the best sentence lacks, as a share of the heaviest concept
    absent: float  # share of the question's idf mass in words no article uses
    name_gap: float  # share of the idf mass in the question's names, numbers and unknown names the best sentence lacks
    article_gap: float  # share of the idf mass that the best sentence's whole article (as read) lacks
    margin: float  # the best score's lead over the second, as a share of the best
    shape_gap: float  # 1: the question wants a shape (date, number, person...) and the best sentence holds none
    context: float  # question words the best sentence's neighbours hold instead (the context feature)
    short: float  # 1 / the question's number of concepts: a one-word question says little either way
    # 1: the question is negated ("What is not contained in EXPTIME?"), the best sentence is not, and it holds the
    # negated word ("P is contained in EXPTIME"): the analyzer drops "not" as a stop word, so nothing else sees that
    # the sentence says the opposite.
    negation: float = 0.0
    # share of the question's idf mass that no article read for it holds (the best of them): a question off the
    # articles' subject ("how do I bake bread?" over a news archive) finds its words scattered over unrelated stories,
    # one word each, where an answerable one finds an article holding nearly all of them
    pool_gap: float = 0.0
    # 1: the question speaks to the asker or the bot ("how do I ...", "can you ...", "near me", "my password"): a
    # request for advice or help, which news articles do not give
    personal: float = 0.0
    # how much more common the question's words are in English at large than in these articles (off_domain, scaled
    # to [0, 1]): "how do i bake bread" asks in words a news archive seldom uses; a question about its stories in
    # words it uses all the time ("how many seats did Labour win"). 0 in a store of fewer than large_store_sentences.
    off_domain: float = 0.0
    # share of the idf mass of the question's known words (those some article holds: a typo or an unknown name is
    # `absent`'s) that the best sentence's whole article (as read) lacks. An off-topic question ("who painted the mona
    # lisa" over a news archive) is answered by a sentence holding one of its words in another sense ("Lisa Raymond"),
    # in an article about something else; an answerable one's article holds nearly all of its known words, however the
    # sentence words them. Unlike article_gap, a misspelt word the reader could not mend costs nothing here.
    known_article_gap: float = 0.0
    # share of the question's idf mass in words no article uses that are no plain misspelling of a stored word
    # ("penicillin", "giza" over a 2004 news archive; not "sentate" or "Islmabad", which the articles hold mended): the
    # question is about something the articles never mention, where a typo the reader could not mend says nothing.
    # 0 in a store of fewer than large_store_sentences sentences, which lacks ordinary words ("teach", "die").
    strange: float = 0.0
    # share of the question's concepts (counted, not weighed) the best sentence holds whole: an off-topic question is
    # answered by a sentence holding one of its words ("Peel died ... in Peru" for "what is the capital of peru")
    held_share: float = 0.0
    # share of the idf mass of the concepts the best sentence holds that another sentence of its article (as read)
    # holds too: what an answerable question asks about is what its article is about, and recurs there; an off-topic
    # question's one matched word is said once, in passing ("Peel died ... in Peru" for "what is the capital of peru")
    recurs: float = 0.0

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))

    def values(self) -> tuple[float, ...]:
        return tuple(float(getattr(self, n)) for n in self.names())


_NEGATION = re.compile(r"\b(?:not|never|no|none|nobody|nothing|neither|nor|without|cannot)\b|n['’]t\b", re.IGNORECASE)


# "whether or not", "may or may not": both sides asked, nothing negated.
_BOTH_WAYS = re.compile(r"\b(?:whether\s+)?or\s+not\b|\b(\w+)\s+or\s+\1\s+not\b", re.IGNORECASE)


# A sentence also negates with a verb or adjective ("violating its obligation to enforce" = "not enforcing",
# "devoid of water" = "not containing water", "declined to comment").
_NEGATING = re.compile(r"\b(?:fail\w*|refus\w*|reject\w*|den(?:y|ies|ied|ying)|lack\w*|devoid|unable|violat\w*|"
                       r"absen\w*|neglect\w*|declin(?:e|es|ed|ing) to|instead|rather than|except)\b", re.IGNORECASE)


# The asker or the bot: "me", "my", "you"... in any case; "i" and chat's "u", "ur" (which the reader may give back
# capitalised: "Can U give me ..."), none as a letter of an abbreviation ("U.S.", "I.B.M.") or a compound ("U-turn").
_PERSONAL = re.compile(r"\b(?:[Mm][Ee]|[Mm][Yy]|[Mm]yself|[Yy]ou|[Yy]our|[Yy]ours|[Yy]ourself|YOU|YOUR|MY|ME|i|I|u|U|ur|Ur)\b"
                       r"(?![.'’]?\w*\.)(?!-)")


# Words of asking, not of what is asked ("can you tell me who ...", "i want to know how many ..."): left out of pool_gap.
_REQUEST_WORDS = frozenset("can could tell know want wonder explain show please".split())


# A request for what is live now, which no archive of stories holds: the clock ("what time is it (in tokyo)") and the
# forecast ("whats the weather like in leeds tomorrow", "is it gonna rain this weekend"). Only the present and the
# future: "what was the weather like at the final" asks about a story.
_LIVE = re.compile(
    r"^\W*(?:(?:so|ok|okay|and|hey)\W+)?(?:what\W*(?:is\s+)?(?:the\s+)?time\s+is\s+it\b|what\s*(?:'s|’s|s|\s+is)\s+the\s+time\b"
    r"|(?:what\s*(?:'s|’s|s|\s+is|\s+will)\s+the\s+weather(?:\s+be)?(?:\s+like)?|how(?:'s|’s|s|\s+is)\s+the\s+weather)\b"
    r"(?=.*\b(?:now|today|tonight|tomorrow|tmrw|this\s+(?:week|weekend|morning|afternoon|evening)|next\s+week|rn)\b|\W*$)"
    r"|(?:is\s+it|will\s+it)\s+(?:going\s+to\s+|gonna\s+)?(?:rain|snow)\b(?!.*\b(?:was|were|did|had)\b))",
    re.IGNORECASE)


def live_request(question: str) -> bool:
    """Whether the question asks the time or the weather now or ahead (`_LIVE`): news articles cannot say."""
    return _LIVE.search(question) is not None

def personal(question: str) -> bool:
    """Whether the question speaks to the asker or the bot ("how do i reset my password", "can you recommend ...");
    an "I" after a capitalised word is a numeral ("Alexander I", "World War I")."""
    for m in _PERSONAL.finditer(question):
        if m.group(0) in ("i", "I"):
            before = question[:m.start()].split()
            if before and before[-1][:1].isupper() and len(before) > 1:
                continue
        return True
    return False


# off_domain's raw mean (a natural log of a ratio) mapped onto [0, 1]: OFF_DOMAIN_LOW and below is 0, OFF_DOMAIN_HIGH
# and above 1. Set by hand from the raw values over the BBC archive: 40 answerable questions of eval/bbc_blind.jsonl
# -6.6 to -3.0 (median -4.1), 30 off-topic development probes -5.7 to -0.1 (median -2.8). The sentence frequency
# is no token share: every value sits about log(words per sentence) below 0.
OFF_DOMAIN_LOW, OFF_DOMAIN_HIGH = -6.0, 0.0


def off_domain(stats: Stats, content_words: Sequence[str]) -> float:
    """The mean, over the question's content words in the English list, of log(the word's share of English / its
    sentence frequency in the store): above 0, words these articles use less than English does; None of them: 0."""
    shares = english_shares()
    n = max(stats.index.sentence_count, 1)
    logs = []
    for word in content_words:
        share = shares.get(word.lower())
        terms = stats.analyzer.terms(word) if share else ()
        if share and terms:
            df = min(stats.df(t) for t in terms)
            logs.append(math.log(share * n / (df + 0.5)))
    return sum(logs) / len(logs) if logs else 0.0


def unmatched_negation(question: str, sentence: str) -> str | None:
    """The question's negation word ("not", "never", "n't"...) when the sentence holds none, else None."""
    m = _NEGATION.search(_BOTH_WAYS.sub(" ", question))
    plain = _BOTH_WAYS.sub(" ", sentence)
    if m is None or _NEGATION.search(plain) or _NEGATING.search(plain):
        return None
    return m.group(0)


def negated_word_held(stats: Stats, question: str, sentence_terms: AbstractSet[str]) -> bool:
    """Whether the first content word after the question's negation is in the sentence ("What is not contained
    in EXPTIME?" against "P is contained in EXPTIME"): then the sentence says the opposite. When it is not ("accused
    of not enforcing sanctions" against "accused Beijing of violating its obligation"), the sentence may say the
    same thing in other words."""
    m = _NEGATION.search(_BOTH_WAYS.sub(" ", question))
    if m is None:
        return False
    for word in words(question[m.end():]):
        ts = stats.analyzer.terms(word)
        if ts:
            return all(t in sentence_terms for t in ts)
    return False


def _is_name(concept: Concept, text: str, unknown_terms: AbstractSet[str]) -> bool:
    """A concept that names something: a name of several words ("Kim Jong Un"), a number, a name no article uses,
    or a word capitalised past the question's first word ("Fukuoka"). Not a hyphenated compound whose later parts
    are lower case: a chat-typed question's capitals are restored from how the articles write each word, and
    "defector-turned-lawmaker" comes back "Defector-turned-lawmaker" (so written at a sentence's start); the doubt
    must not change with the case the question was typed in."""
    label = concept.label
    if concept.name_parts or any(ch.isdigit() for ch in label) or any(t in unknown_terms for t in concept.alternatives[0]):
        return True
    # The analyzer splits a compound at its hyphens: the concept may be "Defector" of "Defector-turned-lawmaker".
    # (The substring test first: the pattern is new for every label, so compiling it would cost on every question.)
    compound = re.search(rf"(?<![\w-]){re.escape(label)}-(\w)", text) \
        if "-" not in label and f"{label}-" in text else None
    if (compound and compound.group(1).islower()) or ("-" in label and label.split("-", 1)[1][:1].islower()):
        return False
    return label[:1].isupper() and not text.startswith(label)


def evidence(stats: Stats, q: Query, ranked: Sequence[Ranked], coverage: float, p: AnswerParams,
             unknown_terms: AbstractSet[str] = frozenset()) -> Evidence:
    """The doubt score's inputs for the best of `ranked` (non-empty), `coverage` being the evidence;
    `unknown_terms`: the terms of the question's names no article uses (unknown_names)."""
    best = ranked[0]
    concepts = q.concepts
    total = sum(c.weight for c in concepts) or 1.0
    heaviest = max((c.weight for c in concepts), default=1.0) or 1.0
    matches = best.matches or tuple(0.0 for _ in concepts)
    peak = max((c.weight * (1.0 - m) for c, m in zip(concepts, matches)), default=0.0) / heaviest
    known = [any(all(stats.df(t) > 0 for t in alt) for alt in c.alternatives) for c in concepts]
    absent = sum(c.weight for c, k in zip(concepts, known) if not k) / total
    # A concept the best sentence holds whole adds nothing here: whether it is a name is not asked.
    names = sum(c.weight * (1.0 - m) for c, m in zip(concepts, matches)
                if m != 1.0 and _is_name(c, q.info.text, unknown_terms)) / total
    # The article as read: its candidates' terms (every sentence of the best few articles, the hits of the others).
    # Only the concepts the best sentence lacks are looked for there; the first stage's ranked list can be long.
    lacking = [c for c, m in zip(concepts, matches) if m < 1.0]
    lacking_known = [k for k, m in zip(known, matches) if m < 1.0]
    in_article = sum(c.weight * m for c, m in zip(concepts, matches) if m >= 1.0)
    known_total = sum(c.weight for c, k in zip(concepts, known) if k)
    held_known = sum(c.weight for c, m, k in zip(concepts, matches, known) if m >= 1.0 and k)
    if lacking:
        wanted = {t for c in lacking for alt in c.alternatives for t in alt}
        source = best.candidate.sentence.source
        bag: set[str] = set()
        for r in ranked:
            if r.candidate.sentence.source == source:
                bag |= wanted.intersection(r.term_set if r.term_set is not None else r.candidate.terms_of())
                if len(bag) == len(wanted):  # every wanted term is in the article: the rest can add none
                    break
        in_bag = [concept_in_bag(c, bag, p) * c.weight for c in lacking]
        in_article += sum(in_bag)
        held_known += sum(w for w, k in zip(in_bag, lacking_known) if k)
    in_article /= total
    # The best-holding article of all read for the question (each article's candidates' terms, as above), the words
    # of asking left out ("can you tell me ...", "do you know ...": no article need hold those).
    asked = [c for c in concepts if c.label.lower() not in _REQUEST_WORDS]
    held: dict[str, set[str]] = {}
    if lacking and asked:
        every = {t for c in asked for alt in c.alternatives for t in alt}
        for r in ranked:  # (a ranked sentence's term set, when it has one, is its terms: the smaller side is walked)
            held.setdefault(r.candidate.sentence.source, set()).update(
                every.intersection(r.term_set if r.term_set is not None else r.candidate.terms_of()))
    asked_total = sum(c.weight for c in asked) or 1.0
    in_pool = max((sum(concept_in_bag(c, bag, p) * c.weight for c in asked) / asked_total for bag in held.values()),
                  default=1.0)
    second = ranked[1].score if len(ranked) > 1 else 0.0
    lead = (best.score - second) / best.score if best.score > 0 else 0.0
    wants = q.info.expects != ANY
    large = stats.index.sentence_count >= p.large_store_sentences
    return Evidence(
        coverage=_unit(coverage),
        best_coverage=_unit(best.coverage),
        uncovered_peak=_unit(peak),
        absent=_unit(absent),
        name_gap=_unit(names),
        article_gap=_unit(1.0 - in_article),
        margin=_unit(lead),
        shape_gap=1.0 if wants and best.value_of("answer_type") == 0.0 else 0.0,
        context=_unit(best.value_of("context")),
        short=1.0 / max(1, len(concepts)),
        negation=1.0 if unmatched_negation(q.info.text, best.candidate.sentence.text)
        and negated_word_held(stats, q.info.text, frozenset(best.candidate.terms or (sp[0] for sp in best.candidate.spans)))
        else 0.0,
        pool_gap=_unit(1.0 - in_pool),
        personal=1.0 if personal(q.info.text) else 0.0,
        off_domain=_unit((off_domain(stats, q.info.content_words) - OFF_DOMAIN_LOW) / (OFF_DOMAIN_HIGH - OFF_DOMAIN_LOW))
        if large else 0.0,
        known_article_gap=_unit(1.0 - held_known / known_total) if known_total > 0 else 0.0,
        strange=_unit(_strange_mass(stats, concepts, known) / total)
        if large else 0.0,
        held_share=sum(1 for m in matches if m >= 1.0) / max(1, len(concepts)),
        recurs=_recurs(best, ranked, [c for c, m in zip(concepts, matches) if m >= 1.0], p),
    )


def _recurs(best: Ranked, ranked: Sequence[Ranked], held: Sequence[Concept], p: AnswerParams) -> float:
    """The idf-weighted share of `held` (the concepts the best sentence holds) that another sentence of its article
    among `ranked` holds too; 0 when it holds none."""
    total = sum(c.weight for c in held)
    if total <= 0.0:
        return 0.0
    source, todo, found = best.candidate.sentence.source, list(held), 0.0
    for r in ranked:
        if r is best or r.candidate.sentence.source != source:
            continue
        terms = r.term_set if r.term_set is not None else frozenset(r.candidate.terms_of())
        for c in [c for c in todo if concept_in_bag(c, terms, p) >= 1.0]:
            found += c.weight
            todo.remove(c)
        if not todo:
            break
    return found / total


def _strange_mass(stats: Stats, concepts: Sequence[Concept], known: Sequence[bool]) -> float:
    """The idf mass of the concepts no article holds none of whose words is a plain misspelling of a stored word
    (spelling.misspells_stored; a capitalised word against the store's names only). Without the store's lexicon (an
    Answerer built on its own) every such concept counts. At most max_name_checks words are looked up."""
    mass, checks = 0.0, 0
    for c, k in zip(concepts, known):
        if k:
            continue
        typo = False
        for word in c.label.split():
            if _run_together(stats, word):
                typo = True
                break
            if stats.spelling is None or checks >= stats.p.max_name_checks or any(ch.isdigit() for ch in word):
                continue
            checks += 1
            if stats.spelling.misspells_stored(word, as_name=word[:1].isupper()):
                typo = True
                break
        if not typo:
            mass += c.weight
    return mass


def _run_together(stats: Stats, word: str) -> bool:
    """Two stored words typed without the space ("windspeed"), each of three letters or more; or a contraction
    typed without its apostrophe ("whats", "whos": a stop word and an "s"), which chat typing gives and which names
    nothing."""
    if word[-1:].lower() == "s" and stats.analyzer.is_stop_word(word[:-1].lower()):
        return True
    if not word.isalpha() or len(word) < 6:
        return False
    return any(stats.known_word(word[:i]) and stats.known_word(word[i:]) for i in range(3, len(word) - 2))


def _unit(x: float) -> float:
    return min(1.0, max(0.0, float(x)))


def doubt(d: DoubtParams, e: Evidence) -> float:
    """How likely the articles do not answer, by the fitted logistic model, in (0, 1). The fit weighs the sets
    against each other (DoubtParams), so it ranks questions more than it gives calibrated odds."""
    z = d.intercept + sum(d.of(name) * value for name, value in zip(Evidence.names(), e.values()))
    return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))


def doubtful(p: AnswerParams, e: Evidence | None) -> Outcome | None:
    """NOT_FOUND or NOT_SURE when the doubt score reaches its threshold, NOT_SURE for a personal request no article
    holds the words of (personal_pool_gap) and for a question holding a strange word whose best sentence's words do
    not recur in its article (not_sure_strange_lone) and for one asked in everyday words these articles seldom use
    that its best evidence barely covers (not_sure_off_domain), else None (the other rules decide)."""
    d = p.doubt
    if e is None:
        return None
    if p.personal_pool_gap is not None and e.personal and e.pool_gap >= p.personal_pool_gap:
        # A request for help or advice ("how do i bake bread", "can you recommend ...") whose words no article holds
        # together: what a news archive cannot answer, however well one of its words matches some sentence.
        return Outcome.NOT_SURE
    if p.not_sure_strange_lone and e.strange > 0.0 and e.recurs == 0.0:
        # A word no article uses (and no misspelling of one), and what the best sentence does hold is said once in
        # its article, in passing ("who discovered penicillin" answered by an office memo that "discovered" something):
        # the question is about something these articles never cover.
        return Outcome.NOT_SURE
    if p.not_sure_off_domain is not None and e.off_domain >= p.not_sure_off_domain \
            and e.coverage <= p.not_sure_off_domain_coverage:
        # Asked in everyday words these articles seldom use, and the best sentence holds under half of it ("what
        # temperature does water boil at" answered by a story on lending limits): general knowledge, not the news.
        return Outcome.NOT_SURE
    if d.not_found is None and d.not_sure is None:
        return None
    score = doubt(d, e)
    if d.not_found is not None and score >= d.not_found:
        return Outcome.NOT_FOUND
    if d.not_sure is not None and score >= d.not_sure:
        return Outcome.NOT_SURE
    return None
