"""Hard-wrapped plain text joined back into paragraphs.

A transcript scanned to text, a page saved with `lynx -dump`, an e-mail: each line is broken at a fixed width,
mid-sentence ("Mr. Hayato Ikeda, Prime Minister of Japan,\\naccompanied by Mrs. Ikeda is visiting ..."). Sentences
never span a line break (sentences.split_sentences), so such a file's sentences would be its lines' fragments, and a
question matching a sentence across two lines would find neither half. `unwrap` replaces each line break a fixed
width made with a space: the same length, so every offset into the text, and every line a reader sees, stays where it
was; only the breaks are gone. A break is one a width made when the next line's first word would not have fitted on
the line, near enough (greedy wrapping put it below; a typewriter's margin is ragged), and the line does not end a
sentence; a run of lines is wrapped only when most of its breaks are such and go on in lower case, which a menu's
or a list of headlines' lines do not.
"""
from __future__ import annotations

import re

from retrieval.corpus.furniture import DEFAULT_PARAMS, FurnitureParams, ends_sentence

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_FIRST_WORD = re.compile(r"\s*(\S+)")


def unwrap(text: str, p: FurnitureParams = DEFAULT_PARAMS) -> str:
    """`text` with the line breaks of its hard-wrapped runs of lines replaced by spaces (a CRLF by two)."""
    if "\n" not in text and "\r" not in text:
        return text
    lines = [m.group() for m in _LINE.finditer(text) if m.group()]
    out: list[str] = []
    run: list[str] = []
    for line in lines:
        if line.strip():
            run.append(line)
            continue
        out.extend(_joined(run, p))
        run = []
        out.append(line)
    out.extend(_joined(run, p))
    joined = "".join(out)
    return joined if len(joined) == len(text) else text  # (never otherwise; the offsets must not move)


def _joined(run: list[str], p: FurnitureParams) -> list[str]:
    """The run's lines, each break a fixed width made turned into spaces when the run is hard-wrapped."""
    if len(run) < p.wrap_min_lines:
        return run
    bodies = [line.rstrip("\r\n") for line in run]
    width = max(len(b.rstrip()) for b in bodies)
    if not p.wrap_min_width <= width <= p.wrap_max_width:
        return run
    breaks = []  # indices i whose break (between line i and i + 1) a width made
    lower = 0
    for i in range(len(bodies) - 1):
        here, after = bodies[i].rstrip(), _FIRST_WORD.match(bodies[i + 1])
        if after is None or ends_sentence(here) or len(here) + 1 + len(after.group(1)) <= p.wrap_margin_share * width:
            continue
        breaks.append(i)
        lower += after.group(1)[:1].islower()
    if len(breaks) < p.wrap_full_share * (len(bodies) - 1) or lower < p.wrap_lower_share * len(breaks):
        return run
    out = list(run)
    for i in breaks:
        ending = run[i][len(bodies[i]):]
        out[i] = bodies[i] + " " * len(ending)
    return out
