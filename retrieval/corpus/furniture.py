"""What in a scraped article is page furniture (never an answer) and what is body text.

`classify_lines(raw)` labels every non-blank line, or part of a line, of the raw text as body or
furniture with the name of the rule that decided. The rules describe KINDS of furniture, so they
hold for any site's pages, not only the seeds'. Each is a small named function, tried in order
(`LINE_RULES`, as Haystack's DocumentCleaner is a list of `_remove_*` steps); the first that
matches labels the whole line. Lines no rule takes go through the partial steps (`_body_regions`),
which cut a glued date, a repeated headline, a trailing credit or inline tags off the body.

Whole-line rules:
- `no_words`, `markup`: no letter or digit; only HTML tags;
- `repeated_line`: a line printed again in the same article (captions are printed twice); the
  first clean occurrence is kept (one without markup, if there is one);
- `boilerplate`: a line that other articles of the same batch and site carry too (computed by
  `retrieval.corpus.boilerplate` and passed in);
- `headline_repeat`: the headline again, followed by a line printed earlier ("Weather report
  Lexie has your forecast." after both lines were shown);
- `footer`: comment, sharing, copyright, tag, navigation and related-links boiler-plate;
- `call_to_action`: the page talking to the reader: share/subscribe/newsletter/app/notification
  prompts, "Listen 4 min", "Comment on this story", "Download a free copy", "Are you on Telegram?"; a line opening
  with "Follow X on Twitter, Facebook ..." whatever sentence is glued after it (up to an editor's note's length);
- `menu`: three or more short items between separators ("HOME | NEWS | WORLD");
- `widget_prompt`: a feedback, sharing, comment, tip or correction widget's words, or the page's layout talking ("Was
  this article helpful?", "Email this", "Join the conversation", "Story continues below advertisement"), a login,
  weather or cookie box ("Forgot your username and password?", "Set Your Location", "We use cookies ..."), a widget's
  maker ("Powered by Livefyre"), a breadcrumb's "You are here:", a text-size button ("Adjust font size:", "+ larger
  fontnormal font- Smaller font"), a comment form's spam notice ("Learn how your comment data is processed.");
- `post_link`: a pager's link to the previous or next post ("Previous Post <headline>", "← <headline>");
- `promo_link`: a link to another story: "[ Headline ]", "MORE: Headline", "Related: Headline", "Sports Full
  coverage: <the site's coverage>";
- `editor_note`: notes about the article, not the story ("An earlier version of this story ...",
  "This story has been updated", "This is a breaking news update", a breaking story's "Details later…");
- `disclaimer`: a site's standing note among the last lines ("for informational purposes only", "does not
  constitute financial advice", "<Site> acknowledges ... is sensitive to all backgrounds");
- `date`, `byline`, `contributor`, `author_bio`: metadata lines ("Posted on : 2021-06-22",
  "By Kim Ji-eun, staff reporter", "Por X", "By X - Trend:", "Melissa Quinn contributed to this report.", "Jane Doe is a
  freelance writer ..." among the last lines; anywhere, an author box: a name alone, named nowhere else, over
  "<First name> is ..." and maybe the writer's "@handle"); a desk's sign-off ("(With inputs from agencies.)");
- `source_credit`: among the last lines, where a syndicated piece came from ("From Henry Ford LiveWell.");
- `contact`, `url`: e-mail or web addresses, "Contact X at x@example.com";
- `citation`: the paper or report behind a story ("Nature, 2023. DOI: 10.1038/...", "Report: ...");
- `credit`, `caption`: photo credits on a line of their own ("Photo: EPA-EFE", "Alex Brandon / AP");
  a caption is a line that ends in a photo credit ("... in Seoul, Monday. Yonhap", "... (AP Photo/X)"),
  starts "FILE:" or "In this photo ...,", says where people stand in the picture ("X, center, shoots as Y, left,"),
  a short line with its source bracketed after its last sentence ("... by Hokusai, 1831. (Metropolitan Museum of
  Art)"), a short line just before a credit line, a short line in the form of the page's own credited captions
  ("<quote> … <who>."), a gallery's counted captions ("1 / 18: ..."), a short description credited with a name of
  several words ("... on March 21. City Fire Department"), a story line printed again with its source in brackets
  ("<the dek>. (The Daily Planet)"), a named person doing something in the picture's present tense at a dated moment
  ("UCLA guard X walks off the court ... on Thursday night") and a picture dated the wires' way ("..., Saturday, March
  25, 2023") or by its date closing the line, its people doing in the present what it shows ("X of Y and Z of W meet in
  Washington, November 7, 2022."); a credit may end in the photographer's handle ("(X/The Planet) @x"), be the
  photographer and the outlet after a comma ("... Jane Roe, Example News") or a Romance-language agency ("..., AGENCIA
  NA"). The wires' sign-off closing the last paragraph ("... crisis. (PANA/NAN)"; on a story whose dateline names its
  agency, "Tokyo, Jul 18 (EFE).- ...", that agency's bare name: "... issues.” EFE") is cut, the paragraph stays body.
  With `caption_tier` (the default) a caption is kept apart, as kind CAPTION without its credit: stored and
  searchable, never article body;
- `subhead`, `short_line`: short all-capitals lines; a few words with no sentence punctuation;
- `timestamp`: a page's time stamp, maybe with its outlet or byline ("By X | Updated 2 hours ago") and the page's
  text-size button ("Xinhua, January 10, 2016 Adjust font size:").
- `legal_notice`: a site's labelled legal notice ("LEGAL WARNING: All rights ... reserved ...", "Legal Disclaimer:" alone)
  or its warranty's words ("X provides the information “as is” without warranty of any kind"); `id_code`: a tracking id
  alone on a line (one word of letters and 8+ digits);
- `pull_quote` (also a pass, below): a quotation alone on its line, signed with a dash ("“...” - Jane Roe, therapist").

Each rule names the length past which it can only say no (`LineRule.max_words`, `max_chars`); a line is offered only
the rules its length allows, so a story paragraph meets only the few rules without a bound.

Passes over the whole article, after the line rules: captions above a credit line (`captions_are_furniture`);
subheadings (a run of up to three short lines between paragraphs, past a picture or an ad, is body; a short
field printed again, "Top car: X", counts in the run); the story's own lists (bullets, quantities, or anything
under an "Ingredients" heading); a summary's heading ("TL;DR:") over a paragraph; a review's field printed again
between paragraphs ("Rating: **"); "Read more:" lists; a page-end widget's teasers ("Latest X news" over other
stories' first lines, to the page's end); book boxes; a closing author bio with only furniture after
it; a press release's closing "About <Organisation>" blocks, what follows its end mark ("###") and its media contact;
lines printed again inside a longer paragraph; pull
quotes abridging a paragraph; a line printed three times in a row near the top (a video player's title: every copy);
a title-cased line over a gallery's captions (its title, a caption); the headline printed between paragraphs twice or
more (the pictures' text; once, it is a section's heading); near the top, the story's dateline on its own line ("Baku,
Azerbaijan, June 9", the only line of its form), the article's type and section ("Reporting | Europe", no subheading)
and a breadcrumb without separators ending in the sections the page's address names; on a page whose captions open with their credit
("X via Getty Images <caption>"), a line opening with a picture agency's bare name ("Getty <caption>"). Of identical lines, the copy
kept is the first, except that a copy above the story's dateline ("HARRISBURG, Pa. --") yields to one inside it, and
the dek's copy in the story stays body (a time stamp under the headline is never the dek).
Other stories' teasers: three or more headline-like lines in a row unconnected to the story's words (or joined on one
line by bullets or bars: a news ticker), two or more after
the story's last paragraph, and the links under a teaser heading ("More from ...", "Up next") even where the subheading
pass kept that heading; the headline printed again anywhere in other punctuation or with the site's name ("<headline> |
The Daily Planet"); a tag box ("Tags" over its items) and an "About the author" box.

Round 29's forms: a paragraph's glued "…read more" link is cut (the paragraph stays body; several such lines are a
teaser list, left whole); the paragraphs under a legal notice closing the story, unconnected to it, are teasers; a
distributor's stamp ("<date> | Press release | Distributed by X on <date>") and the issuer's name over it; a site's
"This website is created to ..." and "More information ... you can read here"; a breadcrumb from "Home" glued to the
headline; a caption printed bare right next to its credited copy; a trailing list of headlines each closed by " -".

Pages cut short: the page's last line cut off right under a paragraph ("The Mendi was chartere") is the story's; another
story's headline cut short by the site's ellipsis between two paragraphs ("X off to Italy to participate in me...") is a
link.

Blog and magazine templates: a pager's "Previous" and "Next" lines (over their headlines); readers' comments under a
comment box (a commenter's line, "janeroe 5pts", and the lines after it); the writer's bio anywhere when the page names
the writer (a byline, or the name printed alone twice). In a run of teasers, headlines each under its time stamp ("14h")
or above the story's first paragraph are other stories' whatever their words.

The headline line is exempt from the short-line rules (`headline_index`): the first that is not only a date, an address,
a button ("Print this page", "print-only banner") or letterless ("..."); the line a breadcrumb from "Home" ends in when
it is printed below it ("Home » <headline>", the section names between the two are the frame's); under a press
release's "For Immediate Release", the first line that is no date or sentence and stands over a paragraph. A breadcrumb
from "Home" with its separators ("Home > News & Policies > February 2006") is a menu; a comment count whose closing
quote was cut ('One thought on “<headline>') opens the comment box, and a user name holding a digit or an underscore
("• Carla_79") is a commenter there; a paragraph opening "But" or "However," over a credit is no caption.
Markup: the text around an inline tag stays body, split at the tag, because a sentence must be a
verbatim slice of the raw file and the tag may not be inside it (`markup_fragment`: a scrap of a
few words left between tags).
"""
from __future__ import annotations

import re
import urllib.parse
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import NamedTuple

from retrieval.corpus.sentences import LINE_BREAK_CHARS
from retrieval.months import MONTH_PATTERN

BODY = "body"
FURNITURE = "furniture"
# A photo's caption kept apart from the body (the caption tier): stored and searchable, never article body
# (`FurnitureParams.caption_tier`). Its credit stays furniture.
CAPTION = "caption"


@dataclass(frozen=True, slots=True)
class FurnitureParams:
    """Every tuned number of the cleaner. Set by reading the seeds and the 200 UNLABELLED scraped pages
    of `../shared/corpora/scraped_pages_2023/` (the 30 blind-labelled ones are only measured, by
    `bench/cleaning.py`); each is a length in characters or words beyond which a rule stops applying."""

    rule_max_chars: int = 200  # the date/byline/navigation/credit rules look only at lines this short
    byline_max_chars: int = 100
    credit_max_chars: int = 120
    nav_max_words: int = 15  # "Read more: <a headline>" is a link; a longer line is a sentence
    contact_max_words: int = 12
    # "By Jane Roe | Published 10:05 AM EDT, Fri March 24, 2023 | Updated 2 hours ago"; with the writer's name before the
    # byline, the outlet and both dates: "Jane Roe By Jane Roe The Daily Planet on December 24, 2014 at 8:17 AM, updated
    # December 24, 2014 at 8:25 AM" (23 words)
    stamp_max_words: int = 26
    short_max_words: int = 6  # a line of at most this many words without sentence punctuation is not a sentence
    fragment_max_words: int = 3  # a scrap between tags
    subhead_max_words: int = 15
    subheading_run_max: int = 3  # "Generation Z", "People aged around 18 to 24", "Top car: Toyota Camry" over a paragraph
    credit_window: int = 130  # a trailing credit is at most this long
    date_window: int = 160  # so is a trailing date (even "Posted on ... Modified on ...")
    cta_max_words: int = 40  # a call to action is a button or a banner, never a paragraph
    menu_min_items: int = 3
    menu_item_max_words: int = 4
    promo_max_words: int = 30
    editor_note_max_words: int = 60
    bio_tail_lines: int = 5  # author bios sit among the last lines of a page
    bio_max_words: int = 45
    caption_max_words: int = 75  # a caption is at most this long (AP captions run to ~70 words)
    dateline_max_line: int = 12  # a story's dateline opens one of its first lines (after a headline, a dek, a quote)
    contained_min_words: int = 5  # a shorter line inside a paragraph may be a subheading, not a repeat
    contained_max_lines: int = 400  # the contained-line check is quadratic in an article's lines
    # A line among the first (`dateline_max_line`) found as a clause inside a paragraph ("Five children have died ..."
    # in "Reports say five children have died ...") is a highlight retelling it: such lines are short (the dev sets'
    # one has 75 characters). Each check scans the article, so only short lines near the top are checked.
    clause_max_chars: int = 120
    # A line ending "... 1831. (Metropolitan Museum of Art)" is a picture's label when this short (the artwork labels
    # of the scraped pages have 7 to 12 words; a news paragraph citing its paper in brackets has 26).
    source_caption_max_words: int = 20
    # A page whose credited captions join two halves with " … " (this many or more) prints an uncredited short line of
    # that form as a caption too (the Guardian's template; no other scraped page has two such captions).
    caption_template_min: int = 2
    caption_credit_max_words: int = 8  # "Image Credit: Tijana Moraca / Shutterstock"; longer is not a credit
    # A line ending in a credited name without a credit word ("... on March 21. City Fire Department") is a caption when
    # it is this short, its credit has 2 to `named_credit_max_credit_words` words and fewer than this share of its words
    # are capitalised (a headline is in title case). The scraped pages' such captions have 12 to 27 words; the BBC's
    # paragraphs ending in a stray capitalised word (the next sentence's first, cut off) have 40 to 130.
    named_credit_max_words: int = 30
    named_credit_max_credit_words: int = 5
    named_credit_capitals_share: float = 0.7
    pointer_max_words: int = 80  # "If you want to read more about X, check out the link below." paragraphs run long
    player_max_words: int = 25  # a video player's title with its running time ("... 02:52")
    promo_item_max_words: int = 15  # a headline in a "Read more:" list of links
    # Under a page-end widget's heading ("Latest X news and events") at most this many lines, each shorter than
    # `widget_item_max_words`, are teasers of other stories. Set on heldout6's one such widget (4 teasers of 17 to 45
    # words); the labelled pages' story paragraphs after any heading run to 120 words.
    widget_max_items: int = 10
    widget_item_max_words: int = 60
    # ... unless they outweigh the story above the heading and most share this many content words with its headline and
    # paragraphs: the story goes on under a heading printed inside it. Set on label12's dnaindia.com page (5 of the 6
    # paragraphs under its "TRENDING NOW" share 2 or more with the lede above); no other label set's verdict changes.
    widget_story_shared_words: int = 2
    # A credit after a caption that says it is one ("Photo: Supplied / Pacific Islands Forum Secretariat") is at most
    # this long. Set by hand above label13's RNZ credit (7 words); the 3,060 BBC, scraped and NewsQA articles clean
    # the same with it.
    labelled_credit_max_words: int = 12
    # A line of this many words or more printed twice on itself is a slideshow's caption with its alt text (label14's
    # MercoPress captions have 18 to 21). Set by hand: fewer may be a chant or a refrain ("Go, go, go! Go, go, go!").
    doubled_min_words: int = 6
    list_min_items: int = 2  # a run of short lines between paragraphs with this many bullets or quantities is a list
    # An "Ingredients" heading opens a list whose items need no quantity ("Cherry tomatoes", "Lemon zest"); the
    # heading may sit this many short lines above the run the short-line rules dropped (recipe name, heading,
    # three items kept as subheadings). Set on the KTLA recipe pages (heading 1 to 5 lines above the run).
    list_heading_window: int = 6
    book_box_lines: int = 3  # title, subtitle and "By X" above a book's "Publisher. 320 pp. $28" line
    section_label_max_words: int = 2  # "Style <the headline> <the dek>": a section's name printed before the headline
    # A pull quote (no final full stop, 10-40 words) opens with a paragraph's first `pull_quote_opening_words` words
    # verbatim, shares this share of its 4-word runs with it, and that paragraph is at least twice as long.
    pull_quote_min_words: int = 10
    pull_quote_max_words: int = 40
    pull_quote_opening_words: int = 6
    pull_quote_gram: int = 4
    pull_quote_share: float = 0.6
    pull_quote_length_ratio: float = 2.0
    # A quotation signed with a dash ("“...” - Jane Roe, a therapist who specializes in eating disorders") is a pull
    # quote when its signature is this short (the scraped pages' three have 2 to 10 words).
    signed_quote_max_words: int = 16
    # A line printed this many times in a row among the first `dateline_max_line` lines is the page's template, all
    # copies (a video player's title over the story: CBS Minnesota's three copies; a refrain or a fixtures table's
    # "Winners meet in final match" is printed apart, between other lines, or further down). Set on the two scraped
    # pages with such a title (heldout7's 071 and 158); no BBC or seed page prints a line three times in a row.
    template_min_copies: int = 3
    # A title-cased line that is no sentence, right above a run of at least this many captions, is the gallery's (or
    # its video's) title. A listicle's subheading sits over one picture and then its paragraph.
    gallery_min_captions: int = 3
    # Under an "About <Organisation>" heading near a page's end, at most this many paragraphs to the end (or to the
    # next such heading) are a press release's standing description of the organisation (heldout7's 080: 2).
    about_max_paragraphs: int = 4
    # Captions are no part of the article's body: the blind furniture labels count them as furniture (captions as
    # body: labelled furniture out 88.7 / 73.0 / 60.0 % on the three label sets; out of the body: 100 / 98.4 / 92.7 %).
    # False keeps them as body, with only their credit cut (the behaviour before the caption tier).
    captions_are_furniture: bool = True
    # ... but they state facts ("X, deputy assistant secretary, poses with Y at the residence in Seoul") that some
    # questions need (seed_heldout top-1 0.864 with captions as body, 0.795 with them dropped): True keeps them,
    # without their credit, in the caption tier (kind CAPTION), which answers only when no body sentence does.
    # False drops them whole.
    caption_tier: bool = True
    # Other stories' teasers: a headline-like line is a non-sentence (no full stop, no clause after one) of
    # `teaser_min_words` to `teaser_max_words` words, no list item or field. A run of `teaser_run_min` such lines in a
    # row (furniture between them aside: thumbnails' credits, time stamps) whose every line has at most
    # `teaser_vocab_share` of its content words in the story (headline and paragraphs) is a list of links to other
    # stories; after the story's last paragraph, `trailing_teaser_min` such lines to the page's end are one too when each
    # is title-cased or unconnected. Set on the scraped pages (all labelled): their body's non-sentence runs are lists
    # (ingredients, "10. <game> – <studio> – 89p", "<show> at <theatre> | from £13", "Match 1: X vs Y"), subheadings
    # between paragraphs and tweets; none is three unconnected headline-like lines in a row. 16 words: the scraped
    # pages' promo headlines have 5 to 14.
    teaser_min_words: int = 4
    teaser_max_words: int = 16
    teaser_run_min: int = 3
    teaser_vocab_share: float = 0.5
    trailing_teaser_min: int = 2
    trailing_vocab_share: float = 0.5
    # A widget's prompt ("Was this article helpful?", "Send us feedback", "Join the conversation", "Report a typo") is a
    # button or a form's label, never a paragraph.
    widget_max_words: int = 25
    # The headline printed again with the site's name ("<headline> | The Daily Planet"), a name of at most this many
    # words, or with other punctuation, anywhere on the page.
    headline_site_max_words: int = 5
    # Under a "Tags" / "Topics" / "Filed under" heading, the short items (at most this many words each) to the next
    # paragraph are the page's tags; under an "About the author" heading, at most `author_box_max_paragraphs`.
    tag_item_max_words: int = 5
    author_box_max_paragraphs: int = 2
    # A writer's bio is furniture anywhere on the page when the page names the writer: in a byline, or in an author box
    # (the name printed alone twice or more, one copy at most this many lines above the bio: name, role, bio).
    author_box_lines: int = 3
    # A link to the previous or next post ("Previous Post <headline>", "← <headline>", "Next" over its headline) is at
    # most this long; a "Previous ..." line and a "Next ..." line at most `post_link_window` lines apart are the pair.
    post_link_max_words: int = 40
    post_link_window: int = 4
    # Under a comment box (a line about comments, furniture), a commenter's line ("janeroe 5pts", "Jane Roe says:",
    # "jroe 2 hours ago") and the body lines after it, at most this many, to the next furniture line: a reader's comment.
    commenter_max_words: int = 6
    comment_max_paragraphs: int = 5
    # The page's last line, cut off mid-word by the scrape right after a paragraph ("The Mendi was chartere"), is the
    # story's, however short, when it has at least this many words, most of them in lower case. Set by hand on label15's
    # and label16's cut-off last lines (4 and 6 words; label15's "MM. Petro a", 3 words, stays out): the scraped pages'
    # and the BBC's short last lines of 3 words are headings or sign-offs ("More in section", "With Post wires").
    cut_line_min_words: int = 4
    # A line of `teaser_run_min` or more headline-like items joined by bullets or bars is a news ticker when more than
    # this share of them are unconnected to the story (`teaser_vocab_share`). Set by hand ("most"): label17's one ticker
    # has 10 of 10 unconnected; a story's own bulleted points are in its words.
    ticker_unconnected_share: float = 0.5
    # A breadcrumb printed without separators names at least this many of the page address's sections ("Press service
    # Statements" at ".../press-service/statements/<slug>"): one section's name alone is a short heading's. Set by hand on
    # label18 (round 28), the form's one page.
    breadcrumb_min_sections: int = 2
    # A section's name over the headline and its date ("Media Center" / <headline> / "May 25, 2021"): the line between
    # is the headline when it has at least this many words (a two-word line under a section name may be a subsection's).
    # Set by hand on label25's one page of the form (7 words).
    section_headline_min_words: int = 4
    # Hard-wrapped plain text (a transcript scanned to text, `lynx -dump`, an e-mail: every line broken at a fixed
    # width, mid-sentence) is joined back into paragraphs before anything reads it (wrapping.unwrap). A run of at least
    # `wrap_min_lines` lines without a blank one is wrapped when its longest line has `wrap_min_width` to
    # `wrap_max_width` characters, at least `wrap_full_share` of its breaks come after a line the next word would not
    # have fitted on within `wrap_margin_share` of that width (the break a fixed width makes; a typewriter's right
    # margin is ragged, hence the slack), and at least `wrap_lower_share` of those breaks go on in lower case
    # (mid-sentence). Set by hand on label25's 1963 transcript (width 67, 38 lines) against the 3,000+ shared articles,
    # which have none: their paragraphs are one line each, and a menu's or a headline list's lines start capitalised.
    wrap_min_lines: int = 4
    wrap_min_width: int = 40
    wrap_max_width: int = 100
    wrap_full_share: float = 0.5
    wrap_margin_share: float = 0.8
    wrap_lower_share: float = 0.5


DEFAULT_PARAMS = FurnitureParams()


class Region(NamedTuple):
    """A stripped stretch of one line: `raw[start:end]` is body text or furniture (by `rule`).

    A NamedTuple rather than a frozen dataclass: one is made per line of every article, and
    tuple creation is 4x cheaper (ingest speed matters).
    """

    start: int
    end: int
    kind: str  # BODY or FURNITURE
    rule: str  # "" for body; the furniture rule's name otherwise


class Line(NamedTuple):
    """One stripped line `text == raw[start:end]` and what the rules need to know about it."""

    raw: str
    start: int
    end: int
    text: str
    plain: str  # `text` without HTML tags
    low: str  # `plain`, lower case: for the cheap key-word tests that guard the costly patterns
    has_tag: bool
    ends: bool  # ends in sentence punctuation
    words: int
    is_title: bool
    repeated: bool  # an earlier (or cleaner) copy is kept
    boilerplate: bool  # other articles of the batch carry it too
    tail: bool  # among the last lines of the article
    title_len: int  # where the headline ends when the line starts with it (maybe after a section's name) and goes on, else 0
    earlier: frozenset[str]  # keys of the lines before this one (only filled when title_len)


class LineRule(NamedTuple):
    """A named test that labels a whole line as furniture.

    `max_words` / `max_chars` give the length past which the test can only say no (its own early return on a
    longer line), or are None when it has none: `classify_lines` does not call it on longer lines. Story paragraphs
    are longer than most rules look at, so most of a paragraph's rules are never called.
    """

    name: str
    test: Callable[[Line, FurnitureParams], bool]
    max_words: Callable[[FurnitureParams], int] | None = None  # bounds `Line.words`
    max_chars: Callable[[FurnitureParams], int] | None = None  # bounds `len(Line.plain)`


# -- patterns --------------------------------------------------------------------------------
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]{0,300})?/?>|<!--.{0,300}?-->")
_WORDY = re.compile(r"[^\W_]")
# One line's content without the white space around it (line breaks are white space too).
_STRIPPED_LINE = re.compile(f"\\S(?:[^{LINE_BREAK_CHARS}]*\\S)?")
_YEAR = re.compile(r"\d\d\d\d")

_MONTHS = rf"(?i:{MONTH_PATTERN})\.?"
_WEEKDAY = r"(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?\s+)?"
DATE_VALUE = (
    r"(?:(?P<y1>\d{4})[-/.](?P<m1>\d{1,2})[-/.](?P<d1>\d{1,2})"
    rf"|{_WEEKDAY}(?P<mon2>{_MONTHS})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{{4}})"
    rf"|{_WEEKDAY}(?P<d3>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mon3>{_MONTHS}),?\s+(?P<y3>\d{{4}}))"
)
# the zone maybe with its offset: "EST", "(GMT+8)", "(UTC +04:00)"
_TIME = r"(?:,?\s+(?:at\s+)?\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?(?:\s+\(?[A-Z]{2,5}(?:\s?[+-]\d{1,2}(?::\d{2})?)?\)?)?)?"
_DATE_LABEL = (
    r"(?:(?:posted|published|updated|last\s+updated|modified|created|released|date[ds]?|issued)"
    # "Updated as of Aug 05 2017 12:38 PM" too
    r"(?:\s+(?:on|at|as\s+of))?\s*(?:[:\-|]\s*)?)"  # one way only to match the spaces: no exponential backtracking
)
_LABELLED_DATE = rf"{_DATE_LABEL}{DATE_VALUE}{_TIME}"
_ANY_DATE = rf"{_DATE_LABEL}?{DATE_VALUE}{_TIME}"
# A whole line of dates, labelled or not: "Posted on : 2021-06-22 16:43 KST Modified on : ...".
_DATE_LINE = re.compile(rf"(?i:(?:{_ANY_DATE}[\s|·,;]*)+)")
_DATE_PREFIX = re.compile(rf"(?i:(?:{_LABELLED_DATE}[\s|·,;]*)+)")
_DATE_SUFFIX = re.compile(rf"(?i:\s*(?:[|·,;-]\s*)?(?:{_LABELLED_DATE}\s*)+)$")
DATE_VALUE_RE = re.compile(rf"(?i:{DATE_VALUE})")
_RELEASE = r"\b(?:press|news|media)\s+release\b"  # a release named in a stamp (the issuer over it: _drop_release_issuers)
# The pieces of a page's time stamp: "Updated 2 hours ago", "Published 10:05 AM EDT, Fri March 24, 2023",
# "March 24, 2023 / 10:05 AM / CBS News", "5 min read". What is left when they are removed must be at most an
# outlet's name or a byline for the line to be a stamp and not a sentence about time.
_STAMP_PIECES = re.compile(
    # a page's machine stamp printed beside its own, often glued to it and to each other ("Published: Dec 4, 2021
    # 10:31 AM IST2021-12-04T10:31:02+05:302021-12-04T10:31:02+05:30"): no word boundary before it
    r"(?i:\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)|"
    rf"(?i:(?:\b(?:on|at)\s+)?(?:{DATE_VALUE}"
    r"|\b\d{1,3}\s+(?:secs?|seconds?|mins?|minutes?|hrs?|hours?|days?|weeks?|months?)\s+ago\b"
    r"|\b\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{1,2}[SD]?T\b|\s+\(?(?:GMT|UTC|KST|JST|CET|CEST|BST)\b(?:\s?[+-]\d{1,2}(?::\d{2})?\)?)?)?"
    r"|\b\d{1,3}\s+min(?:ute)?s?\s+read\b|\breading\s+time\s*:?\s*\d{1,3}\s+min(?:ute)?s?\b"
    r"|\b\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})\b"  # the American numeric date: "11:35 AM 12/31/2014"
    # (glued to the time before it, as a page's strip prints it: "Written: 2023-11-16 10:12:59Updated: 2023-11-16")
    r"|(?:\b|(?<=\d))(?:last\s+)?(?:updated|published|posted|modified|written)\b(?:\s+(?:on|at))?|\b(?:today|yesterday)\b"
    # a distributor's stamp over a release it carries: "30/08/2024 | Press release | Distributed by X on 30/08/2024 17:45"
    rf"|{_RELEASE}"
    r"|\b(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\b\.?"
    # the stamp's strip may hold the page's text-size button: "Xinhua, January 10, 2016 Adjust font size:"
    r"|\b(?:adjust|change|increase|decrease|resize)\s+(?:the\s+)?(?:font|text)\s+size\b))"
)
# What a stamp may hold besides its times: a byline and its outlet, maybe after the writer's name ("Jane Roe By Jane Roe
# The Daily Planet"), "By Jane Roe on <date>".
_STAMP_REST = re.compile(r"(?:[A-Z][\w'’.&-]*\s*){0,4}(?:[Bb]y\s+(?:[A-Z][\w'’.&-]*\s*){1,8})?(?:\s*(?:on|at))?")
# A teaser's age alone on its line, in a list of other stories: "14h", "3 d", "45 min", "2h ago".
_AGE_LINE = re.compile(r"\d{1,3}\s?(?:h|hrs?|d|w|mins?)(?:\s+ago)?")

_PARTICLE = r"(?:de|da|del|della|der|den|di|du|la|le|van|von|bin|binti|al|el|y|dos|das|do|ten|ter)"
_NAME_WORD = rf"(?:[A-Z][\w'’.-]*|{_PARTICLE}(?=\s)|[A-Z]\.)"
_NAME = rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,4}}"
# "By Kim Ji-eun, staff reporter", "By Kang Seung-woo", "Written by A and B", "Reporter: X".
# Spanish, Portuguese and French pages sign "Por Jane Roe", "Par Jean Roe" (capitalised: "por" opens no English line).
_BYLINE_OPENING = (r"(?:(?i:by|written\s+by|words\s+by|reported\s+by|story\s+by)(?:\s*:\s*|\s+)|(?:Por|POR|Par|PAR)\s+"
                   r"|(?i:reporter|author|writer)\s*:\s*)")
# A byline naming no one: "By:Staff writer", "By Our Correspondent" (the name is the desk's).
_STAFF_BYLINE = re.compile(_BYLINE_OPENING + r"(?P<name>(?i:(?:our\s+|a\s+)?(?:(?:staff|special|own)\s+)?"
                           r"(?:staff|writer|reporter|correspondent)s?))\s*$")
_BYLINE_NAME_LIST = rf"(?P<name>{_NAME}(?:\s*(?:,(?:\s*(?:and|&)(?=\s))?|and|&)\s*{_NAME})*?)"
# A wire's byline may close with a colon, introducing the story: "By Jane Roe - Trend:", "By Jane Roe:".
BYLINE_RE = re.compile(_BYLINE_OPENING + _BYLINE_NAME_LIST + r"(?:\s*(?:,|\||-|–|—|/)\s*(?P<role>[^.!?:]{0,60}))?\s*:?\s*$")
# The names alone, all of them: "By Jane Roe, A.B. Doe, John Poe, and Ann Lee" (the lazy form above may read the names
# after the first two as a role).
_BYLINE_NAMES = re.compile(_BYLINE_OPENING + _BYLINE_NAME_LIST + r"\s*:?\s*$")
_ROLE_OK = re.compile(
    r"(?i)^(?:(?:the\s+)?(?:\w+\s+){0,3}(?:reporter|writer|correspondent|editor|columnist|contributor|"
    r"journalist|staff|bureau|chief|news|times|herald|post|press|agency|desk)\b.*|[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){0,3})$"
)

# Comment, tag, copyright and "original article" boiler-plate, at the start of a line of any length.
_FOOTER = re.compile(
    r"(?i)^(?:"
    r"please\s+(?:direct|send|post|leave|share|email|e-mail|contact|write|address|submit|rate|follow|subscribe|like|report)\b"
    r"|please\s+enter\s+your\b"  # a comment form's prompts: "Please enter your comment!", "... your name here"
    # a topics menu under its label, glued or not: "Trends :King Charles CoronationPrince Harry..."
    r"|\W{0,3}(?:trends|trending(?:\s+(?:now|topics))?|hot\s+topics|popular\s+topics)\s*:"
    r"|(?:categori[sz]ed|filed|tagged|posted|listed|archived)\s+(?:in|under)\s*(?::|$)"
    r"|\W{0,3}(?:tags?|categor(?:y|ies)|topics?|keywords?|filed\s+under|related\s+topics)\s*:"
    r"|your\s+(?:e-?mail|comment|name)\b.{0,60}\b(?:will\s+not|won[’']t|is\s+not)\s+(?:be\s+)?(?:published|shared|displayed|made\s+public)"
    r"|required\s+fields\s+are\s+marked"
    r"|(?:©|\(c\)\s*\d{4}|copyright\s*(?:©|\(c\)|\d{4}))"
    r")"
)
# The same kind, anywhere in a short line; tried only when a key word is present (cheap test first).
_FOOTER_ANYWHERE = re.compile(
    r"(?i)\ball\s+rights\s+reserved\b"
    r"|\b(?:reproduction|redistribution|republication)\b.{0,60}\b(?:prohibited|forbidden|not\s+permitted)\b"
    r"|\b(?:button|link|click|tap|go|move|switch)\b.{0,40}\boriginal\b.{0,40}\barticle\b"
    # a byline's or a stamp's "- Last updated at Jul 11,2024", "Published: 20th May 2022 ... | Last Updated: 20th ..."
    r"|(?<=\S)\s+(?:[-|–—]\s+)?last\s+updated\s*(?:at|on|:)\s*\w{0,9}\.?\s*\d"
)
_FOOTER_KEYS = ("eserved", "ESERVED", "rohibit", "ROHIBIT", "orbid", "ORBID", "ermitted", "riginal", "RIGINAL",
                "ast updated", "ast Updated", "AST UPDATED")
# Navigation and sharing calls, only on lines short enough to be a link or a button.
_NAV = re.compile(
    r"(?i)^(?:"
    r"(?:leave|post|add|write|submit|view|show|load|hide|read)\s+(?:a\s+|your\s+|all\s+|the\s+|\d+\s+)?(?:comments?|reply|replies|reviews?|responses?)\b"
    r"|(?:sign\s+up|subscribe|newsletter|follow\s+us|like\s+us|join\s+us|download\s+(?:our|the)\s+app)\b"
    r"|share\s+(?:this|on|via|the\s+(?:article|story))\b|(?:share|tweet|print|email|e-mail|comments?|advertisement|ad)\s*$"
    r"|(?:click|tap)\s+here\b|read\s+(?:more|also|next|the\s+(?:full|original))\b|see\s+also\b|also\s+read\b"
    r"|more\s+(?:stories|news|articles|from|on\s+this|in\s+this)\b|related\s*(?::|$)|related\s+(?:stories|articles|news|posts|links|content|coverage)\b"
    r"|most\s+(?:viewed|read|popular|shared|commented|recent)\b|you\s+(?:may|might)\s+(?:also\s+)?(?:like|be\s+interested)\b"
    r"|latest\s+(?:[\w'’-]+\s+){0,3}(?:news|stories|headlines|videos|updates)(?:\s+and\s+\w+)?\s*:?$"
    r"|recommended\s+(?:for\s+you|stories|articles|reading)\b|(?:trending|top\s+stories|latest\s+news|editor[’']s\s+picks?)\b"
    r"|sponsored\s+(?:content|links?)\b|back\s+to\s+top\b|skip\s+to\s+(?:content|main)\b|(?:next|previous)\s+(?:article|story|post)\b"
    r")"
)
# The page addressing its reader: buttons, banners and prompts, wherever they sit in a short line. Each form with
# the words of which the line must hold one for it to match (lower case): a form is tried only then, since one
# pattern of all the forms, tried at every position of the line, costs ~200 us on a paragraph.
_CTA_FORMS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("listen",), r"\blisten\s+\d+\s+min\b"),
    (("comment",), r"\bcomment\s+on\s+this\s+story\b"),
    (("gift",), r"\bgift\s*(?:outline\s+gift\s+)?article\b"),
    (("subscribe", "sign", "register"), r"^\W*(?:subscribe|sign\s+up|register)\b"),
    (("subscribe",), r"\bsubscribe\s+(?:to\s+(?:our|my|this)\b|now\b|today\b)"),
    (("sign",), r"\bsign\s+up\s+(?:now|here|today|for\s+(?:our|free))\b"),
    (("newsletter",), r"\b(?:our|my|free|daily|weekly|morning|evening|afternoon)\s+(?:[\w-]+\s+){0,2}newsletters?\b"),
    (("newsletter",), r"\bnewsletters?\b.{0,80}\b(?:sign\s+up|subscribe|inbox|receive)\b"),
    (("newsletter",), r"\b(?:sign\s+up|subscribe)\b.{0,60}\bnewsletters?\b"),
    (("inbox",), r"\bdelivered\s+(?:to|straight\s+to)\s+your\s+inbox\b|\bin\s+your\s+inbox\b"),
    (("notifications",), r"\b(?:browser|push)\s+notifications\b|\bturn\s+on\s+notifications\b"),
    (("download",), r"\bdownload\s+(?:a|our|the)\s+(?:free\s+)?(?:copy|app)\b"),
    (("telegram", "whatsapp", "twitter", "facebook", "instagram"), r"\bare\s+you\s+on\s+(?:telegram|whatsapp|twitter|facebook|instagram)\b"),
    (("social", "twitter", "facebook", "instagram", "tiktok", "youtube", "telegram", "whatsapp", "linkedin"),
     r"^\W*(?:follow|find|join|like|watch)\b.{0,60}\bon\s+(?:social\s+media|twitter|facebook|instagram|tiktok|youtube|telegram|linkedin)\b"),
    # a banner's last words, glued after its pitch: "... Stay updated, Stay informed- Follow DNA on WhatsApp."
    (("follow",), r"(?:^|[.!?–—-]\s*)follow\s+(?:[\w&'’.-]+\s+){1,3}on\s+(?:whatsapp|telegram|twitter|facebook|instagram|"
     r"tiktok|youtube|linkedin|threads|google\s+news)\W*$"),
    (("follow", "join", "find"), r"\b(?:follow|join|find)\s+us\s+(?:on|at)\b"),
    (("follow", "like", "join"), r"^\W*(?:follow|like|join)\s+us\b"),
    (("updates",), r"\bfor\s+(?:more\s+)?news\s+updates,?\s+follow\b"),
    (("share",), r"\bshare\s+(?:your\s+(?:thoughts|experiences?|suggestions|feedback|views|tips)|this\s+(?:article|story|post))\b"),
    (("comments",), r"\blet\s+us\s+know\b.{0,60}\bin\s+the\s+comments\b|\blet\s+me\s+know\b.{0,60}\bin\s+the\s+comments\b"),
    (("click", "tap"), r"\b(?:click|tap)\s+here\b"),
    (("hear",), r"\bwe\s+need\s+to\s+hear\s+from\s+you\b|\bi[’']d\s+love\s+to\s+hear\s+from\s+you\b"),
    (("consider",), r"\bconsider\s+(?:making\s+)?(?:a\s+)?(?:small\s+)?(?:donation|donating|subscribing|supporting\s+us)\b"),
    (("hesitate",), r"\bdon[’']t\s+hesitate\s+to\s+contact\s+us\b"),
    (("@",), r"\b(?:send|email|e-mail)\s+(?:us|me)\b.{0,40}@"),
    (("journalism", "reporting", "newsroom"), r"\bsupport\s+(?:our|independent|local)\s+(?:journalism|reporting|newsroom)\b"),
    (("dollar",), r"\bput\s+a\s+dollar\s+value\s+on\b"),
    (("today", "now"), r"\b(?:donate|make\s+a\s+(?:donation|gift))\s+(?:today|now)\b"),
    (("become",), r"\bbecome\s+a\s+(?:member|subscriber|supporter)\b"),
    (("stream",), r"\bstream\s+(?:newscasts|live)\b"),
    (("get",), r"^\W*get\s+the\s+(?:latest|weekly|daily)\b"),
    (("reading",), r"\bcontinue\s+reading\W*$"),
    (("affiliate",), r"\baffiliate\s+(?:links?|commissions?)\b"),
    (("commission",), r"\bwe\s+may\s+(?:earn|receive)\s+(?:a\s+)?(?:small\s+)?commission\b"),
    (("donat", "contribut", "chip"),
     r"^(?!.*[“\"]).*\bif\s+you\s+(?:can|are\s+able\s+to|would\s+like\s+to|want\s+to)\s+(?:make\s+a\s+|please\s+)?(?:donat(?:e|ion)|contribut(?:e|ion)|chip\s+in)\b"),
    (("created",), r"\btranscripts?\s+(?:are|is)\s+created\b"),
    (("availability",), r"\baccuracy\s+and\s+availability\s+may\s+vary\b"),
    (("below", "here"), r"^you\s+can\s+(?:watch|relive|see|read|follow|listen\s+to|find)\b.{0,100}\b(?:below|here)\W*$"),
    (("post",), r"^view\s+this\s+post\s+on\s+(?:instagram|twitter|facebook|tiktok)\b|^see\s+more\b.{0,60}\bposts?\W*$"),
    # a sign-up or petition form's button, its answer and its consent lines: "SIGN THE PETITION!", "Thank you for signing
    # up!", "A confirmation email has been sent.", "I would like to receive the X newsletter.", "By submitting, you agree ..."
    (("petition",), r"^\W*(?:sign|add\s+your\s+name\s+to)\s+(?:the|our|this)\s+petition\b"),
    (("thank",), r"^\W*thanks?\s+(?:you\s+)?for\s+(?:signing\s+up|subscribing|registering|joining\s+us|your\s+(?:subscription|interest|submission))\b"),
    (("confirmation e", "confirmation link", "confirmation message"), r"\ba\s+confirmation\s+(?:e-?mail|link|message)\s+(?:has\s+been|was|will\s+be)\s+sent\b"),
    (("to receive",), r"^\W*(?:yes,?\s+)?i\s+(?:would\s+like|want|wish|agree)\s+to\s+receive\b"),
    (("by submitting", "by signing", "by subscribing", "by clicking", "by registering", "by entering"),
     r"^\W*by\s+(?:submitting|signing\s+up|subscribing|clicking|registering|entering)\b.{0,80}\byou\s+(?:agree|consent|accept)\b"),
    ((), r"^(?:be\s+the\s+first\s+to\s+know|not\s+now|turn\s+on|allow|no\s+thanks|continue\s+reading|watch\s+now|play\s+video)\W*$"),
)
_CTA_PATTERNS = tuple((keys, re.compile(f"(?i:{form})")) for keys, form in _CTA_FORMS)
_CALL_TO_ACTION = re.compile("(?i:" + "|".join(form for _, form in _CTA_FORMS) + ")")  # all the forms in one


def call_to_action_form(plain: str, low: str) -> bool:
    """`_CALL_TO_ACTION.search(plain) is not None`, trying only the forms whose words `low` (plain, lower case) holds."""
    return any(pattern.search(plain) is not None for keys, pattern in _CTA_PATTERNS if not keys or any(map(low.__contains__, keys)))


_MENU_SEPARATORS = re.compile(r"\s+//\s+|\s+[|•·/]\s+|\s*\|\s*")
# "[ Chicago weather: ... ]", "MORE: headline", "Related: headline", "More on plastics: headline".
_PROMO = re.compile(
    r"^\[\s*[^\[\]]{3,200}\s*\]$"
    r"|^(?i:more|related|see\s+related\s+story|also\s+see|see\s+also|read|read\s+more|read\s+also|watch|listen|magazine|recommended|previously|"
    r"related\s+(?:story|article|video|coverage)|more\s+(?:on|about|from)(?:\s+[\w'’ -]{1,30})?|(?:read|learn|find\s+out|discover)\s+more\s+about\s+[^:]{1,60})\s*:\s*\S"
    r"|^(?i:(?:read|learn|find\s+out|discover)\s+more\s+about|in\s+other\s+news)\b"
    # a teaser for the site's coverage, maybe after its section's name: "Sports Full coverage: 2023 NCAA tournament ..."
    # (not a price list's "Full coverage: $1,200")
    r"|^(?:[A-Z][\w&'’-]*\s+)?(?i:full\s+coverage|also\s+read|read\s+next|don['’]t\s+miss)\s*:\s*(?![$£€])\S"
)
_CHANNEL_PROMO = re.compile(
    r"^(?:[\w&'’.-]+\s+){0,4}(?i:weather|forecast|video|videos|live|podcast|photos|gallery|traffic|newsletter)\s*:\s*\S"
)
# A reference to the paper or report a story is based on: "Nature Climate Change, 2023. DOI: ...". The source's label
# in the languages a copied page keeps it in: "Fuente: EFE", "Quelle: dpa", "Kaynak:Source of News".
_CITATION = re.compile(
    r"(?i)\bdoi\s*:\s*10\.|\bdoi\.org/|^(?:journal\s+reference|reference|citation|report|source"
    r"|fuente|fonte|quelle|kaynak|źródło|zrodlo|bron|kilde|källa|lähde|forrás|zdroj|izvor|sursa|источник|джерело)\s*:\s*\S"
)
# A preprint's warning: "... publishes preliminary scientific reports that are not peer-reviewed and, therefore, ...".
_PREPRINT_NOTE = re.compile(r"(?i)\bpreliminary\s+(?:scientific\s+)?reports?\s+that\s+(?:are|have)\s+not\s+(?:been\s+)?peer[- ]reviewed\b")
_EDITOR_NOTE = re.compile(
    r"(?i)^(?:an?\s+(?:earlier|previous)\s+version\s+of\s+this\s+(?:story|article|report)"
    r"|this\s+(?:story|article|report|post)\s+(?:has\s+been|was|is\s+being|will\s+be)\s+(?:updated|corrected|edited|amended|developing)"
    r"|this\s+(?:story|article|report)\s+is\s+(?:developing|part\s+of)|the\s+story\s+is\s+developing"
    r"|this\s+is\s+a\s+(?:breaking\s+news|developing)\s+(?:update|story)|(?:editor[’']s\s+note|correction|clarification)\s*:"
    # a breaking story's promise of more, alone on its line: "Details later…", "More details to follow.", "Details soon"
    r"|(?:more\s+|further\s+)?details\s+(?:later|soon|shortly|to\s+follow|to\s+come|awaited)\W*$|more\s+to\s+follow\W*$"
    r"|update(?:d)?\s*(?:,[^\n]{1,40}?)?:\s*this\s+(?:story|article)"
    r"|this\s+(?:story|article|report)\s+was\s+(?:produced|reprinted|republished|written|reported)\s+(?:by|from|in\s+partnership)\b"
    r"|\W{0,2}(?:disclaimer|important\s+notice)\s*:|the\s+associated\s+press\s+created\s+this\s+story|our\s+standards\s*:|originally\s+(?:posted|published|appeared)\s+(?:on|in|at)\b"
    r"|this\s+(?:story|article|post|piece|report)\s+(?:originally\s+|first\s+)?(?:appeared|ran|was\s+(?:originally\s+|first\s+)?(?:published|posted))\s+(?:on|in|at)\b"
    r")"
)
# Two more forms, each scanning the line's first words for its phrase: tried only when the line holds its key word.
_EDITOR_NOTE_SOURCE = re.compile(r"(?i).{0,60}\b(?:original\s+article|syndication)\s+(?:syndication\s+)?source\b")
_EDITOR_NOTE_VIEWS = re.compile(r"(?i).{0,80}\bdoes\s+not\s+necessarily\s+reflect\s+the\s+(?:opinion|views?)\b")
_CONTRIBUTOR = re.compile(
    r"(?i)\b(?:contributed|contributing)\s+(?:to\s+)?(?:this|the)\s+(?:report|story|article)\b"
    r"|^(?:additional\s+)?reporting\s+by\b|^(?:edited|compiled|produced)\s+by\b"
    # an Indian desk's sign-off: "(With inputs from agencies.)", "With inputs from PTI"
    r"|^\W?with\s+(?:additional\s+)?inputs?\s+from\s+(?:[\w&.-]+\s*){1,4}\W{0,3}$"
    # the wire's sign-off naming its other reporters: "Associated Press writers Jane Roe in Lagos and X in Y contributed."
    r"|^(?:[A-Z][\w.&’'-]*\s+){1,4}(?:staff\s+)?(?:writers?|journalists?|reporters?|correspondents?|producers?|photographers?)\s+"
    r"[A-Z].{0,300}\bcontributed(?:\s+(?:reporting|to\s+this\s+(?:report|story|article)))?\.$"
)
# "Zack Ruskin is a freelance arts and culture writer ...", "• Don Feder is a columnist with ...",
# "• Jane Roe, a columnist for The Daily Planet, co-hosts ...".
_AUTHOR_BIO = re.compile(
    r"^\W{0,2}(?:[A-Z][\w'’.-]+\s+){1,3}(?:[A-Z][\w'’.-]+)\s+(?:is|was)\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,5}"
    # (the trade maybe a capitalised title: "Dr Jane Roe is a BFPG Senior Research Fellow")
    r"(?i:writer|reporter|journalist|columnist|correspondent|editor|author|contributor|critic|producer|delegate|fellow|professor)\b"
    # the appositive form only for the press's own trades, and never a quote ("X, a professor at Y, said ...")
    r"|^\W{0,2}(?:[A-Z][\w'’.-]+\s+){1,3}(?:[A-Z][\w'’.-]+),\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,3}"
    r"(?:writer|reporter|journalist|columnist|correspondent|contributor)\s+(?:for|with|at)\b(?!.*\b(?:said|says|told)\b)"
    # what the writer covers: "Jane Roe covers weather and transport for The Daily Planet."
    r"|^\W{0,2}(?:[A-Z][\w'’.-]+\s+){1,2}[A-Z][\w'’.-]+\s+(?:covers|writes\s+about|reports\s+on|has\s+covered|has\s+reported\s+on)\s"
    r"(?!.*\b(?:said|says|told)\b).{0,200}\b(?:for|at)\s+(?:the\s+)?[A-Z]"
)
_CONTACT_LINE = re.compile(r"(?i)^(?:contact|email|e-mail|reach|write\s+to|follow)\s+(?:\w+\s+){0,4}(?:at|on|via)?\s*\S*[@]\S+")
_CONTACT_NAME = re.compile(r"^(?:Contact|Email|E-mail|Reach)\s+(?:[A-Z][\w'’.-]*\s+){1,4}(?:at|on|via)\s+\S")
# A press office's label and its number or address, alone on a line: "Media Enquiries: | 07884 375018", "Press contact:
# press@example.org", "Media inquiries: +44 20 7946 0000 / media@example.org".
_PHONE_OR_EMAIL = r"(?:\+?\d[\d\s().-]{5,20}\d|[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+)"
_PRESS_CONTACT = re.compile(
    r"(?i)^(?:media|press|news)\s+(?:enquir(?:y|ies)|inquir(?:y|ies)|contacts?|office|desk)\s*[:|–—-]?\s*[:|–—-]?\s*"
    rf"{_PHONE_OR_EMAIL}(?:\s*[|,/;]\s*{_PHONE_OR_EMAIL})*\s*$"
)
# "X can be reached at x@example.com", "Questions may be directed to X at x@example.com".
_REACHED_AT = re.compile(r"(?i)\b(?:(?:can|may)\s+be\s+reached|may\s+be\s+(?:directed|sent|addressed)\s+to\b.{0,60}?)\s*(?:at|via)\s+\S*@")
_EMAIL = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+")  # bounded: no quadratic scan
_URL_LINE = re.compile(r"^[\[(<]?(?:https?://|www\.)\S+[\])>]?$", re.I)
# A credit on a line of its own: "Photo: EPA-EFE", "(Yonhap)", "Courtesy of X", "AP Photo/Ahn Young-joon".
_CREDIT_WORDS = (
    r"(?:photo(?:graph)?s?|image|picture|pic|video|graphic|illustration|source|credits?|courtesy|"
    r"provided|supplied|handout|file\s+photo|ap\s+photo|reuters|yonhap|afp|epa|getty)"
)
_CREDIT_LINE = re.compile(
    rf"(?i)^[(\[]?(?:{_CREDIT_WORDS}\b(?:\s+(?:by|of|from|courtesy\s+of))?\s*[:/=]?\s*[^.!?]{{0,80}}"
    rf"|by\s+courtesy\s+of\b.{{0,80}}|[\w&'’ -]{{1,40}}\s(?:file\s+)?photos?(?:\s+by\b.{{0,60}})?)[)\]]?$"
)
# Wire services and picture agencies whose name alone, or after a slash, is a photo credit.
AGENCIES = (
    "AP", "Associated Press", "Reuters", "REUTERS", "AFP", "Yonhap", "YONHAP", "EPA", "EPA-EFE", "Getty Images", "Getty",
    "Bloomberg", "Xinhua", "Kyodo", "dpa", "ANSA", "EFE", "UPI", "TASS", "Shutterstock", "Newsis", "News1", "Jiji",
    "CBS", "NBC", "ABC", "CNN", "NPR", "PBS", "BBC", "NASA", "Alamy", "WireImage", "FilmMagic", "Invision", "Sipa", "NurPhoto",
)
_AGENCY = "|".join(sorted((re.escape(a) for a in AGENCIES), key=len, reverse=True))
# An organisation's name alone under a picture is its credit, not a subheading: "NOAA", "City of Stillwater",
# "Minnesota Department of Transportation" (a subheading is a phrase: "What happens next", "Background").
_ORG_WORDS = (
    r"(?:City|County|State|Department|Dept\.|Office|Agency|Police|Sheriff['’]s|Sheriff|University|College|Service|Administration|"
    r"Commission|Council|Ministry|Institute|Museum|Foundation|Corporation|Company|Inc\.?|LLC|Ltd\.?|Group|Authority|Bureau|Patrol|"
    r"Library|Archives?|Center|Centre|Hospital|Studios?|Records|Pictures|Entertainment|Images|Photos?|Handout)"
)
_ORG_CREDIT = re.compile(
    rf"[A-Z]{{3,6}}|(?:(?:[A-Z][\w&'’.-]*|of|the|and|for|&)\s+){{0,5}}{_ORG_WORDS}(?:\s+(?:of|for)\s+(?:the\s+)?(?:[A-Z][\w&'’.-]*\s*){{1,3}})?"
)
_ENDS_IN_AGENCY = re.compile(rf"(?:^|\s|/)(?:{_AGENCY})$")  # "Rep. Leigh Finke CBS": a photo credit, no subheading
# A photographer's name, a comma and the outlet, a newsroom's or a picture desk's: "Jane Roe, Example News", "Jane Roe,
# The Planet Photo" (a name and a place, "Jane Roe, Springfield", signs a letter).
# The chain of wire services that carried a story, in brackets after its last sentence: "(PANA/NAN)", "(AFP/APP)". A
# photo's credit names its photographer: "(AP Photo/Jane Roe)", "(Jane Roe/The Planet)".
_WIRE_SIGNOFF = re.compile(r"[.!?][\"”’]?\s+\([A-Z]{2,6}(?:\s?/\s?[A-Z]{2,6})+\)$")
# A wire story's dateline naming its agency in brackets: "Tokyo, Jul 18 (EFE).- ...", "SEOUL (Reuters) - ...", "ST. PAUL,
# Minn. (AP) — ...". The same agency's bare name after the story's last sentence signs it off ("... issues.” EFE").
_WIRE_DATELINE = re.compile(rf"[A-Z][^()]{{0,50}}?\((?P<agency>{_AGENCY})\)\s*\.?\s*(?:--|[—–:-])\s*\S")
_MEDIA_WORDS = r"(?:News|TV|Television|Photos?|Photography|Images|Pictures|Press|Agency|Media)"
_NAME_COMMA_OUTLET = rf"(?:[A-Z][\w'’.-]*\s+){{1,3}}[A-Z][\w'’.-]*,\s+(?:[A-Z][\w&'’.-]*\s+){{0,3}}{_MEDIA_WORDS}"
# A credit that can only be a photo credit: bracketed or with a credit word, "X / AP", "X via Getty Images".
_STRONG_CREDIT = re.compile(
    r"^\((?:[A-Z][\w'’.-]*\s+){0,4}[A-Z][\w'’.-]*\s*/\s*[^()]{1,60}\)(?:\s+@\w{1,30})?$"
    # a photographer's name, a slash and the paper, unbracketed: "Jane Roe/The Daily Planet"
    r"|^(?:[A-Z][\w'’.-]*\s+){1,3}[A-Z][\w'’.-]*\s*/\s*(?:The\s+)?[A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*){0,3}(?:\s+@\w{1,30})?$"
    rf"|\b(?i:{_CREDIT_WORDS})\b|/\s*(?:{_AGENCY})\b|\bvia\s+(?:{_AGENCY})|^\s*(?:{_AGENCY})(?:[-/ ][\w-]+)*\s*$"
    rf"|^{_NAME_COMMA_OUTLET}$"
)
# "Alex Brandon / AP", "Trent Nelson/AP Trent Nelson/AP", "RealPeopleGroup via Getty Images".
_NAME_SLASH_AGENCY = re.compile(
    rf"^(?:[A-Z][\w'’.-]*\s+){{0,3}}[A-Z][\w'’.-]*\s*(?:/\s*(?:{_AGENCY})|via\s+(?:{_AGENCY}))(?:\s+(?:[A-Z][\w'’.-]*\s+){{0,3}}[A-Z][\w'’.-]*\s*/\s*(?:{_AGENCY}))?$"
)
# A photo or video player's own text: "Enlarge this image toggle caption X/AP", "00:28 X tries a chip butty – video".
_PLAYER_TEXT = re.compile(
    r"^(?i:enlarge\s+this\s+image|toggle\s+caption)\b|^\d{1,2}:\d{2}\s+.{1,120}\s[–—-]\s+(?i:video)$"
    r"|^(?i:image|photo|picture|slide|video)\s+\d{1,3}\s+of\s+\d{1,3}\b"  # a gallery's counter: "Image 1 of 2 The route ..."
    r"|^\d{1,3}$|^(?i:view|open|see|launch)\s+(?:the\s+)?(?i:gallery|slideshow)\b(?:\W+\d{1,3}\s+(?i:images|photos|pictures))?$"
)
# A video's running time before or after its title: "17:04 Cheap Fast Eats #6", "Florida removes 170 books ... 02:52".
# A clock time is not a running time: "10:30 a.m.", "at 9:15", "2024-10-05 15:02:17".
_DURATION_FIRST = re.compile(r"^\d{1,2}:\d{2}(?::\d{2})?\s+(?![AaPp]\.?[Mm]\b)\S")
# ... unless the time stamps the story's dateline, places and a day: "08:38 | San Francisco (U.S.), Nov. 15."
# (_TIMED_DATELINE, by the dateline's patterns)
_DURATION_LAST = re.compile(r"(?<!\bat)(?<!\bby)(?<!\buntil)(?<!\bfrom)(?<!\bto)(?<!\bbefore)(?<!\bafter)(?<=[^\W\d_])\s\d{1,2}:\d{2}(?::\d{2})?$")
# A paragraph that sends the reader to a link: "If you are interested ..., check out the link below."
_LINK_POINTER = re.compile(
    # "More information about the project you can read here", "Further details: see here"
    r"(?i)^(?:more|further|additional)\s+(?:information|info|details)\b.{0,60}?\b(?:read|find|see|get|click|tap)\s+(?:it\s+|them\s+)?here\W*$"
    r"|\b(?:check\s+out|visit|see|follow|click(?:\s+on)?|tap(?:\s+on)?|read)\s+(?:the|this|these)\s+(?:link|links)\s+(?:below|above)\b"
    r"|\b(?:check\s+out|visit|see|follow|click(?:\s+on)?|tap(?:\s+on)?)\s+the\s+(?:below|above)\s+links?\b"
    r"|^(?:watch|see|read|hear|listen\s+to)\s+(?:the|this|our|his|her|their|its|a)\s+(?:full\s+|entire\s+|complete\s+)?"
    r"(?:clip|video|interview|segment|report|episode|conversation|exchange|moment|post|tweet|footage|speech)\b.{0,60}?\b(?:here|below|above)\W*$"
)
_WEB_ADDRESS = re.compile(  # the line's last word
    r"(?:www\.)?[A-Za-z0-9][\w-]{0,62}(?:\.[\w-]{1,63})*\.(?:com|org|net|edu|gov|io|co\.uk|org\.uk|ca|info|tv)(?:/[^\s()]*)?\.?$"
)
# A list of links under a heading of its own: "Read More:" then "Is X Pregnant?", "Is Y Pregnant?".
# Headings over other stories' teasers, any site's: "Up next", "What to read next", "Don't miss", "Also on <site>",
# "More in <section>", "In case you missed it", "Sponsored content", "Recommended for you", "Top stories".
_TEASER_HEADINGS = (
    r"(?:up|read|watch)\s+next|what\s+to\s+(?:read|watch)\s+next|don['’]t\s+miss(?:\s+(?:this|these|out))?"
    r"|(?:the\s+)?(?:also|elsewhere|more|popular|trending|latest|most\s+read)\s+(?:on|at|in|from)\s+(?:the\s+)?[A-Z0-9][\w'’&.-]*(?:\s+[\w'’&.-]+){0,3}"
    r"|editor(?:['’]s|s['’]?)\s+(?:picks?|recommendations?|choices?|favou?rites)"
    r"|around\s+the\s+(?:web|site|network)|in\s+case\s+you\s+missed\s+it|must[\s-]+reads?|keep\s+reading|explore\s+more"
    r"|more\s+to\s+(?:read|explore|watch)|(?:sponsored|partner|paid|promoted)\s+(?:content|stories|links|posts|headlines)"
    r"|(?:related|recommended|suggested|featured|popular|trending|top|more|other|further|similar|latest)\s+"
    r"(?:stories|articles|news|reads|reading|videos|posts|coverage|content|links|headlines)"
    r"|(?:we\s+think\s+)?you['’]?(?:ll|\s+will|\s+may|\s+might)\s+(?:also\s+)?(?:like|love|enjoy)(?:\s+(?:these|this))?"
    r"|recommended(?:\s+for\s+you)?|(?:most\s+)?popular(?:\s+now)?|top\s+stories|trending(?:\s+now)?"
)
_PROMO_HEADING = re.compile(
    r"(?i)^(?:read\s+more|related(?:\s+(?:stories|articles|news|posts|links|content|coverage|reading))?|also\s+read|read\s+also"
    r"|more\s+(?:stories|news|articles|headlines|coverage|reading)|you\s+(?:may|might)\s+also\s+(?:like|enjoy)|recommended(?:\s+(?:for\s+you|stories|reading))?"
    r"|see\s+also|further\s+reading|trending(?:\s+now)?|most\s+(?:read|popular|viewed)|latest\s+(?:news|stories|headlines)"
    r"|" + _TEASER_HEADINGS + r")\s*:?\s*$"
)
# A book's details box after a review: "Atria. 432 pp. $30", "Knopf, 320 pages, $28.99".
_BOOK_PAGES = re.compile(r"(?i)\b\d{2,4}\s*(?:pp\b\.?|pages\b)")
_PUBLISHER_PAGES = re.compile(r"(?i)^[^.!?,]{1,60}[.,]\s*\d{2,4}\s*(?:pp\b\.?|pages\b)")  # "Atria. 432 pp."
_PUBLISHER_PRICE = re.compile(r"^[A-Z][^.!?]{0,50}[.,]\s*[$£€]\s?\d{1,3}(?:[.,]\d{2})?\.?$")  # "Example Books, $28"
_PRICE = re.compile(r"[$£€]\s?\d{1,3}(?:[.,]\d{2})?\b")
# "Anupam A. Sawant, Sneha Tripathi, Sanjeev Galande, Sudha Rajamani": the authors of a paper, nothing else.
_PERSON = r"(?:[A-Z][\w'’-]+|[A-Z]\.)(?:\s+(?:[A-Z][\w'’-]+|[A-Z]\.|de|van|von|da|di|del|la|le|bin|al)){1,4}[*†‡¹²³⁴⁵⁶⁷⁸⁹\d,]{0,4}"
_AUTHOR_LIST = re.compile(rf"^{_PERSON}(?:\s*(?:,|;|\band\b|&)\s*{_PERSON}){{2,}}\.?$")

_FILE_CAPTION = re.compile(
    r"^(?:FILE|File)\s*(?:PHOTO|PIC|PICTURE|IMAGE)?\s*[:\-–—]\s+\S"  # "FILE PHOTO: X", "FILE PIC: X. /Reuters"
    r"|^(?i:figure|fig\.|table|chart|graph)\s*\d{1,3}[a-z]?\s*[.:|]\s+\S"  # figure legends
    # a gallery's captions, each after its counter: "1 / 18: X celebrates his goal ... 2 / 18: ..."
    r"|^\d{1,3}\s?/\s?\d{1,3}:\s+[A-Z\"“‘']"
    # a caption under its label in capitals: "IMAGE: Blinken greets Wang Yi ..." (a credit's "Photo: X" is a credit line)
    r"|^(?:IMAGE|PHOTO|PICTURE|PIC|GRAPHIC)\s*:\s+[A-Z\"“‘']"
)
# A credit trailing a caption: after the sentence's end, a bracketed credit, a credit word
# ("Photo: dpa", "Courtesy of ..."), "<Paper> photo by <name>", or a short capitalised name run
# with no punctuation of its own ("... Monday. Yonhap", "AFP via Getty Images").
# Words and separators share no character, so a failing match cannot backtrack exponentially.
_CAPITALISED_WORD = r"[A-Z][\w&'’]*(?:-[\w&'’]+)*"
_CAPITALISED_RUN = rf"{_CAPITALISED_WORD}(?:(?:\s+|\s*/\s*)(?:{_CAPITALISED_WORD}|of|the|and|for|via|by)){{0,4}}"
_TRAILING_CREDIT = re.compile(
    r"(?:(?<=[.!?])|(?<=[.!?][\"”’)\]]))(?P<credit>\s+(?:[—–]\s*)?(?:"  # (maybe after a dash: "... — Courtesy: X")
    rf"\((?i:{_CREDIT_WORDS}|(?:photo\s+)?by\b)[^()]{{0,100}}\)"
    rf"|\[(?i:{_CREDIT_WORDS}|(?:photo\s+)?by\b)[^\[\]]{{0,100}}\]"
    rf"|\((?:[A-Z][\w'’.-]*\s+){{0,4}}[A-Z][\w'’.-]*\s*/\s*[^()]{{1,60}}\)"
    rf"|(?i:{_CREDIT_WORDS})(?:\s+(?i:by|of|from|courtesy\s+of))?\s*[:/]?\s*[^.!?()]{{0,80}}"
    r"|(?i:credits?|photo(?:graph)?s?|image|source)\s*:\s*[^!?()]{1,100}"  # "Credit: NASA/GSFC/Univ. of Arizona"
    rf"|{_CAPITALISED_RUN}\s+(?i:file\s+)?(?i:photos?)(?:\s+(?i:by)\s+[^.!?()]{{1,60}})?"
    rf"|{_NAME_COMMA_OUTLET}"  # "... crime. Jane Roe, Example News"
    rf"|{_CAPITALISED_RUN}"
    r")(?:\s+@\w{1,30})?)\s*$"  # the photographer's handle after the credit: "(Jane Roe/The Planet) @janeroe"
)
# A credit glued to the end of a caption with no full stop before it ("... Tage Studios Courtesy of X",
# "... in the state. Bill Pugliano via Getty Images" is caught above): "Courtesy of", "via Getty Images".
_GLUED_CREDIT = re.compile(
    rf"\s(?:(?:[A-Z][\w'’.-]*\s+){{0,3}}[A-Z][\w'’.-]*\s*/\s*)?(?:(?i:courtesy\s+of)\s+[^.!?()\[\]]{{1,80}}|(?:[A-Z][\w'’.-]*\s+){{0,3}}[A-Z][\w'’.-]*\s+via\s+(?:{_AGENCY})(?:\s+\w+)?|(?i:image\s+credit)\s*:[^.!?]{{1,80}}|\|\s+[^|]{{1,80}}(?:/\s*|via\s+)(?:{_AGENCY})(?:\s+\w+)?"
    rf"|[—–]\s+(?:{_AGENCY})"  # "Diagram of the capsule — NASA"
    # a capitalised "Credit:" after the caption's last word, no full stop between: "Jeremy Hunt with US Secretary of
    # State Mike Pompeo Credit: Cliff Owen/AP" (ITV's form)
    r"|(?<=[\w,)’”]\s)Credit:\s*[A-Z][^.!?:]{1,60}"
    # a © credit after the caption's last word: "... in Tornio, Finland © PHOTO JANE ROE / AFP" (a copyright notice
    # opens its line with the sign or a year: "© 2024 Example News")
    r"|(?<=[\w.,)]\s)©\s*(?:(?:PHOTO|Photo|IMAGE|Image)\s*:?\s+)?[A-Z][^.!?©]{1,80}"
    # a Spanish, Portuguese, Italian or French agency's credit after a comma: "Jane Roe y John Doe, AGENCIA NA"
    r"|(?<=,\s)(?:AGENCIA|Agencia|AGÊNCIA|Agência|AGENZIA|Agenzia|AGENCE|Agence)\s+[A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*){0,2}"
    # the agency, a slash and its photographer, ending the line: "Russia's Foreign Minister Sergei Lavrov TASS/Anton
    # Novoderezhkin"
    rf"|(?:{_AGENCY})\s*/\s*(?:[A-Z][\w'’.-]*\s+){{0,2}}[A-Z][\w'’.-]*"
    # a bracketed, labelled credit after the caption's last word: "... at the talks in Panmunjon (Photo: Yonhap news)"
    r"|\((?i:photo(?:graph)?s?|image|picture|pic|credit)\s*(?::|\||by\b)[^()]{1,80}\)"  # "(Photo | AP)" too
    # after a dash, a labelled credit: "... Sergey Lavrov, Chancellor of Russia – Photo: Reproduction"
    r"|[–—]\s+(?i:photo(?:graph)?s?|image|picture|credits?|courtesy)\s*:\s*[^.!?()]{1,80}"
    # the agency's photo, bracketed: "... in Cairo (Petra photo)"
    r"|\((?:[A-Z][\w&'’.-]*\s+){1,3}(?i:photo|photograph|file\s+photo)\)"
    # or no more than that it is a photo: "U.S. Deputy Secretary of State Thomas Shannon (file photo)"
    r"|(?<=\w\s)\((?i:file\s+)?(?i:photo|photograph|picture|pic|image)\)"
    # after the caption's last sentence, a dash and the word "Photo", its source or the photographer maybe cut off:
    # "... at their meeting in Beijing on Wednesday. — Photo" (Viet Nam News: "— VNA/VNS Photo")
    r"|(?<=[.!?]\s)[–—]\s*(?:[A-Z][\w'’.-]*(?:/[A-Z][\w'’.-]*)*\s+)?(?i:photo(?:graph)?s?)\b[^.!?()]{0,60}"
    # "... across the diversion channel David Samson / The Forum": a photographer and a paper after a caption's last
    # word (lower case: "Songs: Hey Jude / Let It Be" is a list, not a caption)
    rf"|(?<=[a-z]\s)(?:[A-Z][\w'’.-]*\s+){{1,3}}[A-Z][\w'’.-]*\s+/\s+(?:The\s+[A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*){{0,2}}|(?:{_AGENCY}))"
    rf"|\|\s+(?:[A-Z][\w'’.-]*\s+){{0,4}}[A-Z][\w'’.-]*\s*/\s*[A-Z][\w&'’.-]*(?:[\s/]+[A-Z][\w&'’.-]*){{0,4}})$"
)


# A credit in capitals after a dash, ending a caption of a few words: "The President of Peru, Pedro Castillo, on his
# arrival in Chile – PRESIDENCIA DE PERÚ" (two capitalised words at least: "– LIVE", "– VIDEO" are a headline's tags).
_CAPS = "A-ZÀ-ÖØ-Þ"
_CAPITALS_CREDIT = re.compile(rf"(?<=[a-zà-ÿ])\s+[–—]\s+[{_CAPS}]{{3,}}(?:\s+[{_CAPS}]{{2,}}){{1,4}}$")


def _may_glue_credit(plain: str, low: str) -> bool:
    """Whether `_GLUED_CREDIT` can match: each of its forms holds one of these (a C-level test before the pattern,
    which is tried at every position of the line)."""
    return "courtesy" in low or "credit" in low or "(photo" in low or "(image" in low or "(pic" in low or "photo)" in low \
        or any(map(plain.__contains__, _GLUED_KEYS))


_GLUED_KEYS = ("via", "|", "/", "©", "—", "–", "AGENC", "Agenc", "AGÊNC", "Agênc", "AGENZ", "Agenz")
# A photo credit glued before the next paragraph: "PixelsEffect via Getty Images Diabetics may need ...".
_LEADING_CREDIT = re.compile(rf"[\w'’.-]+(?:\s+[A-Z][\w'’.-]*){{0,3}}\s+via\s+(?:{_AGENCY})\s+(?=[A-Z“\"‘'])")
# A transcript's stage direction: "(SOUNDBITE OF ARCHIVED RECORDING)", "(LAUGHTER)" is one word, and rare.
_STAGE_DIRECTION = re.compile(r"\((?:[A-Z][A-Z'’.,-]*\s+){1,8}[A-Z][A-Z'’.,-]*\)")
# A figure's legend: panels "(A)" and "(B)" described with a plot's vocabulary.
_PANELS = re.compile(r"\((?:A|a)\).{1,300}\((?:B|b)\)")
_PLOT_WORDS = re.compile(r"(?i)\b(?:confidence\s+intervals?|shaded|error\s+bars?|dashed\s+lines?|curves?|plotted|axis|panels?)\b")
# A story's dateline: a place in capitals, maybe a state or country and an agency, then a dash
# ("HARRISBURG, Pennsylvania -- ...", "SEOUL (Reuters) - ...", "ST. PAUL, Minn. (AP) — ...").
_DATELINE_OPENING = re.compile(r"[A-Z][A-Z.'’ -]{2,30}(?:,\s+[A-Z][\w.'’ ]{1,25})?\s*(?:\([\w .&/-]{1,30}\)\s*)?(?:--|[—–-])\s+\S")
# A caption that says what the picture is: "In this photo taken Monday, ...", "In this screen grab from video provided by X, ...".
_PICTURE_OPENING = re.compile(
    r"In\s+this\s+(?:(?:file|undated|handout|aerial|archive|archival|courtroom|\d{4})\s+)*"
    r"(?:photo(?:graph)?|image|picture|screen\s?grab|screenshot|still(?:\s+image)?|frame\s+grab|video\s+(?:image|still|grab))"
    r"(?![\w-])[^.!?]{0,120},\s"
)
# A picture's source in brackets after the caption's last sentence: "... by Hokusai, 1831. (Metropolitan Museum of Art)".
# A transcript's bracketed cues ("(Laughter)", "(Applause)") are no sources.
_BRACKETED_SOURCE = re.compile(
    r"[.!?][\"”’]?\s+\((?!(?i:laughter|applause|cheers|cheering|booing|inaudible|crosstalk|music|silence|pause|sic|sighs|"
    r"end|continued|cont|video|audio|translated|translation|updated|corrected|ph)\))"
    r"[A-Z][\w&'’-]*(?:\.[A-Z][\w&'’-]*)*(?:(?:\s+|\s*/\s*)(?:[A-Z][\w&'’-]*(?:\.[A-Z][\w&'’-]*)*|of|the|and|for|&)){0,5}\)$"
)
# A picture's present tense: a caption says what its people do in the picture in the present ("UCLA guard Jane Roe walks
# off the court as ... on Thursday night"), a story tells a dated event in the past ("Roe walked off the court on
# Thursday"). The subject is a name of two to four words, maybe after a title ("California Gov.", "UCLA guard"); the verb is one of what people
# do in news pictures (not "makes", "plays", "takes", "heads": a story's schedule, "X plays Y on Saturday"); the time is
# a day, a date, "during" or a game's period. No BBC line, seed line or labelled body line has this form.
_PICTURE_VERB = (
    r"(?:walks|celebrates|reacts|poses|speaks|looks|shoots|passes|stands|sits|greets|arrives|gestures|smiles|listens|"
    r"watches|dunks|hugs|kneels|attends|performs|addresses|dribbles|jumps|throws|kicks|pitches|swings|catches|skates|"
    r"embraces|wipes|prays|rides|carries|pauses)"
)
_PICTURE_TENSE = re.compile(
    rf"(?!(?:The|A|An|This|That|These|Those|His|Her|Its|Their|Our|My)\s)(?:[A-Z][\w.'’-]*\s+){{0,3}}(?:[a-z]+\s+)?"
    rf"(?:[A-Z][\w.'’-]*,?\s+){{2,4}}{_PICTURE_VERB}\b[^.!?]{{0,250}}"
    r"\b(?:on\s+(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|[A-Z][a-z]{2,8}\.?\s+\d{1,2}\b)|during\b|in\s+the\s+(?:first|second|third|fourth)\s+(?:half|quarter|period|inning)\b)"
)
# The wires' caption style dates the picture with its weekday: "... in Moscow, Russia, Saturday, March 25, 2023." A story
# says "on Saturday" or "on March 25"; the weekday and the full date together are the caption's. On the scraped pages
# 42 lines have it, all captions (15 of them labelled, in five label sets, from several sites); BBC and the seeds: none.
_PICTURE_DATE = re.compile(
    r"(?:,|\bon)\s(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s(?:Jan|Feb|March|April|May|June|July|Aug|Sept|Oct|Nov|Dec)"
    r"[a-z]*\.?\s\d{1,2},\s\d{4}\b"
)
_DAY_AND_YEAR = re.compile(r"\d,\s\d{4}\b")  # its end, found fast (a digit is rarer than the commas and "on"s it starts at)
# A caption dated without its weekday, people doing in the present what the picture shows, the date closing the line:
# "Foreign Ministers Jane Roe of X and John Doe of Y meet in Washington, November 7, 2022." (maybe after the place in
# capitals: "U.S. -- "). A story tells the meeting in the past, or dates it with "on": "... met in Washington on
# November 7, 2022."; the present with a date closing the line is the picture's. The verbs are `_PICTURE_VERB`'s, in
# either number, and "meet(s)", "shake(s) hands" (what a diplomatic picture shows).
_PICTURE_VERB_EITHER = (
    r"(?:walks?|celebrates?|reacts?|poses?|speaks?|looks?|stands?|sits?|greets?|arrives?|gestures?|smiles?|listens?|"
    r"watches|watch|hugs?|kneels?|attends?|performs?|addresses|address|embraces?|prays?|meets?|shakes?\s+hands)"
)
_DATED_PICTURE = re.compile(
    r"(?:[A-Z][A-Z.'’ -]{1,30}\s--\s+)?"  # the place in capitals, the wires' way: "U.S. -- "
    r"(?:[A-Z][\w.'’-]*,?\s+(?:(?:of|and|the|de|y|&)\s+)?){1,12}"  # the people and their titles
    rf"{_PICTURE_VERB_EITHER}\s[^!?“”\"]{{0,200}},\s"
    r"(?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s\d{1,2},\s\d{4}"
    r"|\d{1,2}\s(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s\d{4})\.$"
)
# Where someone stands in a picture: "Jane Roe, left, and John Doe", "(center)", ", second from right,".
_PICTURE_POSITION = re.compile(
    r"(?:,\s+|\()(?:(?:second|third|far|top|bottom|front|back)\s+)?(?:from\s+)?(?:left|right|center|centre)(?:\s+to\s+right)?(?:,|\))"
)
# Where a person stands in the picture, bracketed the wires' short way: "X (R) arrives for a news conference", "X (L) and
# Y (R) shake hands", or naming the picture: "X (right photo, center) and Y (left photo)". A letter alone in brackets is
# also a US politician's party ("Sen. Jane Roe (R) said"): it marks a picture only before a picture's verb, or as a left
# and a right on one line.
_LETTER_POSITION = re.compile(rf"\((?:2nd\s+|3rd\s+)?(?P<side>[LRC])\)\s+(?P<verb>{_PICTURE_VERB}\b)?")
_PHOTO_POSITION = re.compile(r"\((?:(?:far\s+)?(?:left|right|top|bottom|centre|center|middle)\s+(?:photo|picture|image|pic))\b[^()]{0,20}\)")


def _bracketed_position(plain: str) -> bool:
    """The wires' bracketed place in the picture: a caption (see `_LETTER_POSITION`)."""
    if ("photo" in plain or "pic" in plain or "image" in plain) and _PHOTO_POSITION.search(plain):
        return True
    sides: set[str] = set()
    for m in _LETTER_POSITION.finditer(plain):
        if m.group("verb"):
            return True
        sides.add(m.group("side"))
    return {"L", "R"} <= sides


# `_PICTURE_POSITION` needs one of these (its word, then a comma or a bracket).
_POSITION_KEYS = tuple(w + c for w in ("left", "right", "center", "centre") for c in ",)")
_QUOTES = re.compile("[\"“”]")
# Speech, not a caption: a caption describes a picture in the third person.
_FIRST_PERSON = re.compile(r"(?:^|[\s“\"‘(])(?:I|I['’]m|I['’]ve|we|We|we['’]re|We['’]re|my|My|our|Our|me|us)(?=[\s,.;:!?'’”])")
_CLOSERS = "\"'”’»)]"
_TERMINALS = ".!?\u2026"


# -- the whole-line rules --------------------------------------------------------------------
def _no_words(line: Line, p: FurnitureParams) -> bool:
    return not _WORDY.search(line.text)


def _only_markup(line: Line, p: FurnitureParams) -> bool:
    return line.has_tag and not _WORDY.search(line.plain)


def _repeated(line: Line, p: FurnitureParams) -> bool:
    # A transcript's stage direction marks each new part of it, however often it recurs: "(SOUNDBITE OF MUSIC)".
    return line.repeated and not (line.plain[:1] == "(" and _STAGE_DIRECTION.fullmatch(line.plain))


def _boilerplate(line: Line, p: FurnitureParams) -> bool:
    # A few words with no sentence end ("Background", "Results", "SCOTT DETROW, HOST:") are the site's usual
    # subheadings or transcript labels, not its prompts: the short-line rules decide (a subheading stays body).
    return line.boilerplate and (line.ends or line.words > p.short_max_words)


def _headline_repeat(line: Line, p: FurnitureParams) -> bool:
    """The headline, then a line already printed (or nothing that is new). A separator may join them: a lead image's
    alt text is often "<headline> | <headline>"."""
    return line.title_len > 0 and line_key(line.plain[line.title_len:].lstrip(" |:-–—·•")) in line.earlier


def _footer(line: Line, p: FurnitureParams) -> bool:
    if _FOOTER.match(line.text):
        return True
    if len(line.plain) > p.rule_max_chars:
        return False
    if any(map(line.text.__contains__, _FOOTER_KEYS)) and _FOOTER_ANYWHERE.search(line.text):
        return True
    if line.words > p.nav_max_words:
        return False
    if line.plain[-2:] == " |" and not line.is_title:
        return True  # one link of a row, its separator after it: "Special Report: Hu Attends SCO, BRIC Meetings |"
    if ":" in line.plain and _PROMO.match(line.plain):
        return False  # "Related: <a headline>" is a link to one story (promo_link), which may sit inside the story
    return _NAV.match(line.text) is not None


# Every form of _CTA_FORMS holds one of these: a C-level `in` test skips the forms
# on the ordinary sentence (ingest speed matters: most lines are story paragraphs).
_CTA_KEYS = (
    "listen", "comment", "gift", "subscri", "sign up", "register", "newsletter", "inbox", "notification", "download",
    "are you on", "follow", "find", "join", "like", "watch", "share", "let us know", "click", "tap here", "hear from",
    "hesitate", "send", "email", "e-mail", "support", "dollar value", "donat", "gift", "become a", "stream", "get the",
    "first to know", "not now", "turn on", "allow", "no thanks", "continue reading", "play video", "affiliate",
    "commission", "transcript", "accuracy", "you can", "view this post", "see more", "consider", "let me know",
    "petition", "thank", "confirmation e", "confirmation link", "confirmation message", "to receive", "by submitting",
    "by signing", "by subscribing", "by clicking", "by registering", "by entering",
)
# An advert sending the reader to a site: "Visit ExampleLine now to get rankings for every position." Its own pattern,
# tried only on lines with "visit": each alternative added to _CALL_TO_ACTION costs every line it scans.
_VISIT_NOW = re.compile(r"\b(?i:visit)\s+(?:[A-Z][\w.&'’-]*\s+){1,3}(?:now|today)\s+to\s+(?:get|see|find|read|download|sign|claim|unlock)\b")
_AFFILIATE = re.compile(r"\baffiliate\s+(?:links?|commissions?|partnerships?|advertising|programs?|marketing)\b|\bassociates\s+program\b")
_SOCIAL_OPENINGS = ("follow ", "find ", "join ", "like ")
_SOCIAL_PROMPT = re.compile(
    r"(?i)(?:follow|find|join|like)\s.{0,60}?\bon\s+(?:social\s+media|twitter|facebook|instagram|tiktok|youtube|telegram|linkedin)\b"
)
_CONTRIBUTOR_KEYS = ("contribut", "reporting by", "edited by", "compiled by", "produced by", "inputs from", "input from")


def _call_to_action(line: Line, p: FurnitureParams) -> bool:
    if ("affiliate" in line.low or "associates" in line.low) and line.words <= p.editor_note_max_words and _AFFILIATE.search(line.low):
        return True  # affiliate disclosures run long
    if line.words > p.cta_max_words:
        # A prompt to follow the site on social media opens the line: a banner, whatever sentence the page glued to it
        # ("Follow X on Twitter (opens in new tab), Facebook (opens in new tab) ... Meanwhile, Y can help you watch ...").
        return line.words <= p.editor_note_max_words and line.low.startswith(_SOCIAL_OPENINGS) \
            and _SOCIAL_PROMPT.match(line.plain) is not None
    if "visit" in line.low and (" now to " in line.low or " today to " in line.low) and _VISIT_NOW.search(line.plain):
        return True
    return any(map(line.low.__contains__, _CTA_KEYS)) and call_to_action_form(line.plain, line.low)


# A page widget's own words: a feedback form ("Was this article helpful?", "Send us feedback"), a button that acts on the
# page ("Email this", "Print this page", "Copy link", the button's own label "Share Button"), a comment box ("Join the conversation", "Comments are closed",
# "Log in to comment", "12 comments"), a tip or correction form ("Have a news tip?", "Report a typo"). Forms of the
# page talking about itself as a page, not any site's words: each with the words of which the line must hold one.
_WIDGET_FORMS: tuple[tuple[tuple[str, ...], str], ...] = (
    # a comment form's captcha and a blog's like button: "The reCAPTCHA verification period has expired. Please reload
    # the page.", "Like this: Like Loading..."
    (("recaptcha", "captcha"), r"\b(?:re)?captcha\b.{0,40}\b(?:verification|expired|reload|required|failed|invalid)\b"
                               r"|^\W*(?:please\s+)?(?:complete|verify|solve|enter)\s+(?:the\s+)?(?:re)?captcha\b"),
    (("like this",), r"^\W*like\s+this\s*:?\s*(?:like\s*)?(?:loading\W*)?$"),
    (("helpful", "useful", "informative"),
     r"^\W*(?:was|is|did\s+you\s+find|do\s+you\s+find|how\s+(?:helpful|useful)\s+(?:was|is))\s+this\s+(?:article|story|page|post|"
     r"information|content|answer|guide|report)\b"),
    (("feedback",), r"\b(?:send|give|leave|share|submit|provide|email|e-mail)\s+(?:us\s+)?(?:your\s+|some\s+)?feedback\b"
                    r"|^\W*(?:feedback|thanks?\s+(?:you\s+)?for\s+your\s+feedback)\W*$|\bwe\s+(?:value|welcome|appreciate)\s+your\s+feedback\b"),
    (("email", "e-mail", "print", "copy", "save", "bookmark", "share", "link"),
     r"^\W*(?:email|e-mail|print|copy|save|bookmark|share|send)\s+(?:this|the)?\s*(?:article|story|page|link|post|url)?(?:\s*(?:buttons?|icons?))?\W*$"
     # a print button's alt text and label: "print-only banner", "Printer-friendly version", "Print version"
     r"|^\W*print(?:er)?(?:[-\s]+(?:only|friendly))?\s+(?:banner|version|page|format|view|edition|header|logo)\W*$"
     r"|^\W*(?:copy\s+)?link\s+copied\W*$|^\W*copy\s+(?:the\s+)?(?:link|url)\b"),
    (("conversation", "discussion", "debate"), r"^\W*(?:join|start|continue|enter)\s+the\s+(?:conversation|discussion|debate)\b"),
    (("comment",),
     r"\bcomments?\s+(?:are|is|have\s+been|has\s+been)\s+(?:now\s+)?(?:closed|disabled|turned\s+off|moderated)\b"
     r"|\b(?:sign|log)\s+(?:in|up)\s+to\s+(?:comment|reply|join\s+the|leave\s+a)\b|^\W*\d{1,5}\s+comments?\W*$"
     r"|^\W*(?:view|show|hide|read|see|load|open)(?:\s*/\s*(?:post|add|leave|write))?\s+(?:all\s+|more\s+)?(?:\d{1,5}\s+)?comments?\W*$"
     r"|\bwhat\s+do\s+you\s+think\b.{0,60}\bcomments?\b|\b(?:leave|post|add)\s+(?:a|your)\s+comment\b"
     # the comment box's button and its loading message: "COMMENT BELOW", "Please wait while we load the latest comments..."
     r"|^\W*comment\s+below\W*$|^\W*(?:please\s+wait|loading)\b.{0,40}\bcomments\b"),
    (("replying",), r"^\W*you\s+are\s+replying\s+to\b"),
    # the site's own channel on a messenger or a news app: "Follow our WhatsApp channel for the latest news", "Join our
    # Telegram channel", "Subscribe to our YouTube channel", "For the latest headlines, follow our Google News channel"
    (("channel",), r"^\W*(?:for\s+(?:the\s+)?latest\s+(?:news|headlines|updates)\s*,\s*)?"
                   r"(?:follow|join|subscribe\s+to|click\s+here\s+to\s+(?:follow|join))\s+(?:us\s+on\s+)?(?:our\s+|the\s+)?"
                   r"(?:official\s+)?(?:whatsapp|telegram|youtube|signal|viber|google\s+news)\s+(?:channel|group|community)\b"),
    # a comment box's prompt, in English and in Spanish: "Be the first to comment", "Deja tu comentario",
    # "0 comentarios", "Comentarios (0)"
    (("first to",), r"^\W*be\s+the\s+first\s+to\s+(?:comment|reply|respond|review)\b"),
    (("comentario",), r"^\W*(?:deja|escribe|añade|agrega|publica)\s+(?:tu|un|su)\s+comentario\W*$|^\W*\d{1,5}\s+comentarios?\W*$"
                      r"|^\W*comentarios?\s*\(\d{1,5}\)\W*$"),
    # the heading of a page's skip links, for screen readers: "Accessibility links", "Accessibility menu"
    (("accessibility",), r"^\W*accessibility\s+(?:links|menu|options|tools|settings|help)\W*$"),
    # a picture with nothing to say: "No caption", "No caption available"
    (("caption",), r"^\W*no\s+caption(?:\s+(?:available|provided))?\W*$"),
    (("tip",), r"^\W*(?:have|got|do\s+you\s+have)\s+a\s+(?:news\s+|story\s+)?tip\b|\bsend\s+us\s+(?:a|your)\s+(?:news\s+)?tips?\b"),
    (("error", "typo", "mistake", "correction", "inaccura"),
     r"\b(?:report|submit|suggest|flag)\s+(?:an?\s+)?(?:error|typo|mistake|correction|inaccuracy)\b"
     r"|^\W*(?:spotted|see|notice|found|did\s+you\s+spot)\s+(?:an?\s+)?(?:error|typo|mistake|inaccuracy)\b"),
    (("rate", "rating"), r"^\W*(?:rate|rating)\s*(?:this|the)\s+(?:article|story|page|post|recipe)\b"),
    (("improve",), r"\bhelp\s+us\s+improve\b"),
    # the page's layout and player talking: "Story continues below advertisement", "Skip Advertisement", "Continue
    # reading the main story", "Listen to this article", "Your browser does not support the video tag"
    (("continues", "advertisement", "skip", "scroll"),
     r"\b(?:story|article|text|content)\s+continues\s+(?:below|after)\b|^\W*skip\s+(?:advertisement|ad|ads)\b"
     r"|\bscroll\s+(?:down\s+)?to\s+(?:continue|read|keep\s+reading)\b|^\W*advertisement\s*[-:–—]?\s*(?:scroll|continue|story)\b"),
    (("continue",), r"^\W*continue\s+reading\s+(?:the\s+)?(?:main\s+|full\s+)?(?:story|article)\W*$"),
    (("listen",), r"^\W*listen\s+to\s+(?:this\s+|the\s+)?(?:article|story|podcast\s+episode)\b"),
    (("browser", "javascript", "unavailable", "available"),
     r"\byour\s+browser\s+(?:does\s+not|doesn['’]t)\s+support\b|\b(?:please\s+)?enable\s+javascript\b"
     r"|\bthis\s+(?:feature|content|video|embed|player)\s+is\s+(?:currently\s+)?(?:unavailable|not\s+available)\b"),
    (("reuse", "reprint", "permission"), r"^\W*(?:reuse\s+this\s+content|reprints?(?:\s+(?:&|and)\s+permissions)?|request\s+reprint\s+permissions?)\W*$"),
    # a login box: "Forgot your username and password?", "Don't have an account?", "Already a member?", "Remember me"
    (("forgot", "lost your", "lost pass", "lost user", "lost login", "lost e"), r"^\W*(?:forgot|forgotten|lost)\s+(?:your\s+)?(?:username|user\s+name|password|login|e-?mail\s+address)\b"),
    (("account",), r"^\W*(?:(?:don['’]t|do\s+not)\s+(?:yet\s+)?have\s+an?\s+(?:\w+\s+)?account|already\s+have\s+an?\s+(?:\w+\s+)?account|create\s+an?\s+(?:free\s+)?account)\b"),
    (("already a member", "already a subscriber", "already an", "not a member", "not a subscriber", "not an", "remember me", "keep me"),
     r"^\W*(?:already\s+an?\s+(?:member|subscriber)|not\s+an?\s+(?:member|subscriber)(?:\s+yet)?|remember\s+me|keep\s+me\s+(?:signed|logged)\s+in)\W*$"),
    # a weather or local-news box: "Set Your Location (Enter City and State or Zip Code)", "Your weather is set to ."
    (("set your", "change your", "enter your", "update your", "choose your", "weather is", "location is", "change the location"),
     r"^\W*(?:set|change|enter|update|choose)\s+your\s+(?:location|city|zip(?:\s+code)?|postcode|weather)\b"
     r"|\byour\s+(?:weather|location)\s+is\s+(?:set|now\s+set)\s+to\b|\byou\s+can\s+change\s+(?:the|your)\s+location\b"),
    # the widget's maker or sponsor alone: "Powered by Livefyre", "Presented by", "Sponsored by Acme"
    (("powered by", "presented by", "sponsored by", "brought to you"),
     r"^\W*(?:powered|presented|sponsored|brought\s+to\s+you)\s+by(?:\s+[A-Z][\w&'’.-]*){0,3}\W*$"),
    (("last visit",), r"\bsince\s+your\s+last\s+visit\b"),
    (("sign in", "sign on", "sign out", "log in", "log on", "log out"),
     r"^\W*(?:sign|log)\s+(?:in|on|out)(?:\s+(?:with|using|via)\s+[\w+]+)?(?:\s+(?:or|\|)\s+(?:register|sign\s+up|create\s+an\s+account))?\W*$"),
    (("email", "e-mail"), r"^\W*(?:enter|type)\s+(?:your\s+)?e-?mail(?:\s+address)?\b"),
    # a cookie banner: "We use cookies to improve your experience.", "By continuing to use this site you agree to our use
    # of cookies", "Accept all cookies"
    (("cookie",),
     r"^\W*(?:we|this\s+(?:site|website)|our\s+(?:site|website))\s+uses?\s+cookies\b"
     r"|^\W*by\s+(?:continuing\s+to\s+(?:use|browse)|using)\s+(?:this|our)\s+(?:site|website)\b.{0,80}\bcookies\b"
     r"|^\W*(?:accept|allow|reject|decline|manage)\s+(?:all\s+)?cookies\W*$|^\W*cookie\s+(?:policy|settings|preferences)\W*$"),
    # a comment thread's and a picture's buttons: "Comments (12)", "Report abuse", "Click to enlarge", "Like this:"
    (("comment", "report abuse", "report this"), r"^\W*comments?\s*\(\d{1,5}\)\W*$|^\W*report\s+(?:abuse|this\s+comment)\W*$"),
    (("click to", "tap to", "click here to", "tap here to"), r"^\W*(?:click|tap)\s+(?:here\s+)?to\s+(?:enlarge|expand|zoom|view\s+(?:larger|full\s+size))\b"),
    (("like this", "loading"), r"^\W*like\s+this\s*:?\W*$|^\W*(?:like\s+)?loading\s*(?:\.{1,3}|…)?\W*$"),
    # a breadcrumb's label: "You are here: Home > World > Asia"
    (("you are here",), r"^\W*you\s+are\s+here\s*:"),
    # a text-size button: "Adjust font size:", "Text size A A A", "Font size A+ A-"
    (("font size", "text size"),
     r"^\W*(?:(?:adjust|change|increase|decrease|resize)\s+)?(?:the\s+)?(?:font|text)\s+size(?:\s*:)?(?:\s*[-+]?a[-+]?){0,4}\W*$"),
    # the same buttons by name, two or more, maybe glued: "+ larger fontnormal font- Smaller font"
    (("larger font", "smaller font", "bigger font", "larger text", "smaller text", "bigger text"),
     r"^(?:\W*(?:larger|bigger|normal|smaller|default|reset)\s*(?:font|text)(?:\s*size)?){2,}\W*$"),
    # a comment form's spam notice: "This site uses Akismet to reduce spam. Learn how your comment data is processed."
    (("spam", "comment data"),
     r"^\W*this\s+(?:site|website|blog)\s+uses\s+[\w-]+\s+to\s+reduce\s+spam\b|\blearn\s+how\s+your\s+comment\s+data\s+is\s+processed\b"),
    # a blog's comment form (WordPress and its look-alikes): "Fill in your details below or click an icon to log in:",
    # "You are commenting using your Twitter account. Log Out / Change )", and its account icons' names alone:
    # "WordPress.com Logo", "Twitter picture", "Google photo"
    (("fill in your details",), r"^\W*fill\s+in\s+your\s+details\s+below(?:\s+or\s+click\s+an\s+icon\s+to\s+log\s+in)?\W*$"),
    (("commenting using",), r"^\W*you\s+are\s+commenting\s+using\s+your\s+[\w.]+\s+account\b"),
    (("logo", "picture", "photo", "icon", "avatar"),
     r"^\W*(?:wordpress(?:\.com)?|twitter|facebook|google|gravatar|x)\s+(?:logo|picture|photo|icon|avatar)\W*$"),
    # a blog's comment count over its comment box, naming the post: "0 Response to "<the headline>"", "5 thoughts on
    # “<the headline>”", "2 comments on "<the headline>""
    (("response", "comment", "thought", "repl", "reaction"),
     r"^\W*(?:\d{1,5}|no|one)\s+(?:responses?|comments?|thoughts?|replies|reply|reactions?)\s+(?:to|on|for)\s+[“\"«‘'].{1,300}[”\"»’']\W*$"
     # (the closing quote cut off with the headline's end, as a saved page may: 'One thought on “<headline>')
     r"|^\W*(?:\d{1,5}|no|one)\s+(?:responses?|comments?|thoughts?|replies|reactions?)\s+(?:to|on)\s+[“\"«‘][^”\"»’]{1,300}$"),
    # a read counter: "This news has been read 190 times in total", "Viewed 1,234 times", "Views: 1234", "2.3k views"
    (("times", "view", "reads", "hits"),
     r"^\W*(?:this\s+(?:news|article|story|post|page|item|entry|report)\s+(?:has\s+been|was)\s+)?(?:read|viewed|seen|visited)\s+"
     r"[\d.,]+\s+times?(?:\s+(?:in\s+total|so\s+far|total|today))?\W*$"
     r"|^\W*(?:views?|reads|hits|page\s*views)\s*:?\s*[\d.,]+[km]?\W*$|^\W*[\d.,]+[km]?\s+(?:views|reads|hits)\W*$"),
    # a skip link in the page's language: "Jump to content", "Click acá para ir directamente al contenido", "Aller au
    # contenu", "Saltar al contenido principal", "Zum Inhalt springen" (English "Skip to content": the navigation rule)
    # (or to the menu or the accessibility menu: "Ir direto para menu de acessibilidade.")
    (("content", "contenido", "contenu", "conteúdo", "conteudo", "contenuto", "inhalt", "menu", "acessib", "accessib"),
     r"^\W*(?:(?:click|clic|clique|haga\s+clic|haz\s+clic|tap)\s+(?:\w+\s+)?(?:to|para|pour|per)\s+)?"
     r"(?:skip|jump|go|ir|saltar|pasar|aller|passer|pular|vai|vá|andare|saltare)\s+(?:\w+\s+){0,3}"
     r"(?:content|contenido|contenu|conteúdo|conteudo|contenuto|menu|men[uú]\s+de\s+acessibilidade|accessibility\s+menu)"
     r"(?:\s+principale?)?\W*$"
     # the skip links' targets left alone on a line: "Menu Content", "Main content Navigation"
     r"|^\W*(?:main\s+)?(?:menu|content|navigation)(?:\s+(?:main\s+)?(?:menu|content|navigation|search))+\W*$"
     r"|^\W*(?:direkt\s+)?zum\s+(?:haupt)?inhalt(?:\s+(?:springen|wechseln|gehen))?\W*$"),
)
_WIDGET_PATTERNS = tuple((keys, re.compile(f"(?i:{form})")) for keys, form in _WIDGET_FORMS)
_WIDGET_KEYS = tuple(sorted({k for keys, _ in _WIDGET_FORMS for k in keys}))


def _widget_text(text: str) -> bool:
    """`text` (a line, or a short piece of one) holds a widget's words: a form whose key words it holds matches it."""
    low = text.lower()
    return any(pattern.search(text) is not None for keys, pattern in _WIDGET_PATTERNS if any(map(low.__contains__, keys)))


def _widget_prompt(line: Line, p: FurnitureParams) -> bool:
    """A feedback, sharing, comment, tip or correction widget's words: "Was this article helpful?", "Email this"."""
    if line.words > p.widget_max_words or line.is_title or not any(map(line.low.__contains__, _WIDGET_KEYS)):
        return False
    return any(pattern.search(line.plain) is not None for keys, pattern in _WIDGET_PATTERNS
               if any(map(line.low.__contains__, keys)))


# A link to the previous or next post: "Previous Post <headline>", "Next article: <headline>", "← <headline>",
# "<headline> →" (a blog's pager; the arrows are its buttons).
_PAGER_PREFIX = "[\"“«‹<\\[(]{0,2}"  # what may open a pager's link: a quote, a bracket, an arrow of its own
_POST_LINK = re.compile(
    rf"^{_PAGER_PREFIX}(?i:previous|prev|next|older|newer)\s+(?i:posts?|articles?|story|stories|entry|entries)\b(?:\s*[:»›>-])?(?:\s+\S.*)?$"
    r"|^←\s*\S.*|.*\S\s*→$"
)
_POST_LINK_STARTS = frozenset("←PpNnOo\"“«‹<[(")


def _post_link(line: Line, p: FurnitureParams) -> bool:
    """A pager's link to the previous or next post, maybe with its headline: "Previous Post <headline> Next Post <headline>"."""
    if line.words > p.post_link_max_words or line.is_title or line.plain.endswith("."):
        return False
    if line.plain[0] not in _POST_LINK_STARTS and not line.plain.endswith("→"):
        return False
    return _POST_LINK.match(line.plain) is not None


# A breadcrumb from the site's home: "Home > News & Policies > February 2006", "Home » <headline>", "HOME / World".
_HOME_TRAIL = re.compile(r"(?:Home|HOME)\s*[>»›/|]\s*\S")


def _menu(line: Line, p: FurnitureParams) -> bool:
    if line.ends or len(line.plain) > p.rule_max_chars:
        return False
    if line.plain[:4] in ("Home", "HOME") and _HOME_TRAIL.match(line.plain):
        return True
    if "|" not in line.plain and "•" not in line.plain and "·" not in line.plain and " // " not in line.plain:
        return False
    items = [i for i in _MENU_SEPARATORS.split(line.plain) if i.strip()]
    if len(items) < p.menu_min_items:
        return False
    # The first item may carry a label ("Follow KGW on social media: Facebook | Twitter | ...").
    return all(len(i.split()) <= p.menu_item_max_words for i in items[1:])


# An embedded post's signature: "— Jane Roe (@janeroe) March 24, 2023": the post is quoted in the story.
_EMBEDDED_POST = re.compile(rf"[—–-]\s*[^()]{{1,60}}\(@\w{{1,30}}\)\s*(?:{_MONTHS})\s+\d{{1,2}},\s+\d{{4}}$")


def _promo_link(line: Line, p: FurnitureParams) -> bool:
    if line.words > p.promo_max_words or (":" not in line.plain and "[" not in line.plain and "more about" not in line.low
                                           and not line.low.startswith("in other news")):
        return False
    if _PROMO.match(line.plain):
        return not ("(@" in line.plain and _EMBEDDED_POST.search(line.plain))
    # "Example 5 First Alert Weather: Rain returns Friday": a link to the station's forecast or video, not the
    # headline itself (the headline of a weather page looks the same) and not a sentence.
    return not line.is_title and not line.ends and _CHANNEL_PROMO.match(line.plain) is not None


# A quotation alone on its line, signed with a dash: "“Many people are invested in you hating your body.” - Jane Roe,
# a therapist". A story attributes what people say in words ("..., she said."); a quote set off and signed is a pull
# quote or an epigraph, laid out by the page.
_SIGNED_QUOTE = re.compile(r"[“\"][^“”\"]{10,600}[”\"]\s*[-–—―]\s*[A-Z][^“”\"]{0,150}")


def _signed_quote(line: Line, p: FurnitureParams) -> bool:
    if line.is_title or line.plain[:1] not in "“\"" or not _SIGNED_QUOTE.fullmatch(line.plain):
        return False
    signature = re.split(r"[”\"]\s*[-–—―]\s*", line.plain, maxsplit=1)[-1]
    return signature.count(" ") < p.signed_quote_max_words


def _editor_note(line: Line, p: FurnitureParams) -> bool:
    if line.low.startswith("in other news"):
        return True  # a paragraph promoting another story, however long
    if line.words > p.editor_note_max_words:
        return False
    return _EDITOR_NOTE.match(line.plain) is not None or ("peer" in line.low and _PREPRINT_NOTE.search(line.plain) is not None) \
        or ("source" in line.low and _EDITOR_NOTE_SOURCE.match(line.plain) is not None) \
        or ("necessarily" in line.low and _EDITOR_NOTE_VIEWS.match(line.plain) is not None)


# A standing disclaimer the site prints under its stories: not advice, information only, its own sensitivities.
_DISCLAIMER = re.compile(
    r"(?i)\bfor\s+(?:general\s+)?informational\s+(?:and\s+\w+\s+)?purposes\s+only\b"
    r"|\b(?:is|are|does|do)\s+not\s+(?:constitute|intended\s+(?:as|to\s+be))\s+(?:\w+\s+){0,2}advice\b"
    r"|\bshould\s+not\s+be\s+(?:construed|considered|taken)\s+as\s+(?:\w+\s+){0,2}advice\b"
    r"|^(?-i:(?:[A-Z][\w&'’.-]*\s+){1,4})acknowledges\b.{0,100}\b(?:is|are)\s+sensitive\s+to\b"
    # the outlet's own standing line: "The Diplomatic Insight is a digital and print magazine focusing on diplomacy ..."
    r"|^(?-i:(?:The\s+)?(?:[A-Z][\w&'’.-]*\s+){1,4})is\s+(?:a|an)\s+(?:[\w&-]+,?\s+){0,5}"
    r"(?:magazine|newspaper|news\s+(?:site|website|portal|outlet)|website|publication|portal)\s+"
    r"(?:focusing|focused|dedicated|devoted|covering|that\s+covers|based|founded|established|published)\b"
    # the site telling what it is for: "This website is created to observe information about ..."
    r"|^(?-i:This|Our)\s+(?:web\s*site|site|portal|blog|project|platform)\s+(?:is|was|has\s+been)\s+"
    r"(?:created|designed|dedicated|devoted|intended|made|launched|established|founded|built|set\s+up)\s+(?:to|for|as)\b"
)
_DISCLAIMER_KEYS = ("purposes only", "advice", "sensitive to", "magazine", "newspaper", "news site", "website",
                    "publication", "portal", "news outlet")


def _disclaimer(line: Line, p: FurnitureParams) -> bool:
    """Among the last lines: "X acknowledges conditions and cultures can impact body language and is sensitive to all
    backgrounds.", "This article is for informational purposes only and does not constitute financial advice."."""
    if not line.tail or line.words > p.editor_note_max_words or not any(map(line.low.__contains__, _DISCLAIMER_KEYS)):
        return False
    return _DISCLAIMER.search(line.plain) is not None


# A site's legal notice under its stories, labelled ("LEGAL WARNING: All rights of the published news ... are reserved",
# "Legal Disclaimer:" alone over it) or in the warranty's words ("X provides the information “as is” without warranty of
# any kind"): a label opens the line with its colon or is the whole line; a story's "disclaimer" is a word in a sentence.
_LEGAL_LABEL = re.compile(
    r"(?i)\W{0,3}(?:legal\s+(?:warning|disclaimer|notice)|disclaimer|copyright\s+(?:notice|warning))\s*(?::|$)"
)
_AS_IS = re.compile(r"(?i)[“\"‘']as[\s-]is[”\"’'],?\s+(?:and\s+)?without\s+(?:any\s+)?(?:warrant(?:y|ies)|guarantee)")


def _legal_notice(line: Line, p: FurnitureParams) -> bool:
    if line.is_title:
        return False
    if line.low[:1] in "ldc\"“'([*" and _LEGAL_LABEL.match(line.plain):
        return True
    return "warrant" in line.low and _AS_IS.search(line.plain) is not None


# A comment box's rules: which comments the site does not publish, or removes ("Comments that are abusive or off topic
# will not be approved.", "We reserve the right to delete comments ...", "UYARI: ... yorumlar onaylanmamaktadır."). The
# comment word and the not-published verb of the languages pages are copied in; a story reports such rules (a
# platform's, a court's) with a reporting verb or in quotes.
_COMMENT_POLICY = re.compile(
    r"(?i)\bcomments?\s+(?:that|which|containing|with|including|judged|deemed|considered|using|written)\b[^.!?]{0,200}?"
    r"\b(?:will|shall|may|can|won['’]t|cannot|are|is)\s+(?:not\s+|never\s+)?(?:be\s+)?(?:approved|published|posted|accepted|removed|deleted|rejected)\b"
    r"|^\W*comments?\s+(?:will|shall|may|can)\s+(?:not\s+|never\s+)?be\s+(?:approved|published|removed|deleted|rejected|moderated|reviewed)\b"
    r"|\bwe\s+(?:will|do|may)\s+not\s+(?:approve|publish|accept|post)\s+(?:any\s+)?comments?\b"
    r"|\breserve\s+the\s+right\s+to\s+(?:remove|delete|edit|reject|refuse)\b[^.!?]{0,60}\bcomments?\b"
    r"|\byorum\w*\b[^.!?]{0,200}?\b(?:onaylanma\w*|onaylanmaz|yay[ıi]nlanma\w*|yay[ıi]mlanma\w*|yay[ıi]nlanmaz|silinecek\w*)"
    r"|\bcomentarios?\b[^.!?]{0,200}?\b(?:no\s+(?:ser[áa]n?|se)\s+(?:publicad|aprobad|publicar)\w*|ser[áa]n?\s+(?:eliminad|borrad|rechazad)\w*)"
    r"|\bcomentários?\b[^.!?]{0,200}?\b(?:não\s+ser[ãa]o?\s+(?:publicad|aprovad)\w*|ser[ãa]o?\s+(?:removid|exclu[íi]d|apagad)\w*)"
    r"|\bcommentaires?\b[^.!?]{0,200}?\b(?:ne\s+seront\s+pas\s+(?:publiés|validés|acceptés)|seront\s+(?:supprimés|refusés))"
    r"|\bkommentare?\b[^.!?]{0,200}?\bwerden\s+(?:nicht\s+(?:veröffentlicht|freigeschaltet)|gelöscht|entfernt)"
    r"|\bcommenti\b[^.!?]{0,200}?\b(?:non\s+(?:saranno|verranno)\s+(?:pubblicati|approvati)|(?:saranno|verranno)\s+(?:rimossi|cancellati|eliminati))"
)
_COMMENT_POLICY_KEYS = ("comment", "comentar", "comentár", "kommentar", "yorum")


def _comment_policy(line: Line, p: FurnitureParams) -> bool:
    if line.is_title or line.words > p.editor_note_max_words or not any(map(line.low.__contains__, _COMMENT_POLICY_KEYS)):
        return False
    return _COMMENT_POLICY.search(line.plain) is not None and not _QUOTES.search(line.plain) \
        and not _REPORTS.search(line.plain)


# A tracking or content id printed alone on a line ("XYZ24102024000231011071ID1108815015"): one word of letters and at
# least eight digits, no sentence's and no name's (a model number has a few digits; a date or a price has separators).
_ID_CODE = re.compile(r"(?=(?:[A-Za-z]*\d){8})(?=\d*[A-Za-z])[A-Za-z\d]{16,}")


def _id_code(line: Line, p: FurnitureParams) -> bool:
    return not line.is_title and _ID_CODE.fullmatch(line.plain) is not None


def _date_line(line: Line, p: FurnitureParams) -> bool:
    return len(line.plain) <= p.rule_max_chars and _DATE_LINE.fullmatch(line.text) is not None


def _timestamp(line: Line, p: FurnitureParams) -> bool:
    """A page's time stamp, maybe with its outlet or byline: "Updated 2 hours ago", "By Jane Roe | Updated 3 hours
    ago", "Published 10:05 AM EDT, Fri March 24, 2023". A sentence has words besides the time it tells."""
    if line.is_title or (line.ends and not line.plain.endswith((".m.", "ago."))) or line.words > p.stamp_max_words or not any(c.isdigit() for c in line.plain):
        return False
    if line.words <= 2 and _AGE_LINE.fullmatch(line.plain):
        return True
    rest, n = _STAMP_PIECES.subn(" ", line.plain)
    if not n:
        return False
    # a label's colon is left when its word goes with the time ("By ANI | Published: <stamp>" leaves "By ANI | :")
    rest = " ".join(rest.replace("|", " ").replace("/", " ").replace("·", " ").replace("•", " ").replace(",", " ")
                    .replace(" :", " ").strip(" ;:-–—").split())
    return _STAMP_REST.fullmatch(rest.strip(" ,;:-–—")) is not None


def _byline(line: Line, p: FurnitureParams) -> bool:
    return len(line.plain) <= p.byline_max_chars and match_byline(line.text) is not None


def _contributor(line: Line, p: FurnitureParams) -> bool:
    if line.words > p.bio_max_words or not any(map(line.low.__contains__, _CONTRIBUTOR_KEYS)):
        return False
    return _CONTRIBUTOR.search(line.plain) is not None


def _author_bio(line: Line, p: FurnitureParams) -> bool:
    return line.tail and line.words <= p.bio_max_words and _AUTHOR_BIO.match(line.plain) is not None


# Where a syndicated piece came from, closing it: "From Henry Ford LiveWell.", "Excerpted from The Book by Jane Roe."
_SOURCE_CREDIT = re.compile(
    r"(?:From|Adapted\s+from|Excerpted\s+from|Reprinted\s+(?:with\s+permission\s+)?from)\s+(?:the\s+)?"
    r"[A-Z][\w&'’.-]*(?:\s+(?:[A-Z][\w&'’.-]*|of|the|by|and|&)){1,8}\.?"
)


def _source_credit(line: Line, p: FurnitureParams) -> bool:
    """Among the last lines, the name of the piece's source alone: "From Henry Ford LiveWell." (two or more words of
    a name: "From Monday." would be a fragment of the story)."""
    return line.tail and not line.is_title and len(line.plain) <= p.credit_max_chars \
        and line.plain[:1] in "FAER" and _SOURCE_CREDIT.fullmatch(line.plain) is not None


def _url(line: Line, p: FurnitureParams) -> bool:
    # No length limit: tracking parameters make page addresses hundreds of characters long.
    return line.words == 1 and _URL_LINE.match(line.text) is not None


def _citation(line: Line, p: FurnitureParams) -> bool:
    if line.words > p.promo_max_words or ("doi" not in line.low and ":" not in line.low):
        return False
    return _CITATION.search(line.plain) is not None


def _contact(line: Line, p: FurnitureParams) -> bool:
    if len(line.plain) > p.rule_max_chars:
        return False
    if line.words <= p.contact_max_words and _CONTACT_NAME.match(line.plain):
        return True
    if line.low.startswith(("media ", "press ", "news ")) and _PRESS_CONTACT.match(line.plain):
        return True
    if "@" not in line.text:
        return False
    if line.words <= p.contact_max_words * 2 and _REACHED_AT.search(line.plain):
        return True
    if _CONTACT_LINE.match(line.plain):
        return True
    return not line.ends and _EMAIL.search(line.text) is not None and line.words <= p.contact_max_words


def _credit(line: Line, p: FurnitureParams) -> bool:
    if len(line.plain) > p.credit_max_chars:
        return False
    if _NAME_SLASH_AGENCY.match(line.plain):
        return True
    return not line.ends and _CREDIT_LINE.match(line.text) is not None


def _player_text(line: Line, p: FurnitureParams) -> bool:
    if _PLAYER_TEXT.match(line.plain):
        return True
    if line.words > p.player_max_words or ":" not in line.plain:
        return False
    if _DURATION_FIRST.match(line.plain):
        return _TIMED_DATELINE.fullmatch(line.plain) is None
    # Only the end can hold the running time: search from there (the look-behinds still see the words before it).
    return not line.ends and _DURATION_LAST.search(line.plain, max(0, len(line.plain) - 16)) is not None


def _link_pointer(line: Line, p: FurnitureParams) -> bool:
    """The page pointing at a link or a player, not telling the story: "..., check out the link below."."""
    if line.words > p.pointer_max_words or ("link" not in line.low and not line.low.startswith(_POINTER_STARTS)):
        return False
    return _LINK_POINTER.search(line.plain) is not None


_POINTER_STARTS = ("watch", "see", "read", "hear", "listen", "more ", "further ", "additional ")  # the other pointers name a link


def _web_pointer(line: Line, p: FurnitureParams) -> bool:
    """A short line that ends by naming a website: "To learn more, visit example.com/products.", an exhibition's
    "... through Oct. 1 at the Museum, New York. museum.org." (a story does not end a paragraph on an address)."""
    if "visit" in line.low and " more" in line.low and line.words <= p.pointer_max_words and _VISIT_ADDRESS.search(line.plain):
        return True  # anywhere in a paragraph: "... For more recipes, visit example.com/blog. For questions, email ..."
    if line.words > p.promo_item_max_words + 10 or "." not in line.text[-30:]:
        return False
    if _WEB_ADDRESS.fullmatch(line.plain.rsplit(None, 1)[-1]) is None:
        return False
    # A paragraph of the story that ends pointing to a site ("Special rates are offered to attendees. For details, log on
    # to www.example.org.") keeps its story: only a pointer alone, or a bare address after the story's sentences, is one.
    last = _SENTENCE_BREAK.split(line.plain)
    return len(last) < 2 or last[-1].count(" ") < p.short_max_words // 2


_SENTENCE_BREAK = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[A-Z“\"‘])")
# The page sending its reader to a website for more: "For more recipes and health information, visit example.com".
_VISIT_ADDRESS = re.compile(
    r"(?i)\b(?:for\s+more\b[^.!?,]{0,80}|to\s+(?:learn|find\s+out|read|see|hear)\s+more\b[^.!?,]{0,40}),\s+(?:please\s+)?visit\s+"
    r"(?:www\.)?[a-z0-9][\w-]{0,62}(?:\.[\w-]{1,63})*\.(?:com|org|net|edu|gov|io|co\.uk|org\.uk|ca|info|tv)\b"
)


def _author_list(line: Line, p: FurnitureParams) -> bool:
    """Three or more personal names and nothing else: a paper's author list."""
    return line.words <= p.bio_max_words and line.plain.count(",") >= 2 and _AUTHOR_LIST.match(line.plain) is not None


def _book_details(line: Line, p: FurnitureParams) -> bool:
    """The publisher, length and price line of a book box: "Atria. 432 pp. $30"."""
    if line.words > p.promo_item_max_words or ("pp" not in line.low and "pages" not in line.low):
        return False
    if _BOOK_PAGES.search(line.plain) is None:
        return False
    return _PRICE.search(line.plain) is not None or _PUBLISHER_PAGES.match(line.plain) is not None


def _caption(line: Line, p: FurnitureParams) -> bool:
    """A caption: "FILE: ...", a figure legend, or a line that ends in an unmistakable photo credit."""
    if not p.captions_are_furniture or line.title_len:
        return False  # a line opening with the headline goes on with the dek, the story's own (the headline is cut)
    if _FILE_CAPTION.match(line.plain):
        return True
    if line.words > p.caption_max_words:
        return False
    if _may_glue_credit(line.plain, line.low) and _GLUED_CREDIT.search(line.plain):
        return True
    if not line.is_title and ("–" in line.plain or "—" in line.plain) and _CAPITALS_CREDIT.search(line.plain) \
            and line.words >= p.short_max_words and not _QUOTES.search(line.plain) and not _FIRST_PERSON.search(line.plain):
        return True  # "X on his arrival in Chile – PRESIDENCIA DE PERÚ"
    if " via " in line.plain and _LEADING_CREDIT.match(line.plain):
        return True  # the credit first, then the caption: "Jane Roe via Getty Images A spoon of cereal ..."
    if ("(A)" in line.plain or "(a)" in line.plain) and _PANELS.search(line.plain) and _PLOT_WORDS.search(line.plain):
        return True  # a figure legend without its "Figure 2." label: "Risk curves for (A) ... and (B) ..."
    if ("left" in line.plain or "right" in line.plain or "cent" in line.plain) and any(map(line.plain.__contains__, _POSITION_KEYS)) and len(_PICTURE_POSITION.findall(line.plain)) >= 2 and not _QUOTES.search(line.plain) \
            and not _FIRST_PERSON.search(line.plain):
        return True  # "X, center, shoots as Y, left, and Z defend ...": where each person stands in the picture
    if ("(" in line.plain and not line.is_title and _bracketed_position(line.plain) and not _QUOTES.search(line.plain)
            and not _FIRST_PERSON.search(line.plain)):
        return True  # "X (R) arrives for a news conference ...", "X (right photo, center) and Y (left photo) ..."
    if not line.is_title and _PICTURE_TENSE.match(line.plain) and not _QUOTES.search(line.plain) and not _FIRST_PERSON.search(line.plain):
        return True  # "UCLA guard Jane Roe walks off the court as ... on Thursday night."
    if "day" in line.plain and _DAY_AND_YEAR.search(line.plain) and not line.is_title and _PICTURE_DATE.search(line.plain) \
            and not _QUOTES.search(line.plain) \
            and not _FIRST_PERSON.search(line.plain):
        return True  # "... in Moscow, Russia, Saturday, March 25, 2023."
    if line.plain[-1] == "." and line.plain[-2:-1].isdigit() and not line.is_title and _DATED_PICTURE.match(line.plain) \
            and not _SENTENCE_END_INSIDE.search(line.plain) and not _FIRST_PERSON.search(line.plain):
        return True  # "Foreign Ministers X of Y and Z of W meet in Washington, November 7, 2022."
    if line.low.startswith("in this ") and _PICTURE_OPENING.match(line.plain):
        return True  # "In this screen grab from video provided by X, smoke rises from ..."
    if line.tail and line.plain[-1] == ")" and _WIRE_SIGNOFF.search(line.plain, len(line.plain) - 40):
        return False  # the wires' sign-off closing the story's last paragraph, "... crisis. (PANA/NAN)": the story's
    if line.plain.endswith(")") and line.words <= p.source_caption_max_words and _BRACKETED_SOURCE.search(line.plain) \
            and not _FIRST_PERSON.search(line.plain):
        return True  # the source in brackets after the last sentence: "“Off Script #62” by Jane Roe. (OpenSea)"
    credit = _trailing_credit(line.raw, line.start, line.end, p)
    if credit is None:
        return False
    text = line.raw[credit:line.end].strip()
    return _STRONG_CREDIT.search(text) is not None or _named_credit(line, line.raw[line.start:credit], text, p)


def _named_credit(line: Line, before: str, credit: str, p: FurnitureParams) -> bool:
    """A short line of description credited with a name of several words and nothing else: "... on the lower deck of
    the bridge on March 21. City Fire Department". One word after a sentence is too often the next sentence's first
    ("... in third. And", "... of France. France's"), a paragraph is long, a headline is in title case, and speech
    signed by its writer is body."""
    if line.is_title or line.words > p.named_credit_max_words or not 2 <= credit.count(" ") + 1 <= p.named_credit_max_credit_words:
        return False
    if credit.isupper() or credit.endswith(("'s", "’s")) or _QUOTES.search(before) or _FIRST_PERSON.search(before):
        return False
    words = before.split()
    return sum(w[:1].isupper() for w in words) < p.named_credit_capitals_share * len(words)


LINE_RULES: tuple[LineRule, ...] = (
    LineRule("no_words", _no_words),
    LineRule("markup", _only_markup),
    LineRule("repeated_line", _repeated),
    LineRule("boilerplate", _boilerplate),
    LineRule("headline_repeat", _headline_repeat),
    LineRule("footer", _footer),
    LineRule("id_code", _id_code, max_words=lambda p: 1),
    LineRule("date", _date_line, max_chars=lambda p: p.rule_max_chars),
    LineRule("timestamp", _timestamp, max_words=lambda p: p.stamp_max_words),
    LineRule("byline", _byline, max_chars=lambda p: p.byline_max_chars),
    LineRule("call_to_action", _call_to_action, max_words=lambda p: max(p.cta_max_words, p.editor_note_max_words)),
    LineRule("menu", _menu, max_chars=lambda p: p.rule_max_chars),
    LineRule("widget_prompt", _widget_prompt, max_words=lambda p: p.widget_max_words),
    LineRule("post_link", _post_link, max_words=lambda p: p.post_link_max_words),
    LineRule("editor_note", _editor_note),
    LineRule("disclaimer", _disclaimer, max_words=lambda p: p.editor_note_max_words),
    LineRule("legal_notice", _legal_notice),
    LineRule("comment_policy", _comment_policy, max_words=lambda p: p.editor_note_max_words),
    LineRule("contributor", _contributor, max_words=lambda p: p.bio_max_words),
    LineRule("author_bio", _author_bio, max_words=lambda p: p.bio_max_words),
    LineRule("source_credit", _source_credit, max_chars=lambda p: p.credit_max_chars),
    LineRule("url", _url),
    LineRule("contact", _contact, max_chars=lambda p: p.rule_max_chars),
    LineRule("credit", _credit, max_chars=lambda p: p.credit_max_chars),
    LineRule("promo_link", _promo_link, max_words=lambda p: p.promo_max_words),
    LineRule("pull_quote", _signed_quote),
    LineRule("citation", _citation, max_words=lambda p: p.promo_max_words),
    LineRule("player_text", _player_text),
    LineRule("link_pointer", _link_pointer, max_words=lambda p: p.pointer_max_words),
    LineRule("web_pointer", _web_pointer, max_words=lambda p: max(p.pointer_max_words, p.promo_item_max_words + 10)),
    LineRule("author_list", _author_list, max_words=lambda p: p.bio_max_words),
    LineRule("book_details", _book_details, max_words=lambda p: p.promo_item_max_words),
    LineRule("caption", _caption),
)


class _RuleTable(NamedTuple):
    """The line rules that can fire on a line, by its length: `rules[word_band][char_band]`."""

    word_bounds: tuple[int, ...]  # ascending: band i holds lines of more than word_bounds[i - 1] words
    char_bounds: tuple[int, ...]
    rules: tuple[tuple[tuple[LineRule, ...], ...], ...]


def _bound(bound: Callable[[FurnitureParams], int] | None, p: FurnitureParams) -> int | None:
    return bound(p) if bound else None


def _rule_table(p: FurnitureParams) -> _RuleTable:
    words = sorted({b for r in LINE_RULES if (b := _bound(r.max_words, p)) is not None})
    chars = sorted({b for r in LINE_RULES if (b := _bound(r.max_chars, p)) is not None})

    def fits(r: LineRule, w: int, c: int) -> bool:  # w, c: the band's shortest line
        bw, bc = _bound(r.max_words, p), _bound(r.max_chars, p)
        return (bw is None or w <= bw) and (bc is None or c <= bc)
    lows_w = [0] + [b + 1 for b in words]
    lows_c = [0] + [b + 1 for b in chars]
    return _RuleTable(tuple(words), tuple(chars), tuple(
        tuple(tuple(r for r in LINE_RULES if fits(r, w, c)) for c in lows_c) for w in lows_w))


_RULE_TABLES: dict[FurnitureParams, _RuleTable] = {}


# -- the whole article -----------------------------------------------------------------------
def classify_lines(
    raw: str, *, boilerplate: frozenset[str] = frozenset(), params: FurnitureParams = DEFAULT_PARAMS
) -> tuple[Region, ...]:
    """Label every non-blank stretch of `raw` as body or furniture.

    `boilerplate`: `line_key`s of lines that other articles of the batch carry too.
    Regions are stripped, ordered, non-overlapping and never cross a line break; every
    non-space character of `raw` lies in exactly one region.
    """
    lines = [(m.start(), m.end(), m.group()) for m in _STRIPPED_LINE.finditer(raw)]
    # A "…read more" link glued to a paragraph's end is cut before the rules see the line: they judge the paragraph.
    more = _cut_read_more(lines, params) if "ead more" in raw or "EAD MORE" in raw or "ontinue reading" in raw else {}
    # The line kept among identical ones: the first without markup, else simply the first.
    # Keys are the exact stripped lines (hashing is cheap); only lines with markup are normalised.
    keys = [_markup_key(line) if "<" in line else line for _, _, line in lines]
    keeper: dict[str, int] = {}
    # A summary above the story's dateline ("HARRISBURG, Pennsylvania --") repeats the story's own lines:
    # the copy kept is the one inside the story.
    story = next((i for i, (_, _, line) in enumerate(lines[:params.dateline_max_line]) if _DATELINE_OPENING.match(line)), 0)
    for i, k in enumerate(keys):
        j = keeper.get(k)
        if j is None or ("<" in lines[j][2] and "<" not in lines[i][2]) or (j < story <= i and "<" not in lines[i][2]):
            keeper[k] = i
    # The headline (exempt from the short-line rules): the first line that is not only a date, an address or a
    # button, unless that is a breadcrumb ending in a line below, or a press release's stamp comes first (headline_index).
    title = headline_index([line for _, _, line in lines], params)
    crumb = next((i for i, (_, _, line) in enumerate(lines[:title]) if not not_a_headline(line)), -1) if title > 0 else -1
    title_text = lines[title][2] if title >= 0 else ""
    tail_from = len(lines) - params.bio_tail_lines
    table = _RULE_TABLES.get(params) or _RULE_TABLES.setdefault(params, _rule_table(params))
    per_line: list[list[Region]] = []
    caption_body: dict[int, list[Region]] = {}  # the lines the caption rule took: what the body rules would keep of them
    short_lines = False  # a line was too short to be a sentence
    bracketed = False  # a line ends in a bracket
    policy = False  # a line is a comment box's rules
    for i, (s, e, text) in enumerate(lines):
        has_tag = "<" in text and _TAG.search(text) is not None
        plain = _TAG.sub("", text) if has_tag else text
        title_len = 0
        if i != title and title_text and len(plain) > len(title_text):
            title_len = _headline_end(plain, title_text, params)
        # Keys are made only where a rule needs them: most articles have neither case.
        earlier = frozenset(line_keys("\n".join(t for _, _, t in lines[:i]))) if title_len else frozenset()
        line = Line(
            raw, s, e, text, plain, plain.lower(), has_tag, ends_sentence(plain), plain.count(" ") + 1, i == title,
            keeper[keys[i]] != i, bool(boilerplate) and i != title and line_key(plain) in boilerplate, i >= tail_from,
            title_len, earlier,
        )
        rules = table.rules[bisect_left(table.word_bounds, line.words)][bisect_left(table.char_bounds, len(plain))]
        rule = next((r.name for r in rules if r.test(line, params)), None)
        half = _doubled(text, params) if rule is None and not has_tag and i != title else 0
        if half:
            # A slideshow's caption printed with its alt text, the same words twice on one line: the caption, and its
            # copy cut (kept as body once where captions are body).
            once = [Region(s, s + half, BODY, ""), Region(e - half, e, FURNITURE, "repeated_line")]
            if not params.captions_are_furniture:
                per_line.append(once)
            else:
                caption_body[i] = once  # what the body rules keep: the caption once, its copy cut
                per_line.append(_as_caption(once) if params.caption_tier else [Region(s, e, FURNITURE, "caption")])
        elif rule is None:
            regions = _body_regions(line, params)
            short_lines = short_lines or (len(regions) == 1 and regions[0].rule == "short_line")
            bracketed = bracketed or text[-1] == ")"
            per_line.append(regions)
        elif rule == "caption":
            caption_body[i] = regions = _body_regions(line, params)
            per_line.append(_as_caption(regions) if params.caption_tier else [Region(s, e, FURNITURE, rule)])
        else:
            policy = policy or rule == "comment_policy"
            per_line.append([Region(s, e, FURNITURE, rule)])
    if crumb >= 0 and crumb == title - 1 and ((_section_label(lines[crumb][2]) and title + 1 < len(lines)
                                               and _is_date_line(lines[title + 1][2])) or _section_path(lines[crumb][2])):
        s, e, _ = lines[crumb]
        per_line[crumb] = [Region(s, e, FURNITURE, "menu")]  # the section's name headline_index passed over
    if crumb >= 0 and _HOME_CRUMBS.match(lines[crumb][2]) and lines[crumb][2].endswith(title_text):
        # The breadcrumb the headline was found by, and the section names between the two ("Defence Europe Featured
        # News Politics US"): words of the page's frame, capitalised, no sentence.
        for c in range(crumb, title):
            s, e, text = lines[c]
            if c == crumb or (not ends_sentence(text) and all(_SECTION_TAG_WORD.fullmatch(w) for w in text.split())):
                per_line[c] = [Region(s, e, FURNITURE, "menu")]
    # Cheap tests first, here and below: BBC's articles have ~6 lines each, so a pass's call costs as much as a line's
    # rules; most pages print no line twice (`keeper` has a key per distinct line).
    if len(keeper) < len(keys):
        _keep_dek_copies(lines, per_line, keys, keeper, _dek(lines, per_line, keys, title, params))
        _drop_template_lines(lines, per_line, keys, title, params)
    _mark_captions_before_credits(lines, per_line, params)
    _mark_captions_like_the_pages(lines, per_line, params)
    if bracketed:
        _mark_captions_repeating_lines(lines, per_line, params)
    if caption_body:
        _mark_captions_uncredited_copies(lines, per_line, caption_body, params)
        _mark_captions_credited_alike(lines, per_line, params)
        _mark_captions_credited_first(lines, per_line, params)
        if len(caption_body) >= params.gallery_min_captions:
            _mark_gallery_titles(lines, per_line, params)
    if caption_body and "(" in raw:
        _keep_wire_signoffs(lines, per_line, caption_body, params)
    # (the page passes below may take a caption into a run of another rule's)
    captioned = params.captions_are_furniture and any(r.rule == "caption" for regions in per_line for r in regions)
    _mark_repeated_fields(lines, per_line, params)
    _mark_datelines(lines, per_line, params)
    _drop_url_breadcrumbs(lines, per_line, title, params)
    if title >= 0:  # (before the subheading passes: a breadcrumb or an issuer is no paragraph around a heading)
        _drop_glued_breadcrumbs(lines, per_line, title, params)
        _drop_release_issuers(lines, per_line, title, params)
    _keep_subheadings(raw, per_line, title, params)
    _keep_cut_last_line(lines, per_line, title, params)
    if title >= 0 and len(keeper) < len(keys) and keys.count(keys[title]) > 1:
        _keep_headline_subheadings(lines, per_line, keys, title, params)
    _keep_story_lists(lines, per_line, title, params)
    if caption_body or short_lines:
        _keep_list_titles(lines, per_line, caption_body)
    _keep_summary_headings(lines, per_line, params)
    _keep_repeated_fields(lines, per_line, keeper, keys, params)
    _drop_promo_lists(lines, per_line, params)
    _drop_closing_widgets(lines, per_line, params)
    if title >= 0:
        _drop_headline_variants(lines, per_line, title, params)
        _drop_teaser_runs(lines, per_line, title, params)
        if "•" in raw or "·" in raw or "|" in raw:  # a C-level scan first: most pages join no items on a line
            _drop_headline_tickers(lines, per_line, title, params)
        if "..." in raw or "…" in raw:  # a C-level scan first: most pages cut nothing short
            _drop_cut_teasers(lines, per_line, title, params)
        _drop_trailing_teasers(lines, per_line, title, params)
        _drop_after_legal_notices(lines, per_line, title, params)
        if _BOX_HEADING_LINE.search(raw):  # a C-level scan first: most pages have no tag or author box
            _drop_tag_boxes(lines, per_line, title, params)
        if _PAGER_WORDS.search(raw):  # likewise: most pages have no pager
            _drop_post_links(lines, per_line, params)
        if "omment" in raw or "iscussion" in raw or "hought" in raw:  # likewise: most pages have no comment box
            _drop_reader_comments(lines, per_line, params)
        if " is " in raw or " was " in raw:
            _drop_author_bios(lines, per_line, params, len(keeper) < len(keys))
            _drop_author_boxes(lines, per_line, params)
    _drop_book_boxes(lines, per_line, params)
    _drop_closing_bios(lines, per_line, params)
    if "###" in raw or "# # #" in raw or "30 -" in raw or "30-" in raw or "ontact" in raw or "nquiries" in raw:
        _drop_release_ends(lines, per_line, params)  # C-level tests first: most pages are no press release
    if "About " in raw:  # likewise: most pages have no such heading
        _drop_about_blocks(lines, per_line, params)
    if policy:
        _drop_policy_heads(raw, lines, per_line)
    _drop_contained_lines(lines, per_line, title, keys, params)
    _drop_pull_quotes(lines, per_line, title, params)
    if captioned:
        _keep_no_more_than_with_captions_as_body(raw, lines, per_line, boilerplate, params)
    for i, marker in more.items():
        per_line[i] = [*per_line[i], marker]
    return tuple(r for regions in per_line for r in regions)


# A link to the rest of a teased paragraph, glued to its end: "... which is, as Cliff noted, “to change …read more",
# "... in 2022. Read More »". After an ellipsis any case; after a sentence's end only the link's capitalised words
# (a paragraph saying "... to read more" ends in its full stop).
_READ_MORE_END = re.compile(
    r"(?:(?<=\.\.\.)|(?<=…))\s*(?P<a>\[?(?i:read\s+more|continue\s+reading)\]?[\s»›>→]*)$"
    r"|(?<=[.!?\"”’\]])\s+(?P<b>\[?(?:Read\s+[Mm]ore|READ\s+MORE|Continue\s+[Rr]eading)\]?[\s»›>→.…]*)$"
)


def _cut_read_more(lines: list[tuple[int, int, str]], p: FurnitureParams) -> dict[int, Region]:
    """Cut a "…read more" link off the end of a line that is a paragraph without it (more than `short_max_words` words
    before it): the line is shortened in `lines`, the link returned as furniture by line index. Only on a page with one
    such line: several are a list of teasers, each a link to its story (the link rules take them whole), and so is a
    line that is the link alone."""
    out: dict[int, Region] = {}
    for i, (s, e, text) in enumerate(lines):
        if text[-1] not in "eEg]»›>→.…" or not ("ead" in text[-12:] or "EAD" in text[-12:] or "eading" in text[-16:]):
            continue  # most lines (cheap tests first)
        m = _READ_MORE_END.search(text, max(0, len(text) - 30))
        if m is None:
            continue
        cut = m.start("a") if m.group("a") is not None else m.start("b")
        kept = text[:cut].rstrip()
        if kept.count(" ") + 1 <= p.short_max_words:
            continue
        if out:
            return {}  # a second one: a list of teasers
        out[i] = Region(s + cut, e, FURNITURE, "promo_link")
        shortened = (s, s + len(kept), kept)
    for i in out:
        lines[i] = shortened
    return out


def _keep_no_more_than_with_captions_as_body(
    raw: str, lines: list[tuple[int, int, str]], per_line: list[list[Region]], boilerplate: frozenset[str],
    p: FurnitureParams,
) -> None:
    """Taking lines for captions only ever drops more: a body line the cleaner would drop were captions body (a teaser
    run, a reader's comment, a teaser printed twice, all of which a caption would have joined) is dropped as it would be
    there. The page passes judge runs of lines, and a caption taken out of a run changes the run: rather than make every
    pass count captions as body (each one a case hypothesis found), the page is judged once more with captions as body,
    on the pages that have captions only."""
    alt = classify_lines(raw, boilerplate=boilerplate, params=replace(p, captions_are_furniture=False))
    alt_lines: list[list[Region]] = [[] for _ in lines]
    k = 0
    for r in alt:  # regions never cross a line break, and both runs split the page into the same lines
        while r.start >= lines[k][1]:
            k += 1
        alt_lines[k].append(r)
    kept = "\n".join(raw[r.start:r.end] for r in alt if r.kind == BODY)
    for i, regions in enumerate(per_line):
        if any(r.kind == BODY and raw[r.start:r.end] not in kept for r in regions):
            per_line[i] = alt_lines[i]


def _doubled(text: str, p: FurnitureParams) -> int:
    """The length of the text printed twice on the line, separated by a space ("X met Y in London X met Y in London"),
    or 0."""
    n = len(text)
    if n % 2 == 0 or text[n // 2] != " ":
        return 0  # (cheap tests first: two equal halves and one space make an odd length)
    half = n // 2
    if text[:half] != text[half + 1:] or text.count(" ") + 1 < 2 * p.doubled_min_words:
        return 0
    # a caption is one sentence: a paragraph pasted twice is the story's (its copy still cut by the copy rules)
    return 0 if _SENTENCE_INSIDE.search(text, 0, half) else half


_SENTENCE_INSIDE = re.compile(r"[.!?][\"”’)]?\s")
_DEK_SKIPPED_RULES = frozenset({"date", "timestamp", "url"})


def _dek(
    lines: list[tuple[int, int, str]], per_line: list[list[Region]], keys: list[str], title: int, p: FurnitureParams
) -> int:
    """The dek: the first line of a few words under the headline (past a date, an address or the headline printed
    again); -1 when there is none."""
    if title < 0:
        return -1
    for i in range(title + 1, len(lines)):
        if keys[i] == keys[title]:
            continue  # the headline printed again by the page's template, above the dek (thestatesman.com)
        if _line_is(per_line[i], _DEK_SKIPPED_RULES):
            continue  # a time stamp of five words or more ("Published: 10 June 2014 09:37 (UTC +04:00)") is no summary
        if lines[i][2].count(" ") + 1 >= p.contained_min_words:
            return i if "<" not in lines[i][2] else -1
    return -1


def _keep_dek_copies(
    lines: list[tuple[int, int, str]], per_line: list[list[Region]], keys: list[str], keeper: dict[str, int], dek: int
) -> None:
    """The dek is the story's summary, body even where the story repeats it word for word (the lede under it, or the
    summary above a dateline): its one copy keeps the kept copy's body regions. A dek that is a caption printed again
    with its picture is no summary, and a line printed three times is the page's template (a video's title)."""
    if dek < 0 or keys.count(keys[dek]) != 2:  # most deks are printed once
        return
    copies = [i for i, k in enumerate(keys) if k == keys[dek]]
    kept = keeper[keys[dek]]
    regions = per_line[kept]
    if not all(r.kind == BODY for r in regions):
        return
    i = copies[0] if copies[1] == kept else copies[1]
    s = lines[i][0]
    if "<" not in lines[i][2] and _line_is(per_line[i], _REPEAT_RULES):
        at = lines[kept][0]
        per_line[i] = [Region(r.start - at + s, r.end - at + s, r.kind, r.rule) for r in regions]


_REPEAT_RULES = frozenset({"repeated_line"})


def _drop_template_lines(
    lines: list[tuple[int, int, str]], per_line: list[list[Region]], keys: list[str], title: int, p: FurnitureParams
) -> None:
    """A line printed `template_min_copies` times in a row near the top is the page's template, every copy of it, the
    first too: a video player's title printed once for each of its sizes above the story ("Talking Points: What are
    ...?" three times under the headline). The story says a thing once; a refrain or a table's repeated cell is printed
    between other lines."""
    n = p.template_min_copies
    for i in range(min(len(lines) - n + 1, p.dateline_max_line)):
        if i == title or keys[i] != keys[i + 1] or (i > 0 and keys[i - 1] == keys[i]):
            continue  # not the first of a run (most lines: a cheap test first)
        j = i + 1
        while j < len(lines) and keys[j] == keys[i]:
            j += 1
        text = lines[i][2]
        if j - i < n or text.count(" ") + 1 > p.player_max_words or _STAGE_DIRECTION.fullmatch(text):
            continue
        for k in range(i, j):
            s, e, _ = lines[k]
            per_line[k] = [Region(s, e, FURNITURE, "template_line")]


def _headline_end(plain: str, title: str, p: FurnitureParams) -> int:
    """Where the headline printed at the start of `plain` ends (0 if it is not there): the headline
    itself, or after a section's name of a word or two ("Style <headline> <the dek>")."""
    if plain.startswith(title):
        return len(title)
    at = plain.find(title, 1, 40 + len(title))
    if at < 0 or title.count(" ") < 2 or not plain[at + len(title):].strip():
        return 0  # a headline of a word or two is found anywhere; and something must follow it
    label = plain[:at].split()
    if not label or len(label) > p.section_label_max_words or not all(w[:1].isupper() for w in label) or ends_sentence(plain[:at].strip()):
        return 0
    return at + len(title)


def _is_body(regions: list[Region]) -> bool:
    return any(r.kind == BODY for r in regions)


def _keep_subheadings(raw: str, per_line: list[list[Region]], title: int, p: FurnitureParams) -> None:
    """A short line, or a run of a few ("Toy Story 3" over "Andy Says Goodbye To His Toys"), between two
    body paragraphs is the story's subheading ("Background", "What's next?"), not furniture: the short-line
    rules only drop what stands outside the story. Right under the headline a short line is a credit or a
    byline ("Bloomberg"), not a subheading; an ad or a picture between heading and paragraph does not matter."""
    i, n = max(1, title + 2), len(per_line)
    while i < n - 1:
        if not _is_short(per_line[i]):
            i += 1
            continue
        j = i
        while j < n - 1 and _is_short(per_line[j]):
            j += 1
        if j - i <= p.subheading_run_max and _is_short(per_line[j - 1]) and _after_body(per_line, i) \
                and _before_body(per_line, j - 1) and not _between_pictures(per_line, i, j) \
                and not _is_signature(raw, per_line, i, j):
            for k in range(i, j):
                r = per_line[k][0]
                text = raw[r.start:r.end]
                if not (_ENDS_IN_AGENCY.search(text) or _ORG_CREDIT.fullmatch(text)
                        or (k < p.dateline_max_line and " | " in text and _section_tags(text, p))):
                    per_line[k] = [Region(r.start, r.end, BODY, "")]
        i = j


# A dateline on its own line: "Baku, Azerbaijan, June 9", "TOKYO, Feb. 19, Kyodo" (places, a day without its year, maybe
# the agency).
_PLACE = r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2}"
_PLACE_DATE = re.compile(
    rf"{_PLACE}(?:,\s+{_PLACE}){{0,2}},\s+(?:{_MONTHS}\s+\d{{1,2}}|\d{{1,2}}\s+{_MONTHS})(?:,?\s+\d{{4}})?"
    rf"(?:,?\s+\(?(?:{_AGENCY})\)?)?"
)


# A clock time glued to such a dateline, the places maybe with a bracketed country: "08:38 | San Francisco (U.S.),
# Nov. 15." A player's title after its running time names no place and day.
_BRACKETED_PLACE = rf"{_PLACE}(?:\s+\([\w .'’]{{1,20}}\))?"
_TIMED_DATELINE = re.compile(
    rf"\d{{1,2}}:\d{{2}}(?::\d{{2}})?\s*[|·•–—-]?\s*{_BRACKETED_PLACE}(?:,\s+{_BRACKETED_PLACE}){{0,2}},\s+"
    rf"(?:{_MONTHS}\s+\d{{1,2}}|\d{{1,2}}\s+{_MONTHS})(?:,?\s+\d{{4}})?\.?"
)


def _mark_datelines(lines: list[tuple[int, int, str]], per_line: list[list[Region]], p: FurnitureParams) -> None:
    """A short line of places and a day among the story's first lines, the only one of its form on the page, is the
    story's dateline printed on its own line, not a subheading: it is cut as a date. A diary dates each of its entries
    so ("Kyiv, March 3" over each day's paragraphs), and those stay what the other rules make of them."""
    found = [i for i, (_, _, text) in enumerate(lines) if _is_short(per_line[i]) and "," in text
             and _PLACE_DATE.fullmatch(text)]
    if len(found) == 1 and found[0] < p.dateline_max_line:
        s, e, _ = lines[found[0]]
        per_line[found[0]] = [Region(s, e, FURNITURE, "date")]


_URL_SECTION = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")


def _drop_url_breadcrumbs(
    lines: list[tuple[int, int, str]], per_line: list[list[Region]], title: int, p: FurnitureParams
) -> None:
    """A breadcrumb printed without its separators names the sections the page's address names: "Ministry of Foreign
    Affairs Press service Statements" over a page at ".../en/press-service/statements/18851-minister-meets-...". A line
    among the first `dateline_max_line` that ends in the words of the address's last `breadcrumb_min_sections` or more
    sections, the words before them a name (capitalised, or small words), is furniture: no sentence is a name and a
    list of sections."""
    url = next((i for i in range(min(len(lines), title + 4)) if _line_is(per_line[i], _URL_RULE)), -1)
    if url < 0:
        return  # most pages carry no address (a cheap test first)
    path = lines[url][2].split("://", 1)[-1].split("?", 1)[0].rstrip("/").split("/")[1:-1]  # host and slug dropped
    sections = [seg.lower() for seg in path if _URL_SECTION.fullmatch(seg)]
    if len(sections) < p.breadcrumb_min_sections:
        return
    for i in range(url + 1, min(len(lines), p.dateline_max_line)):
        text = lines[i][2]
        parts = text.replace("-", " ").split()  # "Press-service" names the section "press-service" too
        if not (_whole_body(per_line[i]) or _is_short(per_line[i])) or len(parts) > p.nav_max_words or ends_sentence(text):
            continue
        low = [w.lower() for w in parts]
        for m in range(len(sections), p.breadcrumb_min_sections - 1, -1):
            tail = " ".join(sections[-m:]).replace("-", " ").split()
            if len(tail) <= len(low) and low[-len(tail):] == tail \
                    and all(w[:1].isupper() or w in _SMALL_WORDS for w in parts[:-len(tail)]):
                s, e, _ = lines[i]
                per_line[i] = [Region(s, e, FURNITURE, "menu")]
                break


_URL_RULE = frozenset({"url"})
_SECTION_TAG_WORD = re.compile(r"[A-Z][\w&'’-]*")


def _section_tags(text: str, p: FurnitureParams) -> bool:
    """The article's type and section over the story: "Reporting | Europe", "Analysis | Middle East", labels of at most
    `section_label_max_words` capitalised words each."""
    items = [item.split() for item in text.split(" | ")]
    return len(items) >= 2 and all(0 < len(item) <= p.section_label_max_words
                                   and all(_SECTION_TAG_WORD.fullmatch(w) for w in item) for item in items)


def _keep_cut_last_line(
    lines: list[tuple[int, int, str]], per_line: list[list[Region]], title: int, p: FurnitureParams
) -> None:
    """The page's last line, right under a paragraph and cut off in the middle of a word or a sentence ("Sobre una
    posible futura cita ent"), is the start of the story's next paragraph, not a short line of furniture: it opens as a
    sentence (a capital, then words in lower case) and ends in a lower-case letter, no heading's or label's form."""
    i = len(lines) - 1
    if i <= title + 1 or not _line_is(per_line[i], _SHORT_RULES):
        return  # most pages end in a paragraph or in other furniture (a cheap test first)
    text = lines[i][2]
    words = text.split()
    if len(words) < p.cut_line_min_words or not text[0].isupper() or not text[-1].islower() or ":" in text or "|" in text:
        return
    if 2 * sum(w[0].islower() for w in words[1:]) <= len(words) - 1:
        return
    above = per_line[i - 1]
    if not _whole_body(above) or lines[i - 1][2].count(" ") < p.short_max_words:
        return  # under a paragraph of the story, not under a widget's prompt ("Thank you for sharing your")
    s, e, _ = lines[i]
    per_line[i] = [Region(s, e, BODY, "")]


def _keep_headline_subheadings(
    lines: list[tuple[int, int, str]], per_line: list[list[Region]], keys: list[str], title: int, p: FurnitureParams
) -> None:
    """The headline printed again between two paragraphs is a section's heading ("Is X Pregnant?" over the paragraph
    that answers it), not a repeat: a page repeats its headline above the story or under it, not inside it. A heading
    is printed once: the headline printed between paragraphs twice or more is the pictures' text there (a template's
    alt text under each photo), and every copy stays a repeat."""
    if lines[title][2].count(" ") + 1 > p.subhead_max_words:
        return
    inside = [i for i in range(title + 2, len(lines) - 1)
              if keys[i] == keys[title] and _line_is(per_line[i], _REPEAT_RULES) and _is_body(per_line[i - 1])
              and _is_body(per_line[i + 1])]
    if len(inside) == 1:
        s, e, _ = lines[inside[0]]
        per_line[inside[0]] = [Region(s, e, BODY, "")]


def _between_pictures(per_line: list[list[Region]], i: int, j: int) -> bool:
    """Lines i..j-1 sit between two lines of one picture (its counter and its "View gallery" button): its caption."""
    def picture(regions: list[Region]) -> bool:
        return _line_is(regions, _PICTURE_RULES)
    return picture(per_line[i - 1]) and j < len(per_line) and picture(per_line[j])


# A letter's signature: a name, then where the writer lives ("Dr Jane Roe" over "Ilkley, West Yorkshire").
_SIGNATURE_NAME = re.compile(r"(?:(?:Dr|Prof|Rev|Sir|Dame|Lord|Lady|Cllr)\.?\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){1,2}")
_SIGNATURE_PLACE = re.compile(r"[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2},\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2}")


def _is_personal_name(text: str) -> bool:
    """Two or three capitalised words, not a heading in capitals: "Jane Roe", "Ellie Violet Bramley"."""
    return _SIGNATURE_NAME.fullmatch(text) is not None and not text.isupper()


def _is_signature(raw: str, per_line: list[list[Region]], i: int, j: int) -> bool:
    if j - i != 2:
        return False
    name, place = (raw[per_line[k][0].start:per_line[k][0].end] for k in (i, i + 1))
    return _SIGNATURE_NAME.fullmatch(name) is not None and _SIGNATURE_PLACE.fullmatch(place) is not None


def _line_is(regions: list[Region], rules: frozenset[str]) -> bool:
    """The line is wholly furniture of one of these rules (a caption of the caption tier counts whole, credit and all)."""
    if any(r.kind == CAPTION for r in regions):
        return "caption" in rules
    return len(regions) == 1 and regions[0].rule in rules


def _is_short(regions: list[Region]) -> bool:
    return len(regions) == 1 and regions[0].rule in _SUBHEADING_RULES


def _mark_repeated_fields(lines: list[tuple[int, int, str]], per_line: list[list[Region]], p: FurnitureParams) -> None:
    """A short field line printed again ("Top car: Toyota RAV4" under a second heading) is, for the subheading pass,
    one more short line of its run: a listicle's sections print the same fields, and two can hold the same value."""
    for i, regions in enumerate(per_line):
        if len(regions) == 1 and regions[0].rule == "repeated_line" and "<" not in lines[i][2]:
            text = lines[i][2]
            if len(text.split()) <= p.short_max_words and _FIELD_LINE.fullmatch(text):
                r = regions[0]
                per_line[i] = [Region(r.start, r.end, FURNITURE, "repeated_field")]


_SUBHEADING_RULES = frozenset({"short_line", "subhead", "repeated_field"})
# A list item: a bullet, or a quantity first ("- $100 million for broadband", "1 ½ cups flour", "50g butter").
_LIST_ITEM = re.compile(r"^(?:[-–•*▪●◦]\s+\S|[\d½¼¾⅓⅔⅛]+(?:[\s/.,\d½¼¾⅓⅔⅛]|[a-z]{1,4}\b)\s*\S)")


def _keep_story_lists(lines: list[tuple[int, int, str]], per_line: list[list[Region]], title: int, p: FurnitureParams) -> None:
    """A run of short lines that is mostly a list (bullets, quantities) inside the story, with paragraphs
    before and after it, is the story's own list (a recipe's ingredients, a budget's items), not furniture.
    Menus and related links are not lists of quantities, and a page's furniture rarely sits between paragraphs."""
    # (the headline is no paragraph: a run of items between it and the story is a menu, "• Global Edition", "• España")
    body = [i for i, regions in enumerate(per_line) if _is_body(regions) and i != title]
    if len(body) < 2:
        return
    first, last = body[0], body[-1]
    i = first + 1
    while i < last:
        j = i
        while j < last and len(per_line[j]) == 1 and per_line[j][0].rule in _SUBHEADING_RULES:
            j += 1
        run = range(i, j)
        items = sum(1 for k in run if _LIST_ITEM.match(lines[k][2]))
        if (items >= p.list_min_items and items * 2 >= len(run)) or (run and _under_list_heading(lines, i, p)):
            for k in run:
                r = per_line[k][0]
                per_line[k] = [Region(r.start, r.end, BODY, "")]
        i = j + 1
_PICTURE_RULES = frozenset({"player_text", "credit", "caption"})
# A list's own heading: a recipe's "Ingredients", a project's "You will need:", "What you'll need".
_LIST_HEADING = re.compile(r"(?i)(?:ingredients|(?:what\s+)?you(?:['’]ll|\s+will)?\s+need|shopping\s+list|equipment|supplies)\s*:?")


def _under_list_heading(lines: list[tuple[int, int, str]], i: int, p: FurnitureParams) -> bool:
    """Line i (or a short line just above it) is a list's heading, with only short lines between."""
    for k in range(i, max(-1, i - 1 - p.list_heading_window), -1):
        text = lines[k][2]
        if _LIST_HEADING.fullmatch(text):
            return True
        if k < i and (len(text.split()) > p.short_max_words + 2 or ends_sentence(text)):
            return False
    return False


def _keep_list_titles(lines: list[tuple[int, int, str]], per_line: list[list[Region]], caption_body: dict[int, list[Region]]) -> None:
    """A recipe's title is the story's: one crediting its source right above the "Ingredients" heading ("Green Sauce,
    courtesy of The Example Kitchen" names the dish, it captions no picture: `caption_body` holds what the body rules
    keep of each line the caption rule took), and a short one right above the recipe's yield ("Moroccan Sheet Pan
    Bowl" over "Serves: 4 / Prep time: 25 minutes"), wherever it sits."""
    for i in range(len(lines) - 1):
        below = lines[i + 1][2]
        if len(below) > _LIST_HEAD_MAX_CHARS:  # a paragraph: most lines (cheap test first)
            continue
        if i in caption_body and _LIST_HEADING.fullmatch(below):
            per_line[i] = caption_body[i]
        elif _line_is(per_line[i], _SHORT_RULES) and _RECIPE_YIELD.match(below):
            s, e, _ = lines[i]
            per_line[i] = [Region(s, e, BODY, "")]


_LIST_HEAD_MAX_CHARS = 80  # "Serves: 4 / Prep time: 25 minutes / Total time: 1 hour"
_SHORT_RULES = frozenset({"short_line"})
# A recipe's yield and times under its title: "Serves: 4 / Prep time: 25 minutes", "Makes 12 cookies", "Yield: 2 loaves".
_RECIPE_YIELD = re.compile(r"(?i:serves|servings|makes|yields?|prep(?:aration)?\s+time|total\s+time|cook(?:ing)?\s+time)\s*:?\s*(?:about\s+)?\d")


# A summary's heading over the story's key points: "TL;DR:", "Key points:", "In brief", "Why it matters:".
_SUMMARY_HEADING = re.compile(
    r"(?i)(?:tl;\s?dr|key\s+(?:points|takeaways|facts)|(?:the\s+)?takeaways|in\s+brief|at\s+a\s+glance|in\s+short|"
    r"(?:(?:this|last|the)\s+(?:week|month|year|day)['’]s\s+)?summary|highlights|the\s+big\s+picture|why\s+it\s+matters|what\s+we\s+know(?:\s+so\s+far)?|(?:the\s+)?bottom\s+line)\s*:?"
)


def _keep_summary_headings(lines: list[tuple[int, int, str]], per_line: list[list[Region]], p: FurnitureParams) -> None:
    """A summary's heading right above a paragraph is the story's, even right under the headline, where the
    subheading pass does not look (a short line there is usually a credit or a byline)."""
    for i in range(len(lines) - 1):
        if _is_short(per_line[i]) and _is_body(per_line[i + 1]) and _SUMMARY_HEADING.fullmatch(lines[i][2]):
            s, e, _ = lines[i]
            per_line[i] = [Region(s, e, BODY, "")]


# A field of a listing or a review: a short label, a colon, a value ("Rating: ***", "Price: $25", "Runtime: 96 min").
_FIELD_LINE = re.compile(r"[A-Z][\w'’]*(?:\s+[\w'’]+){0,2}:\s+\S.{0,40}")


def _keep_repeated_fields(
    lines: list[tuple[int, int, str]], per_line: list[list[Region]], keeper: dict[str, int], keys: list[str],
    p: FurnitureParams,
) -> None:
    """A review of several things gives each the same fields, so two can read the same ("Rating: **" twice).
    A field line printed again is the story's when its first copy is body and the copy sits among paragraphs;
    a repeated share bar or credit never gets here (its first copy is furniture too)."""
    for i, regions in enumerate(per_line):
        if len(regions) != 1 or regions[0].rule != "repeated_field":
            continue
        first = keeper[keys[i]]
        s, e, _ = lines[i]
        if first != i and _is_body(per_line[first]) and _after_body(per_line, i) and _before_body(per_line, i):
            per_line[i] = [Region(s, e, BODY, "")]
        else:  # still the repeat it was
            per_line[i] = [Region(s, e, FURNITURE, "repeated_line")]


def _before_body(per_line: list[list[Region]], i: int) -> bool:
    """Line i precedes a paragraph, maybe past a picture or an ad: "Zzamong", then the restaurant's photo,
    then the paragraph about it; "Background", then an e-book banner, then the paragraph."""
    for k in range(i + 1, min(len(per_line), i + 2 + _INTERRUPTIONS)):
        if _is_body(per_line[k]):
            return True
        if not _line_is(per_line[k], _INTERRUPTING_RULES):
            return False
    return False


def _after_body(per_line: list[list[Region]], i: int) -> bool:
    """Line i follows a paragraph, maybe past a picture's credit or gallery line or an ad."""
    for k in range(i - 1, max(-1, i - 2 - _INTERRUPTIONS), -1):
        if _is_body(per_line[k]):
            return True
        if not _line_is(per_line[k], _INTERRUPTING_RULES):
            return False
    return False


# What a page may put between a subheading and its paragraph: pictures and ads (at most two such lines).
_INTERRUPTING_RULES = _PICTURE_RULES | {"boilerplate", "call_to_action", "promo_link", "repeated_line"}  # "MORE: <a headline>", "Related: X"
_INTERRUPTIONS = 2


def _heading_kept(text: str, p: FurnitureParams) -> bool:
    """A short non-sentence line the subheading pass kept as body: a teaser heading ("More from Politics") over a
    list of links looks like a subheading over its paragraph."""
    return text.count(" ") < p.short_max_words and not ends_sentence(text)


def _drop_promo_lists(lines: list[tuple[int, int, str]], per_line: list[list[Region]], p: FurnitureParams) -> None:
    """The headlines under a "Read More:" or "Related" heading of their own are links, up to the next
    paragraph: "Read More:", "Is X Pregnant?", "Is Y Pregnant?"."""
    for i in range(len(lines) - 1):
        regions = per_line[i]
        if len(regions) != 1 or (regions[0].kind == BODY and not _heading_kept(lines[i][2], p)) \
                or not _PROMO_HEADING.match(lines[i][2]):
            continue
        if regions[0].kind == BODY:
            per_line[i] = [Region(regions[0].start, regions[0].end, FURNITURE, "teaser_heading")]
        for j in range(i + 1, len(lines)):
            text = lines[j][2]
            if not _is_body(per_line[j]):
                continue  # a picture or an ad inside the list: the links go on past it
            # (a teaser's blurb cut off with an ellipsis is no paragraph: "Kuwait (Reuters) - Sheikh Meshal was named...")
            if len(text.split()) > p.promo_item_max_words or (text.endswith(".") and not text.endswith(("...", "…"))):
                break
            s, e, _ = lines[j]
            per_line[j] = [Region(s, e, FURNITURE, "promo_link")]


# A page-end widget's heading: the site's other stories follow it ("Latest Zendaya news and events", "More from The
# Planet", "You may also like"), never the story's own text. "Read more:" and "Related:" are not of them: a story prints
# those inside itself, over a few links, and goes on.
_WIDGET_HEADING = re.compile(
    r"(?i)(?:(?:latest|more|other|recent|top|trending|popular|recommended)\s+(?:[\w'’-]+\s+){0,3}"
    r"(?:news|stories|headlines|articles|videos|posts)(?:\s+(?:and|&)\s+\w+)?"
    r"|most\s+(?:viewed|read|popular|shared|recent)(?:\s+(?:stories|articles|news))?"
    r"|you\s+(?:may|might)\s+(?:also\s+)?(?:like|enjoy|be\s+interested\s+in)|more\s+from\s+(?:[\w'’&.-]+\s*){1,4}"
    r"|editor[’']s\s+picks?|trending(?:\s+now)?|" + _TEASER_HEADINGS +
    r")\s*:?"
)


def _drop_closing_widgets(lines: list[tuple[int, int, str]], per_line: list[list[Region]], p: FurnitureParams) -> None:
    """Under a page-end widget's heading (furniture itself), every line to the page's end is another story's teaser,
    when all of them are teaser-sized: one paragraph of story text after the heading means it was no widget."""
    first_body = next((i for i, regions in enumerate(per_line) if _is_body(regions)), len(lines))
    for i in range(len(lines) - 2, first_body, -1):
        regions = per_line[i]
        if len(regions) != 1 or (regions[0].kind == BODY and not _heading_kept(lines[i][2], p)) \
                or lines[i][2].count(" ") >= p.short_max_words + 2 or not _WIDGET_HEADING.fullmatch(lines[i][2]):
            continue
        after = [j for j in range(i + 1, len(lines)) if _is_body(per_line[j])]
        if not after or any(lines[j][2].count(" ") >= p.widget_item_max_words for j in after):
            return
        # A widget closes the story, and its lines are other stories'. Under a "Trending now" heading printed inside the
        # story, right under its lede (dnaindia.com), stands more of the story than above it, most lines in its words.
        above = [k for k in range(first_body, i) if _is_body(per_line[k])]
        if sum(lines[j][2].count(" ") for j in after) > sum(lines[k][2].count(" ") for k in above):
            story = _story_words(lines, per_line, first_body, range(i, len(lines)))  # (the headline's words too)
            if 2 * sum(len(_content_words(lines[j][2]) & story) >= p.widget_story_shared_words for j in after) > len(after):
                return
        kept = regions[0].kind == BODY or regions[0].rule == "teaser_heading"
        if (len(after) > p.widget_max_items or kept) and not all(_headline_like(lines[j][2], p) for j in after):
            return  # a long widget, or one under a heading that reads as a subheading, is a list of headlines only
        s, e, _ = lines[i]
        per_line[i] = [Region(s, e, FURNITURE, "teaser_heading" if kept else regions[0].rule)]
        for j in after:
            s, e, _ = lines[j]
            per_line[j] = [Region(s, e, FURNITURE, "promo_link")]
        return


def _headline_like(text: str, p: FurnitureParams) -> bool:
    """A line shaped as a headline: a non-sentence of `teaser_min_words` to `teaser_max_words` words, one phrase (no
    full stop inside or at its end, no dangling ":" or ","), not a list's item ("1 cup flour", "10. <game>", "- $1
    billion for housing"), a field ("Result: X def. Y"), a listing ("... | from £13") or a quoted post."""
    if text[-1] in _TEASER_BAD_ENDS or text[-1] == "." or text[:1] not in _TEASER_STARTS:
        return False  # most lines: a paragraph ends in a full stop (cheap tests first)
    n = text.count(" ") + 1
    if not p.teaser_min_words <= n <= p.teaser_max_words:
        return False
    if ends_sentence(text) and not text.rstrip(_CLOSERS).endswith("?"):
        return False
    return _TEASER_NOT.search(text) is None and _LIST_ITEM.match(text) is None


_TEASER_BAD_ENDS = ":,;-–—(/&"
_TEASER_STARTS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789\"“‘'ÀÁÂÄÅÉÈÊÍÓÖÔÚÜÑÇ")
# What no headline holds: a sentence's end inside it, a field's label first, a listing's separator, a post's address.
# A full stop that ends no sentence: an initial ("U.S.", "J. Roe"), a title or an abbreviated month or US state ("Mr.",
# "Gov.", "Jan.", "Ala."), as headlines print them: "Ala. Grandmother's Home Spray-Painted", "U.S. Senate Passes Budget".
_ABBREVIATIONS = (
    "Mr", "Mrs", "Ms", "Dr", "St", "Jr", "Sr", "Gov", "Sen", "Rep", "Gen", "Lt", "Col", "Sgt", "Capt", "Prof", "Rev", "Mt",
    "Ft", "No", "vs", "Inc", "Co", "Corp", "Ltd", "Jan", "Feb", "Mar", "Apr", "Aug", "Sept", "Sep", "Oct", "Nov", "Dec",
    "Ala", "Ariz", "Ark", "Calif", "Colo", "Conn", "Del", "Fla", "Ga", "Ill", "Ind", "Kan", "Ky", "La", "Md", "Mass", "Mich",
    "Minn", "Miss", "Mo", "Mont", "Neb", "Nev", "Okla", "Ore", "Pa", "Tenn", "Tex", "Va", "Vt", "Wash", "Wis", "Wyo",
)
_NOT_AN_END = "".join(f"(?<!\\b{a})" for a in _ABBREVIATIONS) + "(?<!\\b[A-Z])"
# A sentence's end inside a line (not an initial's or an abbreviation's full stop: "U.S. Secretary", "Gov. Roe").
_SENTENCE_END_INSIDE = re.compile(rf"(?:[!?]|{_NOT_AN_END}\.)[\"”’)]?\s+[A-Z“\"]")
_TEASER_NOT = re.compile(
    rf"(?:[!?]|{_NOT_AN_END}\.)[\"”’)]?\s+[A-Z“\"]|^(?:\S+\s+){0,2}\S+:\s|\s\|\s|@\w|https?://|pic\.twitter|www\.|^\d{1,3}[.)]\s|\(@|[—–-]\s*$"
)
_STOP_WORDS = frozenset(
    "about after again also among and another because been before being between both could does doing down during each "
    "from have having here into just more most much must near only other over same should some such than that their "
    "them then there these they this those through under until very were what when where which while with would your "
    "will says said over year years".split()
)


def _content_words(text: str) -> set[str]:
    """A line's content words, each cut to its first five letters ("vaccines" meets "vaccine")."""
    return {w[:5] for w in _WORD.findall(text.casefold()) if len(w) >= 4 and w not in _STOP_WORDS}


def _story_words(lines: list[tuple[int, int, str]], per_line: list[list[Region]], title: int, skip: range) -> set[str]:
    """The story's vocabulary: the headline's and its paragraphs' (body lines ending a sentence) content words."""
    words = _content_words(lines[title][2]) if title >= 0 else set()
    for i, (_, _, text) in enumerate(lines):
        if i not in skip and i != title and _is_body(per_line[i]) and ends_sentence(text):
            words |= _content_words(text)
    return words


def _unconnected(text: str, story: set[str], share: float) -> bool:
    """At most `share` of the line's content words are the story's: another story's headline."""
    words = _content_words(text)
    return bool(words) and len(words & story) <= share * len(words)


def _whole_body(regions: list[Region]) -> bool:
    return len(regions) == 1 and regions[0].kind == BODY


def _drop_teaser_runs(
    lines: list[tuple[int, int, str]], per_line: list[list[Region]], title: int, p: FurnitureParams
) -> None:
    """`teaser_run_min` headline-like lines in a row (furniture between them aside: a thumbnail's credit, a time stamp),
    none of them about the story (`_unconnected`), are links to other stories ("More from ...", "Most read", or a list
    without a heading). A story's own list is of its own things, or holds items (quantities, numbers, fields)."""
    n = len(lines)
    story: set[str] | None = None

    def member(k: int) -> bool:
        # A teaser over its thumbnail's credit is taken for the picture's caption, a short one for a short line (unless
        # the subheading pass kept it): both count, so that keeping captions apart never keeps more of the page as body.
        regions = per_line[k]
        return _headline_like(lines[k][2], p) and (_whole_body(regions) or _line_is(regions, _TEASER_MEMBER_RULES))
    if sum(1 for _, _, t in lines if t[-1] != "." and t[-1] not in _TEASER_BAD_ENDS) < p.teaser_run_min:
        return  # fewer lines than a run that do not end as a paragraph (most pages: a cheap test first)
    # Where the story starts: its first paragraph (a body line longer than any headline, ending in a full stop). Above
    # it, a run of headlines is the page's list of other stories, whatever its words: the story's own lists are inside it.
    first = next((k for k in range(title + 1, n) if _whole_body(per_line[k]) and lines[k][2].rstrip(_CLOSERS).endswith(".")
                  and lines[k][2].count(" ") >= p.teaser_max_words), n)
    i = title + 1
    while i < n:
        if not member(i):
            i += 1
            continue
        run = [i]
        stamps = 0  # time stamps between the run's lines
        j = i + 1
        while j < n and (not _is_body(per_line[j]) or member(j)):
            if member(j):
                run.append(j)
            elif _line_is(per_line[j], _STAMP_RULES) and j < run[-1] + 2:
                stamps += 1
            j += 1
        if len(run) >= p.teaser_run_min:
            if story is None:
                story = _story_words(lines, per_line, title, range(0))
            # Headlines each under its time stamp ("14h", "11:35 AM 12/31/2014") are a list of posts, whatever their words:
            # a story's own list does not date its items one by one.
            stamped = stamps >= len(run) - 1
            if (stamped or j <= first < n or all(_unconnected(lines[k][2], story, p.teaser_vocab_share) for k in run)) \
                    and not _shared_form([lines[k][2] for k in run]):
                for k in run:
                    s, e, _ = lines[k]
                    per_line[k] = [Region(s, e, FURNITURE, "teaser_run")]
        i = j


_STAMP_RULES = frozenset({"timestamp", "date"})
_TICKER_SEPARATORS = re.compile(r"\s+[•·|]\s+")


def _drop_headline_tickers(
    lines: list[tuple[int, int, str]], per_line: list[list[Region]], title: int, p: FurnitureParams
) -> None:
    """A news ticker: one line of other stories' headlines joined by bullets or bars ("Tourism revenue in Lhasa to
    double by 2020 • Israel uncovers third cell in one month • ..."), `teaser_run_min` or more, each headline-like and
    most of them unconnected to the story: the teaser run of `_drop_teaser_runs` printed on one line. A menu's items are
    a word or two (`_menu`); a story's own bullets are its facts, in its words, or short ("• Wilmington, Ohio")."""
    story: set[str] | None = None
    for i, (s, e, text) in enumerate(lines):
        if i == title or not _whole_body(per_line[i]) or len(_TICKER_SEPARATORS.findall(text)) + 1 < p.teaser_run_min:
            continue  # most lines (cheap tests first)
        items = [t.strip() for t in _TICKER_SEPARATORS.split(text)]
        if not all(t and _headline_like(t, p) for t in items):
            continue
        if story is None:
            story = _story_words(lines, per_line, title, range(i, i + 1))
        if sum(_unconnected(t, story, p.teaser_vocab_share) for t in items) > p.ticker_unconnected_share * len(items):
            per_line[i] = [Region(s, e, FURNITURE, "teaser_run")]


def _drop_cut_teasers(
    lines: list[tuple[int, int, str]], per_line: list[list[Region]], title: int, p: FurnitureParams
) -> None:
    """A link to another story set between two paragraphs, its headline cut short by the site's ellipsis right after a
    letter ("Agriculture Minister off to Italy to participate in me..."): one phrase of a headline's length, no sentence,
    mostly in other words than the story's (`_unconnected`). The story trails off inside a quotation ("... and then...”")
    or with a speaker's label ("ROE: You bring in..."), and its paragraphs end in a sentence."""
    story: set[str] | None = None
    for i in range(title + 2, len(lines) - 1):
        text = lines[i][2]
        if not text.endswith(("...", "…")) or not _whole_body(per_line[i]):
            continue  # most lines (cheap tests first)
        cut = text.rstrip(".…")
        if not cut or not cut[-1].isalpha() or not text[0].isupper() or not p.teaser_min_words <= text.count(" ") + 1 <= p.teaser_max_words:
            continue
        if ":" in cut or _QUOTES.search(cut) or _SENTENCE_END_INSIDE.search(cut):
            continue
        if not (_is_body(per_line[i - 1]) and _is_body(per_line[i + 1])):
            continue
        if story is None:
            story = _story_words(lines, per_line, title, range(i, i + 1))
        if _unconnected(text, story, p.teaser_vocab_share):
            s, e, _ = lines[i]
            per_line[i] = [Region(s, e, FURNITURE, "promo_link")]
_LIST_SEPARATORS = (" - ", " – ", " — ", ": ", " vs ", " v ", " by ", ", ")


def _shared_form(texts: list[str]) -> bool:
    """Half the lines or more, two at least, share a separator: a list of fields ("Animation - Brush Head", "Pre-School
    Live Action - Balamory"), not headlines, each of which has its own form (one headline of two with a colon shares
    it with none)."""
    return any(2 * (n := sum(sep in t for t in texts)) >= len(texts) and n >= 2 for sep in _LIST_SEPARATORS)


def _drop_trailing_teasers(
    lines: list[tuple[int, int, str]], per_line: list[list[Region]], title: int, p: FurnitureParams
) -> None:
    """After the story's last paragraph, the body lines left to the page's end, when there are `trailing_teaser_min` or
    more and every one is headline-like and title-cased or unconnected to the story, are other stories' links: a page
    ends its story with a sentence, not with headlines."""
    if lines[-1][2][-1] == "." and _is_body(per_line[-1]):
        return  # the page ends in a paragraph (most pages: a cheap test first)
    last = next((i for i in range(len(lines) - 1, title, -1)  # (a caption's sentence counts, as where captions are body)
                 if (_is_body(per_line[i]) or _line_is(per_line[i], _CAPTION_RULE)) and ends_sentence(lines[i][2])
                 and not _headline_like(lines[i][2], p)), -1)
    if last < 0:
        return
    after = [k for k in range(last + 1, len(lines)) if _is_body(per_line[k])]
    bare = dict(zip(after, _without_item_separators([lines[k][2] for k in after], p)))
    if not all(_whole_body(per_line[k]) and _headline_like(bare[k], p) for k in after):
        return
    # A teaser over its thumbnail's credit is taken for the picture's caption: it counts too (as it does where captions
    # are body), so keeping captions apart never keeps more of the page as body.
    after = sorted(after + [k for k in range(last + 1, len(lines))
                            if _line_is(per_line[k], _CAPTION_RULE) and _headline_like(lines[k][2], p)])
    if len(after) < p.trailing_teaser_min:
        return
    story = _story_words(lines, per_line, title, range(last + 1, len(lines)))
    texts = [bare.get(k) or lines[k][2] for k in after]
    if all(_title_cased(t) or _unconnected(t, story, p.trailing_vocab_share) for t in texts) and not _shared_form(texts):
        for k in after:
            s, e, _ = lines[k]
            per_line[k] = [Region(s, e, FURNITURE, "teaser_run")]


_LEGAL_RULE = frozenset({"legal_notice"})


def _drop_after_legal_notices(
    lines: list[tuple[int, int, str]], per_line: list[list[Region]], title: int, p: FurnitureParams
) -> None:
    """A site's legal notice closes its story ("LEGAL WARNING: All rights ... reserved"): the paragraphs under it to the
    page's end, each mostly in other words than the story's (`_unconnected`), are other stories' teasers, however much
    they read like news. Only under a story: the paragraphs above the notice outnumber those below it."""
    notice = next((i for i in range(len(lines) - 1, title, -1) if _line_is(per_line[i], _LEGAL_RULE)), -1)
    if notice < 0:
        return  # most pages (a cheap test first)
    after = [k for k in range(notice + 1, len(lines)) if _is_body(per_line[k])]
    before = sum(1 for k in range(title + 1, notice) if _is_body(per_line[k]) and ends_sentence(lines[k][2]))
    if not after or before <= len(after) or not all(_whole_body(per_line[k]) for k in after):
        return
    story = _story_words(lines, per_line, title, range(notice, len(lines)))
    if all(_unconnected(lines[k][2], story, p.trailing_vocab_share) for k in after):
        for k in after:
            s, e, _ = lines[k]
            per_line[k] = [Region(s, e, FURNITURE, "teaser_run")]


_ITEM_SEPARATORS = ("-", "–", "—", "|", "•", "·")


def _without_item_separators(texts: list[str], p: FurnitureParams) -> list[str]:
    """`texts` without the separator a list of links prints after each item ("<headline> -", "<headline> |"), when
    `trailing_teaser_min` or more lines all end in the same one after a space, the last maybe not (a list printed with
    its separators between the items, or the page cut off inside the last: "Late-night Snacking Linked To Higher Risk
    Of Liver Di"); else `texts` as they are. A line that goes on to the next ends in a dash too, but not every line of
    a run."""
    if len(texts) < p.trailing_teaser_min or texts[0][-1] not in _ITEM_SEPARATORS or len(texts[0]) < 3:
        return texts
    end = " " + texts[0][-1]
    if not all(t.endswith(end) and len(t) > 2 for t in texts[:-1]):
        return texts
    return [t[:-2].rstrip() if t.endswith(end) and len(t) > 2 else t for t in texts]


# A tag box's heading: "Tags", "Topics", "Related topics", "Filed under", "More on these topics", "Keywords".
_TAG_HEADING = re.compile(
    r"(?i)(?:tags?|topics?|related\s+topics|categor(?:y|ies)|keywords?|filed\s+under|more\s+on(?:\s+these\s+topics)?|"
    r"explore\s+(?:more\s+)?topics|in\s+this\s+(?:article|story))\s*:?"
)
_BOX_HEADING_LINE = re.compile(
    r"(?im)^[ \t]*(?:tags?|topics?|related\s+topics|categor(?:y|ies)|keywords?|filed\s+under|more\s+on|explore|in\s+this|"
    r"about\s+the\s+)"
)
_AUTHOR_HEADING = re.compile(r"(?i)about\s+the\s+(?:authors?|writers?|reporters?|contributors?|columnist|journalist)\s*:?")


def _drop_tag_boxes(lines: list[tuple[int, int, str]], per_line: list[list[Region]], title: int, p: FurnitureParams) -> None:
    """Under a tag box's heading, its short items to the next paragraph are the page's tags ("Tags" over "Donald
    Trump", "Elections"); under an "About the author" heading, its paragraphs (at most `author_box_max_paragraphs`)
    are the author's bio."""
    for i in range(title + 1, len(lines) - 1):
        text = lines[i][2]
        if len(text) > 40 or text[-1:] in _TERMINALS:
            continue  # most lines (cheap test first)
        if _TAG_HEADING.fullmatch(text):
            rule, items = "tags", range(i + 1, len(lines))
        elif _AUTHOR_HEADING.fullmatch(text):
            rule, items = "author_bio", range(i + 1, min(len(lines), i + 1 + p.author_box_max_paragraphs))
        else:
            continue
        taken = [i]
        for k in items:
            if not _is_body(per_line[k]):
                continue
            if rule == "tags" and (lines[k][2].count(" ") >= p.tag_item_max_words or ends_sentence(lines[k][2])):
                break
            taken.append(k)
        if len(taken) > 1:
            for k in taken:
                s, e, _ = lines[k]
                per_line[k] = [Region(s, e, FURNITURE, rule)]


_PAGER_WORDS = re.compile(rf"(?im)^[ \t]*{_PAGER_PREFIX}(?:previous|prev|older)\b")
_PREVIOUS_OPENING = re.compile(rf"{_PAGER_PREFIX}(?i:previous|prev|older)\b")
_NEXT_OPENING = re.compile(rf"{_PAGER_PREFIX}(?i:next|newer)\b")


def _drop_post_links(lines: list[tuple[int, int, str]], per_line: list[list[Region]], p: FurnitureParams) -> None:
    """A pager: a "Previous ..." line and a "Next ..." line at most `post_link_window` lines apart with no paragraph
    between them ("Previous Best of <headline>" and "Next Best of <headline>"; "Previous" over its headline, "Next"
    over its). A bare "Previous" or "Next" takes the line under it, its link. Two subheadings of a story ("Previous
    attempts", "Next steps") have a paragraph between them."""
    n = len(lines)
    for i in range(n - 1):
        text = lines[i][2]
        if text[:1] not in _POST_LINK_STARTS or not _PREVIOUS_OPENING.match(text) or not _pager_line(text, p):
            continue
        for j in range(i + 1, min(n, i + 1 + p.post_link_window)):
            other = lines[j][2]
            if _NEXT_OPENING.match(other) and _pager_line(other, p):
                break
            if _is_body(per_line[j]) and not _pager_line(other, p):
                j = n  # a paragraph between: no pager
                break
        else:
            continue
        if j >= n:
            continue
        taken = [i, j]
        for k in (i, j):  # a bare "Previous" / "Next" over its link
            if lines[k][2].count(" ") < 2 and k + 1 < n and k + 1 != j and _pager_line(lines[k + 1][2], p):
                taken.append(k + 1)
        for k in taken:
            s, e, _ = lines[k]
            per_line[k] = [Region(s, e, FURNITURE, "post_link")]


def _pager_line(text: str, p: FurnitureParams) -> bool:
    """A pager's line: a word or a headline, no sentence."""
    return text.count(" ") < p.post_link_max_words and not text.endswith(".")


# A commenter's line over a reader's comment: "janeroe 5pts", "Jane Roe says:", "jroe 2 hours ago", "Jane Roe wrote:
# December 3, 2014 at 5:00 pm".
_COMMENTER = re.compile(  # (a user name and its points: one word, "pts", never "Roe 20 points", a box score's line)
    r"@?[\w.-]{2,40}\s+\d{1,6}\s?(?i:pts?)"
    r"|@?[\w.-]{2,40}(?:\s+[\w.'’-]{1,30}){0,2}\s+[•·|-]?\s*\d{1,3}\s+(?i:min(?:ute)?s?|hours?|days?|weeks?|months?|years?)\s+ago"
    r"|(?:[A-Z][\w'’.-]*\s+){0,2}[\w.'’-]+\s+(?:says|said|wrote)\s*:(?:\s+[^.!?]{1,60})?"
    # a user name alone, as a list item maybe, holding a digit or an underscore as names never do: "• Carla_79"
    r"|[•·*-]?\s*@?(?=[A-Za-z.-]*[\d_])[A-Za-z][\w.-]{2,30}"
)
_COMMENT_BOX = ("comment", "discussion", "conversation", "replies", "responses", "thoughts on", "thought on")


def _drop_reader_comments(lines: list[tuple[int, int, str]], per_line: list[list[Region]], p: FurnitureParams) -> None:
    """Readers' comments: under a comment box (a furniture line about comments, with more of the story's body above it
    than below), a commenter's line and the body lines after it, at most `comment_max_paragraphs`, to the next
    furniture line."""
    n = len(lines)
    body_words = [0] * (n + 1)  # body words above line i
    for i in range(n):
        body_words[i + 1] = body_words[i] + (lines[i][2].count(" ") + 1 if _is_body(per_line[i]) else 0)
    box = next((i for i in range(n) if not _is_body(per_line[i]) and len(lines[i][2]) <= p.rule_max_chars
                and any(map(lines[i][2].lower().__contains__, _COMMENT_BOX))
                and body_words[i] > body_words[n] - body_words[i]), n)
    for i in range(box + 1, n - 1):
        text = lines[i][2]
        if text.count(" ") >= p.commenter_max_words + 4 or (_is_body(per_line[i]) and not _whole_body(per_line[i])) \
                or not _COMMENTER.fullmatch(text):
            continue
        s, e, _ = lines[i]
        per_line[i] = [Region(s, e, FURNITURE, "reader_comment")]
        for k in range(i + 1, min(n, i + 1 + p.comment_max_paragraphs)):
            if not _is_body(per_line[k]):
                break
            s, e, _ = lines[k]
            per_line[k] = [Region(s, e, FURNITURE, "reader_comment")]


# A bio's opening: "Jane Roe is a political commentator and author.", "Jane Roe is the senior writer at ...".
_BIO_OPENING = re.compile(r"\W{0,2}(?P<name>(?:[A-Z][\w'’.-]+\s+){1,3}[A-Z][\w'’.-]+)\s+(?:is|was)\s+(?:a|an|the)\s")


_BYLINE_STARTS = frozenset("BbWwRrAaSsP")  # what `BYLINE_RE` can start with: "By", "Written by", "Reporter:", "Author:", "Story by", "Por"
_NAME_MAX_CHARS = 40  # a writer's name printed alone: "Jane Roe", "Dr Jane Roe-Doe"


def _drop_author_bios(lines: list[tuple[int, int, str]], per_line: list[list[Region]], p: FurnitureParams,
                      repeats: bool) -> None:
    """The writer's bio anywhere on the page (an author box beside the story, not only its last lines): a short
    paragraph "<Name> is a/the ..." about a person the page names as its writer, in a byline ("By: Jane Roe") or an
    author box (the name printed alone twice or more, once right above the bio). A story's "<Name> is a ..." about
    someone else, or about a speaker whose name labels a transcript's turns far from it, stays body."""
    writers: set[str] = set()
    alone: dict[str, list[int]] = {}  # a name printed alone: where
    for i, (_, _, text) in enumerate(lines):
        if len(text) > p.byline_max_chars:
            continue  # most lines: paragraphs (a cheap test first)
        name = match_byline(text) if text[:1] in _BYLINE_STARTS else None
        if name:
            writers.update(w.strip() for w in re.split(r"\s*(?:,|&|\band\b)\s*", name) if w.strip())
        elif repeats and len(text) <= _NAME_MAX_CHARS and _is_personal_name(text):
            alone.setdefault(text, []).append(i)
    boxes = {name: at for name, at in alone.items() if len(at) >= 2}  # an author box: the name, maybe a role, the bio
    if not writers and not boxes:
        return
    for i, (_, _, text) in enumerate(lines):
        if text[0].islower() or text[0].isdigit() or text.count(" ") >= p.bio_max_words or not _whole_body(per_line[i]):
            continue  # `_BIO_OPENING` opens with a capital, maybe after a bullet or a quote
        m = _BIO_OPENING.match(text)
        if m is None:
            continue
        name = m.group("name")
        if name in writers or any(0 < i - k <= p.author_box_lines for k in boxes.get(name, ())):
            s, e, _ = lines[i]
            per_line[i] = [Region(s, e, FURNITURE, "author_bio")]


_HANDLE_LINE = re.compile(r"@[\w.]{2,30}")


def _drop_author_boxes(lines: list[tuple[int, int, str]], per_line: list[list[Region]], p: FurnitureParams) -> None:
    """An author box: the writer's name alone on its line, right over a short paragraph that opens with that name, the
    whole or its first word, and "is"/"was" ("Lynde Langdon" over "Lynde is WORLD's executive editor for news. ..."),
    maybe over the writer's handle alone ("@lmlangdon"). The writer is named nowhere else on the page: a profile's
    subheading naming its subject ("Scott Richard Hoying" over "Scott Richard Hoying is also known as ...") is body."""
    for i in range(len(lines) - 1):
        text = lines[i][2]
        if " and " in text and _is_body(per_line[i]) and _joint_author_box(lines, per_line, i, p):
            continue
        if len(text) > _NAME_MAX_CHARS or not _is_personal_name(text) or not _is_body(per_line[i]):
            continue  # most lines (a cheap test first)
        bio = lines[i + 1][2]
        first = text.split()[0]
        if not _whole_body(per_line[i + 1]) or bio.count(" ") >= p.bio_max_words \
                or not any(bio.startswith(f"{who} {verb} ") for who in (text, first) for verb in ("is", "was")):
            continue
        surname = text.split()[-1]
        if any(surname in lines[k][2] for k in range(len(lines)) if k not in (i, i + 1)):
            continue
        box = [i, i + 1]
        if i + 2 < len(lines) and _HANDLE_LINE.fullmatch(lines[i + 2][2]):
            box.append(i + 2)
        for k in box:
            s, e, _ = lines[k]
            per_line[k] = [Region(s, e, FURNITURE, "author_bio")]


def _joint_author_box(lines: list[tuple[int, int, str]], per_line: list[list[Region]], i: int, p: FurnitureParams) -> bool:
    """Two writers' box closing the page: their names joined by "and" alone on a line ("Dr Jane Roe and Dr John Doe"),
    over the page's last line, one paragraph that opens with the first name and "is"/"was" and names the second ("Dr
    Jane Roe is a Senior Fellow, and Dr John Doe is ..."). The box closes the page, so a name quoted in the story above
    does not matter (unlike `_drop_author_boxes`'s one name); two people's names over a paragraph inside a story stay."""
    if i + 2 != len(lines):
        return False
    names = lines[i][2].split(" and ")
    if len(names) != 2 or not all(len(n) <= _NAME_MAX_CHARS and _is_personal_name(n) for n in names):
        return False
    bio = lines[i + 1][2]
    if bio.count(" ") >= p.bio_max_words or not any(bio.startswith(f"{names[0]} {verb} ") for verb in ("is", "was")) \
            or f"{names[1]} " not in bio or not (_whole_body(per_line[i + 1]) or _line_is(per_line[i + 1], _BIO_RULE)):
        return False
    for k in (i, i + 1):
        s, e, _ = lines[k]
        per_line[k] = [Region(s, e, FURNITURE, "author_bio")]
    return True


_BIO_RULE = frozenset({"author_bio"})


def _headline_key(text: str) -> str:
    """The headline's words, whatever the punctuation and case: "Storm hits coast's roads" ~ "Storm Hits Coast’s Roads"."""
    return " ".join(_WORD.findall(text.casefold().replace("’", "'")))


def _drop_headline_variants(
    lines: list[tuple[int, int, str]], per_line: list[list[Region]], title: int, p: FurnitureParams
) -> None:
    """The headline printed again anywhere, in another punctuation or with the site's name before or after it
    ("<headline> | The Daily Planet", "Politics - <headline>"): the headline is indexed once, from its own line.
    Identical copies are `repeated_line`s; a copy between two paragraphs is a section's heading (kept)."""
    if title < 0:
        return
    headline = lines[title][2]
    if len(headline) > p.rule_max_chars:
        return  # a paragraph in the headline's place (a story saved without one): no headline to find again
    high = len(headline) + 60
    candidates = [i for i in range(title + 1, len(lines)) if len(headline) // 2 - 10 <= len(lines[i][2]) <= high]
    if not candidates:
        return  # no line of a headline's length (most pages of paragraphs: a cheap test first)
    head = _headline_key(headline)
    if head.count(" ") < 2:
        return  # a headline of a word or two is found in ordinary lines
    # The headline line may itself carry the site's name ("Photos | <headline>"): the page prints the headline bare too.
    core = _without_site_name(headline, p)
    heads = {head} | ({core} if core and core.count(" ") >= 2 else set())
    size = len(core or headline)
    low = size - 10
    for i in candidates:
        text = lines[i][2]
        if not low <= len(text) <= high or not _whole_body(per_line[i]):
            continue
        key = _headline_key(text)
        if key in heads:
            if title < i - 1 and i < len(lines) - 1 and _is_body(per_line[i - 1]) and _is_body(per_line[i + 1]):
                continue  # a section's heading (the headline line itself is no paragraph before it)
        elif not _with_site_name(text, key, head, p):
            continue
        s, e, _ = lines[i]
        per_line[i] = [Region(s, e, FURNITURE, "headline_repeat")]


# A breadcrumb from the site's home to the headline, printed without its separators: "HomeNewsDiplomatic News<headline>",
# or with them: "Home > News > <headline>". "Home" is glued to the next crumb or followed by a separator ("Home Secretary
# Jane Roe: <headline>" is no breadcrumb).
_HOME_CRUMBS = re.compile(r"(?:Home|HOME)(?=[A-Z>»›/|:-]|\s+[>»›/|:-])(?:[\s>»›/|:-]*[A-Z][\w&'’-]*){0,6}[\s>»›/|:-]*")


def _drop_glued_breadcrumbs(
    lines: list[tuple[int, int, str]], per_line: list[list[Region]], title: int, p: FurnitureParams
) -> None:
    """Near the top, a line that is "Home", a few capitalised section names and the headline, glued or between
    separators, is the page's breadcrumb: no sentence opens "Home" and ends in the headline."""
    headline = lines[title][2]
    for i in range(title + 1, min(len(lines), p.dateline_max_line)):
        s, e, text = lines[i]
        if text[:1] != "H" or len(text) <= len(headline) or not text.endswith(headline) or not _whole_body(per_line[i]):
            continue
        if _HOME_CRUMBS.fullmatch(text, 0, len(text) - len(headline)):
            per_line[i] = [Region(s, e, FURNITURE, "menu")]


_RELEASE_STAMP = re.compile(rf"(?i){_RELEASE}|\bdistributed\s+by\b")


def _drop_release_issuers(
    lines: list[tuple[int, int, str]], per_line: list[list[Region]], title: int, p: FurnitureParams
) -> None:
    """A distributor prints the issuing organisation's name alone over its stamp ("Ministry of Example Affairs" over
    "30/08/2024 | Press release | Distributed by X on ..."): a name of capitalised and small words, no sentence, right
    above a time stamp naming a release, is the issuer's, not a subheading of the story."""
    for i in range(title + 2, min(len(lines), p.dateline_max_line)):
        if not _line_is(per_line[i], _STAMP_RULES) or not _RELEASE_STAMP.search(lines[i][2]):
            continue
        s, e, text = lines[i - 1]
        words = text.split()
        if _whole_body(per_line[i - 1]) and not ends_sentence(text) and len(words) <= p.subhead_max_words \
                and words[0][:1].isupper() and all(w[:1].isupper() or w in _SMALL_WORDS for w in words):
            per_line[i - 1] = [Region(s, e, FURNITURE, "byline")]


_SITE_SEPARATOR = re.compile(r"\s+[|–—-]\s+|\s*[|:]\s+")


_SEPARATOR_KEYS = ("|", "-", "–", "—", ":")


def _without_site_name(text: str, p: FurnitureParams) -> str:
    """The `_headline_key` of `text` without a site's or section's name across a separator ("Photos | X" -> "x"),
    or "" when it has none."""
    if not any(map(text.__contains__, _SEPARATOR_KEYS)):
        return ""
    parts = _SITE_SEPARATOR.split(text)
    if len(parts) < 2:
        return ""
    for at in (0, len(parts) - 1):
        if _name_like(parts[at], p):
            return _headline_key(" ".join(parts[:at] + parts[at + 1:]))
    return ""


def _name_like(name: str, p: FurnitureParams) -> bool:
    """A site's or section's name: a few capitalised words ("The Daily Planet", "Photos", "CBS News")."""
    return bool(name) and name.count(" ") < p.headline_site_max_words \
        and all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _SMALL_WORDS for w in name.split())


def _with_site_name(text: str, key: str, head: str, p: FurnitureParams) -> bool:
    """`text` is the headline and, across a separator (" | ", " - ", ": "), a name of a few capitalised words."""
    if head not in key:
        return False
    parts = _SITE_SEPARATOR.split(text)
    if len(parts) < 2:
        return False
    return any(_headline_key(" ".join(parts[:at] + parts[at + 1:])) == head and _name_like(parts[at], p)
               for at in (0, len(parts) - 1))


def _drop_book_boxes(lines: list[tuple[int, int, str]], per_line: list[list[Region]], p: FurnitureParams) -> None:
    """Above a book's "Publisher. 320 pp. $28" line, its title, subtitle and "By X" lines are the same box."""
    for i in range(1, len(lines)):
        if per_line[i - 1][-1:] and per_line[i - 1][-1].rule == "byline" and _PUBLISHER_PRICE.match(lines[i][2]):
            s, e, _ = lines[i]  # "By Jane Roe" then "Example Books, $28": the box without a page count
            per_line[i] = [Region(s, e, FURNITURE, "book_details")]
        if len(per_line[i]) != 1 or per_line[i][0].rule != "book_details":
            continue
        for j in range(i - 1, max(0, i - p.book_box_lines - 1), -1):
            text = lines[j][2]
            if len(text.split()) > p.promo_item_max_words or ends_sentence(text):
                break
            s, e, _ = lines[j]
            per_line[j] = [Region(s, e, FURNITURE, "book_details")]


def _drop_closing_bios(lines: list[tuple[int, int, str]], per_line: list[list[Region]], p: FurnitureParams) -> None:
    """The author's bio closes the story: "Jane Roe is a freelance writer in Lisbon." with nothing but
    furniture (a book box, a share bar, an affiliate note) after it, however many lines that furniture has."""
    for i in range(len(lines) - 1, 0, -1):
        regions = per_line[i]
        if not _is_body(regions):
            continue
        text = _TAG.sub("", lines[i][2])
        if len(regions) != 1 or len(text.split()) > p.bio_max_words or not _AUTHOR_BIO.match(text):
            return
        s, e, _ = lines[i]
        per_line[i] = [Region(s, e, FURNITURE, "author_bio")]


# A press release's end mark: "###", "# # #", "-30-"; and its media contact's heading ("Media contact: Jane Roe").
_RELEASE_END = re.compile(r"#\s?#\s?#|-\s?30\s?-")
_MEDIA_CONTACT = re.compile(r"(?i:(?:media|press|news)\s+contacts?|(?:for\s+)?(?:media|press)\s+inquiries)\b\s*:?.{0,100}")


def _drop_release_ends(lines: list[tuple[int, int, str]], per_line: list[list[Region]], p: FurnitureParams) -> None:
    """What follows a press release's end mark ("###", "-30-") is no part of the release: contacts, the "About"
    boilerplate, to the page's end. Under a "Media contact" heading, the short lines to the page's end (names, titles,
    addresses, numbers) are its contact. Either part must be shorter than the story before it (counted in lines)."""
    n = len(lines)
    for i in range(1, n):
        text = lines[i][2]
        if len(text) > p.rule_max_chars or 2 * i <= n:  # the second half of the page only (cheap tests first)
            continue
        if _RELEASE_END.fullmatch(text):
            rule = "release_end"
        elif _MEDIA_CONTACT.fullmatch(text) and all(lines[k][2].count(" ") < p.contact_max_words for k in range(i + 1, n)):
            rule = "contact"
        else:
            continue
        for k in range(i, n):
            s, e, _ = lines[k]
            per_line[k] = [Region(s, e, FURNITURE, rule)]
        return


# The heading of a press release's closing description of an organisation: "About Texas Tech University Health
# Sciences Center El Paso", "About the National Institutes of Health (NIH)". A story's section is "About the study".
_ABOUT_NAME_WORD = r"(?:[A-Z][\w&'’.-]*|\([A-Z][\w&'’.-]*\)|of|the|and|for|at|in|on|&|de|du|des|la|le)"
_ABOUT_HEADING = re.compile(rf"About\s+(?:the\s+)?[A-Z][\w&'’.-]*(?:,?\s+{_ABOUT_NAME_WORD}){{0,12}}:?")


def _drop_about_blocks(lines: list[tuple[int, int, str]], per_line: list[list[Region]], p: FurnitureParams) -> None:
    """A press release closes with each organisation's standing description under an "About <Organisation>" heading:
    the heading and at most `about_max_paragraphs` paragraphs under it, to the page's end or the next such block, are
    furniture (like an author's bio). The story before them, under the headline, must be the longer part."""
    end = len(lines)  # where the block under a heading ends: the page's end, or the next block's heading
    for i in range(len(lines) - 2, 0, -1):
        text = lines[i][2]
        if not text.startswith("About ") or text.count(" ") + 1 > p.subhead_max_words or ends_sentence(text) \
                or not _ABOUT_HEADING.fullmatch(text):
            continue
        # (a caption counts as a paragraph, as where captions are body: keeping them apart never keeps more as body)
        paragraphs = [k for k in range(i + 1, end) if _is_body(per_line[k]) or _line_is(per_line[k], _CAPTION_RULE)]
        if not paragraphs or len(paragraphs) > p.about_max_paragraphs or i - 1 <= len(paragraphs):
            return  # (the story's part counts lines, not body lines: whether captions are body must not matter)
        # ... and it holds more of the story's sentences (body or caption lines ending one) than the block: an "About Us"
        # of the top menu has the whole story under it, not a description.
        if sum(1 for k in range(i) if (_is_body(per_line[k]) or _line_is(per_line[k], _CAPTION_RULE))
               and ends_sentence(lines[k][2])) <= len(paragraphs):
            return
        for k in [i, *paragraphs]:
            s, e, _ = lines[k]
            per_line[k] = [Region(s, e, FURNITURE, "about_block")]
        end = i


_POLICY_RULE = frozenset({"comment_policy"})


def _drop_policy_heads(raw: str, lines: list[tuple[int, int, str]], per_line: list[list[Region]]) -> None:
    """A comment box's rules broken over lines: the lines right above the one that names the comments, with no blank line
    between and none ending a sentence, are its first half ("UYARI: Küfür, hakaret, ... yazılmamış," over "... yorumlar
    onaylanmamaktadır.")."""
    for i in range(len(lines) - 1, 0, -1):
        if not _line_is(per_line[i], _POLICY_RULE):
            continue
        j = i - 1
        while j >= 0 and _is_body(per_line[j]) and not ends_sentence(lines[j][2]) \
                and raw.count("\n", lines[j][1], lines[j + 1][0]) == 1:
            s, e, _ = lines[j]
            per_line[j] = [Region(s, e, FURNITURE, "comment_policy")]
            j -= 1


def _drop_contained_lines(
    lines: list[tuple[int, int, str]], per_line: list[list[Region]], title: int, keys: list[str], p: FurnitureParams
) -> None:
    """A body line printed again inside a longer body line (a pull quote, a caption retelling a
    paragraph) is kept only where it is longer: the words stay indexed once. The headline is no such
    paragraph: a line that is part of it is the section or series it names ("Executive Moves of the Week").
    The dek and its copies stay: the story's summary, however the story repeats it."""
    if len(lines) > p.contained_max_lines:
        return
    body = [i for i in range(len(lines)) if len(per_line[i]) == 1 and per_line[i][0].kind == BODY and i != title]
    # Identical lines are already one kept copy, so a line found twice in all of them is inside another.
    joined = "\n".join(lines[i][2] for i in body)
    dek: str | None = None  # found only once a line is inside another (most articles have none)
    copies: Counter[str] | None = None  # likewise: how many body lines are this very line
    top, short = p.dateline_max_line, p.clause_max_chars
    for i in body:
        text = lines[i][2]
        if text.count(" ") + 1 < p.contained_min_words:
            continue
        # Inside another line, or, among the story's first lines, inside one as a clause: the highlight under the dek,
        # "Five children have died ..." retold by "This follows reports that five children have died ...".
        if joined.count(text) > 1 or (i < top and len(text) <= short and text[0].isupper() and f" {text[0].lower()}{text[1:]}" in joined):
            if copies is None:
                copies = Counter(lines[k][2] for k in body)
            if copies[text] > 1 and joined.count(text) == copies[text]:
                continue  # only its own copies, which a pass kept as body (a review's field printed again): none is inside another
            if dek is None:
                at = _dek(lines, per_line, keys, title, p)
                dek = lines[at][2] if at >= 0 else ""
            if text != dek and not _STAGE_DIRECTION.fullmatch(text):
                s, e, _ = lines[i]
                per_line[i] = [Region(s, e, FURNITURE, "repeated_line")]


def _drop_pull_quotes(
    lines: list[tuple[int, int, str]], per_line: list[list[Region]], title: int, p: FurnitureParams
) -> None:
    """A pull quote abridges a paragraph of the story: it opens with the paragraph's own words, most of its
    word runs are in that one much longer paragraph, and (being a display line) it has no final full stop:
    "We all use X differently. Some see them as Y, others as Z" beside the paragraph that says it at length."""
    if len(lines) > p.contained_max_lines:
        return
    body = [i for i in range(len(lines)) if len(per_line[i]) == 1 and per_line[i][0].kind == BODY and i != title]
    # Cheap tests first: most articles have no display line of that length at all (ingest speed matters).
    candidates = [
        i for i in body
        if not ends_sentence(lines[i][2]) and "|" not in lines[i][2] and "@" not in lines[i][2]
        and p.pull_quote_min_words <= lines[i][2].count(" ") + 1 <= 2 * p.pull_quote_max_words
    ]  # no "|" or "@": a listing's fields ("X at the Y Theatre | from £13") or a quoted post ("... -@handle")
    if not candidates:
        return
    texts = {i: " ".join(_WORD.findall(_TAG.sub("", lines[i][2]).casefold())) for i in body}
    for i in candidates:
        words = texts[i].split()
        if not p.pull_quote_min_words <= len(words) <= p.pull_quote_max_words:
            continue
        opening = " ".join(words[:p.pull_quote_opening_words])
        grams = _grams(words, p.pull_quote_gram)
        for j in body:
            other = texts[j]
            if j == i or len(other) < p.pull_quote_length_ratio * len(texts[i]) or opening not in other:
                continue
            if len(grams & _grams(other.split(), p.pull_quote_gram)) >= p.pull_quote_share * len(grams):
                s, e, _ = lines[i]
                per_line[i] = [Region(s, e, FURNITURE, "pull_quote")]
                break


_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def _grams(words: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(words[k:k + n]) for k in range(len(words) - n + 1)}


def _mark_captions_before_credits(
    lines: list[tuple[int, int, str]], per_line: list[list[Region]], p: FurnitureParams
) -> None:
    """A short body line directly followed by a credit line is that photo's caption."""
    if not p.captions_are_furniture:
        return
    for i in range(1, len(per_line)):
        credit = per_line[i]
        text = lines[i][2]
        if len(credit) != 1 or credit[0].rule != "credit" or len(text.split()) > p.caption_credit_max_words:
            continue
        if not _STRONG_CREDIT.search(text):
            continue
        before = per_line[i - 1]
        if _FIRST_PERSON.search(lines[i - 1][2]):
            continue  # an interview's answer above a portrait's credit is speech, not the picture's caption
        if text[:6].lower() == "source" and (_REPORTS.search(lines[i - 1][2]) or lines[i - 1][2].endswith(("...", "…"))):
            continue  # "Source: GhanaWeb" under "It said the meeting would ...": where the story came from, not a chart's;
            # so is "Source: X" under a teaser's paragraph cut off by an ellipsis (its "…read more" cut): the rest is there
        if _CONNECTIVE_OPENING.match(lines[i - 1][2]):
            continue  # "But both ... dismissed the proposal ..." over "Source AFP": a paragraph going on from the one
            # above it; a picture's caption opens on what it shows, never on "But" or "However,"
        if _QUOTES.search(lines[i - 1][2]) and _REPORTS.search(lines[i - 1][2]):
            continue  # a paragraph quoting someone ("..., Mr. Faria reaffirmed ... “immediately” ..."), above a credit
            # printed before its own caption (La Presse): the story's, not the picture's
        if before and all(r.kind == BODY for r in before) and len(lines[i - 1][2].split()) <= p.caption_max_words:
            s, e, _ = lines[i - 1]
            per_line[i - 1] = _as_caption(before) if p.caption_tier else [Region(s, e, FURNITURE, "caption")]


def _keep_wire_signoffs(
    lines: list[tuple[int, int, str]], per_line: list[list[Region]], caption_body: dict[int, list[Region]], p: FurnitureParams
) -> None:
    """On a wire story (its dateline names the agency in brackets: "Tokyo, Jul 18 (EFE).- ..."), the story's last
    paragraph ending in that agency's bare name ("... “past and future issues.” EFE") is the wire's sign-off, not a
    picture credited to the agency: the paragraph stays body, the name is cut as its credit. Only the last: a picture
    between the paragraphs credited so ("... in Tokyo on Monday. EFE") is still a caption."""
    agency = next((m.group("agency") for _, _, text in lines[:p.dateline_max_line] if (m := _WIRE_DATELINE.match(text))), None)
    if agency is None:
        return  # most pages: no wire's dateline
    # (a caption dropped whole, without the caption tier, is furniture: it counts as the line it is)
    last = max((k for k, regions in enumerate(per_line) if k in caption_body or any(r.kind != FURNITURE for r in regions)),
               default=-1)
    regions = caption_body.get(last)
    if regions is None or last < 1 or not _whole_body(per_line[last - 1]) or not ends_sentence(lines[last - 1][2]):
        return
    credit = regions[-1]
    if credit.kind == FURNITURE and credit.rule == "credit" and credit.start > lines[last][0] \
            and lines[last][2][credit.start - lines[last][0]:].strip() == agency:
        per_line[last] = regions


_REPORTS = re.compile(r"\b(?:said|says|told|added|announced|stated|reaffirmed|affirmed|declared|insisted)\b")
# A paragraph's opening that goes on from the paragraph above: no caption opens so.
_CONNECTIVE_OPENING = re.compile(r"(?:But|However|Yet|Still|Moreover|Likewise|Similarly|Nevertheless|Nonetheless|Furthermore|"
                                 r"Meanwhile|Instead|Besides|In addition|On the other hand|Even so)\b,?\s")
# A caption's two halves, as some pages print every caption: "‘It took me days’ … Jane with the fruit. Photograph: X".
_CAPTION_JOINT = " … "


def _mark_captions_like_the_pages(
    lines: list[tuple[int, int, str]], per_line: list[list[Region]], p: FurnitureParams
) -> None:
    """A page prints its captions in one form: when at least `caption_template_min` of its credited captions join two
    halves with " … ", a short line of that form without a credit is one of its captions too ("The stuff of
    nightmares … Mr Bean's run-in with an oyster."). A story's own " … " is in a long line, or on a page without
    such captions."""
    if not p.captions_are_furniture or sum(_CAPTION_JOINT in line for _, _, line in lines) < p.caption_template_min + 1:
        return
    shaped = sum(1 for i, (_, _, line) in enumerate(lines)
                 if _CAPTION_JOINT in line and any(r.rule == "caption" for r in per_line[i]))
    if shaped < p.caption_template_min:
        return
    for i, (s, e, line) in enumerate(lines):
        regions = per_line[i]
        if _CAPTION_JOINT not in line or len(regions) != 1 or regions[0].kind != BODY:
            continue
        if len(line.split()) > p.source_caption_max_words or not ends_sentence(line) or _FIRST_PERSON.search(line):
            continue
        per_line[i] = _as_caption(regions) if p.caption_tier else [Region(s, e, FURNITURE, "caption")]


def _mark_captions_repeating_lines(
    lines: list[tuple[int, int, str]], per_line: list[list[Region]], p: FurnitureParams
) -> None:
    """A line of the story printed again with a source in brackets after it is a picture's caption: the dek under the
    lead photo, "<the dek>. (The Daily Planet)". The story's own copy stays body."""
    if not p.captions_are_furniture:
        return
    keys: set[str] | None = None
    for i, (s, e, text) in enumerate(lines):
        if text[-1] != ")" or len(per_line[i]) != 1 or per_line[i][0].kind != BODY:
            continue
        m = _BRACKETED_SOURCE.search(text)
        if m is None:
            continue
        if keys is None:
            keys = {_loose_key(t) for _, _, t in lines}
        bracket = text.rindex("(")  # the source holds no bracket of its own
        caption = text[:bracket].rstrip()
        if _loose_key(caption) not in keys:
            continue
        if p.caption_tier:
            per_line[i] = [Region(s, s + len(caption), CAPTION, "caption"), Region(s + bracket, e, FURNITURE, "credit")]
        else:
            per_line[i] = [Region(s, e, FURNITURE, "caption")]


def _mark_captions_uncredited_copies(
    lines: list[tuple[int, int, str]], per_line: list[list[Region]], caption_body: dict[int, list[Region]],
    p: FurnitureParams,
) -> None:
    """A caption printed twice in a row, once with its credit and once without ("X greeting Y yesterday." over "X
    greeting Y yesterday. PHOTO: Z"): the bare copy is the same picture's caption (its alt text), not a paragraph."""
    for i, regions in caption_body.items():
        if not _line_is(per_line[i], _CAPTION_RULE):
            continue  # a later pass kept it as body
        body = [r for r in regions if r.kind == BODY]
        if len(body) != 1 or body[0].end >= lines[i][1]:
            continue  # no credit cut off: no bare copy to tell apart
        start = lines[i][0]
        key = _loose_key(lines[i][2][body[0].start - start:body[0].end - start])
        for k in (i - 1, i + 1):
            if 0 <= k < len(lines) and _whole_body(per_line[k]) and _loose_key(lines[k][2]) == key:
                s, e, _ = lines[k]
                per_line[k] = _as_caption(per_line[k]) if p.caption_tier else [Region(s, e, FURNITURE, "caption")]


def _mark_captions_credited_alike(
    lines: list[tuple[int, int, str]], per_line: list[list[Region]], p: FurnitureParams
) -> None:
    """On a page whose captions end in their credit ("... on Wednesday. AP"), a short line the credit rules cut a name
    off ("... earlier this week. Example Corp") is one of its captions too, even with a one-word credit. Without such a
    caption on the page, one capitalised word after a sentence is too often the next sentence's first."""
    if not p.captions_are_furniture:
        return
    candidates = [i for i, regions in enumerate(per_line)
                  if len(regions) == 2 and regions[0].kind == BODY and regions[1].rule == "credit"]
    if not candidates or not any(_credited_caption(lines[i][2], per_line[i]) for i in range(len(lines))):
        return
    for i in candidates:
        body, credit = per_line[i]
        text, name = lines[i][2][:body.end - body.start], lines[i][2][credit.start - lines[i][0]:]
        if text.count(" ") + 1 > p.named_credit_max_words or name.count(" ") + 1 > p.named_credit_max_credit_words:
            continue
        if name.isupper() or name.endswith(("'s", "’s")) or _QUOTES.search(text) or _FIRST_PERSON.search(text):
            continue
        if _title_cased(lines[i][2]):
            continue  # a headline in title case, cut after an initial: "Russia Cancels Talks With U.S. In Response To Sanctions"
        s, e, _ = lines[i]
        per_line[i] = [Region(body.start, body.end, CAPTION, "caption"), credit] if p.caption_tier else [Region(s, e, FURNITURE, "caption")]


# Picture agencies whose name opens a caption on pages that print the credit first ("Getty Looks harmless, right?"): only
# agencies that sell pictures, never a newsroom or an agency a story names as its subject ("NASA Administrator X said").
_PICTURE_AGENCY_FIRST = re.compile(
    r"(?:Getty\s+Images|Getty(?!\s+Images\b)|Shutterstock|iStock|Alamy|WireImage|FilmMagic)\s+(?=[A-Z“\"‘'])"
)
_PICTURE_AGENCY_STARTS = ("Getty ", "Shutterstock ", "iStock ", "Alamy ", "WireImage ", "FilmMagic ")


def _mark_captions_credited_first(
    lines: list[tuple[int, int, str]], per_line: list[list[Region]], p: FurnitureParams
) -> None:
    """On a page whose captions open with their credit ("Jane Roe via Getty Images Eating processed meats ..."), a short
    line opening with a picture agency's bare name is one of its captions too ("Getty Looks harmless, right?")."""
    if not p.captions_are_furniture or not any(t.startswith(_PICTURE_AGENCY_STARTS) for _, _, t in lines):
        return
    if not any(" via " in t and _LEADING_CREDIT.match(t) and not _is_body(per_line[i]) for i, (_, _, t) in enumerate(lines)):
        return
    for i, (s, e, text) in enumerate(lines):
        regions = per_line[i]
        if not text.startswith(_PICTURE_AGENCY_STARTS) or len(regions) != 1 or regions[0].kind != BODY:
            continue
        m = _PICTURE_AGENCY_FIRST.match(text)
        if m is None or text.count(" ") + 1 > p.caption_max_words or _QUOTES.search(text) or _FIRST_PERSON.search(text):
            continue
        at = s + m.end()
        credit = Region(s, s + len(text[:m.end()].rstrip()), FURNITURE, "credit")
        per_line[i] = [credit, Region(at, e, CAPTION, "caption")] if p.caption_tier else [Region(s, e, FURNITURE, "caption")]


_SMALL_WORDS = frozenset("a an and as at but by for from in into of off on or out over per the to up via vs v with".split())


def _title_cased(text: str) -> bool:
    """Every word but the small ones capitalised (or a number): "Gonzaga Hit Last-Second 3-Pointer to Advance"."""
    words = [w.lstrip("\"'“‘(") for w in text.split()]
    content = [w for w in words if w and w.lower() not in _SMALL_WORDS]
    return len(content) >= 2 and all(w[0].isupper() or w[0].isdigit() for w in content)


def _mark_gallery_titles(lines: list[tuple[int, int, str]], per_line: list[list[Region]], p: FurnitureParams) -> None:
    """A title-cased line that is no sentence, right above a run of `gallery_min_captions` captions, is the gallery's
    (or its video's) title, not a subheading of the story: a subheading is followed by its paragraph, maybe past one
    picture."""
    n = p.gallery_min_captions
    for i in range(len(lines) - n):
        regions = per_line[i]
        if len(regions) != 1 or regions[0].kind != BODY or not _line_is(per_line[i + 1], _GALLERY_RULES):
            continue
        text = lines[i][2]
        if text.count(" ") + 1 > p.subhead_max_words or ends_sentence(text) or not _title_cased(text):
            continue
        # The gallery: the pictures under the title up to the next paragraph (a caption the site prints on other
        # pages too is boilerplate), holding `n` captions or more.
        captions = 0
        for k in range(i + 1, len(lines)):
            if _is_body(per_line[k]) or not _line_is(per_line[k], _GALLERY_RULES):
                break
            captions += _line_is(per_line[k], _CAPTION_RULE)
        if captions >= n:
            s, e, _ = lines[i]
            per_line[i] = _as_caption(regions) if p.caption_tier else [Region(s, e, FURNITURE, "caption")]


_CAPTION_RULE = frozenset({"caption"})
# What a teaser may have been taken for: a caption, a short line, or a copy of a line printed before (a dek's copy is body
# again where the dek is body, but not where the dek was taken for a caption: a teaser printed twice counts either way).
_TEASER_MEMBER_RULES = _CAPTION_RULE | _SUBHEADING_RULES | _REPEAT_RULES
_GALLERY_RULES = _PICTURE_RULES | {"boilerplate"}


def _credited_caption(text: str, regions: list[Region]) -> bool:
    """A caption line that ends in its credit, after its last sentence."""
    return any(r.kind == CAPTION or r.rule == "caption" for r in regions) and not ends_sentence(text)


def _loose_key(text: str) -> str:
    """`line_key`, also blind to the kind of apostrophe and quote mark: a caption retyped from a paragraph."""
    return line_key(text).replace("’", "'").replace("“", '"').replace("”", '"')


def _as_caption(regions: list[Region]) -> list[Region]:
    """A caption line's regions for the caption tier: its text (what the body rules would keep) becomes the
    caption; its credit, a glued date and markup stay furniture."""
    out = [Region(r.start, r.end, CAPTION, "caption") if r.kind == BODY else r for r in regions]
    if not any(r.kind == CAPTION for r in out):  # nothing left once the credit is cut: the whole line is the caption
        s, e = regions[0].start, regions[-1].end
        return [Region(s, e, CAPTION, "caption")]
    return out


def _body_regions(line: Line, p: FurnitureParams) -> list[Region]:
    """Regions of a line no whole-line rule took: the body, less a glued date, a repeated
    headline before it, a trailing credit and inline tags; or a short line that is no sentence."""
    raw, s, e = line.raw, line.start, line.end
    out: list[Region] = []
    tail: list[Region] = []
    bs, be = s, e
    text, plain, ends = line.text, line.plain, line.ends
    if not ends or text.endswith(")") or _DATE_PREFIX.match(text):
        # A labelled date glued to the line ("date 2021-06-22 Headline", "Headline DATE: ...").
        bs, be = _cut_dates(raw, s, e, p)
        if bs >= be:
            return [Region(s, e, FURNITURE, "date")]
        if bs > s:
            out.append(Region(s, _strip(raw, s, bs)[1], FURNITURE, "date"))
        if be < e:
            ts, te = _strip(raw, be, e)
            tail.append(Region(ts, te, FURNITURE, "date"))
        if (bs, be) != (s, e):
            text = raw[bs:be]
            plain = _TAG.sub("", text) if line.has_tag else text
            ends = ends_sentence(plain)
            # what the date was glued to may be furniture of its own, no headline: " date 2022-02-06 By:Staff writer",
            # " date 2023-11-17 Menu Content" (a skip link's targets)
            rest = "byline" if match_byline(plain) is not None else "widget_prompt" if (
                plain.count(" ") < p.widget_max_words and _widget_text(plain)) else None
            if rest is not None:
                return [*out, Region(bs, be, FURNITURE, rest), *tail]
    lead = _LEADING_CREDIT.match(raw, bs, be) if " via " in text else None
    if lead:
        out.append(Region(bs, _strip(raw, bs, lead.end())[1], FURNITURE, "credit"))
        bs = lead.end()
        text = plain = raw[bs:be]
    if line.title_len and bs == s and not line.has_tag:
        # "Headline The first paragraph...": the headline is indexed once, from its own line.
        he = s + line.title_len
        out.append(Region(s, _strip(raw, s, he)[1], FURNITURE, "headline_repeat"))
        bs = _strip(raw, he, be)[0]
        text = plain = raw[bs:be]
    if not ends and not line.is_title and len(plain) <= p.rule_max_chars:
        nwords = len(plain.split())
        if nwords <= p.subhead_max_words and plain.upper() == plain and plain.lower() != plain:
            return [Region(s, e, FURNITURE, "subhead")]
        if nwords <= p.short_max_words and not _OPENING_HOURS.match(plain):
            return [Region(s, e, FURNITURE, "short_line")]
    if not ends or text.endswith(")"):
        # A credit trailing a caption's last sentence ("... in Seoul. Kim Jae-hwan", "... (provided by ...)"),
        # or glued to it ("... of Tage Studios Courtesy of X", "... in the state. X via Getty Images").
        glued = _GLUED_CREDIT.search(raw, bs, be) if not ends and _may_glue_credit(text, text.lower()) else None
        cs = _trailing_credit(raw, bs, be, p) if glued is None else glued.start() + 1
        if cs is not None and glued is None and _FIRST_PERSON.search(raw, bs, cs) \
                and _is_personal_name(raw[cs:be].strip()) and not _STRONG_CREDIT.search(raw[cs:be].strip()):
            # "... I should have asked for hazard pay. Jane Roe": the writer signs speech, no picture's credit. The name
            # stays body, as a region of its own (the line is still a paragraph with something after it).
            tail.insert(0, Region(*_strip(raw, cs, be), BODY, ""))
            be = _strip(raw, bs, cs)[1]
            cs = None
        if cs is not None:
            credit_s, credit_e = _strip(raw, cs, be)
            tail.insert(0, Region(credit_s, credit_e, FURNITURE, "credit"))
            be = _strip(raw, bs, cs)[1]
    if line.has_tag:
        out.extend(_split_at_tags(raw, bs, be, p))
    elif bs < be:  # nothing left between the cuts ("." + "Posted on : <date>"): no empty body region
        out.append(Region(bs, be, BODY, ""))
    out.extend(tail)
    return out


# A listing's opening hours are the story's facts, however short: "Open Wednesday-Saturday 5 p.m.-midnight".
_OPENING_HOURS = re.compile(
    r"(?i:open(?:s|ing)?|daily|hours|(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?s?)\b[^:]{0,40}?\b\d{1,2}(?::\d{2})?\s?[ap]\.?m\b"
)


_INITIALS_END = re.compile(r"(?<![\w.])(?:[A-Z]\.){1,3}$")  # "U.S.", "U.K.": a stop that ends no headline


def _trailing_credit(raw: str, s: int, e: int, p: FurnitureParams) -> int | None:
    """Where a credit after the line's last sentence starts, or None."""
    last = raw[e - 1]
    if last in _TERMINALS or (last in _CLOSERS and last != ")" and last != "]"):
        return None
    m = _TRAILING_CREDIT.search(raw, max(s, e - p.credit_window), e)
    if m and m.start("credit") > s and _caption_credit_ok(m.group("credit"), p):
        if _INITIALS_END.search(raw, s, m.start("credit")) and _title_cased(raw[s:e]) \
                and not _STRONG_CREDIT.search(m.group("credit")):
            return None  # a headline in title case goes on after an initial: "Russia Cancels Talks With U.S. In Response To Sanctions"
        return m.start("credit")
    return None


def _caption_credit_ok(credit: str, p: FurnitureParams) -> bool:
    """A trailing run of capitalised words is a credit only if it is short and name-like."""
    c = credit.strip()
    dashed = c.startswith(("—", "–"))
    c = c.lstrip("—– ")
    if _LABELLED_CREDIT.match(c):  # "Photo: Supplied / Pacific Islands Forum Secretariat": its label says what it is
        return len(c.split()) <= p.labelled_credit_max_words
    if dashed:
        return False  # after a dash only a credit that says it is one: a name there signs a live blog's post
    if c.startswith(("(", "[")):
        return True
    return 0 < len(c.split()) <= 6 and not c.endswith(":")


_LABELLED_CREDIT = re.compile(r"(?i)(?:photo(?:graph)?s?|image|picture|credits?|courtesy)\s*:\s*\S")


def strip_date(raw: str, s: int, e: int) -> tuple[int, int]:
    """The part of line `raw[s:e]` left when a labelled date before or after it is removed."""
    s, e = _strip(raw, s, e)
    if s >= e:
        return s, e
    return _cut_dates(raw, s, e, DEFAULT_PARAMS)


def _cut_dates(raw: str, s: int, e: int, p: FurnitureParams) -> tuple[int, int]:
    """`strip_date` for an already stripped, non-empty line."""
    m = _DATE_PREFIX.match(raw, s, e)
    if m and m.end() > s:
        s = m.end()
    last = raw[e - 1]
    # Dates end in a digit, a time zone or "(KST)" and hold a year: cheap tests first.
    if (last.isalnum() or last == ")") and _YEAR.search(raw, max(s, e - p.date_window), e):
        m = _DATE_SUFFIX.search(raw, max(s, e - p.date_window), e)
        if m and m.start() < e:
            e = m.start()
    return _strip(raw, s, e)


def _is_date_line(line: str) -> bool:
    return len(line) <= DEFAULT_PARAMS.rule_max_chars and _DATE_LINE.fullmatch(line) is not None


def not_a_headline(line: str) -> bool:
    """A first line that cannot be the headline: only a date, only the page's address (pages saved with their
    URL on the first line, as a search tool or a scraper stores them), no letter at all ("...", "* * *"), a list's
    bulleted item ("• Category"), an advertisement's label, an ISO date with at most two words ("date 2020-11-26
    Facts"), or a page button's words ("Print this page", "print-only banner", "Share"): a headline is never a
    widget, and taken for one it hid the real headline below it from every headline rule."""
    text = line.strip()
    if _is_date_line(text) or (" " not in text and _URL_LINE.match(text) is not None):
        return True
    if not any(ch.isalpha() for ch in text):
        return True
    if text.count(" ") >= DEFAULT_PARAMS.widget_max_words:
        return False
    if text[0] in _LIST_BULLETS and text[1:2].isspace():
        return True  # a menu's or a list's item ("• Category", "• Content Type"): a headline has no bullet
    iso = _ISO_DATE.search(text)
    if iso and len((text[:iso.start()] + " " + text[iso.end():]).split()) <= 2:
        return True  # a machine stamp ("date 2020-11-26 Facts"): a headline never prints an ISO date
    if text.strip(" :-–—[]()").lower() in _AD_LABELS:
        return True  # an advertisement's slot label ("Advertisement") printed over the headline
    if match_byline(text) is not None:
        return True  # a byline over the story ("By:Staff writer" left of a glued date) names its writer, not the story
    return _widget_text(text)


def _section_label(text: str) -> bool:
    """A section's name as a page prints it over a story: one or two capitalised words, no digit, no stop."""
    words = text.split()
    return 1 <= len(words) <= 2 and all(_SECTION_TAG_WORD.fullmatch(w) for w in words) \
        and not any(ch.isdigit() for ch in text)


# The last word of a site's section for its stories ("News", "Press Releases", "Media Center"): no headline ends so.
_SECTION_NOUNS = frozenset("news releases statements announcements updates newsroom archives archive speeches briefings "
                           "center centre stories".split())


def _section_path(text: str) -> bool:
    """A section's name, or the path to it, over a story, naming itself as one: one or two capitalised words, or up
    to six with a "/" between, ending in a section's noun ("News", "Embassy Archives What's New/Press Releases"). No
    headline is in such words, whatever follows it."""
    parts = text.replace("/", " ").split()
    # (more than two words only as a path: "Ministers Sign Two Joint Statements" is a headline)
    return (1 <= len(parts) <= 2 or ("/" in text and len(parts) <= 6)) and parts[-1].lower() in _SECTION_NOUNS \
        and all(_SECTION_TAG_WORD.fullmatch(w) for w in parts) and not any(ch.isdigit() for ch in text)


# What opens a list's item: "• Category" over the headline is a menu's entry.
_LIST_BULLETS = frozenset("•·▪▸►‣◦■□●○")
_ISO_DATE = re.compile(r"(?<!\d)\d{4}-\d{2}-\d{2}(?!\d)")
_AD_LABELS = frozenset({"advertisement", "advertisements", "sponsored", "ad", "ads"})


# A press release's stamp over its headline: "For Immediate Release", "FOR IMMEDIATE RELEASE:".
_IMMEDIATE_RELEASE = re.compile(r"\W*for\s+immediate\s+release\W*", re.IGNORECASE)


# Words of an address that name no story: small words, and the page's file ending ("...-talks.html").
_SLUG_SMALL = frozenset("the of and for with in on to at a an by from de do da e y htm html".split())


def _slug_words(lines: Sequence[str]) -> frozenset[str]:
    """The words of the story's name in a page address among `lines` (its last path segment, decoded), when it names
    the story in four words or more ("somalia-rwanda-fms-sign-deal"; not "news_view.htm?lang=e&Seq_Code=181798")."""
    for text in lines:
        if " " in text or _URL_LINE.match(text) is None:
            continue
        segment = urllib.parse.unquote(text.split("://", 1)[-1].split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1])
        words = {w for w in re.split(r"[^\w]+|_", segment.lower()) if len(w) > 2 and not w.isdigit()} - _SLUG_SMALL
        return frozenset(words) if len(words) >= 4 else frozenset()
    return frozenset()


def _slug_share(text: str, slug: frozenset[str]) -> float:
    """The share of the address's story words `text` holds."""
    return len(slug & set(re.findall(r"\w+", text.lower()))) / len(slug)


def headline_index(texts: Sequence[str], p: FurnitureParams = DEFAULT_PARAMS) -> int:
    """Which of the article's first lines (stripped, blank ones left out) is its headline, -1 for none: the first that
    is not only a date, an address or a button (not_a_headline); but when that one is a breadcrumb from "Home" ending
    in a line printed below it ("Home » <headline>"), that line; and when a press release's stamp ("For Immediate
    Release") stands among the first lines, the first line after it that is neither a date nor a sentence and is
    followed by a paragraph (the issuer's office and the date come between: "Office of the Press Secretary"); and
    when that one is a section's name (one or two capitalised words) over a line and a date, or names itself a
    section ("News", "Archives/Press Releases": _section_path) over a line, that line."""
    first = next((i for i, text in enumerate(texts) if not not_a_headline(text)), -1)
    if first < 0:
        return first
    top = min(len(texts), first + p.dateline_max_line)
    slug = _slug_words(texts[:first])
    if slug and _slug_share(texts[first], slug) < 0.5:
        # The page's address names its story (".../15417-statement-of-the-foreign-ministers-of-argentina-..."): a line
        # below a first line that shares little of it (a portal's or a section's name: "Portal do Governo Brasileiro",
        # "European Union External Action") but that holds most of the address's words is the headline.
        for j in range(first + 1, top):
            if _slug_share(texts[j], slug) >= 0.7 and not not_a_headline(texts[j]):
                return j
    text = texts[first]
    if text[:4] in ("Home", "HOME"):
        for j in range(first + 1, top):
            if len(texts[j]) < len(text) and text.endswith(texts[j]) \
                    and _HOME_CRUMBS.fullmatch(text, 0, len(text) - len(texts[j])):
                return j
    if first + 1 < len(texts) and (_section_path(text) or (
            first + 2 < len(texts) and _section_label(text) and _is_date_line(texts[first + 2]))):
        # A section naming itself ("News", "Embassy Archives What's New/Press Releases") over the headline, or a
        # section's name over the headline and its date ("Media Center" / "3rd India-New Zealand Foreign Office
        # Consultations" / "May 25, 2021"): the headline is the line below, when it reads as one.
        below = texts[first + 1]
        if not ends_sentence(below) and not _is_date_line(below) and below.count(" ") + 1 >= p.section_headline_min_words:
            return first + 1
    for k in range(first, top):
        if "elease" in texts[k] or "ELEASE" in texts[k]:
            if not _IMMEDIATE_RELEASE.fullmatch(texts[k]):
                continue
            for j in range(k + 1, min(len(texts) - 1, k + 5)):
                line, after = texts[j], texts[j + 1]
                if _is_date_line(line) or ends_sentence(line):
                    continue
                if ends_sentence(after) and after.count(" ") + 1 > p.subhead_max_words:
                    return j
            break
    return first


def match_byline(line: str) -> str | None:
    """The person's name when `line` is a byline ("By Kim Ji-eun, staff reporter"), else None."""
    line = line.strip()
    if len(line) > DEFAULT_PARAMS.byline_max_chars or (ends_sentence(line) and not line.endswith(".")):
        return None
    m = BYLINE_RE.match(line)
    if not m:
        staff = _STAFF_BYLINE.match(line)
        return staff.group("name") if staff else None
    role = m.group("role")
    if role and not _ROLE_OK.match(role.strip()):
        names = _BYLINE_NAMES.match(line)
        return names.group("name").strip() if names else None
    return m.group("name").strip()


def line_keys(raw: str) -> list[str]:
    """The `line_key` of every non-blank line of `raw`, markup removed, in order."""
    return [line_key(_TAG.sub("", m.group()) if "<" in m.group() else m.group()) for m in _STRIPPED_LINE.finditer(raw)]


def line_key(text: str) -> str:
    """What makes two lines the same line: case, spacing and markup aside."""
    return " ".join(text.split()).casefold()


def _strip(raw: str, s: int, e: int) -> tuple[int, int]:
    piece = raw[s:e]
    left = piece.lstrip()
    if not left:
        return e, e
    s += len(piece) - len(left)
    return s, s + len(left.rstrip())


def _markup_key(line: str) -> str:
    """A line with markup compares equal to its repeat without it."""
    return " ".join(_TAG.sub("", line).split())


def ends_sentence(text: str) -> bool:
    return text.rstrip(_CLOSERS)[-1:] in _TERMINALS


def _split_at_tags(raw: str, s: int, e: int, p: FurnitureParams) -> list[Region]:
    out: list[Region] = []
    pos = s
    for m in _TAG.finditer(raw, s, e):
        out.extend(_piece(raw, pos, m.start(), p))
        out.append(Region(m.start(), m.end(), FURNITURE, "markup"))
        pos = m.end()
    out.extend(_piece(raw, pos, e, p))
    return out


def _piece(raw: str, s: int, e: int, p: FurnitureParams) -> list[Region]:
    s, e = _strip(raw, s, e)
    if s >= e:
        return []
    text = raw[s:e]
    if not _WORDY.search(text):
        return [Region(s, e, FURNITURE, "markup_fragment")]
    if len(text.split()) <= p.fragment_max_words and not ends_sentence(text):
        return [Region(s, e, FURNITURE, "markup_fragment")]
    return [Region(s, e, BODY, "")]
