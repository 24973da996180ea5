"""`python -m bench.followups [FILE] [--store STORE]`: two-turn conversations over the seeds, second turns scored in context.

Each line of the set: {"id", "turns": [{"question", "answers"}, {"question", "answers", "no_answer"?}],
"inherits": bool}. Turn 1 is asked alone; turn 2 with previous=Turn(turn 1, its reply), as a console
session or a Telegram chat would. Turn 2 is right by the eval convention (a gold string is a substring
of the top answer after normalising; see retrieval/evaluation/scoring.py), or, when it has no answer,
when it is refused. Also shown: turn 2 asked alone (what the bot did before follow-ups were read), turn 2
as the conversation read it asked alone (the completed question without the conversation's ranking), and
whether `reading` was set exactly when the item says the question inherits.

The set was written blind, from the articles alone (eval/followups_seed.jsonl); read from this repository's
eval/ or, before it is merged, from the blindsets worktree beside this one.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from retrieval.evaluation.scoring import is_right
from retrieval.records import AnswerSet, Turn
from retrieval.service import QAService

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CANDIDATES = (PROJECT_ROOT / "eval" / "followups_seed.jsonl",
              PROJECT_ROOT.parent / "blindsets" / "eval" / "followups_seed.jsonl")


@dataclass(frozen=True, slots=True)
class TwoTurns:
    id: str
    first: str
    first_answers: tuple[str, ...]
    second: str
    second_answers: tuple[str, ...]
    second_no_answer: bool
    inherits: bool
    source: str | None = None  # the first turn's article: a seed file, or a path in another corpus


def load(path: Path) -> list[TwoTurns]:
    out = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            one, two = row["turns"]
            out.append(TwoTurns(str(row["id"]), one["question"], tuple(one.get("answers", ())), two["question"],
                                tuple(two.get("answers", ())), bool(two.get("no_answer", False)),
                                bool(row.get("inherits", True)), row.get("source")))
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"{path}:{number}: not a two-turn line ({exc}); expected "
                             '{"id", "turns": [{"question", "answers"}, {"question", "answers"}], "inherits"}') from exc
    return out


def right(reply: AnswerSet, answers: Sequence[str], no_answer: bool) -> bool:
    if no_answer:
        return reply.no_answer
    return not reply.no_answer and bool(reply.answers) and is_right(answers, reply.answers[0].text)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", type=Path)
    parser.add_argument("--show", action="store_true", help="print every conversation with its reading")
    parser.add_argument("--store", type=Path, help="ask an existing store (e.g. make blind's BBC store) instead of "
                        "a fresh one built from seeds/")
    args = parser.parse_args(argv)
    path = args.file or next((p for p in CANDIDATES if p.is_file()), None)
    if path is None or not path.is_file():
        print("skipped: no follow-up set (eval/followups_seed.jsonl, or ../blindsets/eval/followups_seed.jsonl)",
              file=sys.stderr)
        return 0
    # Pairs over the seeds go to a seed store; pairs over another corpus need that corpus's store (--store).
    seeds = {p.name for p in (PROJECT_ROOT / "seeds").iterdir()}
    items = [i for i in load(path) if (i.source is None or i.source in seeds) != bool(args.store)]
    if not items:
        print(f"no pairs in {path} for {'that store' if args.store else 'the seeds'}", file=sys.stderr)
        return 0
    counts = {"first": 0, "second": 0, "top5": 0, "alone": 0, "completed": 0, "reading": 0, "refused": 0,
              "after_right": 0, "fresh": 0, "caught": 0}
    by_kind: dict[str, list[int]] = {}
    with tempfile.TemporaryDirectory() as tmp, (
            QAService.open(args.store) if args.store else
            QAService.open(Path(tmp) / "seeds.sqlite3", create=True, seeds_dir=PROJECT_ROOT / "seeds")) as service:
        for item in items:
            one = service.ask(item.first, k=5)
            two = service.ask(item.second, k=5, previous=Turn(item.first, one))
            alone = service.ask(item.second, k=5)
            # the question as the conversation read it, asked on its own (no weighing, no subject credit)
            completed = service.ask(two.question, k=5) if two.reading is not None else alone
            ok1 = right(one, item.first_answers, False)
            ok2 = right(two, item.second_answers, item.second_no_answer)
            ok_alone = right(alone, item.second_answers, item.second_no_answer)
            ok_reading = (two.reading is not None) == item.inherits
            counts["first"] += ok1
            counts["second"] += ok2
            in_top5 = two.no_answer if item.second_no_answer else any(
                is_right(item.second_answers, a.text) for a in two.answers[:5])
            counts["top5"] += int(in_top5)
            counts["alone"] += ok_alone
            counts["completed"] += right(completed, item.second_answers, item.second_no_answer)
            counts["reading"] += ok_reading
            counts["refused"] += int(two.no_answer and not item.second_no_answer)
            counts["after_right"] += int(ok1 and ok2)
            counts["fresh"] += int(not item.inherits and two.reading is None)
            counts["caught"] += int(item.second_no_answer and two.no_answer)
            kind = "no answer" if item.second_no_answer else ("inherits" if item.inherits else "new subject")
            by_kind.setdefault(kind, [0, 0, 0])
            by_kind[kind][0] += 1
            by_kind[kind][1] += int(ok2)
            by_kind[kind][2] += int(ok_alone)
            if args.show:
                mark = "ok " if ok2 else "MISS"
                first_top = one.answers[0].text[:140] if one.answers else "refused"
                print(f"{mark} {item.id}: {item.first!r} -> {item.second!r}\n      turn 1 {one.outcome}: "
                      f"{first_top!r}\n      read as {two.question!r} "
                      f"[{two.reading}] {'(reading ok)' if ok_reading else '(READING WRONG)'}\n      "
                      f"{two.outcome} {list(two.missing_terms) or ''}: "
                      f"{two.answers[0].text[:140] if two.answers else 'refused'!r}")
    n = len(items)
    print(f"\n{path.name}: {n} conversations ({'over ' + args.store.name if args.store else 'over the seeds'})")
    print("| measure | right | share |")
    print("|---|---|---|")
    print(f"| turn 1 (alone) | {counts['first']} | {counts['first'] / n:.3f} |")
    print(f"| turn 2 in conversation | {counts['second']} | {counts['second'] / n:.3f} |")
    print(f"| turn 2 in conversation, gold in the top 5 | {counts['top5']} | {counts['top5'] / n:.3f} |")
    print(f"| turn 2 asked alone | {counts['alone']} | {counts['alone'] / n:.3f} |")
    print(f"| turn 2 as read (completed), asked alone | {counts['completed']} | {counts['completed'] / n:.3f} |")
    answerable = sum(not item.second_no_answer for item in items)
    print(f"| answerable turns 2 wrongly refused (not sure or not found) | {counts['refused']} of {answerable} | "
          f"{counts['refused'] / max(answerable, 1):.3f} |")
    print(f"| turn 2 right, of the {counts['first']} whose turn 1 was right | {counts['after_right']} | "
          f"{counts['after_right'] / max(counts['first'], 1):.3f} |")
    print(f"| `reading` set exactly when the item inherits | {counts['reading']} | {counts['reading'] / n:.3f} |")
    fresh = sum(not item.inherits for item in items)
    print(f"| new subject: inherits nothing (`reading` unset) | {counts['fresh']} of {fresh} | "
          f"{counts['fresh'] / max(fresh, 1):.3f} |")
    unanswered = sum(item.second_no_answer for item in items)
    print(f"| unanswered turns 2 refused or not sure | {counts['caught']} of {unanswered} | "
          f"{counts['caught'] / max(unanswered, 1):.3f} |")
    print("\n| second turns | items | right in conversation | right alone |")
    print("|---|---|---|---|")
    for kind, (total, in_talk, alone_right) in sorted(by_kind.items()):
        print(f"| {kind} | {total} | {in_talk} | {alone_right} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
