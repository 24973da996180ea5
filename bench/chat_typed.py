"""`python -m bench.chat_typed`: a question set as typed properly, in lower case and with one typo.

The chat-typed versions are made here, deterministically, from the clean set:
- lower: the whole question in lower case;
- typo: two adjacent letters swapped inside the question's longest content word (ties: the first),
  at a position drawn from a generator seeded with the question's id.
Each version is scored by the eval convention (`retrieval.evaluation.scoring.evaluate`) on a fresh
store built from seeds/ (or `--store`), and `ask` is timed warm (p50/p90 over every question of all
three versions, after one untimed pass).
"""
from __future__ import annotations

import argparse
import random
import re
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from retrieval.evaluation.scoring import EvalQuestion, evaluate, load_questions
from retrieval.index.analyzer import STOP_WORDS
from retrieval.service import QAService

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SETS = (PROJECT_ROOT / "eval" / "seed_heldout.jsonl", PROJECT_ROOT.parent / "shared" / "eval" / "seed_dev.jsonl")
_WORD = re.compile(r"[A-Za-z]+")
_WH = frozenset("who whom whose what which when where why how".split())


def lowered(question: str) -> str:
    return question.lower()


def one_typo(question: str, seed: str) -> str:
    """Two adjacent letters swapped inside the longest content word (not its first letter: people
    rarely mistype that); the question unchanged when no word has four letters."""
    words = [m for m in _WORD.finditer(question) if m.group().lower() not in STOP_WORDS | _WH]
    if not words:
        return question
    longest = max(words, key=lambda m: len(m.group()))
    word = longest.group()
    if len(word) < 4:
        return question
    rng = random.Random(seed)
    # Swap positions i, i+1 with 1 <= i <= len-2, and the two letters differ (else nothing changes).
    choices = [i for i in range(1, len(word) - 1) if word[i] != word[i + 1]]
    if not choices:
        return question
    i = rng.choice(choices)
    typo = word[:i] + word[i + 1] + word[i] + word[i + 2:]
    return question[:longest.start()] + typo + question[longest.end():]


VERSIONS: dict[str, Callable[[EvalQuestion], EvalQuestion]] = {
    "clean": lambda q: q,
    "lower": lambda q: replace(q, question=lowered(q.question)),
    "typo": lambda q: replace(q, question=one_typo(q.question, q.id)),
}


def versions(questions: Sequence[EvalQuestion]) -> dict[str, list[EvalQuestion]]:
    return {name: [make(q) for q in questions] for name, make in VERSIONS.items()}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="*", type=Path, default=[p for p in SETS if p.is_file()])
    parser.add_argument("--store", type=Path, help="an existing store (default: a fresh one built from seeds/)")
    parser.add_argument("--show", action="store_true", help="print every question whose result differs from clean")
    parser.add_argument("--squad", action="store_true",
                        help="also SQuAD 2.0 visible's answerable questions (../shared/eval), in their own store")
    args = parser.parse_args(argv)
    if args.squad:
        _squad()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.store or Path(tmp) / "seeds.sqlite3"
        started = time.perf_counter()
        with QAService.open(path, create=args.store is None,
                            seeds_dir=PROJECT_ROOT / "seeds" if args.store is None else None) as service:
            print(f"store ready in {time.perf_counter() - started:.2f} s")
            print("| set | version | questions | top-1 | top-5 | no-answer recall | wrongly refused |")
            print("|---|---|---|---|---|---|---|")
            timed: list[str] = []
            for set_path in args.sets:
                qs = load_questions(set_path)
                results = {}
                for name, version in versions(qs).items():
                    report = evaluate(service, version)
                    results[name] = report
                    timed.extend(q.question for q in version)
                    print(f"| {set_path.name} | {name} | {report.questions} | {report.top1:.3f} | {report.top5:.3f} "
                          f"| {report.no_answer_recall:.3f} | {report.wrongly_refused} |")
                if args.show:
                    _show(qs, results)
            for q in timed:  # warm-up pass, untimed
                service.ask(q, k=5)
            times = []
            for q in timed:
                t = time.perf_counter()
                service.ask(q, k=5)
                times.append((time.perf_counter() - t) * 1000)
            qs_sorted = sorted(times)
            print(f"\nask warm over {len(times)} questions: p50 {statistics.median(times):.1f} ms, "
                  f"p90 {qs_sorted[int(0.9 * (len(qs_sorted) - 1))]:.1f} ms")
            # The reading steps alone (punctuation, case, spelling; then follow-up reading with no
            # previous turn): what they add to every ask. Private members: a bench may look inside.
            steps = []
            for q in timed:
                t = time.perf_counter()
                read = service._reader.read(q)
                service._followups.read(read.text, None)
                steps.append((time.perf_counter() - t) * 1000)
            print(f"reading steps alone: p50 {statistics.median(steps):.3f} ms, max {max(steps):.2f} ms")
    return 0


def _squad() -> None:
    """The three versions of SQuAD visible's answerable questions, over its two articles."""
    from retrieval.evaluation.squad import build_squad

    path = PROJECT_ROOT.parent / "shared" / "eval" / "squad2_dev_visible.json"
    if not path.is_file():
        print(f"skipped SQuAD: no {path}")
        return
    with tempfile.TemporaryDirectory() as tmp:
        squad = build_squad(path, Path(tmp) / "articles")
        with QAService.open(Path(tmp) / "squad.sqlite3", create=True) as service:
            service.ingest([Path(tmp) / "articles"])
            print("| set | version | questions | top-1 | top-5 | no-answer recall | wrongly refused |")
            print("|---|---|---|---|---|---|---|")
            for name, version in versions(squad.questions).items():
                r = evaluate(service, version)
                print(f"| SQuAD visible answerable | {name} | {r.questions} | {r.top1:.3f} | {r.top5:.3f} | - "
                      f"| {r.wrongly_refused} |")
    print()


def _show(questions: Sequence[EvalQuestion], results: dict) -> None:
    from retrieval.evaluation.scoring import is_right

    def right(pred, q) -> str:
        if q.no_answer:
            return "refused" if pred.reply.no_answer else "answered"
        return "ok" if pred.reply.answers and is_right(q.answers, pred.reply.answers[0].text) else "miss"

    clean = results["clean"].per_question
    for name in ("lower", "typo"):
        for q, c, p in zip(questions, clean, results[name].per_question):
            if right(c, q) != right(p, q):
                fixes = ", ".join(f"{x.typed}->{x.read_as}" for x in p.reply.corrections)
                print(f"  {name} {q.id}: clean {right(c, q)}, {name} {right(p, q)}: {p.reply.question!r} [{fixes}]")


if __name__ == "__main__":
    raise SystemExit(main())
