"""The one month table: names and abbreviations to month numbers, a regex alternation of them, and the weekdays."""
from __future__ import annotations

MONTH_NUMBERS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        ["jan january", "feb february", "mar march", "apr april", "may", "jun june", "jul july",
         "aug august", "sep sept september", "oct october", "nov november", "dec december"],
        start=1,
    )
    for name in names.split()
}

# Longest first, so "september" is tried before "sep"; case is the caller's regex flag.
MONTH_PATTERN = "(?:" + "|".join(sorted(MONTH_NUMBERS, key=len, reverse=True)) + ")"

WEEKDAYS: frozenset[str] = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
