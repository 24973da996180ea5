"""A passage-level step on top of the re-ranker, prototyped on bench.fit's cache: does the answer sit next door?

The re-ranker's misses are often the sentence right after (or before) the one that restates the question. Two
rule families, each a step after ranking that may swap the top sentence for another of its article:

- `neighbour`: when the question expects a shape (a person for who, a date for when, a number for how many, a
  place for where), a sentence within `reach` of the chosen one in its article that holds that shape better
  (its answer_type value is higher) and scores at most `margin` below it is chosen instead; else the choice stands.
- `window`: every run of `size` consecutive sentences of a candidate article is scored by its best sentence's
  score plus `lam` x what the run holds of the question beyond that sentence (concept matches pooled over the
  run); the best run's best sentence is chosen, or (with `shape`) the one in it holding the expected shape better.

`python -m bench.window` scores both on the five article-level folds of bench.fit: per fold, the weights are the
ones bench.fit fits on the other folds (its shipped procedure) and the rule's numbers are the grid point best on
the other folds (bench.fit's per-set question weights); the held-out fold is scored with both. It prints held-out
top-1 per set without and with each family, and the in-sample grid. Its side cache (each candidate's concept
matches and the question's concept weights and expected shape) is data/fit/window.pkl, built from bench.fit's
stores (~1.5 min) and rebuilt with `--fresh`. Not in the product: neither family reached the adoption bar (notes).
"""
from __future__ import annotations

import argparse
import itertools
import pickle
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bench import fit
from bench.fit import FOLDS, FREE, NAMES, SET_WEIGHT, Case
from retrieval.evaluation.scoring import EvalQuestion

SHAPED = frozenset({"person", "date", "number", "place"})
SIDE_FORMAT = 1
_AT = NAMES.index("answer_type")


@dataclass(frozen=True, slots=True)
class Rule:
    """One point of a rule family (see the module docstring); `family` "none" keeps the ranking's choice."""

    family: str = "none"
    reach: int = 1
    margin: float = 1.0
    size: int = 3
    lam: float = 1.0
    shape: bool = False

    def __str__(self) -> str:
        if self.family == "neighbour":
            return f"neighbour(reach={self.reach}, margin={self.margin})"
        if self.family == "window":
            return f"window(size={self.size}, lam={self.lam}, shape={self.shape}, margin={self.margin})"
        return "none"


@dataclass(frozen=True, slots=True)
class Side:
    """What the window family needs beyond the cache: concept matches per candidate (rows in the cache's
    order), each concept's share of the question's weight, and the shape the question expects."""

    matches: np.ndarray
    weights: np.ndarray
    expects: str


def order(score: np.ndarray, bm25: np.ndarray, sid: np.ndarray) -> np.ndarray:
    """Candidates best first, ties broken as rerank breaks them (BM25, then the sentence id)."""
    return np.lexsort((sid, -bm25, -score))


def choose(rule: Rule, score: np.ndarray, ranked: np.ndarray, source: Sequence[str], position: Sequence[int],
           shape: np.ndarray, expects: str, matches: np.ndarray | None = None,
           weights: np.ndarray | None = None) -> int:
    """The candidate the step answers with: ranked[0] (the ranking's choice) unless the rule moves it."""
    best = int(ranked[0])
    at = {(source[j], int(position[j])): j for j in range(len(score))}
    if rule.family == "neighbour":
        if expects not in SHAPED:
            return best
        near = [at[(source[best], int(position[best]) + d)] for d in range(-rule.reach, rule.reach + 1)
                if d and (source[best], int(position[best]) + d) in at]
        better = [j for j in near if shape[j] > shape[best] and score[j] >= score[best] - rule.margin]
        return max(better, key=lambda j: (score[j], -j)) if better else best
    if rule.family == "window":
        assert matches is not None and weights is not None
        key_best, run_best = -np.inf, [best]
        for i in (int(j) for j in ranked):
            for start in range(int(position[i]) - rule.size + 1, int(position[i]) + 1):
                run = [at[(source[i], p)] for p in range(start, start + rule.size) if (source[i], p) in at]
                top = max(run, key=lambda j: (score[j], -j))
                pooled = float((matches[run].max(axis=0) * weights).sum()) if matches.shape[1] else 0.0
                key = score[top] + rule.lam * (pooled - float((matches[top] * weights).sum()))
                if key > key_best + 1e-9:
                    key_best, run_best = key, run
        top = max(run_best, key=lambda j: (score[j], -j))
        if rule.shape and expects in SHAPED:
            shaped = [j for j in run_best if shape[j] > shape[top] and score[j] >= score[top] - rule.margin]
            if shaped:
                top = max(shaped, key=lambda j: (score[j], -j))
        return top
    return best


def hit(rule: Rule, case: Case, w: np.ndarray, side: Side | None) -> bool:
    """Whether the step, over the ranking by weights `w`, answers `case` with a right sentence."""
    if not len(case.right):
        return False
    score = np.round(case.x * w, 4).sum(axis=1)
    ranked = order(score, case.bm25, case.sid)
    if side is None:
        return bool(case.right[ranked[0]])
    j = choose(rule, score, ranked, list(case.source), list(case.position), case.x[:, _AT], side.expects,
               side.matches, side.weights)
    return bool(case.right[j])


def grid() -> list[Rule]:
    rules = [Rule()]
    rules += [Rule("neighbour", reach=r, margin=m) for r, m in itertools.product((1, 2), (0.25, 0.5, 1.0, 1.5, 2.0))]
    rules += [Rule("window", size=s, lam=lam, shape=sh) for s, lam, sh
              in itertools.product((2, 3), (0.5, 1.0, 2.0), (False, True))]
    return rules


def _objective(rule: Rule, cases: Sequence[Case], w: np.ndarray, sides: dict[tuple[str, str], Side]) -> float:
    total = weight = 0.0
    for c in cases:
        if not c.no_answer:
            total += SET_WEIGHT[c.set] * hit(rule, c, w, sides.get((c.set, c.id)))
            weight += SET_WEIGHT[c.set]
    return total / (weight or 1.0)


def collect_sides() -> dict[tuple[str, str], Side]:
    """Each question's concept matches per candidate, concept weights and expected shape (see Side)."""
    from retrieval.answering.params import DEFAULT
    from retrieval.evaluation.scoring import load_questions
    from retrieval.evaluation.squad import build_squad

    out: dict[tuple[str, str], Side] = {}

    def run(name: str, store_name: str, folders: list[Path], questions: list[EvalQuestion]) -> None:
        store, answerer = fit._open(fit.WORK / store_name, folders, DEFAULT)
        for q in questions:
            r = answerer.examine(q.question)
            if r.query is None or not r.ranked:
                continue
            weights = np.array([c.weight for c in r.query.concepts])
            matches = np.array([x.matches for x in r.ranked], dtype=float).reshape(len(r.ranked), len(weights))
            out[(name, q.id)] = Side(matches, weights / (weights.sum() or 1.0), str(r.query.info.expects))
        store.close()

    news = fit.SHARED / "newsqa_dev"
    run("newsqa", "newsqa.sqlite3", [news / "corpus"], load_questions(news / "questions.jsonl"))
    squad = build_squad(fit.SHARED / "squad2_dev_visible.json", fit.WORK / "squad_articles")
    run("squad", "squad.sqlite3", [squad.folder], list(squad.questions))
    run("seed_dev", "seeds.sqlite3", [fit.ROOT / "seeds"], load_questions(fit.SHARED / "seed_dev.jsonl"))
    return out


def _sides(fresh: bool) -> dict[tuple[str, str], Side]:
    path = fit.WORK / "window.pkl"
    if not fresh and path.exists():
        with open(path, "rb") as fh:
            stored = pickle.load(fh)
        if isinstance(stored, tuple) and stored[0] == SIDE_FORMAT:
            return dict(stored[1])
    sides = collect_sides()
    with open(path, "wb") as fh:
        pickle.dump((SIDE_FORMAT, sides), fh)
    return sides


def report(cases: list[Case], sides: dict[tuple[str, str], Side]) -> str:
    """Held-out top-1 per set: fold weights and the rule both chosen on the other folds (module docstring)."""
    current = np.array([fit.DEFAULT.weights.of(n) for n in NAMES])
    rules = grid()
    families = ("none", "neighbour", "window")
    hits: dict[tuple[str, str], list[bool]] = {}
    chosen: dict[str, list[str]] = {f: [] for f in families}
    for k in range(FOLDS):
        train = [c for c in cases if c.fold != k]
        w = fit.fit_weights(train, current, free=FREE)
        for family in families:
            options = [r for r in rules if r.family == family]
            rule = max(options, key=lambda r: _objective(r, train, w, sides))
            chosen[family].append(str(rule))
            for c in cases:
                if c.fold == k and not c.no_answer:
                    hits.setdefault((family, c.set), []).append(hit(rule, c, w, sides.get((c.set, c.id))))
    sets = sorted({c.set for c in cases})
    lines = ["| set | held-out: shipped fit | + neighbour step | + window step |", "|---|---|---|---|"]
    for s in sets:
        lines.append(f"| {s} | " + " | ".join(f"{sum(hits[(f, s)]) / len(hits[(f, s)]):.3f}" for f in families) + " |")
    lines += ["", "rule chosen per fold:"]
    lines += [f"  {f}: " + "; ".join(chosen[f]) for f in families[1:]]
    lines += ["", "in-sample, shipped weights (every grid point; change against none):",
              "| rule | " + " | ".join(sets) + " |", "|---|" + "---|" * len(sets)]
    base = {s: np.mean([hit(Rule(), c, current, None) for c in cases if c.set == s and not c.no_answer]) for s in sets}
    for r in rules[1:]:
        got = {s: np.mean([hit(r, c, current, sides.get((c.set, c.id))) for c in cases if c.set == s and not c.no_answer])
               for s in sets}
        lines.append(f"| {r} | " + " | ".join(f"{got[s] - base[s]:+.3f}" for s in sets) + " |")
    return "\n".join(lines)


def next_door(cases: list[Case], sides: dict[tuple[str, str], Side]) -> str:
    """The shipped weights' misses whose right sentence is right next to the chosen one, by whether the question
    asks for a shape, whether the chosen sentence already holds it, and whether the right one holds it better:
    how many misses a shape-led step could reach at best."""
    current = np.array([fit.DEFAULT.weights.of(n) for n in NAMES])
    rows: dict[str, dict[str, int]] = {}
    for c in cases:
        side = sides.get((c.set, c.id))
        if c.no_answer or side is None or not len(c.right):
            continue
        score = np.round(c.x * current, 4).sum(axis=1)
        b = int(order(score, c.bm25, c.sid)[0])
        if c.right[b]:
            continue
        near = [j for j in np.flatnonzero(c.right)
                if c.source[j] == c.source[b] and abs(int(c.position[j]) - int(c.position[b])) == 1]
        if not near:
            continue
        j = max(near, key=lambda j: c.x[j, _AT])
        row = rows.setdefault(c.set, dict.fromkeys(("misses", "shape asked", "chosen holds it", "right one holds it",
                                                    "right one holds it better"), 0))
        row["misses"] += 1
        if side.expects in SHAPED:
            row["shape asked"] += 1
            row["chosen holds it"] += bool(c.x[b, _AT] > 0)
            row["right one holds it"] += bool(c.x[j, _AT] > 0)
            row["right one holds it better"] += bool(c.x[j, _AT] > c.x[b, _AT])
    keys = ("misses", "shape asked", "chosen holds it", "right one holds it", "right one holds it better")
    lines = ["misses whose right sentence is 1 before or after the chosen one (shipped weights):",
             "| set | " + " | ".join(keys) + " |", "|---|" + "---|" * len(keys)]
    lines += [f"| {name} | " + " | ".join(str(row[k]) for k in keys) + " |" for name, row in sorted(rows.items())]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fresh", action="store_true", help="recompute bench.fit's cache and the side cache")
    parser.add_argument("--next-door", action="store_true",
                        help="only the table of misses one sentence away, by answer shape (seconds, no fitting)")
    args = parser.parse_args()
    started = time.perf_counter()
    cases = fit._cached(args.fresh)
    sides = _sides(args.fresh)
    print(f"{len(cases)} questions, {len(sides)} with candidates, read in {time.perf_counter() - started:.0f} s")
    print(next_door(cases, sides))
    if not args.next_door:
        print(report(cases, sides))
    print(f"done in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    # Run as bench.window, not __main__, so the cached records unpickle from either.
    from bench.window import main as run

    run()
