"""The index of a batch built beside its commit (`Retriever.prepare`) is the index the slow way
builds, is the one served when it fits, and is left unused when it does not."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest
from conftest import SEEDS, write_articles

from retrieval.corpus.ingest import ingest_batch
from retrieval.corpus.store import Store
from retrieval.index.analyzer import Analyzer
from retrieval.index.bm25 import BM25Index
from retrieval.index.retriever import AnalysedBatch, PreparedBatch, Retriever
from retrieval.service import QAService

ANALYZER = Analyzer()


def _arrays(index: BM25Index) -> dict:
    return {name: getattr(index, name).tolist() for name in ("doc_sid", "doc_len", "term_ptr", "post_doc", "tf_at", "tf_val")} | {
        "terms": index.vocab.terms[:index.n_terms]}


def _by_text(store: Store) -> BM25Index:
    with store.snapshot() as view:
        return BM25Index.build((sid, ANALYZER.terms(text)) for sid, text in view.sentence_texts())


def test_the_service_serves_the_index_prepared_beside_the_commit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[PreparedBatch | None] = []
    prepare = Retriever.prepare

    def spy(self: Retriever, added: AnalysedBatch) -> PreparedBatch | None:
        made.append(prepare(self, added))
        return made[-1]

    monkeypatch.setattr(Retriever, "prepare", spy)
    write_articles(tmp_path / "batch", 30)
    with QAService.open(tmp_path / "s.sqlite3", create=True) as service:
        for folder in (SEEDS, tmp_path / "batch"):
            assert service.ingest([folder]).ok
            prepared = made[-1]
            assert prepared is not None and service._retriever._snap.index is prepared.index
        assert len(made) == 2
        served = service._retriever._snap.index
        store = Store.open(tmp_path / "s.sqlite3", create=False)
        assert _arrays(served) == _arrays(_by_text(store))
        store.close()


def test_a_replacing_batch_prepares_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[AnalysedBatch] = []
    monkeypatch.setattr(Retriever, "prepare", lambda self, added: made.append(added))
    with QAService.open(tmp_path / "s.sqlite3", create=True) as service:
        assert service.ingest([SEEDS], replace=True).ok
    assert made == []


def _two_batches(tmp_path: Path) -> tuple[Store, Retriever, AnalysedBatch]:
    """A store holding the seeds with its retriever current, then a second batch written: its terms
    as given beside the commit (the retriever has not caught up)."""
    write_articles(tmp_path / "batch", 12)
    store = Store.open(tmp_path / "s.sqlite3", create=True)
    ingest_batch(store, [SEEDS], analyzer=ANALYZER.options, count_words=True)
    retriever = Retriever.open(store, ANALYZER, persist=False)
    given: list[AnalysedBatch] = []
    result = ingest_batch(store, [tmp_path / "batch"], analyzer=ANALYZER.options, count_words=True,
                          beside_commit=given.append)
    assert len(given) == 1 and result.terms is given[0]
    assert given[0].sids is not None and store.version() == given[0].version
    return store, retriever, given[0]


def test_a_prepared_index_that_fits_is_served_and_equals_building_from_text(tmp_path: Path) -> None:
    store, retriever, terms = _two_batches(tmp_path)
    prepared = retriever.prepare(terms)
    assert prepared is not None
    assert retriever.refresh(terms, prepared)
    assert retriever._snap.index is prepared.index
    assert _arrays(prepared.index) == _arrays(_by_text(store))
    store.close()


def test_a_prepared_index_under_other_ids_or_another_base_is_not_used(tmp_path: Path) -> None:
    store, retriever, terms = _two_batches(tmp_path)
    assert terms.sids is not None
    shifted = dataclasses.replace(terms, sids=terms.sids + 5)  # not the ids the store holds
    wrong = retriever.prepare(shifted)
    assert wrong is not None and wrong.index.doc_sid[-1] == terms.sids[-1] + 5
    assert retriever.refresh(shifted, wrong)
    assert retriever._snap.index is not wrong.index
    assert _arrays(retriever._snap.index) == _arrays(_by_text(store))
    store.close()

    store, retriever, terms = _two_batches(tmp_path / "again")
    stale = retriever.prepare(terms)
    assert stale is not None
    other_base = PreparedBatch(terms, BM25Index.empty(), stale.index)  # built on an index not current
    assert retriever.refresh(terms, other_base)
    assert retriever._snap.index is not stale.index
    assert _arrays(retriever._snap.index) == _arrays(_by_text(store))
    store.close()


def test_prepare_needs_ids_that_follow_the_index(tmp_path: Path) -> None:
    store, retriever, terms = _two_batches(tmp_path)
    assert retriever.prepare(dataclasses.replace(terms, sids=None)) is None
    assert retriever.prepare(dataclasses.replace(terms, sids=np.zeros(len(terms.lens), np.int64))) is None
    store.close()
