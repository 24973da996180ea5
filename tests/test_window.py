"""bench.window's passage step on invented candidates: the sentence next door is chosen only when it holds the
shape asked for (or its run holds more of the question), and the step never leaves the window it looks at."""
from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from bench.window import Rule, choose, order

NEIGHBOUR = Rule("neighbour", reach=1, margin=1.0)
WINDOW_SHAPE = Rule("window", size=2, lam=1.0, shape=True, margin=1.0)


def pick(rule: Rule, score: list[float], position: list[int], shape: list[float], expects: str = "person",
         source: list[str] | None = None, matches: list[list[float]] | None = None) -> int:
    n = len(score)
    s = np.array(score)
    m = np.array(matches if matches is not None else [[1.0]] * n)
    return choose(rule, s, order(s, np.zeros(n), np.arange(n)), source or ["a"] * n, position, np.array(shape),
                  expects, m, np.ones(m.shape[1]) / (m.shape[1] or 1))


def test_the_next_sentence_holding_the_asked_shape_is_chosen() -> None:
    # "The new president of the Maldives wants ..." (no name) -> next: "Mohamed Nasheed ... was sworn in".
    assert pick(NEIGHBOUR, score=[3.0, 2.5], position=[4, 5], shape=[0.0, 1.0]) == 1


def test_a_look_alike_without_the_shape_keeps_the_original_choice() -> None:
    # The neighbour scores close but holds no name either: the restating sentence stays.
    assert pick(NEIGHBOUR, score=[3.0, 2.5], position=[4, 5], shape=[0.0, 0.0]) == 0
    # It holds a name but is not next door (two sentences away), or is in another article.
    assert pick(NEIGHBOUR, score=[3.0, 2.5], position=[4, 6], shape=[0.0, 1.0]) == 0
    assert pick(NEIGHBOUR, score=[3.0, 2.5], position=[4, 5], shape=[0.0, 1.0], source=["a", "b"]) == 0
    # It scores more than `margin` below the chosen one.
    assert pick(NEIGHBOUR, score=[3.0, 1.5], position=[4, 5], shape=[0.0, 1.0]) == 0
    # The question asks for no shape ("What ...?").
    assert pick(NEIGHBOUR, score=[3.0, 2.5], position=[4, 5], shape=[0.0, 1.0], expects="any") == 0


def test_a_run_holding_more_of_the_question_wins_and_its_shape_holder_answers() -> None:
    # Sentence 0 (another article) holds concept 0 alone and scores best; sentences 1-2 of article b together hold
    # both concepts, and 2 holds the person asked for.
    got = pick(WINDOW_SHAPE, score=[3.0, 2.8, 2.2], position=[0, 7, 8], shape=[0.0, 0.0, 1.0],
               source=["a", "b", "b"], matches=[[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    assert got == 2


candidates = st.integers(min_value=1, max_value=8).flatmap(lambda n: st.tuples(
    st.lists(st.floats(min_value=-2, max_value=5, allow_nan=False), min_size=n, max_size=n),
    st.lists(st.integers(min_value=0, max_value=6), min_size=n, max_size=n),
    st.lists(st.sampled_from(["a", "b"]), min_size=n, max_size=n),
    st.lists(st.sampled_from([0.0, 0.5, 0.75, 1.0]), min_size=n, max_size=n),
    st.lists(st.lists(st.sampled_from([0.0, 0.5, 1.0]), min_size=2, max_size=2), min_size=n, max_size=n),
))
rules = st.sampled_from([NEIGHBOUR, Rule("neighbour", reach=2, margin=0.5), WINDOW_SHAPE,
                         Rule("window", size=3, lam=2.0, shape=False), Rule("window", size=3, lam=0.5, shape=True)])


def _unique(position: list[int], source: list[str]) -> bool:
    return len(set(zip(source, position))) == len(position)


@given(candidates, rules, st.sampled_from(["person", "date", "number", "place", "any"]))
def test_the_neighbour_step_stays_next_to_the_choice_and_only_moves_for_a_shape(data, rule: Rule, expects: str) -> None:
    score, position, source, shape, matches = data
    if not _unique(position, source):
        return
    got = pick(rule, score, position, shape, expects, source, matches)
    best = int(order(np.array(score), np.zeros(len(score)), np.arange(len(score)))[0])
    assert 0 <= got < len(score)
    if rule.family == "neighbour":
        if got != best:
            assert source[got] == source[best] and 0 < abs(position[got] - position[best]) <= rule.reach
            assert shape[got] > shape[best] and expects != "any"
        if not any(shape):  # with no shape anywhere the original choice stands
            assert got == best


@given(candidates, rules)
def test_with_no_shape_anywhere_and_one_concept_the_window_step_keeps_the_choice(data, rule: Rule) -> None:
    score, position, source, _, _ = data
    if not _unique(position, source):
        return
    # One concept every candidate holds: no run holds more than its best sentence, and nothing has a shape.
    got = pick(rule, score, position, [0.0] * len(score), "person", source, [[1.0]] * len(score))
    assert got == int(order(np.array(score), np.zeros(len(score)), np.arange(len(score)))[0])


def test_next_door_counts_a_miss_one_sentence_away_by_shape() -> None:
    from bench.fit import NAMES, Case
    from bench.window import Side, next_door

    x = np.zeros((2, len(NAMES)))
    x[0, NAMES.index("coverage")] = 1.0  # the restatement, chosen; it holds a name
    x[0, NAMES.index("answer_type")] = 0.5
    x[1, NAMES.index("answer_type")] = 1.0  # the next sentence, right, holds one next to the question's words
    c = Case(set="newsqa", id="q", fold=0, no_answer=False, x=x, right=np.array([False, True]), bm25=np.zeros(2),
             sid=np.arange(2), source=np.array(["a", "a"], dtype=object), position=np.array([3, 4]),
             coverage=x[:, 1], refusable=False, unknown=(), missing=(), text="Who?")
    table = next_door([c], {("newsqa", "q"): Side(np.ones((2, 1)), np.ones(1), "person")})
    assert "| newsqa | 1 | 1 | 1 | 1 | 1 |" in table
