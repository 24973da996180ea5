"""Bytes of an article file -> text, or a one-line reason why not.

Accepted: UTF-8 with or without a BOM, UTF-16 and UTF-32 with a BOM, and UTF-16 without a BOM
when its NUL bytes say so. The BOM is dropped; everything else is kept exactly as decoded
(newlines are not normalised) because sentence offsets point into this text.

UTF-16 without a BOM (what some Windows tools write) is not a guess the way an 8-bit encoding
would be: in it, every ASCII character (spaces, newlines, digits, Latin letters) has a NUL as
its high byte, so NULs pile up on one side of each byte pair and hardly ever on the other,
which random binary does not do. The decoded text must then still pass the binary check.

Legacy 8-bit encodings (cp1252, latin-1, EUC-KR...) are rejected rather than guessed: every
byte string is valid cp1252, so a guess can silently turn a binary or mis-labelled file into
mojibake that then gets cited verbatim. The reason names the offending byte and the `iconv`
command that converts the file, which takes the user seconds and is always right.
"""
from __future__ import annotations

import codecs
import re

# Checked longest first: the UTF-32-LE BOM starts with the UTF-16-LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# C0 controls and DEL, except those that do occur in text files (\t \n \v \f \r, and \x1a,
# the DOS end-of-file marker some old tools append): many of them are a sign of binary.
_BINARY_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x19\x1b-\x1f\x7f]")
_BINARY_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x1A), *range(0x1B, 0x20), 0x7F])
_MAX_CONTROL_RATIO = 0.01
# BOM-less UTF-16: at least this share of one parity's bytes are NUL, and this many times as many
# as on the other parity (CJK text in UTF-16 still has spaces, newlines and digits: ~10-30 %).
_UTF16_MIN_NUL_SHARE = 0.10
_UTF16_MIN_NUL_SKEW = 4


class DecodeError(ValueError):
    """The bytes are not acceptable text; the message is the rejection reason."""


def decode_text(data: bytes) -> str:
    """Decode an article file's bytes or raise DecodeError with a reason a person can act on."""
    if not data:
        raise DecodeError("empty file (0 bytes)")
    encoding, bom_len = "utf-8", 0
    for bom, name in _BOMS:
        if data.startswith(bom):
            encoding, bom_len = name, len(bom)
            break
    body = data[bom_len:]
    if encoding == "utf-8":
        nul = body.find(b"\x00")
        if nul != -1 and bom_len == 0 and (utf16 := _bomless_utf16(data)) is not None:
            encoding, body = utf16, data
        elif nul != -1:
            raise DecodeError(f"binary file (NUL byte at offset {nul + bom_len}); only text files can be ingested")
    if encoding == "utf-8":
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as exc:
            offset = exc.start + bom_len
            raise DecodeError(
                f"not UTF-8 (byte 0x{data[offset]:02x} at offset {offset}); "
                f"convert it, e.g. `iconv -f cp1252 -t utf-8 FILE > FILE.utf8.txt`"
            ) from None
    else:
        try:
            text = body.decode(encoding)
        except UnicodeDecodeError as exc:
            if bom_len == 0:
                raise DecodeError(
                    f"looks like {encoding.upper()} without a byte-order mark, but is not valid {encoding.upper()} "
                    f"(bad data at offset {exc.start}: {exc.reason}); convert it, "
                    f"e.g. `iconv -f {encoding.upper()} -t UTF-8 FILE > FILE.utf8.txt`"
                ) from None
            raise DecodeError(
                f"not valid {encoding.upper()} despite its byte-order mark "
                f"(bad data at offset {exc.start + bom_len}: {exc.reason})"
            ) from None
        if "\x00" in text:
            raise DecodeError(f"binary file (NUL character in {encoding.upper()} text); only text files can be ingested")
    if not text.strip():
        raise DecodeError(f"only whitespace ({len(data)} bytes, no text)")
    if encoding == "utf-8":
        # In UTF-8 these are single bytes never found inside a multi-byte character, and
        # bytes.translate counts them ~10x faster than a regex over the text.
        controls = len(body) - len(body.translate(None, _BINARY_CONTROL_BYTES))
    else:
        controls = len(_BINARY_CONTROLS.findall(text))
    if controls > _MAX_CONTROL_RATIO * len(text):
        raise DecodeError(
            f"binary file ({controls} control characters in {len(text)} characters); only text files can be ingested"
        )
    return text


def _bomless_utf16(data: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" when the NUL bytes sit on one side of the byte pairs, else None."""
    if len(data) % 2 or len(data) < 4:
        return None
    pairs = len(data) // 2
    even, odd = data[0::2].count(0), data[1::2].count(0)  # NUL high bytes: odd in LE, even in BE
    for nuls, other, name in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if nuls >= _UTF16_MIN_NUL_SHARE * pairs and nuls >= _UTF16_MIN_NUL_SKEW * other:
            return name
    return None
