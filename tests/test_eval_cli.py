"""`qabot ask` and `qabot eval` as a user runs them: real subprocesses on a real store."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PROJECT_ROOT, SEEDS

ANSWER_KEYS = {"text": str, "source": str, "also_in": list, "score": float, "start": int, "end": int,
               "title": str, "date": (str, type(None)), "site": (str, type(None)), "context": (str, type(None)),
               "caption": bool}  # true: a photo caption answered (the caption tier)


def qabot(home: Path, store: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QABOT_", "TELEGRAM_"))}
    env.update(HOME=str(home), PYTHONPATH=str(PROJECT_ROOT), QABOT_LOG_LEVEL="WARNING", NO_COLOR="1")
    return subprocess.run([sys.executable, "-m", "bot", "--store", str(store), *args],
                          cwd=home, env=env, capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    home = tmp_path_factory.mktemp("cli")
    store = home / "store.sqlite3"
    done = qabot(home, store, "ingest", str(SEEDS))
    assert done.returncode == 0, done.stderr
    return home, store


def check_answer_set(data: dict) -> None:
    assert list(data) == ["question", "no_answer", "outcome", "missing_terms", "corrections", "reading", "lacks",
                          "answers"]
    assert data["lacks"] is None or (data["lacks"] in {"number", "date"} and data["outcome"] == "not_sure")
    assert isinstance(data["question"], str) and isinstance(data["no_answer"], bool)
    assert data["outcome"] in {"answer", "not_sure", "not_found"}
    assert (data["outcome"] == "answer") == (not data["no_answer"])
    assert all(set(c) == {"typed", "read_as"} for c in data["corrections"])
    assert data["reading"] is None or isinstance(data["reading"], str)
    assert all(isinstance(t, str) for t in data["missing_terms"])
    for a in data["answers"]:
        assert list(a) == list(ANSWER_KEYS)
        for key, kind in ANSWER_KEYS.items():
            assert isinstance(a[key], kind), (key, a[key])
        assert all(isinstance(s, str) for s in a["also_in"])


def test_ask_json_has_exactly_the_documented_keys_and_types(seeded) -> None:
    home, store = seeded
    done = qabot(home, store, "ask", "Who did Sung Kim meet in Seoul?", "--json", "-k", "3", "--context")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    check_answer_set(data)
    assert data["no_answer"] is False and len(data["answers"]) == 3
    assert all(a["context"] and a["text"] in a["context"] for a in data["answers"])
    scores = [a["score"] for a in data["answers"]]
    assert scores == sorted(scores, reverse=True)


def test_ask_json_no_answer(seeded) -> None:
    home, store = seeded
    data = json.loads(qabot(home, store, "ask", "What is the weather in Paris tomorrow?", "--json").stdout)
    check_answer_set(data)
    assert data["no_answer"] is True and data["answers"] == []
    assert data["missing_terms"] == ["weather", "Paris", "tomorrow"]


def test_ask_default_k_is_one_plus_the_setting(seeded) -> None:
    home, store = seeded
    data = json.loads(qabot(home, store, "ask", "What did Sullivan say?", "--json").stdout)
    assert len(data["answers"]) == 4  # 1 + QABOT_ANSWERS (default 3)


def test_ask_prints_the_sentence_its_sources_and_why(seeded) -> None:
    home, store = seeded
    done = qabot(home, store, "ask", "What does the US hope the DPRK will do?", "-k", "2", "--explain")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert out.startswith("1. ")
    assert "source: " in out and "also in: " in out and "\n2. " in out
    assert "coverage" in out and "bm25" in out and "why: score" in out


def test_an_unquoted_question_is_the_words_joined(seeded) -> None:
    home, store = seeded
    quoted = json.loads(qabot(home, store, "ask", "Who did Sung Kim meet in Seoul?", "--json").stdout)
    done = qabot(home, store, "ask", "Who", "did", "Sung", "Kim", "meet", "in", "Seoul?", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == quoted


def test_ask_rejects_a_k_below_one(seeded) -> None:
    home, store = seeded
    done = qabot(home, store, "ask", "anything", "-k", "0")
    assert done.returncode == 2 and "-k must be at least 1" in done.stderr


def test_eval_prints_the_table_and_writes_one_prediction_per_question(seeded) -> None:
    home, store = seeded
    questions = home / "set.jsonl"
    questions.write_text(
        json.dumps({"id": "q1", "question": "Which university does Leif-Eric Easley teach at?", "answers": ["Ewha"]}) + "\n"
        + json.dumps({"id": "q2", "question": "Who is the CEO of Apple?", "answers": [], "no_answer": True}) + "\n",
        encoding="utf-8")
    out = home / "pred" / "out.jsonl"
    done = qabot(home, store, "eval", str(questions), "--predictions", str(out))
    assert done.returncode == 0, done.stderr
    for label in ("top-1", "top-5", "MRR", "no-answer precision", "no-answer recall", "wrongly refused", "citation failures"):
        assert label in done.stdout
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["id"] for line in lines] == ["q1", "q2"]
    for line in lines:
        rest = {k: v for k, v in line.items() if k != "id"}
        check_answer_set(rest)
    assert lines[1]["no_answer"] is True

    metrics = json.loads(qabot(home, store, "eval", str(questions), "--json").stdout)
    assert metrics["questions"] == 2 and metrics["answerable"] == 1
    assert metrics["top1"] == 1.0 and metrics["no_answer_recall"] == 1.0 and metrics["citation_failures"] == 0


def test_eval_builds_a_squad_file_into_a_temporary_store(tmp_path: Path) -> None:
    context = ("The Rhine bridge at Arnhem was completed in 1935. It was destroyed in 1944 and rebuilt in 1948. "
               "The new bridge carries four lanes of traffic.")
    squad = {"version": "v2.0", "data": [{"title": "Arnhem_bridge", "paragraphs": [{"context": context, "qas": [
        {"id": "a", "question": "When was the Arnhem bridge completed?", "answers": [{"text": "1935", "answer_start": 42}], "is_impossible": False},
        {"id": "b", "question": "How many lanes does the new bridge carry?", "answers": [{"text": "four lanes", "answer_start": 120}], "is_impossible": False},
        {"id": "c", "question": "Who designed the bridge?", "answers": [], "is_impossible": True},
    ]}]}]}
    path = tmp_path / "tiny.json"
    path.write_text(json.dumps(squad), encoding="utf-8")
    done = qabot(tmp_path, tmp_path / "unused.sqlite3", "eval", str(path), "--json", "--predictions", str(tmp_path / "p.jsonl"))
    assert done.returncode == 0, done.stderr
    metrics = json.loads(done.stdout)
    # The unanswerable question is kept and scored as a no-answer question.
    assert metrics["questions"] == 3 and metrics["answerable"] == 2
    assert metrics["top1"] == 1.0 and metrics["citation_failures"] == 0
    assert [json.loads(x)["id"] for x in (tmp_path / "p.jsonl").read_text().splitlines()] == ["a", "b", "c"]
    assert not (tmp_path / "unused.sqlite3").exists()


def test_eval_explains_a_bad_file(seeded, tmp_path: Path) -> None:
    home, store = seeded
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json}\n", encoding="utf-8")
    done = qabot(home, store, "eval", str(bad))
    assert done.returncode == 2 and "bad.jsonl:1" in done.stderr
    missing = qabot(home, store, "eval", str(tmp_path / "nope.jsonl"))
    assert missing.returncode == 2 and "no question file" in missing.stderr
    # answers given as one string would be scored letter by letter: refused, naming the value
    (tmp_path / "string.jsonl").write_text('{"id": "a", "question": "Who?", "answers": "Seoul"}\n', encoding="utf-8")
    done = qabot(home, store, "eval", str(tmp_path / "string.jsonl"))
    assert done.returncode == 2 and "'Seoul'" in done.stderr and "Traceback" not in done.stderr
    # a SQuAD file missing a field: one line naming it, no traceback
    (tmp_path / "bad.json").write_text('{"data": [{"title": "x", "paragraphs": [{"qas": []}]}]}', encoding="utf-8")
    done = qabot(home, store, "eval", str(tmp_path / "bad.json"))
    assert done.returncode == 2 and "'context'" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize(("content", "says"), [
    (b"", "holds no questions"),
    (b"\n\n", "holds no questions"),
    (b'{"id": "a", "question": "Who met in Seoul?"}\n', "no answers"),
    (b"\xff\xfe\x00binary\x00", "is not a UTF-8 text file"),
])
def test_eval_refuses_a_set_it_cannot_score(content: bytes, says: str, tmp_path: Path) -> None:
    from retrieval import load_questions

    path = tmp_path / "set.jsonl"
    path.write_bytes(content)
    with pytest.raises(ValueError, match=says) as caught:
        load_questions(path)
    assert str(path) in str(caught.value) and "\n" not in str(caught.value)
