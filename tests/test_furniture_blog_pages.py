"""Furniture of blog and magazine templates, by its form: a list of other posts each under its time stamp ("14h",
"11:35 AM 12/31/2014"), the pager's "Previous" / "Next" links, sign-up and petition forms, readers' comments under a
comment box, login and weather boxes, the writer's bio in an author box beside the story, a byline of several names.
Each shown on invented lines, with a look-alike that stays body (a story's subheadings, a quoted speaker, a sentence
about a petition, another person's profile)."""
from __future__ import annotations

import pytest
from furniture_pages import page_under, regions_of, verdicts

from retrieval.corpus.furniture import BODY, FURNITURE, match_byline

HEADLINE = "Storm closes mountain roads across the county"
STORY = [
    "A late winter storm closed every mountain road in the county on Thursday, stranding drivers overnight.",
    "Crews worked through the night to clear the highway, the county said in a statement.",
    "Snow plows reached the pass by Friday morning, and the first roads reopened at noon.",
    "Officials asked drivers to carry chains until the weekend, when warmer weather is expected.",
]
MORE = [
    "The county spent its whole winter budget on salt by the end of January, the treasurer said.",
    "Schools in the valley stayed open, though buses ran an hour late on Friday.",
]


def page(*lines: str) -> str:
    return page_under(HEADLINE, *lines)


def rule_of(raw: str, line: str) -> str:
    return next(rule for text, _, rule in regions_of(raw) if text == line)


# -- other posts, each under its time stamp --------------------------------------------------------
# Teasers that share the story's words (another storm post of the same blog): the vocabulary test alone keeps them.
STORM_POSTS = ["Mountain Roads Reopen After the Late Winter Storm", "County Crews Clear the Highway Through the Night",
               "Drivers Stranded by the Storm Wait Hours for Plows", "Warmer Weather Expected in the County This Weekend"]
# A first paragraph longer than any headline (more than `teaser_max_words` words).
LEAD = ("A late winter storm closed every mountain road in the county on Thursday, stranding hundreds of drivers overnight "
        "in their cars.")


@pytest.mark.parametrize("stamps", [["14h", "15h", "17h", "18h"],
                                    ["11:35 AM 12/31/2014", "1:01 AM 12/18/2014", "5:10 PM 12/10/2014", "5:19 PM 12/03/2014"]])
def test_headlines_each_under_its_time_stamp_are_a_list_of_posts_whatever_their_words(stamps: list[str]) -> None:
    lines = [x for pair in zip(STORM_POSTS, stamps) for x in pair]
    raw = page(*STORY, "Recent Features", *lines)
    assert verdicts(raw, STORY + lines) == [BODY] * 4 + [FURNITURE] * 8


def test_the_same_headlines_without_time_stamps_are_the_storys_own_when_they_share_its_words() -> None:
    raw = page(STORY[0], *STORM_POSTS, STORY[1], STORY[2])
    assert verdicts(raw, STORM_POSTS) == [BODY] * 4


def test_headlines_above_the_storys_first_paragraph_are_other_stories_whatever_their_words() -> None:
    raw = page("Latest", *STORM_POSTS, LEAD, *STORY)
    assert verdicts(raw, [*STORM_POSTS, LEAD, *STORY]) == [FURNITURE] * 4 + [BODY] * 5


def test_a_time_stamp_alone_is_furniture_and_a_sentence_telling_the_time_is_not() -> None:
    sentence = "The vote was held at 11:35 AM on 12/31/2014, the clerk said."
    raw = page(STORY[0], "11:35 AM 12/31/2014", STORY[1], sentence, "By Jane Roe on Dec 26, 2014 2:15pm", STORY[2])
    assert verdicts(raw, ["11:35 AM 12/31/2014", sentence, "By Jane Roe on Dec 26, 2014 2:15pm"]) == [FURNITURE, BODY, FURNITURE]


def test_a_stamp_with_the_writers_name_its_byline_outlet_and_both_dates_is_furniture() -> None:
    stamp = ("Jane Roe By Jane Roe The Daily Planet on December 24, 2014 at 8:17 AM, updated December 24, 2014 at "
             "8:25 AM")
    line = "Crews reopened the road on December 24, 2014 at 8:17 AM"
    raw = page(stamp, *STORY[:2], line, *STORY[2:])
    assert verdicts(raw, [stamp, line]) == [FURNITURE, BODY]


# -- the pager ------------------------------------------------------------------------------------------
def test_previous_and_next_over_their_headlines_are_the_pagers_links() -> None:
    pager = ["Previous", "A Bare-Bones Electric Motorcycle for Green Urban Riding", "Next",
             "The Intense Competition to Be the World's Most Decorated House"]
    raw = page(*STORY, *pager, "About the Author")
    assert verdicts(raw, STORY + pager) == [BODY] * 4 + [FURNITURE] * 4


@pytest.mark.parametrize("pager", [
    ["Previous Best of The 20 worst films of 2014", "Next Best of The best movie trailers of 2014"],
    ["Previous Post The 5 Best Songs We Heard This Week Next Post Spirited Photos of Authors Getting Boozy"],
    ["Next article: City council approves the new library budget"],
    ["← One In Five Drivers Skip Their Winter Tires Liberals: If The Shoe Fits, Wear It →"],
])
def test_a_pagers_links_with_their_headlines_are_furniture(pager: list[str]) -> None:
    raw = page(STORY[0], STORY[1], *pager, STORY[2], STORY[3])
    assert verdicts(raw, pager + STORY) == [FURNITURE] * len(pager) + [BODY] * 4


def test_a_storys_previous_and_next_subheadings_with_paragraphs_between_them_stay_body() -> None:
    lines = ["Previous attempts", STORY[1], "Next steps", STORY[2]]
    sentence = "Next, the council will vote on the budget for new snow plows."
    raw = page(STORY[0], *lines, sentence, STORY[3])
    assert verdicts(raw, [*lines, sentence]) == [BODY] * 5


# -- sign-up and petition forms ------------------------------------------------------------------------
@pytest.mark.parametrize("line", [
    "SIGN THE PETITION!", "Thank you for signing up! A confirmation email has been sent.",
    "I would like to receive The Planet email newsletter.",
    "*By submitting, you agree that The Daily Planet may send you news and special offers.",
])
def test_a_sign_up_or_petition_forms_lines_are_furniture(line: str) -> None:
    raw = page(STORY[0], STORY[1], line, STORY[2], STORY[3])
    assert verdicts(raw, [line, *STORY]) == [FURNITURE] + [BODY] * 4


@pytest.mark.parametrize("line", [
    "She urged residents to sign the petition before the council meets on Friday.",
    "Thank you for coming out tonight, the mayor told the crowd at the town hall.",
    "Residents who would like to receive alerts can call the county's hotline.",
])
def test_a_storys_sentences_about_petitions_and_sign_ups_stay_body(line: str) -> None:
    raw = page(STORY[0], line, STORY[1])
    assert verdicts(raw, [line]) == [BODY]


# -- login, weather and sponsor boxes ----------------------------------------------------------------
@pytest.mark.parametrize("line", [
    "Set Your Location (Enter City and State or Zip Code)", "Your weather is set to . You can change the location at any time.",
    "Forgot your username and password?", "Don't have an account?", "Already a member?", "Powered by Livefyre",
    "Presented by", "0 New Stories Since Your Last Visit", "View/Post Comments", "Sign in with Google or Register",
    "Enter your email address", "We use cookies to give you the best experience on our website.",
    "By continuing to use this site you agree to our use of cookies.", "Accept all cookies", "Comments (12)",
    "Report abuse", "Click to enlarge", "Like this:", "Loading...",
])
def test_a_login_weather_or_sponsor_boxs_lines_are_furniture(line: str) -> None:
    raw = page(STORY[0], STORY[1], line, STORY[2], STORY[3])
    assert verdicts(raw, [line, *STORY]) == [FURNITURE] + [BODY] * 4


def test_a_storys_sentence_about_accounts_and_locations_stays_body() -> None:
    lines = ["Residents were asked to set their location in the county's storm app.",
             "Drivers who forgot their chains were turned back at the pass, deputies said.",
             "The bakery on Main Street uses cookies from a family recipe, the owner said.",
             "Loading the plows took crews most of Thursday night."]
    raw = page(STORY[0], *lines, STORY[1])
    assert verdicts(raw, lines) == [BODY] * 4


# -- readers' comments -------------------------------------------------------------------------------
def test_readers_comments_under_a_comment_box_are_furniture() -> None:
    comments = ["helenroe 5pts", "I drove that road last winter and it was closed for three days, worst trip ever.",
                "jdoe_77 2 hours ago", "Why does the county never salt the roads before the storm hits?",
                "They should buy more plows instead of new offices."]
    raw = page(*STORY, "2 comments", "Sign in", *comments, "Have a news tip? Send it to us.")
    assert verdicts(raw, STORY + comments) == [BODY] * 4 + [FURNITURE] * 5


def test_a_box_scores_line_after_a_comment_prompt_is_no_commenter() -> None:
    lines = ["Jane Roe 20 points", "Roe led the team with a career high, and the crowd gave her a standing ovation."]
    raw = page(*STORY, "Leave a comment", *lines)
    assert verdicts(raw, lines[1:]) == [BODY]


def test_a_quoted_speaker_in_a_story_without_a_comment_box_stays_body() -> None:
    lines = ["Jane Roe says:", "We were stuck for nine hours, and nobody told us anything about the plows."]
    raw = page(STORY[0], STORY[1], *lines, STORY[2], STORY[3])
    assert verdicts(raw, lines) == [BODY, BODY]


def test_a_comment_prompt_above_the_story_takes_none_of_it() -> None:
    lines = ["Jane Roe says:", "We were stuck for nine hours, and nobody told us anything about the plows."]
    raw = page("Comments", STORY[0], STORY[1], *lines, STORY[2], STORY[3])
    assert verdicts(raw, lines) == [BODY, BODY]


# -- the writer's bio beside the story, a byline of several names -----------------------------------------
@pytest.mark.parametrize("byline", ["By: Jane Roe", "Jane Roe\n\nPolitical Commentator\n\nJane Roe"])
def test_the_writers_bio_in_the_middle_of_the_page_is_furniture(byline: str) -> None:
    bio = "Jane Roe is a political commentator and author."
    raw = page(byline, bio, *STORY, *MORE)  # not among the last lines, where main's closing-bio rule looks
    assert verdicts(raw, [bio, *STORY, *MORE]) == [FURNITURE] + [BODY] * 6


def test_a_sentence_introducing_someone_else_stays_body() -> None:
    line = "John Doe is a snow plow driver who has worked the pass for twenty years."
    raw = page("By: Jane Roe", STORY[0], line, STORY[1], *MORE)
    assert verdicts(raw, [line]) == [BODY]


def test_an_interviews_introduction_of_a_speaker_whose_name_labels_the_turns_stays_body() -> None:
    intro = "Jane Roe is the director of the county's road department, which runs the snow plows."
    turns = ["Jane Roe", STORY[0], "John Doe", STORY[1], "Jane Roe", STORY[2], "John Doe", STORY[3]]
    raw = page(intro, *MORE, *turns)
    assert verdicts(raw, [intro]) == [BODY]


def test_a_byline_of_several_names_is_one_byline() -> None:
    line = "By Mike D'Angelo, A.A. Dowd, Jesse Hassenger, Nick Schager, and Ignatiy Vishnevetsky"
    assert match_byline(line) == "Mike D'Angelo, A.A. Dowd, Jesse Hassenger, Nick Schager, and Ignatiy Vishnevetsky"
    raw = page(line, *STORY)
    assert rule_of(raw, line) == "byline"


# -- notes, headings and menus of these templates ---------------------------------------------------------
def test_a_syndication_note_a_latest_from_widget_and_a_slashed_menu_are_furniture() -> None:
    note = "This story originally appeared on The Atlantic."
    menu = "TRENDING: Geek Gifts // Ebola Outbreak // Military & Spy Tech // 3D Printing"
    widget = ["The Latest From Videos", "Five winter driving myths that could get you stuck",
              "The year in snow 2014: a video showcase, part 2"]
    raw = page(menu, *STORY, note, *widget)
    assert verdicts(raw, [menu, *STORY, note, *widget]) == [FURNITURE] + [BODY] * 4 + [FURNITURE] * 4


def test_a_reporters_address_line_is_furniture() -> None:
    line = "Correspondent Jane Roe may be reached at jroe@example.com."
    raw = page(*STORY, line)
    assert verdicts(raw, [line]) == [FURNITURE]


def test_a_paragraph_ending_on_where_to_read_more_stays_body_and_the_pointer_alone_does_not() -> None:
    paragraph = "Special hotel rates are offered to drivers stranded by the storm. For details, log on to www.example.org."
    pointer = "For details, log on to www.example.org."
    raw = page(STORY[0], paragraph, STORY[1], STORY[2], pointer)
    assert verdicts(raw, [paragraph, pointer]) == [BODY, FURNITURE]


def test_an_about_us_link_of_the_top_menu_does_not_make_the_story_a_description() -> None:
    menu = ["Home", "News", "Sports", "Weather", "Business", "About Us", "Jobs", "Advertise", "Sign in", "Register"]
    blurb = "The Daily Planet is a leading source of news for the county."
    raw = page(*menu, STORY[0], STORY[1], STORY[2], "Topics: storms, roads", "About Us", blurb)
    assert verdicts(raw, [STORY[0], STORY[1], STORY[2], blurb]) == [BODY, BODY, BODY, FURNITURE]


def test_headlines_with_abbreviations_make_a_run_of_teasers_and_two_sentences_do_not() -> None:
    teasers = ["U.S. Senate Passes the Library Budget Bill", "Ala. Grandmother Wins the State Lottery Twice",
               "Gov. Roe Signs the New School Lunch Law", "Dr. Doe Opens a Free Dental Clinic Downtown"]
    raw = page(*STORY[:2], *teasers, *STORY[2:])
    assert verdicts(raw, teasers) == [FURNITURE] * 4
    two = ["Bakery wins award. Owners plan a second shop downtown", "Library closes. Council plans a new branch nearby",
           "Robotics team wins. Students head to world finals"]
    raw = page(*STORY[:2], *two, *STORY[2:])
    assert verdicts(raw, two) == [BODY] * 3


# -- an author box named nowhere else; a comment box's button and loading line; a desk's sign-off ----------------
def test_an_author_box_under_the_story_is_furniture_a_profiles_subheading_is_body() -> None:
    box = ["Jane Roe", "Jane is the Planet's news editor. She studied journalism in Missouri.", "@janeroe"]
    raw = page(*STORY, *box, *MORE)
    assert verdicts(raw, [*STORY, *box, *MORE]) == [BODY] * 4 + [FURNITURE] * 3 + [BODY] * 2
    # the person the page is about, named over a paragraph about them: the story's subheading, not a box
    profile = ["Ann Lee", "Ann is the county's plow driver of the year, the council said."]
    raw = page_under("Who is Ann Lee, the plow driver who cleared the pass?", *STORY, *profile, *MORE)
    assert verdicts(raw, profile) == [BODY, BODY]


@pytest.mark.parametrize("line", ["COMMENT BELOW", "Please wait while we load the latest comments...",
                                  "You are replying to: .", "(With inputs from agencies.)", "With inputs from PTI"])
def test_a_comment_boxs_button_its_loading_line_and_a_desks_sign_off_are_furniture(line: str) -> None:
    raw = page(*STORY, line, *MORE)
    assert verdicts(raw, [*STORY, line, *MORE]) == [BODY] * 4 + [FURNITURE] + [BODY] * 2


def test_a_sentence_about_comments_or_inputs_stays_body() -> None:
    lines = ["Readers left comments below the council's post, the county said.",
             "With inputs from residents, the council drew up a new plowing plan."]
    raw = page(*STORY, *lines, *MORE)
    assert verdicts(raw, lines) == [BODY, BODY]
