"""The command-line paths of one `ingest` -> decoded text files, and the files left out, with why.

A batch takes `.txt` files and `.html`/`.htm` pages (source name: the file's name), folders (every
such file below them, sorted; source name: the path relative to the folder given, with `/`
separators) and `.zip` archives of them (source name: the entry's path inside the archive). Other
files inside folders and archives (PDFs, images, READMEs) are not articles: they are passed over and
listed (`CollectedBatch.passed_over`), so an operator sees that a `.md` or `.pdf` was not read; hidden
files (`.DS_Store`, anything under a `.git/`) and `__MACOSX/` metadata are passed over silently. A plain
path argument of another kind is rejected. A folder or zip given that holds no article at all is
named (`CollectedBatch.empty`).

A `.zip` inside a folder is read as if unpacked where it lies (source name: the folder path of
the zip plus the entry's path), after the folder's own files: the user asked for everything in
the folder, and the zip's limits apply as for a zip named on the command line. A `.zip` inside
a zip is rejected with a reason, not read: archives nested in archives are how zip bombs
multiply, and one level is all a news export needs.

Every check that can be made before reading is made before reading: sizes from `stat` and
from zip headers. Zip headers can lie, so reads are capped as well. A damaged archive costs its
damaged entries only: any error a decompressor raises becomes that entry's rejection reason.
A file name that is not valid UTF-8 (possible on Linux file systems) is rejected, shown with
`\\x` escapes, since a source name must be text that can be stored, printed and cited.
"""
from __future__ import annotations

import dataclasses
import itertools
import lzma
import os
import stat
import struct
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path, PurePosixPath

from retrieval.corpus.decoding import DecodeError, decode_text
from retrieval.records import BatchFile, IngestLimits, Rejection

_READ_CHUNK = 1024 * 1024
_READERS = 8  # threads reading a folder's files (see `_expand_folder`)
_FILES_PER_READ = 32  # files a reading thread reads per task
# Article files: plain text, and web pages (their main text is extracted when parsed).
ARTICLE_SUFFIXES = (".txt", ".html", ".htm")

# What reading one zip entry can raise, by codec and layer: zlib.error (deflate),
# LZMAError, OSError/EOFError (bzip2, truncation), BadZipFile (bad CRC, bad local header),
# NotImplementedError (an unsupported method), RuntimeError (encrypted), ValueError, struct.error.
_ENTRY_ERRORS = (zipfile.BadZipFile, zlib.error, lzma.LZMAError, EOFError, OSError, ValueError, struct.error,
                 NotImplementedError, RuntimeError)
# Opening an archive parses its central directory: NotImplementedError for a "zip file version"
# it does not know, ValueError (UnicodeDecodeError included) for bad names or fields.
_ARCHIVE_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, struct.error, NotImplementedError)


@dataclasses.dataclass(slots=True)
class CollectedBatch:
    """What the paths of one batch hold: the article files read, the files rejected (with why), the
    files passed over as not articles (source names), and the folders and zips given holding no article."""

    files: list[BatchFile]
    rejections: list[Rejection]
    passed_over: list[str]
    empty: list[str]


@dataclasses.dataclass(frozen=True, slots=True)
class _PassedOver:
    """A file of a folder or zip that is not an article (by its suffix)."""

    source: str


def collect_batch(paths: Sequence[Path], limits: IngestLimits,
                  own: Path | None = None) -> tuple[list[BatchFile], list[Rejection]]:
    """`read_batch`'s files and rejections."""
    collected = read_batch(paths, limits, own)
    return collected.files, collected.rejections


def read_batch(paths: Sequence[Path], limits: IngestLimits, own: Path | None = None) -> CollectedBatch:
    """Read and decode every file the paths name; the rest become rejections with a reason.

    Files come out in argument order, folders' files sorted by source name. A source name
    already used earlier in the batch is rejected, naming the file that has it: answers cite
    sources, so they must be unique (two zips, or a zip and a folder beside it, can each hold
    `a/story.txt`). `own` is the store's path: a folder holding the store also holds its files
    (`<store>-wal`, `<store>.index/…`, written while the batch is read), which are not articles
    and are passed over.
    """
    own_prefix = str(own.resolve()) if own is not None else None
    out = CollectedBatch([], [], [], [])
    origin: dict[str, str] = {}  # source -> where that file is, for the duplicate name's message
    for path in paths:
        found = False  # an article file (read or rejected) under this argument
        folder = os.path.isdir(path)  # its files' names are relative to it; a file's is its name
        for item in _expand(Path(path), limits, own_prefix):
            if isinstance(item, _PassedOver):
                out.passed_over.append(_escaped(item.source))
                continue
            found = True
            item = _with_text_name(item)
            if isinstance(item, Rejection):
                out.rejections.append(item)
                continue
            where = item.origin or (os.path.join(path, item.source) if folder else str(path))
            first = origin.get(item.source)
            if first is not None:
                out.rejections.append(Rejection(
                    item.source,
                    f"same name as {first}, earlier in this batch, so this one was left out: rename one of them "
                    "(answers cite the name, so it must be unique)",
                    where,
                ))
                continue
            origin[item.source] = where
            out.files.append(item)
        if not found:
            out.empty.append(str(path))
    return out


_Item = BatchFile | Rejection | _PassedOver


def _expand(path: Path, limits: IngestLimits, own_prefix: str | None = None) -> Iterator[_Item]:
    shown = str(path)
    try:
        st = path.stat()  # follows a symlink the user named explicitly: they chose it
    except FileNotFoundError:
        if path.is_symlink():
            yield Rejection(shown, f"broken symbolic link (points to {os.readlink(path)})")
        else:
            yield Rejection(shown, f"no such file or directory: {shown}")
        return
    except OSError as exc:
        yield Rejection(shown, f"cannot read {shown}: {exc.strerror or exc}")
        return
    if stat.S_ISDIR(st.st_mode):
        yield from _expand_folder(path, limits, own_prefix)
    elif path.suffix.lower() == ".zip":
        yield from _expand_zip(path, path.name, "", limits, shown)
    elif path.suffix.lower() in ARTICLE_SUFFIXES:
        yield _read_file(path, path.name, limits)
    else:
        yield Rejection(path.name, f"not a .txt, .html, .htm or .zip file ({shown}); articles must be text files or web pages")


def _is_store_file(path: str, store: str) -> bool:
    """The store itself, its SQLite journals, its index folder or its lexicon."""
    return (path in (store, store + "-wal", store + "-shm", store + "-journal", store + ".lexicon.json",
                     store + ".index") or path.startswith(store + ".index" + os.sep))


def _is_hidden(source: str) -> bool:
    """A file no one means as an article or a document: hidden (`.DS_Store`, under `.git/`) or macOS metadata."""
    return any(part.startswith(".") or part == "__MACOSX" for part in source.split("/"))


def _expand_folder(root: Path, limits: IngestLimits, own_prefix: str | None = None) -> Iterator[_Item]:
    """Every article file below `root`, sorted by source name; links must stay inside `root`."""
    real_root = root.resolve()
    found: list[tuple[str, str]] = []  # (source, path)
    zips: list[tuple[str, str]] = []  # (source of the zip, path), read after the plain files
    rejections: list[Rejection] = []
    passed: list[str] = []  # files that are not articles
    # Links are not followed by the walk: a linked folder inside the batch is reached by its real
    # path anyway, and one outside the batch must not be read at all. scandir, not os.walk and
    # pathlib: its entries know their type without another system call (35,000 files matter).
    pending = [(str(root), "")]
    while pending:
        folder, prefix = pending.pop()
        try:
            with os.scandir(folder) as entries:
                listed = list(entries)
        except OSError as exc:
            rejections.append(Rejection(prefix.rstrip("/") or str(root), f"cannot read folder: {exc.strerror or exc}"))
            continue
        for entry in listed:
            source = prefix + entry.name
            if own_prefix is not None and _is_store_file(os.path.join(real_root, source), own_prefix):
                continue
            try:
                is_link = entry.is_symlink()
                if is_link and not _inside(Path(entry.path), real_root):
                    if entry.is_dir() or entry.name.lower().endswith(ARTICLE_SUFFIXES) or not os.path.exists(entry.path):
                        rejections.append(Rejection(source, f"link points outside the batch folder (to {_target(Path(entry.path))})"))
                    continue
                if entry.is_dir(follow_symlinks=False):
                    pending.append((entry.path, source + "/"))
                elif entry.name.lower().endswith(ARTICLE_SUFFIXES):
                    found.append((source, entry.path))
                elif entry.name.lower().endswith(".zip"):
                    zips.append((source, entry.path))
                elif not _is_hidden(source):
                    passed.append(source)
            except OSError as exc:
                rejections.append(Rejection(source, f"unreadable: {exc.strerror or exc}"))
    yield from sorted(rejections, key=lambda r: r.source)
    yield from map(_PassedOver, sorted(passed))
    # Read by a few threads, in order: a file not in the page cache waits on the disk (without the
    # interpreter), and several requests at once keep the disk busy (a million sentences' files,
    # evicted: 14 s read one by one). A task reads several files: a future per file cost more than
    # reading it from the page cache (36,000 files: ~1.5 s of the interpreter's time).
    found.sort()
    tasks = [found[i:i + _FILES_PER_READ] for i in range(0, len(found), _FILES_PER_READ)]
    with ThreadPoolExecutor(max_workers=_READERS, thread_name_prefix="read") as readers:
        for read in readers.map(_read_files, tasks, itertools.repeat(limits)):
            yield from read
    for source, file in sorted(zips):
        yield from _expand_zip(Path(file), source, source.rpartition("/")[0] + "/" if "/" in source else "", limits,
                               os.path.join(root, source))


def _read_files(files: list[tuple[str, str]], limits: IngestLimits) -> list[BatchFile | Rejection]:
    return [_read_file(path, source, limits) for source, path in files]


def _read_file(path: Path | str, source: str, limits: IngestLimits) -> BatchFile | Rejection:
    try:
        # O_NONBLOCK: opening a named pipe must not hang the batch; no effect on regular files.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        if os.path.islink(path):
            return Rejection(source, f"broken symbolic link (points to {_target(Path(path))})")
        return Rejection(source, f"no such file: {path}")
    except OSError as exc:
        return Rejection(source, f"unreadable: {exc.strerror or exc}")
    try:
        with os.fdopen(fd, "rb") as handle:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                return Rejection(source, "not a regular file (a device, pipe or socket?)")
            if st.st_size > limits.max_file_bytes:
                return Rejection(source, _too_large(st.st_size, limits))
            data = handle.read(st.st_size + 1)
            if len(data) > st.st_size:  # it grew since fstat: the cap still holds
                data += handle.read(limits.max_file_bytes + 1 - len(data))
    except OSError as exc:
        return Rejection(source, f"unreadable: {exc.strerror or exc}")
    if len(data) > limits.max_file_bytes:
        return Rejection(source, _too_large(len(data), limits))
    return _decoded(source, data)


def _expand_zip(path: Path, name: str, prefix: str, limits: IngestLimits, shown: str = "") -> Iterator[_Item]:
    """The article entries (.txt, .html, .htm) of one archive; `name` is its source name, `prefix` goes before
    each entry's, `shown` is its path as the operator finds it."""
    origin = f"entry of {shown or name}"
    try:
        archive = zipfile.ZipFile(path)
    except _ARCHIVE_ERRORS as exc:
        yield Rejection(name, f"corrupt or not a zip archive ({_describe(exc)})")
        return
    except OSError as exc:
        yield Rejection(name, f"unreadable: {exc.strerror or exc}")
        return
    with archive:
        entries = [info for info in archive.infolist() if not info.is_dir() and not info.filename.startswith("__MACOSX/")]
        if len(entries) > limits.max_zip_entries:
            yield Rejection(name, f"zip has {len(entries)} entries (limit {limits.max_zip_entries}; raise QABOT_MAX_ZIP_ENTRIES)")
            return
        declared = sum(info.file_size for info in entries)
        if declared > limits.max_zip_total_bytes:
            yield Rejection(name, f"zip would unpack to {declared} bytes (limit {limits.max_zip_total_bytes}; raise QABOT_MAX_ZIP_TOTAL_MB)")
            return
        budget = limits.max_zip_total_bytes  # what is left of the total, counted on the bytes really read
        for info in entries:
            entry = info.filename
            source = prefix + entry
            problem = _unsafe_entry_name(entry)
            if problem:
                yield Rejection(source, f"unsafe path in {name}: {problem}")
                continue
            if entry.lower().endswith(".zip"):
                yield Rejection(source, f"a zip inside the zip {name} is not read (nested archives are how zip bombs "
                                        f"multiply); unpack {name} and ingest {entry} itself")
                continue
            if not entry.lower().endswith(ARTICLE_SUFFIXES):
                if not _is_hidden(entry):
                    yield _PassedOver(source)
                continue
            if stat.S_ISLNK(info.external_attr >> 16):
                yield Rejection(source, f"symbolic link entry in {name}; only regular files can be ingested")
                continue
            if info.file_size > limits.max_file_bytes:
                yield Rejection(source, _too_large(info.file_size, limits))
                continue
            cap = min(limits.max_file_bytes, budget)
            try:
                data = _read_capped(archive, info, cap)
            except RuntimeError as exc:  # zipfile raises RuntimeError for encrypted entries
                yield Rejection(source, f"cannot read entry in {name} ({_describe(exc)})")
                continue
            except NotImplementedError as exc:
                yield Rejection(source, f"unsupported compression in {name} ({_describe(exc)})")
                continue
            except _ENTRY_ERRORS as exc:
                yield Rejection(source, f"corrupt entry in {name} ({_describe(exc)}); the other entries are read")
                continue
            if data is None:
                if cap < limits.max_file_bytes:
                    yield Rejection(name, f"zip unpacks to more than {limits.max_zip_total_bytes} bytes although its headers "
                                          f"say {declared}: a zip bomb? Nothing more is read from it")
                    return
                yield Rejection(source, f"unpacks to more than {limits.max_file_bytes} bytes although its header says "
                                        f"{info.file_size}: a zip bomb? (limit {limits.max_file_bytes} bytes)")
                continue
            budget -= len(data)
            yield _decoded(source, data, origin)


def _read_capped(archive: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int) -> bytes | None:
    """The entry's bytes, or None as soon as more than `cap` come out (headers may lie)."""
    chunks: list[bytes] = []
    total = 0
    with archive.open(info) as stream:
        while True:
            chunk = stream.read(min(_READ_CHUNK, cap + 1 - total))
            if not chunk:
                return b"".join(chunks)
            total += len(chunk)
            if total > cap:
                return None
            chunks.append(chunk)


def _unsafe_entry_name(entry: str) -> str | None:
    """Why a zip entry's path could escape the archive or mislead a citation, or None."""
    posix = entry.replace("\\", "/")
    if posix.startswith("/") or (len(posix) > 1 and posix[1] == ":"):
        return f"absolute path {entry!r}"
    if ".." in PurePosixPath(posix).parts:
        return f"'..' in path {entry!r}"
    return None


def _describe(exc: BaseException) -> str:
    """An exception as a short phrase: its message, or its type when it has none."""
    text = str(exc) or type(exc).__name__
    return text if isinstance(exc, (OSError, zipfile.BadZipFile)) else f"{type(exc).__name__}: {text}"


def _with_text_name(item: BatchFile | Rejection) -> BatchFile | Rejection:
    """`item`, or a rejection when its source name is not text (undecodable bytes in a file name
    come back from the OS as lone surrogates, which cannot be stored or printed)."""
    if isinstance(item, Rejection):
        if _is_text(item.source) and _is_text(item.reason) and _is_text(item.origin):
            return item
        return Rejection(_escaped(item.source), _escaped(item.reason), _escaped(item.origin))
    if _is_text(item.source):
        return item if _is_text(item.origin) else dataclasses.replace(item, origin=_escaped(item.origin))
    return Rejection(_escaped(item.source), "file name is not valid UTF-8 (shown with \\x escapes); rename the file, "
                                             "e.g. `convmv -f cp1252 -t utf-8 --notest FILE`, and ingest it again")


def _is_text(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _escaped(value: str) -> str:
    """Undecodable bytes shown as \\xNN (os.fsdecode turned them into surrogates); other text unchanged."""
    if _is_text(value):
        return value
    try:
        return value.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate that stands for no byte
        return value.encode("utf-8", "backslashreplace").decode("utf-8")


def _decoded(source: str, data: bytes, origin: str = "") -> BatchFile | Rejection:
    try:
        return BatchFile(source, decode_text(data), origin)
    except DecodeError as exc:
        return Rejection(source, str(exc), origin)


def _too_large(size: int, limits: IngestLimits) -> str:
    return f"too large: {size} bytes (limit {limits.max_file_bytes} bytes; raise QABOT_MAX_FILE_MB)"


def _inside(link: Path, real_root: Path) -> bool:
    try:
        link.resolve().relative_to(real_root)
    except (ValueError, OSError, RuntimeError):
        return False
    return True


def _target(link: Path) -> str:
    try:
        return os.readlink(link)
    except OSError:
        return "?"
