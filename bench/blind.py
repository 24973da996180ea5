"""`python -m bench.blind [--sets bbc,scraped,newsqa,seed,chat,chat2,chat3,chat4,chat5,chat6,chat7,chat8,chat9,chat10] [--json] [--verbose]`: the blind sets of eval/ at corpus scale.

Each set runs against ONE store holding its whole corpus, built with the real ingest (`QAService.ingest`), so a
question must find its sentence among every article, not just its own:

| set | corpus (../shared/ unless noted) | questions |
|---|---|---|
| bbc | corpora/bbc_news_2004_2005.zip (2,089 articles) | eval/bbc_blind.jsonl |
| scraped | corpora/scraped_pages_2023/ (230 pages) | eval/scraped_blind.jsonl (+ its chat-typed subset) |
| newsqa | eval/newsqa_dev/corpus/ (741 stories) | eval/newsqa_unanswerable.jsonl + eval/newsqa_dev/questions.jsonl |
| seed | seeds/ (repository) | eval/seed_heldout.jsonl |
| chat | the bbc set's store | eval/bbc_chat_blind.jsonl (chat-typed; unknown-subject and off-topic rows) |
| chat2 | the bbc set's store | eval/bbc_chat_blind2.jsonl (a second chat-typed set, by other writers, other articles) |
| chat3 | the bbc set's store | eval/bbc_chat_blind3.jsonl (a third, round 21) |
| chat4 | the bbc set's store | eval/bbc_chat_blind4.jsonl (a fourth, round 22) |
| chat5 | the bbc set's store | eval/bbc_chat_blind5.jsonl (a fifth, round 23) |
| chat6 | the bbc set's store | eval/bbc_chat_blind6.jsonl (a sixth, round 24) |
| chat7 | the bbc set's store | eval/bbc_chat_blind7.jsonl (a seventh, round 34: 10 off-topic, 5 of them small talk) |
| chat8 | the bbc set's store | eval/bbc_chat_blind8.jsonl (an eighth, round 35: 10 off-topic, 5 of them small talk) |
| chat9 | the bbc set's store | eval/bbc_chat_blind9.jsonl (a ninth, round 36: 24 questions, 5 off-topic, 4 of them general knowledge) |
| chat10 | the bbc set's store | eval/bbc_chat_blind10.jsonl (a tenth, round 37: 24 questions, 12 answerable over 9 articles, 5 off-topic) |

Only the public API is used (`QAService`, `evaluate`, `load_questions`, the records). Stores live under
`data/bench/blind/<set>/` (gitignored) and are reused while the corpus files and the ingest code
(`retrieval/corpus/`) are unchanged; `--rebuild` forces a fresh ingest. A set whose shared data is absent is
skipped, saying which file is missing. Next to our answers, plain `rank_bm25.BM25Okapi` over the same stored
sentences gives a reference top-1 (cached per store and question), so the table shows what the re-ranker adds.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bench.blind_scoring import (
    REFERENCE_TOKENS,
    BlindItem,
    GoldFinder,
    ItemResult,
    ReferenceBM25,
    SetRow,
    failure_counts,
    score_item,
    summarise,
)
from retrieval import AnswerSet, QAService, Sentence, StoreError, evaluate, load_questions

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SHARED = PROJECT_ROOT.parent / "shared"
DEFAULT_WORKDIR = PROJECT_ROOT / "data" / "bench" / "blind"
STAMP_FORMAT = 1  # bump when what a stored build means changes
WHOLE_ARTICLE = 1_000_000  # a context width wider than any article: `context` then returns all its sentences


@dataclass(frozen=True)
class Subset:
    """A named part of a set reported on its own row (e.g. the chat-typed questions)."""

    name: str
    keep: Callable[[BlindItem], bool]


@dataclass(frozen=True)
class SetSpec:
    """One blind set: its corpus, its question files and the article count the whole corpus must give."""

    name: str
    corpus: Path
    question_files: tuple[Path, ...]
    articles: int | None = None  # expected after ingest; a shortfall is reported (rejected files)
    subsets: tuple[Subset, ...] = ()
    store: str = ""  # the store folder under the workdir, when sets share a corpus (default: the set's name)

    @property
    def folder(self) -> str:
        return self.store or self.name


def _by_style(style: str) -> Subset:
    return Subset(style, lambda item: item.style == style)


def _by_kind(kind: str) -> Subset:
    return Subset(kind, lambda item: item.kind == kind)


def _chat_set(name: str, file: str) -> SetSpec:
    """A chat-typed set over the BBC archive: it shares the bbc set's store and reports by style and by kind."""
    return SetSpec(
        name, SHARED / "corpora" / "bbc_news_2004_2005.zip", (PROJECT_ROOT / "eval" / file,), 2089,
        tuple(_by_style(style) for style in ("lower", "typo"))
        + tuple(_by_kind(kind) for kind in ("unanswerable", "unknown_subject", "off_topic")),
        store="bbc",
    )


SETS: dict[str, SetSpec] = {
    spec.name: spec
    for spec in (
        SetSpec("bbc", SHARED / "corpora" / "bbc_news_2004_2005.zip", (PROJECT_ROOT / "eval" / "bbc_blind.jsonl",), 2089),
        SetSpec(
            "scraped", SHARED / "corpora" / "scraped_pages_2023", (PROJECT_ROOT / "eval" / "scraped_blind.jsonl",), 230,
            (Subset("chat", lambda item: item.style == "chat"),),
        ),
        SetSpec(
            "newsqa", SHARED / "eval" / "newsqa_dev" / "corpus",
            (PROJECT_ROOT / "eval" / "newsqa_unanswerable.jsonl", SHARED / "eval" / "newsqa_dev" / "questions.jsonl"),
            741,
        ),
        SetSpec("seed", PROJECT_ROOT / "seeds", (PROJECT_ROOT / "eval" / "seed_heldout.jsonl",), 5),
        _chat_set("chat", "bbc_chat_blind.jsonl"),
        _chat_set("chat2", "bbc_chat_blind2.jsonl"),
        _chat_set("chat3", "bbc_chat_blind3.jsonl"),
        _chat_set("chat4", "bbc_chat_blind4.jsonl"),
        _chat_set("chat5", "bbc_chat_blind5.jsonl"),
        _chat_set("chat6", "bbc_chat_blind6.jsonl"),
        _chat_set("chat7", "bbc_chat_blind7.jsonl"),
        _chat_set("chat8", "bbc_chat_blind8.jsonl"),
        _chat_set("chat9", "bbc_chat_blind9.jsonl"),
        _chat_set("chat10", "bbc_chat_blind10.jsonl"),
    )
}


@dataclass
class SetRun:
    """Everything one set produced: rows, per-question results, timings and how the store was obtained."""

    name: str
    skipped: str | None = None
    rows: list[SetRow] = field(default_factory=list)
    results: list[ItemResult] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    store: dict[str, object] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def to_json(self, *, verbose: bool) -> dict:
        out: dict[str, object] = {"set": self.name}
        if self.skipped:
            out["skipped"] = self.skipped
            return out
        out.update(rows=[r.to_json() for r in self.rows], timings_s=self.timings, store=self.store,
                   warnings=self.warnings)
        out["failure_kinds"] = failure_counts(self.results)
        if verbose:
            out["failures"] = [_failure_json(r) for r in self.results if r.failed]
        return out


def log(msg: str) -> None:
    print(f"[blind {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# -- questions -------------------------------------------------------------------------------
def load_items(path: Path) -> list[BlindItem]:
    """`load_questions` (the public loader, which checks each line) plus `source`, `style` and `kind`, which it drops."""
    extra: dict[str, tuple[str | None, str | None, str | None]] = {}
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        if line.strip():
            row = json.loads(line)
            extra[str(row.get("id"))] = (row.get("source"), row.get("style"), row.get("kind"))
    items = []
    for q in load_questions(path):
        source, style, kind = extra.get(q.id, (None, None, None))
        items.append(BlindItem(q.id, q.question, q.answers, q.no_answer, source, style, kind))
    return items


# -- stores ----------------------------------------------------------------------------------
def fingerprint(path: Path) -> str:
    """sha256 over a file's bytes, or over every file below a folder (relative name and bytes), sorted."""
    digest = hashlib.sha256()
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
    for file in files:
        digest.update(str(file.relative_to(path) if file != path else file.name).encode() + b"\0")
        digest.update(hashlib.sha256(file.read_bytes()).digest())
    return digest.hexdigest()


def ingest_code_fingerprint() -> str:
    """The ingest code's sources: a change to how files become sentences invalidates a built store.

    (The index needs no stamp here: the retriever rebuilds a saved index that no longer matches its store.)"""
    return fingerprint(PROJECT_ROOT / "retrieval" / "corpus")


def open_store(spec: SetSpec, workdir: Path, *, rebuild: bool, run: SetRun) -> QAService:
    """The set's store, reused when its stamp matches, otherwise ingested afresh from the whole corpus."""
    folder = workdir / spec.folder
    store_path = folder / "store.sqlite"
    stamp_path = folder / "stamp.json"
    started = time.perf_counter()
    stamp = {"format": STAMP_FORMAT, "corpus": str(spec.corpus), "corpus_sha256": fingerprint(spec.corpus),
             "ingest_code_sha256": ingest_code_fingerprint()}
    run.timings["fingerprint"] = time.perf_counter() - started
    if not rebuild and store_path.exists() and stamp_path.exists():
        try:
            if json.loads(stamp_path.read_text()) == stamp:
                started = time.perf_counter()
                service = QAService.open(store_path)
                run.timings["open (reused store)"] = time.perf_counter() - started
                run.store["built"] = False
                _note_ingest(folder, run)
                return service
        except (ValueError, OSError, StoreError) as exc:
            log(f"{spec.name}: cannot reuse {store_path} ({exc}); rebuilding")
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    log(f"{spec.name}: ingesting {spec.corpus} into {store_path}")
    started = time.perf_counter()
    service = QAService.open(store_path, create=True)
    report = service.ingest([spec.corpus])
    run.timings["ingest"] = time.perf_counter() - started
    run.store["built"] = True
    summary = {"added": len(report.added), "skipped_same_content": list(report.skipped),
               "rejected": [[r.source, r.reason] for r in report.rejected]}
    (folder / "ingest.json").write_text(json.dumps(summary, indent=1))
    _note_ingest(folder, run)
    stamp_path.write_text(json.dumps(stamp, indent=1))  # only after a finished ingest
    return service


def _note_ingest(folder: Path, run: SetRun) -> None:
    """What the store's ingest left out (kept beside the store, so a reused store reports it too)."""
    try:
        summary = json.loads((folder / "ingest.json").read_text())
    except (OSError, ValueError):
        return
    skipped, rejected = summary.get("skipped_same_content", []), summary.get("rejected", [])
    run.store.update(added=summary.get("added"), skipped_same_content=len(skipped), rejected=len(rejected))
    if skipped:
        run.warnings.append(f"{len(skipped)} files skipped at ingest as the same content as a stored file: {skipped}")
    for source, reason in rejected[:10]:
        run.warnings.append(f"rejected at ingest: {source}: {reason}")


def stored_sentences(service: QAService) -> list[Sentence]:
    """Every stored sentence, through the public API.

    `QAService` has no "all sentences" call, so walk sentence ids upwards and take each unseen id's whole article
    with `context(id, width=WHOLE_ARTICLE)`; ids missing from the store raise StoreError and are stepped over."""
    total = service.stats().sentences
    seen: dict[int, Sentence] = {}
    sentence_id = 0
    misses = 0
    while len(seen) < total and misses <= total + 10_000:
        sentence_id += 1
        if sentence_id in seen:
            continue
        try:
            ctx = service.context(sentence_id, width=WHOLE_ARTICLE)
        except StoreError:
            misses += 1
            continue
        for s in (*ctx.before, ctx.sentence, *ctx.after):
            seen[s.id] = s
    if len(seen) != total:
        raise RuntimeError(f"found {len(seen)} of the store's {total} sentences by id; the id walk gave up")
    return [seen[i] for i in sorted(seen)]


# -- the reference ---------------------------------------------------------------------------
def reference_tops(spec: SetSpec, workdir: Path, sentences: Sequence[Sentence], questions: Sequence[str]) -> list[Sentence]:
    """Plain BM25's top sentence per question, cached beside the store (keyed by its sentences and the tokens)."""
    key = hashlib.sha256()
    key.update(REFERENCE_TOKENS.encode())
    for s in sentences:
        key.update(f"{s.id}\0{s.text}\0".encode())
    cache_path = workdir / spec.folder / "reference.json"
    cache: dict[str, int] = {}
    if cache_path.exists():
        try:
            saved = json.loads(cache_path.read_text())
            if saved.get("key") == key.hexdigest():
                cache = {str(q): int(i) for q, i in saved["top"].items()}
        except (ValueError, KeyError, TypeError, AttributeError):
            cache = {}
    by_id = {s.id: s for s in sentences}
    todo = [q for q in dict.fromkeys(questions) if q not in cache or cache[q] not in by_id]
    if todo:
        log(f"{spec.name}: plain BM25 reference over {len(sentences):,} sentences for {len(todo)} questions")
        reference = ReferenceBM25(sentences)
        for q in todo:
            cache[q] = reference.top(q).id
        cache_path.write_text(json.dumps({"key": key.hexdigest(), "tokens": REFERENCE_TOKENS, "top": cache}))
    return [by_id[cache[q]] for q in questions]


# -- one set ---------------------------------------------------------------------------------
def missing_inputs(spec: SetSpec) -> str | None:
    for path in (spec.corpus, *spec.question_files):
        if not path.exists():
            return f"{path} is absent (shared data lives beside the checkout in ../shared/, never in it)"
    return None


def score_set(
    name: str,
    items: Sequence[BlindItem],
    replies: Sequence[AnswerSet],
    raw_text: Callable[[str], str | None],
    *,
    references: Sequence[Sentence] | None = None,
    sentences: Sequence[Sentence] | None = None,
    subsets: Sequence[Subset] = (),
) -> tuple[list[SetRow], list[ItemResult]]:
    """The table rows (the whole set first, then each subset) and per-item results for these replies.

    `references`: plain BM25's top sentence per item (same order), or None to leave that column out;
    `sentences`: the store's sentences, to diagnose where a failed item's gold spans are."""
    if len(replies) != len(items) or (references is not None and len(references) != len(items)):
        raise ValueError(f"{name}: {len(items)} items but {len(replies)} replies / references")
    finder = GoldFinder(sentences) if sentences is not None else None
    results = [
        score_item(item, reply, raw_text, reference_top=references[i] if references is not None else None,
                   gold_finder=finder)
        for i, (item, reply) in enumerate(zip(items, replies))
    ]
    rows = [summarise(name, results, reference=references is not None)]
    for subset in subsets:
        part = [r for r in results if subset.keep(r.item)]
        if part:
            rows.append(summarise(f"{name} · {subset.name}", part, reference=references is not None))
    return rows, results


def run_set(spec: SetSpec, workdir: Path, *, rebuild: bool, reference: bool) -> SetRun:
    run = SetRun(spec.name)
    reason = missing_inputs(spec)
    if reason:
        run.skipped = reason
        log(f"{spec.name}: skipped: {reason}")
        return run
    items = [item for path in spec.question_files for item in load_items(path)]
    questions = [q for path in spec.question_files for q in load_questions(path)]  # what `evaluate` takes
    ids = [item.id for item in items]
    if len(set(ids)) != len(ids):
        raise ValueError(f"{spec.name}: question ids repeat across {[str(p) for p in spec.question_files]}")
    with open_store(spec, workdir, rebuild=rebuild, run=run) as service:
        stats = service.stats()
        run.store.update(articles=stats.articles, sentences=stats.sentences)
        left_out = int(str(run.store.get("skipped_same_content", 0))) + int(str(run.store.get("rejected", 0)))
        if spec.articles is not None and stats.articles + left_out != spec.articles:
            run.warnings.append(f"the store holds {stats.articles} articles (+ {left_out} left out at ingest), "
                                f"the corpus has {spec.articles} files")
        stored_sources = {a.source for a in service.sources()}
        absent = sorted({i.source for i in items if i.source and i.source not in stored_sources})
        if absent:
            run.warnings.append(f"{len(absent)} question sources are not in the store, e.g. {absent[:3]}")

        started = time.perf_counter()
        log(f"{spec.name}: asking {len(items)} questions ({stats.articles:,} articles, {stats.sentences:,} sentences)")
        report = evaluate(service, questions)  # the public scorer asks each question once
        run.timings["ask (evaluate)"] = time.perf_counter() - started
        replies = [p.reply for p in report.per_question]

        started = time.perf_counter()
        sentences = stored_sentences(service)
        run.timings["read sentences"] = time.perf_counter() - started
        references = None
        if reference:
            started = time.perf_counter()
            references = reference_tops(spec, workdir, sentences, [i.question for i in items])
            run.timings["plain BM25 reference"] = time.perf_counter() - started

        raw_cache: dict[str, str | None] = {}

        def raw_text(source: str) -> str | None:
            if source not in raw_cache:
                try:
                    raw_cache[source] = service.raw_text(source)
                except StoreError:
                    raw_cache[source] = None
            return raw_cache[source]

        started = time.perf_counter()
        run.rows, run.results = score_set(spec.name, items, replies, raw_text, references=references,
                                          sentences=sentences, subsets=spec.subsets)
        run.timings["score"] = time.perf_counter() - started
    whole = run.rows[0]
    # Our scoring must agree with the public `evaluate` (same convention); a gap means one of them drifted.
    for label, ours, theirs in (("top-1", whole.top1, report.top1), ("top-5", whole.top5, report.top5),
                                ("MRR", whole.mrr, report.mrr),
                                ("citation failures", whole.citation_failures, report.citation_failures)):
        if abs(ours - theirs) > 1e-9:
            run.warnings.append(f"{label}: bench {ours:.4f} but retrieval.evaluate {theirs:.4f}")
    run.timings["total"] = sum(v for k, v in run.timings.items())
    return run


# -- output ----------------------------------------------------------------------------------
HEADER = ("set", "questions (ans + unans)", "top-1", "top-5", "MRR", "plain BM25 top-1", "unans refused",
          "unans not sure", "ans wrongly refused", "ans not sure", "citation failures")


def table(runs: Sequence[SetRun]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    for run in runs:
        if run.skipped:
            lines.append(f"| {run.name} | skipped: {run.skipped} |" + " |" * (len(HEADER) - 2))
            continue
        for row in run.rows:
            ans = row.answerable or None
            un = row.unanswerable or None
            cells = [
                row.name, f"{row.questions} ({row.answerable} + {row.unanswerable})",
                _rate(row.top1, ans), _rate(row.top5, ans), _rate(row.mrr, ans),
                _rate(row.reference_top1, ans) if row.reference_top1 is not None else "—",
                f"{row.refused}/{row.unanswerable}" if un else "—",
                f"{row.unsure_unanswerable}/{row.unanswerable}" if un else "—",
                f"{row.wrongly_refused}/{row.answerable}" if ans else "—",
                f"{row.unsure_answerable}/{row.answerable}" if ans else "—",
                str(row.citation_failures),
            ]
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _rate(value: float, count: int | None) -> str:
    return f"{value:.3f}" if count else "—"


def timing_table(runs: Sequence[SetRun]) -> str:
    lines = ["| set | store | articles | sentences | timings (s) |", "|---|---|---|---|---|"]
    for run in runs:
        if run.skipped:
            continue
        parts = ", ".join(f"{k} {v:.1f}" for k, v in run.timings.items())
        how = "built" if run.store.get("built") else "reused"
        lines.append(f"| {run.name} | {how} | {run.store.get('articles')} | {run.store.get('sentences')} | {parts} |")
    return "\n".join(lines)


def _failure_json(result: ItemResult) -> dict:
    return {
        "id": result.item.id, "question": result.item.question, "gold": list(result.item.answers),
        "source": result.item.source, "no_answer": result.item.no_answer, "outcome": str(result.outcome),
        "rank": result.rank, "kind": result.kind(), "diagnosis": result.diagnosis(),
        "top": None if result.top is None else {"source": result.top.source, "text": result.top.text},
        "reference_top": None if result.reference_top is None else {
            "source": result.reference_top.source, "text": result.reference_top.text},
    }


def failure_listing(run: SetRun) -> str:
    kinds = ", ".join(f"{kind} {n}" for kind, n in failure_counts(run.results).items())
    out = [f"## {run.name}: {sum(r.failed for r in run.results)} failures ({kinds})"]
    for r in run.results:
        if not r.failed:
            continue
        out.append(f"- {r.item.id} [{r.item.source}] {r.item.question}")
        out.append(f"    gold {list(r.item.answers)}; outcome {r.outcome}; {r.diagnosis()}")
        if r.top is not None:
            where = "same article" if r.top.source == r.item.source else r.top.source
            out.append(f"    top-1 ({where}): {_clip(r.top.text)}")
        if r.reference_top is not None and r.reference_right:
            out.append(f"    plain BM25 top-1: {_clip(r.reference_top.text)}")
    return "\n".join(out)


def _clip(text: str, width: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.blind", description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default=",".join(SETS), help=f"comma-separated, from {','.join(SETS)} (default all)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of the tables")
    parser.add_argument("--verbose", action="store_true", help="also list every failed question with a diagnosis")
    parser.add_argument("--workdir", type=Path, default=Path(os.environ.get("QABOT_BLIND_DIR", DEFAULT_WORKDIR)),
                        help="where the stores are kept (default data/bench/blind, or $QABOT_BLIND_DIR)")
    parser.add_argument("--rebuild", action="store_true", help="ingest every store afresh even when unchanged")
    parser.add_argument("--no-reference", action="store_true", help="leave out the plain-BM25 column")
    args = parser.parse_args(argv)
    names = [n.strip() for n in args.sets.split(",") if n.strip()]
    unknown = [n for n in names if n not in SETS]
    if unknown or not names:
        parser.error(f"--sets {args.sets!r}: unknown set(s) {unknown}; choose from {','.join(SETS)}")
    runs = [run_set(SETS[n], args.workdir, rebuild=args.rebuild, reference=not args.no_reference) for n in names]
    if args.json:
        print(json.dumps({"reference_tokens": REFERENCE_TOKENS,
                          "sets": [r.to_json(verbose=args.verbose) for r in runs]}, indent=1))
        return 0
    print(table(runs))
    print()
    print(timing_table(runs))
    for run in runs:
        for warning in run.warnings:
            print(f"warning ({run.name}): {warning}")
    if args.verbose:
        for run in runs:
            if not run.skipped:
                print()
                print(failure_listing(run))
    return 0


if __name__ == "__main__":
    sys.exit(main())
