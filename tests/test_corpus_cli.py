"""`qabot ingest` and `qabot sources` as a user runs them: real subprocesses on a real store."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PROJECT_ROOT, SEEDS, qabot_cli, write_articles

SEED_NAMES = sorted(p.name for p in SEEDS.glob("*.txt"))


qabot = qabot_cli


def test_ingest_prints_a_summary_and_sources_lists_the_articles(tmp_path: Path) -> None:
    done = qabot(tmp_path, "ingest", str(SEEDS))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("batch 1: 5 added, 0 skipped (already stored), 0 replaced, 0 rejected;")

    listed = qabot(tmp_path, "sources")
    assert listed.returncode == 0, listed.stderr
    header, *rows = listed.stdout.splitlines()
    assert header.split() == ["SOURCE", "TITLE", "SITE", "DATE", "SENTENCES", "BATCH", "URL"]
    assert [r.split()[0] for r in rows] == SEED_NAMES
    assert all(r.split()[-2:] == ["1", "-"] for r in rows)  # batch 1; the seeds carry no URL

    as_json = json.loads(qabot(tmp_path, "sources", "--json").stdout)
    assert [a["source"] for a in as_json] == SEED_NAMES
    first = as_json[0]
    assert first["title"].startswith("US hopes N. Korea will respond") and first["date"] == "2021-06-22"
    assert first["sentences"] > 0 and first["batch"] == 1
    assert [a["site"] for a in as_json][3:] == ["Yonhap", "Bloomberg"]  # from a caption credit and a credit line


def test_rejections_are_listed_with_reasons_and_exit_status_is_one(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    write_articles(folder, 2)
    (folder / "empty.txt").write_bytes(b"")
    done = qabot(tmp_path, "ingest", str(folder), "--json")
    assert done.returncode == 1, done.stderr
    summary = json.loads(done.stdout)
    assert summary["batch"] == 1
    assert summary["added"] == ["article00000.txt", "article00001.txt"]
    assert summary["rejected"] == [{"source": "empty.txt", "reason": "empty file (0 bytes)"}]

    text = qabot(tmp_path, "ingest", str(folder))
    assert text.returncode == 1
    assert "0 added, 2 skipped" in text.stdout and "  empty.txt: empty file (0 bytes)" in text.stdout


def test_changed_file_needs_replace(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text("Story\n\nThe minister resigned on Monday.\n")
    assert qabot(tmp_path, "ingest", str(path)).returncode == 0
    path.write_text("Story\n\nThe minister stayed on Monday.\n")
    refused = qabot(tmp_path, "ingest", str(path))
    assert refused.returncode == 1
    assert "story.txt: already stored with different content; use --replace" in refused.stdout
    replaced = qabot(tmp_path, "ingest", str(path), "--replace", "--json")
    assert replaced.returncode == 0, replaced.stderr
    assert json.loads(replaced.stdout)["replaced"] == ["story.txt"]


def test_sources_of_a_missing_named_store_is_an_error(tmp_path: Path) -> None:
    done = qabot(tmp_path, "sources")
    assert done.returncode == 1
    assert f"no store at {tmp_path / 'store.sqlite3'}" in done.stderr
    assert not (tmp_path / "store.sqlite3").exists()


def test_ingest_creates_a_named_store_empty_not_from_seeds(tmp_path: Path) -> None:
    path = tmp_path / "one.txt"
    path.write_text("One\n\nOnly this article is in the store.\n")
    assert qabot(tmp_path, "ingest", str(path)).returncode == 0
    assert [a["source"] for a in json.loads(qabot(tmp_path, "sources", "--json").stdout)] == ["one.txt"]


@pytest.mark.parametrize("args", [["ingest", "--help"], ["sources", "--help"]])
def test_help_explains_the_command(tmp_path: Path, args: list[str]) -> None:
    done = qabot(tmp_path, *args)
    assert done.returncode == 0 and "usage:" in done.stdout


def test_sources_into_a_reader_that_stops_early_ends_quietly(tmp_path: Path) -> None:
    assert qabot(tmp_path, "ingest", str(SEEDS)).returncode == 0
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QABOT_", "TELEGRAM_"))}
    env.update(HOME=str(tmp_path), PYTHONPATH=str(PROJECT_ROOT))
    for args in (["sources", "--json"], ["sources"]):
        # The reader goes away before qabot writes a byte, as `| head` does once it has its lines.
        child = subprocess.Popen([sys.executable, "-m", "bot", "--store", str(tmp_path / "store.sqlite3"), *args],
                                 cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert child.stdout is not None
        child.stdout.close()
        _, err = child.communicate(timeout=60)
        assert child.returncode == 0, err
        assert err == ""


def test_a_file_name_with_terminal_escapes_is_listed_harmlessly(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "evil\x1b[2J.txt").write_text("Title \x1b]0;pwned\x07\n\n" + "The minister resigned on Monday. " * 20 + "\n")
    (folder / "bad\x1b[5m.txt").write_bytes(b"")
    done = qabot(tmp_path, "ingest", str(folder))
    assert "\x1b" not in done.stdout and "  bad [5m.txt: empty file (0 bytes)" in done.stdout
    listed = qabot(tmp_path, "sources")
    assert listed.returncode == 0 and "\x1b" not in listed.stdout and "evil [2J.txt" in listed.stdout
    as_json = qabot(tmp_path, "sources", "--json")
    assert "\x1b" not in as_json.stdout and json.loads(as_json.stdout)[0]["source"] == "evil\x1b[2J.txt"


def test_store_and_log_level_may_follow_the_command(tmp_path: Path) -> None:
    # qabot_cli gives --store HOME/store.sqlite3 first; the one after the command wins, as typed last.
    other = tmp_path / "other.sqlite3"
    done = qabot(tmp_path, "ingest", "--store", str(other), "--log-level", "error", str(SEEDS))
    assert done.returncode == 0, done.stderr
    assert other.exists() and not (tmp_path / "store.sqlite3").exists()
    listed = qabot(tmp_path, "sources", "--store", str(other), "--json")
    assert [a["source"] for a in json.loads(listed.stdout)] == SEED_NAMES


def test_a_first_batch_that_writes_nothing_leaves_no_store(tmp_path: Path) -> None:
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("caf\xe9 au lait\n".encode("latin-1"))
    keep = tmp_path / "notes.txt.bak"  # a file that only looks like the store's: never touched
    keep.write_text("mine")
    done = qabot(tmp_path, "ingest", str(bad))
    assert done.returncode == 1 and "latin1.txt: not UTF-8" in done.stdout
    assert f"No store was created at {tmp_path / 'store.sqlite3'}" in done.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["latin1.txt", "notes.txt.bak"]
    # once it holds articles, a rejected-only batch leaves the store as it was
    good = tmp_path / "one.txt"
    good.write_text("One\n\nOnly this article is in the store.\n")
    assert qabot(tmp_path, "ingest", str(good)).returncode == 0
    again = qabot(tmp_path, "ingest", str(bad))
    assert again.returncode == 1 and "The store now holds 1 articles" in again.stdout
    assert (tmp_path / "store.sqlite3").exists()
