"""Helpers of the furniture tests on invented pages: what `classify_lines` makes of each line, and a page under a
headline (blank lines between its lines, as scraped pages are saved)."""
from __future__ import annotations

from retrieval.corpus.furniture import FurnitureParams, classify_lines


def regions_of(raw: str, params: FurnitureParams = FurnitureParams()) -> list[tuple[str, str, str]]:
    """Every region of `raw` as (its text, its kind, its rule)."""
    return [(raw[r.start:r.end], r.kind, r.rule) for r in classify_lines(raw, params=params)]


def verdicts(raw: str, lines: list[str], params: FurnitureParams = FurnitureParams()) -> list[str]:
    """The kind of each of `lines`, each a whole region of `raw`."""
    found = {text: kind for text, kind, _ in regions_of(raw, params)}
    return [found[line] for line in lines]


def page_under(headline: str, *lines: str) -> str:
    """A page: the headline, then the lines, a blank line between each two."""
    return headline + "\n\n" + "\n\n".join(lines) + "\n"
