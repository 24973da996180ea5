"""The typed records that flow between modules. No loose dicts cross a module boundary.

Frozen dataclasses with slots rather than pydantic models: ingest creates one record per
sentence (a million for a large archive) and validation there would cost seconds for nothing,
since every value is produced by our own code.
"""
from __future__ import annotations

from array import array
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum


@dataclass(frozen=True, slots=True)
class SentenceSpan:
    """One sentence found by the parser: `text == raw[start:end]` of its article."""

    text: str
    start: int
    end: int
    caption: bool = False  # a photo caption (the caption tier): stored and searchable, not the article's body


@dataclass(frozen=True, slots=True)
class ParsedArticle:
    """An article file after parsing and cleaning, before it is stored."""

    source: str  # what answers cite: path relative to the ingested folder, or zip entry path
    raw: str  # the decoded file text; every offset points into it
    title: str
    date: str | None  # ISO "YYYY-MM-DD" when the text carries a date
    byline: str | None
    sentences: tuple[SentenceSpan, ...]  # furniture already removed, in reading order (captions flagged, among them)
    content_hash: str  # sha256 hex of `raw`
    site: str | None = None  # outlet or site name ("Reuters", "Yonhap"), from the page, a URL line or a credit
    url: str | None = None


@dataclass(frozen=True, slots=True)
class ArticleColumns:
    """A parsed article as `BatchWriter` takes it: `ParsedArticle`'s fields, its sentences as one
    array of (start, end, caption) triples (int64, this machine's order; the texts are slices of `raw`).
    What a parse worker makes (`articles.parse_article_columns`) and sends: no object per sentence is made to
    be written."""

    source: str
    title: str
    date: str | None
    byline: str | None
    content_hash: str
    site: str | None
    url: str | None
    raw: str
    bounds: bytes

    @property
    def n(self) -> int:
        """How many sentences."""
        return len(self.bounds) // 24

    @classmethod
    def of(cls, article: ParsedArticle) -> ArticleColumns:
        bounds = array("q", [v for s in article.sentences for v in (s.start, s.end, s.caption)])
        return cls(article.source, article.title, article.date, article.byline, article.content_hash, article.site,
                   article.url, article.raw, bounds.tobytes())

    def texts(self) -> list[str]:
        """The sentences' texts, in order."""
        bounds = array("q")
        bounds.frombytes(self.bounds)
        return list(map(self.raw.__getitem__, map(slice, bounds[0::3], bounds[1::3])))

    def parsed(self) -> ParsedArticle:
        bounds = array("q")
        bounds.frombytes(self.bounds)
        raw, it = self.raw, iter(bounds)
        sentences = tuple(SentenceSpan(raw[start:end], start, end, bool(caption)) for start, end, caption in zip(it, it, it))
        return ParsedArticle(source=self.source, raw=raw, title=self.title, date=self.date, byline=self.byline,
                             sentences=sentences, content_hash=self.content_hash, site=self.site, url=self.url)


@dataclass(frozen=True, slots=True)
class BatchFile:
    """One readable, decoded text file of a batch (from a folder, a file or a zip entry)."""

    source: str
    raw: str
    origin: str = ""  # a zip entry's archive ("entry of X.zip"): what its name alone would not say


@dataclass(frozen=True, slots=True)
class Rejection:
    """A file left out of a batch, with a one-line reason a person can act on."""

    source: str
    reason: str
    origin: str = ""  # where the file is when its name alone would not say: "entry of X.zip", or a clashing name's path

    def shown(self) -> str:
        """The source, with where the file is when the name alone would not find it."""
        return f"{self.source} ({self.origin})" if self.origin and self.origin != self.source else self.source


@dataclass(frozen=True, slots=True)
class Duplicate:
    """A file not written because its article is already stored, or came earlier in the batch."""

    source: str
    of: str  # the article holding the same text: a stored source, or an earlier file of this batch
    stored: bool = True  # `of` was in the store before this batch (else: earlier in this batch)
    exact: bool = True  # the very same text; else the same body sentences (copy keys), furniture and white space aside

    @property
    def reason(self) -> str:
        if self.source == self.of:
            return ("already stored (same name, same text)" if self.exact else
                    "already stored (same name, same article text; only furniture or white space differ; "
                    "--replace stores this version)")
        where = "already stored" if self.stored else "earlier in this batch"
        return f"duplicate of {self.of} ({where}{'' if self.exact else '; only furniture or white space differ'})"


@dataclass(frozen=True, slots=True)
class IngestReport:
    """What one `ingest` batch did. `batch` is None when nothing was written."""

    batch: int | None
    added: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()  # same content already stored (or earlier in the batch): each in `duplicates`
    replaced: tuple[str, ...] = ()
    rejected: tuple[Rejection, ...] = ()
    sentences_added: int = 0
    duplicates: tuple[Duplicate, ...] = ()  # why each skipped file was skipped: what holds its text
    passed_over: tuple[str, ...] = ()  # files in the folders and zips given that are not articles (.pdf, .md, …)
    empty: tuple[str, ...] = ()  # folders and zips given that held no article file at all

    @property
    def ok(self) -> bool:
        """Nothing rejected, and the batch found some article (added, replaced or already stored): the exit
        status of `qabot ingest`. Files that are not articles, passed over in a folder, do not count."""
        return not self.rejected and bool(self.added or self.replaced or self.skipped)

    def notes(self, place: Callable[[str], str] = str) -> list[str]:
        """One line for the files passed over (grouped), one per folder or zip that held no article (`place`
        shows its path)."""
        lines = []
        if self.passed_over:
            n = len(self.passed_over)
            names = ", ".join(self.passed_over[:_NAMES_SHOWN]) + (f", … ({n - _NAMES_SHOWN} more)" if n > _NAMES_SHOWN else "")
            lines.append(f"skipped {n} file{'s' if n != 1 else ''} not .txt/.html/.htm/.zip: {names}")
        lines.extend(f"no articles in {place(path)}: it holds no .txt/.html/.htm files" for path in self.empty)
        return lines

    def to_json(self) -> dict:
        """The batch as `qabot ingest --json` and the console's `:ingest` print it."""
        return {
            "batch": self.batch,
            "added": list(self.added),
            "skipped": list(self.skipped),
            "replaced": list(self.replaced),
            "rejected": [{"source": r.source, "reason": r.reason, **({"file": r.origin} if r.origin else {})}
                         for r in self.rejected],
            "sentences_added": self.sentences_added,
            "duplicates": [{"source": d.source, "of": d.of, "stored": d.stored, "exact": d.exact, "reason": d.reason}
                           for d in self.duplicates],
            "passed_over": list(self.passed_over),
            "empty": list(self.empty),
            "notes": self.notes(),
        }


_NAMES_SHOWN = 5  # file names a grouped note lists before "… (N more)"


@dataclass(frozen=True, slots=True)
class ArticleInfo:
    """An article as the store lists it (`qabot sources`)."""

    source: str
    title: str
    date: str | None
    byline: str | None
    sentence_count: int
    batch: int
    ingested_at: str  # ISO 8601 UTC
    content_hash: str
    site: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Sentence:
    """A stored sentence: `text == raw[start:end]` of the article `source`."""

    id: int  # store-wide id; also the document id in the index
    source: str
    position: int  # 0-based index among the article's body sentences (a caption: among its captions)
    start: int
    end: int
    text: str
    caption: bool = False  # a photo caption (the caption tier), not the article's body


@dataclass(frozen=True, slots=True)
class Hit:
    """A sentence the retriever found, with its BM25 score."""

    sentence: Sentence
    score: float


@dataclass(frozen=True, slots=True)
class Feature:
    """One line of `--explain`: a re-ranking feature, its contribution and why."""

    name: str
    value: float
    note: str = ""


@dataclass(frozen=True, slots=True)
class Answer:
    """One extractive answer: a verbatim sentence, where it is, and who else carries it."""

    text: str
    source: str
    also_in: tuple[str, ...]
    score: float
    start: int
    end: int
    title: str
    date: str | None
    sentence_id: int
    position: int
    context: str | None = None  # sentence before + this + after, when asked for
    highlights: tuple[tuple[int, int], ...] = ()  # spans of `text` matching question terms
    explanation: tuple[Feature, ...] = ()
    site: str | None = None  # the article's outlet or site, for citations
    caption: bool = False  # the sentence is a photo caption: no body sentence answered (the caption tier)

    def to_json(self) -> dict:
        return {
            "text": self.text,
            "source": self.source,
            "also_in": list(self.also_in),
            "score": self.score,
            "start": self.start,
            "end": self.end,
            "title": self.title,
            "date": self.date,
            "site": self.site,
            "context": self.context,
            "caption": self.caption,
        }


class Outcome(StrEnum):
    """What the bot claims: an answer; *not sure* (closest sentences, labelled as such); or not found."""

    ANSWER = "answer"
    NOT_SURE = "not_sure"
    NOT_FOUND = "not_found"


@dataclass(frozen=True, slots=True)
class Correction:
    """A question word read as another ("showing results for: Sullivan")."""

    typed: str
    read_as: str


@dataclass(frozen=True, slots=True)
class AnswerSet:
    """The reply to one question: best answer first; empty when the articles don't say.

    `no_answer` is true whenever the bot does not claim an answer (NOT_SURE and NOT_FOUND alike)."""

    question: str
    no_answer: bool
    missing_terms: tuple[str, ...] = ()
    answers: tuple[Answer, ...] = ()
    outcome: Outcome | None = None  # None: derived from `no_answer`
    corrections: tuple[Correction, ...] = ()  # misspelt words as read
    reading: str | None = None  # how a follow-up was read, e.g. "he = Sung Kim"
    lacks: str | None = None  # not sure because the closest sentences hold no answer of this shape ("number")

    def __post_init__(self) -> None:
        if self.outcome is None:
            object.__setattr__(self, "outcome", Outcome.NOT_FOUND if self.no_answer else Outcome.ANSWER)
        elif (self.outcome is Outcome.ANSWER) == self.no_answer:
            raise ValueError(f"outcome {self.outcome} contradicts no_answer={self.no_answer}")

    def to_json(self) -> dict:
        """Exactly the `qabot ask --json` format."""
        return {
            "question": self.question,
            "no_answer": self.no_answer,
            "outcome": str(self.outcome),
            "missing_terms": list(self.missing_terms),
            "corrections": [{"typed": c.typed, "read_as": c.read_as} for c in self.corrections],
            "reading": self.reading,
            "lacks": self.lacks,
            "answers": [a.to_json() for a in self.answers],
        }


@dataclass(frozen=True, slots=True)
class Turn:
    """One earlier question of a conversation and the reply it got: what a follow-up is read against.

    Front ends keep turns (a console session in memory, a Telegram chat in SQLite) and pass the latest one
    to `QAService.ask(previous=...)`; `ask` itself keeps no conversation state."""

    question: str
    reply: AnswerSet


@dataclass(frozen=True, slots=True)
class Context:
    """The sentences around one sentence of an article, with the article's title and date."""

    source: str
    title: str
    date: str | None
    before: tuple[Sentence, ...]
    sentence: Sentence
    after: tuple[Sentence, ...]

    @property
    def text(self) -> str:
        return " ".join(s.text for s in (*self.before, self.sentence, *self.after))


@dataclass(frozen=True, slots=True)
class CorpusStats:
    """What the store holds, for `/start` and status lines."""

    articles: int
    sentences: int
    first_date: str | None
    last_date: str | None
    batch: int  # the last committed batch: the store's version
    dated: int | None = None  # articles with a date (first_date..last_date span only these); None: all of them


@dataclass(frozen=True, slots=True)
class StoreVersion:
    """Identifies one committed state of one store; the index is stamped with it."""

    store_id: str
    batch: int


@dataclass(frozen=True, slots=True)
class IngestLimits:
    """Safety limits for one batch. Defaults match the settings' defaults."""

    max_file_bytes: int = 5 * 1024 * 1024
    max_zip_entries: int = 10_000
    max_zip_total_bytes: int = 512 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class AnalyzerOptions:
    """Switches of the one analyzer; part of its version stamp."""

    stem: bool = True
    stop_words: bool = True


@dataclass(frozen=True, slots=True)
class Prediction:
    """One question of an evaluated set and the reply it got."""

    id: str
    reply: AnswerSet

    def to_json(self) -> dict:
        """A `--predictions` line: the `ask --json` object plus the question's id."""
        return {"id": self.id, **self.reply.to_json()}


@dataclass(frozen=True, slots=True)
class EvalReport:
    """`qabot eval` metrics over one question set."""

    questions: int
    answerable: int
    top1: float
    top5: float
    mrr: float
    no_answer_precision: float
    no_answer_recall: float
    wrongly_refused: int
    citation_failures: int
    per_question: tuple[Prediction, ...] = field(default=())
    # Replies by outcome: NOT_SURE (closest sentences, no answer claimed) and NOT_FOUND; both count as refusals.
    not_sure: int = 0
    not_found: int = 0
    unanswerable_not_sure: int = 0  # of the no-answer questions, those answered "not sure" (the rest refused or answered)

    def to_json(self) -> dict:
        """`qabot eval --json`: the metrics, not the per-question replies (those go to `--predictions`)."""
        return {
            "not_sure": self.not_sure, "not_found": self.not_found, "unanswerable_not_sure": self.unanswerable_not_sure,
            "questions": self.questions, "answerable": self.answerable, "top1": self.top1, "top5": self.top5,
            "mrr": self.mrr, "no_answer_precision": self.no_answer_precision,
            "no_answer_recall": self.no_answer_recall, "wrongly_refused": self.wrongly_refused,
            "citation_failures": self.citation_failures,
        }
