"""bench.blind: the scoring of hand-made replies, and the whole harness on a tiny corpus written here."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.blind import SetRun, SetSpec, Subset, run_set, score_set, stored_sentences, table
from bench.blind_scoring import BlindItem, ReferenceBM25, normalise
from retrieval import Answer, AnswerSet, Outcome, QAService, Sentence

RAW = {
    "a.txt": "Dam report\n\nThe dam was finished in 1931 after six years. It holds 40 billion litres.\n",
    "b.txt": "Bridge report\n\nThe bridge opened in May. Its span is 300 metres long.\n",
}


def _answer(source: str, text: str, *, shift: int = 0) -> Answer:
    start = RAW[source].index(text) + shift
    return Answer(text=text, source=source, also_in=(), score=1.0, start=start, end=start + len(text), title="t",
                  date=None, sentence_id=0, position=0)


def _sentence(source: str, text: str, sid: int = 1) -> Sentence:
    start = RAW[source].index(text)
    return Sentence(sid, source, 0, start, start + len(text), text)


DAM = "The dam was finished in 1931 after six years."
LITRES = "It holds 40 billion litres."
BRIDGE = "The bridge opened in May."
SPAN = "Its span is 300 metres long."


def test_score_set_counts_every_column_of_hand_made_replies() -> None:
    items = [
        BlindItem("q1", "When was the dam finished?", ("in 1931",), source="a.txt"),
        BlindItem("q2", "how much does the dam hold", ("40 billion litres",), source="a.txt", style="chat"),
        BlindItem("q3", "When did the bridge open?", ("opened in May",), source="b.txt"),
        BlindItem("q4", "How long is the span?", ("300 metres",), source="b.txt"),
        BlindItem("u1", "Who built the dam?", (), no_answer=True, source="a.txt"),
        BlindItem("u2", "What did the bridge cost?", (), no_answer=True, source="b.txt"),
        BlindItem("u3", "Who painted the bridge?", (), no_answer=True, source="b.txt"),
    ]
    replies = [
        AnswerSet("q1", False, answers=(_answer("a.txt", DAM),)),  # right at 1
        AnswerSet("q2", False, answers=(_answer("a.txt", DAM), _answer("a.txt", LITRES))),  # right at 2
        AnswerSet("q3", True),  # wrongly refused
        AnswerSet("q4", True, outcome=Outcome.NOT_SURE, answers=(_answer("b.txt", BRIDGE),)),  # not sure, wrong
        AnswerSet("u1", True),  # refused: right
        AnswerSet("u2", True, outcome=Outcome.NOT_SURE, answers=(_answer("b.txt", SPAN),)),
        AnswerSet("u3", False, answers=(_answer("b.txt", BRIDGE, shift=1),)),  # answered, and a bad citation
    ]
    references = [_sentence("b.txt", BRIDGE), _sentence("a.txt", LITRES), _sentence("b.txt", BRIDGE),
                  _sentence("b.txt", SPAN), *[_sentence("a.txt", DAM)] * 3]

    rows, results = score_set("tiny", items, replies, RAW.get, references=references,
                              subsets=[Subset("chat", lambda i: i.style == "chat")])

    whole, chat = rows
    assert (whole.questions, whole.answerable, whole.unanswerable) == (7, 4, 3)
    assert whole.top1 == pytest.approx(1 / 4)
    assert whole.top5 == pytest.approx(2 / 4)
    assert whole.mrr == pytest.approx((1 + 1 / 2) / 4)
    assert whole.reference_top1 == pytest.approx(3 / 4)  # q2, q3, q4
    assert (whole.refused, whole.unsure_unanswerable) == (1, 1)
    assert (whole.wrongly_refused, whole.unsure_answerable) == (1, 1)
    assert whole.citation_failures == 1
    assert (chat.name, chat.questions, chat.top1, chat.mrr, chat.reference_top1) == ("tiny · chat", 1, 0.0, 0.5, 1.0)
    assert [r.item.id for r in results if r.failed] == ["q2", "q3", "q4", "u2", "u3"]
    printed = table([SetRun("tiny", rows=rows)])
    assert "| tiny | 7 (4 + 3) | 0.250 | 0.500 | 0.375 | 0.750 | 1/3 | 1/3 | 1/4 | 1/4 | 1 |" in printed


def test_gold_finder_tells_missing_gold_from_ranking() -> None:
    sentences = [_sentence("a.txt", DAM, 1), _sentence("a.txt", LITRES, 2), _sentence("b.txt", BRIDGE, 3)]
    items = [BlindItem("lost", "When?", ("in 1932",), source="a.txt"),
             BlindItem("elsewhere", "When?", ("opened in May",), source="a.txt"),
             BlindItem("ranked", "How much?", ("40 billion",), source="a.txt")]
    replies = [AnswerSet(i.id, False, answers=(_answer("a.txt", DAM),)) for i in items]
    _, results = score_set("tiny", items, replies, RAW.get, sentences=sentences)
    assert [r.kind() for r in results] == ["gold in no stored sentence", "gold only in other articles", "ranking"]


def test_normalise_folds_quotes_dashes_case_and_space() -> None:
    assert normalise("It’s  THE “end”\u2014now") == "it's the \"end\"-now"


def test_reference_bm25_picks_the_sentence_sharing_rare_words() -> None:
    sentences = [_sentence("a.txt", DAM, 1), _sentence("a.txt", LITRES, 2), _sentence("b.txt", SPAN, 3)]
    assert ReferenceBM25(sentences).top("How many litres does it hold?").id == 2


def _write_corpus(folder: Path) -> None:
    folder.mkdir()
    (folder / "dam.txt").write_text(
        "Hoover dam report\n\nThe Hoover dam was finished in 1931 after six years of work. "
        "Its reservoir holds forty billion litres of river water.\n", encoding="utf-8")
    (folder / "bridge.txt").write_text(
        "Golden bridge report\n\nThe Golden Gate bridge opened to traffic in May 1937. "
        "Its orange paint is called international orange by the engineers.\n", encoding="utf-8")
    (folder / "tower.txt").write_text(
        "Eiffel tower report\n\nThe Eiffel tower was built for the Paris fair of 1889. "
        "Gustave Eiffel's company designed and built the wrought iron lattice.\n", encoding="utf-8")


def test_run_set_builds_the_whole_corpus_once_then_reuses_it(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    _write_corpus(corpus)
    questions = tmp_path / "questions.jsonl"
    lines = [
        {"id": "q1", "question": "How many litres does the Hoover reservoir hold?", "answers": ["forty billion litres"],
         "source": "dam.txt"},
        {"id": "q2", "question": "What is the Golden Gate bridge's orange paint called?",
         "answers": ["international orange"], "source": "bridge.txt", "style": "chat"},
        {"id": "u1", "question": "How tall is the Eiffel tower?", "answers": [], "no_answer": True,
         "source": "tower.txt"},
    ]
    questions.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    spec = SetSpec("tiny", corpus, (questions,), articles=3, subsets=(Subset("chat", lambda i: i.style == "chat"),))
    work = tmp_path / "work"

    first = run_set(spec, work, rebuild=False, reference=True)

    assert first.skipped is None and first.warnings == []  # no warning: our numbers equal `evaluate`'s
    assert first.store["built"] is True and first.store["articles"] == 3
    whole = first.rows[0]
    assert (whole.questions, whole.answerable, whole.unanswerable) == (3, 2, 1)
    assert whole.reference_top1 == 1.0  # each question shares its rare words with one sentence only
    assert whole.refused + whole.unsure_unanswerable <= 1 and whole.citation_failures == 0
    assert [r.name for r in first.rows] == ["tiny", "tiny · chat"]

    again = run_set(spec, work, rebuild=False, reference=True)
    assert again.store["built"] is False
    assert again.rows == first.rows

    with QAService.open(work / "tiny" / "store.sqlite") as service:
        assert len(stored_sentences(service)) == service.stats().sentences


def test_run_set_skips_a_set_whose_data_is_absent(tmp_path: Path) -> None:
    spec = SetSpec("gone", tmp_path / "no-such-corpus", (tmp_path / "q.jsonl",))
    run = run_set(spec, tmp_path / "work", rebuild=False, reference=True)
    assert run.skipped is not None and "no-such-corpus is absent" in run.skipped
    assert not (tmp_path / "work").exists()
