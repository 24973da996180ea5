"""Furniture rules written on the pages of the fourth and fifth labellers (dev sets), shown on invented lines.

Each rule has a look-alike body line that must stay body: these rules have to hold on sites nobody tuned on.
"""
from __future__ import annotations

import pytest

from retrieval.corpus.furniture import BODY, CAPTION, FURNITURE, FurnitureParams, classify_lines

HEADLINE = "Storm closes mountain roads"
BODY_LINE = "Crews worked through the night to clear the highway, the county said."
TIER = FurnitureParams()  # the default: captions kept apart
CAPTIONS_OUT = FurnitureParams(caption_tier=False)


def regions_of(raw: str, params: FurnitureParams = TIER) -> list[tuple[str, str, str]]:
    return [(raw[r.start:r.end], r.kind, r.rule) for r in classify_lines(raw, params=params)]


def classify(line: str, params: FurnitureParams = TIER) -> list[tuple[str, str, str]]:
    """The regions of `line` placed between two paragraphs under a headline."""
    raw = f"{HEADLINE}\n\n{BODY_LINE}\n\n{line}\n\nThe road reopened on Friday morning, officials said.\n"
    start = raw.index(line)
    return [(raw[r.start:r.end], r.kind, r.rule) for r in classify_lines(raw, params=params) if start <= r.start < start + len(line)]


def kinds(line: str, params: FurnitureParams = TIER) -> list[str]:
    return [kind for _, kind, _ in classify(line, params)]


# -- credits the caption rules did not know ----------------------------------------------------
def test_a_bracketed_credit_followed_by_the_photographers_handle_makes_a_caption() -> None:
    caption = "Jane Roe walks out of the courtroom after a hearing at the Regional Justice Center on Wednesday, March 22, 2023."
    credit = "(Max Poe/Example Review-Journal) @maxpoephoto"
    assert classify(f"{caption} {credit}") == [(caption, CAPTION, "caption"), (credit, FURNITURE, "credit")]
    assert kinds(f"{caption} {credit}", CAPTIONS_OUT) == [FURNITURE]


def test_a_handle_alone_after_a_sentence_is_no_credit() -> None:
    line = "The mayor thanked the crews in a post on Thursday. @examplecity"
    assert CAPTION not in kinds(line)


def test_a_photographers_name_slash_the_paper_after_a_sentence_makes_a_caption() -> None:
    caption = "Example's Jane Roe (17) scores against the visitors during the regional final on Thursday at the arena."
    credit = "Max Poe/The Example Forum"
    assert classify(f"{caption} {credit}") == [(caption, CAPTION, "caption"), (credit, FURNITURE, "credit")]


def test_a_plural_credits_label_makes_a_caption() -> None:
    caption = "Members of the curation team work with a glove box at the space center in Houston."
    credit = "Credits: Example Agency/Jane Roe"
    assert classify(f"{caption} {credit}") == [(caption, CAPTION, "caption"), (credit, FURNITURE, "credit")]


def test_a_short_description_credited_with_an_organisations_name_is_a_caption() -> None:
    caption = "Firefighters on the lower deck of the bridge after the crash on March 21, 2023."
    credit = "Example City Fire Department"
    assert classify(f"{caption} {credit}") == [(caption, CAPTION, "caption"), (credit, FURNITURE, "credit")]


@pytest.mark.parametrize("line", [
    # one word after a sentence is often the next sentence's first, cut off
    "Johnson held off Leslie Roe of France in the final of the 60m hurdles. France's",
    "Johnson held off Leslie Roe of France in the final of the 60m hurdles. Jamaican",
    # a long paragraph ending in a stray name
    "The race was close from the start, and the two leaders ran shoulder to shoulder for most of the last lap before "
    "the champion pulled away on the final bend, finishing a fraction of a second ahead of the rest of the field in "
    "the fastest time of the season. Jane Roe",
    # a headline in title case, then a teaser
    "County's 3-Year Emergency Ends On March 31. Here Is What Will Change",
    # quoted speech
    "“We will be back next year,” she said. Jane Roe",
])
def test_a_line_ending_in_a_stray_name_is_no_caption(line: str) -> None:
    assert CAPTION not in kinds(line)


def test_a_gallerys_counted_captions_are_captions() -> None:
    line = ("1 / 3: Players face off during the regional final on Thursday at the arena. 2 / 3: Jane Roe celebrates her "
            "goal. 3 / 3: Fans cheer on the home team.")
    assert classify(line) == [(line, CAPTION, "caption")]


def test_a_recipes_fraction_is_no_gallery_counter() -> None:
    line = "1/2 cup of sugar and two eggs, beaten together until pale."
    assert kinds(line) == [BODY]


def test_the_dek_printed_again_with_its_source_in_brackets_is_a_caption_and_the_dek_stays() -> None:
    # longer than a short sourced label ("... by Hokusai, 1831. (Example Museum)"), which is a caption anyway
    dek = "A judge on Wednesday stood by his earlier decision to step aside from presiding over the former player’s drunk-driving case."
    caption = dek.replace("’", "'")
    raw = f"{HEADLINE}\n\n{dek}\n\n{caption} (Example Review-Journal)\n\n{BODY_LINE}\n"
    regions = regions_of(raw)
    assert (dek, BODY, "") in regions
    assert (caption, CAPTION, "caption") in regions
    assert ("(Example Review-Journal)", FURNITURE, "credit") in regions
    assert (caption + " (Example Review-Journal)", FURNITURE, "caption") in regions_of(raw, CAPTIONS_OUT)


def test_a_paragraph_with_its_source_in_brackets_is_body_when_no_line_repeats_it() -> None:
    line = ("The agency said the number of cases in children has returned to the levels seen before the pandemic, "
            "and in some places exceeded them. (Example Health Agency)")
    assert kinds(line) == [BODY]


# -- repeats and sign-offs ---------------------------------------------------------------------
def test_a_line_repeated_as_a_clause_of_a_paragraph_is_dropped_where_it_is_shorter() -> None:
    short = "Five children have died of the infection so far this year in the state."
    long = "This follows reports that five children have died of the infection so far this year in the state."
    regions = regions_of(f"{HEADLINE}\n\n{BODY_LINE}\n\n{short}\n\n{long}\n\nThe road reopened on Friday.\n")
    assert (short, FURNITURE, "repeated_line") in regions
    assert (long, BODY, "") in regions


def test_a_line_whose_words_end_another_word_is_no_repeat() -> None:
    line = "Art of the deal is what he called it on Monday."
    regions = regions_of(f"{HEADLINE}\n\nThe start of the deal is what he called it on Monday.\n\n{line}\n\n{BODY_LINE}\n")
    assert (line, BODY, "") in regions


def test_the_wires_sign_off_naming_its_other_reporters_is_furniture() -> None:
    line = "Associated Press journalists Jane Roe in Lagos, Nigeria; and Max Poe in Harare, Zimbabwe, contributed."
    assert classify(line) == [(line, FURNITURE, "contributor")]


def test_a_story_sentence_about_reporters_contributing_is_body() -> None:
    line = "Local reporters and editors contributed money to the fund, which paid for the lawyers in the case."
    assert kinds(line) == [BODY]


def test_an_embedded_post_quoted_in_the_story_is_body_though_it_opens_like_a_link() -> None:
    line = "Listen:https://t.co/abc123 pic.twitter.com/xyz789 — Jane Roe (@janeroe) March 24, 2023"
    assert kinds(line) == [BODY]
    assert kinds("Listen: The full interview with the mayor") == [FURNITURE]


def test_an_advert_sending_the_reader_to_a_site_now_is_a_call_to_action() -> None:
    line = "So which sleepers should you target? Visit ExampleLine now to get rankings for every position."
    assert classify(line) == [(line, FURNITURE, "call_to_action")]
    assert kinds("Visitors came now and then to see the garden, which opened in 1921.") == [BODY]


# -- subheadings past a repeated ad -------------------------------------------------------------
def test_short_score_lines_past_a_repeated_ad_marker_stay_body() -> None:
    raw = (f"{HEADLINE}\n\n{BODY_LINE}\n\nADVERTISEMENT\n\nThe second half was quieter, officials said.\n\nADVERTISEMENT\n\n"
           f"VISITORS 1-1-0—2\n\nHOME 1-2-6—9\n\nFIRST PERIOD: 1, HOME, Jane Roe, 6:08. 2, VIS, Max Poe, 8:41.\n")
    regions = regions_of(raw)
    assert ("VISITORS 1-1-0—2", BODY, "") in regions
    assert ("HOME 1-2-6—9", BODY, "") in regions
    assert ("ADVERTISEMENT", FURNITURE, "repeated_line") in regions


# -- the dek -----------------------------------------------------------------------------------
DEK = "The vote was the first test of the new majority's strength as it confronts the president."


def test_the_dek_and_the_paragraph_repeating_it_both_stay_body() -> None:
    raw = f"{HEADLINE}\nPublished: 2023-03-23\nhttps://example.com/story\n\n{DEK}\n\n{BODY_LINE}\n\n{DEK}\n\nMore talks are planned.\n"
    assert [r for r in regions_of(raw) if r[0] == DEK] == [(DEK, BODY, ""), (DEK, BODY, "")]


def test_the_dek_and_its_copy_inside_the_dateline_story_both_stay_body() -> None:
    raw = f"{HEADLINE}\n\n{DEK}\n\nWASHINGTON — {BODY_LINE}\n\n{DEK}\n\nMore talks are planned.\n"
    assert [r for r in regions_of(raw) if r[0] == DEK] == [(DEK, BODY, ""), (DEK, BODY, "")]


def test_the_dek_inside_a_longer_lede_stays_body() -> None:
    raw = f"{HEADLINE}\n\n{DEK}\n\nWASHINGTON -- {DEK} The speaker called it a setback.\n\n{BODY_LINE}\n"
    assert (DEK, BODY, "") in regions_of(raw)


def test_a_line_under_the_headline_printed_three_times_in_a_row_is_the_pages_template_every_copy() -> None:
    # A video player's title (heldout7's labeller: furniture, all three copies); it kept one copy until then.
    title = "Talking Points: What are the parties' plans for the state's budget surplus?"
    raw = f"{HEADLINE}\n\n{title}\n\n{title}\n\n{title}\n\nST. PAUL — {BODY_LINE}\n"
    assert [kind for text, kind, _ in regions_of(raw) if text == title] == [FURNITURE] * 3


def test_other_repeated_lines_keep_one_copy() -> None:
    line = "“We will be back soon, at least within a week,” the spokesperson said on Thursday."
    raw = f"{HEADLINE}\n\n{DEK}\n\n{line}\n\n{BODY_LINE}\n\n{line}\n\nMore talks are planned.\n"
    assert [kind for text, kind, _ in regions_of(raw) if text == line].count(BODY) == 1


def test_a_caption_under_the_headline_printed_again_with_its_picture_keeps_one_copy() -> None:
    caption = "Jane Roe, center, poses with Max Poe, left, and John Doe, right, at the residence in Seoul on Monday."
    raw = f"{HEADLINE}\n\n{caption}\n\n{BODY_LINE}\n\n{caption}\n\nMore talks are planned.\n"
    assert [kind for text, kind, _ in regions_of(raw) if text == caption] == [CAPTION, FURNITURE]


# -- pages that caption alike, and the story's own short lines -----------------------------------
def _captioned_page(line: str) -> str:
    return (f"{HEADLINE}\n\n{BODY_LINE}\n\nMembers of the union protest outside the headquarters on Wednesday. AP\n\n"
            f"The company is appealing the ruling, it said.\n\n{line}\n\nThe road reopened on Friday.\n")


def test_on_a_page_whose_captions_end_in_a_credit_a_one_word_credit_makes_a_caption_too() -> None:
    caption = "The new chief executive took the reins from the founder earlier this week."
    regions = regions_of(_captioned_page(f"{caption} Examplebucks"))
    assert (caption, CAPTION, "caption") in regions
    assert ("Examplebucks", FURNITURE, "credit") in regions
    assert (f"{caption} Examplebucks", FURNITURE, "caption") in regions_of(_captioned_page(f"{caption} Examplebucks"), CAPTIONS_OUT)


def test_without_a_credited_caption_on_the_page_a_one_word_tail_stays_with_the_body() -> None:
    line = "The new chief executive took the reins from the founder earlier this week. Examplebucks"
    assert CAPTION not in kinds(line)


def test_on_a_captioned_page_a_paragraph_ending_in_quoted_speech_and_a_word_is_no_caption() -> None:
    line = "“We are back,” the new chief executive said this week. Examplebucks"
    assert CAPTION not in [kind for text, kind, _ in regions_of(_captioned_page(line)) if text in line]


def test_a_recipes_title_crediting_its_source_above_the_ingredients_is_body() -> None:
    title = "Green Sauce Recipe, courtesy of The Example Kitchen"
    raw = f"{HEADLINE}\n\n{BODY_LINE}\n\n{title}\n\nIngredients\n\n1 cup parsley\n\n2 cloves garlic\n\nChop the parsley.\n"
    # the dish's name is body, as the body rules keep it (the credit cut, as from any line), in no caption
    assert [kind for text, kind, _ in regions_of(raw) if text in title] == [BODY, FURNITURE]
    assert [kind for text, kind, _ in regions_of(raw, CAPTIONS_OUT) if text in title] == [BODY, FURNITURE]
    # the same credit under a picture is a caption's
    assert CAPTION in kinds("The chef at the grill on Monday, courtesy of The Example Kitchen")


@pytest.mark.parametrize("line", ["Open Wednesday-Saturday 5 p.m.-midnight", "Open daily 11 a.m.-midnight"])
def test_a_listings_opening_hours_are_body_however_short(line: str) -> None:
    raw = f"{HEADLINE}\n\n{BODY_LINE}\n\n532 Example Ave., Los Angeles, CA 90020\n\n{line}\n"
    assert (line, BODY, "") in regions_of(raw)


def test_other_short_lines_at_the_end_stay_furniture() -> None:
    raw = f"{HEADLINE}\n\n{BODY_LINE}\n\nUpdated 5 p.m. Monday\n"
    assert regions_of(raw)[-1][1] == FURNITURE


def test_the_headline_printed_again_between_paragraphs_is_a_section_heading() -> None:
    title = "Is the Actress Pregnant?"
    raw = f"{title}\n\n{BODY_LINE}\n\nShe already has two children.\n\n{title}\n\nYes, she is expecting her third child.\n"
    assert [kind for text, kind, _ in regions_of(raw) if text == title] == [BODY, BODY]


def test_the_headline_printed_again_under_the_story_is_a_repeat() -> None:
    title = "Is the Actress Pregnant?"
    raw = f"{title}\n\n{BODY_LINE}\n\nShe already has two children.\n\n{title}\n\nRead more\n"
    assert [kind for text, kind, _ in regions_of(raw) if text == title] == [BODY, FURNITURE]


def test_a_paragraph_sending_the_reader_to_a_website_for_more_is_furniture() -> None:
    line = ("Jane Roe is a registered dietitian with Example Health. For more recipes and health information, visit "
            "example.com/blog. For questions about today's recipe, email jroe@example.org.")
    assert classify(line) == [(line, FURNITURE, "web_pointer")]


def test_a_story_sentence_about_visiting_a_site_is_body() -> None:
    line = "For more than a decade, officials said, tourists would visit example.com's offices in Lisbon to complain in person."
    assert kinds(line) == [BODY]


def test_a_recipes_short_title_above_its_yield_is_body_even_after_furniture() -> None:
    raw = (f"{HEADLINE}\n\n{BODY_LINE}\n\nMore:Berry parfait is a sweet way to get more fruit\n\n"
           "Jane Roe is a dietitian. For more recipes, visit example.com/blog. For questions, email jroe@example.org.\n\n"
           "Moroccan Sheet Pan Bowl\n\nServes: 4 / Prep time: 25 minutes / Total time: 1 hour\n\n1 cup sweet potatoes\n\n"
           "1 can chickpeas, drained\n\nHeat the oven to 400 degrees.\n")
    assert ("Moroccan Sheet Pan Bowl", BODY, "") in regions_of(raw)


# -- a page cut off by the scrape -----------------------------------------------------------------
PARAGRAPH = "The two ministers met for three hours on Friday and agreed to meet again in the spring, officials said."


@pytest.mark.parametrize("cut", ["On a possible future meeting bet", "The ministers were expected to"])
def test_the_last_line_cut_off_under_a_paragraph_is_the_storys(cut: str) -> None:
    raw = f"{HEADLINE}\n\n{BODY_LINE}\n\n{PARAGRAPH}\n\n{cut}\n"
    assert regions_of(raw)[-1] == (cut, BODY, "")


@pytest.mark.parametrize("last", [
    "With Post wires",  # a sign-off of a few words
    "Storm Coverage From Our Newsroom",  # a heading in title case
    "Storm resources for readers: maps",  # a label
])
def test_a_short_last_line_of_another_form_is_still_furniture(last: str) -> None:
    raw = f"{HEADLINE}\n\n{BODY_LINE}\n\n{PARAGRAPH}\n\n{last}\n"
    assert regions_of(raw)[-1][:2] == (last, FURNITURE)


def test_a_cut_off_last_line_under_a_widgets_prompt_is_the_widgets() -> None:
    prompt = "Share your experiences and any issues you have encountered on Example News. We are here to listen."
    raw = f"{HEADLINE}\n\n{BODY_LINE}\n\n{PARAGRAPH}\n\n{prompt}\n\nThank you for sharing your\n"
    assert regions_of(raw)[-1] == ("Thank you for sharing your", FURNITURE, "short_line")
