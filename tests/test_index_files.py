"""The saved index: round trip, atomic generations, and refusal of anything not exactly right,
each with one reason naming the file -- without reading every byte at open."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from retrieval.errors import IndexFileError
from retrieval.index import files as index_files
from retrieval.index.bm25 import DEFAULT_PARAMS, BM25Index, BM25Params
from retrieval.index.files import IndexStamp
from retrieval.records import StoreVersion

STAMP = IndexStamp(StoreVersion("store-a", 3), "analyzer-v1", DEFAULT_PARAMS.stamp(), "1:2", "mark")
DOCS = [(2, ["korea", "talks", "talks"]), (5, ["us", "envoy"]), (9, []), (11, ["korea", "envoy", "seoul"])]


@pytest.fixture
def saved(tmp_path: Path) -> Path:
    directory = index_files.index_dir(tmp_path / "qabot.sqlite3")
    index_files.save(directory, BM25Index.build(DOCS), STAMP)
    return directory


def _manifest(directory: Path) -> dict:
    return json.loads((directory / "manifest.json").read_text())


def _file(directory: Path, name: str) -> Path:
    return directory / _manifest(directory)["files"][name]["file"]


def _rewrite_manifest(directory: Path, edit, *, redigest: bool = True) -> None:
    """Edit the manifest; with `redigest` also fix its digest (a careful forger's edit)."""
    manifest = _manifest(directory)
    edit(manifest)
    if redigest:
        manifest["digest"] = index_files._digest(manifest)
    (directory / "manifest.json").write_text(json.dumps(manifest))


def test_index_dir_sits_next_to_the_store(tmp_path):
    assert index_files.index_dir(tmp_path / "x.sqlite3") == tmp_path / "x.sqlite3.index"


def test_round_trip_gives_the_same_index_memory_mapped(saved):
    loaded = index_files.load(saved, DEFAULT_PARAMS)
    index, stamp, mapped = loaded.index, loaded.stamp, loaded.mapped
    assert stamp == STAMP and index_files.read_stamp(saved) == STAMP
    original = BM25Index.build(DOCS)
    assert isinstance(index.post_doc.base, np.memmap) and index.post_doc.dtype == np.uint32
    assert {m.path for m in mapped} >= {_file(saved, "post_doc")}
    for query in (["korea"], ["envoy", "talks", "talks"], ["nothing"]):
        np.testing.assert_array_equal(index.all_scores(query), original.all_scores(query))
        assert list(index.top(query, 3).sids) == list(original.top(query, 3).sids)
    # and it can still be updated (arrays on disk are read-only; updates make new ones)
    grown = index.add([(12, ["korea"])]).remove([2])
    assert list(grown.top(["korea"], 5).sids) == [12, 11] or list(grown.top(["korea"], 5).sids) == [11, 12]
    assert index_files.verify(saved) == []


def test_postings_take_four_bytes_and_tf_is_stored_only_above_one(saved):
    index = index_files.load(saved, DEFAULT_PARAMS).index
    assert index.post_doc.itemsize == 4
    assert list(index.tf_val) == [2]  # "talks" twice in sentence 2; every other posting has tf 1


def test_a_new_save_replaces_the_manifest_and_keeps_old_files_for_readers(saved):
    old_file = _file(saved, "post_doc")
    index_files.save(saved, BM25Index.build(DOCS[:2]), IndexStamp(StoreVersion("store-a", 4), "analyzer-v1", STAMP.params))
    assert index_files.read_stamp(saved).version.batch == 4
    assert old_file.exists()  # within the grace period a reader of the old manifest can open it
    index = index_files.load(saved, DEFAULT_PARAMS).index
    assert index.size == 2
    assert not [p for p in saved.iterdir() if p.name.startswith(".tmp-")]


def test_missing_index_is_reported(tmp_path):
    assert index_files.read_stamp(tmp_path / "none.index") is None
    with pytest.raises(IndexFileError, match="no index at"):
        index_files.load(tmp_path / "none.index", DEFAULT_PARAMS)


def test_truncated_file_is_refused_naming_it(saved):
    path = _file(saved, "post_doc")
    path.write_bytes(path.read_bytes()[:-4])
    with pytest.raises(IndexFileError, match=rf"{path.name} has \d+ bytes.*truncated"):
        index_files.load(saved, DEFAULT_PARAMS)


def test_flipped_byte_passes_the_fast_open_but_not_verify(saved):
    path = _file(saved, "post_doc")
    data = bytearray(path.read_bytes())
    data[-3] ^= 0x01
    path.write_bytes(bytes(data))
    index_files.load(saved, DEFAULT_PARAMS)  # opening does not read every byte ...
    problems = index_files.verify(saved)  # ... `qabot check` does
    assert len(problems) == 1 and path.name in problems[0] and "CRC-32" in problems[0]


def test_corrupt_terms_file_is_found_by_verify(saved):
    path = _file(saved, "terms")
    path.write_bytes(path.read_bytes().replace(b"korea", b"korra"))
    assert any(path.name in p for p in index_files.verify(saved))


@pytest.mark.parametrize("header", [
    b"{'descr': '<u4', 'fortran_order': False, 'shape': (",  # unterminated: tokenize.TokenError in numpy
    b"{'descr': '<f8', 'fortran_order': False, 'shape': (5,), }",  # parses, wrong dtype
    b"\x00\xff garbage",
])
def test_damaged_npy_header_is_refused_naming_the_file(saved, header):
    path = _file(saved, "post_doc")
    data = bytearray(path.read_bytes())
    start = 10  # after magic (6), version (2) and header length (2)
    hlen = int.from_bytes(data[8:10], "little")
    data[start:start + hlen] = header.ljust(hlen - 1) + b"\n"
    path.write_bytes(bytes(data))
    with pytest.raises(IndexFileError, match=rf"index file .*{path.name}"):
        index_files.load(saved, DEFAULT_PARAMS)
    assert any(path.name in p for p in index_files.verify(saved))


@pytest.mark.parametrize("edit", [
    lambda m: m.update(files=None),  # was an AttributeError
    lambda m: m.update(files={"post_doc": None}),
    lambda m: m.update(files=[1, 2]),
    lambda m: m.update(batch="3"),
    lambda m: m.update(store_id=None),
    lambda m: m.pop("batch_mark"),
    lambda m: m["files"]["post_doc"].update(shape=[1, 2]),
    lambda m: m["files"]["post_doc"].update(offset=7),
    lambda m: m["files"].pop("tf_val"),
    lambda m: m["files"]["terms"].update(count=99),
], ids=["files-null", "file-entry-null", "files-list", "batch-string", "store-id-null", "no-batch-mark",
        "shape", "offset", "missing-array", "term-count"])
def test_a_manifest_with_bad_fields_is_refused_in_one_line(saved, edit):
    _rewrite_manifest(saved, edit)
    with pytest.raises(IndexFileError) as err:
        index_files.load(saved, DEFAULT_PARAMS)
    assert "\n" not in str(err.value) and "index" in str(err.value)


def test_a_hand_edited_manifest_fails_its_digest(saved):
    _rewrite_manifest(saved, lambda m: m.update(batch=4), redigest=False)
    with pytest.raises(IndexFileError, match="digest"):
        index_files.load(saved, DEFAULT_PARAMS)
    assert index_files.read_stamp(saved) is None


def test_garbage_manifest_is_refused(saved):
    (saved / "manifest.json").write_text("{not json")
    with pytest.raises(IndexFileError, match="unreadable index manifest"):
        index_files.load(saved, DEFAULT_PARAMS)
    assert index_files.read_stamp(saved) is None
    assert index_files.verify(saved) and "unreadable" in index_files.verify(saved)[0]


def test_other_format_or_parameters_are_refused(saved):
    with pytest.raises(IndexFileError, match="built with BM25"):
        index_files.load(saved, BM25Params("okapi"))
    _rewrite_manifest(saved, lambda m: m.update(format=99))
    with pytest.raises(IndexFileError, match="format 99"):
        index_files.load(saved, DEFAULT_PARAMS)


def test_manifest_cannot_point_outside_the_folder(saved):
    _rewrite_manifest(saved, lambda m: m["files"]["term_max"].update(file="../../etc/passwd"))
    with pytest.raises(IndexFileError, match="bad file"):
        index_files.load(saved, DEFAULT_PARAMS)


def test_inconsistent_arrays_are_refused(saved):
    # a term pointer past the postings (rewritten with a matching header, size and digest)
    path = _file(saved, "term_ptr")
    ptr = np.load(path)
    ptr[-1] += 5
    np.save(path, ptr)
    with pytest.raises(IndexFileError, match="term_ptr"):
        index_files.load(saved, DEFAULT_PARAMS)


def test_a_shrunk_mapped_file_is_noticed(saved):
    loaded = index_files.load(saved, DEFAULT_PARAMS)
    assert index_files.changed_files(loaded.mapped) is None
    path = _file(saved, "post_doc")
    with open(path, "r+b") as f:
        f.truncate(64)
    why = index_files.changed_files(loaded.mapped)
    assert why is not None and path.name in why and "shrank" in why


def test_a_failed_save_leaves_no_new_files(saved, monkeypatch):
    before = set(saved.iterdir())

    def broken(path, offset):
        raise OSError("disk says no")

    monkeypatch.setattr(index_files, "_file_crc", broken)
    with pytest.raises(OSError, match="disk says no"):
        index_files.save(saved, BM25Index.build(DOCS), STAMP)
    assert set(saved.iterdir()) == before


def test_empty_index_round_trips(tmp_path):
    directory = tmp_path / "e.index"
    index_files.save(directory, BM25Index.empty(), STAMP)
    index = index_files.load(directory, DEFAULT_PARAMS).index
    assert index.size == 0 and index.top(["x"], 3).sids.size == 0
    assert index_files.verify(directory) == []


def test_arrays_are_saved_in_the_narrowest_dtype_that_holds_them(tmp_path):
    narrow_dir, wide_dir = tmp_path / "narrow.index", tmp_path / "wide.index"
    index_files.save(narrow_dir, BM25Index.build(DOCS), STAMP)
    dtypes = {k: v["dtype"] for k, v in _manifest(narrow_dir)["files"].items() if "dtype" in v}
    assert dtypes["doc_sid"] == "<u4" and dtypes["doc_len"] == "<u2" and dtypes["tf_val"] == "|u1"
    # ids beyond 2**32 and a term 300 times in one sentence keep their wide dtypes, exactly
    wide_docs = [(2, ["korea"]), (5_000_000_000, ["talks"] * 300 + ["korea"]), (5_000_000_001, ["talks"])]
    original = BM25Index.build(wide_docs)
    index_files.save(wide_dir, original, STAMP)
    dtypes = {k: v["dtype"] for k, v in _manifest(wide_dir)["files"].items() if "dtype" in v}
    assert dtypes["doc_sid"] == "<i8" and dtypes["tf_val"] == "<i4"
    loaded = index_files.load(wide_dir, DEFAULT_PARAMS).index
    for query in (["talks"], ["korea", "talks"]):
        np.testing.assert_array_equal(loaded.all_scores(query), original.all_scores(query))
        assert list(loaded.top(query, 3).sids) == list(original.top(query, 3).sids)
    assert np.all(loaded.term_max.astype(np.float64) >= original.term_max)  # bounds rounded up, never down


def test_a_manifest_naming_another_dtype_is_refused(saved):
    _rewrite_manifest(saved, lambda m: m["files"]["post_doc"].update(dtype="<f8"))
    with pytest.raises(IndexFileError, match="dtype '<f8'"):
        index_files.load(saved, DEFAULT_PARAMS)
