"""The retriever over a real SQLite store: exact scores, persistence, refresh across processes."""
from __future__ import annotations

import json
import logging
import shutil
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest
import rank_bm25
from conftest import PROJECT_ROOT, parsed_article

from retrieval.corpus.store import Store
from retrieval.errors import StoreError
from retrieval.index import files as index_files
from retrieval.index.analyzer import Analyzer
from retrieval.index.bm25 import DEFAULT_PARAMS
from retrieval.index.retriever import Retriever
from retrieval.records import AnalyzerOptions

ANALYZER = Analyzer()

ARTICLE_A = [
    "Sung Kim, the US special representative for North Korea, arrived in Seoul on Monday.",
    "Kim Jong-un's remarks were welcomed by the U.S. envoy.",
    "The weather in Seoul was mild.",
]
ARTICLE_B = [
    "Japan's senior envoy met South Korean officials in Tokyo.",
    "Rice prices rose for the third month.",
]


def expected_ranking(store: Store, query: str) -> tuple[list[int], np.ndarray]:
    """rank_bm25 over every live sentence, in id order: the definition of the scores."""
    rows = list(store.sentence_texts())
    ids = [sid for sid, _ in rows]
    oracle = getattr(rank_bm25, DEFAULT_PARAMS.oracle_class)([ANALYZER.terms(t) for _, t in rows], **DEFAULT_PARAMS.oracle_kwargs())
    return ids, oracle.get_scores(ANALYZER.terms(query))


def assert_matches_oracle(retriever: Retriever, store: Store, query: str) -> None:
    ids, scores = expected_ranking(store, query)
    hits = retriever.search(query, 50)
    terms = set(ANALYZER.terms(query))
    matching = [i for i, (sid, text) in enumerate(store.sentence_texts()) if terms & set(ANALYZER.terms(text))]
    want = sorted(matching, key=lambda i: (-scores[i], ids[i]))
    assert [h.sentence.id for h in hits] == [ids[i] for i in want]
    np.testing.assert_allclose([h.score for h in hits], scores[want], rtol=1e-9)
    np.testing.assert_allclose(retriever.scores_for(ANALYZER.terms(query), ids), scores, rtol=1e-9)


@pytest.fixture
def filled(store):
    store.add_batch([parsed_article("a.txt", ARTICLE_A), parsed_article("b.txt", ARTICLE_B)], replace=False)
    return store


def test_empty_store_answers_nothing(store):
    retriever = Retriever.open(store, ANALYZER)
    assert retriever.search("Who is Sung Kim?", 5) == [] and retriever.sentence_count == 0


def test_hits_carry_the_sentence_and_equal_rank_bm25(filled):
    retriever = Retriever.open(filled, ANALYZER)
    hits = retriever.search("Who is the US envoy for North Korea?", 3)
    assert hits[0].sentence.source == "a.txt"
    assert hits[0].sentence.text in ARTICLE_A
    for query in ("Who is the US envoy for North Korea?", "Kim Jong Un", "Seoul weather", "zzz unknown", "envoy envoy"):
        assert_matches_oracle(retriever, filled, query)
    assert retriever.sentence_count == 5
    assert retriever.document_frequency("envoy") == 2 and retriever.document_frequency("nope") == 0
    assert retriever.idf("envoy") == pytest.approx(np.log((5 + 1) / 2))
    assert retriever.search("Seoul", 0) == []


def test_a_second_open_loads_the_saved_index_without_rebuilding(filled, caplog):
    Retriever.open(filled, ANALYZER)
    with caplog.at_level(logging.INFO, logger="retrieval.index.retriever"):
        again = Retriever.open(filled, ANALYZER)
    assert not [r for r in caplog.records if "built" in r.message or "updated" in r.message]
    assert again.version == filled.version()
    assert_matches_oracle(again, filled, "envoy in Seoul")


def test_refresh_applies_new_batches_and_replacements(filled):
    retriever = Retriever.open(filled, ANALYZER)
    assert retriever.refresh() is False
    filled.add_batch([parsed_article("c.txt", ["A typhoon hit Okinawa and the envoy stayed home."])], replace=False)
    assert retriever.refresh() is True
    assert_matches_oracle(retriever, filled, "typhoon envoy")
    filled.add_batch([parsed_article("a.txt", ["Sung Kim left Seoul for Tokyo."])], replace=True)
    assert retriever.refresh() is True
    assert all(h.sentence.source != "a.txt" or "left" in h.sentence.text for h in retriever.search("Seoul envoy Kim", 10))
    assert_matches_oracle(retriever, filled, "Seoul envoy Kim")
    assert retriever.sentence_count == 4


def test_a_pinned_snapshot_keeps_answering_from_its_own_version_across_a_refresh(filled):
    retriever = Retriever.open(filled, ANALYZER)
    pinned = retriever.pinned()
    filled.add_batch([parsed_article("c.txt", ["A typhoon hit Okinawa and the envoy stayed home."])], replace=False)
    assert retriever.refresh() is True
    # the question in flight still sees the old statistics; the next one sees the batch
    assert pinned.document_frequency("typhoon") == 0 and pinned.sentence_count == 5
    assert pinned.search("typhoon", 5) == [] and pinned.version != retriever.version
    assert retriever.document_frequency("typhoon") == 1 and retriever.sentence_count == 6
    assert pinned.idf("envoy") != retriever.idf("envoy")


def test_stale_saved_index_is_updated_incrementally_on_open(filled, caplog):
    Retriever.open(filled, ANALYZER)
    filled.add_batch([parsed_article("c.txt", ["Typhoon warnings in Okinawa."])], replace=False)
    with caplog.at_level(logging.INFO, logger="retrieval.index.retriever"):
        retriever = Retriever.open(filled, ANALYZER)
    messages = [r.message for r in caplog.records]
    assert any("updated to batch 2" in m for m in messages) and not any("built" in m for m in messages)
    assert_matches_oracle(retriever, filled, "typhoon Okinawa")


@pytest.mark.parametrize("damage", ["truncate", "garbage_manifest", "delete_file"])
def test_damaged_index_is_rebuilt_not_trusted(filled, damage, caplog):
    Retriever.open(filled, ANALYZER)
    directory = _home(filled.path)
    arrays = sorted(p for p in directory.iterdir() if p.name.endswith("post_doc.npy"))
    if damage == "truncate":
        arrays[-1].write_bytes(arrays[-1].read_bytes()[:-8])
    elif damage == "garbage_manifest":
        (directory / "manifest.json").write_text("]]")
    else:
        for p in arrays:
            p.unlink()
    with caplog.at_level(logging.INFO, logger="retrieval.index.retriever"):
        retriever = Retriever.open(filled, ANALYZER)
    assert any("built" in r.message for r in caplog.records)
    assert_matches_oracle(retriever, filled, "envoy Seoul")
    assert index_files.load(directory, DEFAULT_PARAMS).index.size == 5  # and saved again, whole


def test_index_of_another_store_or_analyzer_is_not_used(tmp_path, filled, caplog):
    Retriever.open(filled, ANALYZER)
    other_path = tmp_path / "other.sqlite3"
    with Store.open(other_path, create=True) as other:
        other.add_batch([parsed_article("z.txt", ["Completely different words about rice."])], replace=False)
        # copy store A's index next to store B: foreign store id, must be rebuilt
        src = _home(filled.path)
        dst = _home(other_path)
        dst.mkdir(parents=True)
        for p in src.iterdir():
            (dst / p.name).write_bytes(p.read_bytes())
        retriever = Retriever.open(other, ANALYZER)
        assert retriever.sentence_count == 1
        assert [h.sentence.source for h in retriever.search("rice", 3)] == ["z.txt"]
    plain = Analyzer(AnalyzerOptions(stem=False, stop_words=False))
    with caplog.at_level(logging.INFO, logger="retrieval.index.retriever"):
        unstemmed = Retriever.open(filled, plain)
    assert any("built" in r.message for r in caplog.records)
    assert unstemmed.document_frequency("the") == 4  # stop words kept by that analyzer


INGEST = """
import sys
from pathlib import Path
from retrieval.corpus.store import Store
from retrieval.corpus.ingest import ingest_paths
with Store.open(Path(sys.argv[1]), create=False) as store:
    report = ingest_paths(store, [Path(sys.argv[2])], replace=True)
    print(report.batch)
"""


@pytest.mark.e2e
def test_a_running_retriever_answers_from_a_batch_another_process_ingested(filled, tmp_path):
    retriever = Retriever.open(filled, ANALYZER)
    assert retriever.search("volcano Iceland", 3) == []
    article = tmp_path / "volcano.txt"
    article.write_text("Volcano erupts in Iceland\n\nA volcano erupted in Iceland on Sunday, officials said.\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", INGEST, str(filled.path), str(article)], cwd=PROJECT_ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert retriever.refresh() is True
    hits = retriever.search("volcano Iceland", 3)
    assert hits and hits[0].sentence.source == "volcano.txt"
    assert_matches_oracle(retriever, filled, "volcano Iceland officials")


def test_queries_during_refresh_see_old_or_new_never_an_error(filled):
    retriever = Retriever.open(filled, ANALYZER, persist=False)
    before = len(retriever.search("envoy report", 20))
    errors: list[BaseException] = []
    seen: set[int] = set()
    stop = threading.Event()

    def ask() -> None:
        while not stop.is_set():
            try:
                hits = retriever.search("envoy report", 20)
                scores = [h.score for h in hits]
                assert scores == sorted(scores, reverse=True)
                seen.add(len(hits))
            except BaseException as exc:
                errors.append(exc)
                return

    threads = [threading.Thread(target=ask) for _ in range(3)]
    for t in threads:
        t.start()
    try:
        for i in range(15):
            filled.add_batch([parsed_article(f"n{i}.txt", [f"The envoy filed report number {i}."])], replace=False)
            assert retriever.refresh()
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert not errors, errors[0]
    after = len(retriever.search("envoy report", 20))
    assert after > before, "the batches added sentences the query matches"
    # Every answer came from one whole snapshot: never fewer hits than the first, never more than the last.
    assert seen and all(before <= n <= after for n in seen), (before, sorted(seen), after)
    assert retriever.search("envoy report", 30)[0].sentence.text.startswith("The envoy filed report")
    assert len(retriever.search("envoy report", 30)) == 17


def test_large_updates_analysed_in_worker_processes_give_the_same_index(filled, monkeypatch):
    from retrieval.index import retriever as retriever_module

    filled.add_batch([parsed_article(f"p{i}.txt", [f"Envoy {i} met officials in Seoul.", "Rice prices rose."])
                      for i in range(6)], replace=False)
    monkeypatch.setattr(retriever_module, "PARALLEL_MIN_SENTENCES", 3)
    monkeypatch.setattr(retriever_module, "_PART", 4)
    retriever = Retriever.open(filled, ANALYZER, persist=False)
    assert retriever.sentence_count == 17
    for query in ("envoy Seoul officials", "rice prices", "Kim Jong Un"):
        assert_matches_oracle(retriever, filled, query)


# -- index damage the loader must catch (one log line naming the file, then a rebuild) --
def _warnings(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]


def _reopen(store, caplog) -> Retriever:
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="retrieval.index.retriever"):
        return Retriever.open(store, ANALYZER)


def _home(store_path: Path) -> Path:
    """Where `Retriever.open(store, ANALYZER)` saves the index of the store at `store_path`."""
    return index_files.index_home(store_path, ANALYZER.version, DEFAULT_PARAMS.stamp())


def _manifest_path(store) -> Path:
    return _home(store.path) / "manifest.json"


def test_a_damaged_npy_header_is_one_line_then_a_rebuild(filled, caplog):
    Retriever.open(filled, ANALYZER)
    manifest = json.loads(_manifest_path(filled).read_text())
    path = _home(filled.path) / manifest["files"]["doc_len"]["file"]
    data = bytearray(path.read_bytes())
    data[10:30] = b"{'descr': '<i4', 'sh"  # a header cut short: numpy's parser raises tokenize.TokenError
    path.write_bytes(bytes(data))
    retriever = _reopen(filled, caplog)
    warnings = _warnings(caplog)
    assert len(warnings) == 1 and path.name in warnings[0] and "header" in warnings[0]
    assert any("built" in r.getMessage() for r in caplog.records)
    assert_matches_oracle(retriever, filled, "envoy Seoul")
    assert index_files.verify(_home(filled.path)) == []


def test_files_null_in_the_manifest_is_one_line_then_a_rebuild(filled, caplog):
    Retriever.open(filled, ANALYZER)
    manifest = json.loads(_manifest_path(filled).read_text())
    manifest["files"] = None
    manifest["digest"] = index_files._digest(manifest)
    _manifest_path(filled).write_text(json.dumps(manifest))
    retriever = _reopen(filled, caplog)
    warnings = _warnings(caplog)
    assert len(warnings) == 1 and "manifest.json" in warnings[0] and "'files'" in warnings[0]
    assert_matches_oracle(retriever, filled, "envoy Seoul")


def test_a_hand_edited_meta_row_never_serves_a_wrong_index(filled, caplog):
    Retriever.open(filled, ANALYZER)
    conn = sqlite3.connect(filled.path)
    conn.execute("UPDATE meta SET value = 'abc' WHERE key = 'batch'")
    conn.commit()
    with pytest.raises(StoreError, match="meta table holds batch 'abc'"):
        filled.version()
    conn.execute("UPDATE meta SET value = '0' WHERE key = 'batch'")  # lowered: the index is "newer"
    conn.commit()
    _reopen(filled, caplog)
    assert any("newer than the store" in w for w in _warnings(caplog))
    conn.execute("UPDATE meta SET value = '1' WHERE key = 'batch'")
    conn.execute("UPDATE meta SET value = 'someone-else' WHERE key = 'store_id'")
    conn.commit()
    conn.close()
    with Store.open(filled.path, create=False) as edited:
        retriever = _reopen(edited, caplog)
        assert any("belongs to store" in w for w in _warnings(caplog))
        assert_matches_oracle(retriever, edited, "envoy Seoul")


def test_an_index_from_a_copy_of_the_store_does_not_pass_for_the_original(filled, tmp_path, caplog):
    Retriever.open(filled, ANALYZER)
    filled.close()
    copy_path = tmp_path / "copy.sqlite3"
    shutil.copyfile(filled.path, copy_path)  # same store id, same batch: only the file differs
    with Store.open(copy_path, create=False) as copy:
        # the copy goes its own way: another batch 2, then its index is copied over the original's
        copy.add_batch([parsed_article("c.txt", ["Volcano erupts in Iceland, envoy says."])], replace=False)
        Retriever.open(copy, ANALYZER)
    with Store.open(filled.path, create=False) as original:
        original.add_batch([parsed_article("d.txt", ["Typhoon in Okinawa, envoy stays home."])], replace=False)
        shutil.rmtree(_home(original.path))
        shutil.copytree(_home(copy_path), _home(original.path))
        retriever = _reopen(original, caplog)
        assert any("another copy of this store" in w for w in _warnings(caplog))
        assert retriever.search("volcano Iceland", 3) == []
        assert_matches_oracle(retriever, original, "typhoon envoy")


def test_an_index_older_than_a_diverged_copy_is_not_advanced(filled, tmp_path, caplog):
    """Same file identity cannot tell a store restored from an older copy; the batch records can."""
    Retriever.open(filled, ANALYZER)
    filled.add_batch([parsed_article("c.txt", ["Volcano erupts in Iceland."])], replace=False)
    Retriever.open(filled, ANALYZER)  # index at batch 2
    manifest = json.loads(_manifest_path(filled).read_text())
    manifest["batch_mark"] = "2020-01-01|2020-01-01|1|6"  # as if built from another store's batch 2
    manifest["digest"] = index_files._digest(manifest)
    _manifest_path(filled).write_text(json.dumps(manifest))
    filled.add_batch([parsed_article("d.txt", ["Typhoon in Okinawa."])], replace=False)
    retriever = _reopen(filled, caplog)
    assert any("record of batch 2 differs" in w for w in _warnings(caplog))
    assert_matches_oracle(retriever, filled, "volcano typhoon")


def test_an_index_file_truncated_under_a_running_retriever_is_rebuilt_not_a_sigbus(filled, caplog):
    retriever = Retriever.open(filled, ANALYZER)
    retriever = Retriever.open(filled, ANALYZER)  # this one maps the saved files
    assert retriever._snap.mapped
    victim = max(retriever._snap.mapped, key=lambda m: m.bytes)
    with open(victim.path, "r+b") as f:
        f.truncate(0)
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="retrieval.index.retriever"):
        assert retriever.refresh() is True  # checked before the next question reads it
    warnings = _warnings(caplog)
    assert len(warnings) == 1 and victim.path.name in warnings[0] and "shrank" in warnings[0]
    assert_matches_oracle(retriever, filled, "envoy Seoul")
    assert retriever.refresh() is False


def test_check_reads_every_byte(filled):
    first = Retriever.open(filled, ANALYZER)
    assert first.check() == [f"no index at {_home(filled.path)}; it was built from the store"]
    first.close()
    retriever = Retriever.open(filled, ANALYZER)  # the index the first open saved
    assert retriever.check() == []
    manifest = json.loads(_manifest_path(filled).read_text())
    path = _home(filled.path) / manifest["files"]["post_doc"]["file"]
    data = bytearray(path.read_bytes())
    data[-1] ^= 0x01
    path.write_bytes(bytes(data))
    problems = retriever.check()
    assert len(problems) == 1 and path.name in problems[0]
