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
    # One line naming the stored article the name belongs to, and what to do.
    assert ('story.txt: a different article is already stored as story.txt (batch 1, "Story"); use --replace to '
            "replace it with this file, or rename this file") in refused.stdout
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
    assert again.returncode == 1 and "The store now holds 1 article," in again.stdout
    assert (tmp_path / "store.sqlite3").exists()


# -- what an operator adding a batch is told ------------------------------------------------------
def _zip(path: Path, entries: dict[str, str]) -> Path:
    import zipfile

    with zipfile.ZipFile(path, "w") as archive:
        for name, text in entries.items():
            archive.writestr(name, text)
    return path


STORY = "Bridge {n} opens\n\nThe mayor of Springfield said on Monday that bridge {n} would open in {n} weeks. " \
        "She told reporters the cost had risen to {n} million dollars.\n"


def test_files_that_are_not_articles_are_named_in_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    (folder / "docs").mkdir(parents=True)
    (folder / "story.txt").write_text(STORY.format(n=1))
    for name in ("a.pdf", "b.md", "docs/c.docx", "d.json"):
        (folder / name).write_bytes(b"not an article")
    (folder / ".DS_Store").write_bytes(b"\0")  # hidden: nobody meant it
    done = qabot(tmp_path, "ingest", str(folder))
    assert done.returncode == 0, done.stdout + done.stderr  # the article was added: the others are a note
    assert "Skipped 4 files not .txt/.html/.htm/.zip: a.pdf, b.md, d.json, docs/c.docx." in done.stdout.splitlines()
    as_json = json.loads(qabot(tmp_path, "ingest", str(folder), "--json").stdout)
    assert as_json["passed_over"] == ["a.pdf", "b.md", "d.json", "docs/c.docx"]
    assert as_json["notes"] == ["skipped 4 files not .txt/.html/.htm/.zip: a.pdf, b.md, d.json, docs/c.docx"]


def test_a_folder_with_nothing_to_ingest_says_so_and_fails(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "pdfs").mkdir()
    (tmp_path / "pdfs" / "scan.pdf").write_bytes(b"%PDF-1.4")
    done = qabot(tmp_path, "ingest", str(tmp_path / "empty"), str(tmp_path / "pdfs"))
    assert done.returncode == 1  # nothing added, nothing already stored: the operator must look
    lines = done.stdout.splitlines()
    assert f"No articles in {tmp_path / 'empty'}: it holds no .txt/.html/.htm files." in lines
    assert f"No articles in {tmp_path / 'pdfs'}: it holds no .txt/.html/.htm files." in lines
    assert "Skipped 1 file not .txt/.html/.htm/.zip: scan.pdf." in lines
    # An empty folder beside real articles is a note, not a failure; a batch ingested again is no failure either.
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "story.txt").write_text(STORY.format(n=1))
    assert qabot(tmp_path, "ingest", str(tmp_path / "news"), str(tmp_path / "empty")).returncode == 0
    again = qabot(tmp_path, "ingest", str(tmp_path / "news"))
    assert again.returncode == 0
    assert "  1 already stored unchanged (same name, same text): story.txt" in again.stdout.splitlines()


def test_a_name_clash_names_both_files_and_the_rest_of_the_batch_lands(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    (folder / "a").mkdir(parents=True)
    (folder / "a" / "story.txt").write_text(STORY.format(n=1))
    # A zip beside it is read as if unpacked there: its a/story.txt would be cited as the folder's is.
    _zip(folder / "more.zip", {"a/story.txt": STORY.format(n=2), "c/other.txt": STORY.format(n=3)})
    done = qabot(tmp_path, "ingest", str(folder))
    assert done.returncode == 1
    assert done.stdout.startswith("batch 1: 2 added")
    assert (f"  a/story.txt (entry of {folder / 'more.zip'}): same name as {folder / 'a' / 'story.txt'}, earlier in this "
            "batch, so this one was left out: rename one of them (answers cite the name, so it must be unique)"
            in done.stdout.splitlines())

    # A zip entry named like a stored article with other text: one line naming the stored one; the rest lands.
    _zip(tmp_path / "next.zip", {"a/story.txt": STORY.format(n=4), "d/new.txt": STORY.format(n=5)})
    nxt = qabot(tmp_path, "ingest", str(tmp_path / "next.zip"), "--json")
    assert nxt.returncode == 1
    summary = json.loads(nxt.stdout)
    assert summary["added"] == ["d/new.txt"]
    assert summary["rejected"] == [{
        "source": "a/story.txt", "file": f"entry of {tmp_path / 'next.zip'}",
        "reason": 'a different article is already stored as a/story.txt (batch 1, "Bridge 1 opens"); '
                  "use --replace to replace it with this file, or rename this file",
    }]


def test_the_same_story_under_another_name_is_skipped_as_a_duplicate(tmp_path: Path) -> None:
    seed = sorted(SEEDS.glob("*.txt"))[1]
    assert qabot(tmp_path, "ingest", str(seed)).returncode == 0
    raw = seed.read_text(encoding="utf-8")
    lines = raw.split("\n")
    (tmp_path / "copy.txt").write_text(raw, encoding="utf-8")  # the very same text
    # The same article saved again: other white space, and page furniture the cleaner leaves out.
    resaved = ("\n".join(line.replace(" ", "  ") + "  " for line in lines[:3])
               + "\nShare this article\nSign up for our newsletter\nUpdated 2 hours ago\n\n" + "\n".join(lines[3:]))
    (tmp_path / "resaved.txt").write_text(resaved, encoding="utf-8")
    (tmp_path / "new.txt").write_text(STORY.format(n=1))
    done = qabot(tmp_path, "ingest", str(tmp_path / "copy.txt"), str(tmp_path / "resaved.txt"), str(tmp_path / "new.txt"))
    assert done.returncode == 0, done.stdout
    out = done.stdout.splitlines()
    assert out[0].startswith("batch 2: 1 added, 2 skipped")
    assert f"  copy.txt: duplicate of {seed.name} (already stored)" in out
    assert f"  resaved.txt: duplicate of {seed.name} (already stored; only furniture or white space differ)" in out
    listed = json.loads(qabot(tmp_path, "sources", "--json").stdout)
    assert [a["source"] for a in listed] == ["001_7342f5ca1e5f7eb0.txt", "new.txt"]
    # In one batch, the second copy is the first one's duplicate.
    (tmp_path / "twice").mkdir()
    (tmp_path / "twice" / "one.txt").write_text(STORY.format(n=7))
    (tmp_path / "twice" / "two.txt").write_text(STORY.format(n=7).replace(" ", "   "))
    as_json = json.loads(qabot(tmp_path, "ingest", str(tmp_path / "twice"), "--json").stdout)
    assert as_json["added"] == ["one.txt"]
    assert as_json["duplicates"] == [{"source": "two.txt", "of": "one.txt", "stored": False, "exact": False,
                                      "reason": "duplicate of one.txt (earlier in this batch; only furniture or white space differ)"}]


def test_replace_frees_the_old_text(tmp_path: Path) -> None:
    import sqlite3

    (tmp_path / "a.txt").write_text(STORY.format(n=1))
    assert qabot(tmp_path, "ingest", str(tmp_path / "a.txt")).returncode == 0
    # The story moves to c.txt and a.txt gets a new one, in one batch: c.txt is no duplicate of a's old text.
    (tmp_path / "c.txt").write_text(STORY.format(n=1))
    (tmp_path / "a.txt").write_text(STORY.format(n=2))
    done = json.loads(qabot(tmp_path, "ingest", "--replace", str(tmp_path / "a.txt"), str(tmp_path / "c.txt"), "--json").stdout)
    assert done["replaced"] == ["a.txt"] and done["added"] == ["c.txt"] and done["skipped"] == []
    conn = sqlite3.connect(tmp_path / "store.sqlite3")
    orphans = {
        "sentences": "SELECT COUNT(*) FROM sentences WHERE article_id NOT IN (SELECT id FROM articles)",
        "copy_keys": "SELECT COUNT(*) FROM copy_keys WHERE sentence_id NOT IN (SELECT id FROM sentences)",
        "term_spans": "SELECT COUNT(*) FROM term_spans WHERE sentence_id NOT IN (SELECT id FROM sentences)",
    }
    assert {table: conn.execute(sql).fetchone()[0] for table, sql in orphans.items()} == dict.fromkeys(orphans, 0)
    sentences = [r[0] for r in conn.execute("SELECT text FROM sentences s JOIN articles a ON a.id = s.article_id"
                                            " WHERE a.source = 'a.txt'")]
    assert sentences and all("2" in s or "Bridge" in s for s in sentences) and not any("1 million" in s for s in sentences)
    conn.close()
    # The old text is answered from c.txt only; the index holds no sentence of a.txt's old text.
    answer = json.loads(qabot(tmp_path, "ask", "How much has the cost of bridge 1 risen to?", "--json").stdout)
    assert answer["answers"][0]["source"] == "c.txt"
    assert all(a["source"] != "a.txt" or "1 million" not in a["text"] for a in answer["answers"])

