"""A SQuAD (v2) JSON file as a corpus: one .txt article per title, plus its questions (unanswerable ones kept,
marked `no_answer`: the right reply to them is to say so)."""
from __future__ import annotations

import json
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from retrieval.evaluation.scoring import EvalQuestion, evaluate
from retrieval.records import AnalyzerOptions, EvalReport, IngestLimits


@dataclass(frozen=True, slots=True)
class SquadSet:
    folder: Path  # the .txt articles, one per SQuAD title
    questions: tuple[EvalQuestion, ...]  # answerable, then unanswerable ones marked no_answer
    impossible: int  # questions SQuAD marks unanswerable (is_impossible)


def _file_name(title: str, used: set[str]) -> str:
    base = re.sub(r"[^\w.-]+", "_", title).strip("._") or "article"
    name, n = f"{base}.txt", 1
    while name in used:
        n += 1
        name = f"{base}_{n}.txt"
    used.add(name)
    return name


def build_squad(json_path: Path, folder: Path) -> SquadSet:
    """Write each article as `folder/<title>.txt` (title line, then paragraphs separated by blank lines)."""
    try:
        data = json.loads(Path(json_path).read_text(encoding="utf-8-sig"))
        articles = data["data"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"{json_path} is not a SQuAD JSON file ({exc}); expected {{\"data\": [{{\"title\", \"paragraphs\"}}]}}") from exc
    folder.mkdir(parents=True, exist_ok=True)
    used: set[str] = set()
    questions: list[EvalQuestion] = []
    try:
        for article in articles:
            _write_article(article, folder, used, questions)
    except (KeyError, TypeError, AttributeError) as exc:
        raise ValueError(f"{json_path} is not a SQuAD JSON file: missing or malformed field {exc}; "
                         'each article needs "paragraphs" of {"context", "qas": [{"id", "question", "answers"}]}') from exc
    impossible = [q for q in questions if q.no_answer]
    answerable = [q for q in questions if not q.no_answer]
    return SquadSet(folder=folder, questions=(*answerable, *impossible), impossible=len(impossible))


def evaluate_squad(json_path: Path, *, limits: IngestLimits, analyzer: AnalyzerOptions) -> tuple[SquadSet, EvalReport]:
    """Build the SQuAD articles in a temporary store, ingest them and score every question."""
    from retrieval.service import QAService  # the facade sits above this stage

    with tempfile.TemporaryDirectory(prefix="qabot-squad-") as tmp:
        squad = build_squad(json_path, Path(tmp) / "articles")
        with QAService.open(Path(tmp) / "squad.sqlite3", create=True, limits=limits, analyzer=analyzer) as service:
            service.ingest([squad.folder])
            return squad, evaluate(service, squad.questions)


def _write_article(article: dict, folder: Path, used: set[str], questions: list[EvalQuestion]) -> None:
    """Write one article's file and append its questions."""
    title = str(article.get("title", "")).replace("_", " ").strip() or "Untitled"
    paragraphs = [" ".join(str(p["context"]).split()) for p in article["paragraphs"]]
    text = title + "\n\n" + "\n\n".join(paragraphs) + "\n"
    (folder / _file_name(title, used)).write_text(text, encoding="utf-8")
    for p in article["paragraphs"]:
        for qa in p["qas"]:
            impossible = bool(qa.get("is_impossible", False))
            questions.append(EvalQuestion(
                id=str(qa["id"]), question=str(qa["question"]),
                answers=() if impossible else tuple(dict.fromkeys(a["text"] for a in qa["answers"])),
                no_answer=impossible,
            ))
