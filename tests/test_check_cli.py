"""`qabot check`: reads every byte of the saved index, names each problem, rebuilds (real subprocesses)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SEEDS, qabot_cli

from retrieval.index.retriever import index_home_of

pytestmark = pytest.mark.e2e


qabot = qabot_cli


def test_check_finds_a_flipped_byte_the_fast_open_misses_and_rebuilds(tmp_path: Path) -> None:
    assert qabot(tmp_path, "ingest", str(SEEDS)).returncode == 0
    done = qabot(tmp_path, "check")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("The index is sound (")
    directory = index_home_of(tmp_path / "store.sqlite3")
    manifest = json.loads((directory / "manifest.json").read_text())
    path = directory / manifest["files"]["post_doc"]["file"]
    data = bytearray(path.read_bytes())
    data[-2] ^= 0x01
    path.write_bytes(bytes(data))

    reported = qabot(tmp_path, "check", "--no-repair")
    assert reported.returncode == 1
    first, hint = reported.stdout.splitlines()
    assert path.name in first and "CRC-32" in first and "without --no-repair" in hint

    repaired = qabot(tmp_path, "check")
    assert repaired.returncode == 1 and repaired.stdout.splitlines()[-1] == "The index was rebuilt from the store."
    assert qabot(tmp_path, "check").returncode == 0


@pytest.mark.parametrize("damage", ["garbage manifest", "truncated file", "deleted index"])
def test_check_reports_damage_that_opening_already_repaired(tmp_path: Path, damage: str) -> None:
    assert qabot(tmp_path, "ingest", str(SEEDS)).returncode == 0
    directory = index_home_of(tmp_path / "store.sqlite3")
    manifest_path = directory / "manifest.json"
    if damage == "garbage manifest":
        manifest_path.write_text("{not json")
    elif damage == "truncated file":
        path = directory / json.loads(manifest_path.read_text())["files"]["post_doc"]["file"]
        path.write_bytes(path.read_bytes()[:-8])
    else:
        for path in directory.iterdir():
            path.unlink()
        directory.rmdir()
    reported = qabot(tmp_path, "check", "--no-repair")
    assert reported.returncode == 1, reported.stdout
    assert "rebuilt from the store" in reported.stdout or "built from the store" in reported.stdout
    assert "is sound" not in reported.stdout
    assert qabot(tmp_path, "check").returncode == 0  # the rebuilt index is sound from then on
