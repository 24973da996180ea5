"""The BM25 index on disk, next to its store: `<store file>.index/<key>/`.

`<key>` names the analyzer version and BM25 parameters the index was built with (`index_home`): two
versions of the code on one store (a bot still running while an upgraded `qabot ingest` adds a batch) each
keep their own index instead of rebuilding the other's away at every open. A key whose index nobody
opened or saved for `_IDLE_KEY_SECONDS` is deleted at the next save of another key (so is a flat index an
older release left directly in `<store file>.index/`).

Layout: numpy `.npy` arrays (memory-mapped, so opening reads only headers and the per-document
lengths), the vocabulary as one UTF-8 text file (a term per line; terms never hold white space),
and `manifest.json` naming them. The manifest carries the stamp -- store id, store batch and that
batch's fingerprint, the store file's identity, analyzer version, BM25 parameters -- each file's
size, array header (offset, dtype, shape) and CRC-32, and a SHA-256 digest of itself.

Writers never touch a file a reader may have open: every save writes a new generation of
files under fresh names (temp name, then rename), reads each back to check its CRC, and only
then replaces `manifest.json` (temp file + `os.replace`, atomic on POSIX). A reader sees the old
manifest with complete old files or the new one with complete new files. Files no manifest
names are deleted after a grace period, so a reader that has just read the previous manifest
can still open them.

Opening checks what it can without reading every byte: the manifest's digest and types, each
file's size, `.npy` header, dtype and shape against the manifest, and the bounds queries rely
on (term pointers, document ids). The CRCs are checked at save and on demand (`verify`, behind
`qabot check`). Any mismatch raises IndexFileError naming the file; the caller rebuilds.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import time
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from retrieval.errors import IndexFileError
from retrieval.index.bm25 import BM25Index, BM25Params, TermTable, Vocabulary, block_starts
from retrieval.records import StoreVersion

FORMAT = 4
MANIFEST = "manifest.json"
# Each array's dtypes on disk, widest last: a save writes the narrowest its values fit (ids and
# offsets below 2**32 in 4 bytes, lengths below 65,536 in 2, term frequencies below 256 in 1).
_DTYPES: dict[str, tuple[type, ...]] = {
    "doc_sid": (np.uint32, np.int64), "doc_len": (np.uint16, np.int32), "term_ptr": (np.uint32, np.int64),
    "post_doc": (np.uint32,), "tf_at": (np.uint32, np.int64), "tf_val": (np.uint8, np.int32),
    "term_max": (np.float32,), "term_off": (np.uint32, np.int64), "term_hash": (np.uint32,),
    "term_by_hash": (np.int32,), "blocks": (np.uint8,),
}
# Arrays an older save may lack: opened without them, the index computes them when first needed
# (block bounds: one pass over the postings, in the compiled first stage's background thread).
_OPTIONAL = ("blocks",)
_READ_AT_OPEN = ("doc_len",)  # needed whole at open (per-document weights); the rest is mapped
_GRACE_SECONDS = 120.0  # unreferenced files younger than this may still be opened by a reader
_CRC_BLOCK = 1 << 24  # bytes per read when checking a file's CRC
# An index of another analyzer version or BM25 setting that no process has opened or saved for this long
# belongs to code that is gone (the old release after an upgrade): its room is given back.
_IDLE_KEY_SECONDS = 30 * 24 * 3600.0


@dataclass(frozen=True, slots=True)
class IndexStamp:
    """What an index on disk was built from; it is used only when all of it matches.

    `store_file` (device:inode of the store file) and `batch_mark` (the store's record of that
    batch) tell a copy of the store, or a store whose batch history differs, from the original:
    both carry the same store id and batch number."""

    version: StoreVersion
    analyzer: str
    params: str
    store_file: str = ""
    batch_mark: str = ""


class MappedFile(NamedTuple):
    """A file the loaded index reads lazily: it must keep this size while the index is in use."""

    path: Path
    bytes: int


@dataclass(frozen=True, slots=True)
class LoadedIndex:
    index: BM25Index
    stamp: IndexStamp
    mapped: tuple[MappedFile, ...]


def index_dir(store_path: Path) -> Path:
    """The folder holding the indexes of the store at `store_path` (one folder per `index_home` key)."""
    store_path = Path(store_path)
    return store_path.with_name(store_path.name + ".index")


def index_home(store_path: Path, analyzer_version: str, params_stamp: str) -> Path:
    """The folder of the store's index built with this analyzer version and these BM25 parameters."""
    key = hashlib.sha256(f"{analyzer_version}\n{params_stamp}".encode()).hexdigest()[:12]
    return index_dir(store_path) / f"a-{key}"


class NoIndex(IndexFileError):
    """There is no saved index at all (not damage: nothing to report)."""


def read_stamp(directory: Path) -> IndexStamp | None:
    """The stamp of the saved index, or None when there is none or it cannot be read."""
    try:
        return stamp_of(directory)
    except IndexFileError:
        return None


def stamp_of(directory: Path) -> IndexStamp:
    """The stamp of the saved index; NoIndex when there is none, IndexFileError when unreadable."""
    return _stamp(directory, _read_manifest(directory))


def save(directory: Path, index: BM25Index, stamp: IndexStamp) -> None:
    """Write `index` as a new generation, check it reads back, and make it current atomically. A save that
    fails (a full disk) removes the files it wrote: no manifest names them, and left behind they would take the
    room the next save needs."""
    directory.mkdir(parents=True, exist_ok=True)
    remove_old_generations(directory)  # first: on a nearly full disk their room is what this save needs
    generation = f"b{stamp.version.batch}-{secrets.token_hex(4)}"
    try:
        _save_generation(directory, index, stamp, generation)
    except BaseException:
        _discard(directory, generation)
        raise
    remove_old_generations(directory)
    with contextlib.suppress(OSError):  # the save is done: room not given back now is given back at a later one
        _remove_idle_keys(directory)


def _save_generation(directory: Path, index: BM25Index, stamp: IndexStamp, generation: str) -> None:
    files: dict[str, dict] = {}
    arrays = {
        "doc_sid": index.doc_sid, "doc_len": index.doc_len, "term_ptr": index.term_ptr,
        "post_doc": index.post_doc, "tf_at": index.tf_at, "tf_val": index.tf_val,
        "term_max": index.term_max, "blocks": index.block_bounds(),
    }
    terms = index.vocab.terms[: index.n_terms]
    table = TermTable.build(terms)
    arrays.update(term_off=table.offsets, term_hash=table.hashes, term_by_hash=table.by_hash)
    for name, array in arrays.items():
        data: np.ndarray = np.ascontiguousarray(_narrow(name, array))
        entry = _write(directory, f"{generation}.{name}.npy", lambda f, d=data: np.save(f, d, allow_pickle=False))
        entry["crc32"] = _crc_of(data)
        entry["dtype"] = data.dtype.str
        entry["shape"] = list(data.shape)
        entry["offset"] = entry["bytes"] - data.nbytes
        files[name] = entry
    blob = table.blob
    if blob.count(b"\n") != max(len(terms) - 1, 0):
        raise ValueError("an index term contains a line break; terms come from the analyzer and never should")
    entry = _write(directory, f"{generation}.terms.txt", lambda f: f.write(blob))
    entry["crc32"] = zlib.crc32(blob)
    entry["count"] = len(terms)
    files["terms"] = entry
    for name, entry in files.items():  # verify at save: what is on disk is what was meant
        if _file_crc(directory / entry["file"], entry.get("offset", 0)) != entry["crc32"]:
            raise OSError(f"index file {directory / entry['file']} did not read back as written ({name})")
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "store_id": stamp.version.store_id,
        "batch": stamp.version.batch,
        "store_file": stamp.store_file,
        "batch_mark": stamp.batch_mark,
        "analyzer": stamp.analyzer,
        "params": stamp.params,
        "sentences": index.size,
        "postings": index.n_postings,
        "saved_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "files": files,
    }
    manifest["digest"] = _digest(manifest)
    _write(directory, MANIFEST, lambda f: f.write(json.dumps(manifest, indent=1).encode()), fsync=True)


def load(directory: Path, params: BM25Params) -> LoadedIndex:
    """The saved index (arrays memory-mapped), its stamp and the files it maps; IndexFileError
    naming the file and what is wrong if anything does not match the manifest."""
    manifest = _read_manifest(directory)
    stamp = _stamp(directory, manifest)
    if stamp.params != params.stamp():
        raise IndexFileError(f"index in {directory} was built with BM25 {stamp.params}, not {params.stamp()}")
    with contextlib.suppress(OSError):  # in use: no other key's save removes it as idle (read-only disk: never mind)
        os.utime(Path(directory) / MANIFEST)
    files = manifest["files"]
    arrays: dict[str, np.ndarray] = {}
    mapped: list[MappedFile] = []
    for name in _DTYPES:
        info = files.get(name)
        if info is None and name in _OPTIONAL:
            continue
        if not isinstance(info, dict):
            raise IndexFileError(f"index manifest {directory / MANIFEST} lists no {name} file")
        path = _checked_path(directory, info)
        arrays[name] = _open_array(path, info, _DTYPES[name], whole=name in _READ_AT_OPEN)
        if name not in _READ_AT_OPEN:
            mapped.append(MappedFile(path, int(info["bytes"])))
    info = files.get("terms")
    if not isinstance(info, dict):
        raise IndexFileError(f"index manifest {directory / MANIFEST} lists no terms file")
    path = _checked_path(directory, info)
    blob = path.read_bytes()
    count = info.get("count")
    # The term count is checked from the line breaks alone: terms are looked up in the saved
    # hash table, and decoded all at once only when an update adds terms (Vocabulary is lazy).
    found = blob.count(b"\n") + 1 if blob else 0
    if found != count:
        raise IndexFileError(f"index terms file {path} holds {found} terms, the manifest says {count}")
    _check_shapes(directory, arrays, found)
    if len(blob) + 1 != (int(arrays["term_off"][-1]) if found else 1):
        raise IndexFileError(f"index terms file {path} is {len(blob)} bytes, its offsets say {int(arrays['term_off'][-1]) - 1}")
    table = TermTable(blob, arrays["term_off"], arrays["term_hash"], arrays["term_by_hash"])
    index = BM25Index(
        params, Vocabulary(table=table), arrays["doc_sid"], arrays["doc_len"], arrays["term_ptr"],
        arrays["post_doc"], arrays["tf_at"], arrays["tf_val"], term_max=arrays["term_max"], blocks=arrays.get("blocks"),
    )
    return LoadedIndex(index, stamp, tuple(mapped))


def verify(directory: Path) -> list[str]:
    """Every problem with the saved index, reading every byte (CRCs included); [] when sound."""
    try:
        manifest = _read_manifest(directory)
        _stamp(directory, manifest)
    except IndexFileError as exc:
        return [str(exc)]
    problems = []
    for name, info in manifest["files"].items():
        try:
            path = _checked_path(directory, info)
            if name in _DTYPES:
                _open_array(path, info, _DTYPES[name], whole=False)
            if _file_crc(path, int(info.get("offset", 0))) != info.get("crc32"):
                problems.append(f"index file {path} is corrupt: its CRC-32 differs from the manifest's")
        except IndexFileError as exc:
            problems.append(str(exc))
    return problems


def changed_files(mapped: tuple[MappedFile, ...]) -> str | None:
    """Why a loaded index can no longer read its mapped files safely (one shrank or vanished:
    reading past its end would kill the process with SIGBUS), or None when they are intact."""
    for f in mapped:
        try:
            size = os.stat(f.path).st_size
        except OSError:
            continue  # removed or renamed: the mapping holds the old file, which cannot shrink by path
        if size < f.bytes:
            return f"index file {f.path} shrank to {size} bytes from {f.bytes} while in use"
    return None


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


def _crc_of(data: np.ndarray) -> int:
    return zlib.crc32(data.data.cast("B")) if data.size else 0


def _file_crc(path: Path, offset: int) -> int:
    crc = 0
    with open(path, "rb") as f:
        f.seek(offset)
        while block := f.read(_CRC_BLOCK):
            crc = zlib.crc32(block, crc)
    return crc


def _digest(manifest: dict) -> str:
    body = {k: v for k, v in manifest.items() if k != "digest"}
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


def _read_manifest(directory: Path) -> dict:
    path = Path(directory) / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise NoIndex(f"no index at {directory}") from None
    except (OSError, ValueError) as exc:
        raise IndexFileError(f"unreadable index manifest {path}: {exc}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        found = manifest.get("format") if isinstance(manifest, dict) else "?"
        raise IndexFileError(f"index manifest {path} has format {found}, expected {FORMAT}")
    if manifest.get("digest") != _digest(manifest):
        raise IndexFileError(f"index manifest {path} does not match its own digest (edited or damaged)")
    files = manifest.get("files")
    if not isinstance(files, dict) or not all(isinstance(v, dict) for v in files.values()):
        raise IndexFileError(f"index manifest {path} has no valid 'files' table (got {type(files).__name__})")
    return manifest


def _stamp(directory: Path, manifest: dict) -> IndexStamp:
    try:
        fields = (manifest["store_id"], manifest["analyzer"], manifest["params"], manifest["store_file"], manifest["batch_mark"])
        batch = manifest["batch"]
        if not all(isinstance(f, str) for f in fields) or not isinstance(batch, int) or isinstance(batch, bool):
            raise TypeError("a stamp field has the wrong type")
    except (KeyError, TypeError) as exc:
        raise IndexFileError(f"index manifest {Path(directory) / MANIFEST} lacks a valid stamp ({exc})") from None
    store_id, analyzer, params, store_file, batch_mark = fields
    return IndexStamp(StoreVersion(store_id, batch), analyzer, params, store_file, batch_mark)


def _checked_path(directory: Path, info: dict) -> Path:
    name = info.get("file")
    if not isinstance(name, str) or "/" in name or name.startswith(".") or not name:
        raise IndexFileError(f"index manifest in {directory} names a bad file {name!r}")
    path = directory / name
    try:
        size = path.stat().st_size
    except OSError:
        raise IndexFileError(f"index file {path} is missing") from None
    if size != info.get("bytes"):
        raise IndexFileError(f"index file {path} has {size} bytes, the manifest says {info.get('bytes')} (truncated?)")
    return path


def _narrow(name: str, array: np.ndarray) -> np.ndarray:
    """`array` in the narrowest dtype allowed for `name` that holds all its values exactly."""
    if name == "term_max":
        # an upper bound for pruning: rounded up, never down
        low = np.asarray(array, dtype=np.float32)
        return np.where(low.astype(np.float64) < array, np.nextafter(low, np.float32(np.inf)), low).astype(np.float32)
    for dtype in _DTYPES[name]:
        info = np.iinfo(dtype)
        if not len(array) or (int(array.min()) >= info.min and int(array.max()) <= info.max):
            return np.asarray(array, dtype=dtype)
    raise ValueError(f"index array {name} holds values beyond {_DTYPES[name][-1].__name__}")


def _open_array(path: Path, info: dict, dtypes: tuple[type, ...], *, whole: bool) -> np.ndarray:
    """The array in a `.npy` file after checking its header against the manifest: memory-mapped,
    or read into memory when `whole`. Never parses more than the header before checking."""
    want_shape, want_offset = info.get("shape"), info.get("offset")
    try:
        want_dtype = np.dtype(info.get("dtype"))
    except TypeError:
        want_dtype = None
    if want_dtype is None or want_dtype not in [np.dtype(d) for d in dtypes] or not isinstance(info.get("dtype"), str):
        raise IndexFileError(f"index file {path}: the manifest gives dtype {info.get('dtype')!r}, not one of "
                             f"{', '.join(np.dtype(d).str for d in dtypes)}")
    try:
        with open(path, "rb") as f:
            version = np.lib.format.read_magic(f)
            if version == (1, 0):
                shape, fortran, got_dtype = np.lib.format.read_array_header_1_0(f)
            elif version == (2, 0):
                shape, fortran, got_dtype = np.lib.format.read_array_header_2_0(f)
            else:
                raise ValueError(f"unsupported .npy version {version}")
            offset = f.tell()
    except Exception as exc:  # numpy's header parser raises tokenize, syntax and value errors
        raise IndexFileError(f"index file {path} has a damaged array header ({type(exc).__name__}: {exc})") from None
    if got_dtype != want_dtype or fortran or list(shape) != want_shape or offset != want_offset:
        raise IndexFileError(
            f"index file {path} holds {got_dtype}{list(shape)} at byte {offset}, the manifest says "
            f"{want_dtype}{want_shape} at byte {want_offset}"
        )
    n = int(np.prod(shape)) if shape else 1
    if offset + n * want_dtype.itemsize != info.get("bytes"):
        raise IndexFileError(f"index file {path} is {info.get('bytes')} bytes, its header says {offset + n * want_dtype.itemsize}")
    if n == 0:
        return np.zeros(shape, want_dtype)
    if whole:
        with open(path, "rb") as f:
            f.seek(offset)
            array = np.fromfile(f, dtype=want_dtype, count=n)
        if len(array) != n:
            raise IndexFileError(f"index file {path} ended after {len(array)} of {n} values")
        return array.reshape(shape)
    # a plain ndarray view of the map: slicing a np.memmap runs Python code on every slice
    return np.memmap(path, dtype=want_dtype, mode="r", offset=offset, shape=tuple(shape)).view(np.ndarray)


def _check_shapes(directory: Path, a: dict[str, np.ndarray], n_terms: int) -> None:
    """Bounds every query relies on. Reads the small per-term arrays, not the postings."""
    n_docs = len(a["doc_sid"])
    ptr = a["term_ptr"]
    n_post = len(a["post_doc"])
    problems = []
    if len(a["doc_len"]) != n_docs:
        problems.append(f"doc_len holds {len(a['doc_len'])} lengths for {n_docs} sentences")
    if len(ptr) != n_terms + 1 or len(a["term_max"]) != n_terms \
            or len(a["term_off"]) != n_terms + 1 or len(a["term_hash"]) != n_terms or len(a["term_by_hash"]) != n_terms:
        problems.append(f"term arrays do not all hold {n_terms} terms")
    elif ptr[0] != 0 or ptr[-1] != n_post or np.any(np.diff(ptr.astype(np.int64)) < 0):
        problems.append("term_ptr is not an ascending 0..postings range")
    elif n_terms and (int(a["term_by_hash"].min()) < 0 or int(a["term_by_hash"].max()) >= n_terms):
        problems.append("term_by_hash points outside the terms")
    elif "blocks" in a and len(a["blocks"]) != int(block_starts(ptr)[-1]):
        problems.append(f"blocks holds {len(a['blocks'])} block bounds, the term pointers make {int(block_starts(ptr)[-1])}")
    if len(a["tf_at"]) != len(a["tf_val"]):
        problems.append("tf_at and tf_val differ in length")
    elif len(a["tf_at"]) and (int(a["tf_at"][0]) < 0 or int(a["tf_at"][-1]) >= n_post):
        problems.append("tf_at points outside the postings")
    if n_docs > 1 and (int(a["doc_sid"][0]) < 0 or int(a["doc_sid"][-1]) < int(a["doc_sid"][0])):
        problems.append("doc_sid is not ascending")
    if problems:
        raise IndexFileError(f"index in {directory} is inconsistent: {'; '.join(problems)}")


def _discard(directory: Path, generation: str) -> None:
    """Delete the files of a failed save's `generation` that the current manifest does not name."""
    try:
        named = {info.get("file") for info in _read_manifest(directory).get("files", {}).values() if isinstance(info, dict)}
    except (IndexFileError, AttributeError):
        named = set()
    for path in directory.glob(f"{generation}.*"):
        if path.name not in named:
            path.unlink(missing_ok=True)


def _remove_idle_keys(current: Path) -> None:
    """Delete the indexes of other keys beside `current` that nobody opened or saved for `_IDLE_KEY_SECONDS`
    (their manifest's modification time says when), and a flat index of an older release in the parent
    folder likewise. Deleting files another process has mapped is safe on POSIX: its mapping keeps them."""
    root = current.parent
    cutoff = time.time() - _IDLE_KEY_SECONDS

    def idle(folder: Path) -> bool:
        try:
            return (folder / MANIFEST).stat().st_mtime < cutoff
        except OSError:
            return False  # no manifest (a save in progress, or nothing of ours): left alone

    try:
        listed = list(root.iterdir())
    except OSError:
        return
    for path in listed:
        if path.is_dir() and path != current and path.name.startswith("a-") and idle(path):
            for file in path.iterdir():
                if file.is_file():
                    file.unlink(missing_ok=True)
            with contextlib.suppress(OSError):
                path.rmdir()
    if idle(root):  # the flat layout: manifest and generations directly in the parent
        for path in listed:
            if path.is_file():
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
