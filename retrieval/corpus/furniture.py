"""What in a scraped article is page furniture (never an answer) and what is body text.

`classify_lines(raw)` labels every non-blank line, or part of a line, of the raw text as body
or furniture with the name of the rule that decided. The rules describe KINDS of furniture, so
they hold for other sites' pages too, not just the seeds:

- `repeated_line`: a line that occurs again in the same article (photo captions are printed
  twice); the first clean occurrence is kept (one without markup, if there is one);
- `date`, `byline`: metadata lines ("Posted on : 2021-06-22 16:43 KST", "DATE: ...",
  "By Kim Ji-eun, staff reporter"), and a date label glued to the headline line;
- `footer`: comment, sharing, newsletter, copyright, tag and navigation boiler-plate;
- `contact`, `url`: e-mail or web addresses on a line of their own;
- `credit`: photo credits, a bare line ("Photo: EPA-EFE", "[Photo: Yonhap]") or trailing a
  caption after its full stop ("... in Seoul, Monday. Yonhap", "(provided by the Ministry of
  Foreign Affairs)", "Korea Times photo by X", "AFP via Getty Images"); the caption stays body;
- `subhead`: short all-capitals lines; `short_line`: a few words with no sentence punctuation
  ("Related stories", "Bloomberg"); `no_words`: lines without a letter or digit (", ,");
- `markup`: HTML tags; the text around an inline tag stays body, split at the tag, because a
  sentence must be a verbatim slice of the raw file and the tag may not be inside it;
  `markup_fragment`: a scrap of a few words left between tags.

The headline line (the first non-empty one) is exempt from the short and all-capitals rules.
"""
from __future__ import annotations

import re
from typing import NamedTuple

from retrieval.corpus.sentences import LINE_BREAK_CHARS
from retrieval.months import MONTH_PATTERN

BODY = "body"
FURNITURE = "furniture"


class Region(NamedTuple):
    """A stripped stretch of one line: `raw[start:end]` is body text or furniture (by `rule`).

    A NamedTuple rather than a frozen dataclass: one is made per line of every article, and
    tuple creation is 4x cheaper (ingest speed is a requirement of issue 2).
    """

    start: int
    end: int
    kind: str  # BODY or FURNITURE
    rule: str  # "" for body; the furniture rule's name otherwise


_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]{0,300})?/?>|<!--.{0,300}?-->")
_WORDY = re.compile(r"[^\W_]")
# One line's content without the white space around it (line breaks are white space too).
_STRIPPED_LINE = re.compile(f"\\S(?:[^{LINE_BREAK_CHARS}]*\\S)?")
_YEAR = re.compile(r"\d\d\d\d")

_MONTHS = rf"(?i:{MONTH_PATTERN})\.?"
_WEEKDAY = r"(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?\s+)?"
DATE_VALUE = (
    r"(?:(?P<y1>\d{4})[-/.](?P<m1>\d{1,2})[-/.](?P<d1>\d{1,2})"
    rf"|{_WEEKDAY}(?P<mon2>{_MONTHS})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{{4}})"
    rf"|{_WEEKDAY}(?P<d3>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mon3>{_MONTHS}),?\s+(?P<y3>\d{{4}}))"
)
_TIME = r"(?:,?\s+(?:at\s+)?\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?(?:\s+\(?[A-Z]{2,5}(?:[+-]\d{1,2})?\)?)?)?"
_DATE_LABEL = (
    r"(?:(?:posted|published|updated|last\s+updated|modified|created|released|date[ds]?|issued)"
    r"(?:\s+(?:on|at))?\s*(?:[:\-|]\s*)?)"  # one way only to match the spaces: no exponential backtracking
)
_LABELLED_DATE = rf"{_DATE_LABEL}{DATE_VALUE}{_TIME}"
_ANY_DATE = rf"{_DATE_LABEL}?{DATE_VALUE}{_TIME}"
# A whole line of dates, labelled or not: "Posted on : 2021-06-22 16:43 KST Modified on : ...".
_DATE_LINE = re.compile(rf"(?i:(?:{_ANY_DATE}[\s|·,;]*)+)")
_DATE_PREFIX = re.compile(rf"(?i:(?:{_LABELLED_DATE}[\s|·,;]*)+)")
_DATE_SUFFIX = re.compile(rf"(?i:\s*(?:[|·,;-]\s*)?(?:{_LABELLED_DATE}\s*)+)$")
DATE_VALUE_RE = re.compile(rf"(?i:{DATE_VALUE})")

_PARTICLE = r"(?:de|da|del|della|der|den|di|du|la|le|van|von|bin|binti|al|el|y|dos|das|do|ten|ter)"
_NAME_WORD = rf"(?:[A-Z][\w'’.-]*|{_PARTICLE}(?=\s)|[A-Z]\.)"
_NAME = rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,4}}"
# "By Kim Ji-eun, staff reporter", "By Kang Seung-woo", "Written by A and B", "Reporter: X".
BYLINE_RE = re.compile(
    rf"(?:(?i:by|written\s+by|words\s+by|reported\s+by|story\s+by)\s+|(?i:reporter|author|writer)\s*:\s*)"
    rf"(?P<name>{_NAME}(?:\s*(?:,|and|&)\s*{_NAME})*?)"
    r"(?:\s*(?:,|\||-|–|—|/)\s*(?P<role>[^.!?]{0,60}))?\s*$"
)
_ROLE_OK = re.compile(
    r"(?i)^(?:(?:the\s+)?(?:\w+\s+){0,3}(?:reporter|writer|correspondent|editor|columnist|contributor|"
    r"journalist|staff|bureau|chief|news|times|herald|post|press|agency|desk)\b.*|[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){0,3})$"
)

# Comment, tag, copyright and "original article" boiler-plate, at the start of a line of any length.
_FOOTER = re.compile(
    r"(?i)^(?:"
    r"please\s+(?:direct|send|post|leave|share|email|e-mail|contact|write|address|submit|rate|follow|subscribe|like|report)\b"
    r"|(?:categori[sz]ed|filed|tagged|posted|listed|archived)\s+(?:in|under)\s*(?::|$)"
    r"|(?:tags?|categor(?:y|ies)|topics?|keywords?|filed\s+under|related\s+topics)\s*:"
    r"|your\s+(?:e-?mail|comment|name)\b.{0,60}\b(?:will\s+not|won[’']t|is\s+not)\s+(?:be\s+)?(?:published|shared|displayed|made\s+public)"
    r"|required\s+fields\s+are\s+marked"
    r"|(?:©|\(c\)\s*\d{4}|copyright\s*(?:©|\(c\)|\d{4}))"
    r")"
)
# The same kind, anywhere in a short line; tried only when a key word is present (cheap test first).
_FOOTER_ANYWHERE = re.compile(
    r"(?i)\ball\s+rights\s+reserved\b"
    r"|\b(?:reproduction|redistribution|republication)\b.{0,60}\b(?:prohibited|forbidden|not\s+permitted)\b"
    r"|\b(?:button|link|click|tap|go|move|switch)\b.{0,40}\boriginal\b.{0,40}\barticle\b"
)
_FOOTER_KEYS = ("eserved", "ESERVED", "rohibit", "ROHIBIT", "orbid", "ORBID", "ermitted", "riginal", "RIGINAL")
# Navigation and sharing calls, only on lines short enough to be a link or a button.
_NAV = re.compile(
    r"(?i)^(?:"
    r"(?:leave|post|add|write|submit|view|show|load|hide|read)\s+(?:a\s+|your\s+|all\s+|the\s+|\d+\s+)?(?:comments?|reply|replies|reviews?|responses?)\b"
    r"|(?:sign\s+up|subscribe|newsletter|follow\s+us|like\s+us|join\s+us|download\s+(?:our|the)\s+app)\b"
    r"|share\s+(?:this|on|via|the\s+(?:article|story))\b|(?:share|tweet|print|email|e-mail|comments?|advertisement|ad)\s*$"
    r"|(?:click|tap)\s+here\b|read\s+(?:more|also|next|the\s+(?:full|original))\b|see\s+also\b|also\s+read\b"
    r"|more\s+(?:stories|news|articles|from|on\s+this|in\s+this)\b|related\s*(?::|$)|related\s+(?:stories|articles|news|posts|links|content|coverage)\b"
    r"|most\s+(?:viewed|read|popular|shared|commented|recent)\b|you\s+(?:may|might)\s+(?:also\s+)?(?:like|be\s+interested)\b"
    r"|recommended\s+(?:for\s+you|stories|articles|reading)\b|(?:trending|top\s+stories|latest\s+news|editor[’']s\s+picks?)\b"
    r"|sponsored\s+(?:content|links?)\b|back\s+to\s+top\b|skip\s+to\s+(?:content|main)\b|(?:next|previous)\s+(?:article|story|post)\b"
    r")"
)
_NAV_WORDS = 15
_EMAIL = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+")  # bounded: no quadratic scan
_URL_LINE = re.compile(r"^[\[(<]?(?:https?://|www\.)\S+[\])>]?$", re.I)
# A credit on a line of its own: "Photo: EPA-EFE", "(Yonhap)", "Courtesy of X", "AP Photo/Ahn Young-joon".
_CREDIT_WORDS = (
    r"(?:photo(?:graph)?s?|image|picture|pic|video|graphic|illustration|source|credit|courtesy|"
    r"provided|supplied|handout|file\s+photo|ap\s+photo|reuters|yonhap|afp|epa|getty)"
)
_CREDIT_LINE = re.compile(
    rf"(?i)^[(\[]?(?:{_CREDIT_WORDS}(?:\s+(?:by|of|from|courtesy\s+of))?\s*[:/=]?\s*[^.!?]{{0,80}}"
    rf"|by\s+courtesy\s+of\b.{{0,80}}|[\w&'’ -]{{1,40}}\s(?:file\s+)?photos?(?:\s+by\b.{{0,60}})?)[)\]]?$"
)
# A credit trailing a caption: after the sentence's end, a bracketed credit, a credit word
# ("Photo: dpa", "Courtesy of ..."), "<Paper> photo by <name>", or a short capitalised name run
# with no punctuation of its own ("... Monday. Yonhap", "AFP via Getty Images").
# Words and separators share no character, so a failing match cannot backtrack exponentially.
_CAPITALISED_WORD = r"[A-Z][\w&'’]*(?:-[\w&'’]+)*"
_CAPITALISED_RUN = rf"{_CAPITALISED_WORD}(?:(?:\s+|\s*/\s*)(?:{_CAPITALISED_WORD}|of|the|and|for|via|by)){{0,4}}"
_TRAILING_CREDIT = re.compile(
    r"(?:(?<=[.!?])|(?<=[.!?][\"”’)\]]))(?P<credit>\s+(?:"
    rf"\((?i:{_CREDIT_WORDS}|(?:photo\s+)?by\b)[^()]{{0,100}}\)"
    rf"|\[(?i:{_CREDIT_WORDS}|(?:photo\s+)?by\b)[^\[\]]{{0,100}}\]"
    rf"|(?i:{_CREDIT_WORDS})(?:\s+(?i:by|of|from|courtesy\s+of))?\s*[:/]?\s*[^.!?()]{{0,80}}"
    rf"|{_CAPITALISED_RUN}\s+(?i:file\s+)?(?i:photos?)(?:\s+(?i:by)\s+[^.!?()]{{1,60}})?"
    rf"|{_CAPITALISED_RUN}"
    r"))\s*$"
)
_CLOSERS = "\"'”’»)]"
_TERMINALS = ".!?\u2026"
_CREDIT_WINDOW = 130  # a trailing credit is at most this long
_DATE_WINDOW = 160  # so is a trailing date (even "Posted on ... Modified on ...")
_SHORT_WORDS = 6  # a line of at most this many words without sentence punctuation is not a sentence
_FRAGMENT_WORDS = 3
_SUBHEAD_WORDS = 15


def classify_lines(raw: str) -> tuple[Region, ...]:
    """Label every non-blank stretch of `raw` as body or furniture.

    Regions are stripped, ordered, non-overlapping and never cross a line break; every
    non-space character of `raw` lies in exactly one region.
    """
    lines = [(m.start(), m.end(), m.group()) for m in _STRIPPED_LINE.finditer(raw)]
    # The line kept among identical ones: the first without markup, else simply the first.
    # Keys are the exact stripped lines (hashing is cheap); only lines with markup are normalised.
    keys = [_line_key(line) if "<" in line else line for _, _, line in lines]
    keeper: dict[str, int] = {}
    for i, k in enumerate(keys):
        j = keeper.get(k)
        if j is None or ("<" in lines[j][2] and "<" not in lines[i][2]):
            keeper[k] = i
    # The headline is the first line that is not only a date; it is exempt from the short-line rules.
    title = next((i for i, (_, _, line) in enumerate(lines) if not _is_date_line(line)), -1)
    regions: list[Region] = []
    for i, (s, e, line) in enumerate(lines):
        regions.extend(_classify_line(raw, s, e, line, i == title, keeper[keys[i]] != i))
    return tuple(regions)


def strip_date(raw: str, s: int, e: int) -> tuple[int, int]:
    """The part of line `raw[s:e]` left when a labelled date before or after it is removed."""
    s, e = _strip(raw, s, e)
    if s >= e:
        return s, e
    return _cut_dates(raw, s, e)


def _cut_dates(raw: str, s: int, e: int) -> tuple[int, int]:
    """`strip_date` for an already stripped, non-empty line."""
    m = _DATE_PREFIX.match(raw, s, e)
    if m and m.end() > s:
        s = m.end()
    last = raw[e - 1]
    # Dates end in a digit, a time zone or "(KST)" and hold a year: cheap tests first.
    if (last.isalnum() or last == ")") and _YEAR.search(raw, max(s, e - _DATE_WINDOW), e):
        m = _DATE_SUFFIX.search(raw, max(s, e - _DATE_WINDOW), e)
        if m and m.start() < e:
            e = m.start()
    return _strip(raw, s, e)


def _is_date_line(line: str) -> bool:
    return len(line) <= 200 and _DATE_LINE.fullmatch(line) is not None


def match_byline(line: str) -> str | None:
    """The person's name when `line` is a byline ("By Kim Ji-eun, staff reporter"), else None."""
    line = line.strip()
    if len(line) > 100 or (_ends_sentence(line) and not line.endswith(".")):
        return None
    m = BYLINE_RE.match(line)
    if not m:
        return None
    role = m.group("role")
    if role and not _ROLE_OK.match(role.strip()):
        return None
    return m.group("name").strip()


def _strip(raw: str, s: int, e: int) -> tuple[int, int]:
    piece = raw[s:e]
    left = piece.lstrip()
    if not left:
        return e, e
    s += len(piece) - len(left)
    return s, s + len(left.rstrip())


def _line_key(line: str) -> str:
    """A line with markup compares equal to its repeat without it."""
    return " ".join(_TAG.sub("", line).split())


def _ends_sentence(text: str) -> bool:
    return text.rstrip(_CLOSERS)[-1:] in _TERMINALS


def _classify_line(raw: str, s: int, e: int, line: str, is_title: bool, repeated: bool) -> list[Region]:
    """Regions of one stripped line `line == raw[s:e]`.

    Cheap tests guard the costly patterns: most lines are long sentences that end in a full
    stop, and they pass through a few C-level checks only (ingest speed is a requirement).
    """
    if not _WORDY.search(line):
        return [Region(s, e, FURNITURE, "no_words")]
    has_tag = "<" in line and _TAG.search(line) is not None
    if has_tag and not _WORDY.search(_TAG.sub("", line)):
        return [Region(s, e, FURNITURE, "markup")]
    if repeated:
        return [Region(s, e, FURNITURE, "repeated_line")]
    plain = _TAG.sub("", line) if has_tag else line
    n = len(plain)
    ends = _ends_sentence(plain)
    rule = None
    if _FOOTER.match(line):
        rule = "footer"
    elif n <= 200:
        if any(k in line for k in _FOOTER_KEYS) and _FOOTER_ANYWHERE.search(line):
            rule = "footer"
        elif _DATE_LINE.fullmatch(line):
            rule = "date"
        elif n <= 100 and match_byline(line) is not None:
            rule = "byline"
        elif _NAV.match(line) and len(line.split()) <= _NAV_WORDS:
            rule = "footer"
        elif not ends:
            if _URL_LINE.match(line):
                rule = "url"
            elif "@" in line and _EMAIL.search(line) and len(line.split()) <= 12:
                rule = "contact"
            elif n <= 120 and _CREDIT_LINE.match(line):
                rule = "credit"
    if rule:
        return [Region(s, e, FURNITURE, rule)]
    out: list[Region] = []
    tail: list[Region] = []
    bs, be = s, e
    text = line  # the line without a glued date; `plain` is that without markup
    if not ends or line.endswith(")") or _DATE_PREFIX.match(line):
        # A labelled date glued to the line ("date 2021-06-22 Headline", "Headline DATE: ...").
        bs, be = _cut_dates(raw, s, e)
        if bs >= be:
            return [Region(s, e, FURNITURE, "date")]
        if bs > s:
            out.append(Region(s, _strip(raw, s, bs)[1], FURNITURE, "date"))
        if be < e:
            ts, te = _strip(raw, be, e)
            tail.append(Region(ts, te, FURNITURE, "date"))
        if (bs, be) != (s, e):
            text = raw[bs:be]
            plain = _TAG.sub("", text) if has_tag else text
            ends = _ends_sentence(plain)
    if not ends and not is_title and len(plain) <= 200:
        nwords = len(plain.split())
        if nwords <= _SUBHEAD_WORDS and plain.upper() == plain and plain.lower() != plain:
            return [Region(s, e, FURNITURE, "subhead")]
        if nwords <= _SHORT_WORDS:
            return [Region(s, e, FURNITURE, "short_line")]
    if not ends or text.endswith(")"):
        # A credit trailing a caption ("... Monday. Yonhap", "... Seoul. (provided by ...)").
        cm = _TRAILING_CREDIT.search(raw, max(bs, be - _CREDIT_WINDOW), be)
        if cm and cm.start("credit") > bs and _caption_credit_ok(cm.group("credit")):
            cs = cm.start("credit")
            credit_s, credit_e = _strip(raw, cs, be)
            tail.insert(0, Region(credit_s, credit_e, FURNITURE, "credit"))
            be = _strip(raw, bs, cs)[1]
    if has_tag:
        out.extend(_split_at_tags(raw, bs, be))
    else:
        out.append(Region(bs, be, BODY, ""))
    out.extend(tail)
    return out


def _caption_credit_ok(credit: str) -> bool:
    """A trailing run of capitalised words is a credit only if it is short and name-like."""
    c = credit.strip()
    if c.startswith(("(", "[")):
        return True
    return 0 < len(c.split()) <= 6 and not c.endswith(":")


def _split_at_tags(raw: str, s: int, e: int) -> list[Region]:
    out: list[Region] = []
    pos = s
    for m in _TAG.finditer(raw, s, e):
        out.extend(_piece(raw, pos, m.start()))
        out.append(Region(m.start(), m.end(), FURNITURE, "markup"))
        pos = m.end()
    out.extend(_piece(raw, pos, e))
    return out


def _piece(raw: str, s: int, e: int) -> list[Region]:
    s, e = _strip(raw, s, e)
    if s >= e:
        return []
    text = raw[s:e]
    if not _WORDY.search(text):
        return [Region(s, e, FURNITURE, "markup_fragment")]
    if len(text.split()) <= _FRAGMENT_WORDS and not _ends_sentence(text):
        return [Region(s, e, FURNITURE, "markup_fragment")]
    return [Region(s, e, BODY, "")]
