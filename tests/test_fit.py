"""bench.fit on invented cached cases: how a weight vector ranks, and where the misses are."""
from __future__ import annotations

import numpy as np
import pytest

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


def test_reweighed_concepts_move_only_coverage() -> None:
    import dataclasses

    from bench.fit import COVERAGE_AT, reweighed

    # Two concepts: a name (idf 3) and the light verb "say" (idf 1). The first candidate holds only the verb, the
    # second only the name; the cached coverage is as the answerer weighed them.
    c = case([{"coverage": 0.25, "lead": 1.0}, {"coverage": 0.75}], [False, True], ["a", "a"], [0, 1])
    c = dataclasses.replace(c, matches=np.array([[0.0, 1.0], [1.0, 0.0]]), concept_weight=np.array([3.0, 1.0]),
                            concept_capital=np.array([True, False]), concept_light=np.array([False, True]))
    same = reweighed(c, 1.0, 1.0, 1.0)
    assert np.allclose(same.x, c.x)
    lighter = reweighed(c, 1.0, 1.0, 0.0)
    assert lighter.x[:, COVERAGE_AT].tolist() == [0.0, 1.0]
    assert np.array_equal(np.delete(lighter.x, COVERAGE_AT, axis=1), np.delete(c.x, COVERAGE_AT, axis=1))
    assert reweighed(c, 3.0, 1.0).x[1, COVERAGE_AT] == pytest.approx(0.9)  # the name counted three times


# -- the doubt fit --------------------------------------------------------------------------------------------
def doubt_case(qid: str, set_name: str, no_answer: bool, gap: float, outcome: str = "answer", right: bool = False) -> Case:
    from bench.fit import DOUBT_NAMES

    ev = np.array([{"coverage": 1.0 - gap, "best_coverage": 1.0 - gap, "uncovered_peak": gap}.get(n, 0.0)
                   for n in DOUBT_NAMES])
    base = case([{"coverage": 1.0 - gap}], [right], ["a"], [0], qid)
    return Case(**{**{f: getattr(base, f) for f in base.__dataclass_fields__}, "set": set_name, "no_answer": no_answer,
                   "evidence": ev, "outcome": outcome, "answered_right": right, "group": qid})


def test_the_doubt_fit_raises_doubt_where_the_unanswerable_questions_are() -> None:
    # The fit's bounded optimiser is scipy's, in the `fit` extra only: the product's environment stays without
    # scipy (numba would import it and serve 16 MB larger), so this runs where `make fit` has installed it.
    pytest.importorskip("scipy", reason="scipy is in the fit extra; `make fit` installs it")
    from bench.fit import doubt_scores, fit_doubt

    cases = ([doubt_case(f"u{i}", "squad", True, 0.6 + i / 100) for i in range(30)]
             + [doubt_case(f"a{i}", "squad", False, i / 100) for i in range(30)]
             + [doubt_case(f"n{i}", "newsqa", False, i / 100) for i in range(30)])
    model = fit_doubt(cases)
    scores = doubt_scores(cases, model)
    assert scores[:30].min() > scores[30:].max()
    assert model[1][0] <= 0.0 <= model[1][2], "coverage lowers the doubt, an uncovered word raises it"


def test_the_threshold_keeps_every_set_under_its_limit_counting_earlier_refusals() -> None:
    from bench.fit import choose_threshold, doubt_row

    cases = [doubt_case(f"a{i}", "newsqa", False, 0.0, outcome="not_sure" if i < 2 else "answer") for i in range(100)]
    scores = np.array([i / 100 for i in range(100)])
    t = choose_threshold(cases, scores, 0.03)
    assert t is not None
    row = doubt_row(cases, scores, t, None)
    assert row.lost <= 3 and row.lost_before == 2  # two refused already: one more may go
    assert choose_threshold(cases, scores, 0.01) is None  # the earlier refusals alone pass 1 %


def test_the_offtopic_fit_scores_foreign_questions_above_answerable_ones_and_spends_no_budget_already_spent() -> None:
    pytest.importorskip("scipy", reason="scipy is in the fit extra; `make fit` installs it")
    from bench.fit import fit_offtopic, offtopic_threshold
    from retrieval.answering import refusal
    from retrieval.answering.refusal import Evidence

    def gapped(qid: str, set_name: str, no_answer: bool, coverage: float, outcome: str = "answer") -> Case:
        c = doubt_case(qid, set_name, no_answer, 0.0, outcome)
        ev = np.array([{"coverage": coverage, "best_coverage": coverage}.get(n, 0.0) for n in Evidence.names()])
        return Case(**{**{f: getattr(c, f) for f in c.__dataclass_fields__}, "evidence": ev})

    foreign = [gapped(f"f{i}", "foreign_squad", True, 0.2 + i / 200) for i in range(30)]
    answerable = [gapped(f"a{i}", "newsqa", False, 0.7 + i / 200) for i in range(50)]
    model = fit_offtopic(foreign + answerable)

    def score(c: Case) -> float:
        assert c.evidence is not None
        return refusal.doubt(model, Evidence(*map(float, c.evidence)))
    assert min(map(score, foreign)) > max(map(score, answerable))
    assert offtopic_threshold(foreign + answerable, model) is not None  # 3 % of 50: one may go
    spent = [gapped(f"r{i}", "newsqa", False, 0.9, outcome="not_sure") for i in range(2)]
    t = offtopic_threshold(foreign + answerable + spent, model)  # two already refused: 3 % of 52 leaves no room
    assert t is None or all(score(c) < t for c in answerable)


def gap_case(matches: list[list[float]], sources: list[str], positions: list[int], weight: list[float]) -> Case:
    base = case([{"coverage": 0.5}] * len(matches), [False] * len(matches), sources, positions)
    return Case(**{**{f: getattr(base, f) for f in base.__dataclass_fields__}, "matches": np.array(matches),
                   "concept_weight": np.array(weight)})


def test_the_key_gap_is_the_heaviest_word_the_best_sentence_lacks_within_its_reach() -> None:
    from bench.fit import key_gap

    # concepts: japan (2), unemployment (6), rate (2); the best sentence holds japan and rate only
    c = gap_case([[1, 0, 1], [0, 1, 0], [0, 0, 0], [0, 1, 0]], ["a", "a", "a", "b"], [5, 6, 9, 5], [2.0, 6.0, 2.0])
    assert key_gap(c, "sentence") == pytest.approx(0.6)
    assert key_gap(c, "neighbours") == 0.0  # the next sentence of its article says unemployment
    far = gap_case([[1, 0, 1], [0, 0, 0], [0, 1, 0], [0, 1, 0]], ["a", "a", "a", "b"], [5, 6, 9, 5], [2.0, 6.0, 2.0])
    assert key_gap(far, "neighbours") == pytest.approx(0.6) and key_gap(far, "article") == 0.0
    whole = gap_case([[1, 1, 1]], ["a"], [0], [2.0, 6.0, 2.0])
    assert key_gap(whole, "sentence") == key_gap(whole, "article") == 0.0


def test_the_key_gap_threshold_spends_no_budget_already_spent() -> None:
    from bench.fit import key_gap_threshold

    def gapped(qid: str, set_name: str, no_answer: bool, gap: float, outcome: str = "answer", right: bool = True) -> Case:
        c = doubt_case(qid, set_name, no_answer, 0.0, outcome, right)
        return Case(**{**{f: getattr(c, f) for f in c.__dataclass_fields__}, "concept_weight": np.array([gap, 1 - gap])})

    unanswerable = [gapped(f"u{i}", "squad", True, 0.9 if i < 5 else 0.8) for i in range(15)]
    answerable = [gapped(f"a{i}", "newsqa", False, 0.8 if i < 2 else 0.1) for i in range(100)]
    values = {id(c): float(c.concept_weight[0]) for c in unanswerable + answerable}
    # 3 % of newsqa's 100 is 3: two right answers lost for ten more caught is worth it while nothing else was refused
    assert key_gap_threshold(unanswerable + answerable, values) == pytest.approx(0.8)
    refused = [gapped(f"r{i}", "newsqa", False, 0.0, outcome="not_found") for i in range(3)]
    values |= {id(c): 0.0 for c in refused}
    # with three already refused there is no room: the threshold moves above every answerable question's gap
    assert key_gap_threshold(unanswerable + answerable + refused, values) == pytest.approx(0.9)
