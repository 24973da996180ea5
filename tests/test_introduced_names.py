"""A person named in full once is then called by one name ("Wang Yi met ..." then "Mr Wang called on ...")."""
from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from retrieval.answering.params import DEFAULT
from retrieval.answering.rerank import _stands_alone
from tests.conftest import service_over

STORY = ("Wang arrives in Asia\n\n"
         "China's Foreign Minister Wang Yi yesterday called on his Singapore counterpart and the Malaysian Prime "
         "Minister Mahathir Mohamad. The two sides discussed trade. "
         "Earlier in the day, Mr Wang called on Tun Dr Mahathir in Putrajaya, his first visit there. "
         "The talks covered the railway project.\n")
OTHER = ("Envoys meet in Seoul\n\n"
         "Sung Kim, the US envoy, arrived in Seoul on Saturday. "
         "Kim Jong-un said his country must prepare for confrontation in Pyongyang. "
         "The envoy met officials from Japan.\n")


def test_a_later_sentence_calling_the_person_by_one_name_holds_the_whole_name(tmp_path: Path) -> None:
    with service_over(tmp_path, {"wang.txt": STORY, "kim.txt": OTHER}) as svc:
        reply = svc.ask("where did wang yi call on mahathir")
        assert "Putrajaya" in reply.answers[0].text
        off = svc.ask("where did wang yi call on mahathir", explain=True)
        lines = off.answers[0].explanation
        assert abs(sum(f.value for f in lines) - off.answers[0].score) < 1e-6  # --explain still adds up
        assert any("Wang Yi," in f.note and "Wang Yi~" not in f.note for f in lines if f.name == "coverage")


def test_the_same_word_inside_another_name_is_not_the_person(tmp_path: Path) -> None:
    with service_over(tmp_path, {"wang.txt": STORY, "kim.txt": OTHER}) as svc:
        reply = svc.ask("where did sung kim arrive")
        assert "Sung Kim" in reply.answers[0].text  # "Kim Jong-un said ..." holds no part of Sung Kim alone


def test_a_word_stands_alone_beside_titles_and_lower_case_words_only() -> None:
    for text, word in [("Mr Wang said so.", "Wang"), ("Foreign Minister Wang said so.", "Wang"),
                       ("Wang said so.", "Wang"), ("said Kim, the envoy.", "Kim")]:
        start = text.index(word)
        assert _stands_alone(text, start, start + len(word)), text
    for text, word in [("Kim Jong-un said so.", "Kim"), ("Sung Kim said so.", "Kim")]:
        start = text.index(word)
        assert not _stands_alone(text, start, start + len(word)), text


@given(st.text(alphabet="abc XYZ,.", max_size=30), st.text(alphabet="abc xyz,.", max_size=30))
def test_lower_case_surroundings_never_join_a_name(before: str, after: str) -> None:
    text = before.lower() + " Wang " + after.lower()
    start = len(before) + 1
    assert _stands_alone(text, start, start + 4)


def test_the_credit_is_a_named_parameter() -> None:
    assert DEFAULT.introduced_name is None or 0.0 < DEFAULT.introduced_name <= 1.0
