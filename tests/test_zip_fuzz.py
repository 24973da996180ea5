"""Byte-mutated zips: the batch reader turns every kind of damage into rejections, never a traceback.

400 cases from a fixed seed (so a failure reproduces), spread over the four compression methods
zipfile writes (stored, deflate, bzip2, LZMA) and three kinds of damage (overwritten bytes, cut
bytes, inserted bytes). Beside every damaged archive the batch also names a good `.txt` file and a
good zip: they must land whatever the damaged one does.
"""
from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

import pytest

from retrieval.corpus.batch import collect_batch
from retrieval.records import IngestLimits

CASES = 400
SEED = 20260101
METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA)
BODY = "Officials met in Seoul on Monday. Talks on trade would resume next week, they said.\n"


def _archive(method: int, entries: int = 3) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=method) as archive:
        for i in range(entries):
            archive.writestr(f"news/story{i}.txt", f"Story {i}\n\n" + BODY * (5 + 7 * i))
    return buffer.getvalue()


def _mutated(data: bytes, rng: random.Random) -> bytes:
    damaged = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        pos = rng.randrange(len(damaged))
        kind = rng.random()
        if kind < 0.7:
            damaged[pos] = rng.randrange(256)
        elif kind < 0.85:
            del damaged[pos : pos + rng.randint(1, 40)]
        else:
            damaged[pos:pos] = rng.randbytes(rng.randint(1, 20))
    return bytes(damaged)


@pytest.fixture(scope="module")
def good_pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("good")
    (folder / "beside.txt").write_text("Beside\n\n" + BODY, encoding="utf-8")
    with zipfile.ZipFile(folder / "fine.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("fine/one.txt", "Fine\n\n" + BODY)
    return folder / "beside.txt", folder / "fine.zip"


def test_no_mutated_zip_raises_and_the_good_files_beside_it_still_come_through(
        tmp_path: Path, good_pair: tuple[Path, Path]) -> None:
    rng = random.Random(SEED)
    originals = {method: _archive(method) for method in METHODS}
    limits = IngestLimits()
    outcomes = {"read whole": 0, "partly rejected": 0, "rejected whole": 0}
    beside, fine = good_pair
    for case in range(CASES):
        method = METHODS[case % len(METHODS)]
        damaged = tmp_path / f"case{case}.zip"
        damaged.write_bytes(_mutated(originals[method], rng))
        files, rejected = collect_batch([beside, damaged, fine], limits)  # raises: the test fails, naming the case
        sources = [f.source for f in files]
        assert sources[0] == "beside.txt" and sources[-1] == "fine/one.txt", (case, sources, rejected)
        from_damaged = [s for s in sources if s.startswith("news/")]
        assert all(r.reason and "\n" not in r.reason for r in rejected), (case, rejected)
        if not rejected:
            outcomes["read whole"] += 1
        elif from_damaged:
            outcomes["partly rejected"] += 1
        else:
            outcomes["rejected whole"] += 1
        damaged.unlink()
    print(f"{CASES} mutated zips: {outcomes}")
    # The mutations must exercise every path, or the test proves little.
    assert all(count > 0 for count in outcomes.values()), outcomes


@pytest.mark.parametrize("method", METHODS)
def test_every_codec_turns_a_corrupt_stream_into_a_reason(tmp_path: Path, method: int) -> None:
    """Damage inside the compressed data (not the headers): the decompressor's own error type."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=method) as archive:
        archive.writestr("bad.txt", "Bad\n\n" + BODY * 50)
        archive.writestr("good.txt", "Good\n\n" + BODY)
    data = bytearray(buffer.getvalue())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("bad.txt")
    body_start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for pos in range(body_start + 8, body_start + min(info.compress_size, 60)):
        data[pos] ^= 0x5A
    (tmp_path / "codec.zip").write_bytes(bytes(data))
    files, rejected = collect_batch([tmp_path / "codec.zip"], IngestLimits())
    assert [f.source for f in files] == ["good.txt"]
    assert [r.source for r in rejected] == ["bad.txt"]
    assert rejected[0].reason.startswith(("corrupt entry in codec.zip (", "not UTF-8", "binary file")), rejected[0].reason


def test_an_unknown_zip_version_is_a_reason_not_a_traceback(tmp_path: Path) -> None:
    data = bytearray(_archive(zipfile.ZIP_DEFLATED, entries=1))
    central = data.rindex(b"PK\x01\x02")
    data[central + 6] = 234  # "version needed to extract": 23.4, which zipfile refuses
    (tmp_path / "future.zip").write_bytes(bytes(data))
    files, rejected = collect_batch([tmp_path / "future.zip"], IngestLimits())
    assert files == []
    assert [(r.source, r.reason) for r in rejected] == [
        ("future.zip", "corrupt or not a zip archive (NotImplementedError: zip file version 23.4)")]
