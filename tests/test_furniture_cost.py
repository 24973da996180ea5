"""The furniture rules' cheap gates never change a verdict: a rule skipped on a long line, or a pattern skipped for a
missing key, could only have said no."""
from __future__ import annotations

import dataclasses

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from retrieval.corpus import furniture as F
from retrieval.corpus.furniture import FurnitureParams, classify_lines

# Pieces that make one rule or another fire, and filler to push a line past the rules' length bounds.
PIECES = [
    "Sign up for our free newsletter", "Photo: AP", "Jane Roe contributed to this report.", "All rights reserved",
    "For more recipes, visit example.com.", "By Jane Roe", "Updated 2 hours ago", "Jane Roe is a freelance writer.",
    "check out the link below", "Atria. 432 pp. $30", "DOI: 10.1038/x", "Related: The talks", "HOME | NEWS | WORLD",
    "Contact Jane Roe at jane@example.com", "Jane Roe, Max Poe, Ann Lee", "(AP Photo/Jane Roe)", "Jane Roe / AP",
    "courtesy of Example Studio", "Jane Roe via Getty Images", "— AP", "| Jane Roe/WireImage", "Image credit: NASA",
    "Jane Roe, left, and Max Poe, right,", "In this photo, a dog runs.", "FILE: a dog runs.", "1 / 18: A dog runs.",
    "This story has been updated.", "for informational purposes only", "affiliate links", "Visit Example now to get it",
    "03:12", "Image 1 of 2", "is sensitive to all backgrounds", "Posted on : 2021-06-22", "The talks resumed.",
    "officials said", "on Monday", "in the capital", "and", "said.", "Seoul", "www.example.com",
    "Follow Example on Twitter", "Getty", "About Example University", "From Example Health.", "Full coverage: X",
    "###", "Media contact:", "Previous Post", "Next", "←", "→", "14h", "11:35 AM 12/31/2014", "SIGN THE PETITION!",
    "Forgot your password?", "Powered by Example", "2 comments", "janeroe 5pts", "By: Jane Roe", "Jane Roe is a writer.",
    "You are here: Home", "Adjust font size:", "Xinhua, January 10, 2016", "Learn how your comment data is processed.",
    "Tokyo, Jul 18 (EFE).- The talks", "EFE", "•", "+ larger font- Smaller font", "Baku, Azerbaijan, June 9",
    "By Jane Roe - Trend:", "(UTC +04:00)", "|", "https://example.gov/en/press-service/statements/1-x", "Press service",
    "Comments that insult will not be approved.", "yorumlar onaylanmamaktadır.", "UYARI: Küfür,", "Read 190 times",
    "Kaynak:Source of News", "– PRESIDENCIA DE PERÚ", "08:38 | San Francisco (U.S.), Nov. 15.", "• Global Edition",
    "Jump to content",
]
LINE = st.lists(st.sampled_from(PIECES), min_size=1, max_size=40).map(" ".join)
PAGE = st.lists(LINE, min_size=1, max_size=12).map(lambda lines: "Talks resume in Seoul\n\n" + "\n\n".join(lines) + "\n")
PARAMS = [
    FurnitureParams(),
    FurnitureParams(caption_tier=False),
    FurnitureParams(captions_are_furniture=False),
    # bounds in another order than the defaults', and the web pointer's second bound past its first
    FurnitureParams(cta_max_words=5, pointer_max_words=8, promo_item_max_words=12, rule_max_chars=60, credit_max_chars=300),
]


def every_rule_tried(raw: str, params: FurnitureParams, monkeypatch: pytest.MonkeyPatch) -> tuple[F.Region, ...]:
    """`classify_lines` with every line rule tried on every line, whatever its length."""
    with monkeypatch.context() as m:
        m.setattr(F, "_RULE_TABLES", {params: F._RuleTable((), (), ((F.LINE_RULES,),))})
        return classify_lines(raw, params=params)


@settings(max_examples=300, deadline=None)
@given(PAGE, st.sampled_from(PARAMS))
def test_property_skipping_the_rules_a_line_is_too_long_for_changes_nothing(raw: str, params: FurnitureParams) -> None:
    with pytest.MonkeyPatch.context() as mp:
        assert classify_lines(raw, params=params) == every_rule_tried(raw, params, mp)


def test_a_long_line_is_offered_fewer_rules_and_the_rules_without_a_bound_always() -> None:
    p = FurnitureParams()
    table = F._rule_table(p)
    unbounded = {r.name for r in F.LINE_RULES if r.max_words is None and r.max_chars is None}
    longest = {r.name for r in table.rules[-1][-1]}
    assert longest == unbounded and {"caption", "footer", "repeated_line"} <= longest
    assert [r.name for r in table.rules[0][0]] == [r.name for r in F.LINE_RULES]
    # the call to action is still tried on a line of up to its affiliate bound (disclosures run long) ...
    assert p.cta_max_words < p.editor_note_max_words
    raw = "Talks resume\n\n" + " ".join(["This article contains affiliate links."] * 9) + "\n"
    assert [r.rule for r in classify_lines(raw)][1:] == ["call_to_action"]


def test_the_table_follows_the_params_it_is_made_for() -> None:
    p = dataclasses.replace(FurnitureParams(), stamp_max_words=200)
    raw = "Talks resume\n\n" + "Updated 2 hours ago " * 20 + "\n"
    assert [r.rule for r in classify_lines(raw)][1:] != ["timestamp"]  # too long for a time stamp by default
    assert [r.rule for r in classify_lines(raw, params=p)][1:] == ["timestamp"]


CREDITISH = st.lists(st.sampled_from([
    "Jane", "Roe", "AP", "Getty", "Images", "The", "Forum", "via", "courtesy", "of", "Courtesy", "image", "credit",
    "Image", "Credit:", "/", "|", "—", "–", "a", "dog", "runs", ".", "left,", "right)", "(center)", "centre,", "(A)",
    "Roe,", "AGENCIA", "Agence", "NA",
]), max_size=14).map(" ".join)


@settings(max_examples=500, deadline=None)
@given(CREDITISH)
@example("a dog runs – AP")
@example("a dog runs — AP")
@example("a dog runs Jane Roe / The Forum")
@example("a dog runs | Jane Roe/Getty")
@example("a dog runs Jane Roe via Getty Images")
@example("a dog runs Courtesy of Jane Roe")
@example("a dog runs Image Credit: Jane Roe")
@example("a dog runs (image: Jane Roe)")
@example("a dog runs (PICTURE by Jane Roe)")
@example("a dog runs AP/Jane Roe")
@example("Jane Roe (center) and Max Poe, left to right)")
@example("Jane Roe y John Doe, AGENCIA NA")
def test_property_the_key_tests_are_true_wherever_their_pattern_matches(text: str) -> None:
    if F._GLUED_CREDIT.search(text):
        assert F._may_glue_credit(text, text.lower())
    if F._PICTURE_POSITION.search(text):
        assert any(k in text for k in F._POSITION_KEYS)


# One instance of each alternative of `_COMMENT_POLICY`, in order: each holds one of the rule's keys.
POLICY_INSTANCES = [
    "Comments that are abusive will not be approved.", "Comments may be removed.", "We will not publish comments",
    "We reserve the right to delete comments", "YORUMLAR ONAYLANMAMAKTADIR.", "Los comentarios no serán publicados.",
    "Os comentários não serão publicados.", "Les commentaires ne seront pas publiés.", "Kommentare werden gelöscht.",
    "I commenti non saranno pubblicati.",
]


@pytest.mark.parametrize("instance", POLICY_INSTANCES)
def test_each_comment_policy_form_is_tried_on_a_line_that_holds_it(instance: str) -> None:
    assert F._COMMENT_POLICY.search(instance)
    assert any(k in instance.lower() for k in F._COMMENT_POLICY_KEYS)


# One instance of each form of `_CTA_FORMS`, in order.
CTA_INSTANCES = [
    "Listen 4 min", "Comment on this story", "Gift Article", "Subscribe", "Subscribe to our podcast",
    "Sign up for free", "our weekly food newsletter", "newsletter: straight to your inbox", "Subscribe to the newsletter",
    "in your inbox", "Turn on push notifications", "Download the free app", "Are you on Telegram?",
    "Follow the station on Instagram", "Stay informed. Follow Example News on WhatsApp.", "Find us on", "Like us", "For news updates, follow", "Share this story",
    "Let us know what you think in the comments", "Click here", "We need to hear from you", "Consider a donation",
    "Don't hesitate to contact us", "Email us your tips at x@example.com", "Support local journalism",
    "put a dollar value on", "Donate today", "Become a member", "Stream live", "Get the latest", "Continue reading",
    "affiliate links", "We may earn a commission", "If you can donate", "Transcripts are created",
    "accuracy and availability may vary", "You can watch it below", "View this post on Instagram",
    "Sign the petition", "Thank you for signing up", "A confirmation email has been sent", "I would like to receive",
    "By submitting this form you agree", "No thanks",
]


@pytest.mark.parametrize("form, instance", list(zip(F._CTA_FORMS, CTA_INSTANCES, strict=True)))
def test_each_call_to_action_form_is_tried_on_a_line_that_holds_it(form: tuple[tuple[str, ...], str], instance: str) -> None:
    import re
    assert re.search(f"(?i:{form[1]})", instance)
    assert F.call_to_action_form(instance, instance.lower())


# One instance of each form of `_WIDGET_FORMS`, in order: each holds one of its form's words.
WIDGET_INSTANCES = [
    "The reCAPTCHA verification period has expired. Please reload the page.", "Like this: Like Loading...",
    "Was this article helpful?", "Send us feedback", "Email this", "Join the conversation", "Comments are closed",
    "You are replying to: .",
    "Join our Telegram channel", "Be the first to comment", "Deja tu comentario", "Accessibility links", "No caption available",
    "Have a news tip?", "Report a typo", "Rate this recipe", "Help us improve", "Story continues below advertisement",
    "Continue reading the main story", "Listen to this article", "Your browser does not support the video tag",
    "Reuse this content", "Forgot your username and password?", "Don't have an account?", "Already a member?",
    "Your weather is now set to Springfield.", "Powered by Livefyre", "0 New Stories Since Your Last Visit",
    "Sign in with Google or Register", "Enter your email address", "We use cookies to improve your experience",
    "Comments (12)", "Click to enlarge", "Loading...", "You are here: Home", "Adjust font size:",
    "+ larger fontnormal font- Smaller font", "This site uses Akismet to reduce spam.",
    "Fill in your details below or click an icon to log in:", "You are commenting using your WordPress.com account.",
    "Twitter picture", '0 Response to "Talks resume"', "This news has been read 190 times in total",
    "Click acá para ir directamente al contenido",
]


@pytest.mark.parametrize("form, instance", list(zip(F._WIDGET_FORMS, WIDGET_INSTANCES, strict=True)))
def test_each_widget_form_is_tried_on_a_line_that_holds_it(form: tuple[tuple[str, ...], str], instance: str) -> None:
    import re
    assert re.search(f"(?i:{form[1]})", instance)
    assert any(k in instance.lower() for k in form[0]) and any(k in instance.lower() for k in F._WIDGET_KEYS)


CTA_TEXT = st.lists(st.sampled_from(CTA_INSTANCES + [
    "officials", "said", "the", "story", "in", "“", ".", "our", "to", "on", "Twitter", "you", "can", "here", "below",
]), max_size=10).map(" ".join)


@settings(max_examples=500, deadline=None)
@given(CTA_TEXT)
def test_property_trying_only_the_call_to_action_forms_whose_words_are_there_finds_what_all_the_forms_find(text: str) -> None:
    assert F.call_to_action_form(text, text.lower()) == (F._CALL_TO_ACTION.search(text) is not None)


@pytest.mark.parametrize("line", [
    "This article first ran at Example News, original article syndication source: Example News.",
    "The content of this post does not necessarily reflect the views of the station.",
])
def test_the_editor_notes_split_from_the_pattern_are_still_editor_notes(line: str) -> None:
    raw = f"Talks resume\n\nThe talks resumed on Monday, officials said.\n\n{line}\n"
    assert [r.rule for r in classify_lines(raw)] == ["", "", "editor_note"]
