"""`qabot ingest`, `qabot sources` and `qabot check`: add a batch of article files, list what the store
holds, verify the saved index.

File names and titles come from the user's files, so they may hold terminal escapes: the text
output shows them through `printable` (control characters become spaces), and the JSON output
escapes the control characters JSON itself leaves raw (DEL, C1, bidirectional overrides), so
the values read back are unchanged.
"""
from __future__ import annotations

import argparse
import shutil
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from bot.console.render import json_text, printable
from bot.settings import Settings
from bot.wiring import open_service
from retrieval import ArticleInfo, IngestReport


def run_ingest(args: argparse.Namespace, settings: Settings) -> int:
    """One batch: every accepted file lands together or not at all. Exit 1 when any was rejected, or when the
    paths held no article at all (nothing added, replaced or already stored: an empty folder, a folder of PDFs)."""
    path = settings.store_path
    before = set(_store_files(path))
    new_store = path not in before and not settings.store_is_default
    with open_service(settings, create_explicit=True) as service:
        progress, finish = _progress_bar(enabled=not args.json and sys.stderr.isatty())
        try:
            report = service.ingest(list(args.paths), replace=args.replace, progress=progress)
        finally:
            finish()
        stats = service.stats()
    removed = new_store and stats.articles == 0
    if removed:
        # A first batch that wrote nothing (every file rejected) leaves no empty store behind: the next try with
        # fixed files starts as this one did, and a typo'd --store path is not silently made a store.
        for made in set(_store_files(path)) - before:
            if made.is_dir():
                shutil.rmtree(made)
            else:
                made.unlink(missing_ok=True)
    if args.json:
        print(json_text(_report_json(report, stats.articles, stats.sentences), indent=2))
    else:
        print(ingest_summary(report, stats.articles, stats.sentences, store_removed=path if removed else None))
    return 0 if report.ok else 1


def _store_files(path: Path) -> list[Path]:
    """The store's file and those named after it (its index, lexicon, SQLite journal files)."""
    if not path.parent.is_dir():
        return []
    return [p for p in path.parent.iterdir() if p == path or p.name.startswith((f"{path.name}.", f"{path.name}-"))]


def run_sources(args: argparse.Namespace, settings: Settings) -> int:
    with open_service(settings) as service:
        articles = service.sources()
    if args.json:
        print(json_text([_article_json(a) for a in articles], indent=2))
    elif not articles:
        print("The store is empty; add articles with `qabot ingest PATH...`.")
    else:
        # A terminal gets lines that fit it (the long URL column is cut); a pipe gets them whole.
        width = shutil.get_terminal_size().columns if sys.stdout.isatty() else None
        print(_sources_table(articles, max_width=width))
    return 0


def run_check(args: argparse.Namespace, settings: Settings) -> int:
    """Every byte of the saved index against its manifest; exit 1 when anything was wrong."""
    with open_service(settings) as service:
        problems = service.check_index(repair=not args.no_repair)
        stats = service.stats()
    if not problems:
        print(f"The index is sound ({stats.sentences:,} sentences, batch {stats.batch}).")
        return 0
    for problem in problems:
        print(problem)
    print("The index was rebuilt from the store." if not args.no_repair else "Run `qabot check` without --no-repair to rebuild it.")
    return 1


# -- rendering ------------------------------------------------------------------------------


def _report_json(report: IngestReport, articles: int, sentences: int) -> dict:
    return {**report.to_json(), "store": {"articles": articles, "sentences": sentences}}


def _count(n: int, noun: str) -> str:
    """"1 article", "2 articles", "0 sentences"."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def ingest_summary(report: IngestReport, articles: int, sentences: int, *, store_removed: Path | None = None) -> str:
    """The plain-text summary of one batch (also shown by the console's :ingest); `store_removed`: the new store a
    batch that wrote nothing did not keep."""
    batch = f"batch {report.batch}" if report.batch is not None else "nothing written"
    holds = (f"No store was created at {printable(str(store_removed))}." if store_removed is not None
             else f"The store now holds {_count(articles, 'article')}, {_count(sentences, 'sentence')}.")
    lines = [
        f"{batch}: {len(report.added)} added, {len(report.skipped)} skipped (already stored), "
        f"{len(report.replaced)} replaced, {len(report.rejected)} rejected; "
        f"{_count(report.sentences_added, 'sentence')} added. {holds}"
    ]
    lines.extend(_skipped_lines(report))
    if report.rejected:
        lines.append("Rejected:")
        lines.extend(f"  {printable(r.shown())}: {printable(r.reason)}" for r in report.rejected)
    lines.extend(printable(note[:1].upper() + note[1:]) + "." for note in report.notes())
    return "\n".join(lines)


def _skipped_lines(report: IngestReport, shown: int = 5) -> list[str]:
    """A line per file skipped as a duplicate of another article; files stored unchanged under their own name
    (a batch ingested again) in one line."""
    unchanged = [d.source for d in report.duplicates if d.source == d.of and d.exact]
    others = [d for d in report.duplicates if not (d.source == d.of and d.exact)]
    if not unchanged and not others:
        return []
    lines = ["Skipped:"]
    lines.extend(f"  {printable(d.source)}: {printable(d.reason)}" for d in others)
    if unchanged:
        names = ", ".join(printable(n) for n in unchanged[:shown])
        more = f", … ({len(unchanged) - shown} more)" if len(unchanged) > shown else ""
        lines.append(f"  {len(unchanged)} already stored unchanged (same name, same text): {names}{more}")
    return lines


def _article_json(a: ArticleInfo) -> dict:
    return {
        "source": a.source,
        "title": a.title,
        "date": a.date,
        "byline": a.byline,
        "site": a.site,
        "url": a.url,
        "sentences": a.sentence_count,
        "batch": a.batch,
        "ingested_at": a.ingested_at,
    }


def _sources_table(
    articles: Sequence[ArticleInfo], title_width: int = 60, site_width: int = 24, max_width: int | None = None
) -> str:
    header = ("SOURCE", "TITLE", "SITE", "DATE", "SENTENCES", "BATCH", "URL")  # the URL last: it is long
    rows = [
        (printable(a.source), printable(a.title, title_width), printable(a.site or "-", site_width), printable(a.date or "-"),
         str(a.sentence_count), str(a.batch), printable(a.url or "-"))
        for a in articles
    ]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    right = {4, 5}  # numbers align right

    def line(row: Sequence[str]) -> str:
        cells = [c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths))]
        text = "  ".join(cells).rstrip()
        return text if max_width is None or len(text) <= max_width else text[: max(max_width - 1, 1)] + "…"

    return "\n".join([line(header), *(line(r) for r in rows)])


def _progress_bar(*, enabled: bool) -> tuple[Callable[[int, int], None] | None, Callable[[], None]]:
    """A tqdm bar on stderr that appears only when the batch runs longer than a second."""
    if not enabled:
        return None, lambda: None
    from tqdm import tqdm

    bar: list[tqdm] = []

    def progress(done: int, total: int) -> None:
        if not bar:
            bar.append(tqdm(total=total, unit="file", desc="parsing", delay=1, file=sys.stderr, leave=False))
        bar[0].update(done - bar[0].n)

    def finish() -> None:
        if bar:
            bar[0].close()

    return progress, finish
