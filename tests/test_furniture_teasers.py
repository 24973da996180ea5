"""Furniture of pages from sites never seen, by its form: other stories' teasers (a run of headline-like lines about
something else, a page's closing headlines, a teaser heading the subheading pass had kept), a widget's prompts
(feedback, sharing, comments, tips), the headline printed again with the site's name, tag boxes and an "About the
author" box. Each shown on invented lines, with a look-alike that stays body (a story's list, subheadings, a list of
award winners, a story ending in a sentence)."""
from __future__ import annotations

import pytest
from furniture_pages import page_under, regions_of, verdicts
from hypothesis import given, settings
from hypothesis import strategies as st

from retrieval.corpus.furniture import BODY, FURNITURE, FurnitureParams

HEADLINE = "Storm closes mountain roads across the county"
STORY = [
    "A late winter storm closed every mountain road in the county on Thursday, stranding drivers overnight.",
    "Crews worked through the night to clear the highway, the county said in a statement.",
    "Snow plows reached the pass by Friday morning, and the first roads reopened at noon.",
    "Officials asked drivers to carry chains until the weekend, when warmer weather is expected.",
]
# Other stories of the site: nothing of the storm in them.
TEASERS = [
    "City Council Approves New Budget for Public Libraries",
    "Local bakery wins national award for its sourdough bread",
    "High School Robotics Team Heads to World Championship",
    "Five things to know about the new transit fare system",
]


def page(*lines: str) -> str:
    return page_under(HEADLINE, *lines)


# -- other stories' teasers ----------------------------------------------------------------------
@pytest.mark.parametrize("cut", ["Local bakery off to Paris to compete in the world champ...",
                                 "City Council approves new budget for public libr…"])
def test_another_storys_headline_cut_short_by_an_ellipsis_between_paragraphs_is_furniture(cut: str) -> None:
    raw = page(STORY[0], STORY[1], cut, STORY[2], STORY[3])
    assert verdicts(raw, [*STORY, cut]) == [BODY] * 4 + [FURNITURE]


@pytest.mark.parametrize("line", [
    "And then the snow plows reached the pass, and then...",  # the story's own words: the storm, the plows, the pass
    "“We just kept on digging and digging...",  # a quotation trailing off
    "ROE: You bring in the new fare system...",  # a transcript's speaker
    "Bakeries closed. Libraries stayed open until...",  # sentences
])
def test_a_line_of_the_story_trailing_off_is_body(line: str) -> None:
    raw = page(STORY[0], STORY[1], line, STORY[2], STORY[3])
    assert verdicts(raw, [line]) == [BODY]


def test_a_run_of_unconnected_headlines_between_paragraphs_is_furniture() -> None:
    raw = page(STORY[0], STORY[1], *TEASERS[:3], STORY[2], STORY[3])
    assert verdicts(raw, [*STORY, *TEASERS[:3]]) == [BODY] * 4 + [FURNITURE] * 3


@given(st.integers(min_value=3, max_value=4))
@settings(max_examples=5, deadline=None)
def test_property_a_run_of_three_or_more_unconnected_headlines_is_furniture_and_two_between_paragraphs_are_not(n: int) -> None:
    raw = page(STORY[0], *TEASERS[:n], STORY[1])
    assert verdicts(raw, TEASERS[:n]) == [FURNITURE] * n


def test_thumbnails_credits_and_time_stamps_between_the_teasers_do_not_break_the_run() -> None:
    raw = page(STORY[0], STORY[1], TEASERS[0], "2 hours ago", TEASERS[1], "Photo: Jane Roe", TEASERS[2], STORY[2])
    assert verdicts(raw, TEASERS[:3]) == [FURNITURE] * 3


def test_a_run_of_headlines_about_the_story_is_its_own_subheadings() -> None:
    about = ["Mountain roads closed by the storm", "Drivers stranded overnight on the highway", "Crews clear the pass by Friday"]
    raw = page(STORY[0], *about, STORY[1], STORY[2])
    assert verdicts(raw, about) == [BODY] * 3


@pytest.mark.parametrize("items", [
    ["Pre-School Live Action - Balamory", "Animation - Brush Head", "Drama - The Long Road Home"],  # award winners
    ["1 cup sweet potatoes, cut into pieces", "2 tablespoons olive oil", "Splash of white wine vinegar"],  # ingredients
    ["10. Jigsaw Masterpieces – Be The Cube – 89p", "9. Super Meatball – Wowwow Technology – 75p",
     "8. Words With Freds – Mokuzai Studio – 89p"],  # a numbered list
    ["Cinderella at Milton Keynes Theatre | from £13", "Jack and the Beanstalk at the Opera House | from £13",
     "Beauty and the Beast at Leas Cliff Hall | from £15"],  # a listing
])
def test_a_storys_own_list_between_paragraphs_is_body(items: list[str]) -> None:
    raw = page(STORY[0], *items, STORY[1], STORY[2])
    assert verdicts(raw, items) == [BODY] * 3


def test_headlines_after_the_storys_last_paragraph_are_furniture() -> None:
    raw = page(*STORY, TEASERS[0], TEASERS[2])
    assert verdicts(raw, [*STORY, TEASERS[0], TEASERS[2]]) == [BODY] * 4 + [FURNITURE] * 2


def test_one_line_after_the_last_paragraph_is_not_enough() -> None:
    raw = page(*STORY, TEASERS[0])
    assert verdicts(raw, [TEASERS[0]]) == [BODY]


def test_a_page_ending_in_a_sentence_keeps_the_headline_like_lines_before_it() -> None:
    raw = page(STORY[0], TEASERS[0], TEASERS[1], STORY[1])
    assert verdicts(raw, [TEASERS[0], TEASERS[1]]) == [BODY, BODY]


@pytest.mark.parametrize("heading", ["Also on The Daily Planet", "What to read next", "Up next", "In case you missed it",
                                     "Popular on Example News"])
def test_a_teaser_heading_kept_as_a_subheading_still_heads_its_teasers(heading: str) -> None:
    about = ["Storm shuts mountain highway for a second night", "Drivers stranded by snow on the county's roads"]
    raw = page(STORY[0], STORY[1], heading, *about, STORY[2])
    assert verdicts(raw, [heading, *about, STORY[2]]) == [FURNITURE] * 3 + [BODY]


def test_a_long_page_end_widget_of_headlines_is_furniture() -> None:
    many = [f"{t} {n}" for n in ("Today", "This Week") for t in TEASERS] + TEASERS[:3]
    raw = page(*STORY, "Most read", *many)
    assert verdicts(raw, many) == [FURNITURE] * len(many)


# -- a widget's prompts ---------------------------------------------------------------------------
@pytest.mark.parametrize("line", [
    "Was this article helpful?", "Did you find this story useful?", "Send us feedback", "Thank you for your feedback!",
    "Email this", "Print this page", "Copy link", "Link copied!", "Join the conversation", "Comments are closed.",
    "Log in to comment", "12 comments", "View all comments", "Have a news tip? Let us know.", "Report a typo",
    "Spotted an error? Tell us.", "Rate this article", "Help us improve our journalism.",
    "Story continues below advertisement", "Skip Advertisement", "Continue reading the main story", "Listen to this article",
    "Your browser does not support the video tag.", "This content is currently unavailable.", "Reuse this content",
])
def test_a_widgets_prompt_is_furniture(line: str) -> None:
    raw = page(STORY[0], line, STORY[1])
    assert verdicts(raw, [STORY[0], line, STORY[1]]) == [BODY, FURNITURE, BODY]


@pytest.mark.parametrize("line", [
    "The mayor said the report was helpful and asked the council to send its feedback by Friday.",
    "Residents who found the new plan useful said the city should print more copies of the map.",
    "Critics said the debate had been closed too early, and the comments of the panel were ignored.",
    "The story continues to unfold, and officials said they would listen to the residents before deciding.",
    "Drivers who want to skip the closed roads should continue on the highway to the next exit, police said.",
])
def test_a_sentence_with_a_widgets_words_is_body(line: str) -> None:
    raw = page(STORY[0], line, STORY[1])
    assert verdicts(raw, [line]) == [BODY]


# -- the headline again ----------------------------------------------------------------------------
@pytest.mark.parametrize("copy", [f"{HEADLINE} | The Daily Planet", f"{HEADLINE} - Example News", f"Weather: {HEADLINE}",
                                  "Storm Closes Mountain Roads Across the County."])
def test_the_headline_again_with_the_sites_name_or_other_punctuation_is_furniture_anywhere(copy: str) -> None:
    raw = page(STORY[0], STORY[1], STORY[2], copy)
    assert verdicts(raw, [STORY[2], copy]) == [BODY, FURNITURE]


def test_the_bare_headline_under_a_headline_line_with_the_sites_name_is_furniture() -> None:
    raw = f"{HEADLINE} | The Daily Planet\n\n{HEADLINE}\n\n{STORY[0]}\n\n{STORY[1]}\n\n{STORY[2]}\n\n{HEADLINE}\n"
    assert [kind for text, kind, _ in regions_of(raw)] == [BODY, FURNITURE, BODY, BODY, BODY, FURNITURE]


def test_a_line_of_the_headline_and_the_site_name_in_other_words_is_body() -> None:
    line = "Weather Desk Report From The Mountain Pass Tonight: Storm closes mountain roads across the county"
    raw = page(STORY[0], STORY[1], line, STORY[2])
    assert verdicts(raw, [line]) == [BODY]


# -- tag boxes and the author's box ------------------------------------------------------------------
@pytest.mark.parametrize("heading", ["Tags", "Topics", "Related topics", "Filed under", "More on these topics"])
def test_the_items_under_a_tag_heading_are_furniture(heading: str) -> None:
    tags = ["Winter weather", "Roads and traffic", "Mountain County"]
    raw = page(*STORY, heading, *tags)
    assert verdicts(raw, [STORY[3], heading, *tags]) == [BODY] + [FURNITURE] * 4


def test_a_topics_subheading_over_a_paragraph_is_body() -> None:
    raw = page(STORY[0], "Topics", STORY[1], STORY[2])
    assert verdicts(raw, ["Topics", STORY[1]]) == [BODY, BODY]


def test_an_about_the_author_box_is_furniture() -> None:
    bio = "Jane Roe covers weather and transport for the paper and has reported from the mountains since 2015."
    raw = page(*STORY, "About the author", bio)
    assert verdicts(raw, [STORY[3], "About the author", bio]) == [BODY, FURNITURE, FURNITURE]


@pytest.mark.parametrize("line", ["• Tags: Winter weather, Roads", "Jane Roe covers weather and transport for The Daily Planet."])
def test_a_tag_line_after_a_bullet_and_a_closing_line_on_what_the_writer_covers_are_furniture(line: str) -> None:
    raw = page(*STORY, line)
    assert verdicts(raw, [STORY[3], line]) == [BODY, FURNITURE]


def test_a_story_line_on_what_someone_covers_is_body() -> None:
    line = "Governor Jane Roe covers the cost of the repairs, her office said on Friday."
    raw = page(*STORY, line)
    assert verdicts(raw, [line]) == [BODY]


# -- a news ticker: other stories' headlines joined on one line (round 28's label17) --------------------------------
@pytest.mark.parametrize("joint", ["  •  ", " · ", " | "])
def test_a_line_of_other_stories_headlines_joined_by_bullets_or_bars_is_a_ticker(joint: str) -> None:
    ticker = joint.join(TEASERS)
    for where in ([ticker, *STORY], [STORY[0], ticker, *STORY[1:]], [*STORY, ticker]):
        raw = page(*where)
        assert verdicts(raw, [*STORY, ticker]) == [BODY] * 4 + [FURNITURE]
    # more than `ticker_unconnected_share` of the headlines must be unconnected to the story
    raw = page(STORY[0], ticker, *STORY[1:])
    assert verdicts(raw, [ticker], FurnitureParams(ticker_unconnected_share=1.0)) == [BODY]


@pytest.mark.parametrize("line", [
    # the story's own points, in its words
    "Mountain roads closed on Thursday • Crews cleared the highway overnight • First roads reopened at noon on Friday",
    # two headlines only
    " • ".join(TEASERS[:2]),
    # items under the story's own heading: the roads it closed
    "The storm closed three roads on Thursday: • Pine Pass near the state line • Elk Ridge Road above the old mill "
    "• Bear Creek Road south of the town",
    # a paragraph with sentences between the bullets
    "The council met on Monday. • The budget passed by two votes. • Libraries will open on Sundays from next month.",
])
def test_a_story_line_with_bullets_is_no_ticker(line: str) -> None:
    raw = page(STORY[0], line, *STORY[1:])
    assert verdicts(raw, [line]) == [BODY]
