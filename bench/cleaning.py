"""`python -m bench.cleaning`: precision and recall of furniture cleaning against blind hand labels.

Reads the scraped pages (`../shared/corpora/scraped_pages_2023/`) and the labels
(`furniture_labels.jsonl`: per page, 1-based `str.splitlines()` line numbers labelled `body` or
`furniture`, with `sha1` checks of the stripped lines) by path; skips, saying why, when either is
absent. All 230 pages are cleaned as ONE batch, exactly as `qabot ingest FOLDER` would (so rules that
look across the articles of a batch see the whole folder); only the labelled pages are scored.

A line is *kept* when any stored sentence overlaps it; a page rejected by the cleaner keeps nothing.
- furniture out (recall): labelled furniture lines not kept / labelled furniture lines;
- precision: labelled furniture lines not kept / labelled lines not kept;
- body sentences lost: sentences of labelled body lines (split by `retrieval.corpus.sentences`)
  that no stored sentence overlaps / all such sentences.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from dataclasses import dataclass
from pathlib import Path

from retrieval.corpus.sentences import split_sentences
from retrieval.records import BatchFile, ParsedArticle

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PAGES = PROJECT_ROOT.parent / "shared" / "corpora" / "scraped_pages_2023"
# The labels were written by a labeller who never saw the cleaner's output (eval/furniture_labels.md).
LABEL_CANDIDATES = (
    PROJECT_ROOT / "eval" / "furniture_labels.jsonl",
    PROJECT_ROOT.parent / "blindsets" / "eval" / "furniture_labels.jsonl",
)
SHA1_CHARS = 8


@dataclass(frozen=True)
class PageScore:
    file: str
    furniture: int
    furniture_out: int
    body_lines: int
    body_lines_out: int
    body_sentences: int
    body_sentences_lost: int
    rejected: str | None


def clean_batch(files: list[BatchFile], captions_are_furniture: bool = False) -> list[ParsedArticle | str]:
    """The cleaner as ingest runs it: the batch-aware path when this checkout has one."""
    try:
        from retrieval.corpus.furniture import FurnitureParams  # type: ignore[attr-defined, unused-ignore]
        from retrieval.corpus.ingest import parse_files  # type: ignore[attr-defined, unused-ignore]
    except ImportError:  # the code before batch-level rules: one article at a time
        from retrieval.corpus.articles import parse_article
        from retrieval.errors import ArticleError

        out: list[ParsedArticle | str] = []
        for f in files:
            try:
                out.append(parse_article(f.source, f.raw))
            except ArticleError as exc:
                out.append(str(exc))
        return out
    return list(parse_files(files, workers=1, params=FurnitureParams(captions_are_furniture=captions_are_furniture)))


def score_page(label: dict, raw: str, result: ParsedArticle | str) -> PageScore:
    lines = raw.splitlines(keepends=True)
    if len(lines) != label["lines"]:
        raise SystemExit(f"{label['file']}: {len(lines)} lines, the labels say {label['lines']}: corpus or labels changed")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    for n, digest in label.get("sha1", {}).items():
        got = hashlib.sha1(lines[int(n) - 1].strip().encode("utf-8")).hexdigest()[:SHA1_CHARS]
        if got != digest:
            raise SystemExit(f"{label['file']}: line {n} does not match its label's sha1: corpus or labels changed")
    rejected = result if isinstance(result, str) else None
    spans = [] if isinstance(result, str) else [(s.start, s.end) for s in result.sentences]
    if isinstance(result, ParsedArticle) and result.raw != raw:
        raise SystemExit(f"{label['file']}: the stored text is not the file's text; line labels cannot be scored")

    def kept(s: int, e: int) -> bool:
        return any(a < e and s < b for a, b in spans)

    def line_kept(n: int) -> bool:
        return kept(starts[n - 1], starts[n])

    furniture = label["furniture"]
    body = label["body"]
    sentences = [span for n in body for span in split_sentences(raw, starts[n - 1], starts[n])]
    return PageScore(
        file=label["file"],
        furniture=len(furniture),
        furniture_out=sum(not line_kept(n) for n in furniture),
        body_lines=len(body),
        body_lines_out=sum(not line_kept(n) for n in body),
        body_sentences=len(sentences),
        body_sentences_lost=sum(not kept(s, e) for s, e in sentences),
        rejected=rejected,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=Path, help="furniture_labels.jsonl (default: eval/, then ../blindsets/eval/)")
    parser.add_argument("--pages", type=Path, default=PAGES)
    parser.add_argument("--per-page", action="store_true", help="one row of counts per labelled page")
    parser.add_argument("--captions-furniture", action="store_true",
                        help="drop photo captions whole (FurnitureParams.captions_are_furniture), as the labels count them")
    args = parser.parse_args(argv)
    labels_path = args.labels or next((p for p in LABEL_CANDIDATES if p.exists()), None)
    if labels_path is None or not labels_path.exists():
        print(f"skipped: no furniture labels ({' or '.join(map(str, LABEL_CANDIDATES))})")
        return 0
    if not args.pages.is_dir():
        print(f"skipped: the scraped pages are not in {args.pages} (data lives beside the checkout, never in it)")
        return 0
    labels = [json.loads(line) for line in labels_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    paths = sorted(args.pages.glob("*.txt"))
    files = [BatchFile(p.name, p.read_text(encoding="utf-8")) for p in paths]
    results = dict(zip((f.source for f in files), clean_batch(files, args.captions_furniture)))
    raws = {f.source: f.raw for f in files}
    scores = []
    for label in labels:
        if label["file"] not in raws:
            raise SystemExit(f"labelled page {label['file']} is not in {args.pages}")
        scores.append(score_page(label, raws[label["file"]], results[label["file"]]))
    if args.per_page:
        print(f"{'page':<12} {'furn':>5} {'out':>4} {'body':>5} {'out':>4} {'sents':>5} {'lost':>4}  rejected")
        for s in scores:
            print(f"{s.file[:12]:<12} {s.furniture:>5} {s.furniture_out:>4} {s.body_lines:>5} {s.body_lines_out:>4} "
                  f"{s.body_sentences:>5} {s.body_sentences_lost:>4}  {s.rejected or ''}")
    furn = sum(s.furniture for s in scores)
    furn_out = sum(s.furniture_out for s in scores)
    body_out = sum(s.body_lines_out for s in scores)
    sents = sum(s.body_sentences for s in scores)
    lost = sum(s.body_sentences_lost for s in scores)
    removed = furn_out + body_out
    print(f"captions are {'furniture' if args.captions_furniture else 'body (the default; --captions-furniture drops them)'}")
    print(f"labels: {labels_path} ({len(scores)} pages, {furn} furniture lines, {sum(s.body_lines for s in scores)} body lines)")
    print(f"furniture lines out (recall): {furn_out}/{furn} = {furn_out / max(furn, 1):.1%}   (goal >= 95%)")
    print(f"precision of removal:         {furn_out}/{removed} = {furn_out / max(removed, 1):.1%}")
    print(f"body lines lost:              {body_out}/{sum(s.body_lines for s in scores)}")
    print(f"body sentences lost:          {lost}/{sents} = {lost / max(sents, 1):.1%}   (goal <= 1%)")
    print(f"pages rejected:               {sum(s.rejected is not None for s in scores)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
