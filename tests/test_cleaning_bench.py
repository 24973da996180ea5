"""`bench.cleaning` scores a page whose stored text differs from the file inside lines only (its HTML character
references stored as the characters they stand for): the labels' line numbers are the stored text's lines too."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from bench import cleaning

PAGE = [
    "Storm closes mountain roads",
    "",
    "A late winter storm closed every mountain road in the county on Thursday &#8212; and stranded drivers.",
    "",
    "Share this story",
    "",
    "Crews worked through the night to clear the highway, the county said in a statement.",
]


def test_a_page_stored_with_its_character_references_decoded_is_scored_by_its_lines(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    raw = "\n".join(PAGE) + "\n"
    (pages / "storm.txt").write_text(raw, encoding="utf-8")
    lines = raw.splitlines()
    label = {"file": "storm.txt", "lines": len(lines), "body": [3, 7], "furniture": [5],
             "sha1": {str(n): hashlib.sha1(lines[n - 1].strip().encode()).hexdigest()[:8] for n in (3, 5, 7)}}
    labels = tmp_path / "labels.jsonl"
    labels.write_text(json.dumps(label) + "\n", encoding="utf-8")
    assert cleaning.main(["--labels", str(labels), "--pages", str(pages)]) == 0
    out = capsys.readouterr().out
    assert "furniture lines out of the body (recall): 1/1 = 100.0%" in out
    assert "body sentences lost from the body:        0/2 = 0.0%" in out
