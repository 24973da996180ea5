"""Furniture told by the form of a line or of the page's end, shown on invented lines, each with a look-alike that
stays body: a page-end widget of other stories' teasers, a quotation signed with a dash, a caption in the picture's
present tense."""
from __future__ import annotations

import pytest

from retrieval.corpus.furniture import BODY, CAPTION, FURNITURE, FurnitureParams, classify_lines

HEADLINE = "Storm closes mountain roads"
BODY_LINE = "Crews worked through the night to clear the highway, the county said."
LAST_LINE = "The road reopened on Friday morning, officials said."


def regions_of(raw: str, params: FurnitureParams = FurnitureParams()) -> list[tuple[str, str, str]]:
    return [(raw[r.start:r.end], r.kind, r.rule) for r in classify_lines(raw, params=params)]


def verdicts(raw: str, lines: list[str], params: FurnitureParams = FurnitureParams()) -> list[str]:
    found = {text: kind for text, kind, _ in regions_of(raw, params)}
    return [found[line] for line in lines]


def page(*lines: str) -> str:
    return HEADLINE + "\n\n" + "\n\n".join(lines) + "\n"


# -- a page-end widget ---------------------------------------------------------------------------
TEASERS = [
    "The singer and her partner enjoyed a walk through a London park on Thursday.",
    "The actor, 26, who was raised in Kingston, got some light exercise on a dog walk with a bodyguard on Friday.",
    "Her new film, which also stars two of her co-stars, will be released in September in the UK",
]


@pytest.mark.parametrize("heading", ["Latest Zendaya news and events", "More from The Daily Planet", "You may also like",
                                     "Most read", "Trending now"])
def test_the_teasers_under_a_page_end_widgets_heading_are_furniture(heading: str) -> None:
    raw = page(BODY_LINE, LAST_LINE, heading, *TEASERS)
    assert verdicts(raw, [BODY_LINE, LAST_LINE, heading, *TEASERS]) == [BODY, BODY] + [FURNITURE] * 4


def test_a_widget_heading_followed_by_a_paragraph_of_story_is_no_widget() -> None:
    paragraph = " ".join([BODY_LINE] * 6)  # story text, not a teaser
    raw = page(BODY_LINE, "Latest Zendaya news and events", TEASERS[0], paragraph)
    assert verdicts(raw, [TEASERS[0], paragraph]) == [BODY, BODY]


def test_a_read_more_list_inside_the_story_leaves_the_story_after_it_body() -> None:
    raw = page(BODY_LINE, "Read More:", "Is X Pregnant?", "Is Y Pregnant?", TEASERS[0], LAST_LINE)
    assert verdicts(raw, ["Is X Pregnant?", TEASERS[0], LAST_LINE]) == [FURNITURE, BODY, BODY]


# -- a quotation signed with a dash ---------------------------------------------------------------
@pytest.mark.parametrize("line", [
    "“Many, many people are invested in you hating your body ― it lines their pockets.” - Jane Roe, licensed "
    "professional therapist who specializes in eating disorders",
    "\"Only he could be helped by an indictment, I don't mean to be funny.\" — Sen. Jane Roe (R-Alaska)",
])
def test_a_quotation_set_off_and_signed_with_a_dash_is_a_pull_quote(line: str) -> None:
    raw = page(BODY_LINE, line, LAST_LINE)
    assert [(kind, rule) for text, kind, rule in regions_of(raw) if text == line] == [(FURNITURE, "pull_quote")]


@pytest.mark.parametrize("line", [
    "“We are not a rail company,” said Jane Roe. “We will sell the elevator.”",  # attributed in words
    "“It was a 9-2 game - you can't hide from that,” the coach said.",  # a dash inside the quote
    "“We are ready.” - Jane Roe said it twice on Monday, before the vote was called and the doors were shut again "
    "for the second time that week.",  # the "signature" goes on as a sentence
])
def test_a_quotation_attributed_in_words_is_body(line: str) -> None:
    raw = page(BODY_LINE, line, LAST_LINE)
    assert verdicts(raw, [line]) == [BODY]


# -- a caption in the picture's present tense -----------------------------------------------------
@pytest.mark.parametrize("line", [
    "UCLA guard Jane Roe walks off the court as Example celebrates its 79-76 win over the Bruins in the Sweet 16 of the "
    "NCAA tournament on Thursday night.",
    "Russian President Max Poe listens to Transport Minister Ann Lee during their meeting in Moscow, Russia.",
    "Jane Roe attends the trailer launch of ‘Example’ on Feb. 9, 2023, in Los Angeles.",
])
def test_a_line_saying_in_the_present_what_a_named_person_does_at_a_dated_moment_is_a_caption(line: str) -> None:
    raw = page(line, BODY_LINE, LAST_LINE)
    assert verdicts(raw, [line]) == [CAPTION]
    assert verdicts(raw, [line], FurnitureParams(caption_tier=False)) == [FURNITURE]
    assert verdicts(raw, [line], FurnitureParams(captions_are_furniture=False)) == [BODY]


@pytest.mark.parametrize("line", [
    "UCLA guard Jane Roe walked off the court as Example celebrated its win on Thursday night.",  # the past: the story
    "Jane Roe plays Example United on Saturday in the cup's second round.",  # a schedule, not a picture
    "Jane Roe walks to work every day, she said, and has done so for a decade.",  # no moment
    "Tony Roe has said he looks forward to working with him during his second term.",  # the verb is not the subject's
    "“I walk off the court on Thursday,” Jane Roe said.",  # speech
    "The talks resumed on Monday, officials said.",  # a noun, not a verb
    "Peace talks resume on Monday in the capital.",
    "UN Security Council talks on Monday ended without a vote.",
    "The Example Mayor Jane Roe walks a fine line, critics said on Monday.",  # a determiner opens the name
    "Jane Roe signs for Example United on Friday.",  # a transfer, not a picture
])
def test_a_story_sentence_with_a_picture_verb_is_body(line: str) -> None:
    raw = page(line, BODY_LINE, LAST_LINE)
    assert verdicts(raw, [line]) == [BODY]


def test_the_headline_in_the_present_tense_is_the_headline() -> None:
    title = "Jane Roe walks off the court on Thursday"
    raw = f"{title}\n\n{BODY_LINE}\n"
    assert verdicts(raw, [title]) == [BODY]


# -- a caption dated the wires' way -------------------------------------------------------------
def test_a_line_dating_its_picture_with_weekday_and_full_date_is_a_caption_without_any_credit() -> None:
    line = "A police truck is parked in front of the criminal court, Wednesday, March 22, 2023, in New York."
    raw = page(BODY_LINE, line, LAST_LINE)
    assert verdicts(raw, [line]) == [CAPTION]


@pytest.mark.parametrize("line", [
    "The talks resumed on Monday in Seoul, officials said.",  # a weekday alone
    "The talks resumed on March 22, 2023, officials said.",  # a date alone
    "“We meet again on Wednesday, March 22, 2023,” the envoy said.",  # speech
])
def test_a_story_sentence_with_a_weekday_or_a_date_is_body(line: str) -> None:
    raw = page(BODY_LINE, line, LAST_LINE)
    assert verdicts(raw, [line]) == [BODY]
