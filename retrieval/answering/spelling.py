"""Chat-typed questions read as if typed properly: punctuation tidied, case restored, typos corrected.

The question parser and the answerer read capitals as names ("Sung Kim", "US"), so "who is sung
kim??" must reach them as "Who is Sung Kim?". Three steps, each from the store's own words (the
lexicon, `retrieval.index.lexicon`), before the question is parsed:

1. punctuation: a leading "¿", "¡", "-" or "*" dropped; "??!" at the end read as "?".
2. case: when the question carries no case information (all lower case after its first word, or
   all capitals), every word the store knows gets its usual written form there ("sung" -> "Sung",
   "us" -> "US", "envoy" stays). When it is plainly chat-typed (starts in lower case, or all
   capitals), a word the store does not know that is no English word (nor an inflection of one) is
   most likely a name and is capitalised ("messi" -> "Messi"), as a typist who cared would have, and
   so is one the store lacks in the possessive ("russia's envoy" -> "Russia's envoy");
   a question that starts with a capital and has no other is taken as typed with care, and its
   lower-case unknown words ("to guage complexity") stay ordinary words. A question with capitals
   of its own keeps them: its writer chose them.
3. spelling: a word that is neither in the store nor a common English word, and is one edit (two
   for long words) from a stored word, is read as the nearest such word, the more frequent on a tie
   ("sulivan" -> "Sullivan", "waht" -> "what"); a word typed as a name (capitalised, not first) is
   read only as a word the store writes as a name. Each such reading is reported as a Correction.
   Edit distance is rapidfuzz's optimal string alignment (a swap of two letters is one edit), run
   in C++ over the stored words of about the right length, only for words the store lacks.

The common English words are the most frequent entries of the frequency list that symspellpy ships
(82,765 words, Google Books n-gram counts restricted to SCOWL dictionary words): a word the store
lacks but English has ("kites", "weekday") is the question's own word, not a typo of a stored one,
and must still be reported as missing.
"""
from __future__ import annotations

import functools
import importlib.resources
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA

from retrieval.answering.aliases import demonym_forms
from retrieval.answering.question import clean_question, subject_offsets
from retrieval.answering.shorthand import expand_shorthand
from retrieval.index.lexicon import Lexicon, SurfaceWord, surface_words
from retrieval.records import Correction, StoreVersion


@dataclass(frozen=True, slots=True)
class SpellingParams:
    """Every number of the reading steps. Set by hand on the seeds and chat-typed examples, and
    checked on the lower-cased and one-typo versions of seed_heldout and seed_dev (bench.chat_typed)."""

    min_length: int = 4  # shorter words are never corrected ("kin" is no typo of "Kim")
    two_edits_from: int = 8  # words at least this long may be two edits from the stored word
    english_words: int = 50_000  # the most frequent English words, taken as the asker's own words
    max_corrections: int = 4  # a pasted paragraph of unknown words is not searched word by word
    # A missing word shorter than this is never taken for a misspelt stored one (misspells_stored): one edit
    # from a four-letter name is a different name as often as not ("Wang", "Yang", "Wong").
    misspelling_min_length: int = 5
    # Each piece of a word read as two run together ("windspeed") is among this many most frequent English words:
    # set by hand so that the newsqa words run together (windspeed, birthrate, shepretend) are and no name of the
    # trial's questions is ("thun" of "thunberg" is word 44,813).
    compound_words: int = 20_000


@dataclass(frozen=True, slots=True)
class ReadQuestion:
    """A question as read: the text handed to the answerer and the words read as others."""

    text: str
    corrections: tuple[Correction, ...] = ()
    # Words whose case alone was changed, lower-cased -> as typed: what the reply names back to the
    # asker ("I found nothing about: zzqxvbl" names the word as they wrote it).
    recased: tuple[tuple[str, str], ...] = ()

    def as_typed(self, word: str) -> str:
        return dict(self.recased).get(word.lower(), word)


_LEADING = re.compile(r"^[\s¿¡\-–—*•·>#~:;,.!?]+")
_TRAILING = re.compile(r"\s*([?!.…]{2,}|[?!.…]\s+[?!.…])\s*$")
_WH_WORDS = frozenset("who whom whose what which when where why how".split())
_NOT_A_NAME = frozenset("the a an this that these those his her its their our my your it he she they we you i".split())
# Inflections: suffix, and what to put back for the base word ("talked" -> "talk", "hoped" -> "hope").
_SUFFIXES = (("s", ""), ("es", ""), ("ies", "y"), ("ed", ""), ("ed", "e"), ("ied", "y"), ("ing", ""),
             ("ing", "e"), ("ly", ""), ("er", ""), ("est", ""), ("ers", ""))
# A verb's forms and a plural, which no name takes ("located", "briefing", "sceptics"); "-s" only for a word typed
# in lower case ("Williams" is a name, though "william" + "s").
_INFLECTIONS = (("ed", ""), ("ed", "e"), ("ied", "y"), ("ing", ""), ("ing", "e"))
_PLURALS = (("s", ""), ("es", ""), ("ies", "y"))
_ENGLISH_LIST = "frequency_dictionary_en_82_765.txt"
_WHOLE_LIST = 82_765  # a base word need not be common for its inflection to show ("sceptic" is word 52,472)
_LONGEST = 30  # longer "words" (a pasted URL, a hash) are no misspelling of anything


def inflected(word: str, size: int = _WHOLE_LIST) -> bool:
    """"located", "briefing", "sceptics": an English verb's form or plural (no name is one)."""
    key = word.lower()
    common = english_words(size)
    suffixes = _INFLECTIONS + (_PLURALS if word.islower() else ())
    return any(key.endswith(suffix) and len(key) > len(suffix) + 2 and key[: len(key) - len(suffix)] + restore in common
               for suffix, restore in suffixes)


def _swapped(typed: str, stored: str) -> bool:
    """`typed` is `stored` with one pair of neighbouring letters swapped."""
    if len(typed) != len(stored):
        return False
    diffs = [i for i in range(len(typed)) if typed[i] != stored[i]]
    return (len(diffs) == 2 and diffs[1] == diffs[0] + 1 and typed[diffs[0]] == stored[diffs[1]]
            and typed[diffs[1]] == stored[diffs[0]])


def _swapped_or_left_out(typed: str, stored: str) -> bool:
    """`typed` is `stored` with one pair of neighbouring letters swapped, or with one or two letters left out: the
    commonest typos, and seldom how a name differs from an ordinary word."""
    if len(typed) == len(stored):
        return _swapped(typed, stored)
    if not 0 < len(stored) - len(typed) <= 2:
        return False
    at = 0  # `typed` must be `stored` as a subsequence
    for ch in stored:
        if at < len(typed) and typed[at] == ch:
            at += 1
    return at == len(typed)


def _doubled(typed: str, stored: str) -> bool:
    """`typed` is `stored` with one of its letters typed twice ("plannet" for "planet")."""
    return len(typed) == len(stored) + 1 and any(
        typed[i] == typed[i - 1] and typed[:i] + typed[i + 1:] == stored for i in range(1, len(typed)))


def _is_subsequence(short: str, long: str) -> bool:
    letters = iter(long)
    return all(ch in letters for ch in short)


def _in_code(text: str, w: SurfaceWord) -> bool:
    """The word's letters touch a digit: part of a code or model name ("7E7", "A380", "G8"), not a word."""
    end = w.end - len(w.suffix)
    return (w.start > 0 and text[w.start - 1].isdigit()) or (end < len(text) and text[end].isdigit())


def tidy_punctuation(text: str) -> str:
    """Leading punctuation ("¿Who ...", "- who ...") dropped; a run of marks at the end read as one
    ("?" when it holds a question mark)."""
    text = _LEADING.sub("", text)
    m = _TRAILING.search(text)
    if m:
        marks = m.group(1)
        text = text[: m.start()] + ("?" if "?" in marks else marks.strip()[0])
    return text


# "who's", "whats", "wheres": a wh-word and "is", read as the two words ("Who is Sung Kim"), so that every later step
# (the question's kind, its subject, the refusal's patterns) sees the question as if typed in full, and no article
# need hold "whats". ("what's happened" reads "what is happened": no step minds the tense.)
_WH_IS = re.compile(r"\b(who|what|when|where|why|how)(?:'s|’s|s)\b", re.IGNORECASE)


def expand_wh_is(text: str) -> str:
    return _WH_IS.sub(lambda m: f"{m.group(1)} is", text)


def fold_accents(word: str) -> str:
    """`word` without its combining marks ("fiancée" -> "fiancee", "Hervé" -> "Herve"; "ß", "ø" stay)."""
    if word.isascii():
        return word
    return unicodedata.normalize("NFC", "".join(c for c in unicodedata.normalize("NFKD", word)
                                                if not unicodedata.combining(c)))


def is_chat_typed(words: list[SurfaceWord]) -> bool:
    """Typed without any care for case: starting in lower case, or all capitals."""
    letters = "".join(w.form for w in words)
    return bool(letters) and (letters[0].islower() or not any(c.islower() for c in letters))


def is_caseless(words: list[SurfaceWord]) -> bool:
    """True when case says nothing: no capital after the first word, or no small letter at all."""
    rest = "".join(w.form for w in words[1:])
    if not rest:
        return bool(words) and (words[0].form.islower() or words[0].form.isupper())
    letters = "".join(w.form for w in words)
    return not any(c.isupper() for c in rest) or not any(c.islower() for c in letters)


@functools.lru_cache(maxsize=4)
def english_words(size: int) -> Mapping[str, None]:
    """The `size` most frequent words of symspellpy's English frequency list (read once), for `in` tests.

    A dict of strings rather than a set: the garbage collector stops tracking it, so its full passes
    do not walk 50,000 words every time."""
    text = (importlib.resources.files("symspellpy") / _ENGLISH_LIST).read_text(encoding="utf-8")
    out: list[str] = []
    for line in text.splitlines():
        if len(out) >= size:
            break
        word = line.split(" ", 1)[0]
        if word:
            out.append(word)
    return dict.fromkeys(out)


# Language names that are also ordinary lower-case words ("polish the shoes", "from afar", "a ewe"): no capital for them.
_LANGUAGES_ALSO_WORDS = frozenset({"polish", "afar", "ewe", "ido"})


@functools.lru_cache(maxsize=1)
def language_names() -> Mapping[str, None]:
    """The major languages' English names, lower-cased ("japanese", "french", "arabic"), from CLDR through Babel:
    words English writes with a capital, which a question typed in lower case cannot show. They are most often the
    nationality too ("the japanese foreign minister"). Only languages with a two-letter code (ISO 639-1)."""
    from babel import Locale  # (CLDR's data, read once, only for a chat-typed question's unknown word)

    names = (name.lower() for code, name in Locale("en").languages.items() if len(code) == 2 and name.isalpha())
    return dict.fromkeys(n for n in names if n not in _LANGUAGES_ALSO_WORDS)


@functools.lru_cache(maxsize=1)
def english_shares() -> Mapping[str, float]:
    """Each word of symspellpy's English frequency list (Google Books counts) as a share of all its counts: how
    common a word is in English at large, next to how common it is in one store's articles (refusal.off_domain)."""
    text = (importlib.resources.files("symspellpy") / _ENGLISH_LIST).read_text(encoding="utf-8")
    counts: dict[str, int] = {}
    for line in text.splitlines():
        word, _, count = line.partition(" ")
        if word and count.strip().isdigit():
            counts[word] = int(count)
    total = sum(counts.values()) or 1
    return {w: c / total for w, c in counts.items()}


class QuestionReader:
    """Reads questions against one store's lexicon; see the module docstring."""

    def __init__(self, lexicon: Lexicon, is_indexed: Callable[[str], bool], is_stop_word: Callable[[str], bool],
                 params: SpellingParams = SpellingParams(), together: Callable[[str, str], bool] | None = None) -> None:
        """`is_indexed(word)`: the index holds every term of `word` (its inflections count: "interviews"
        is known when the articles say "interviewed"); `is_stop_word(word)`: the analyzer drops it;
        `together(a, b)`: some sentence holds both words (None: not asked)."""
        self._lexicon = lexicon
        self._is_indexed = is_indexed
        self._is_stop_word = is_stop_word
        self._together = together
        self.params = params
        self._by_length: tuple[StoreVersion, _Buckets] | None = None
        self._folded: tuple[StoreVersion, dict[str, str]] | None = None

    def read(self, question: str) -> ReadQuestion:
        text = expand_wh_is(expand_shorthand(tidy_punctuation(clean_question(question))))
        words = surface_words(text)
        if not words:
            return ReadQuestion(text)
        caseless = is_caseless(words)
        chat = caseless and is_chat_typed(words)
        pieces: list[str] = []
        corrections: list[Correction] = []
        recased: dict[str, str] = {}
        at = 0
        named = self._subject_words(text, words) if caseless else frozenset()
        reads: list[str | Correction] = []
        corrected = 0  # corrections so far (at most max_corrections)
        for i, w in enumerate(words):
            # (a letter of a code glued to digits, the "E" of "7E7", is no name beside: "Boeing's 7E7" is no
            # "Boxing's" for want of a sentence holding "Boeing" with "E")
            beside = tuple(n.key for n in (words[j] for j in (i - 1, i + 1) if 0 <= j < len(words))
                           if self._known(n) and (self._usual(n.key) if caseless else n.form)[:1].isupper()
                           and not _in_code(text, n))
            # Letters glued to a number ("100k", "2bn", "5m") are its scale, no word to recase or correct.
            glued = w.start > 0 and text[w.start - 1].isdigit()
            new = w.form if glued else self._read_word(
                w, first=i == 0, caseless=caseless, chat=chat, named=i in named, beside=beside,
                may_correct=corrected < self.params.max_corrections)
            if not glued and not isinstance(new, Correction) and corrected < self.params.max_corrections:
                other = self._other_name(w, beside, caseless=caseless)
                new = other if other is not None else new
            corrected += isinstance(new, Correction)
            reads.append(new)
        self._keep_unheard_full_names(words, reads, chat=chat)
        for w, new in zip(words, reads, strict=True):
            if isinstance(new, Correction):
                corrections.append(new)
                new = new.read_as
            elif new != w.form:
                recased[new.lower()] = w.form
            end = w.end - len(w.suffix)
            pieces.append(text[at:w.start])
            pieces.append(new)
            at = end
        pieces.append(text[at:])
        out = "".join(pieces)
        if caseless and out[:1].islower():
            out = out[0].upper() + out[1:]
        return ReadQuestion(out, tuple(dict.fromkeys(corrections)), tuple(recased.items()))

    def _keep_unheard_full_names(self, words: list[SurfaceWord], reads: list[str | Correction], *, chat: bool) -> None:
        """Two neighbouring words both corrected to names that no sentence holds together ("priya osterman" read as
        "prima sherman"): a full name the store lacks, misread part by part into a pair nobody is called. Both stay
        as typed (as names, in a chat-typed question), so the question is refused for the name it asks about."""
        if self._together is None:
            return
        for i in range(len(reads) - 1):
            a, b = reads[i], reads[i + 1]
            if isinstance(a, Correction) and isinstance(b, Correction) \
                    and not self._together(a.read_as.lower(), b.read_as.lower()):
                for j in (i, i + 1):
                    form = words[j].form
                    reads[j] = form[:1].upper() + form[1:].lower() if chat else form

    # -- one word --------------------------------------------------------------------------
    def _subject_words(self, text: str, words: list[SurfaceWord]) -> frozenset[int]:
        """In a question typed without capitals, the words the store lacks that open the phrase it is about
        (question.subject_offsets: "what did messi say", "who is greta thunberg"): most likely a name, so read as a
        stored name, as a capitalised word is, and as an ordinary word only when plainly its typo, two neighbouring
        letters swapped or letters left out (_may_read_as: "cmoputational", "goverment"; not "messi" for "mess",
        "thunberg" for "thunder", "biles" for "bills")."""
        named: set[int] = set()
        for offset, whole in subject_offsets(text):
            i = start = next((i for i, w in enumerate(words) if w.start >= offset), len(words))
            while i < len(words) and not self._known(words[i]) and words[i].key not in _NOT_A_NAME:
                i += 1
            if i > start and (not whole or i == len(words)):
                named.update(range(start, i))
        return frozenset(named)

    def _read_word(self, w: SurfaceWord, *, first: bool, caseless: bool, chat: bool, named: bool,
                   beside: tuple[str, ...], may_correct: bool) -> str | Correction:
        if self._known(w):
            return self._usual(w.key) if caseless else w.form
        accented = self._accented(w.key) if may_correct else None
        if accented is not None:  # "fiancee" for the articles' "fiancée", "Hervé" for their "Herve"
            return Correction(w.form, self._styled(accented, w.form, caseless=caseless))
        plural = self._acronym_plural(w) if may_correct else None
        if plural is not None:  # "the mou signing" where the articles only say "MoUs"
            return Correction(w.form, plural)
        possessor = self._possessor(w) if may_correct and not first else None
        if possessor is not None:  # "wang yis visit": Yi's, as chat leaves out the apostrophe
            return Correction(w.form, self._styled(possessor, w.form[:-1], caseless=caseless) + "'s")
        as_name = not caseless and not first and w.form[:1].isupper()
        if may_correct and self._correctable(w, as_name=as_name):
            target = self._nearest(w.key, as_name=as_name or named, beside=beside)
            if target is not None:
                return Correction(w.form, self._styled(target, w.form, caseless=caseless))
        # Most likely a name the store lacks: no English word, or one owning something ("russia's envoy"), or a
        # language's name, which English writes with a capital ("japanese": typed properly, "Japanese" is a name).
        # Two English words run together are no name ("windspeed"), unless beside a stored name ("gareth pendry").
        if chat and not first and (w.suffix or not (self._is_english(w.key) or self._inflects_english(w.key)
                                                   or (self._joins_english(w.key) and not beside))
                                   or w.key in language_names()):
            return w.form[:1].upper() + w.form[1:].lower()
        return w.form.lower() if chat else w.form

    def _possessor(self, w: SurfaceWord) -> str | None:
        """The stored name `w` is the possessive of, typed without its apostrophe ("yis" of "wang yis visit",
        "japarovs"): the word less its "s" is a word the store writes as a name, and the word itself is none the
        store or English has ("parks", "bushes" stay as typed)."""
        key = w.key
        if w.suffix or len(key) < 3 or not key.isalpha() or not key.endswith("s") or key.endswith("ss") \
                or self._is_english(key):
            return None
        base = key[:-1]
        return base if base in self._lexicon and self._usual(base)[:1].isupper() else None

    def _acronym_plural(self, w: SurfaceWord) -> str | None:
        """The stored plural of an acronym typed in the singular ("mou" for the articles' "MoUs", "ngo" for "NGOs"):
        the analyzer does not stem an acronym's plural (Snowball keeps "mous"), so the singular finds nothing. Only
        for a word the store writes with two capitals or more and a lower-case "s" ("MPs", "MoUs"), whatever its
        length: such a word is an acronym's plural, never a typo's neighbour."""
        key = w.key
        if w.suffix or not key.isalpha() or not 2 <= len(key) <= 6:
            return None
        form = self._lexicon.usual_form(key + "s")
        if form is None or not form.endswith("s") or sum(c.isupper() for c in form[:-1]) < 2:
            return None
        return form

    def _other_name(self, w: SurfaceWord, beside: tuple[str, ...], *, caseless: bool) -> Correction | None:
        """A stored name part beside another ("Ingmar Berman") that no sentence holds with it, when a name one edit
        away is held with it ("Ingmar Bergman"): the name the asker meant, misspelt into another the store has."""
        key = w.key
        beside = tuple(b for b in beside if b not in _WH_WORDS and not self._is_stop_word(b))  # "What Norman law"
        if not beside or self._together is None or len(key) < self.params.misspelling_min_length \
                or not key.isalpha() or not self._lexicon.count(key) or not (self._usual(key)[:1].isupper()):
            return None
        if any(self._together(key, b) for b in beside):
            return None
        target = self._nearest(key, as_name=True, beside=beside)
        if target is None or target == key:
            return None
        return Correction(w.form, self._styled(target, w.form, caseless=caseless))

    def _known(self, w: SurfaceWord) -> bool:
        return (w.key in self._lexicon or w.key in _WH_WORDS or self._is_stop_word(w.key)
                or self._is_indexed(w.form))

    def _usual(self, key: str) -> str:
        """The store's usual form of `key`, part by part for a hyphenated word it lacks whole."""
        form = self._lexicon.usual_form(key)
        if form is not None:
            return form
        if "-" in key:
            return "-".join(self._lexicon.usual_form(p) or p for p in key.split("-"))
        return key

    def _styled(self, target: str, typed: str, *, caseless: bool) -> str:
        """The stored word written as the asker would have: its usual form in a caseless question,
        else the typed word's pattern (capitalised, all capitals or lower case)."""
        usual = self._usual(target)
        if caseless:
            return usual
        if typed.isupper() and len(typed) > 1:
            return usual.upper()
        if typed[:1].isupper():
            return usual if usual[:1].isupper() else usual[:1].upper() + usual[1:]
        return target

    def _correctable(self, w: SurfaceWord, *, as_name: bool) -> bool:
        key = w.key
        if len(key) < self.params.min_length or not key.replace("-", "").replace("'", "").isalpha():
            return False
        if demonym_forms(key):
            return False  # "Mongolian" is no typo of "Mongolia": the two are one name (aliases.demonym_expansions)
        # A name typed as one (capitalised) is corrected even when English has the word: "Snug Kim".
        return as_name or not self._is_english(key)

    def _is_english(self, key: str) -> bool:
        return key in english_words(self.params.english_words)

    def _inflects_english(self, key: str) -> bool:
        """"likelihoods", "guaranteed", "briefing": an English word with a suffix."""
        return any(key.endswith(suffix) and self._is_english(key[: len(key) - len(suffix)] + restore)
                   for suffix, restore in _SUFFIXES)

    def _joins_english(self, key: str) -> bool:
        """"windspeed", "birthrate", "shepretend": two English words of three letters or more run together (a
        space or hyphen left out), no name. "putin" is not "put" and "in": a two-letter piece proves nothing."""
        common = english_words(self.params.compound_words)
        return any(key[:i] in common and key[i:] in common for i in range(3, len(key) - 2))

    def _nearest(self, key: str, *, as_name: bool, beside: Sequence[str] = ()) -> str | None:
        """The stored word nearest `key` within the allowed edits: fewest edits, then most frequent.

        Words with the same first letter are searched first (most typos keep it, and they are a
        twentieth of the words); the rest only when that found nothing one edit away."""
        edits = 2 if len(key) >= self.params.two_edits_from else 1
        groups = self._words_by_length()
        # Only words whose letters could be `edits` edits from the key's are compared (an exact filter).
        near = [groups.near(key, n, edits) for n in range(len(key) - edits, len(key) + edits + 1)]
        best = self._best_of(key, [[w for w in words if w[0] == key[0]] for words in near], edits, as_name, beside)
        if best is None or best[0] > 1:
            others = [[w for w in words if w[0] != key[0]] for words in near]
            rest = self._best_of(key, others, edits, as_name, beside)
            if rest is not None and (best is None or rest < best):
                best = rest
        return best[2] if best is not None else None

    def _best_of(self, key: str, buckets: Sequence[Sequence[str]], edits: int, as_name: bool,
                 beside: Sequence[str] = ()) -> tuple[int, int, str] | None:
        best: tuple[int, int, int, str] | None = None
        for bucket in buckets:
            if not bucket:
                continue
            for candidate, distance, _ in process.extract(key, bucket, scorer=OSA.distance, score_cutoff=edits,
                                                          limit=None):
                if candidate == key or not self._may_read_as(key, candidate, as_name=as_name, beside=beside):
                    continue
                if not (candidate in _WH_WORDS or self._is_stop_word(candidate) or self._is_indexed(candidate)):
                    continue  # only in removed articles (the lexicon never forgets)
                # On a tie of edits, a letter left out ("wich": "which") or typed twice ("plannet": "planet", not
                # "planned") before a letter changed ("with"): those are the commoner slips of fast typing, and
                # frequency alone would always pick the common word.
                dropped = 0 if ((len(candidate) == len(key) + 1 and _is_subsequence(key, candidate))
                                or _doubled(key, candidate)) else 1
                rank = (int(distance), dropped, -self._lexicon.count(candidate), candidate)
                if best is None or rank < best:
                    best = rank
        return (best[0], best[2], best[3]) if best is not None else None

    def misspells_stored(self, word: str, *, as_name: bool, beside: Sequence[str] = ()) -> bool:
        """Whether `word` (one the store lacks) is one edit from a live stored word, so is most likely that word
        misspelt ("Hatmanis" ~ "Hartmanis", "Herve" ~ "Hervé"), by the rule `read` corrects by (_may_read_as): a word
        read `as_name` counts only against a word the store writes as a name ("Messi" is no misspelling of "mess").
        Surface words are compared, not stems ("Harris" is two edits from "carries", whatever the stemmer makes of
        "carris"), and a stored word that only adds a hyphen or an apostrophe splitting the typed one into a stop
        word or a lone letter is two words, not a spelling of one ("Putin" is not "put-in"); a name part `beside` a
        stored name counts only against a name some sentence holds with it (_may_read_as). Measured on the bench's
        100k-sentence store, 54 names: 0.23-0.33 ms a call (p50; p90 0.4-0.5 ms), where generating and analysing
        every one-edit variant took 2.0-2.1 ms (p90 9-45 ms, the slowest 54-130 ms)."""
        key = word.lower()
        if not (self.params.misspelling_min_length <= len(key) <= _LONGEST) or not key.replace("-", "").replace("'", "").isalpha():
            return False
        groups = self._words_by_length()
        for n in (len(key) - 1, len(key), len(key) + 1):
            for candidate, _, _ in process.extract(key, groups.near(key, n, 1), scorer=OSA.distance, score_cutoff=1,
                                                   limit=None):
                if candidate == key or self._splits_off(candidate, key):
                    continue
                if self._may_read_as(key, candidate, as_name=as_name, beside=beside) and self._is_indexed(candidate):
                    return True
        return False

    def _may_read_as(self, key: str, stored: str, *, as_name: bool, beside: Sequence[str] = ()) -> bool:
        """Whether the typed `key` may be read as the stored word: a word typed as a name only as a word the store
        writes as one, or as an ordinary word it is plainly a typo of (_swapped_or_left_out: "Presdient", not
        "Messi" for "mess"); and one part of a name beside a stored name (`beside`) only as a name some sentence holds
        with it. The larger the store, the more names the question's name is one edit from: "Kamala Harris" is
        neither "Kampala Harris" nor "Kamara Harris" when no article names those together."""
        name = self._usual(stored)[:1].isupper()
        if as_name and not name and not _swapped_or_left_out(key, stored):
            return False
        if not (name and beside and self._together) or _swapped(key, stored):
            return True  # two letters swapped is a typo whatever stands beside it ("Volksawgen's Indian plant")
        return any(self._together(stored, b) for b in beside)

    def _splits_off(self, stored: str, typed: str) -> bool:
        """A joiner the typed word lacks cuts the stored one into a stop word or a lone letter ("put-in")."""
        if not any(j in stored and j not in typed for j in "-'"):
            return False
        pieces = [piece for piece in re.split(r"[-']", stored) if piece]
        return any(len(piece) < 2 or self._is_stop_word(piece) for piece in pieces)

    def _accented(self, key: str) -> str | None:
        """The stored word `key` is but for its accents, whatever its length and whether or not English has it:
        a keyboard without "é" types "fiancee", which the edit-distance reading leaves alone as an English word."""
        folded = fold_accents(key)
        if folded != key:
            return folded if folded in self._lexicon else None
        cached = self._folded
        version = self._lexicon.version
        if cached is None or cached[0] != version:
            # only the store's words with accents (a few in a thousand), regrouped when the lexicon moves on
            cached = (version, {f: w for w in self._lexicon.words() if not w.isascii() and (f := fold_accents(w)) != w})
            self._folded = cached
        return cached[1].get(key)

    def _words_by_length(self) -> _Buckets:
        """The stored words grouped by length and first letter, regrouped when the lexicon moves on."""
        cached = self._by_length
        version = self._lexicon.version
        if cached is not None and cached[0] == version:
            return cached[1]
        lists: dict[tuple[int, str], list[str]] = {}
        for word in self._lexicon.words():
            if word:
                lists.setdefault((len(word), word[0]), []).append(word)
        groups = _Buckets((bucket, tuple(words)) for bucket, words in lists.items())  # tuples: untracked, as above
        self._by_length = (version, groups)
        return groups


_BINS = 32  # letter-count bins: a-z one each, every other character in one of the last six


def _letter_bins(codes: np.ndarray) -> np.ndarray:
    return np.where((codes >= 97) & (codes <= 122), codes - 97, 26 + codes % 6)


class _Buckets(dict[tuple[int, str], Sequence[str]]):
    """(length, first letter) -> stored words; and per length, every word's letter counts.

    One edit changes a word's letter counts by at most 2 in all (a substitution takes one letter and
    adds another, an insertion or deletion moves one count, a swap none), so a word whose counts differ
    from the key's by more than 2 x edits cannot be within the edits and is never compared. Sharing a
    bin between characters only lowers the difference, so the filter stays exact. Measured on the bench's
    100k-sentence store, 4,315 words (its questions' words, stored words with one or two edits): `_nearest`
    6.2 -> 0.46 ms a call, every result the same."""

    def __init__(self, items: Iterable[tuple[tuple[int, str], Sequence[str]]]) -> None:
        super().__init__(items)
        by_length: dict[int, list[str]] = {}
        for (n, _), words in self.items():
            by_length.setdefault(n, []).extend(words)
        # uint8 counts: a word of more than 255 characters keeps no counts and is always compared
        self._counts: dict[int, tuple[tuple[str, ...], np.ndarray | None, np.ndarray | None]] = {}
        for n, words in by_length.items():
            counts = _counts(words, n) if n <= 255 else None
            self._counts[n] = (tuple(words), counts, None if counts is None else _masks(counts))

    def near(self, key: str, n: int, edits: int) -> Sequence[str]:
        """The stored words of length n whose letter counts could be within `edits` edits of the key's."""
        got = self._counts.get(n)
        if got is None:
            return ()
        words, counts, masks = got
        if counts is None or masks is None or len(key) > 255:
            return words
        mine = np.bincount(_letter_bins(np.array([ord(c) for c in key], dtype=np.int64)), minlength=_BINS)
        # First the bins one side has and the other lacks: each edit takes away at most one the key has
        # and brings at most one it lacks. Then the counts, for the few words left.
        mask = _masks(mine[None, :])[0]
        close = np.flatnonzero((np.bitwise_count(mask & ~masks) <= edits) & (np.bitwise_count(masks & ~mask) <= edits))
        apart = np.abs(counts[close].astype(np.int16) - mine.astype(np.int16)).sum(axis=1)
        return [words[i] for i in close[apart <= 2 * edits]]


def _masks(counts: np.ndarray) -> np.ndarray:
    """Per row of letter counts, bit b set when bin b is there."""
    return ((counts > 0).astype(np.uint32) << np.arange(_BINS, dtype=np.uint32)).sum(axis=1, dtype=np.uint32)


def _counts(words: Sequence[str], n: int) -> np.ndarray:
    """Each word's count of each letter bin (words all of length n)."""
    codes = np.array(words, dtype=f"<U{n}").view(np.uint32).reshape(len(words), n).astype(np.int64)
    flat = (np.arange(len(words), dtype=np.int64)[:, None] * _BINS + _letter_bins(codes)).ravel()
    return np.bincount(flat, minlength=len(words) * _BINS).reshape(len(words), _BINS).astype(np.uint8)
