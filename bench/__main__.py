"""`python -m bench [--size N ...]`: the retrieval targets of issue 3, measured against peers.

For each size: generate article files (fixed seed, see bench/corpus.py), ingest them through the
real `qabot ingest` subprocess, then measure queries, a 1,000-sentence batch, cold start and
resident memory, each next to its peer, and print one table: measure, ours, peer, ratio, target.
Default sizes 10k and 100k; `--size 1000000` is the large run (many minutes; the peer alone
needs a few GB). Generated files and stores live under --workdir and are reused across runs.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import rank_bm25

from bench import corpus as gen
from retrieval.corpus.store import Store
from retrieval.index.analyzer import Analyzer
from retrieval.index.bm25 import DEFAULT_PARAMS
from retrieval.index.retriever import Retriever
from retrieval.service import QAService

PROJECT_ROOT = Path(__file__).resolve().parent.parent
BATCH_SENTENCES = 1_000


@dataclass
class Row:
    measure: str
    ours: float
    peer: float | None
    unit: str
    target: str = ""
    higher_is_better: bool = False

    def cells(self) -> list[str]:
        fmt = (lambda v: f"{v:.3f} {self.unit}") if self.unit == "ms" else (lambda v: f"{v:.2f} {self.unit}")
        ratio = ""
        if self.peer is not None and self.ours > 0:
            ratio = f"{self.peer / self.ours:.1f}×"
        return [self.measure, fmt(self.ours), fmt(self.peer) if self.peer is not None else "—", ratio or "—", self.target or "—"]


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def prepare(size: int, workdir: Path) -> tuple[Path, Path, list[str]]:
    """Article files for `size` sentences and a 1,000-sentence batch, made once per size."""
    base = workdir / f"n{size}"
    marker = base / "generated.json"
    vocab = gen.vocabulary()
    questions = gen.queries(300, vocab)
    articles, batch = base / "articles", base / "batch"
    stamp = {"seed": gen.SEED, "size": size, "format": 1}
    if marker.exists() and json.loads(marker.read_text()) == stamp:
        return articles, batch, questions
    shutil.rmtree(base, ignore_errors=True)
    log(f"generating {size:,} sentences")
    texts = gen.sentences(size, vocab)
    gen.write_articles(articles, texts)
    gen.write_articles(batch, gen.sentences(BATCH_SENTENCES, vocab, seed=gen.SEED + size + 7), prefix="batch")
    marker.write_text(json.dumps(stamp))
    return articles, batch, questions


def run_cli(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "QABOT_LOG_LEVEL": "WARNING"}
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True)


def probe(mode: str, store: Path, questions: list[str]) -> dict:
    done = subprocess.run([sys.executable, "-m", "bench.probes", mode, str(store), *questions],
                          cwd=PROJECT_ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"probe {mode} failed: {done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def percentile_ms(times: list[float], q: float) -> float:
    return float(np.percentile(np.array(times) * 1000, q))


def bench_size(size: int, workdir: Path) -> list[Row]:
    articles, batch, questions = prepare(size, workdir)
    store_path = workdir / f"n{size}" / "store.sqlite3"
    for p in (store_path, Path(f"{store_path}-wal"), Path(f"{store_path}-shm")):
        p.unlink(missing_ok=True)
    shutil.rmtree(f"{store_path}.index", ignore_errors=True)
    big = size >= 1_000_000
    label = f"{size // 1000}k" if size < 1_000_000 else f"{size // 1_000_000}M"
    rows: list[Row] = []

    log(f"{label}: qabot ingest of {len(list(articles.iterdir())):,} files")
    t0 = time.perf_counter()
    done = run_cli("--store", str(store_path), "ingest", str(articles), "--json")
    ingest_s = time.perf_counter() - t0
    if done.returncode != 0:
        raise RuntimeError(f"qabot ingest failed ({done.returncode}): {done.stderr[-2000:]}")
    stored = json.loads(done.stdout)["store"]["sentences"]
    rows.append(Row(f"ingest {stored:,} sentences via `qabot ingest` ({label})", ingest_s, None, "s",
                    "≤ 90 s" if big else ""))

    # -- queries -----------------------------------------------------------------------------
    analyzer = Analyzer()
    store = Store.open(store_path, create=False)
    retriever = Retriever.open(store, analyzer)
    term_lists = [analyzer.terms(q) for q in questions]
    index = retriever._snap.index  # the bench measures the core as well as the public call
    for terms in term_lists[:20]:
        index.top(terms, 10)
    core, full = [], []
    for terms in term_lists:
        t = time.perf_counter()
        index.top(terms, 10)
        core.append(time.perf_counter() - t)
        t = time.perf_counter()
        retriever.search_terms(terms, 10)
        full.append(time.perf_counter() - t)
    log(f"{label}: peer rank_bm25 {DEFAULT_PARAMS.oracle_class} build")
    corpus = [analyzer.terms(text) for _, text in store.sentence_texts()]
    peer_bm25 = getattr(rank_bm25, DEFAULT_PARAMS.oracle_class)(corpus, **DEFAULT_PARAMS.oracle_kwargs())
    del corpus
    peer = []
    for terms in term_lists[: (10 if big else 30)]:
        t = time.perf_counter()
        scores = peer_bm25.get_scores(terms)
        np.argsort(scores)[::-1][:10]
        peer.append(time.perf_counter() - t)
    del peer_bm25
    p50_target = "≤ 1 ms, ≥ 100× peer" if size == 100_000 else ("≤ 3 ms" if big else "")
    rows.append(Row(f"query top-10 p50, index ({label})", percentile_ms(core, 50), percentile_ms(peer, 50), "ms", p50_target))
    rows.append(Row(f"query top-10 p99, index ({label})", percentile_ms(core, 99), percentile_ms(peer, 99), "ms", "≤ 15 ms" if big else ""))
    rows.append(Row(f"query top-10 p50, hits with sentences ({label})", percentile_ms(full, 50), percentile_ms(peer, 50), "ms"))
    retriever.close()
    store.close()

    # -- cold start and memory (fresh processes) ---------------------------------------------
    log(f"{label}: cold start and memory probes")
    cold = min(probe("cold", store_path, questions[:1])["seconds"] for _ in range(2))
    cold_peer = probe("cold-peer", store_path, questions[:1])["seconds"]
    rows.append(Row(f"cold start: open store -> first answer ({label})", cold, cold_peer, "s", "≤ 2 s" if big else ""))
    rss = probe("rss", store_path, questions[:20])["rss_mb"]
    rss_peer = probe("rss-peer", store_path, questions[:1])["rss_mb"]
    rows.append(Row(f"resident memory while serving ({label}; peer BM25Okapi)", rss, rss_peer, "MB", "≤ 600 MB" if big else ""))

    # -- a 1,000-sentence batch into the running service ---------------------------------------
    log(f"{label}: add a {BATCH_SENTENCES:,}-sentence batch")
    service = QAService.open(store_path)
    probe_text = (batch / "batch000000.txt").read_text(encoding="utf-8").split("\n")[2]
    seen_at: list[float] = []

    def watch() -> None:
        # a client asking over and over: when does the first answer from the batch appear?
        while time.perf_counter() - t0 < 600:
            hits = service._retriever.search(probe_text, 1)
            if hits and hits[0].sentence.source.startswith("batch"):
                seen_at.append(time.perf_counter())
                return
            time.sleep(0.01)

    t0 = time.perf_counter()
    watcher = threading.Thread(target=watch)
    watcher.start()
    report = service.ingest([batch])
    ingest_returned = time.perf_counter() - t0
    watcher.join()
    if not report.ok or not seen_at:
        raise RuntimeError(f"the new batch is not answerable: {report}")
    add_s = seen_at[0] - t0
    log(f"{label}: batch seen after {add_s:.2f} s; ingest returned (index saved) after {ingest_returned:.2f} s")
    service.close()
    store = Store.open(store_path, create=False)
    t0 = time.perf_counter()
    Retriever.open(store, Analyzer(), persist=False)
    rebuild_s = time.perf_counter() - t0
    store.close()
    rows.append(Row(f"add {report.sentences_added:,}-sentence batch until queries see it ({label}; peer: rebuild)",
                    add_s, rebuild_s, "s", "≤ 3 s" if big else ""))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, action="append", help="sentences (repeatable); default 10000 and 100000")
    parser.add_argument("--workdir", type=Path, default=Path(os.environ.get("QABOT_BENCH_DIR", "/tmp/qabot-bench")),
                        help="where generated files and stores go (default /tmp/qabot-bench)")
    args = parser.parse_args(argv)
    sizes = args.size or [10_000, 100_000]
    if any(s < 1000 for s in sizes):
        parser.error(f"--size must be at least 1000; got {min(sizes)}")
    args.workdir.mkdir(parents=True, exist_ok=True)
    rows: list[Row] = []
    for size in sizes:
        rows.extend(bench_size(size, args.workdir))
    header = ["measure", "ours", "peer", "ratio (peer/ours)", "target"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(row.cells()) + " |")
    print(f"\n{os.cpu_count()} CPUs; load average at the end {os.getloadavg()[0]:.1f} (other work on the machine inflates times)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
