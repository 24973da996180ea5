"""Answer quality over a question set: top-1, top-5, MRR, no-answer precision/recall, citations.

Scoring follows the convention of the shared evaluation data (../shared/eval/README.md): after normalising case, white space, curly quotes and
dashes, the answer is right when one of the accepted strings is a substring of the returned
sentence. Every returned answer's citation is checked against its source's raw text.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from retrieval.index.analyzer import normalise as fold_text
from retrieval.records import Answer, AnswerSet, EvalReport, Outcome, Prediction

TOP_K = 5  # answers asked for per question: top-5 and MRR look this deep


@dataclass(frozen=True, slots=True)
class EvalQuestion:
    """One line of a question set."""

    id: str
    question: str
    answers: tuple[str, ...]
    no_answer: bool = False


class Asker(Protocol):
    """What `evaluate` needs: a QAService, or anything else that answers and shows raw texts."""

    def ask(self, question: str, k: int = ...) -> AnswerSet: ...

    def raw_text(self, source: str) -> str: ...


def normalise(text: str) -> str:
    """Case, white space, curly quotes and en/em dashes folded, as the eval README says."""
    text = fold_text(text).lower()
    return " ".join(text.split())


def is_right(accepted: Iterable[str], sentence: str) -> bool:
    s = normalise(sentence)
    return any(a and normalise(a) in s for a in accepted if normalise(a))


def citation_ok(answer: Answer, raw: str) -> bool:
    """The answer's text is what its source holds at [start:end], white space aside."""
    if not (0 <= answer.start < answer.end <= len(raw)):
        return False
    return "".join(raw[answer.start:answer.end].split()) == "".join(answer.text.split())


def load_questions(path: Path) -> list[EvalQuestion]:
    """A JSONL question set (`id`, `question`, `answers`, optional `no_answer`)."""
    out = []
    try:
        lines = Path(path).read_text(encoding="utf-8-sig").splitlines()
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path} is not a UTF-8 text file ({exc.reason} at byte {exc.start}); "
                         "a question set is JSON lines") from exc
    except OSError as exc:
        raise ValueError(f"cannot read {path}: {exc.strerror or exc}") from exc
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            if not isinstance(row.get("answers", []), list):
                raise TypeError(f"answers must be a list of strings, got {row['answers']!r}")
            if not row.get("answers") and not row.get("no_answer", False):
                raise TypeError('no answers: give "answers" or mark it "no_answer": true')
            q = EvalQuestion(
                id=str(row.get("id", f"line{number}")),
                question=str(row["question"]),
                answers=tuple(str(a) for a in row.get("answers", [])),
                no_answer=bool(row.get("no_answer", False)),
            )
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ValueError(
                f"{path}:{number}: not a question line ({exc}); expected "
                '{"id": ..., "question": ..., "answers": [...], "no_answer": false}'
            ) from exc
        out.append(q)
    if not out:
        raise ValueError(f"{path} holds no questions; a question set is one JSON object per line")
    return out


def evaluate(asker: Asker, questions: Sequence[EvalQuestion]) -> EvalReport:
    """Ask every question and score the replies."""
    answerable = [q for q in questions if not q.no_answer]
    top1 = top5 = rr = 0.0
    refused_right = refused = wrongly_refused = failures = 0
    not_sure = not_found = unanswerable_not_sure = 0
    lines = []
    raw_cache: dict[str, str] = {}
    for q in questions:
        reply = asker.ask(q.question, k=TOP_K)
        lines.append(Prediction(q.id, reply))
        for a in reply.answers:
            if a.source not in raw_cache:
                raw_cache[a.source] = asker.raw_text(a.source)
            failures += not citation_ok(a, raw_cache[a.source])
        not_sure += reply.outcome is Outcome.NOT_SURE
        not_found += reply.outcome is Outcome.NOT_FOUND
        unanswerable_not_sure += q.no_answer and reply.outcome is Outcome.NOT_SURE
        if reply.no_answer:
            refused += 1
            refused_right += q.no_answer
            wrongly_refused += not q.no_answer
        if q.no_answer or reply.no_answer:
            continue  # a "not sure" reply claims no answer: it scores as a refusal, not as a hit
        ranks = [i for i, a in enumerate(reply.answers[:TOP_K], 1) if is_right(q.answers, a.text)]
        if ranks:
            top1 += ranks[0] == 1
            top5 += 1
            rr += 1 / ranks[0]
    n = len(answerable) or 1
    no_answer_total = len(questions) - len(answerable)
    return EvalReport(
        questions=len(questions),
        answerable=len(answerable),
        top1=top1 / n,
        top5=top5 / n,
        mrr=rr / n,
        no_answer_precision=refused_right / refused if refused else 1.0,
        no_answer_recall=refused_right / no_answer_total if no_answer_total else 1.0,
        wrongly_refused=wrongly_refused,
        citation_failures=failures,
        per_question=tuple(lines),
        not_sure=not_sure,
        not_found=not_found,
        unanswerable_not_sure=unanswerable_not_sure,
    )
