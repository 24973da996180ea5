"""`python -m bench.lexicon [--size N ...]`: what the store's lexicon (retrieval/index/lexicon.py) costs.

For each size: generated articles (bench/corpus.py, fixed seed) are stored through the real ingest
(store only, no index), then measured: the first build (one pass over every sentence), opening
from the saved file (what every later start pays), catching up after a 1,000-sentence batch, the
file's size and the words counted. Also the seeds. Wall-clock on the shared machine, with this
process's CPU time in brackets (other load on the machine inflates the wall-clock).
"""
from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from bench import corpus as gen
from retrieval.answering.spelling import QuestionReader
from retrieval.corpus.ingest import ingest_paths
from retrieval.corpus.store import Store
from retrieval.index.analyzer import Analyzer
from retrieval.index.lexicon import Lexicon, lexicon_path
from retrieval.records import IngestLimits

PROJECT_ROOT = Path(__file__).resolve().parent.parent
BATCH = 1_000


def measure(label: str, folders: list[Path], extra: Path | None, work: Path) -> str:
    store_path = work / f"{label}.sqlite3"
    with Store.open(store_path, create=True) as store:
        report = ingest_paths(store, folders, limits=IngestLimits(), replace=False)
        sentences = store.stats().sentences
        t, c = time.perf_counter(), time.process_time()
        lexicon = Lexicon.open(store)
        build, build_cpu = time.perf_counter() - t, time.process_time() - c
        t, c = time.perf_counter(), time.process_time()
        again = Lexicon.open(store)
        load, load_cpu = time.perf_counter() - t, time.process_time() - c
        assert again.version == lexicon.version
        catch_up = catch_up_cpu = float("nan")
        if extra is not None:
            ingest_paths(store, [extra], limits=IngestLimits(), replace=False)
            t, c = time.perf_counter(), time.process_time()
            again.catch_up()
            catch_up, catch_up_cpu = time.perf_counter() - t, time.process_time() - c
        size = lexicon_path(store_path).stat().st_size
        # One misspelt stored word (two letters swapped), corrected against this store's words.
        reader = QuestionReader(again, lambda w: w.lower() in again, Analyzer().is_stop_word)
        typo = _mid_frequency_typo(again)
        reader.read("what did zqxwv say")  # first use: loads the English list, groups the words by length
        t = time.perf_counter()
        read = reader.read(f"what did {typo} say")
        correct_ms = (time.perf_counter() - t) * 1000
        corrected = f"{typo}->{read.corrections[0].read_as}" if read.corrections else f"{typo} (none)"
    words = len(again.words())
    del report
    return (f"| {label} | {sentences:,} | {build:.2f} s ({build_cpu:.2f} s) | {load * 1000:.0f} ms "
            f"({load_cpu * 1000:.0f} ms) | {catch_up * 1000:.0f} ms ({catch_up_cpu * 1000:.0f} ms) "
            f"| {size / 1e6:.1f} MB | {words:,} | {correct_ms:.1f} ms ({corrected}) |")


def _mid_frequency_typo(lexicon: Lexicon) -> str:
    """A word of 8+ letters from the middle of the frequency ranking, two inner letters swapped."""
    words = sorted((w for w in lexicon.words() if len(w) >= 8 and w.isalpha()), key=lambda w: (-lexicon.count(w), w))
    word = words[len(words) // 2] if words else "sullivan"
    return word[:2] + word[3] + word[2] + word[4:]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, action="append", help="sentences (default 10000 and 100000)")
    args = parser.parse_args(argv)
    sizes = args.size or [10_000, 100_000]
    vocabulary = gen.vocabulary()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        extra = work / "batch"
        gen.write_articles(extra, gen.sentences(BATCH, vocabulary, seed=gen.SEED + 99), prefix="extra")
        rows.append(measure("seeds", [PROJECT_ROOT / "seeds"], extra, work))
        for size in sizes:
            folder = work / f"articles{size}"
            gen.write_articles(folder, gen.sentences(size, vocabulary))
            rows.append(measure(f"generated {size:,}", [folder], extra, work))
    print("| store | sentences | first build (full pass) | open from file | catch up +1,000 sentences "
          "| file | words | one correction, warm |")
    print("|---|---|---|---|---|---|---|---|")
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
