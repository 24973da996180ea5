"""Lines that several articles of one batch and one site share: the site's boilerplate.

"Get browser notifications for breaking news", "Example video title will go here", "This segment
aired on ...": a site prints them on every page, so a line carried by articles of DIFFERENT
stories from one site is furniture. Two subtleties decide the rule:
- the same story is often saved twice (two URLs, an update): articles that share most of their
  lines, or whose headlines share most of their words ("House set to debate and pass X" then "House
  passes X after late-night debate"), are one *family*, and only lines shared by several families count;
- different outlets quoting the same wire sentence is corroboration, not boilerplate (answers
  show it as "also in"), so lines are compared within one site (the host of the page's address);
  articles with no known site form one group with a stricter threshold.
A line that is another story's headline on the same site is a link or a video teaser for that story,
so it is furniture too (`_add_headline_links`).
"""
from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

from retrieval.corpus.furniture import line_keys
from retrieval.months import MONTH_NUMBERS

# Dates make a series' headlines alike ("forecast for March 23", "forecast for March 24"): not the story's words.
MONTH_WORDS = frozenset(MONTH_NUMBERS) | frozenset(
    "monday tuesday wednesday thursday friday saturday sunday today tonight yesterday tomorrow".split()
)


@dataclass(frozen=True, slots=True)
class BoilerplateParams:
    """Set on the 200 unlabelled scraped pages (CBS, LAist, News-Medical and KTLA each repeat
    prompts on 2-7 pages; three Washington Times pages and two Vox pages are one story each)."""

    headline_link_min_words: int = 4  # a line that is another story's headline links to it; "Weather" may be a subheading
    min_families: int = 2  # a line on pages of this many different stories of one site is boilerplate
    min_families_no_site: int = 3  # stricter when the site is unknown: the batch may mix outlets
    family_share: float = 0.5  # two articles sharing this share of the smaller one's lines are one story
    max_pairing_articles: int = 50  # lines on more articles than this are not used to pair articles (cost)
    # Two stories of one site whose headlines share this many words, and this share of the shorter one's, are one
    # story's versions (CBS's "set to debate and pass" and "passes ... after debate" share two paragraphs).
    # 5, not 4: a series' headlines share four ("Next Weather: WBZ morning forecast for March 23", "... evening ...").
    headline_min_shared: int = 5
    headline_share: float = 0.6


DEFAULT_BOILERPLATE = BoilerplateParams()


def find_boilerplate(
    articles: Sequence[tuple[str | None, str]], params: BoilerplateParams = DEFAULT_BOILERPLATE
) -> list[frozenset[str]]:
    """For each (site, raw text), the `line_key`s of its lines that are its site's boilerplate.

    The first line (the headline) is never boilerplate: two stories may share a headline.
    """
    return boilerplate_of([site for site, _ in articles], [line_keys(raw) for _, raw in articles], params)


def boilerplate_of(
    sites: Sequence[str | None], every: Sequence[list[str]], params: BoilerplateParams = DEFAULT_BOILERPLATE
) -> list[frozenset[str]]:
    """`find_boilerplate` from each article's site and the `line_keys` of its text (which a batch's
    parse workers compute, each for its share of the articles)."""
    keys = [frozenset(ks[1:]) for ks in every]
    holders = _holders(sites, keys)
    heads = [ks[0] if ks else "" for ks in every]
    family = _families(keys, holders, params, sites, heads)
    found: list[set[str]] = [set() for _ in every]
    _add_headline_links(sites, heads, keys, family, found, params)
    for (site, key), ids in holders.items():
        needed = params.min_families if site is not None else params.min_families_no_site
        if len({family[i] for i in ids}) >= needed:
            for i in ids:
                found[i].add(key)
    return [frozenset(f) for f in found]


def _holders(sites: Sequence[str | None], keys: list[frozenset[str]]) -> dict[tuple[str | None, str], list[int]]:
    """(site, line key) -> the articles of that site holding the line, for lines two or more hold:
    a line only one article holds pairs no articles and is nobody's boilerplate. Most lines are
    an article's own, so they are counted first (in C), and only the rest are gathered one by one."""
    by_site: dict[str | None, list[int]] = defaultdict(list)
    for i, site in enumerate(sites):
        by_site[site].append(i)
    holders: dict[tuple[str | None, str], list[int]] = {}
    for site, ids in by_site.items():
        counts = Counter(itertools.chain.from_iterable(map(keys.__getitem__, ids)))
        shared = frozenset(k for k, n in counts.items() if n > 1)
        if not shared:
            continue
        for i in ids:
            for k in keys[i] & shared:
                holders.setdefault((site, k), []).append(i)
    return holders


def _families(
    keys: list[frozenset[str]], holders: dict[tuple[str | None, str], list[int]], params: BoilerplateParams,
    sites: Sequence[str | None], headlines: Sequence[str],
) -> list[int]:
    """A family id per article: articles sharing most of their lines, or most of their headline's words,
    are versions of one story."""
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for ids in holders.values():
        if 1 < len(ids) <= params.max_pairing_articles:
            for pair in combinations(ids, 2):
                shared[pair] += 1
    parent = list(range(len(keys)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for (a, b), n in shared.items():
        if n >= params.family_share * max(1, min(len(keys[a]), len(keys[b]))):
            parent[root(a)] = root(b)
    for a, b in _similar_headlines(sites, headlines, params):
        parent[root(a)] = root(b)
    return [root(i) for i in range(len(keys))]


_HEADLINE_WORD = re.compile(r"[^\W\d_]{3,}")
_HEADLINE_STOP = frozenset("the and for with after from into over about that this its his her their are was were has have "
                           "will new says said how why what who when".split()) | MONTH_WORDS


def _similar_headlines(
    sites: Sequence[str | None], headlines: Sequence[str], params: BoilerplateParams
) -> list[tuple[int, int]]:
    """Pairs of articles of one site whose headlines share most of their words (found through an index of
    the words, so a big batch is not compared pair by pair)."""
    words = [frozenset(_HEADLINE_WORD.findall(h)) - _HEADLINE_STOP for h in headlines]
    index = _holders(sites, words)  # a word of one headline pairs none
    common: dict[tuple[int, int], int] = defaultdict(int)
    for ids in index.values():
        if 1 < len(ids) <= params.max_pairing_articles:
            for pair in combinations(ids, 2):
                common[pair] += 1
    return [
        (a, b) for (a, b), n in common.items()
        if n >= params.headline_min_shared and n >= params.headline_share * min(len(words[a]), len(words[b]))
    ]


def _add_headline_links(
    sites: Sequence[str | None], heads: Sequence[str], keys: list[frozenset[str]], family: list[int],
    found: list[set[str]], params: BoilerplateParams,
) -> None:
    """A line that is the headline of ANOTHER story of the same site is a link or a video teaser for it
    ("How homeowners can prepare for spring melt" printed three times atop a flooding story)."""
    headlines: dict[str | None, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    for i, (site, first) in enumerate(zip(sites, heads)):
        if len(first.split()) >= params.headline_link_min_words:
            headlines[site][first].add(family[i])
    if not headlines:
        return
    named = {site: frozenset(of_site) for site, of_site in headlines.items()}  # a site's headlines
    for i, (site, ks) in enumerate(zip(sites, keys)):
        if site not in named:
            continue
        for k in ks & named[site]:  # the lines that are a headline of the site (from C)
            if headlines[site][k] != {family[i]}:
                found[i].add(k)
