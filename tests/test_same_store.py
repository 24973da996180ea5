"""bench.same_store: two stores built from the same input compare identical; any stored difference is named."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from conftest import write_articles

from bench.same_store import digest, main
from retrieval.index.retriever import index_home_of
from retrieval.service import QAService


def _built(path: Path, folder: Path) -> Path:
    with QAService.open(path, create=True) as service:
        service.ingest([folder])
    return path


def test_two_stores_of_one_input_are_identical_and_a_changed_row_is_named(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "in"
    write_articles(folder, 12, sentences=5)
    a, b = _built(tmp_path / "a.sqlite3", folder), _built(tmp_path / "b.sqlite3", folder)
    assert main([str(a), str(b)]) == 0  # other store ids, timestamps and index generations: the same content
    assert "IDENTICAL" in capsys.readouterr().out
    key = index_home_of(a).name
    assert {k for k in digest(a) if k.startswith("index ")} >= {f"index {key} {n}" for n in ("manifest", "doc_len", "post_doc")}
    assert "lexicon" in digest(a)
    with sqlite3.connect(b) as conn:
        conn.execute("UPDATE term_spans SET terms = terms || ' x' WHERE sentence_id = 3")
    assert main([str(a), str(b)]) == 1
    assert "parts differ: table term_spans" in capsys.readouterr().out
