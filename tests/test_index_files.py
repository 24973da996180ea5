"""The saved index: round trip, atomic generations, and refusal of anything not exactly right."""
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

STAMP = IndexStamp(StoreVersion("store-a", 3), "analyzer-v1", DEFAULT_PARAMS.stamp())
DOCS = [(2, ["korea", "talks", "talks"]), (5, ["us", "envoy"]), (9, []), (11, ["korea", "envoy", "seoul"])]


@pytest.fixture
def saved(tmp_path: Path) -> Path:
    directory = index_files.index_dir(tmp_path / "qabot.sqlite3")
    index_files.save(directory, BM25Index.build(DOCS), STAMP)
    return directory


def _file(directory: Path, name: str) -> Path:
    manifest = json.loads((directory / "manifest.json").read_text())
    return directory / manifest["files"][name]["file"]


def test_index_dir_sits_next_to_the_store(tmp_path):
    assert index_files.index_dir(tmp_path / "x.sqlite3") == tmp_path / "x.sqlite3.index"


def test_round_trip_gives_the_same_index_memory_mapped(saved):
    index, stamp = index_files.load(saved, DEFAULT_PARAMS)
    assert stamp == STAMP and index_files.read_stamp(saved) == STAMP
    original = BM25Index.build(DOCS)
    assert isinstance(index.post_w, np.memmap)
    for query in (["korea"], ["envoy", "talks", "talks"], ["nothing"]):
        np.testing.assert_array_equal(index.all_scores(query), original.all_scores(query))
        assert list(index.top(query, 3).sids) == list(original.top(query, 3).sids)
    # and it can still be updated (arrays on disk are read-only; updates make new ones)
    grown = index.add([(12, ["korea"])]).remove([2])
    assert list(grown.top(["korea"], 5).sids) == [12, 11] or list(grown.top(["korea"], 5).sids) == [11, 12]


def test_a_new_save_replaces_the_manifest_and_keeps_old_files_for_readers(saved):
    old_file = _file(saved, "post_w")
    index_files.save(saved, BM25Index.build(DOCS[:2]), IndexStamp(StoreVersion("store-a", 4), "analyzer-v1", STAMP.params))
    assert index_files.read_stamp(saved).version.batch == 4
    assert old_file.exists()  # within the grace period a reader of the old manifest can open it
    index, _ = index_files.load(saved, DEFAULT_PARAMS)
    assert index.size == 2
    assert not [p for p in saved.iterdir() if p.name.startswith(".tmp-")]


def test_missing_index_is_reported(tmp_path):
    assert index_files.read_stamp(tmp_path / "none.index") is None
    with pytest.raises(IndexFileError, match="no index at"):
        index_files.load(tmp_path / "none.index", DEFAULT_PARAMS)


def test_truncated_file_is_refused(saved):
    path = _file(saved, "post_doc")
    path.write_bytes(path.read_bytes()[:-4])
    with pytest.raises(IndexFileError, match="truncated"):
        index_files.load(saved, DEFAULT_PARAMS)


def test_flipped_byte_is_refused(saved):
    path = _file(saved, "post_w")
    data = bytearray(path.read_bytes())
    data[-3] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(IndexFileError, match="checksum"):
        index_files.load(saved, DEFAULT_PARAMS)


def test_corrupt_terms_file_is_refused(saved):
    path = _file(saved, "terms")
    path.write_bytes(path.read_bytes().replace(b"korea", b"korra"))
    with pytest.raises(IndexFileError, match="checksum"):
        index_files.load(saved, DEFAULT_PARAMS)


def test_garbage_manifest_is_refused(saved):
    (saved / "manifest.json").write_text("{not json")
    with pytest.raises(IndexFileError, match="unreadable index manifest"):
        index_files.load(saved, DEFAULT_PARAMS)
    assert index_files.read_stamp(saved) is None


def test_other_format_or_parameters_are_refused(saved):
    with pytest.raises(IndexFileError, match="built with BM25"):
        index_files.load(saved, BM25Params("okapi"))
    manifest = json.loads((saved / "manifest.json").read_text())
    manifest["format"] = 99
    (saved / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(IndexFileError, match="format 99"):
        index_files.load(saved, DEFAULT_PARAMS)


def test_manifest_cannot_point_outside_the_folder(saved):
    manifest = json.loads((saved / "manifest.json").read_text())
    manifest["files"]["idf"]["file"] = "../../etc/passwd"
    (saved / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(IndexFileError, match="bad file"):
        index_files.load(saved, DEFAULT_PARAMS)


def test_empty_index_round_trips(tmp_path):
    directory = tmp_path / "e.index"
    index_files.save(directory, BM25Index.empty(), STAMP)
    index, _ = index_files.load(directory, DEFAULT_PARAMS)
    assert index.size == 0 and index.top(["x"], 3).sids.size == 0
