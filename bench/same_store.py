"""Whether two stores built from the same input hold the same thing: `python -m bench.same_store A B`.

Compares every table's rows (the batch timestamps aside), the schema, the saved index's arrays (by
name, without their generation tag) and its manifest's counts, and the lexicon's counts. What differs
by construction is left out: the store's random id, when a batch started, committed and was saved.
A speed change to ingest must leave all of it identical (exit status 0, "IDENTICAL").
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
import sys
from pathlib import Path

_TIMES = {"ingested_at", "started_at", "committed_at"}  # columns that record when, not what
_MANIFEST_TIMES = {"store_id", "store_file", "batch_mark", "saved_at", "digest"}  # the digest covers the file names


def digest(path: Path) -> dict[str, str]:
    """Name -> digest of each part of the store at `path` (with its index and lexicon beside it)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    out: dict[str, str] = {}
    schema = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name").fetchall()
    out["schema"] = _hash(repr(schema).encode())
    for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").fetchall():
        cols = [f'"{row[1]}"' for row in conn.execute(f'PRAGMA table_info("{table}")') if row[1] not in _TIMES]
        where = " WHERE key != 'store_id'" if table == "meta" else ""
        h, n = hashlib.sha256(), 0
        for row in conn.execute(f'SELECT {", ".join(cols)} FROM "{table}"{where} ORDER BY {", ".join(cols)}'):
            h.update(repr(row).encode())
            n += 1
        out[f"table {table}"] = f"{n} rows {h.hexdigest()[:16]}"
    conn.close()
    for manifest in sorted(Path(f"{path}.index").glob("*/manifest.json")):  # one folder per analyzer version
        index, key = manifest.parent, manifest.parent.name
        saved = json.loads(manifest.read_text())
        for name, entry in saved.pop("files", {}).items():
            out[f"index {key} {name}"] = _hash((index / entry["file"]).read_bytes())
        out[f"index {key} manifest"] = repr(sorted((k, v) for k, v in saved.items() if k not in _MANIFEST_TIMES))
    lexicon = Path(f"{path}.lexicon.json")
    if lexicon.exists():
        words = json.loads(lexicon.read_text())
        words.pop("store_id", None)
        out["lexicon"] = _hash(json.dumps(words).encode())  # key order kept: the counts' order counts too
    return out


def _hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print(__doc__.strip().splitlines()[0], file=sys.stderr)
        return 2
    a, b = (digest(Path(p)) for p in args)
    differ = [k for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)]
    for k in sorted(set(a) | set(b)):
        print(f"{'DIFF' if k in differ else 'same'} {k}: {a.get(k)}" + (f" / {b.get(k)}" if k in differ else ""))
    print("IDENTICAL" if not differ else f"{len(differ)} parts differ: {', '.join(differ)}")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
