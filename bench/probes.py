"""Measurements that need a fresh process (cold start, resident memory); run by bench/__main__.py.

`python -m bench.probes MODE STORE QUESTION...` prints one JSON line:
- cold:       open the store with QAService (saved index) -> first answer; seconds
- cold-peer:  open the store and rebuild the index from its sentences -> first hits; seconds
- rss:        QAService serving: answer every question, then resident memory (VmRSS, MB)
- rss-peer:   rank_bm25.BM25Okapi over the same sentences, one query, then VmRSS (MB)
- ask:        QAService.ask over every question, once the compiled first stage has loaded (after 10
              warm-ups; steady state, what every question after the first second sees): p50/p99 ms,
              VmRSS, and a profile of the same questions split by the functions that take the time
- ask-start:  the same straight after open and the 10 warm-ups, while the kernel loads in the
              background (a service started and asked without a pause)
Times start after the imports (interpreter start-up is the same for both sides).
"""
from __future__ import annotations

import gc
import json
import sys
import time
from pathlib import Path


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status (Linux only)")


def main(argv: list[str]) -> dict:
    mode, store_path, questions = argv[0], Path(argv[1]), argv[2:]
    import rank_bm25

    from retrieval.corpus.store import Store
    from retrieval.index.analyzer import Analyzer
    from retrieval.index.retriever import Retriever
    from retrieval.service import QAService

    if mode == "cold":
        t0 = time.perf_counter()
        service = QAService.open(store_path)
        answer = service.ask(questions[0])
        return {"seconds": time.perf_counter() - t0, "answers": len(answer.answers)}
    if mode == "cold-peer":
        t0 = time.perf_counter()
        store = Store.open(store_path, create=False)
        retriever = Retriever.open(store, Analyzer(), persist=False)
        hits = retriever.search(questions[0], 10)
        return {"seconds": time.perf_counter() - t0, "answers": len(hits)}
    if mode == "rss":
        service = QAService.open(store_path)
        for q in questions:
            service.ask(q)
        gc.collect()
        return {"rss_mb": _rss_mb()}
    if mode == "rss-peer":
        analyzer = Analyzer()
        store = Store.open(store_path, create=False)
        corpus = [analyzer.terms(text) for _, text in store.sentence_texts()]
        bm25 = rank_bm25.BM25Okapi(corpus)
        del corpus
        analyzer = Analyzer()  # drop the analysis caches: the peer keeps only its index
        gc.collect()
        bm25.get_scores(analyzer.terms(questions[0]))
        return {"rss_mb": _rss_mb()}
    if mode in ("ask", "ask-start"):
        return _ask(store_path, questions, steady=mode == "ask")
    raise SystemExit(f"unknown mode {mode!r}; use cold, cold-peer, rss, rss-peer, ask or ask-start")


def _ask(store_path: Path, questions: list[str], *, steady: bool) -> dict:
    import cProfile
    import pstats

    import numpy as np

    from retrieval.index.compiled import FIRST_STAGE
    from retrieval.service import QAService

    service = QAService.open(store_path)
    for q in questions[:10]:
        service.ask(q)
    if steady:  # the compiled first stage loaded, the index prepared for it, the collector settled
        FIRST_STAGE.wait(timeout=60.0)
        for q in questions[:10]:  # each index is prepared for the kernel in the background at its first query
            service.ask(q)
            time.sleep(0.05)
        time.sleep(1.0)
        service.ask(questions[0])
    times = []
    for q in questions:
        t0 = time.perf_counter()
        service.ask(q)
        times.append(time.perf_counter() - t0)
    ms = np.array(times) * 1000
    rss = _rss_mb()
    profile = cProfile.Profile()
    profile.enable()
    for q in questions:
        service.ask(q)
    profile.disable()
    stats = pstats.Stats(profile)
    total = sum(tt for (_, _, tt, _, _) in stats.stats.values())  # type: ignore[attr-defined]
    # cumulative time of the answer path's own functions (retrieval/), biggest first
    split = []
    for (path, _line, name), (_, _, _, ct, _) in stats.stats.items():  # type: ignore[attr-defined]
        if "/retrieval/" in path and name not in ("answer", "ask"):
            split.append((ct / total, f"{path.split('/retrieval/')[-1]}:{name}"))
    split.sort(reverse=True)
    return {"p50_ms": float(np.percentile(ms, 50)), "p99_ms": float(np.percentile(ms, 99)), "rss_mb": rss,
            "first_stage": "compiled" if FIRST_STAGE.ready else f"numpy ({FIRST_STAGE.failed or 'not loaded'})",
            "profile": [[round(share, 3), where] for share, where in split[:14]]}


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1:])))
