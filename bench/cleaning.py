"""`python -m bench.cleaning`: precision and recall of furniture cleaning against blind hand labels.

Reads the scraped pages (`../shared/corpora/scraped_pages_2023/`) and the labels
(`furniture_labels.jsonl`: per page, 1-based `str.splitlines()` line numbers labelled `body` or
`furniture`, with `sha1` checks of the stripped lines) by path; skips, saying why, when either is
absent. All 230 pages are cleaned as ONE batch, exactly as `qabot ingest FOLDER` would (so rules that
look across the articles of a batch see the whole folder); only the labelled pages are scored.

A line is *in the body* when any stored body sentence overlaps it, *in the caption tier* when only caption
sentences (stored apart, answering only when no body sentence does) overlap it; a page rejected by the cleaner
keeps nothing.
- furniture out of the body (recall): labelled furniture lines not in the body / labelled furniture lines, and
  how many of those the caption tier keeps;
- precision: labelled furniture lines not in the body / labelled lines not in the body;
- body sentences lost: sentences of labelled body lines (split by `retrieval.corpus.sentences`) that no stored
  body sentence overlaps / all such sentences, and how many of those the caption tier still holds;
- when the labels mark captions (a `captions` or `caption` list of line numbers, besides `body` and
  `furniture`): labelled captions in the caption tier, in the body, and gone.
`--captions-furniture` drops captions whole (no tier); `--captions-body` keeps them as body (before the tier).
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
    furniture_out: int  # not in the body
    body_lines: int
    body_lines_out: int
    body_sentences: int
    body_sentences_lost: int  # not in the body
    rejected: str | None
    furniture_in_tier: int = 0  # of furniture_out, kept in the caption tier
    body_sentences_in_tier: int = 0  # of body_sentences_lost, kept in the caption tier
    captions: int = 0  # lines the labels mark as captions
    captions_in_tier: int = 0
    captions_in_body: int = 0


def clean_batch(files: list[BatchFile], captions_are_furniture: bool = True,
                caption_tier: bool = True) -> list[ParsedArticle | str]:
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
    try:
        params = FurnitureParams(captions_are_furniture=captions_are_furniture, caption_tier=caption_tier)
    except TypeError:  # the code before the caption tier
        params = FurnitureParams(captions_are_furniture=captions_are_furniture)
    return list(parse_files(files, workers=1, params=params))


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
    sentences_kept = [] if isinstance(result, str) else result.sentences
    spans = [(s.start, s.end) for s in sentences_kept if not getattr(s, "caption", False)]
    tier = [(s.start, s.end) for s in sentences_kept if getattr(s, "caption", False)]
    if isinstance(result, ParsedArticle) and result.raw != raw and len(result.raw) != len(raw):
        # The stored text differs from the file inside lines only (HTML character references stored as the characters
        # they stand for, "&#8212;" -> "—"): the labels' lines are the stored text's lines, scored there. (Hard-wrapped
        # lines joined keep their length: the file's lines are scored at the same offsets.)
        stored = result.raw.splitlines(keepends=True)
        if len(stored) != len(lines):
            raise SystemExit(f"{label['file']}: the stored text is not the file's text; line labels cannot be scored")
        raw, lines = result.raw, stored
        starts = [0]
        for line in lines:
            starts.append(starts[-1] + len(line))

    def kept(s: int, e: int, where: list[tuple[int, int]] = spans) -> bool:
        return any(a < e and s < b for a, b in where)

    def line_kept(n: int, where: list[tuple[int, int]] = spans) -> bool:
        return kept(starts[n - 1], starts[n], where)

    furniture = label["furniture"]
    body = label["body"]
    captions = label.get("captions", label.get("caption", []))
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
        furniture_in_tier=sum(not line_kept(n) and line_kept(n, tier) for n in furniture),
        body_sentences_in_tier=sum(not kept(s, e) and kept(s, e, tier) for s, e in sentences),
        captions=len(captions),
        captions_in_tier=sum(not line_kept(n) and line_kept(n, tier) for n in captions),
        captions_in_body=sum(line_kept(n) for n in captions),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=Path, help="furniture_labels.jsonl (default: eval/, then ../blindsets/eval/)")
    parser.add_argument("--pages", type=Path, default=PAGES)
    parser.add_argument("--per-page", action="store_true", help="one row of counts per labelled page")
    parser.add_argument("--captions-furniture", action="store_true",
                        help="drop photo captions whole, no caption tier (FurnitureParams.caption_tier=False)")
    parser.add_argument("--captions-body", action="store_true",
                        help="keep photo captions as body, as before the caption tier (FurnitureParams.captions_are_furniture=False)")
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
    results = dict(zip((f.source for f in files), clean_batch(files, not args.captions_body, not args.captions_furniture)))
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
    in_tier = sum(s.furniture_in_tier for s in scores)
    lost_in_tier = sum(s.body_sentences_in_tier for s in scores)
    mode = ("body (--captions-body)" if args.captions_body else "dropped whole (--captions-furniture)" if args.captions_furniture
            else "kept apart, in the caption tier (the default)")
    print(f"captions are {mode}")
    print(f"labels: {labels_path} ({len(scores)} pages, {furn} furniture lines, {sum(s.body_lines for s in scores)} body lines)")
    print(f"furniture lines out of the body (recall): {furn_out}/{furn} = {furn_out / max(furn, 1):.1%}   (goal >= 95%)")
    print(f"  of which kept in the caption tier:      {in_tier}")
    print(f"precision of removal from the body:       {furn_out}/{removed} = {furn_out / max(removed, 1):.1%}")
    print(f"body lines out of the body:               {body_out}/{sum(s.body_lines for s in scores)}")
    print(f"body sentences lost from the body:        {lost}/{sents} = {lost / max(sents, 1):.1%}   (goal <= 1%)")
    print(f"  of which kept in the caption tier:      {lost_in_tier}")
    caps = sum(s.captions for s in scores)
    if caps:
        caps_tier = sum(s.captions_in_tier for s in scores)
        caps_body = sum(s.captions_in_body for s in scores)
        print(f"labelled captions: {caps}; in the caption tier {caps_tier} = {caps_tier / caps:.1%}, "
              f"in the body {caps_body}, gone {caps - caps_tier - caps_body}")
    print(f"pages rejected:                           {sum(s.rejected is not None for s in scores)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
