"""Lines a site prints on every page are furniture; copies of one story and other outlets' quotes are not."""
from __future__ import annotations

from pathlib import Path

from conftest import shared_file
from hypothesis import given, settings
from hypothesis import strategies as st

from retrieval.corpus.boilerplate import BoilerplateParams, find_boilerplate
from retrieval.corpus.furniture import line_key
from retrieval.corpus.ingest import parse_files
from retrieval.records import BatchFile, ParsedArticle

PROMPT = "Get browser notifications for breaking news, live events, and exclusive reporting."
WIRE = "The central bank said it would keep its key rate unchanged at 3.5 percent on Thursday."


def story(n: int, *extra: str) -> str:
    return "\n\n".join([
        f"Headline number {n} about the city council",
        f"The council met on Monday to discuss item {n} of its agenda, officials said.",
        f"Members voted on proposal {n} after a long debate about the budget.",
        *extra,
    ]) + "\n"


def test_a_line_on_pages_of_two_stories_of_one_site_is_boilerplate() -> None:
    found = find_boilerplate([("cbsnews.com", story(1, PROMPT)), ("cbsnews.com", story(2, PROMPT)), ("cbsnews.com", story(3))])
    assert found[0] == found[1] == {line_key(PROMPT)}
    assert found[2] == frozenset()


def test_the_same_line_on_two_sites_is_corroboration_not_boilerplate() -> None:
    found = find_boilerplate([("reuters.com", story(1, WIRE)), ("apnews.com", story(2, WIRE))])
    assert found == [frozenset(), frozenset()]


def test_two_copies_of_one_story_share_all_their_lines_and_keep_them() -> None:
    copy = story(1, WIRE)
    found = find_boilerplate([("vox.com", copy), ("vox.com", copy.replace("Headline number 1", "Updated headline"))])
    assert found == [frozenset(), frozenset()]


def test_without_a_site_three_stories_are_needed() -> None:
    two = find_boilerplate([(None, story(1, PROMPT)), (None, story(2, PROMPT))])
    three = find_boilerplate([(None, story(1, PROMPT)), (None, story(2, PROMPT)), (None, story(3, PROMPT))])
    assert two == [frozenset(), frozenset()]
    assert all(f == {line_key(PROMPT)} for f in three)
    assert find_boilerplate([(None, story(i, PROMPT)) for i in range(3)], BoilerplateParams(min_families_no_site=4)) == [frozenset()] * 3


def test_the_headline_is_never_boilerplate() -> None:
    same = "Weather report for the weekend"
    found = find_boilerplate([("x.com", same + "\n\nRain on Saturday is likely, forecasters said.\n"),
                              ("x.com", same + "\n\nSunshine is expected on Sunday afternoon.\n")])
    assert found == [frozenset(), frozenset()]


def test_ingest_drops_a_sites_boilerplate_by_the_url_line() -> None:
    files = [BatchFile(f"p{i}.txt", f"Headline {i}\nPublished: 2023-03-23\nhttps://www.cbsnews.com/news/story-{i}/\n\n"
                       + story(i, PROMPT).split("\n", 1)[1]) for i in range(2)]
    for article in parse_files(files, workers=1):
        assert isinstance(article, ParsedArticle)
        assert article.site == "cbsnews.com" and article.url is not None
        assert PROMPT not in [s.text for s in article.sentences]


def test_scraped_pages_parse_and_every_sentence_is_a_verbatim_slice() -> None:
    folder = shared_file("corpora/scraped_pages_2023")
    paths = sorted(Path(folder).glob("*.txt"))
    files = [BatchFile(p.name, p.read_text(encoding="utf-8")) for p in paths]
    results = list(parse_files(files, workers=1))
    parsed = [r for r in results if isinstance(r, ParsedArticle)]
    rejected = [r for r in results if isinstance(r, str)]
    print(f"{len(parsed)} parsed, {len(rejected)} rejected: {rejected}")
    assert len(parsed) >= 0.95 * len(files)
    assert all("no article text left" in r for r in rejected)
    for a in parsed:
        assert a.url and a.site, a.source  # every scraped page has its URL on line 3
        assert all(a.raw[s.start:s.end] == s.text for s in a.sentences)
    texts = {s.text for a in parsed for s in a.sentences}
    for junk in ("Get browser notifications for breaking news, live events, and exclusive reporting.",
                 "GiftOutline Gift Article", "Be the first to know", "Not Now", "Turn On"):
        assert junk not in texts


def test_two_versions_of_one_story_with_like_headlines_keep_the_paragraphs_they_share() -> None:
    shared = ["Many medical groups, including the state's largest, support the measure, doctors say.",
              "\"It's crucial that we keep doing this work,\" the bill's author said after the vote."]
    before = "\n\n".join(["Minnesota House set to debate and pass trans refuge legislation",
                          "Supporters say the bill will protect families, and a vote is expected late Thursday.",
                          *shared, "The story is developing."]) + "\n"
    after = "\n\n".join(["Minnesota House passes trans refuge legislation after late-night debate",
                         "The House approved the bill early Friday by a vote of 68-62 after hours of debate.",
                         *shared, "It now goes to the Senate, where a vote is expected next month."]) + "\n"
    assert find_boilerplate([("example.com", before), ("example.com", after)]) == [frozenset(), frozenset()]


def test_a_series_with_dated_headlines_is_not_one_story() -> None:
    first = ("Next Weather: WBZ morning forecast for March 23\n\nLexie has your forecast.\n\nRain moves in by noon.\n\n"
             "Highs reach the 40s.\n\n" + PROMPT + "\n")
    second = ("Next Weather: WBZ evening forecast for March 24, 2023\n\nEric has your forecast.\n\nSnow tapers off tonight."
              "\n\nLows fall to 20.\n\n" + PROMPT + "\n")
    found = find_boilerplate([("example.com", first), ("example.com", second)])
    assert found[0] == found[1] == {line_key(PROMPT)}


def _reference(articles: list[tuple[str | None, str]], params: BoilerplateParams) -> list[frozenset[str]]:
    """`find_boilerplate` as first written, every line gathered one by one: the oracle of the faster one."""
    import re
    from collections import defaultdict
    from itertools import combinations

    from retrieval.corpus.boilerplate import _HEADLINE_STOP
    from retrieval.corpus.furniture import line_keys

    every = [line_keys(raw) for _, raw in articles]
    keys = [frozenset(ks[1:]) for ks in every]
    holders: dict = defaultdict(list)
    for i, ((site, _), ks) in enumerate(zip(articles, keys)):
        for k in ks:
            holders[(site, k)].append(i)
    heads = [ks[0] if ks else "" for ks in every]
    parent = list(range(len(articles)))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    shared: dict = defaultdict(int)
    for ids in holders.values():
        if 1 < len(ids) <= params.max_pairing_articles:
            for pair in combinations(ids, 2):
                shared[pair] += 1
    for (a, b), n in shared.items():
        if n >= params.family_share * max(1, min(len(keys[a]), len(keys[b]))):
            parent[root(a)] = root(b)
    words = [frozenset(re.findall(r"[^\W\d_]{3,}", h)) - _HEADLINE_STOP for h in heads]
    index: dict = defaultdict(list)
    for i, ((site, _), ws) in enumerate(zip(articles, words)):
        for w in ws:
            index[(site, w)].append(i)
    common: dict = defaultdict(int)
    for ids in index.values():
        if 1 < len(ids) <= params.max_pairing_articles:
            for pair in combinations(ids, 2):
                common[pair] += 1
    for (a, b), n in common.items():
        if n >= params.headline_min_shared and n >= params.headline_share * min(len(words[a]), len(words[b])):
            parent[root(a)] = root(b)
    family = [root(i) for i in range(len(articles))]
    found: list[set[str]] = [set() for _ in articles]
    headlines: dict = defaultdict(set)
    for i, ((site, _), first) in enumerate(zip(articles, heads)):
        if len(first.split()) >= params.headline_link_min_words:
            headlines[(site, first)].add(family[i])
    for i, ((site, _), ks) in enumerate(zip(articles, keys)):
        for k in ks:
            owners = headlines.get((site, k))
            if owners and owners != {family[i]}:
                found[i].add(k)
    for (site, key), ids in holders.items():
        if len(ids) < 2:
            continue
        needed = params.min_families if site is not None else params.min_families_no_site
        if len({family[i] for i in ids}) >= needed:
            for i in ids:
                found[i].add(key)
    return [frozenset(f) for f in found]


# Few distinct lines and headlines, so articles share them often: prompts, copies, links, headline series.
_LINES = ["Get alerts now", "Watch the video below", "Sign up for our newsletter today",
          "Tax bill passes the House after debate", "House set to debate and pass the tax bill",
          "The council met on Monday", "Weather forecast for Boston on March 23", "WBZ morning weather forecast for March 24",
          "<b>Get alerts now</b>", "GET   ALERTS now", "Officials said the plan would cost more", ""]
_article = st.tuples(st.sampled_from([None, "cbsnews.com", "ktla.com"]),
                     st.lists(st.sampled_from(_LINES), max_size=7).map("\n".join))


@settings(max_examples=400, deadline=None)
@given(st.lists(_article, max_size=12), st.integers(1, 3), st.floats(0.2, 1.0), st.integers(2, 4))
def test_the_fast_boilerplate_equals_gathering_every_line(articles: list[tuple[str | None, str]], families: int,
                                                          share: float, pairing: int) -> None:
    params = BoilerplateParams(min_families=families, min_families_no_site=families + 1, family_share=share,
                               max_pairing_articles=pairing, headline_min_shared=2, headline_link_min_words=3)
    assert find_boilerplate(articles, params) == _reference(articles, params)
    assert find_boilerplate(articles) == _reference(articles, BoilerplateParams())
