"""The BM25 index on disk, next to its store: `<store file>.index/`.

Layout: numpy `.npy` arrays (opened with memory mapping, so start-up reads no more than the
checks need), the vocabulary as one UTF-8 text file (a term per line; terms never hold
white space), and `manifest.json` naming them. The manifest carries the stamp -- store id,
store batch, analyzer version, BM25 parameters -- and each file's size and CRC-32.

Writers never touch a file a reader may have open: every save writes a new generation of
files under fresh names (temp name, then rename), and only then replaces `manifest.json`
(temp file + `os.replace`, atomic on POSIX). A reader sees the old manifest with complete
old files or the new one with complete new files. Files no manifest names are deleted after
a grace period, so a reader that has just read the previous manifest can still open them.

Loading checks everything it relies on (format, stamp, sizes, checksums, array shapes and
bounds); any mismatch raises IndexFileError and the caller rebuilds from the store.
"""
from __future__ import annotations

import json
import os
import secrets
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from retrieval.errors import IndexFileError
from retrieval.index.bm25 import BM25Index, BM25Params, Vocabulary
from retrieval.records import StoreVersion

FORMAT = 1
MANIFEST = "manifest.json"
_ARRAYS = ("doc_sid", "doc_len", "term_ptr", "post_doc", "post_tf", "post_w", "idf", "term_max")
_DTYPES = {
    "doc_sid": np.int64, "doc_len": np.int32, "term_ptr": np.int64, "post_doc": np.int32,
    "post_tf": np.int32, "post_w": np.float64, "idf": np.float64, "term_max": np.float64,
}
_GRACE_SECONDS = 120.0  # unreferenced files younger than this may still be opened by a reader


@dataclass(frozen=True, slots=True)
class IndexStamp:
    """What an index on disk was built from; it is used only when all of it matches."""

    version: StoreVersion
    analyzer: str
    params: str


def index_dir(store_path: Path) -> Path:
    """The folder holding the index of the store at `store_path`."""
    store_path = Path(store_path)
    return store_path.with_name(store_path.name + ".index")


def read_stamp(directory: Path) -> IndexStamp | None:
    """The stamp of the saved index, or None when there is none or it cannot be read."""
    try:
        return _stamp(_read_manifest(directory))
    except IndexFileError:
        return None


def save(directory: Path, index: BM25Index, stamp: IndexStamp) -> None:
    """Write `index` as a new generation and make it current atomically. A save that fails
    (a full disk) removes the files it wrote: no manifest names them, and left behind they
    would take the room the next save needs."""
    directory.mkdir(parents=True, exist_ok=True)
    remove_old_generations(directory)  # first: on a nearly full disk their room is what this save needs
    generation = f"b{stamp.version.batch}-{secrets.token_hex(4)}"
    try:
        _save_generation(directory, index, stamp, generation)
    except BaseException:
        _discard(directory, generation)
        raise
    remove_old_generations(directory)


def _save_generation(directory: Path, index: BM25Index, stamp: IndexStamp, generation: str) -> None:
    files: dict[str, dict] = {}
    arrays = {
        "doc_sid": index.doc_sid, "doc_len": index.doc_len, "term_ptr": index.term_ptr,
        "post_doc": index.post_doc, "post_tf": index.post_tf, "post_w": index.post_w,
        "idf": index.idf, "term_max": index.term_max,
    }
    for name, array in arrays.items():
        data = np.ascontiguousarray(array, dtype=_DTYPES[name])
        files[name] = _write(directory, f"{generation}.{name}.npy", lambda f, d=data: np.save(f, d, allow_pickle=False))
        files[name]["crc32"] = zlib.crc32(data.data.cast("B")) if data.size else 0
        files[name]["shape"] = list(data.shape)
    terms = index.vocab.terms[: index.n_terms]
    blob = "\n".join(terms).encode("utf-8")
    if blob.count(b"\n") != max(len(terms) - 1, 0):
        raise ValueError("an index term contains a line break; terms come from the analyzer and never should")
    files["terms"] = _write(directory, f"{generation}.terms.txt", lambda f: f.write(blob))
    files["terms"]["crc32"] = zlib.crc32(blob)
    files["terms"]["count"] = len(terms)
    manifest = {
        "format": FORMAT,
        "store_id": stamp.version.store_id,
        "batch": stamp.version.batch,
        "analyzer": stamp.analyzer,
        "params": stamp.params,
        "sentences": index.size,
        "postings": index.n_postings,
        "saved_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "files": files,
    }
    _write(directory, MANIFEST, lambda f: f.write(json.dumps(manifest, indent=1).encode()), fsync=True)
    _remove_stale(directory, {info["file"] for info in files.values()})


def load(directory: Path, params: BM25Params) -> tuple[BM25Index, IndexStamp]:
    """The saved index (arrays memory-mapped) and its stamp; IndexFileError if unusable."""
    manifest = _read_manifest(directory)
    stamp = _stamp(manifest)
    if stamp.params != params.stamp():
        raise IndexFileError(f"index in {directory} was built with BM25 {stamp.params}, not {params.stamp()}")
    files = manifest["files"]
    arrays: dict[str, np.ndarray] = {}
    for name in _ARRAYS:
        info = files.get(name)
        if not isinstance(info, dict):
            raise IndexFileError(f"index manifest in {directory} lists no {name} file")
        path = _checked_path(directory, info)
        try:
            array = np.load(path, mmap_mode="r", allow_pickle=False)
        except (OSError, ValueError) as exc:
            raise IndexFileError(f"cannot read index file {path}: {exc}") from None
        if array.dtype != _DTYPES[name] or list(array.shape) != info.get("shape"):
            raise IndexFileError(f"index file {path} holds {array.dtype}{list(array.shape)}, not what the manifest says")
        crc = zlib.crc32(np.ascontiguousarray(array).data.cast("B")) if array.size else 0
        if crc != info.get("crc32"):
            raise IndexFileError(f"index file {path} is corrupt (checksum mismatch)")
        arrays[name] = array
    info = files.get("terms")
    if not isinstance(info, dict):
        raise IndexFileError(f"index manifest in {directory} lists no terms file")
    blob = _checked_path(directory, info).read_bytes()
    if zlib.crc32(blob) != info.get("crc32"):
        raise IndexFileError(f"index terms file in {directory} is corrupt (checksum mismatch)")
    terms = blob.decode("utf-8").split("\n") if blob else []
    if len(terms) != info.get("count"):
        raise IndexFileError(f"index terms file in {directory} holds {len(terms)} terms, manifest says {info.get('count')}")
    _check_shapes(directory, arrays, len(terms))
    index = BM25Index(
        params, Vocabulary(terms), arrays["doc_sid"], arrays["doc_len"], arrays["term_ptr"],
        arrays["post_doc"], arrays["post_tf"], post_w=arrays["post_w"], idf=arrays["idf"],
        term_max=arrays["term_max"],
    )
    return index, stamp


# -- helpers -------------------------------------------------------------------------------
def _write(directory: Path, name: str, write, *, fsync: bool = False) -> dict:
    """Write via a temp file renamed into place; return the manifest entry (name, size)."""
    final = directory / name
    tmp = directory / f".tmp-{secrets.token_hex(6)}-{name}"
    try:
        with open(tmp, "wb") as f:
            write(f)
            if fsync:
                f.flush()
                os.fsync(f.fileno())
        os.replace(tmp, final)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return {"file": name, "bytes": final.stat().st_size}


def _read_manifest(directory: Path) -> dict:
    path = Path(directory) / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise IndexFileError(f"no index at {directory}") from None
    except (OSError, ValueError) as exc:
        raise IndexFileError(f"unreadable index manifest {path}: {exc}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise IndexFileError(f"index manifest {path} has format {manifest.get('format') if isinstance(manifest, dict) else '?'}, expected {FORMAT}")
    return manifest


def _stamp(manifest: dict) -> IndexStamp:
    try:
        return IndexStamp(
            StoreVersion(str(manifest["store_id"]), int(manifest["batch"])),
            str(manifest["analyzer"]), str(manifest["params"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise IndexFileError(f"index manifest lacks its stamp ({exc})") from None


def _checked_path(directory: Path, info: dict) -> Path:
    name = info.get("file")
    if not isinstance(name, str) or "/" in name or name.startswith("."):
        raise IndexFileError(f"index manifest in {directory} names a bad file {name!r}")
    path = directory / name
    try:
        size = path.stat().st_size
    except OSError:
        raise IndexFileError(f"index file {path} is missing") from None
    if size != info.get("bytes"):
        raise IndexFileError(f"index file {path} has {size} bytes, manifest says {info.get('bytes')} (truncated?)")
    return path


def _check_shapes(directory: Path, a: dict[str, np.ndarray], n_terms: int) -> None:
    """Bounds every query relies on; cheap next to the checksums."""
    n_docs = len(a["doc_sid"])
    ptr = a["term_ptr"]
    n_post = len(a["post_doc"])
    problems = []
    if len(a["doc_len"]) != n_docs:
        problems.append("doc_len length")
    if len(ptr) != n_terms + 1 or len(a["idf"]) != n_terms or len(a["term_max"]) != n_terms:
        problems.append("term array lengths")
    elif ptr[0] != 0 or ptr[-1] != n_post or np.any(np.diff(ptr) < 0):
        problems.append("term_ptr")
    if len(a["post_tf"]) != n_post or len(a["post_w"]) != n_post:
        problems.append("posting array lengths")
    if n_post and (int(a["post_doc"].min()) < 0 or int(a["post_doc"].max()) >= n_docs):
        problems.append("post_doc out of range")
    if n_docs > 1 and np.any(np.diff(a["doc_sid"]) <= 0):
        problems.append("doc_sid not ascending")
    if problems:
        raise IndexFileError(f"index in {directory} is inconsistent: {', '.join(problems)}")


def _remove_stale(directory: Path, keep: set[str]) -> None:
    now = time.time()
    for path in directory.iterdir():
        if path.name == MANIFEST or path.name in keep:
            continue
        try:
            if now - path.stat().st_mtime > _GRACE_SECONDS:
                path.unlink()
        except OSError:
            pass  # another process removed it first, or it is not ours to remove


def _discard(directory: Path, generation: str) -> None:
    """Delete the files of a failed save's `generation` that the current manifest does not name."""
    try:
        named = {info.get("file") for info in _read_manifest(directory).get("files", {}).values() if isinstance(info, dict)}
    except (IndexFileError, AttributeError):
        named = set()
    for path in directory.glob(f"{generation}.*"):
        if path.name not in named:
            path.unlink(missing_ok=True)


def remove_old_generations(directory: Path) -> None:
    """Delete every generation no manifest names except the newest one while it is in its grace period.

    Only a reader that has just read the previous manifest can still need unnamed files, and it
    needs the newest unnamed generation (a reader that stalled through two saves fails to load
    and rebuilds from the store). Without this, every save within the grace period keeps another
    whole index on disk, and on a nearly full disk those copies alone can stop the next ingest.
    Temporary files of a save in progress are left to the grace period."""
    try:
        named = {info.get("file") for info in _read_manifest(directory).get("files", {}).values() if isinstance(info, dict)}
    except (IndexFileError, AttributeError, OSError):
        return  # no readable manifest: nothing is known to be unused
    generations: dict[str, list[Path]] = {}
    try:
        listed = list(directory.iterdir())
    except OSError:
        return
    for path in listed:
        if path.name == MANIFEST or path.name in named or path.name.startswith("."):
            continue
        generations.setdefault(path.name.split(".", 1)[0], []).append(path)

    def newest(paths: list[Path]) -> float:
        try:
            return max(p.stat().st_mtime for p in paths)
        except OSError:
            return 0.0

    by_age = sorted(generations, key=lambda g: newest(generations[g]))
    if by_age and time.time() - newest(generations[by_age[-1]]) < _GRACE_SECONDS:
        by_age.pop()  # the one a reader may be about to open
    for generation in by_age:
        for path in generations[generation]:
            path.unlink(missing_ok=True)
