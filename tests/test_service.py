"""The facade front ends use: opening rules, search, ingest then answer, context."""
from __future__ import annotations

from pathlib import Path

import pytest

from retrieval.errors import StoreError
from retrieval.service import QAService
from tests.conftest import SEEDS


def test_a_named_store_that_does_not_exist_is_refused_with_its_path(tmp_path: Path) -> None:
    missing = tmp_path / "nope.sqlite3"
    with pytest.raises(StoreError, match="nope.sqlite3"):
        QAService.open(missing)
    assert not missing.exists()


def test_a_created_store_starts_empty_unless_seeded(tmp_path: Path) -> None:
    with QAService.open(tmp_path / "empty.sqlite3", create=True) as empty:
        assert empty.stats().articles == 0
        assert empty.search("North Korea", 5) == []
    with QAService.open(tmp_path / "seeded.sqlite3", create=True, seeds_dir=SEEDS) as seeded:
        assert seeded.stats().articles == len(list(SEEDS.glob("*.txt")))


def test_search_hits_cite_verbatim_offsets_best_first(tmp_path: Path) -> None:
    with QAService.open(tmp_path / "s.sqlite3", create=True, seeds_dir=SEEDS) as service:
        hits = service.search("Ewha Womans University professor", 5)
        assert hits and all("Ewha" in h.sentence.text for h in hits[:2])
        assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
        for hit in hits:
            raw = service.raw_text(hit.sentence.source)
            assert raw[hit.sentence.start:hit.sentence.end] == hit.sentence.text


def test_an_ingested_file_is_answerable_at_once_with_context(tmp_path: Path) -> None:
    article = tmp_path / "batch" / "lighthouse.txt"
    article.parent.mkdir()
    article.write_text(
        "Harbour news\n\nThe old lighthouse was repainted in March.\n"
        "The painter Zorblax Quenton finished the lighthouse in nine days.\n"
        "Fishermen welcomed the new colours.\n",
        encoding="utf-8",
    )
    with QAService.open(tmp_path / "s.sqlite3", create=True, seeds_dir=SEEDS) as service:
        report = service.ingest([article.parent])
        assert report.added == ("lighthouse.txt",) and report.ok
        reply = service.ask("Who painted the lighthouse?", k=2)
        assert not reply.no_answer
        best = reply.answers[0]
        assert best.source == "lighthouse.txt" and "Zorblax" in best.text
        around = service.context(best.sentence_id)
        assert [s.text for s in around.before] == ["The old lighthouse was repainted in March."]
        assert [s.text for s in around.after] == ["Fishermen welcomed the new colours."]
        assert around.title == "Harbour news"


def test_a_default_store_left_empty_by_an_interrupted_first_run_is_seeded_next_time(tmp_path: Path) -> None:
    path = tmp_path / "default.sqlite3"
    QAService.open(path, create=True).close()  # the file exists, but no batch ever landed
    with QAService.open(path, create=True, seeds_dir=SEEDS) as service:
        assert service.stats().articles == len(list(SEEDS.glob("*.txt")))
    with QAService.open(path, create=True, seeds_dir=SEEDS) as again:  # seeded once, not twice
        assert again.stats().batch == 1
