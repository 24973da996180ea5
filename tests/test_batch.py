"""collect_batch: which files make a batch, their source names, and every bad input's reason."""
from __future__ import annotations

import codecs
import io
import os
import struct
import zipfile
from pathlib import Path

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from retrieval.corpus.batch import collect_batch, read_batch
from retrieval.corpus.decoding import DecodeError, decode_text
from retrieval.records import IngestLimits

LIMITS = IngestLimits()
TEXT = "A title\n\nSeoul said on Monday that talks would resume.\n"


def reasons(rejections) -> dict[str, str]:
    return {r.source: r.reason for r in rejections}


def test_plain_file_source_is_its_name_and_text_is_kept_exactly(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "story.txt"
    path.parent.mkdir()
    path.write_bytes(b"Title\r\n\r\nLine one.\rLine two.\n")
    files, rejected = collect_batch([path], LIMITS)
    assert rejected == []
    assert [(f.source, f.raw) for f in files] == [("story.txt", "Title\r\n\r\nLine one.\rLine two.\n")]


def test_folder_is_searched_recursively_sorted_with_posix_relative_names(tmp_path: Path) -> None:
    root = tmp_path / "batch"
    for rel in ["b.txt", "a/z.txt", "a/b/c.TXT", "image.jpg", "notes.md"]:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(TEXT)
    files, rejected = collect_batch([root], LIMITS)
    assert rejected == []
    assert [f.source for f in files] == ["a/b/c.TXT", "a/z.txt", "b.txt"]


def test_missing_path_is_rejected_with_the_path(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.txt"
    files, rejected = collect_batch([missing], LIMITS)
    assert files == []
    assert rejected[0].source == str(missing)
    assert "no such file" in rejected[0].reason and str(missing) in rejected[0].reason


def test_other_file_types_are_rejected(tmp_path: Path) -> None:
    path = tmp_path / "story.docx"
    path.write_text(TEXT)
    _, rejected = collect_batch([path], LIMITS)
    assert reasons(rejected) == {"story.docx": f"not a .txt, .html, .htm or .zip file ({path}); articles must be text files or web pages"}


@pytest.mark.parametrize("content, expected", [
    (b"", "empty file (0 bytes)"),
    (b" \n\t\r\n  ", "only whitespace (7 bytes, no text)"),
    (b"\xef\xbb\xbf  \n", "only whitespace (6 bytes, no text)"),
])
def test_empty_and_whitespace_files_are_rejected(tmp_path: Path, content: bytes, expected: str) -> None:
    (tmp_path / "blank.txt").write_bytes(content)
    _, rejected = collect_batch([tmp_path / "blank.txt"], LIMITS)
    assert reasons(rejected) == {"blank.txt": expected}


def test_binary_files_are_rejected(tmp_path: Path) -> None:
    (tmp_path / "nul.txt").write_bytes(b"Title\nsome text\x00\x01\x02 more")
    (tmp_path / "ctrl.txt").write_bytes(b"Title " + bytes(range(1, 9)) * 20 + b" text")
    _, rejected = collect_batch([tmp_path / "nul.txt", tmp_path / "ctrl.txt"], LIMITS)
    got = reasons(rejected)
    assert got["nul.txt"] == "binary file (NUL byte at offset 15); only text files can be ingested"
    assert got["ctrl.txt"].startswith("binary file (160 control characters in ")


def test_a_few_control_characters_are_still_text(tmp_path: Path) -> None:
    text = TEXT * 50 + "\x1b" + "\f"
    (tmp_path / "ok.txt").write_text(text)
    files, rejected = collect_batch([tmp_path / "ok.txt"], LIMITS)
    assert rejected == [] and files[0].raw == text


@pytest.mark.parametrize("encoded", [
    "\ufeff".encode("utf-8") + TEXT.encode("utf-8"),
    TEXT.encode("utf-16"),  # with BOM, native order
    b"\xfe\xff" + TEXT.encode("utf-16-be"),
    b"\xff\xfe" + TEXT.encode("utf-16-le"),
])
def test_utf8_with_or_without_bom_and_utf16_with_bom_are_decoded_and_bom_dropped(tmp_path: Path, encoded: bytes) -> None:
    (tmp_path / "a.txt").write_bytes(encoded)
    files, rejected = collect_batch([tmp_path / "a.txt"], LIMITS)
    assert rejected == []
    assert files[0].raw == TEXT


def test_legacy_encoding_is_rejected_with_the_byte_and_the_fix(tmp_path: Path) -> None:
    (tmp_path / "cp.txt").write_bytes("Title\n\nIt’s done.".encode("cp1252"))
    _, rejected = collect_batch([tmp_path / "cp.txt"], LIMITS)
    assert reasons(rejected) == {
        "cp.txt": "not UTF-8 (byte 0x92 at offset 9); convert it, e.g. `iconv -f cp1252 -t utf-8 FILE > FILE.utf8.txt`"
    }


def test_file_over_the_size_limit_is_rejected(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_text("x" * 2000)
    _, rejected = collect_batch([tmp_path / "big.txt"], IngestLimits(max_file_bytes=1000))
    assert reasons(rejected) == {"big.txt": "too large: 2000 bytes (limit 1000 bytes; raise QABOT_MAX_FILE_MB)"}


def test_named_pipe_is_rejected_without_blocking(tmp_path: Path) -> None:
    root = tmp_path / "batch"
    root.mkdir()
    os.mkfifo(root / "pipe.txt")
    _, rejected = collect_batch([root], LIMITS)
    assert reasons(rejected) == {"pipe.txt": "not a regular file (a device, pipe or socket?)"}


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read files whatever their mode")
def test_unreadable_file_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text(TEXT)
    path.chmod(0)
    _, rejected = collect_batch([path], LIMITS)
    assert reasons(rejected) == {"secret.txt": "unreadable: Permission denied"}


def test_links_pointing_outside_the_batch_folder_are_rejected(tmp_path: Path) -> None:
    outside = tmp_path / "private"
    outside.mkdir()
    (outside / "secret.txt").write_text(TEXT)
    root = tmp_path / "batch"
    root.mkdir()
    (root / "real.txt").write_text(TEXT + "real")
    (root / "leak.txt").symlink_to(outside / "secret.txt")
    (root / "leakdir").symlink_to(outside)
    (root / "alias.txt").symlink_to(root / "real.txt")  # inside the batch: fine
    (root / "dangling.txt").symlink_to(root / "gone.txt")
    files, rejected = collect_batch([root], LIMITS)
    got = reasons(rejected)
    assert got["leak.txt"] == f"link points outside the batch folder (to {outside / 'secret.txt'})"
    assert got["leakdir"] == f"link points outside the batch folder (to {outside})"
    assert got["dangling.txt"] == f"broken symbolic link (points to {root / 'gone.txt'})"
    assert [f.source for f in files] == ["alias.txt", "real.txt"]
    assert all("secret" not in f.source for f in files)


def test_duplicate_source_names_in_one_batch_are_rejected(tmp_path: Path) -> None:
    (tmp_path / "one").mkdir()
    (tmp_path / "one" / "a.txt").write_text(TEXT + "1")
    (tmp_path / "two").mkdir()
    (tmp_path / "two" / "a.txt").write_text(TEXT + "2")
    files, rejected = collect_batch([tmp_path / "one", tmp_path / "two" / "a.txt"], LIMITS)
    assert [f.raw for f in files] == [TEXT + "1"]
    # One line naming both files: the one kept and the one left out (rejected.origin).
    assert reasons(rejected) == {
        "a.txt": f"same name as {tmp_path / 'one' / 'a.txt'}, earlier in this batch, so this one was left out: "
                 "rename one of them (answers cite the name, so it must be unique)"
    }
    assert rejected[0].shown() == f"a.txt ({tmp_path / 'two' / 'a.txt'})"


def test_a_zip_entry_named_like_a_file_beside_it_names_both(tmp_path: Path) -> None:
    # A folder holding a/story.txt and a zip whose entry is a/story.txt too: both would be cited "a/story.txt".
    root = tmp_path / "batch"
    (root / "a").mkdir(parents=True)
    (root / "a" / "story.txt").write_text(TEXT + "1")
    make_zip(root / "more.zip", {"a/story.txt": (TEXT + "2").encode(), "b/other.txt": (TEXT + "3").encode()})
    files, rejected = collect_batch([root], LIMITS)
    assert [(f.source, f.raw) for f in files] == [("a/story.txt", TEXT + "1"), ("b/other.txt", TEXT + "3")]
    assert len(rejected) == 1 and rejected[0].source == "a/story.txt"
    assert rejected[0].shown() == f"a/story.txt (entry of {root / 'more.zip'})"
    assert f"same name as {root / 'a' / 'story.txt'}, earlier in this batch" in rejected[0].reason


def test_files_that_are_not_articles_are_listed_not_silently_dropped(tmp_path: Path) -> None:
    root = tmp_path / "batch"
    (root / "sub").mkdir(parents=True)
    (root / "story.txt").write_text(TEXT)
    for name in ("notes.md", "sub/scan.pdf", "sub/report.docx", "data.json", ".DS_Store"):
        (root / name).write_bytes(b"x")
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("ref")
    make_zip(root / "more.zip", {"inside.txt": TEXT.encode(), "readme.md": b"x", "__MACOSX/._inside.txt": b"x"})
    collected = read_batch([root], LIMITS)
    assert [f.source for f in collected.files] == ["story.txt", "inside.txt"]
    # Hidden files and macOS metadata stay silent; every other non-article is named.
    assert collected.passed_over == ["data.json", "notes.md", "sub/report.docx", "sub/scan.pdf", "readme.md"]
    assert collected.empty == [] and collected.rejections == []


def test_a_folder_or_zip_with_no_article_is_named(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.pdf").write_bytes(b"%PDF")
    make_zip(tmp_path / "pics.zip", {"a.jpg": b"x"})
    (tmp_path / "ok.txt").write_text(TEXT)
    collected = read_batch([tmp_path / "empty", tmp_path / "docs", tmp_path / "pics.zip", tmp_path / "ok.txt"], LIMITS)
    assert [f.source for f in collected.files] == ["ok.txt"]
    assert collected.empty == [str(tmp_path / "empty"), str(tmp_path / "docs"), str(tmp_path / "pics.zip")]
    assert collected.passed_over == ["a.pdf", "a.jpg"]


# -- zip archives ---------------------------------------------------------------------------
def make_zip(path: Path, entries: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, data in entries.items():
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=compression)
    return path


def test_zip_entries_are_sources_by_their_path_inside(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "news.zip", {
        "2024/b.txt": TEXT.encode(), "a.txt": b"\xef\xbb\xbf" + TEXT.encode(), "README.md": b"#", "__MACOSX/._a.txt": b"\x00\x05",
    })
    files, rejected = collect_batch([archive], LIMITS)
    assert rejected == []
    assert [(f.source, f.raw) for f in files] == [("2024/b.txt", TEXT), ("a.txt", TEXT)]


def test_zip_entries_with_absolute_paths_or_dotdot_are_rejected(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "evil.zip", {
        "../x.txt": TEXT.encode(), "/etc/x.txt": TEXT.encode(), "a/../../y.txt": TEXT.encode(), "ok.txt": TEXT.encode(),
    })
    files, rejected = collect_batch([archive], LIMITS)
    assert [f.source for f in files] == ["ok.txt"]
    assert reasons(rejected) == {
        "../x.txt": "unsafe path in evil.zip: '..' in path '../x.txt'",
        "/etc/x.txt": "unsafe path in evil.zip: absolute path '/etc/x.txt'",
        "a/../../y.txt": "unsafe path in evil.zip: '..' in path 'a/../../y.txt'",
    }


def test_zip_bomb_entry_is_rejected_from_its_header(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "bomb.zip", {"zeros.txt": b"0" * (50 * 1024 * 1024)})
    assert archive.stat().st_size < 200_000
    _, rejected = collect_batch([archive], IngestLimits(max_file_bytes=1024 * 1024))
    assert reasons(rejected) == {"zeros.txt": "too large: 52428800 bytes (limit 1048576 bytes; raise QABOT_MAX_FILE_MB)"}


def test_zip_over_the_total_size_cap_is_rejected_whole(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "many.zip", {f"{i}.txt": b"0" * 400_000 for i in range(10)})
    files, rejected = collect_batch([archive], IngestLimits(max_zip_total_bytes=1_000_000))
    assert files == []
    assert reasons(rejected) == {"many.zip": "zip would unpack to 4000000 bytes (limit 1000000; raise QABOT_MAX_ZIP_TOTAL_MB)"}


def test_zip_over_the_entry_cap_is_rejected_whole(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "count.zip", {f"{i}.txt": TEXT.encode() for i in range(11)})
    files, rejected = collect_batch([archive], IngestLimits(max_zip_entries=10))
    assert files == []
    assert reasons(rejected) == {"count.zip": "zip has 11 entries (limit 10; raise QABOT_MAX_ZIP_ENTRIES)"}


def _lie_about_sizes(data: bytes, declared: int) -> bytes:
    """Rewrite every uncompressed-size field (local headers and central directory) to `declared`."""
    out = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (at := out.find(signature, start)) != -1:
            struct.pack_into("<I", out, at + offset, declared)
            start = at + 4
    return bytes(out)


def test_zip_whose_headers_lie_about_sizes_is_not_read_past_them(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bomb.txt", b"A" * 5_000_000)
    path = tmp_path / "liar.zip"
    path.write_bytes(_lie_about_sizes(buffer.getvalue(), 100))
    files, rejected = collect_batch([path], IngestLimits(max_file_bytes=1000))
    assert files == []
    (rejection,) = rejected
    assert rejection.source == "bomb.txt"
    # Either our cap or zipfile's own size/CRC check stops it: it never decodes 5 MB.
    assert rejection.reason.startswith(("corrupt entry in liar.zip", "unpacks to more than 1000 bytes"))


@pytest.mark.parametrize("content", [b"this is not a zip at all", b"PK\x03\x04" + b"\x00" * 40])
def test_corrupt_zip_is_rejected(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "broken.zip").write_bytes(content)
    files, rejected = collect_batch([tmp_path / "broken.zip"], LIMITS)
    assert files == []
    assert rejected[0].source == "broken.zip"
    assert rejected[0].reason.startswith("corrupt or not a zip archive (")


def test_truncated_zip_is_rejected(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "full.zip", {"a.txt": TEXT.encode() * 100})
    (tmp_path / "cut.zip").write_bytes(archive.read_bytes()[:-30])
    files, rejected = collect_batch([tmp_path / "cut.zip"], LIMITS)
    assert files == [] and rejected[0].source == "cut.zip" and rejected[0].reason.startswith("corrupt or not a zip archive")


def test_bad_entries_in_a_zip_do_not_stop_the_good_ones(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "mixed.zip", {"good.txt": TEXT.encode(), "bin.txt": b"\x00\x01", "cp.txt": b"caf\xe9 ok"})
    files, rejected = collect_batch([archive], LIMITS)
    assert [f.source for f in files] == ["good.txt"]
    assert reasons(rejected)["bin.txt"].startswith("binary file")
    assert reasons(rejected)["cp.txt"].startswith("not UTF-8 (byte 0xe9 at offset 3)")


# -- decoding, for any text -----------------------------------------------------------------
@given(text=st.text(min_size=1), encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le-bom", "utf-16-be-bom"]))
@example(text="\x00", encoding="utf-16-le-bom")  # found by hypothesis: reads as a UTF-32 BOM
def test_decoding_returns_the_exact_text_or_a_reason(text: str, encoding: str) -> None:
    if encoding == "utf-16-le-bom":
        data = b"\xff\xfe" + text.encode("utf-16-le", "surrogatepass")
    elif encoding == "utf-16-be-bom":
        data = b"\xfe\xff" + text.encode("utf-16-be", "surrogatepass")
    else:
        data = text.encode(encoding, "surrogatepass")
        assume("\x00" not in text)  # UTF-8 with NULs may read as BOM-less UTF-16: tested on its own below
    # FF FE 00 00 is the UTF-32-LE byte-order mark as well as UTF-16-LE's followed by a NUL:
    # such a file is read as UTF-32 (a text that starts with NUL is binary either way).
    assume(not (data.startswith(codecs.BOM_UTF32_LE) and encoding != "utf-8"))
    try:
        decoded = decode_text(data)
    except DecodeError as exc:
        reason = str(exc)
        assert reason.startswith(("only whitespace", "binary file", "not UTF-8", "not valid UTF-16")), reason
        if reason.startswith("only whitespace"):
            assert not text.lstrip("\ufeff").strip()
        return
    # Exactly the text (a leading BOM is dropped), never normalised.
    assert decoded == (text[1:] if text.startswith("\ufeff") and encoding == "utf-8" else text)


# Non-ASCII characters without a zero byte (U+AC00 가 has one, and short texts of it can look like binary).
@given(text=st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E) | st.sampled_from("\n\t각나다é€"),
                    min_size=2).filter(lambda t: t.strip() and sum(c.isascii() for c in t) * 2 >= len(t)),
       byte_order=st.sampled_from(["utf-16-le", "utf-16-be"]))
def test_utf16_without_bom_is_decoded_exactly_when_half_of_it_is_ascii(text: str, byte_order: str) -> None:
    assert decode_text(text.encode(byte_order)) == text


@pytest.mark.parametrize("byte_order", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_read_not_called_binary(tmp_path: Path, byte_order: str) -> None:
    (tmp_path / "win.txt").write_bytes(("Seoul talks\r\n\r\nTalks resumed in Seoul on Monday, 서울.\r\n").encode(byte_order))
    files, rejected = collect_batch([tmp_path / "win.txt"], LIMITS)
    assert rejected == []
    assert files[0].raw == "Seoul talks\r\n\r\nTalks resumed in Seoul on Monday, 서울.\r\n"


def test_broken_utf16_without_bom_is_named_as_such(tmp_path: Path) -> None:
    data = "Seoul talks resumed on Monday.\n".encode("utf-16-le") + b"\x00\xd8A\x00"  # a lone high surrogate
    (tmp_path / "half.txt").write_bytes(data)
    _, rejected = collect_batch([tmp_path / "half.txt"], LIMITS)
    reason = reasons(rejected)["half.txt"]
    assert reason.startswith("looks like UTF-16-LE without a byte-order mark, but is not valid UTF-16-LE (bad data at offset")
    assert "iconv -f UTF-16-LE -t UTF-8" in reason


# -- zips inside folders and zips ------------------------------------------------------------
def test_a_zip_inside_a_folder_is_read_as_if_unpacked_where_it_lies(tmp_path: Path) -> None:
    root = tmp_path / "batch"
    (root / "sub").mkdir(parents=True)
    (root / "top.txt").write_text(TEXT)
    make_zip(root / "sub" / "more.zip", {"inner/a.txt": TEXT.encode() + b"a", "b.txt": TEXT.encode() + b"b"})
    make_zip(root / "first.zip", {"c.txt": TEXT.encode() + b"c"})
    files, rejected = collect_batch([root], LIMITS)
    assert rejected == []
    assert [f.source for f in files] == ["top.txt", "c.txt", "sub/inner/a.txt", "sub/b.txt"]


def test_a_corrupt_zip_inside_a_folder_is_rejected_by_its_path_and_the_rest_is_read(tmp_path: Path) -> None:
    root = tmp_path / "batch"
    (root / "sub").mkdir(parents=True)
    (root / "ok.txt").write_text(TEXT)
    (root / "sub" / "bad.zip").write_bytes(b"PK\x03\x04 not really")
    files, rejected = collect_batch([root], LIMITS)
    assert [f.source for f in files] == ["ok.txt"]
    assert [r.source for r in rejected] == ["sub/bad.zip"]
    assert rejected[0].reason.startswith("corrupt or not a zip archive (")


def test_a_zip_inside_a_zip_is_rejected_with_the_way_out(tmp_path: Path) -> None:
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as archive:
        archive.writestr("deep.txt", TEXT)
    outer = make_zip(tmp_path / "outer.zip", {"inner.zip": inner.getvalue(), "top.txt": TEXT.encode()})
    files, rejected = collect_batch([outer], LIMITS)
    assert [f.source for f in files] == ["top.txt"]
    assert reasons(rejected) == {"inner.zip": "a zip inside the zip outer.zip is not read (nested archives are how zip "
                                              "bombs multiply); unpack outer.zip and ingest inner.zip itself"}


# -- file names that are not UTF-8 -----------------------------------------------------------
@pytest.mark.skipif(os.name != "posix", reason="only POSIX file systems store names as raw bytes")
def test_a_file_name_that_is_not_utf8_is_rejected_escaped_and_the_rest_is_read(tmp_path: Path) -> None:
    root = tmp_path / "batch"
    root.mkdir()
    (root / "fine.txt").write_text(TEXT)
    bad = os.path.join(os.fsencode(root), b"caf\xe9.txt")
    with open(bad, "wb") as handle:
        handle.write(TEXT.encode())
    files, rejected = collect_batch([root, Path(os.fsdecode(bad))], LIMITS)
    assert [f.source for f in files] == ["fine.txt"]
    assert [r.source for r in rejected] == ["caf\\xe9.txt", "caf\\xe9.txt"]
    assert all(r.reason.startswith("file name is not valid UTF-8 (shown with \\x escapes); rename the file") for r in rejected)
    for r in rejected:
        r.source.encode("utf-8")  # printable and storable


def test_a_missing_path_with_an_undecodable_name_is_reported_escaped(tmp_path: Path) -> None:
    missing = Path(os.fsdecode(os.path.join(os.fsencode(tmp_path), b"gone\xff.txt")))
    _, rejected = collect_batch([missing], LIMITS)
    assert rejected[0].source.endswith("gone\\xff.txt") and "gone\\xff.txt" in rejected[0].reason
