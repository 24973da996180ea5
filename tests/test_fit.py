"""bench.fit on invented cached cases: how a weight vector ranks, and where the misses are."""
from __future__ import annotations

import numpy as np

from bench.fit import NAMES, Case, misses, top1, top_right


def case(rows: list[dict[str, float]], right: list[bool], sources: list[str], positions: list[int],
         qid: str = "q1") -> Case:
    x = np.array([[row.get(n, 0.0) for n in NAMES] for row in rows])
    n = len(rows)
    return Case(set="newsqa", id=qid, fold=0, no_answer=False, x=x, right=np.array(right),
                bm25=np.zeros(n), sid=np.arange(n), source=np.array(sources, dtype=object),
                position=np.array(positions), coverage=x[:, NAMES.index("coverage")], refusable=False,
                unknown=(), missing=(), text="Who?")


def weights(**named: float) -> np.ndarray:
    return np.array([named.get(n, 0.0) for n in NAMES])


def test_the_highest_weighted_sum_is_first() -> None:
    c = case([{"coverage": 1.0}, {"coverage": 0.5, "lead": 1.0}], [False, True], ["a", "a"], [3, 0])
    assert not top_right(c, weights(coverage=2.0, lead=0.5))
    assert top_right(c, weights(coverage=2.0, lead=1.5))
    assert top1([c], weights(coverage=2.0, lead=1.5)) == 1.0


def test_misses_say_where_the_right_sentence_is() -> None:
    neighbour = case([{"coverage": 1.0}, {"coverage": 0.2, "context": 0.5}], [False, True], ["a", "a"], [4, 5], "q1")
    elsewhere = case([{"coverage": 1.0}, {"coverage": 0.4}], [False, True], ["a", "b"], [0, 0], "q2")
    unreachable = case([{"coverage": 1.0}], [False], ["a"], [0], "q3")
    table = misses([neighbour, elsewhere, unreachable], weights(coverage=2.0))
    assert "| same article, 1 sentence(s) after | 1 |" in table
    assert "| right only in another article | 1 |" in table
    assert "| no right sentence among the candidates | 1 |" in table
    assert "| context | 50% | 0% |" in table  # of the two reachable misses, the right one holds more context once
