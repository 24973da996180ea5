"""Furniture told by the form of a line or of the page's end, shown on invented lines, each with a look-alike that
stays body: a page-end widget of other stories' teasers, a quotation signed with a dash, a caption in the picture's
present tense, a video title printed three times above the story, a gallery's title, a press release's closing
"About <Organisation>" block, a follow-us prompt with a sentence glued to it, a caption opening with its agency."""
from __future__ import annotations

import pytest
from furniture_pages import page_under, regions_of, verdicts
from hypothesis import given, settings
from hypothesis import strategies as st

from retrieval.corpus.articles import parse_article
from retrieval.corpus.furniture import BODY, CAPTION, FURNITURE, FurnitureParams

HEADLINE = "Storm closes mountain roads"
BODY_LINE = "Crews worked through the night to clear the highway, the county said."
LAST_LINE = "The road reopened on Friday morning, officials said."


def page(*lines: str) -> str:
    return page_under(HEADLINE, *lines)


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


def test_a_widget_heading_above_the_story_leaves_the_story_under_it_body() -> None:
    # A "Trending now" box's heading printed between the lede and the rest of the story (its items went unscraped):
    # what follows is most of the story, not a page-end widget's teasers, however short its paragraphs.
    story = ["The storm closed three mountain roads on Thursday, the county said.",
             "Crews worked to clear the highway before the weekend storm.",
             "The county did not say when the mountain roads would reopen."]
    raw = page(BODY_LINE, "Trending now", *story)
    assert verdicts(raw, [BODY_LINE, *story]) == [BODY] * 4
    # the same box at the page's end, under the story, is a widget: its lines are other stories'
    raw = page(BODY_LINE, *story, "Trending now", *TEASERS)
    assert verdicts(raw, [*story, *TEASERS]) == [BODY] * 3 + [FURNITURE] * 3


def test_a_banner_ending_in_a_prompt_to_follow_the_site_is_furniture_a_sentence_about_following_is_not() -> None:
    banner = "Find your daily dose of news in your WhatsApp. Stay updated, stay informed - Follow Example News on WhatsApp."
    sentence = "Fans can follow the singer on Instagram, where she posts daily."
    said = "Millions now follow the minister on Twitter."
    raw = page(BODY_LINE, banner, sentence, said, LAST_LINE)
    assert verdicts(raw, [banner, sentence, said]) == [FURNITURE, BODY, BODY]


def test_teasers_cut_off_with_an_ellipsis_under_a_related_heading_are_links() -> None:
    teasers = ["For Kuwait's new emir, Saudi ties are seen as key", "Kuwait (Reuters) - Sheikh Meshal was named...",
               "Pope deplores killings of civilians at Gaza church", "Vatican City (Reuters) - The Pope on Sunday again..."]
    raw = page(BODY_LINE, LAST_LINE, "Related", *teasers)
    assert verdicts(raw, [BODY_LINE, LAST_LINE, *teasers]) == [BODY, BODY] + [FURNITURE] * 4
    # a paragraph that ends in a full stop ends the list: the story goes on
    raw = page(BODY_LINE, "Related", teasers[0], LAST_LINE)
    assert verdicts(raw, [teasers[0], LAST_LINE]) == [FURNITURE, BODY]


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


DATED_CAPTION = "U.S. -- Foreign Ministers Jane Roe of Example and John Doe of Sample meet in Washington, November 7, 2022."


@pytest.mark.parametrize("line", [
    DATED_CAPTION,
    "Jane Roe and John Doe shake hands in Geneva, 7 November 2022.",
    "Prime Minister Jane Roe greets President John Doe at the palace in Accra, March 3, 2024.",
])
def test_a_line_in_the_pictures_present_tense_closed_by_its_date_is_a_caption(line: str) -> None:
    raw = page(line, BODY_LINE, LAST_LINE)
    assert verdicts(raw, [line]) == [CAPTION]


@pytest.mark.parametrize("line", [
    "Foreign Ministers Jane Roe and John Doe met in Washington, November 7, 2022.",  # the past: the story
    "Foreign Ministers Jane Roe and John Doe meet in Washington on November 7, 2022.",  # "on": a schedule
    "“Ministers meet in Washington, November 7, 2022,” Jane Roe said.",  # speech
    "The talks failed. Ministers Jane Roe and John Doe meet in Washington, November 7, 2022.",  # two sentences
])
def test_a_story_sentence_with_a_present_verb_and_a_date_is_body(line: str) -> None:
    raw = page(line, BODY_LINE, LAST_LINE)
    assert verdicts(raw, [line]) == [BODY]


def test_a_caption_printed_twice_in_a_row_above_the_story_is_no_dek() -> None:
    # the picture's alt text and its caption: both out of the body (the copy is a repeat), unlike a dek and its copy
    raw = page(DATED_CAPTION, DATED_CAPTION, BODY_LINE, LAST_LINE)
    assert [kind for text, kind, _ in regions_of(raw) if text == DATED_CAPTION] == [CAPTION, FURNITURE]
    assert verdicts(raw, [BODY_LINE, LAST_LINE]) == [BODY, BODY]


# -- a video player's title printed three times above the story -----------------------------------
VIDEO_TITLE = "Talking Points: What are the parties' plans for the state's budget surplus?"


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=3, max_value=6))
def test_property_a_line_printed_three_times_or_more_in_a_row_above_the_story_is_furniture_every_copy(copies: int) -> None:
    raw = page(*[VIDEO_TITLE] * copies, BODY_LINE, LAST_LINE)
    assert [(kind, rule) for text, kind, rule in regions_of(raw) if text == VIDEO_TITLE] == [(FURNITURE, "template_line")] * copies
    assert verdicts(raw, [BODY_LINE, LAST_LINE]) == [BODY, BODY]


def test_a_line_printed_twice_above_the_story_is_the_dek_and_its_copy() -> None:
    raw = page(VIDEO_TITLE, VIDEO_TITLE, BODY_LINE, LAST_LINE)
    assert [kind for text, kind, _ in regions_of(raw) if text == VIDEO_TITLE] == [BODY, BODY]


def test_a_line_printed_three_times_between_other_lines_is_no_template() -> None:
    # a fixtures table: "Winners meet in final match" under each group's games
    cell = "Winners meet in final match"
    raw = page(BODY_LINE, "Seychelles v South Africa", cell, "Mozambique v Zimbabwe", cell, "Lesotho v Malawi", cell, LAST_LINE)
    assert all(rule != "template_line" for _, _, rule in regions_of(raw))


# -- a gallery's title over its captions ------------------------------------------------------
GALLERY_TITLE = "Gonzaga Hit Last-Second 3-Pointer to Advance to the Elite Eight"
GALLERY = [f"Gonzaga guard Jane Roe ({n}) shoots during the second half on Thursday. (Max Poe/The Daily Planet) @maxpoe"
           for n in range(1, 7)]


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=0, max_value=6))
def test_property_a_title_cased_line_over_three_captions_or_more_is_the_gallerys_title(pictures: int) -> None:
    raw = page(BODY_LINE, GALLERY_TITLE, *GALLERY[:pictures], BODY_LINE + " Then more.", LAST_LINE)
    assert verdicts(raw, [GALLERY_TITLE]) == [CAPTION if pictures >= 3 else BODY]
    assert verdicts(raw, [GALLERY_TITLE], FurnitureParams(caption_tier=False)) == [FURNITURE if pictures >= 3 else BODY]


@pytest.mark.parametrize("line", [
    "The team hit a last-second 3-pointer to advance to the Elite Eight",  # no title case: a sentence cut off
    "Gonzaga Hit Last-Second 3-Pointer to Advance to the Elite Eight.",  # a sentence
])
def test_a_line_over_a_gallery_that_is_no_title_stays_body(line: str) -> None:
    raw = page(BODY_LINE, line, *GALLERY[:4], LAST_LINE)
    assert verdicts(raw, [line]) == [BODY]


# -- a press release's closing "About <Organisation>" block -------------------------------------
ABOUT = "About Example University Health Sciences Center"
ABOUT_TEXT = [
    "Example University is the only health sciences center on the border and serves 108 counties.",
    "It was established in 2013 to focus on the health care needs of the region.",
    "In a decade, the university has graduated over 2,000 doctors, nurses and researchers.",
    "It is part of the Example University System.",
    "Its campus opened in 1970.",
]
STORY = [BODY_LINE, "The grant will support five years of research, the university said.", LAST_LINE,
         "The researcher has received two grants from the agency.", "Students will work on the project."]


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=1, max_value=5))
def test_property_an_about_block_closing_the_page_is_furniture_up_to_four_paragraphs(paragraphs: int) -> None:
    raw = page(*STORY, ABOUT, *ABOUT_TEXT[:paragraphs])
    expected = FURNITURE if paragraphs <= FurnitureParams().about_max_paragraphs else BODY
    assert verdicts(raw, ABOUT_TEXT[:paragraphs]) == [expected] * paragraphs
    assert verdicts(raw, STORY) == [BODY] * len(STORY)


def test_about_blocks_for_two_organisations_close_the_page_and_the_disclaimer_after_them_does_not_matter() -> None:
    raw = page(*STORY, ABOUT, *ABOUT_TEXT[:2], "About the Example Agency (EA)", ABOUT_TEXT[3],
               "Disclaimer: This article does not constitute medical advice.")
    assert verdicts(raw, [ABOUT, *ABOUT_TEXT[:2], "About the Example Agency (EA)", ABOUT_TEXT[3]]) == [FURNITURE] * 5


@pytest.mark.parametrize("heading", [
    "About the study",  # a section of the story
    "About Example University.",  # a sentence
])
def test_a_section_heading_about_something_or_a_sentence_is_no_about_block(heading: str) -> None:
    raw = page(*STORY, heading, ABOUT_TEXT[0])
    assert verdicts(raw, [ABOUT_TEXT[0]]) == [BODY]


def test_an_about_heading_over_most_of_the_page_is_the_story() -> None:
    raw = page(BODY_LINE, ABOUT, *ABOUT_TEXT[:3])
    assert verdicts(raw, ABOUT_TEXT[:3]) == [BODY] * 3


# -- a follow-us prompt with a sentence glued to it ---------------------------------------------
FOLLOW = ("Follow Example News on Twitter (opens in new tab), Facebook (opens in new tab), and Instagram (opens in new tab) "
          "for alerts on important stories and action during the races.")


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=0, max_value=40))
def test_property_a_line_opening_with_a_follow_us_prompt_is_a_call_to_action_up_to_the_notes_length(extra: int) -> None:
    line = FOLLOW + " Meanwhile," + " the race" * extra + " goes on."
    raw = page(BODY_LINE, line, LAST_LINE)
    words = line.count(" ") + 1
    assert verdicts(raw, [line]) == [FURNITURE if words <= FurnitureParams().editor_note_max_words else BODY]


def test_a_story_sentence_about_following_someone_on_social_media_is_body() -> None:
    line = ("Fans who follow the team on Twitter, Facebook and Instagram were told on Monday that the race would go on, "
            "the organisers said, after a night of rain had flooded the course and the start was delayed by an hour.")
    raw = page(BODY_LINE, line, LAST_LINE)
    assert verdicts(raw, [line]) == [BODY]


# -- a caption opening with a picture agency's bare name ----------------------------------------
CREDITED_FIRST = "Jane Roe via Getty Images Eating processed meats four times a week raises the risk of colon cancer."


def test_a_line_opening_with_a_picture_agencys_name_is_a_caption_on_a_page_crediting_captions_first() -> None:
    line = "Getty Looks harmless, right? Look out for that white bread."
    raw = page(line, BODY_LINE, CREDITED_FIRST, LAST_LINE)
    assert [(text, kind) for text, kind, _ in regions_of(raw) if text in line] == [("Getty", FURNITURE), (line[6:], CAPTION)]
    assert verdicts(raw, [line], FurnitureParams(caption_tier=False)) == [FURNITURE]


@pytest.mark.parametrize("line", [
    "Getty Looks harmless, right? Look out for that white bread.",  # no caption on the page opens with its credit
])
def test_a_line_opening_with_a_picture_agencys_name_is_body_on_other_pages(line: str) -> None:
    raw = page(line, BODY_LINE, LAST_LINE)
    assert verdicts(raw, [line]) == [BODY]


@pytest.mark.parametrize("line", [
    "Getty Images said on Monday it would license the pictures to the museum.",  # the agency as the story's subject
    "“Getty Looks harmless,” I said.",  # speech
])
def test_a_story_sentence_naming_a_picture_agency_is_body_even_on_such_a_page(line: str) -> None:
    raw = page(line, BODY_LINE, CREDITED_FIRST, LAST_LINE)
    assert verdicts(raw, [line]) == [BODY]


# -- a teaser for the site's coverage ------------------------------------------------------------
@pytest.mark.parametrize("line", [
    "Sports Full coverage: 2023 NCAA basketball tournament March Madness is upon us. Here’s everything you need to know.",
    "Full coverage: The war in Ukraine",
    "Don't miss: The best recipes of the year",
])
def test_a_teaser_for_the_sites_coverage_is_a_promo_link_even_between_paragraphs(line: str) -> None:
    raw = page(BODY_LINE, line, LAST_LINE)
    assert [(kind, rule) for text, kind, rule in regions_of(raw) if text == line] == [(FURNITURE, "promo_link")]


@pytest.mark.parametrize("line", [
    "Full coverage: $1,200 a year for a family of four, the insurer said.",  # a price, in a story about insurance
    "Fans wanted full coverage: every game, every channel, the league said.",
])
def test_a_story_line_about_coverage_is_body(line: str) -> None:
    raw = page(BODY_LINE, line, LAST_LINE)
    assert verdicts(raw, [line]) == [BODY]


# -- where a syndicated piece came from -------------------------------------------------------
@pytest.mark.parametrize("line", ["From Henry Ford LiveWell.", "Excerpted from The Example Book by Jane Roe.",
                                  "Reprinted with permission from the Example Gazette."])
def test_the_source_of_a_syndicated_piece_among_its_last_lines_is_furniture(line: str) -> None:
    raw = page(BODY_LINE, "Roast the vegetables for 25 minutes.", line, "344 calories, 9.5 grams fat.")
    assert [(kind, rule) for text, kind, rule in regions_of(raw) if text == line] == [(FURNITURE, "source_credit")]


@pytest.mark.parametrize("line", ["From Monday.", "From there, the team flew to Lisbon.", "From Lisbon the team flew home"])
def test_a_story_line_opening_with_from_is_body(line: str) -> None:
    raw = page(BODY_LINE, "Roast the vegetables for 25 minutes.", line, LAST_LINE)
    assert all(rule != "source_credit" for text, _, rule in regions_of(raw) if text == line)


def test_a_source_line_at_the_top_of_a_long_page_is_no_closing_credit() -> None:
    line = "From Henry Ford LiveWell."
    raw = page(line, *[BODY_LINE] * 3, *STORY)
    assert all(rule != "source_credit" for text, _, rule in regions_of(raw) if text == line)


# -- a press release's end mark and media contact -------------------------------------------------
@pytest.mark.parametrize("mark", ["###", "# # #", "-30-", "- 30 -"])
def test_what_follows_a_press_releases_end_mark_is_furniture(mark: str) -> None:
    after = [ABOUT, ABOUT_TEXT[0], "Jane Roe, jane@example.org, 555-0100"]
    raw = page(*STORY, mark, *after)
    assert verdicts(raw, STORY) == [BODY] * len(STORY)
    assert verdicts(raw, [mark, *after]) == [FURNITURE] * 4


def test_an_end_mark_in_the_first_half_of_the_page_is_no_release_end() -> None:
    raw = page(BODY_LINE, "###", *STORY)
    assert verdicts(raw, STORY) == [BODY] * len(STORY)


def test_the_short_lines_under_a_media_contact_heading_closing_the_page_are_furniture() -> None:
    contact = ["Media Contact:", "Jane Roe", "Director of Communications", "jane@example.org", "(555) 010-0100"]
    raw = page(*STORY, *contact)
    assert verdicts(raw, STORY) == [BODY] * len(STORY)
    assert verdicts(raw, contact) == [FURNITURE] * len(contact)


def test_a_media_contact_heading_over_a_paragraph_is_no_contact_block() -> None:
    paragraph = ("The company's media contacts declined to comment on Monday, and the union said it would hold a vote on the "
                 "offer next week.")
    raw = page(*STORY, "Media contacts", paragraph)
    assert verdicts(raw, [paragraph]) == [BODY]


# -- never-seen sites' forms (round 27's third blind label set) ---------------------------------------------------
@pytest.mark.parametrize("line", [
    "Trends :King Charles CoronationPrince HarrySCO Meeting", "Trending: Gaza ceasefire | Budget 2024",
    "Please enter your comment!", "Please enter your name here",
    "Published: 20th May 2022 03:52 PM  |   Last Updated: 20th May 2022 03:52 PM   |  A+A-",
    "By JT - Jul 11,2024 - Last updated at Jul 11,2024",
    "Share your experiences, suggestions, and any issues you've encountered on The Daily Planet. We're here to listen.",
])
def test_a_topics_menu_a_comment_forms_prompt_and_a_feedback_box_are_furniture(line: str) -> None:
    raw = page(BODY_LINE, line, LAST_LINE)
    assert verdicts(raw, [BODY_LINE, line, LAST_LINE]) == [BODY, FURNITURE, BODY]


def test_the_outlets_standing_line_among_the_last_lines_is_furniture_a_story_about_a_magazine_is_not() -> None:
    about = "The Daily Planet is a digital and print magazine focusing on diplomacy, defense, and development since 2009."
    raw = page(BODY_LINE, LAST_LINE, about)
    assert verdicts(raw, [BODY_LINE, LAST_LINE, about]) == [BODY, BODY, FURNITURE]
    story = "The Daily Planet is a weekly magazine that the county bought last year, officials said."
    raw = page(BODY_LINE, story, LAST_LINE)
    assert verdicts(raw, [story]) == [BODY]


def test_a_source_under_a_reported_paragraph_credits_the_story_not_a_picture() -> None:
    said = "It said the council would also meet on Friday, March 19."
    raw = page(BODY_LINE, said, "Source: Example News")
    assert verdicts(raw, [said, "Source: Example News"]) == [BODY, FURNITURE]
    # a chart's title over its source is its caption still
    chart = "A price chart of the coin over one year."
    raw = page(BODY_LINE, LAST_LINE, chart, "Source: TradingView")
    assert regions_of(raw)[-2][1:] == (CAPTION, "caption")


def test_a_caption_printed_twice_on_its_line_is_one_caption_and_its_copy_is_cut() -> None:
    text = "The two ministers met in London with the Foreign Secretary and the Minister of State"
    raw = page(BODY_LINE, f"{text} {text}", LAST_LINE)
    got = [(t, k) for t, k, _ in regions_of(raw)]
    assert (text, CAPTION) in got and (text, FURNITURE) in got and got.count((text, CAPTION)) == 1
    # with captions as body, the words are kept once
    body = [t for t, k, _ in regions_of(raw, FurnitureParams(captions_are_furniture=False)) if k == BODY]
    assert body.count(text) == 1
    # a short line printed twice is no caption (a refrain)
    chant = "Go, go, go! Go, go, go!"
    assert verdicts(page(BODY_LINE, chant, LAST_LINE), [chant]) == [BODY]


def test_the_dek_under_the_headline_printed_again_keeps_its_copy_in_the_story() -> None:
    dek = "Crews cleared the highway overnight and the first roads reopened at noon on Friday."
    raw = page(HEADLINE, dek, "Jane Roe | Springfield | March 3, 2024 11:38 am", HEADLINE, "PHOTO: ANI", dek, LAST_LINE)
    assert verdicts(raw, [dek, LAST_LINE]) == [BODY, BODY]
    assert sum(1 for t, k, _ in regions_of(raw) if t == dek and k == BODY) == 2


def test_a_quoting_paragraph_above_a_credit_printed_before_its_caption_stays_body() -> None:
    # La Presse prints the credit, then the caption: the paragraph above the credit is the story's
    said = "In a statement, Mr. Faria reaffirmed that Mr. Petro will “immediately” restore relations."
    raw = page(BODY_LINE, said, "PHOTO JANE ROE, REUTERS ARCHIVES", "Colombian President Gustavo Petro", LAST_LINE)
    assert verdicts(raw, [said]) == [BODY]


# -- never-seen sites' forms (round 28's second dev set, label17) ----------------------------------------------------
@pytest.mark.parametrize("line", [
    "You are here:   Home", "You are here: Home > World > Asia",  # a breadcrumb's label
    "Adjust font size:", "Text size A A A", "Font size A+ A-",  # a text-size button
    # a comment form's spam notice
    "This site uses Akismet to reduce spam. Learn how your comment data is processed.",
    "Learn how your comment data is processed.",
    # a time stamp's strip: the agency, the date and the text-size button
    "Xinhua, January 10, 2016 Adjust font size:",
])
def test_a_breadcrumb_a_text_size_button_and_a_comment_forms_spam_notice_are_furniture(line: str) -> None:
    raw = page(BODY_LINE, line, LAST_LINE)
    assert verdicts(raw, [BODY_LINE, line, LAST_LINE]) == [BODY, FURNITURE, BODY]


@pytest.mark.parametrize("line", [
    "You are here because the council listened to you, the mayor told the crowd.",
    "You are here, the map at the trailhead says, and the trail goes on for miles.",
    "The new reader lets users adjust font size and contrast, the company said.",
    "Readers asked the paper to increase the font size of its puzzles.",
    "This site uses solar panels to reduce costs, the owner said.",
    "The site uses filters to reduce spam, the company said on January 10, 2016.",
    "Officials will learn how your data is processed when the audit ends, she said.",
])
def test_story_sentences_about_being_here_font_sizes_and_spam_are_body(line: str) -> None:
    raw = page(BODY_LINE, line, LAST_LINE)
    assert verdicts(raw, [line]) == [BODY]


WIRE_LEDE = "Tokyo, Jul 18 (EFE).- The foreign ministers of the two countries met on Monday to discuss their ties."
SIGNED = "Some hope the ties could improve, and both say they can solve “past and future issues.”"


def test_the_wires_name_closing_a_wire_storys_last_paragraph_signs_it_off_the_paragraph_stays_body() -> None:
    # the dateline names the agency in brackets; its bare name after the last sentence is the story's sign-off
    raw = page(WIRE_LEDE, BODY_LINE, f"{SIGNED} EFE", "emg/lds", "Related Articles")
    assert regions_of(raw)[3:5] == [(SIGNED, BODY, ""), ("EFE", FURNITURE, "credit")]
    raw = page("SEOUL (Reuters) - The talks resumed on Monday, officials said.", BODY_LINE, f"{SIGNED} Reuters")
    assert regions_of(raw)[3:5] == [(SIGNED, BODY, ""), ("Reuters", FURNITURE, "credit")]


@pytest.mark.parametrize("lede", [
    BODY_LINE,  # no wire's dateline: a picture credited to the agency
    "SEOUL (Reuters) - The talks resumed on Monday, officials said.",  # another agency's story
])
def test_a_last_line_credited_to_an_agency_the_dateline_does_not_name_is_still_a_caption(lede: str) -> None:
    caption = "The two ministers shake hands before their meeting in Tokyo on Monday."
    raw = page(lede, LAST_LINE, f"{caption} EFE")
    assert regions_of(raw)[3:5] == [(caption, CAPTION, "caption"), ("EFE", FURNITURE, "credit")]


def test_a_picture_between_a_wire_storys_paragraphs_credited_to_its_agency_is_still_a_caption() -> None:
    caption = "The two ministers shake hands before their meeting in Tokyo on Monday."
    raw = page(WIRE_LEDE, f"{caption} EFE", BODY_LINE, f"{SIGNED} EFE")
    got = regions_of(raw)
    assert got[2:4] == [(caption, CAPTION, "caption"), ("EFE", FURNITURE, "credit")]
    assert got[5:7] == [(SIGNED, BODY, ""), ("EFE", FURNITURE, "credit")]


def test_without_the_caption_tier_the_wires_sign_off_still_leaves_the_last_paragraph_body() -> None:
    raw = page(WIRE_LEDE, BODY_LINE, f"{SIGNED} EFE", "emg/lds")
    assert regions_of(raw, FurnitureParams(caption_tier=False))[3:5] == [(SIGNED, BODY, ""), ("EFE", FURNITURE, "credit")]


# -- never-seen sites' forms (round 28's third dev set, label18) -----------------------------------------------------
DEK = "The two countries signed ten cooperation agreements in Ankara on Monday."


@pytest.mark.parametrize("stamp", [
    "Published: Wednesday, March 22, 2023 10:05 AM",  # a date line of five words or more
    "Published: 10 June 2014 09:37 (UTC +04:00)",  # the zone with its offset, in brackets
    "World News 10 June 2014 09:37 (UTC +04:00)",  # a section's name and the stamp
])
def test_a_long_time_stamp_under_the_headline_is_no_dek_the_dek_under_it_keeps_its_copy(stamp: str) -> None:
    raw = f"{HEADLINE}\n{stamp}\nhttps://example.com/story\n\n{DEK}\n\n{BODY_LINE}\n\n{DEK}\n\n{LAST_LINE}\n"
    assert [r for r in regions_of(raw) if r[0] == DEK] == [(DEK, BODY, ""), (DEK, BODY, "")]
    assert regions_of(raw)[1][1] == FURNITURE


@pytest.mark.parametrize("line", ["10 June 2014 09:37 (UTC +04:00)", "March 22, 2023 10:05 AM (GMT+8)"])
def test_a_date_with_its_zones_offset_is_a_date_line(line: str) -> None:
    raw = page(BODY_LINE, line, LAST_LINE)
    assert regions_of(raw)[2][1:] == (FURNITURE, "date")


def test_a_sentence_ending_in_a_time_and_its_zone_is_body() -> None:
    line = "The polls closed on 10 June 2014 09:37 (UTC +04:00)"
    raw = page(BODY_LINE, line, LAST_LINE)
    assert verdicts(raw, [line]) == [BODY]


@pytest.mark.parametrize("byline", ["By Jane Roe - Example Agency:", "By Jane Roe:", "By Jane Roe and John Doe - Trend:"])
def test_a_byline_closing_with_a_colon_is_a_byline(byline: str) -> None:
    raw = page(DEK, byline, BODY_LINE, LAST_LINE)
    assert regions_of(raw)[2] == (byline, FURNITURE, "byline")


@pytest.mark.parametrize("line", ["By the numbers:", "By the way, the county said:"])
def test_a_heading_opening_with_by_and_closing_with_a_colon_is_body(line: str) -> None:
    raw = page(DEK, BODY_LINE, line, LAST_LINE)
    assert verdicts(raw, [line]) == [BODY]


@pytest.mark.parametrize("dateline", ["Baku, Azerbaijan, June 9", "TOKYO, Feb. 19, Kyodo", "Lima, Peru, 9 June"])
def test_the_storys_dateline_on_its_own_line_between_the_dek_and_the_story_is_furniture(dateline: str) -> None:
    raw = page(DEK, dateline, BODY_LINE, LAST_LINE)
    assert regions_of(raw)[2] == (dateline, FURNITURE, "date")


def test_a_diarys_dated_entries_stay_body() -> None:
    raw = page(DEK, "Kyiv, March 3", BODY_LINE, "Kyiv, March 4", LAST_LINE)
    assert verdicts(raw, ["Kyiv, March 3", "Kyiv, March 4"]) == [BODY, BODY]


def test_a_place_and_a_day_deep_in_the_story_stays_body() -> None:
    paragraphs = [f"{BODY_LINE[:-1]} on day {n}." for n in range(12)]
    raw = page(DEK, *paragraphs, "Baku, Azerbaijan, June 9", LAST_LINE)
    assert verdicts(raw, ["Baku, Azerbaijan, June 9"]) == [BODY]


def test_a_sentence_opening_with_a_place_and_a_day_is_body() -> None:
    line = "Baku, Azerbaijan, June 9 was the day the talks began"
    raw = page(DEK, line, BODY_LINE, LAST_LINE)
    assert verdicts(raw, [line]) == [BODY]


@pytest.mark.parametrize("line", ["+ larger fontnormal font- Smaller font", "Larger text Normal text Smaller text",
                                  "+ Bigger font size - Smaller font size"])
def test_a_font_size_widgets_buttons_by_name_are_furniture(line: str) -> None:
    raw = page(DEK, BODY_LINE, line, LAST_LINE)
    assert regions_of(raw)[3] == (line, FURNITURE, "widget_prompt")


@pytest.mark.parametrize("line", ["Larger font", "The new edition has a larger font and smaller text boxes.",
                                  "Readers wanted a bigger font, normal font sizes were too small"])
def test_a_larger_font_in_a_sentence_or_one_button_alone_is_no_widget(line: str) -> None:
    raw = page(DEK, BODY_LINE, line, LAST_LINE)
    assert all(rule != "widget_prompt" for text, _, rule in regions_of(raw) if text == line)


def test_the_headline_printed_between_paragraphs_twice_is_the_pictures_text_every_copy_a_repeat() -> None:
    raw = page(HEADLINE, DEK, BODY_LINE, HEADLINE, "The ministers met for three hours.", HEADLINE, LAST_LINE)
    assert [kind for text, kind, _ in regions_of(raw) if text == HEADLINE] == [BODY, FURNITURE, FURNITURE, FURNITURE]


def test_the_headline_printed_once_between_paragraphs_under_its_copy_above_the_story_is_still_a_heading() -> None:
    title = "Is the Actress Pregnant?"
    raw = page_under(title, title, BODY_LINE, "She already has two children.", title, "Yes, she is expecting her third.")
    assert [kind for text, kind, _ in regions_of(raw) if text == title] == [BODY, FURNITURE, BODY]


@pytest.mark.parametrize("tags", ["Reporting | Europe", "Analysis | Middle East", "News | World | Asia"])
def test_the_articles_type_and_section_between_the_dek_and_the_story_are_furniture(tags: str) -> None:
    raw = page(DEK, tags, BODY_LINE, LAST_LINE)
    assert regions_of(raw)[2][:2] == (tags, FURNITURE)


@pytest.mark.parametrize("heading", ["What the deal means | Who pays for it", "Part one | the talks"])
def test_a_subheading_of_longer_or_lower_case_items_joined_by_a_bar_stays_body(heading: str) -> None:
    raw = page(DEK, heading, BODY_LINE, LAST_LINE)
    assert verdicts(raw, [heading]) == [BODY]


def test_labels_joined_by_a_bar_deep_in_the_story_stay_a_subheading() -> None:
    paragraphs = [f"{BODY_LINE[:-1]} on day {n}." for n in range(12)]
    raw = page(DEK, *paragraphs, "Reporting | Europe", LAST_LINE)
    assert verdicts(raw, ["Reporting | Europe"]) == [BODY]


def at_address(url: str, *lines: str) -> str:
    return f"{HEADLINE}\nPublished: 2019-07-24\n{url}\n\n" + "\n\n".join(lines) + "\n"


SECTIONS_URL = "http://example.gov.rs/en/press-service/statements/18851-minister-meets-with-ambassadors"
CRUMB = "Ministry of Foreign Affairs Press service Statements"


@pytest.mark.parametrize("crumb", [CRUMB, "Press Service Statements", "Home En Press-service Statements"])
def test_a_line_ending_in_the_sections_the_address_names_is_a_breadcrumb(crumb: str) -> None:
    raw = at_address(SECTIONS_URL, crumb, DEK, BODY_LINE, LAST_LINE)
    assert (crumb, FURNITURE, "menu") in regions_of(raw)


@pytest.mark.parametrize("url, line", [
    ("http://example.gov.rs/en/statements/18851-minister-meets", "Ministry of Foreign Affairs Press service Statements"),
    (SECTIONS_URL, "Officials today doubted all of the press service statements"),  # a sentence's words before them
    (SECTIONS_URL, "The ministry issued its first press service statements."),  # a sentence
    ("http://example.gov.rs/18851-minister-meets", CRUMB),  # no sections in the address
])
def test_a_line_naming_fewer_sections_or_a_sentence_ending_in_them_is_body(url: str, line: str) -> None:
    raw = at_address(url, line, DEK, BODY_LINE, LAST_LINE)
    assert (line, BODY, "") in regions_of(raw)


def test_a_breadcrumb_with_no_address_on_the_page_is_left_to_the_other_rules() -> None:
    raw = page(CRUMB, DEK, BODY_LINE, LAST_LINE)
    assert (CRUMB, BODY, "") in regions_of(raw)


# -- never-seen sites' forms (round 28's fourth dev set, label19) ----------------------------------------------------
@pytest.mark.parametrize("line", [
    "Fill in your details below or click an icon to log in:",
    "You are commenting using your WordPress.com account. Log Out /  Change )",
    "You are commenting using your Facebook account. Log Out /  Change )",
    "WordPress.com Logo", "Twitter picture", "Google photo",
])
def test_a_blogs_comment_form_and_its_account_icons_are_furniture(line: str) -> None:
    raw = page(BODY_LINE, line, LAST_LINE)
    assert verdicts(raw, [BODY_LINE, line, LAST_LINE]) == [BODY, FURNITURE, BODY]


@pytest.mark.parametrize("line", [
    "Fill in your details below and the clerk will call you back, the notice said.",
    "You are commenting on a draft, the editor told the council's members.",
    "The minister said voters were commenting using their phones on Monday.",
    "A Twitter picture of the crowd was shared thousands of times on Monday.",
    "The Facebook photo showed the two ministers shaking hands in Geneva.",
])
def test_story_sentences_about_details_comments_and_pictures_are_body(line: str) -> None:
    raw = page(BODY_LINE, line, LAST_LINE)
    assert verdicts(raw, [line]) == [BODY]


@pytest.mark.parametrize("line", [
    "Activists block a shipment at a gas terminal in Tornio, Finland © PHOTO JANE ROE / GREENPEACE / AFP",
    "The two ministers shake hands before their talks in Geneva © Photo: John Doe",
    "FILE PIC: Kremlin spokesman Dmitry Peskov. /Reuters",
    "FILE PICTURE: The two ministers meet in Geneva.",
])
def test_a_caption_closed_by_a_copyright_credit_or_under_a_file_pictures_label_is_a_caption(line: str) -> None:
    got = regions_of(page(BODY_LINE, line, LAST_LINE))
    # the caption (its © credit cut off as a credit), never body; the story around it stays body
    assert got[1][1] == BODY and got[-1][1] == BODY
    assert got[2] == (line.split(" ©")[0], CAPTION, "caption")
    assert all(k != BODY for _, k, _ in got[2:-1])


@pytest.mark.parametrize("line", [
    "The album's sleeve reads © Example Records, the label said.",
    "The label read © Acme Records.",
    "Officials said the file picture showed the two ministers in Geneva on Monday.",
])
def test_story_sentences_about_copyright_signs_and_file_pictures_are_body(line: str) -> None:
    raw = page(BODY_LINE, line, LAST_LINE)
    assert verdicts(raw, [line]) == [BODY]


@pytest.mark.parametrize("line", [
    "U.N. mediator Jane Roe (R) arrives for a news conference outside the hotel in Geneva, Switzerland, Feb. 3, 2016.",
    "Foreign Minister Jane Roe (L) and her counterpart John Doe (R) in Geneva, Switzerland, Feb. 3, 2016.",
    "Assistant Secretary Roe (right photo, center) and First Assistant Secretary Doe (left photo) in talks via video.",
])
def test_a_bracketed_place_in_the_picture_marks_a_caption(line: str) -> None:
    raw = page(BODY_LINE, line, LAST_LINE)
    assert verdicts(raw, [BODY_LINE, line, LAST_LINE]) == [BODY, CAPTION, BODY]


@pytest.mark.parametrize("line", [
    "Sen. Jane Roe (R) said the bill would pass the chamber on Monday.",
    "Sens. Jane Roe (R) and John Doe (R) voted against the measure on Monday.",
    "The minister (right) said the talks would resume in Geneva next week.",
    "The report's second part (photo annex) lists the sites the inspectors visited.",
])
def test_a_party_letter_or_a_bracketed_aside_is_no_place_in_a_picture(line: str) -> None:
    raw = page(BODY_LINE, line, LAST_LINE)
    assert verdicts(raw, [line]) == [BODY]


@pytest.mark.parametrize("line", [
    "Media Enquiries: | 07884 375018", "Press contact: press@example.org",
    "Media inquiries: +44 20 7946 0000 / media@example.org", "News desk 020 7946 0000",
])
def test_a_press_offices_label_and_its_number_alone_on_a_line_is_a_contact(line: str) -> None:
    raw = page(BODY_LINE, line, LAST_LINE)
    assert verdicts(raw, [BODY_LINE, line, LAST_LINE]) == [BODY, FURNITURE, BODY]


@pytest.mark.parametrize("line", [
    "Media enquiries rose by 20 percent in 2023, the office said.",
    "Press office staff took 1,200 calls on Monday alone.",
    "Media inquiries: the office said it would answer them after 5 p.m.",
])
def test_story_sentences_about_press_offices_are_body(line: str) -> None:
    raw = page(BODY_LINE, line, LAST_LINE)
    assert verdicts(raw, [line]) == [BODY]


JOINT_NAMES = "Dr Jane Roe and Dr John Doe"
JOINT_BIO = "Dr Jane Roe is a BFPG Senior Research Fellow, and Dr John Doe is BFPG's Senior Advisor."


def test_two_writers_box_closing_the_page_is_furniture_even_if_the_story_quotes_one() -> None:
    quoted = "John Doe, Senior Adviser at the group, says the sanctions have not worked."
    raw = page(BODY_LINE, quoted, LAST_LINE, JOINT_NAMES, JOINT_BIO)
    assert verdicts(raw, [quoted, LAST_LINE, JOINT_NAMES, JOINT_BIO]) == [BODY, BODY, FURNITURE, FURNITURE]


def test_a_capitalised_title_in_a_closing_bio_is_still_a_bio() -> None:
    bio = "Jane Roe is a Senior Research Fellow at the Example Institute."
    raw = page(BODY_LINE, LAST_LINE, bio)
    assert verdicts(raw, [LAST_LINE, bio]) == [BODY, FURNITURE]


def test_two_names_over_a_paragraph_inside_the_story_stay_body() -> None:
    # the two names over a paragraph well inside the story: a subheading, whatever the paragraph says
    after = [f"The group's report, its {n} on the subject, was published in London on Monday." for n in
             ("first", "second", "third", "fourth", "fifth", "sixth")]
    raw = page(BODY_LINE, JOINT_NAMES, JOINT_BIO, *after, LAST_LINE)
    assert verdicts(raw, [JOINT_NAMES, JOINT_BIO]) == [BODY, BODY]


def test_two_names_over_a_paragraph_that_does_not_introduce_both_stay_body() -> None:
    other = "Dr Jane Roe is the older of the two, and she led the team's work in Geneva for ten years."
    raw = page(BODY_LINE, LAST_LINE, "Dr Jane Roe and Dr John Doe", other)
    assert verdicts(raw, ["Dr Jane Roe and Dr John Doe"]) == [BODY]


# -- round 29: legal notices, id codes, distributor stamps, about boxes, breadcrumbs, caption copies, link lists -------
ROAD_STORY = ["The storm closed three mountain roads on Thursday, the county said.",
         "Crews worked through the night to clear the highway before the weekend.",
         "The county did not say when the mountain roads would reopen to traffic."]
WARNING = ("LEGAL WARNING: All rights of the published stories, photos and videos are reserved by Example Media Press Ltd. "
           "Under no circumstances can all or part of the stories, photos and videos be used without a written contract "
           "or a subscription.")


@pytest.mark.parametrize("notice", [
    WARNING,
    "Example Wire provides the information “as is” without warranty of any kind. We do not accept any responsibility "
    "for the accuracy of the information contained in this article.",
])
def test_a_sites_legal_notice_is_furniture(notice: str) -> None:
    raw = page(*ROAD_STORY, notice)
    assert verdicts(raw, [*ROAD_STORY, notice]) == [BODY] * 3 + [FURNITURE]


@pytest.mark.parametrize("line", [
    "A legal warning was issued to the company on Monday, the regulator said.",
    "The disclaimer on the label was too small to read, the court found.",
    "The software is sold as is, without a warranty, the company said.",
])
def test_sentences_about_warnings_and_warranties_are_body(line: str) -> None:
    raw = page(ROAD_STORY[0], line, ROAD_STORY[1])
    assert verdicts(raw, [line]) == [BODY]


def test_an_id_code_alone_on_a_line_is_furniture_a_short_model_number_is_not() -> None:
    code = "EXWIRE23052024000123456789ID1100223344"
    raw = page(ROAD_STORY[0], ROAD_STORY[1], code, ROAD_STORY[2])  # (between paragraphs, where a short line is a subheading)
    assert verdicts(raw, [code]) == [FURNITURE]
    raw = page(ROAD_STORY[0], "The plane was a Boeing 737MAX8.", ROAD_STORY[1])
    assert verdicts(raw, ["The plane was a Boeing 737MAX8."]) == [BODY]


OTHER_STORIES = ["The finance minister held a telephone call with his Brazilian counterpart on Friday, discussing trade.",
                 "Ahead of a youth panel on addiction, a party official described drug use as a growing threat."]


def test_paragraphs_under_a_legal_notice_closing_the_story_are_other_stories() -> None:
    raw = page(*ROAD_STORY, WARNING, *OTHER_STORIES)
    assert verdicts(raw, [*ROAD_STORY, *OTHER_STORIES]) == [BODY] * 3 + [FURNITURE] * 2


def test_a_legal_notices_label_alone_between_paragraphs_is_furniture() -> None:
    raw = page(*ROAD_STORY, "Legal Disclaimer:", OTHER_STORIES[0])
    assert verdicts(raw, ["Legal Disclaimer:"]) == [FURNITURE]


def test_the_story_under_a_legal_notice_at_the_top_stays_body() -> None:
    raw = page("Legal Disclaimer:", *OTHER_STORIES, *ROAD_STORY)
    assert verdicts(raw, [*OTHER_STORIES, *ROAD_STORY]) == [BODY] * 5


def test_a_distributors_stamp_and_the_issuer_over_it_are_furniture() -> None:
    issuer = "Ministry of Example Affairs of the Republic of Nowhere"
    stamp = "30/08/2024 | Press release | Distributed by Example on 30/08/2024 17:45"
    raw = page(issuer, stamp, *ROAD_STORY)
    assert verdicts(raw, [issuer, stamp, *ROAD_STORY]) == [FURNITURE, FURNITURE] + [BODY] * 3
    said = "The ministry issued a press release on 30/08/2024."
    raw = page(*ROAD_STORY, said)
    assert verdicts(raw, [said]) == [BODY]


def test_a_sites_about_box_is_furniture() -> None:
    about = "This website is created to collect research about the region in the world's think tanks."
    more = "More information about the project you can read here"
    raw = page(*ROAD_STORY, "Share this", about, more, "Share this post with your friends!")
    assert verdicts(raw, [*ROAD_STORY, about, more]) == [BODY] * 3 + [FURNITURE] * 2
    later = "More information about the victims is expected to be released here on Monday."
    raw = page(*ROAD_STORY, later)
    assert verdicts(raw, [later]) == [BODY]


def test_a_breadcrumb_from_home_to_the_headline_is_furniture() -> None:
    for crumb in (f"HomeNewsRegional News{HEADLINE}", f"Home > News > {HEADLINE}"):
        raw = page(crumb, HEADLINE, *ROAD_STORY)
        assert verdicts(raw, [crumb, *ROAD_STORY]) == [FURNITURE] + [BODY] * 3
    secretary = f"Home owners in the valley fear the worst: {HEADLINE}"
    raw = page(secretary, *ROAD_STORY)
    assert verdicts(raw, [secretary]) == [BODY]


def test_a_caption_printed_bare_right_over_its_credited_copy_is_a_caption() -> None:
    bare = "Mayor Jane Roe greeting her counterpart John Doe yesterday. They spoke about the roads."
    raw = page(bare, f"{bare} PHOTO: EXAMPLE NEWS", *ROAD_STORY)
    assert regions_of(raw)[1] == (bare, CAPTION, "caption")  # (the credited copy's caption has the same text)
    assert verdicts(raw, ROAD_STORY) == [BODY] * 3
    raw = page(bare, *ROAD_STORY, f"{bare} PHOTO: EXAMPLE NEWS")  # printed apart: a paragraph the caption repeats
    assert regions_of(raw)[1] == (bare, BODY, "")


def test_headlines_each_closed_by_the_lists_dash_under_the_story_are_teasers() -> None:
    links = ["Singer Reveals Why She Quit Her Band After Ten Years -", "Actor Walks Out Of Interview At Film Premiere -",
             "Star Shares Raw Confession After Long Struggle -"]
    raw = page(*ROAD_STORY, *links)
    assert verdicts(raw, [*ROAD_STORY, *links]) == [BODY] * 3 + [FURNITURE] * 3


def test_a_paragraph_ending_in_a_read_more_link_stays_body_without_the_link() -> None:
    teased = "First, it is too early to tell whether the roads will reopen, which is, as the mayor noted, “to clear …"
    raw = page(ROAD_STORY[0], teased + "read more", "Source: Example Institute")
    assert (teased + "read more", BODY, "") not in regions_of(raw)
    assert verdicts(raw, [teased, "read more"]) == [BODY, FURNITURE]
    # two such lines: a list of teasers, each taken whole by the link rules as before
    raw = page(ROAD_STORY[0], ROAD_STORY[1] + " Continue reading…", ROAD_STORY[2] + " Continue reading…")
    assert (ROAD_STORY[1], BODY, "") not in regions_of(raw)


# -- label21's forms -------------------------------------------------------------------------------
EDITIONS = ["• Global Edition", "• Australia", "• Belgique", "• Canada (fr)", "• Deutschland", "• España", "• USA"]


def test_a_run_of_bullet_items_between_the_headline_and_the_story_is_a_menu() -> None:
    raw = page(*EDITIONS, "Blog Title", "• Facebook", "• YouTube", HEADLINE, *ROAD_STORY)
    assert verdicts(raw, [*EDITIONS, "Blog Title", "• Facebook", *ROAD_STORY]) == [FURNITURE] * 9 + [BODY] * 3
    # the same items between two of the story's paragraphs are its own list
    items = ["• 2 eggs", "• 1 cup flour", "• Salt"]
    raw = page(ROAD_STORY[0], *items, ROAD_STORY[1])
    assert verdicts(raw, items) == [BODY] * 3


@pytest.mark.parametrize("link", ["Click acá para ir directamente al contenido", "Saltar al contenido principal",
                                  "Aller au contenu", "Jump to content", "Zum Inhalt springen", "Ir al contenido"])
def test_a_skip_link_in_any_of_the_pages_languages_is_furniture(link: str) -> None:
    raw = page(link, *ROAD_STORY)
    assert verdicts(raw, [link, *ROAD_STORY]) == [FURNITURE] + [BODY] * 3


def test_a_sentence_about_going_to_a_content_is_body() -> None:
    said = "Officials said they would go back to the content of the agreement on Monday."
    raw = page(ROAD_STORY[0], said, ROAD_STORY[1])
    assert verdicts(raw, [said]) == [BODY]


@given(st.integers(min_value=0, max_value=999_999))
@settings(max_examples=30, deadline=None)
def test_a_read_counter_is_furniture_whatever_its_count(n: int) -> None:
    counters = [f"This news has been read {n} times in total", f"Viewed {n:,} times", f"Views: {n}", f"{n:,} views"]
    raw = page(*ROAD_STORY, *counters)
    assert verdicts(raw, [*ROAD_STORY, *counters]) == [BODY] * 3 + [FURNITURE] * 4


def test_a_sentence_telling_how_often_a_thing_was_read_is_body() -> None:
    said = "The letter was read 190 times in parliament, the speaker said."
    raw = page(ROAD_STORY[0], said, ROAD_STORY[1])
    assert verdicts(raw, [said]) == [BODY]


@pytest.mark.parametrize("credit", ["Kaynak:Source of News", "Fuente: EFE", "Quelle: dpa", "Źródło: PAP"])
def test_a_source_credit_under_its_label_in_any_language_is_furniture(credit: str) -> None:
    raw = page(*ROAD_STORY, credit, LAST_LINE)  # (between paragraphs, where a short line is a subheading)
    assert verdicts(raw, [*ROAD_STORY, credit, LAST_LINE]) == [BODY] * 3 + [FURNITURE, BODY]


@pytest.mark.parametrize("count", [f'0 Response to "{HEADLINE}"', f"5 thoughts on “{HEADLINE}”", f'2 comments on "{HEADLINE}"'])
def test_a_blogs_comment_count_naming_the_post_is_furniture(count: str) -> None:
    raw = page(*ROAD_STORY, count, "Post a Comment")
    assert verdicts(raw, [*ROAD_STORY, count]) == [BODY] * 3 + [FURNITURE]


@pytest.mark.parametrize("notice", [
    "Comments that are abusive, off topic or written in capitals will not be approved.",
    "We reserve the right to delete comments that break these rules.",
    "Comments may be removed without notice.",
    "Los comentarios ofensivos no serán publicados.",
    "Les commentaires injurieux ne seront pas publiés.",
    "Beleidigende Kommentare werden gelöscht.",
])
def test_a_comment_boxs_rules_in_any_language_are_furniture(notice: str) -> None:
    raw = page(*ROAD_STORY, "ADD A COMMENT", notice)
    assert verdicts(raw, [*ROAD_STORY, notice]) == [BODY] * 3 + [FURNITURE]


def test_a_comment_notice_broken_over_two_lines_is_furniture_both_halves() -> None:
    head = "UYARI: Küfür, hakaret, rencide edici cümleler veya imalar, inançlara saldırı içeren, imla kuralları ile yazılmamış,"
    tail = "Türkçe karakter kullanılmayan ve büyük harflerle yazılmış yorumlar onaylanmamaktadır."
    raw = page_under(HEADLINE, *ROAD_STORY) + "\nADD A COMMENT\n" + head + "\n" + tail + "\n"
    assert verdicts(raw, [*ROAD_STORY, head, tail]) == [BODY] * 3 + [FURNITURE] * 2


@pytest.mark.parametrize("line", [
    "The platform said comments that break its rules will be removed within a day.",
    "Her comments were made on Monday, and they hope the offer is accepted.",
    "“Comments that insult judges will not be published,” the court's spokesman said.",
])
def test_sentences_reporting_rules_about_comments_are_body(line: str) -> None:
    raw = page(ROAD_STORY[0], line, ROAD_STORY[1])
    assert verdicts(raw, [line]) == [BODY]


def test_a_caption_credited_in_capitals_after_a_dash_is_a_caption() -> None:
    caption = "The President of Peru, Pedro Castillo, on his arrival in Chile – PRESIDENCIA DE PERÚ"
    raw = page(caption, *ROAD_STORY)
    assert regions_of(raw)[1] == (caption, CAPTION, "caption")
    for line in ("Crews cleared the road before the storm – LIVE", "The mayor thanked the crews – and the NATO envoy"):
        raw = page(ROAD_STORY[0], line, ROAD_STORY[1])
        assert verdicts(raw, [line]) == [BODY]


def test_a_time_stamp_glued_to_the_storys_dateline_stays_body_a_players_running_time_does_not() -> None:
    dateline = "08:38 | San Francisco (U.S.), Nov. 15."
    raw = page(dateline, *ROAD_STORY)
    assert verdicts(raw, [dateline]) == [BODY]
    raw = page("17:04 Cheap Fast Eats #6", *ROAD_STORY)
    assert verdicts(raw, ["17:04 Cheap Fast Eats #6"]) == [FURNITURE]


# -- forms seen on never-seen sites (round 32) -----------------------------------------------------
LONG_HEADLINE = "China's new envoy to Afghanistan arrives in Kabul for talks with the Taliban government on trade"


@pytest.mark.parametrize("label", ["Read also:", "Also read:", "READ ALSO:", "See also:", "SEE ALSO:"])
def test_a_read_also_link_to_a_long_headline_is_furniture(label: str) -> None:
    link = f"{label} {LONG_HEADLINE}"
    said = f"The minister said officials should see also the annex: {LONG_HEADLINE}."
    raw = page(BODY_LINE, link, said, LAST_LINE)
    assert verdicts(raw, [link, said]) == [FURNITURE, BODY]


@pytest.mark.parametrize("label", ["Share Button", "SHARE BUTTONS", "Print button", "Share this article icons"])
def test_a_share_buttons_label_alone_is_furniture(label: str) -> None:
    said = "Readers can press the share button under each story, the site said."
    raw = page(BODY_LINE, label, said, LAST_LINE)
    assert verdicts(raw, [label, said]) == [FURNITURE, BODY]


@pytest.mark.parametrize("prompt", [
    "Follow our WhatsApp channel for the latest news and updates", "Join our Telegram channel", "Subscribe to our YouTube channel",
    "Be the first to comment", "Be the first to comment on this story!", "Deja tu comentario", "Escribe tu comentario",
    "0 comentarios", "Comentarios (0)", "No caption", "No caption available",
])
def test_a_channel_a_comment_box_or_an_empty_caption_prompt_is_furniture(prompt: str) -> None:
    said = "Officials said they would follow the opposition's Telegram channel and be the first to comment on the vote."
    raw = page(BODY_LINE, said, LAST_LINE, prompt)
    assert verdicts(raw, [prompt, said]) == [FURNITURE, BODY]


@pytest.mark.parametrize("stamp", [
    "By ANI | Published: Dec 4, 2021 10:31 AM IST2021-12-04T10:31:02+05:302021-12-04T10:31:02+05:30",
    "By ANI | Published: 2021-12-04T10:31:02+05:30", "Updated: 2023-03-01T08:00:00Z",
])
def test_a_stamp_with_its_machine_time_glued_on_is_furniture(stamp: str) -> None:
    said = "The agency said on 2021-12-04 that the ministers had met for two hours."
    raw = page(stamp, BODY_LINE, said, LAST_LINE)
    assert verdicts(raw, [stamp, said]) == [FURNITURE, BODY]


# -- forms seen on never-seen sites (round 34, label24) --------------------------------------------
STATEMENT = "Statement on the attack on the embassy"
STATEMENT_STORY = ["The government condemns in the strongest terms the attack on the embassy today, the ministry said.",
                   "The ambassador was told that the host country must protect all foreign embassies."]


@pytest.mark.parametrize("button", ["Print this page", "print-only banner", "Printer-friendly version", "...", "* * *"])
def test_a_button_or_a_line_without_letters_above_the_headline_is_not_the_headline(button: str) -> None:
    raw = page_under(button, HEADLINE, *ROAD_STORY)
    assert verdicts(raw, [button, HEADLINE, *ROAD_STORY]) == [FURNITURE] + [BODY] * 4
    assert parse_article("a.txt", raw).title == HEADLINE
    # a headline that starts with a button's word is a headline
    printed = "Printing press rolls again after the storm"
    assert parse_article("a.txt", page_under(printed, *ROAD_STORY)).title == printed


def test_a_breadcrumb_ending_in_the_headline_printed_below_it_points_to_the_headline() -> None:
    crumb = f"Home » {STATEMENT}"
    tags = "Defence Europe Featured Global News Politics US"
    raw = page_under(crumb, tags, STATEMENT, *STATEMENT_STORY)
    assert verdicts(raw, [crumb, tags, STATEMENT, *STATEMENT_STORY]) == [FURNITURE, FURNITURE] + [BODY] * 3
    assert parse_article("a.txt", raw).title == STATEMENT
    # no line below repeats its end: the first line stays the headline, whatever it starts with
    lone = "Home Secretary visits the flooded towns"
    assert parse_article("a.txt", page_under(lone, *ROAD_STORY)).title == lone


@pytest.mark.parametrize("crumb", ["Home > News & Policies > February 2006", "HOME / World / Asia", "Home › Politics"])
def test_a_breadcrumb_from_home_is_furniture_anywhere_near_the_top(crumb: str) -> None:
    said = "Home > away: the team won 3-1 on the road, the coach said."
    raw = page(crumb, BODY_LINE, said, LAST_LINE)
    assert verdicts(raw, [crumb, said]) == [FURNITURE, BODY]


def test_a_press_releases_headline_is_the_line_under_its_stamp_above_the_first_paragraph() -> None:
    raw = page_under("The Government Skip Main Navigation", "In Focus", "News by Date", "For Immediate Release",
                     "Office of the Press Secretary", "February 4, 2006", STATEMENT, *STATEMENT_STORY, "# # #")
    article = parse_article("a.txt", raw)
    assert article.title == STATEMENT
    assert [s.text for s in article.sentences][:2] == [STATEMENT, STATEMENT_STORY[0]]
    assert all("Skip" not in s.text and "Office of" not in s.text for s in article.sentences)


def test_a_comment_box_under_a_count_whose_closing_quote_was_cut_is_furniture_commenter_and_comment() -> None:
    count = f"One thought on “{HEADLINE}"
    commenter = "• Carla_79"
    comment = ("I hope he finds a good hotel to stay in during his visit. Hotels are not a place most of us stay in "
               "often, so the new charges come as a surprise to many travellers.")
    raw = page(*ROAD_STORY, BODY_LINE, count, commenter, comment)
    assert verdicts(raw, [*ROAD_STORY, BODY_LINE, count, commenter, comment]) == [BODY] * 4 + [FURNITURE] * 3
    # without the comment box, the same lines are the story's
    raw = page(*ROAD_STORY, BODY_LINE, commenter, comment)
    assert verdicts(raw, [comment]) == [BODY]


@pytest.mark.parametrize("opening", ["But both", "However, both", "Meanwhile both"])
def test_a_paragraph_going_on_from_the_one_above_a_source_credit_is_no_caption(opening: str) -> None:
    paragraph = f"{opening} the United States and South Korea dismissed the proposal as nothing new."
    raw = page(BODY_LINE, paragraph, "Source AFP")
    assert regions_of(raw)[2][1] == BODY
    caption = "Both leaders at the summit in Seoul on Monday."
    raw = page(BODY_LINE, LAST_LINE, caption, "Source AFP")
    assert regions_of(raw)[3][1] == CAPTION


# -- forms seen on never-seen sites (round 35, label25) --------------------------------------------
def test_a_caption_with_a_capitalised_credit_glued_to_its_last_word_is_a_caption() -> None:
    caption = "Jeremy Hunt with US Secretary of State Mike Pompeo Credit: Cliff Owen/AP"
    raw = page(BODY_LINE, caption, LAST_LINE)
    found = regions_of(raw)
    assert (caption.removesuffix(" Credit: Cliff Owen/AP"), CAPTION) in [(t, k) for t, k, _ in found]
    assert all(k != BODY for t, k, _ in found if "Pompeo" in t)
    # a sentence about credit, or one whose "credit:" is lower case, stays the story's
    for said in ("The bank said the new line of Credit: a loan of $5m, would be repaid by 2030.",
                 "Analysts gave the ministry credit: Exports rose again in March."):
        assert verdicts(page(BODY_LINE, said, LAST_LINE), [said]) == [BODY]


@pytest.mark.parametrize("above", [["• Category", "• Content Type"], ["Advertisement"], ["• Category", "Advertisement"]])
def test_a_bulleted_menu_item_or_an_advertisement_label_above_the_headline_is_not_the_headline(above: list[str]) -> None:
    raw = page_under(*above, HEADLINE, *ROAD_STORY)
    assert parse_article("a.txt", raw).title == HEADLINE
    assert all(k != BODY for t, k, _ in regions_of(raw) if t in above)
    # a headline that opens with a word and no bullet is the headline, whatever follows
    for headline in ("Ad campaign targets young voters", "Category five storm nears the coast"):
        assert parse_article("a.txt", page_under(headline, *ROAD_STORY)).title == headline


def test_a_section_name_over_the_headline_and_its_date_is_a_menu_entry() -> None:
    headline = "3rd India-New Zealand Foreign Office Consultations"
    raw = page_under("Media Center", headline, "May 25, 2021", *ROAD_STORY)
    article = parse_article("a.txt", raw)
    assert article.title == headline
    assert verdicts(raw, ["Media Center", headline]) == [FURNITURE, BODY]
    # with no date under it, a short first line stays the headline ("Storm warning" over a paragraph)
    raw = page_under("Storm Warning", *ROAD_STORY)
    assert parse_article("a.txt", raw).title == "Storm Warning"
    # and a line under the section name that is a sentence is no headline
    said = "The ministers met in Delhi on Monday, the ministry said."
    raw = page_under("Media Center", said, "May 25, 2021", *ROAD_STORY)
    assert parse_article("a.txt", raw).title != said


def test_a_machine_date_stamp_with_a_section_word_over_the_headline_is_neither_headline_nor_story() -> None:
    stamp = "date 2020-11-26 Facts"
    raw = page_under(stamp, "11:49 26.11.2020", HEADLINE, *ROAD_STORY)
    assert parse_article("a.txt", raw).title == HEADLINE
    assert all(k != BODY for t, k, _ in regions_of(raw) if "2020-11-26" in t)
    # a headline holding a written date is a headline
    dated = "Talks resume on 26 November after a year"
    assert parse_article("a.txt", page_under(dated, *ROAD_STORY)).title == dated


# -- forms seen on never-seen sites (round 36, label26) --------------------------------------------
@pytest.mark.parametrize("caption", [
    "U.S. Deputy Secretary of State Thomas Shannon (file photo)",
    "The two ministers at their meeting in Beijing on Wednesday. — Photo from the Ministry of Foreign Affairs",
    "The two ministers at their meeting in Beijing on Wednesday. — VNA/VNS Photo",
])
def test_a_line_saying_it_is_a_photo_is_a_caption(caption: str) -> None:
    raw = page(BODY_LINE, caption, LAST_LINE)
    assert all(k != BODY for t, k, _ in regions_of(raw) if "ministers" in t or "Shannon" in t)
    # a story's sentence about a photo, or one going on after a dash, is the story's
    for said in ("The agency released a file photo (photo) of the ship on Monday, the ministry said.",
                 "The ministers met on Wednesday. — The talks were the first since 2019, the ministry said."):
        assert BODY in verdicts(page(BODY_LINE, said, LAST_LINE), [said])


@pytest.mark.parametrize("line", ["Accessibility links", "For the latest headlines, follow our Google News channel online or via the app.",
                                  "Special Report: Hu Attends SCO, BRIC Meetings |"])
def test_skip_links_a_news_app_channel_and_one_link_of_a_row_are_furniture(line: str) -> None:
    assert verdicts(page(BODY_LINE, line, LAST_LINE), [line]) == [FURNITURE]
    # the story's own mention of accessibility or of a channel stays
    for said in ("Accessibility links between the two ports were improved, the minister said.",
                 "The minister said viewers could follow the channel's coverage online."):
        assert verdicts(page(BODY_LINE, said, LAST_LINE), [said]) == [BODY]


def test_two_headline_links_after_the_story_separated_by_dashes_are_teasers() -> None:
    links = ["Trump Accepts Nobel Peace Medal From Machado: What It Means For Venezuela Politics? -",
             "Late-night Snacking Linked To Higher Risk Of Liver Di"]
    raw = page(BODY_LINE, LAST_LINE, "-", *links)
    assert verdicts(raw, links) == [FURNITURE, FURNITURE]
    # a story that ends in a subheading and its paragraph keeps both
    tail = ["What Happens Next", "The council will vote on the plan in May, its chairman said."]
    assert verdicts(page(BODY_LINE, LAST_LINE, *tail), tail) == [BODY, BODY]


@pytest.mark.parametrize("section", ["News", "Breaking News", "Embassy Archives What's New/Press Releases", "Press Releases"])
def test_a_section_naming_itself_over_the_headline_is_a_menu_entry(section: str) -> None:
    headline = "Minister Shahid meets with Non-Resident Ambassadors accredited to the Maldives"
    raw = page_under(section, headline, *ROAD_STORY)
    assert parse_article("a.txt", raw).title == headline
    assert verdicts(raw, [section, headline]) == [FURNITURE, BODY]
    # a headline that merely ends in such a word is the headline
    for own in ("Storm Closes Roads, Schools Shut In The Latest News", "Ministers Sign Two Joint Statements"):
        assert parse_article("a.txt", page_under(own, *ROAD_STORY)).title == own
        assert parse_article("a.txt", page_under(own, "A dek that reads as no sentence at all", *ROAD_STORY)).title == own


def test_a_title_cased_headline_goes_on_after_an_initialism() -> None:
    headline = "Russia Cancels Talks With U.S. In Response To Sanctions"
    raw = page_under(headline, *ROAD_STORY)
    assert parse_article("a.txt", raw).title == headline
    assert all(k == BODY for t, k, _ in regions_of(raw) if t in headline)


# -- forms seen on never-seen sites (round 37, label27) --------------------------------------------
@pytest.mark.parametrize("line", ["The reCAPTCHA verification period has expired. Please reload the page.",
                                  "Like this: Like Loading...", "Ir direto para menu de acessibilidade.",
                                  "Menu Content"])
def test_a_captcha_a_like_button_and_skip_links_are_furniture(line: str) -> None:
    assert verdicts(page(BODY_LINE, line, LAST_LINE), [line]) == [FURNITURE]
    # the story's own captcha, likes, menu or content stays
    for said in ("Officials said the reCAPTCHA service was blocked in the country last week.",
                 "Voters like this plan more than the last one, the poll found.",
                 "The menu at the state banquet included content from both countries' cuisines, the palace said."):
        assert verdicts(page(BODY_LINE, said, LAST_LINE), [said]) == [BODY]


@pytest.mark.parametrize("glued", ["By:Staff writer", "Menu Content"])
def test_what_a_glued_date_leaves_may_be_furniture_and_no_headline(glued: str) -> None:
    # " date 2022-02-06 By:Staff writer": a page's strip, the date cut off, leaves a byline or a skip link's targets
    raw = page_under(f"date 2022-02-06 {glued}", *ROAD_STORY)
    assert parse_article("a.txt", raw).title != glued
    assert all(k != BODY for t, k, _ in regions_of(raw) if t.strip() == glued)
    # a headline after its glued date is the headline
    headline = "Somalia and Rwanda Sign Deal to Boost Cooperation"
    assert parse_article("a.txt", page_under(f"date 2022-02-06 {headline}", *ROAD_STORY)).title == headline


def test_a_stamp_with_its_labels_glued_to_the_times_is_a_stamp() -> None:
    stamp = "Written: 2023-11-16 10:12:59Updated: 2023-11-16 10:14:45"
    assert verdicts(page(BODY_LINE, stamp, LAST_LINE), [stamp]) == [FURNITURE]
    said = "The report was written on 16 November and updated later, officials said."
    assert verdicts(page(BODY_LINE, said, LAST_LINE), [said]) == [BODY]


def test_the_line_the_page_address_names_is_the_headline_below_a_portal_name() -> None:
    headline = "Statement of the Foreign Ministers of Argentina, Brazil and Chile on Venezuela"
    url = "http://www.example.gov.br/en/press-releases/15417-statement-of-the-foreign-ministers-of-argentina-brazil-chile"
    raw = page_under(url, "Portal do Governo Brasileiro", headline, *ROAD_STORY)
    assert parse_article("a.txt", raw).title == headline
    # an address naming no story ("news_view.htm?lang=e&Seq_Code=1"), or one the first line already names, moves nothing
    first = "Ministers Meet in Hanoi"
    for address in ("http://world.example.kr/service/news_view.htm?lang=e&Seq_Code=181798",
                    "https://example.com/2021/ministers-meet-in-hanoi-for-trade-talks"):
        assert parse_article("a.txt", page_under(address, first, headline, *ROAD_STORY)).title == first
