"""The one analyzer: the folding rules, spans, options, versioning."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from retrieval.index.analyzer import Analyzer
from retrieval.records import AnalyzerOptions

A = Analyzer()


def test_dotted_and_capital_abbreviations_fold_together_and_survive_stop_words():
    assert A.terms("U.S.") == A.terms("US") == ["us"]
    assert A.terms("the U.N. and UN") == ["un", "un"]
    assert A.terms("U.S.-led talks") == ["us", "led", "talk"]
    assert A.terms("let us go") == ["let", "go"]  # the pronoun is a stop word


def test_hyphenated_names_match_with_or_without_hyphen():
    assert A.terms("Kim Jong-un") == A.terms("Kim Jong Un") == A.terms("kim jong un")
    assert A.terms("Jong\u2011un") == A.terms("Jong-un")  # non-breaking hyphen folded


def test_possessives_and_curly_quotes():
    assert A.terms("Korea's") == A.terms("Korea\u2019s") == A.terms("Korea") == ["korea"]
    assert A.terms("Kim Jong-un\u2019s remark") == ["kim", "jong", "un", "remark"]
    assert A.terms("it\u2019s") == []  # contraction in the stop list


def test_nfkc_and_dashes():
    assert A.terms("\ufb01nal") == A.terms("final")
    assert A.terms("\uff55\uff53") == A.terms("us")  # full-width letters
    assert A.terms("2020\u20132021") == ["2020", "2021"]


def test_numbers_are_kept():
    assert A.terms("1,000 troops and 3.5 percent in 2021") == ["1000", "troop", "3.5", "percent", "2021"]


def test_stemming_and_stop_words():
    assert A.terms("The meetings were held") == ["meet", "held"]
    assert A.is_stop_word("the") and A.is_stop_word("us") and not A.is_stop_word("US")
    assert not A.is_stop_word("korea")


def test_options_switch_rules_off_and_change_the_version():
    plain = Analyzer(AnalyzerOptions(stem=False, stop_words=False))
    assert plain.terms("The meetings") == ["the", "meetings"]
    assert not plain.is_stop_word("the")
    versions = {Analyzer(AnalyzerOptions(s, w)).version for s in (True, False) for w in (True, False)}
    assert len(versions) == 4


def test_spans_point_at_the_words_in_the_original_text():
    text = "Sung Kim met Kim Jong-un\u2019s envoy in the U.S. \u2026 \ufb01nally"
    spans = A.term_spans(text)
    words = {term: text[s:e] for term, s, e in spans}
    assert words["jong"] == "Jong" and words["un"] == "un"
    assert words["us"] == "U.S"
    assert words["envoy"] == "envoy"
    assert words["final"] == "\ufb01nally"  # ligature: span covers the original characters


def test_empty_and_punctuation_only():
    assert A.terms("") == [] and A.terms("... -- !!") == [] and A.term_spans("") == []


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=60)
       | st.lists(st.sampled_from(["U.S.", "Korea's", "Jong-un", "1,000", "the", "US", "\u2019s", " ", "-",
                                   "\u2026", "\ufb01", "e\u0301", "O'Brien", ".", "3.5", "N."]), max_size=12).map("".join))
def test_terms_equal_span_terms_and_spans_are_in_bounds(text):
    spans = A.term_spans(text)
    assert [t for t, _, _ in spans] == A.terms(text)
    for term, start, end in spans:
        assert 0 <= start < end <= len(text)
        assert term == term.lower() and term.strip() == term and term


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_analysis_is_stable_across_instances(text):
    assert Analyzer().terms(text) == A.terms(text)


def test_a_unit_glued_to_dimensions_is_a_term_of_its_own():
    assert A.terms("a print 8x10in") == A.terms("a print 8x10") == A.terms("a print 8x10 in") == ["print", "8x10"]
    assert A.terms("the 4x100m relay") == A.terms("the 4x100 m relay") == ["4x100", "m", "relay"]
    assert A.term_spans("8x10in-sized") == [("8x10", 0, 4), ("size", 7, 12)]
    assert A.terms("4x4s and 3x") == ["4x4s", "3x"]  # no unit: the word as it is


@given(st.lists(st.integers(min_value=1, max_value=9999), min_size=2, max_size=3),
       st.sampled_from(["in", "cm", "mm", "m", "ft", "px"]))
def test_dimensions_match_with_or_without_their_unit(sides, unit):
    written = "x".join(map(str, sides))
    assert A.terms(f"{written}{unit}")[0] == A.terms(written)[0] == written


# What the rules make of the seed articles, by rules version: a change to what the analyzer makes of text must
# bump RULES_VERSION (each version keeps its own index; stored terms and spans count for their version only) and
# add its line here. A change that forgets the bump would serve a store's old terms as if the new rules made them.
_TERMS_BY_RULES = {"5": "e251e29a7f123b96"}


def test_the_rules_version_names_what_the_rules_make_of_text() -> None:
    import hashlib
    import json

    from conftest import SEEDS

    from retrieval.index.analyzer import RULES_VERSION

    texts = [line for f in sorted(SEEDS.iterdir()) for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
    analyzer = Analyzer()
    made = hashlib.sha256(json.dumps([analyzer.terms(t) for t in texts]).encode()).hexdigest()[:16]
    assert _TERMS_BY_RULES.get(RULES_VERSION) == made, (
        f"the analyzer's terms changed ({made}) without a new RULES_VERSION: bump it and add it to _TERMS_BY_RULES")
