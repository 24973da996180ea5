"""One search engine per process, for side-by-side measurements (run by bench/__main__.py).

`python -m bench.engines ENGINE MODE WORKDIR` where ENGINE is qabot, tantivy, bm25s or fts5:
- build: index `WORKDIR/analysed.tsv` (one sentence a line: `id<TAB>term term ...`, already
  analysed by qabot's analyzer, so every engine indexes the same terms) into `WORKDIR/ENGINE/`;
  prints {"build_s", "disk_bytes", "peak_rss_mb"}. Reading the file is not timed.
- cold: open the saved index and answer the first query of `WORKDIR/queries.tsv`; prints
  {"open_first_s"} (imports are done before the clock starts, for every engine alike).
- serve: open the saved index, then answer queries named on stdin by their line number in
  queries.tsv, one reply line each: `<seconds> <id> <id> ...` (the top 10, best first); the
  line `rss` replies with VmRSS in MB, `quit` ends.

qabot here is the first stage alone (BM25Index.top on analysed terms), over the index the real
`qabot ingest` saved next to the store (`--store`). Its first query is answered by numpy while
the compiled kernel loads in the background: `cold` also reports when the kernel is ready and
its first query, and `serve` waits for it before answering the timed queries. Its build row times BM25Index.build + save
on the same analysed sentences the peers get. Peers: tantivy (Rust, BM25 over pre-split terms,
one writer thread), bm25s (BM25+ k1=1.2 b=0.5, numba backend), SQLite FTS5 (its bm25()).
"""
from __future__ import annotations

import json
import shutil
import sqlite3
import sys
import time
from pathlib import Path

K = 10


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status (Linux only)")


def peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def read_docs(work: Path) -> tuple[list[int], list[list[str]]]:
    sids: list[int] = []
    docs: list[list[str]] = []
    with open(work / "analysed.tsv", encoding="utf-8") as f:
        for line in f:
            sid, _, terms = line.rstrip("\n").partition("\t")
            sids.append(int(sid))
            docs.append(terms.split())
    return sids, docs


def read_queries(work: Path) -> list[list[str]]:
    return [line.rstrip("\n").split() for line in open(work / "queries.tsv", encoding="utf-8")]


def dir_bytes(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


# -- engines ---------------------------------------------------------------------------------
class Qabot:
    def __init__(self, work: Path, store: Path | None) -> None:
        self.work = work
        self.store = store

    def build(self, sids: list[int], docs: list[list[str]]) -> int:
        from retrieval.index import files
        from retrieval.index.bm25 import BM25Index
        from retrieval.records import StoreVersion

        out = self.work / "qabot"
        shutil.rmtree(out, ignore_errors=True)
        index = BM25Index.build(zip(sids, docs))
        files.save(out, index, files.IndexStamp(StoreVersion("bench", 1), "bench", index.params.stamp()))
        return _manifest_bytes(out)

    def open(self) -> None:
        from retrieval.index import files
        from retrieval.index.bm25 import DEFAULT_PARAMS
        from retrieval.index.retriever import index_home_of

        assert self.store is not None
        self.index = files.load(index_home_of(self.store), DEFAULT_PARAMS).index

    def disk_bytes(self) -> int:
        from retrieval.index.retriever import index_home_of

        assert self.store is not None
        return _manifest_bytes(index_home_of(self.store))

    def search(self, terms: list[str]) -> list[int]:
        return [int(s) for s in self.index.top(terms, K).sids]

    def wait_for_kernel(self) -> bool:
        """Until the compiled kernel answers (the first query started loading it; numpy answered)."""
        from retrieval.index.compiled import FIRST_STAGE

        return FIRST_STAGE.wait(self.index)


def _manifest_bytes(directory: Path) -> int:
    manifest = json.loads((directory / "manifest.json").read_text())
    return sum(int(f["bytes"]) for f in manifest["files"].values()) + (directory / "manifest.json").stat().st_size


class Tantivy:
    def __init__(self, work: Path) -> None:
        self.dir = work / "tantivy"

    def _schema(self):
        import tantivy

        sb = tantivy.SchemaBuilder()
        sb.add_integer_field("sid", stored=True, fast=True)
        sb.add_text_field("body", tokenizer_name="whitespace", index_option="freq")
        return sb.build()

    def build(self, sids: list[int], docs: list[list[str]]) -> int:
        import tantivy

        shutil.rmtree(self.dir, ignore_errors=True)
        self.dir.mkdir(parents=True)
        index = tantivy.Index(self._schema(), path=str(self.dir))
        writer = index.writer(heap_size=200_000_000, num_threads=1)
        for sid, terms in zip(sids, docs):
            writer.add_document(tantivy.Document(sid=sid, body=" ".join(terms)))
        writer.commit()
        writer.wait_merging_threads()
        return dir_bytes(self.dir)

    def open(self) -> None:
        import tantivy

        self.tv = tantivy
        self.index = tantivy.Index.open(str(self.dir))
        self.schema = self.index.schema
        self.searcher = self.index.searcher()

    def disk_bytes(self) -> int:
        return dir_bytes(self.dir)

    def search(self, terms: list[str]) -> list[int]:
        tv = self.tv
        q = tv.Query.boolean_query([(tv.Occur.Should, tv.Query.term_query(self.schema, "body", t)) for t in terms])
        hits = self.searcher.search(q, K).hits
        return [self.searcher.doc(addr)["sid"][0] for _, addr in hits]


class Bm25s:
    def __init__(self, work: Path) -> None:
        self.dir = work / "bm25s"

    def build(self, sids: list[int], docs: list[list[str]]) -> int:
        import bm25s

        shutil.rmtree(self.dir, ignore_errors=True)
        r = bm25s.BM25(method="bm25+", k1=1.2, b=0.5, delta=1.0, backend="numba")
        r.index(docs, show_progress=False)
        r.save(str(self.dir))
        import numpy as np

        np.save(self.dir / "sids.npy", np.asarray(sids, dtype=np.int64))
        return dir_bytes(self.dir)

    def open(self) -> None:
        import bm25s
        import numpy as np

        self.r = bm25s.BM25.load(str(self.dir), mmap=True, show_progress=False)
        self.r.backend = "numba"
        self.sids = np.load(self.dir / "sids.npy", mmap_mode="r")
        self.vocab = self.r.vocab_dict

    def disk_bytes(self) -> int:
        return dir_bytes(self.dir)

    def search(self, terms: list[str]) -> list[int]:
        known = [t for t in terms if t in self.vocab]
        if not known:
            return []
        ids, scores = self.r.retrieve([known], k=K, show_progress=False, backend_selection="numba", n_threads=1)
        return [int(self.sids[i]) for i, s in zip(ids[0], scores[0]) if s > 0]


class Fts5:
    def __init__(self, work: Path) -> None:
        self.path = work / "fts5.sqlite3"

    def build(self, sids: list[int], docs: list[list[str]]) -> int:
        for p in (self.path, Path(f"{self.path}-wal"), Path(f"{self.path}-shm")):
            p.unlink(missing_ok=True)
        # every character of a term is a token character: FTS5 then splits on spaces only, as the others do
        extra = sorted({c for d in docs[:200_000] for t in d for c in t if not c.isalnum()})
        chars = "".join(extra).replace("'", "''").replace('"', '""')
        conn = sqlite3.connect(self.path)
        tokenize = f"unicode61 remove_diacritics 0 tokenchars '{chars}'" if chars else "unicode61 remove_diacritics 0"
        conn.execute(f'CREATE VIRTUAL TABLE d USING fts5(body, tokenize="{tokenize}", detail=none)')
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO d (rowid, body) VALUES (?, ?)", ((s, " ".join(t)) for s, t in zip(sids, docs)))
        conn.execute("COMMIT")
        conn.execute("INSERT INTO d(d) VALUES ('optimize')")
        conn.close()
        return self.path.stat().st_size

    def open(self) -> None:
        self.conn = sqlite3.connect(self.path)

    def disk_bytes(self) -> int:
        return self.path.stat().st_size

    def search(self, terms: list[str]) -> list[int]:
        if not terms:
            return []
        match = " OR ".join('"' + t.replace('"', '""') + '"' for t in terms)
        return [r[0] for r in self.conn.execute("SELECT rowid FROM d WHERE d MATCH ? ORDER BY rank LIMIT ?", (match, K))]


def oracle_tops(work: Path, count: int) -> list[list[tuple[int, float]]]:
    """rank_bm25's BM25Plus (the definition of qabot's scores) top 20 for the first queries:
    (id, score) best first, only sentences holding a query term (as BM25Index.top)."""
    import numpy as np
    import rank_bm25

    from retrieval.index.bm25 import DEFAULT_PARAMS

    sids, docs = read_docs(work)
    bm25 = getattr(rank_bm25, DEFAULT_PARAMS.oracle_class)(docs, **DEFAULT_PARAMS.oracle_kwargs())
    ids = np.asarray(sids)
    out = []
    for terms in read_queries(work)[:count]:
        scores = bm25.get_scores(terms)
        wanted = set(terms)
        holding = np.fromiter((bool(wanted.intersection(d)) for d in docs), dtype=bool, count=len(docs))
        idx = np.flatnonzero(holding)
        order = idx[np.lexsort((ids[idx], -scores[idx]))][: 2 * K]
        out.append([(int(ids[i]), float(scores[i])) for i in order])
    return out


def make(name: str, work: Path, store: Path | None):
    if name == "qabot":
        return Qabot(work, store)
    if name == "tantivy":
        return Tantivy(work)
    if name == "bm25s":
        return Bm25s(work)
    if name == "fts5":
        return Fts5(work)
    raise SystemExit(f"unknown engine {name!r}; use qabot, tantivy, bm25s or fts5")


def main(argv: list[str]) -> int:
    name, mode, work = argv[0], argv[1], Path(argv[2])
    if name == "rank_bm25":
        print(json.dumps(oracle_tops(work, int(mode))))
        return 0
    store = Path(argv[3]) if len(argv) > 3 else None
    engine = make(name, work, store)
    # imports first, for every engine alike: the clocks below measure the engines, not Python
    if name == "qabot":
        import retrieval.index.files  # noqa: F401
    elif name == "tantivy":
        import tantivy  # noqa: F401
    elif name == "bm25s":
        import bm25s  # noqa: F401
    if mode == "build":
        sids, docs = read_docs(work)
        t0 = time.perf_counter()
        disk = engine.build(sids, docs)
        print(json.dumps({"build_s": time.perf_counter() - t0, "disk_bytes": disk, "peak_rss_mb": peak_rss_mb()}))
        return 0
    queries = read_queries(work)
    if mode == "cold":
        t0 = time.perf_counter()
        engine.open()
        engine.search(queries[0])
        out = {"open_first_s": time.perf_counter() - t0}
        if isinstance(engine, Qabot):
            # then: how long until the compiled kernel answers, and its first query
            if not engine.wait_for_kernel():
                raise SystemExit("qabot's compiled kernel did not load (see the log)")
            out["kernel_ready_s"] = time.perf_counter() - t0
            t1 = time.perf_counter()
            engine.search(queries[1])
            out["kernel_first_s"] = time.perf_counter() - t1
        print(json.dumps(out))
        return 0
    if mode == "serve":
        engine.open()
        if isinstance(engine, Qabot):
            engine.search(queries[0])
            if not engine.wait_for_kernel():  # timed queries measure the compiled first stage
                raise SystemExit("qabot's compiled kernel did not load (see the log)")
        print(json.dumps({"ready": True, "disk_bytes": engine.disk_bytes()}), flush=True)
        for line in sys.stdin:
            cmd = line.strip()
            if cmd == "quit":
                break
            if cmd == "rss":
                print(f"{rss_mb():.1f}", flush=True)
                continue
            terms = queries[int(cmd)]
            t0 = time.perf_counter()
            ids = engine.search(terms)
            elapsed = time.perf_counter() - t0
            print(f"{elapsed:.9f} " + " ".join(map(str, ids)), flush=True)
        return 0
    raise SystemExit(f"unknown mode {mode!r}; use build, cold or serve")


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
