"""Two versions of the analyzer on one store (a bot still running the old release while the new one
ingests; here: stemming on and off): each keeps its own saved index, so neither rebuilds the other's
away at every open (real `qabot` subprocesses on one store file)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import PROJECT_ROOT, SEEDS

from retrieval.index.retriever import index_home_of
from retrieval.records import AnalyzerOptions

pytestmark = pytest.mark.e2e


def _qabot(home: Path, *args: str, stem: bool = True) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QABOT_", "TELEGRAM_"))}
    env.update(HOME=str(home), PYTHONPATH=str(PROJECT_ROOT), QABOT_LOG_LEVEL="INFO", QABOT_STEM=str(stem).lower())
    return subprocess.run([sys.executable, "-m", "bot", "--store", str(home / "store.sqlite3"), *args],
                          cwd=home, env=env, capture_output=True, text=True, timeout=120)


def _ask(home: Path, stem: bool) -> tuple[dict, str]:
    done = _qabot(home, "ask", "Who hopes North Korea will respond?", "--json", stem=stem)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout), done.stderr


def test_two_analyzer_versions_on_one_store_each_keep_their_own_index(tmp_path: Path) -> None:
    assert _qabot(tmp_path, "ingest", str(SEEDS)).returncode == 0
    store = tmp_path / "store.sqlite3"
    stemmed, unstemmed = index_home_of(store), index_home_of(store, AnalyzerOptions(stem=False))
    assert stemmed != unstemmed and (stemmed / "manifest.json").is_file()

    first, _ = _ask(tmp_path, stem=True)
    _, log = _ask(tmp_path, stem=False)  # the other version builds its own, beside
    assert "built" in log and (unstemmed / "manifest.json").is_file() and (stemmed / "manifest.json").is_file()
    again, log = _ask(tmp_path, stem=True)  # the first version still finds its own, untouched
    assert "not using the saved index" not in log and "built" not in log, log
    assert again["answers"] == first["answers"] and not first["no_answer"]
    _, log = _ask(tmp_path, stem=False)
    assert "not using the saved index" not in log and "built" not in log, log

    # A batch ingested by one version reaches the other: it catches its own index up from the store.
    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / "volcano.txt").write_text("Zorblax volcano erupts\n\nThe Zorblax volcano erupted on Tuesday, officials said.\n",
                                       encoding="utf-8")
    assert _qabot(tmp_path, "ingest", str(batch), stem=False).returncode == 0
    done = _qabot(tmp_path, "ask", "When did the Zorblax volcano erupt?", "--json", stem=True)
    assert done.returncode == 0 and "Tuesday" in json.loads(done.stdout)["answers"][0]["text"], done.stdout


def test_an_index_nobody_used_for_a_month_is_removed_at_another_versions_save(tmp_path: Path) -> None:
    assert _qabot(tmp_path, "ingest", str(SEEDS), stem=False).returncode == 0
    store = tmp_path / "store.sqlite3"
    old = index_home_of(store, AnalyzerOptions(stem=False))
    month_ago = time.time() - 31 * 24 * 3600
    os.utime(old / "manifest.json", (month_ago, month_ago))
    flat = store.with_name("store.sqlite3.index") / "manifest.json"  # an older release's flat layout
    flat.write_text("{}", encoding="utf-8")
    os.utime(flat, (month_ago, month_ago))
    _ask(tmp_path, stem=True)  # builds and saves the stemmed index: the idle ones go
    assert not old.exists() and not flat.exists()
    assert (index_home_of(store) / "manifest.json").is_file()
    _, log = _ask(tmp_path, stem=False)  # the old version, should it come back, rebuilds: slower, never wrong
    assert "built" in log
