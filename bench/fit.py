"""Fit the re-ranker's weights and the refusal thresholds, with article-level cross-validation.

`python -m bench.fit` (or `make fit`) builds three stores under data/fit/ (newsqa_dev's 741 stories as
one store, SQuAD visible's two articles, the five seeds), asks every question of newsqa_dev, SQuAD
visible (answerable and unanswerable) and seed_dev once, and caches each question's candidates with
their unweighted feature values (data/fit/cache.pkl). Then, per fold (questions grouped by the
article they are about: newsqa's story, SQuAD's title, a hash of the id for seed_dev), it fits the
weights on the other folds (a softmax over each question's candidates, maximising the chance that a
right one is first, then coordinate ascent on top-1) and scores the held-out fold. It prints held-out top-1 per
set next to the current weights' and a `Weights(...)` line to paste into retrieval/answering/params.py.

Then it fits the doubt score (refusal.doubt: a logistic model of "the articles do not answer" over refusal.Evidence)
and its not-sure / not-found thresholds, held out by article (SQuAD leave-one-article-out; newsqa by story) and by
SQuAD paragraph, scores the check-only sets (eval/newsqa_unanswerable.jsonl, eval/seed_heldout.jsonl: never fitted
on) and prints a `DoubtParams(...)` line for params.py; `--doubt` does only that. The doubt fit also reads the foreign
questions (FOREIGN: each corpus's questions asked of another corpus's store, all unanswerable there), weighed by
`--foreign-weight` (default FOREIGN_WEIGHT; 0 scores them without fitting on them).

`--key-gap` fits one not-sure threshold on the heaviest question word the best sentence lacks (with or without its
neighbours or article) under the doubt score's budget and prints its held-out effect (off in every fold so far:
/work/notes/answers6.md). `--misses` shows where newsqa's right sentences are when the current weights miss them (another article, a
neighbour, farther away) and which features favour the right one; `--gbm` fits a LightGBM lambdarank model on the
same features and folds and prints its held-out top-1 next to the linear fit's (not adopted: see the notes);
`--concepts` recomputes the coverage feature from the cached concept matches with the question's concepts weighed
otherwise (names times a factor, idf to a power, light verbs such as "say" times a share), each choice made on four
folds and scored on the fifth (none gained held out: /work/notes/rank4.md). `--free a,b` lets coordinate ascent
move only those weights (a new feature's alone, the rest as in params.py), which is how a feature is tried.
"""
from __future__ import annotations

import argparse
import dataclasses
import pickle
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from retrieval.answering import refusal
from retrieval.answering.answerer import Answerer
from retrieval.answering.params import DEFAULT, AnswerParams, DoubtParams, Weights
from retrieval.answering.refusal import Evidence
from retrieval.answering.spelling import QuestionReader
from retrieval.corpus.store import Store
from retrieval.evaluation.scoring import EvalQuestion, is_right, load_questions
from retrieval.evaluation.squad import build_squad
from retrieval.index.analyzer import Analyzer
from retrieval.index.lexicon import Lexicon
from retrieval.index.retriever import Retriever
from retrieval.records import Outcome
from retrieval.service import together

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "eval"
WORK = ROOT / "data" / "fit"
NAMES = Weights.names()
FOLDS = 5
# Each set's pull on the fit, per question: SQuAD and the seeds have far fewer questions than newsqa,
# and a rule that only helps newsqa's crowd questions should not win by numbers alone.
# The features coordinate ascent may move: the article-level ones added for many-article stores and
# the BM25 share; the sentence features keep their hand weights (moving them too fits newsqa's crowd
# questions at the cost of held-out SQuAD and seed questions: measured, see the notes).
CACHE_FORMAT = 19  # bump when Case changes (or what it records: 10, unknown names checked against the lexicon; 11, with together; 12-13, concept matches; 14, foreign questions too; 15-16, the BBC store's sets and four more evidence values; 17, the person_named feature; 18, verbs of saying weigh saying_weight; 19, a name its article introduced, called by one word): an older cache is recomputed
FREE = frozenset({"bm25", "article", "article_top", "lead", "early", "article_best", "article_bm25", "local_coverage",
                  "person_named"})
SET_WEIGHT = {"newsqa": 1.0, "squad": 3.0, "seed_dev": 10.0}
# Light verbs, for `--concepts` only (the answerer weighs them like any word): the commonest English verbs, whose
# meaning in a question comes from their object or the question's frame ("What did X say about Y?", "What position
# did X hold?"). The grid asks what weighing their concepts less in coverage would do.
LIGHT_VERBS = frozenset("""
say tell ask make get go take give come put see know think want use find happen call become show keep hold let
seem leave bring begin turn start
""".split())
# Sets in the cache only to check on: never fitted on (weights or doubt).
CHECK_ONLY = frozenset({"newsqa_unanswerable", "seed_heldout", "bbc_blind", "offtopic", "chat_dev"})
# Over the BBC archive (../shared/corpora/bbc_news_2004_2005.zip as one store): the two chat-typed development sets
# (eval/bbc_chat_blind*.jsonl, answerable and unanswerable, `chat_dev`), the blind BBC set (`bbc_blind`) and forty
# off-topic questions that address nobody (eval/offtopic_probes.jsonl, `offtopic`). Never fitted on by the weights;
# the off-topic score (--offtopic) is checked on all three, fitted on none.
BBC_ZIP = ROOT.parent / "shared" / "corpora" / "bbc_news_2004_2005.zip"
# Each corpus's questions asked of another corpus's store, every one taken as unanswerable there: questions about
# a subject the articles never cover (SQuAD's Normans and complexity theory over newsqa's CNN stories, newsqa's over
# SQuAD's two articles, the seeds' 2021 envoy talks over CNN's 2007-8 stories), what an off-topic question is to a
# store. Fitted on by the doubt score only (never by the weights: they have no right sentence). Their ids carry
# FOREIGN_PREFIX, so a question and its foreign copy never collide.
FOREIGN = frozenset({"foreign_squad", "foreign_newsqa", "foreign_seed"})
FOREIGN_PREFIX = "foreign:"


@dataclass(frozen=True, slots=True)
class Case:
    """One question's ranked candidates, as numbers."""

    set: str
    id: str
    fold: int
    no_answer: bool
    x: np.ndarray  # candidates x features (unweighted values, NAMES order)
    right: np.ndarray  # bool per candidate
    bm25: np.ndarray
    sid: np.ndarray
    source: np.ndarray  # each candidate's article (its source name)
    position: np.ndarray  # each candidate's place in its article
    coverage: np.ndarray
    refusable: bool  # refused before ranking (nothing to look for, or no candidate)
    unknown: tuple[str, ...]
    missing: tuple[str, ...]
    text: str
    group: str = ""  # the article the question is about (newsqa's story, SQuAD's title), or its id
    evidence: np.ndarray | None = None  # refusal.Evidence values (Evidence.names() order); None: nothing ranked
    outcome: str = ""  # the reply's outcome with the doubt score off (Outcome value)
    answered_right: bool = False  # that reply is an answer and its first sentence is right
    # The query's concepts: how well each candidate holds each (candidates x concepts), each concept's weight as the
    # query gave it, and whether the question wrote it with a capital (a name) -- to refit how concepts are weighed.
    matches: np.ndarray | None = None
    concept_weight: np.ndarray | None = None
    concept_capital: np.ndarray | None = None
    concept_light: np.ndarray | None = None  # whether each concept is a light verb (LIGHT_VERBS)


def _fold(key: str) -> int:
    return zlib.crc32(key.encode()) % FOLDS


def _open(path: Path, folders: list[Path], params: AnswerParams) -> tuple[Store, Answerer]:
    from retrieval.corpus.ingest import ingest_paths
    from retrieval.records import IngestLimits

    fresh = not path.exists()
    store = Store.open(path, create=True)
    if fresh:
        ingest_paths(store, folders, limits=IngestLimits())
    analyzer = Analyzer()
    retriever = Retriever.open(store, analyzer)
    # The store's words, as the service has them: whether an unknown name is a misspelt stored one.
    def indexed(word: str) -> bool:
        terms = analyzer.terms(word)
        return bool(terms) and all(retriever.document_frequency(t) > 0 for t in terms)

    reader = QuestionReader(Lexicon.open(store), indexed, analyzer.is_stop_word, together=together(retriever))
    return store, Answerer(store, retriever, analyzer, params, spelling=reader)


def _cases(name: str, answerer: Answerer, questions: list[EvalQuestion], fold_key: dict[str, str]) -> list[Case]:
    analyzer = Analyzer()
    light = frozenset(t for word in LIGHT_VERBS for t in analyzer.terms(word))
    out = []
    for q in questions:
        r = answerer.examine(q.question)
        n = len(r.ranked)
        x = np.array([c.values for c in r.ranked], dtype=float).reshape(n, len(NAMES))
        right = np.array([bool(q.answers) and is_right(q.answers, c.candidate.sentence.text) for c in r.ranked], dtype=bool)
        reply = answerer.answer(q.question, k=1)
        first_right = (reply.outcome is Outcome.ANSWER and bool(q.answers) and bool(reply.answers)
                       and is_right(q.answers, reply.answers[0].text))
        out.append(Case(
            set=name, id=q.id, fold=_fold(fold_key.get(q.id, q.id)), no_answer=q.no_answer, x=x, right=right,
            bm25=np.array([c.candidate.bm25 for c in r.ranked]), sid=np.array([c.candidate.sentence.id for c in r.ranked]),
            source=np.array([c.candidate.sentence.source for c in r.ranked], dtype=object),
            position=np.array([c.candidate.sentence.position for c in r.ranked], dtype=int),
            coverage=np.array([c.coverage for c in r.ranked]), refusable=r.query is None or not r.ranked,
            unknown=r.unknown, missing=r.missing, text=r.text, group=fold_key.get(q.id, q.id),
            evidence=None if r.evidence is None else np.array(r.evidence.values()),
            outcome=str(reply.outcome), answered_right=first_right,
            matches=np.array([c.matches for c in r.ranked], dtype=float).reshape(n, len(r.query.concepts)) if r.query else None,
            concept_weight=np.array([c.weight for c in r.query.concepts]) if r.query else None,
            concept_capital=np.array([c.label[:1].isupper() for c in r.query.concepts], dtype=bool) if r.query else None,
            concept_light=np.array([len(c.alternatives) == 1 and len(c.alternatives[0]) == 1
                                    and c.alternatives[0][0] in light for c in r.query.concepts], dtype=bool)
            if r.query else None,
        ))
    return out


def _foreign(questions: list[EvalQuestion]) -> list[EvalQuestion]:
    """`questions` as asked of another corpus's store: unanswerable there."""
    return [EvalQuestion(FOREIGN_PREFIX + q.id, q.question, (), True) for q in questions]


def _base_id(case: Case) -> str:
    return case.id.removeprefix(FOREIGN_PREFIX)


def collect(params: AnswerParams) -> list[Case]:
    """Every question of the three sets with its candidates' features (see the module docstring), and the
    foreign questions (FOREIGN)."""
    WORK.mkdir(parents=True, exist_ok=True)
    cases: list[Case] = []
    newsqa = SHARED / "newsqa_dev"
    questions = load_questions(newsqa / "questions.jsonl")
    squad = build_squad(SHARED / "squad2_dev_visible.json", WORK / "squad_articles")
    titles = _squad_titles(SHARED / "squad2_dev_visible.json")
    seed_questions = load_questions(SHARED / "seed_dev.jsonl") + load_questions(ROOT / "eval" / "seed_heldout.jsonl")
    import json
    sources = {}
    with open(newsqa / "questions.jsonl", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            sources[str(row["id"])] = str(row.get("source", row["id"]))
    store, answerer = _open(WORK / "newsqa.sqlite3", [newsqa / "corpus"], params)
    cases += _cases("newsqa", answerer, questions, sources)
    # Our own on-topic unanswerable questions over the same stories: checked, never fitted on (CHECK_ONLY).
    cases += _cases("newsqa_unanswerable", answerer, load_questions(ROOT / "eval" / "newsqa_unanswerable.jsonl"), {})
    foreign_titles = {FOREIGN_PREFIX + k: v for k, v in titles.items()}
    cases += _cases("foreign_squad", answerer, _foreign(list(squad.questions)), foreign_titles)
    cases += _cases("foreign_seed", answerer, _foreign(seed_questions), {})
    store.close()

    store, answerer = _open(WORK / "squad.sqlite3", [squad.folder], params)
    cases += _cases("squad", answerer, list(squad.questions), titles)
    cases += _cases("foreign_newsqa", answerer, _foreign(questions), {FOREIGN_PREFIX + k: v for k, v in sources.items()})
    store.close()

    if BBC_ZIP.exists():
        store, answerer = _open(WORK / "bbc.sqlite3", [BBC_ZIP], params)
        chat_files = [ROOT / "eval" / "bbc_chat_blind.jsonl", ROOT / "eval" / "bbc_chat_blind2.jsonl"]
        chat = [q for f in chat_files for q in load_questions(f)]
        cases += _cases("chat_dev", answerer, chat, _sources(chat_files))
        bbc_file = ROOT / "eval" / "bbc_blind.jsonl"
        cases += _cases("bbc_blind", answerer, load_questions(bbc_file), _sources([bbc_file]))
        cases += _cases("offtopic", answerer, load_questions(ROOT / "eval" / "offtopic_probes.jsonl"), {})
        store.close()

    store, answerer = _open(WORK / "seeds.sqlite3", [ROOT / "seeds"], params)
    cases += _cases("seed_dev", answerer, load_questions(SHARED / "seed_dev.jsonl"), {})
    cases += _cases("seed_heldout", answerer, load_questions(ROOT / "eval" / "seed_heldout.jsonl"), {})
    store.close()
    return cases


def _sources(files: list[Path]) -> dict[str, str]:
    """Each question's article (its `source`), for article folds."""
    import json
    out = {}
    for file in files:
        for line in file.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                out[str(row["id"])] = str(row.get("source", row["id"]))
    return out


def _squad_titles(path: Path) -> dict[str, str]:
    import json
    data = json.loads(path.read_text(encoding="utf-8"))
    return {str(qa["id"]): str(a["title"]) for a in data["data"] for p in a["paragraphs"] for qa in p["qas"]}


# -- scoring a weight vector on cached cases -------------------------------------------------
def top_right(case: Case, w: np.ndarray) -> bool:
    """Whether the answerer with weights `w` ranks a right sentence first (ties as rerank breaks them)."""
    if not len(case.right):
        return False
    score = np.round(case.x * w, 4).sum(axis=1)
    best = np.lexsort((case.sid, -case.bm25, -score))[0]
    return bool(case.right[best])


def top1(cases: list[Case], w: np.ndarray) -> float:
    answerable = [c for c in cases if not c.no_answer]
    return sum(top_right(c, w) for c in answerable) / (len(answerable) or 1)


def _objective(cases: list[Case], w: np.ndarray) -> float:
    total = weight = 0.0
    for c in cases:
        if c.no_answer:
            continue
        total += SET_WEIGHT[c.set] * top_right(c, w)
        weight += SET_WEIGHT[c.set]
    return total / (weight or 1.0)


def _softmax_fit(cases: list[Case], l2: float = 0.01) -> np.ndarray:
    """Weights maximising each question's probability of ranking a right sentence first under a
    softmax over its candidates' scores (a conditional logit: the top-1 task itself, smoothed)."""
    from scipy.optimize import minimize

    usable = [c for c in cases if not c.no_answer and c.right.any() and len(c.right) > 1]
    x = np.vstack([c.x for c in usable])
    right = np.concatenate([c.right for c in usable])
    starts = np.cumsum([0] + [len(c.right) for c in usable[:-1]])
    qw = np.array([SET_WEIGHT[c.set] for c in usable])
    qw = qw / qw.sum()
    sizes = np.array([len(c.right) for c in usable])

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        s = x @ w
        m = np.maximum.reduceat(s, starts)
        e = np.exp(s - np.repeat(m, sizes))
        z = np.add.reduceat(e, starts)
        zr = np.add.reduceat(e * right, starts)
        nll = -(qw * (np.log(zr) - np.log(z))).sum() + l2 * (w @ w)
        p_all = e / np.repeat(z, sizes)
        p_right = e * right / np.repeat(zr, sizes)
        per = np.repeat(qw, sizes)[:, None]
        grad = ((p_all - p_right)[:, None] * per * x).sum(axis=0) + 2 * l2 * w
        return float(nll), grad

    found = minimize(loss, np.zeros(x.shape[1]), jac=True, method="L-BFGS-B")
    return np.asarray(found.x)


def fit_weights(cases: list[Case], start: np.ndarray, *, rounds: int = 2, free: frozenset[str] = frozenset(NAMES)) -> np.ndarray:
    """The softmax fit, then coordinate ascent on the weighted top-1 from the better of it and `start`."""
    w = _softmax_fit(cases)
    w = w / (abs(w[NAMES.index("coverage")]) or 1.0) * 2.0  # the hand weights' scale (coverage 2)
    if not rounds:
        return np.round(w, 3)
    best = max((start, w), key=lambda v: _objective(cases, v))
    score = _objective(cases, best)
    for _ in range(rounds):
        for i in (i for i, n in enumerate(NAMES) if n in free):
            for trial_value in (0.0, best[i] * 0.5, best[i] * 0.8, best[i] * 1.25, best[i] * 2.0,
                                best[i] + 0.25, best[i] - 0.25):
                trial = best.copy()
                trial[i] = trial_value
                s = _objective(cases, trial)
                if s > score + 1e-9:
                    best, score = trial, s
    return np.round(best, 3)


def cross_validate(cases: list[Case], start: np.ndarray, rounds: int = 2,
                   free: frozenset[str] = frozenset(NAMES)) -> tuple[dict[str, float], list[np.ndarray]]:
    """Held-out top-1 per set: each fold scored with the weights fitted on the other folds."""
    hits: dict[str, list[bool]] = {}
    fitted = []
    for k in range(FOLDS):
        train = [c for c in cases if c.fold != k]
        w = fit_weights(train, start, rounds=rounds, free=free)
        fitted.append(w)
        for c in cases:
            if c.fold == k and not c.no_answer:
                hits.setdefault(c.set, []).append(top_right(c, w))
    return {name: sum(v) / len(v) for name, v in hits.items()}, fitted


def _cached(fresh: bool) -> list[Case]:
    cache = WORK / "cache.pkl"
    if not fresh and cache.exists():
        with open(cache, "rb") as fh:
            stored = pickle.load(fh)
        if isinstance(stored, tuple) and stored[0] == CACHE_FORMAT:
            return list(stored[1])
    # The doubt score off: each case records the reply the other rules give, which the doubt fit acts on.
    cases = collect(dataclasses.replace(DEFAULT, doubt=dataclasses.replace(DEFAULT.doubt, not_sure=None, not_found=None)))
    with open(cache, "wb") as fh:
        pickle.dump((CACHE_FORMAT, cases), fh)
    return cases


# -- why the linear model misses: where the right sentence is ------------------------------------
def _best(case: Case, w: np.ndarray) -> int:
    return int(np.lexsort((case.sid, -case.bm25, -np.round(case.x * w, 4).sum(axis=1)))[0])


def misses(cases: list[Case], w: np.ndarray, name: str = "newsqa") -> str:
    """newsqa's answerable questions the weights `w` get wrong, by where the nearest right candidate is
    (another article; the same article 1-3 sentences away; farther), and how the right one and the chosen
    one differ on each feature (share of those misses where the right candidate's value is higher)."""
    group = [c for c in cases if c.set == name and not c.no_answer]
    kinds: dict[str, int] = {}
    higher = np.zeros(len(NAMES))
    lower = np.zeros(len(NAMES))
    reachable_misses = 0
    for c in group:
        if not c.right.any():
            kinds["no right sentence among the candidates"] = kinds.get("no right sentence among the candidates", 0) + 1
            continue
        b = _best(c, w)
        if c.right[b]:
            kinds["right first"] = kinds.get("right first", 0) + 1
            continue
        reachable_misses += 1
        same = [j for j in np.flatnonzero(c.right) if c.source[j] == c.source[b]]
        if not same:
            kind = "right only in another article"
        else:
            j = min(same, key=lambda j: abs(int(c.position[j]) - int(c.position[b])))
            d = int(c.position[j]) - int(c.position[b])
            kind = (f"same article, {abs(d)} sentence(s) {'after' if d > 0 else 'before'}" if abs(d) <= 3
                    else "same article, 4 or more sentences away")
        kinds[kind] = kinds.get(kind, 0) + 1
        j = max(np.flatnonzero(c.right), key=lambda j: float(np.round(c.x[j] * w, 4).sum()))
        higher += c.x[j] > c.x[b]
        lower += c.x[j] < c.x[b]
    lines = [f"{name}: {len(group)} answerable questions", "| where | questions |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in sorted(kinds.items(), key=lambda kv: -kv[1])]
    lines += ["", f"the best-scored right candidate against the chosen one, over {reachable_misses} reachable misses:",
              "| feature | right higher | right lower |", "|---|---|---|"]
    lines += [f"| {n} | {h / (reachable_misses or 1):.0%} | {lo / (reachable_misses or 1):.0%} |"
              for n, h, lo in zip(NAMES, higher, lower)]
    return "\n".join(lines)


# -- how the question's concepts are weighed: refitted on the cached matches ----------------------------------
COVERAGE_AT = NAMES.index("coverage")


def reweighed(case: Case, name_factor: float, power: float, light: float = 1.0) -> Case:
    """The case with its coverage recomputed from concept weights idf ** power, names (capitalised in the
    question) times name_factor, light verbs times `light` (of the weight the cache was collected with). Only the
    coverage column moves (the other features keep the query's weights)."""
    if case.matches is None or case.concept_weight is None or case.concept_capital is None or not len(case.right):
        return case
    w = np.power(np.maximum(case.concept_weight, 1e-9), power) * np.where(case.concept_capital, name_factor, 1.0)
    if case.concept_light is not None:
        w = w * np.where(case.concept_light, light, 1.0)
    x = case.x.copy()
    x[:, COVERAGE_AT] = case.matches @ w / (w.sum() or 1.0)
    return dataclasses.replace(case, x=x)


CONCEPT_GRID = tuple((f, a, v) for f in (0.75, 1.0, 1.5, 2.0) for a in (0.75, 1.0, 1.5)
                     for v in (0.0, 0.25, 0.5, 0.75, 1.0))


def concept_table(cases: list[Case]) -> str:
    """Held-out top-1 with the concept weighing (name_factor, power, light) chosen on the other folds, the rest of
    the weights as they are, next to the current weighing; then each grid point's in-sample top-1."""
    w = np.array([DEFAULT.weights.of(n) for n in NAMES])
    grid = {g: [reweighed(c, *g) for c in cases] for g in CONCEPT_GRID}
    hits: dict[str, list[bool]] = {}
    chosen = []
    for k in range(FOLDS):
        best = max(CONCEPT_GRID, key=lambda g: (_objective([c for c in grid[g] if c.fold != k], w), g == (1.0, 1.0, 1.0)))
        chosen.append(best)
        for c in grid[best]:
            if c.fold == k and not c.no_answer:
                hits.setdefault(c.set, []).append(top_right(c, w))
    sets = sorted(hits)
    lines = ["| set | current (1.0, 1.0, 1.0) | held-out: (name factor, power, light verbs) chosen on the other folds |",
             "|---|---|---|"]
    lines += [f"| {n} | {top1([c for c in cases if c.set == n], w):.3f} | {sum(hits[n]) / len(hits[n]):.3f} |" for n in sets]
    lines.append(f"chosen per fold: {chosen}")
    lines.append("in-sample per grid point: " + "; ".join(
        f"{g}: " + " ".join(f"{top1([c for c in grid[g] if c.set == n], w):.3f}" for n in sets) for g in CONCEPT_GRID))
    return "\n".join(lines)


# -- a gradient-boosted ranker on the same features, for comparison -------------------------------
GBM_PARAMS = {"objective": "lambdarank", "learning_rate": 0.05, "num_leaves": 7, "min_data_in_leaf": 50,
              "lambdarank_truncation_level": 10, "verbosity": -1, "num_threads": 1, "deterministic": True,
              "seed": 7}
GBM_ROUNDS = 300


def gbm_table(cases: list[Case]) -> str:
    """Held-out top-1 per set of LightGBM lambdarank (GBM_PARAMS, per-question set weights as in the linear fit)
    trained on the other folds, next to the linear fit's (softmax + coordinate ascent over FREE)."""
    import lightgbm as lgb

    hits: dict[str, list[bool]] = {}
    for k in range(FOLDS):
        train = [c for c in cases if c.fold != k and not c.no_answer and c.right.any() and len(c.right) > 1]
        data = lgb.Dataset(np.vstack([c.x for c in train]), np.concatenate([c.right for c in train]).astype(int),
                           group=[len(c.right) for c in train],
                           weight=np.concatenate([np.full(len(c.right), SET_WEIGHT[c.set]) for c in train]))
        model = lgb.train(GBM_PARAMS, data, GBM_ROUNDS)
        for c in cases:
            if c.fold == k and not c.no_answer:
                right = bool(len(c.right)) and bool(c.right[np.lexsort((c.sid, -c.bm25, -np.round(model.predict(c.x), 6)))[0]])
                hits.setdefault(c.set, []).append(right)
    linear, _ = cross_validate(cases, np.array([DEFAULT.weights.of(n) for n in NAMES]), free=FREE)
    lines = ["| set | held-out: linear fit | held-out: LightGBM lambdarank |", "|---|---|---|"]
    lines += [f"| {n} | {linear[n]:.3f} | {sum(v) / len(v):.3f} |" for n, v in sorted(hits.items())]
    return "\n".join(lines)


# -- the doubt score: a logistic model of "the articles do not answer" over refusal.Evidence -------------------
DOUBT_NAMES = Evidence.names()
# Signs the fit may not cross, so the score reads the way its inputs say: more of the question found never raises
# the doubt, more of it missing never lowers it; 0: held at 0. The rest (context, short) go either way. The margin
# is held at 0: a store of two articles (SQuAD) or five (the seeds) gives far larger leads than one of 741 stories,
# so its weight read the store's size; free, it cost held-out SQuAD answers (2 of 293 not sure instead of 1) and
# seed_dev's (1 of 18 in article folds).
DOUBT_SIGNS = {"coverage": -1, "best_coverage": -1, "uncovered_peak": 1, "absent": 1, "name_gap": 1,
               "article_gap": 1, "shape_gap": 1, "negation": 1, "margin": 0, "pool_gap": 1, "personal": 1, "off_domain": 1,
               # Free, a refit gave known_article_gap -1.4 and recurs +0.9 (a gap lowering the doubt: SQuAD's store is
               # one article per paragraph, its unanswerable questions' words recur there), store structure, not
               # answerability: held to the signs their meaning gives (/work/notes/refusal5.md).
               "known_article_gap": 1, "strange": 1, "held_share": -1, "recurs": -1}
DOUBT_L2 = 0.01
# The answerable questions' total weight against the unanswerable ones': above 1 the fit cares most about the
# low-doubt end, where the threshold sits (at most 3 % of answerable questions above it).
DOUBT_ANSWERABLE = 3.0
DOUBT_LIMIT = 0.03  # most answerable questions of any fitted set not answered (refused or not sure) at the threshold
# Most answerable questions of any fitted set the doubt score alone may make not found (the closest sentences
# not even shown); the rest of the doubtful replies are not sure.
NOT_FOUND_LIMIT = 0.005
DOUBT_SETS = ("squad", "newsqa", "seed_dev")  # fitted on; CHECK_ONLY sets are only scored
# The foreign questions' total weight in the fit against SQuAD's unanswerable ones' (1.0); 0: scored, not fitted on.
# At 1 (off the subject and on it but not said counting alike), held out by paragraph: foreign SQuAD questions over
# newsqa's store caught 127 -> 203 of 626, SQuAD's own 40 -> 38 of 333, both refits bound by newsqa's 3 %; the
# shipped DoubtParams are neither refit, see /work/notes/refusal4.md.
FOREIGN_WEIGHT = 0.0
DOUBT_FITTED = DOUBT_SETS + tuple(sorted(FOREIGN)) if FOREIGN_WEIGHT else DOUBT_SETS


def _doubt_usable(cases: list[Case]) -> list[Case]:
    """The questions the score can change: answered by the other rules, with evidence."""
    return [c for c in cases if c.evidence is not None and c.outcome == str(Outcome.ANSWER)]


def fit_doubt(train: list[Case]) -> tuple[float, np.ndarray]:
    """Intercept and weights of a logistic model of no_answer on the evidence of `train`'s answered questions.
    Each set's answerable questions weigh as much in total as every unanswerable question together, so newsqa's
    943 do not drown SQuAD's 293 (a threshold must hold for each set)."""
    from scipy.optimize import minimize

    usable = [c for c in _doubt_usable(train) if c.set in DOUBT_FITTED]
    x = np.vstack([c.evidence for c in usable if c.evidence is not None])
    y = np.array([c.no_answer for c in usable], dtype=float)
    # SQuAD's own unanswerable questions weigh 1 in total, the foreign ones FOREIGN_WEIGHT (each kind by its count)
    positives = max(1, sum(1 for c in usable if c.no_answer and c.set not in FOREIGN))
    foreign = max(1, sum(1 for c in usable if c.set in FOREIGN))
    per_set = {name: sum(1 for c in usable if c.set == name and not c.no_answer) for name in DOUBT_SETS}
    answerable_sets = sum(1 for n in per_set.values() if n)
    sw = np.array([(FOREIGN_WEIGHT / foreign if c.set in FOREIGN else 1.0 / positives) if c.no_answer
                   else DOUBT_ANSWERABLE / (answerable_sets * per_set[c.set]) for c in usable])

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        z = theta[0] + x @ theta[1:]
        prob = 1.0 / (1.0 + np.exp(-np.clip(z, -60, 60)))
        eps = 1e-12
        nll = -(sw * (y * np.log(prob + eps) + (1 - y) * np.log(1 - prob + eps))).sum()
        g = sw * (prob - y)
        grad = np.concatenate([[g.sum()], x.T @ g + 2 * DOUBT_L2 * theta[1:]])
        return float(nll + DOUBT_L2 * (theta[1:] @ theta[1:])), grad

    sign_bounds: dict[int | None, tuple[float | None, float | None]] = {1: (0.0, None), -1: (None, 0.0), 0: (0.0, 0.0)}
    bounds = [(None, None)] + [sign_bounds.get(DOUBT_SIGNS.get(n), (None, None)) for n in DOUBT_NAMES]
    found = minimize(loss, np.zeros(len(DOUBT_NAMES) + 1), jac=True, method="L-BFGS-B", bounds=bounds)
    theta = np.round(np.asarray(found.x), 3)
    if DOUBT_REFINE_ROUNDS:
        theta = _refine(train, theta, [b for b in bounds[1:]])
    return float(theta[0]), theta[1:]


# Rounds of coordinate ascent after the logistic fit on what the threshold rule actually yields: the unanswerable
# questions caught at the budget threshold (SQuAD's own as one share, the foreign ones as FOREIGN_WEIGHT times
# another). The logistic loss weighs every question; only the few near the threshold decide what is caught. 0: off.
DOUBT_REFINE_ROUNDS = 0
_STEPS = (-1.0, -0.5, -0.25, 0.25, 0.5, 1.0)


def _refine(train: list[Case], theta: np.ndarray, bounds: list[tuple[float | None, float | None]]) -> np.ndarray:
    usable = [c for c in _doubt_usable(train) if c.set in DOUBT_FITTED]
    x = np.vstack([c.evidence for c in usable if c.evidence is not None])
    sets = np.array([c.set for c in usable], dtype=object)
    no_answer = np.array([c.no_answer for c in usable])
    foreign = np.isin(sets, list(FOREIGN)) & no_answer
    own = no_answer & ~foreign
    budgets = []  # per fitted set: its answered answerable questions, and how many the score may still take
    for name in DOUBT_SETS:
        answerable = [c for c in train if c.set == name and not c.no_answer]
        if answerable:
            others = sum(1 for c in answerable if c.outcome != str(Outcome.ANSWER))
            budgets.append(((sets == name) & ~no_answer, int(DOUBT_LIMIT * len(answerable)) - others))

    def objective(t: np.ndarray) -> float:
        z = x @ t[1:]
        cut = -np.inf
        for mask, room in budgets:
            zs = np.sort(z[mask])[::-1]
            if room < 0:
                return -1.0
            if room < len(zs):
                cut = max(cut, zs[room])
        caught = z > cut
        share = caught[own].mean() if own.any() else 0.0
        return float(share + (FOREIGN_WEIGHT * caught[foreign].mean() if foreign.any() else 0.0))

    best, score = theta.copy(), objective(theta)
    for _ in range(DOUBT_REFINE_ROUNDS):
        for i in range(1, len(best)):
            low, high = bounds[i - 1]
            for step in _STEPS:
                trial = best.copy()
                trial[i] = round(trial[i] + step, 3)
                if (low is not None and trial[i] < low) or (high is not None and trial[i] > high):
                    continue
                value = objective(trial)
                if value > score + 1e-9:
                    best, score = trial, value
    return best


def doubt_scores(cases: list[Case], model: tuple[float, np.ndarray]) -> np.ndarray:
    """Each answered case's doubt (refusal.doubt with these numbers); -1 where the score does not apply."""
    intercept, w = model
    d = DoubtParams(intercept, **{n: float(v) for n, v in zip(DOUBT_NAMES, w)})
    return np.array([refusal.doubt(d, Evidence(*map(float, c.evidence))) if c.evidence is not None
                     and c.outcome == str(Outcome.ANSWER) else -1.0 for c in cases])


def choose_threshold(cases: list[Case], scores: np.ndarray, limit: float, *, others: bool = True) -> float | None:
    """The lowest threshold at which no fitted set has more than `limit` of its answerable questions unanswered
    (counting the other rules' refusals unless `others` is False), or None when none is that low."""
    best = None
    for t in sorted(set(np.round(scores[scores >= 0], 4)), reverse=True):
        ok = True
        for name in DOUBT_SETS:
            mask = np.array([c.set == name and not c.no_answer for c in cases])
            if not mask.any():
                continue
            lost = sum(1 for c, sc in zip(cases, scores) if c.set == name and not c.no_answer
                       and ((others and c.outcome != str(Outcome.ANSWER)) or sc >= t))
            if lost > limit * mask.sum():
                ok = False
                break
        if not ok:
            break
        best = float(t)
    return best


@dataclass(frozen=True, slots=True)
class DoubtRow:
    """One set's replies under a doubt model and thresholds (held-out when the model never saw the set's fold)."""

    questions: int
    unanswerable: int
    caught_before: int  # unanswerable refused or not sure by the other rules
    caught: int  # ... and by the doubt score too
    answerable: int
    lost_before: int  # answerable refused or not sure by the other rules
    lost: int
    right_before: int  # answered with a right first sentence
    right: int
    not_found: int  # replies the doubt score made not found (the rest of its catches are not sure)


def doubt_row(cases: list[Case], scores: np.ndarray, not_sure: float | None, not_found: float | None) -> DoubtRow:
    def doubted(sc: float, t: float | None) -> bool:
        return t is not None and sc >= 0 and sc >= t

    unans = [(c, sc) for c, sc in zip(cases, scores) if c.no_answer]
    ans = [(c, sc) for c, sc in zip(cases, scores) if not c.no_answer]
    answered = str(Outcome.ANSWER)
    return DoubtRow(
        questions=len(cases), unanswerable=len(unans),
        caught_before=sum(c.outcome != answered for c, _ in unans),
        caught=sum(c.outcome != answered or doubted(sc, not_sure) or doubted(sc, not_found) for c, sc in unans),
        answerable=len(ans), lost_before=sum(c.outcome != answered for c, _ in ans),
        lost=sum(c.outcome != answered or doubted(sc, not_sure) or doubted(sc, not_found) for c, sc in ans),
        right_before=sum(c.answered_right for c, _ in ans),
        right=sum(c.answered_right and not (doubted(sc, not_sure) or doubted(sc, not_found)) for c, sc in ans),
        not_found=sum(doubted(sc, not_found) for c, sc in zip(cases, scores)),
    )


def _two_folds(case: Case, squad_titles: list[str]) -> int:
    """Article-level folds for the doubt fit: SQuAD leave-one-article-out (it has two), the rest by story/id hash."""
    if case.set in ("squad", "foreign_squad"):
        return squad_titles.index(case.group)
    return zlib.crc32(case.group.removeprefix(FOREIGN_PREFIX).encode()) % 2


def doubt_cross_validate(cases: list[Case], fold_of: dict[str, int], folds: int,
                         limit: float = DOUBT_LIMIT) -> tuple[dict[str, DoubtRow], list[tuple[float, np.ndarray, float | None, float | None]]]:
    """Per fold: model and thresholds fitted on the other folds' questions, scored on this fold's. Rows per set."""
    scores = np.full(len(cases), -1.0)
    not_sure = np.full(len(cases), np.inf)
    not_found = np.full(len(cases), np.inf)
    fitted = []
    for k in range(folds):
        train = [c for c in cases if fold_of[c.id] != k and c.set in DOUBT_FITTED]
        model = fit_doubt(train)
        train_scores = doubt_scores(train, model)
        t_ns = choose_threshold(train, train_scores, limit)
        t_nf = choose_threshold(train, train_scores, NOT_FOUND_LIMIT, others=False)
        fitted.append((model[0], model[1], t_ns, t_nf))
        held = [i for i, c in enumerate(cases) if fold_of[c.id] == k]
        held_scores = doubt_scores([cases[i] for i in held], model)
        for i, sc in zip(held, held_scores):
            scores[i] = sc
            not_sure[i] = np.inf if t_ns is None else t_ns
            not_found[i] = np.inf if t_nf is None else t_nf
    rows = {}
    for name in sorted({c.set for c in cases}):
        idx = [i for i, c in enumerate(cases) if c.set == name]
        # Each held-out question against its own fold's thresholds: shift scores so one threshold of 0 applies.
        group = [cases[i] for i in idx]
        ns = np.array([scores[i] - not_sure[i] if scores[i] >= 0 else -1.0 for i in idx])
        nf = np.array([scores[i] - not_found[i] if scores[i] >= 0 else -1.0 for i in idx])
        rows[name] = _merge(doubt_row(group, np.where(ns >= 0, ns, -1.0), 0.0, None),
                            doubt_row(group, np.where(nf >= 0, nf, -1.0), None, 0.0))
    return rows, fitted


def _merge(ns: DoubtRow, nf: DoubtRow) -> DoubtRow:
    """The not-sure row with the not-found count of the other (a not-found catch is also a not-sure catch)."""
    return dataclasses.replace(ns, not_found=nf.not_found)


def doubt_table(rows: dict[str, DoubtRow]) -> str:
    lines = ["| set | unanswerable refused or not sure: before → after | answerable refused or not sure: before → after "
             "| top-1 (answered and right): before → after | of the catches, not found |", "|---|---|---|---|---|"]
    for name, r in rows.items():
        un = f"{r.caught_before}/{r.unanswerable} → **{r.caught}/{r.unanswerable}** ({r.caught / r.unanswerable:.1%})" if r.unanswerable else "—"
        an = (f"{r.lost_before}/{r.answerable} → {r.lost}/{r.answerable} ({r.lost / r.answerable:.1%})" if r.answerable else "—")
        top = f"{r.right_before / r.answerable:.3f} → {r.right / r.answerable:.3f}" if r.answerable else "—"
        lines.append(f"| {name} | {un} | {an} | {top} | {r.not_found} |")
    return "\n".join(lines)


def squad_paragraphs(path: Path) -> dict[str, str]:
    import json
    data = json.loads(path.read_text(encoding="utf-8"))
    return {str(qa["id"]): f"{a['title']}#{i}" for a in data["data"] for i, p in enumerate(a["paragraphs"]) for qa in p["qas"]}


def doubt_report(every: list[Case], limit: float = DOUBT_LIMIT) -> str:
    """Held-out rows (article folds, then paragraph folds for SQuAD), the final model fitted on every fitted set
    with the check-only sets scored, and the DoubtParams line to paste into params.py."""
    squad_titles = sorted({c.group for c in every if c.set == "squad"})
    fitted_cases = [c for c in every if c.set in DOUBT_SETS or c.set in FOREIGN]  # foreign ones scored even at weight 0
    by_article = {c.id: _two_folds(c, squad_titles) for c in fitted_cases}
    rows, folds = doubt_cross_validate(fitted_cases, by_article, 2, limit)
    out = [f"held-out, article folds (SQuAD leave-one-article-out, newsqa by story, seed_dev by id; limit {limit:.1%}):",
           doubt_table(rows)]
    for k, (b, w, ns, nf) in enumerate(folds):
        out.append(f"  fold {k}: intercept {b:+.3f}, " + ", ".join(f"{n} {v:+.3f}" for n, v in zip(DOUBT_NAMES, w))
                   + f"; not sure at {ns}, not found at {nf}")
    paragraphs = squad_paragraphs(SHARED / "squad2_dev_visible.json")
    by_paragraph = {c.id: zlib.crc32((paragraphs.get(_base_id(c), c.group) if c.set in ("squad", "foreign_squad")
                                      else c.group.removeprefix(FOREIGN_PREFIX)).encode()) % FOLDS
                    for c in fitted_cases}
    rows5, _ = doubt_cross_validate(fitted_cases, by_paragraph, FOLDS, limit)
    out += ["", "held-out, five folds (SQuAD by paragraph: questions of one paragraph never on both sides):", doubt_table(rows5)]
    model = fit_doubt(fitted_cases)
    train_scores = doubt_scores(fitted_cases, model)
    t_ns = choose_threshold(fitted_cases, train_scores, limit)
    t_nf = choose_threshold(fitted_cases, train_scores, NOT_FOUND_LIMIT, others=False)
    final = {}
    for name in sorted({c.set for c in every}):
        group = [c for c in every if c.set == name]
        final[name] = _merge(doubt_row(group, doubt_scores(group, model), t_ns, None),
                             doubt_row(group, doubt_scores(group, model), None, t_nf))
    out += ["", "fitted on every fitted set (in-sample for squad/newsqa/seed_dev; never-fitted check sets held out):",
            doubt_table(final), ""]
    params = ", ".join([f"intercept={model[0]:.3f}"] + [f"{n}={v:.3f}" for n, v in zip(DOUBT_NAMES, model[1])]
                       + [f"not_sure={t_ns}", f"not_found={t_nf}"])
    out.append(f"DoubtParams({params})")
    return "\n".join(out)


# -- the off-topic score: a second logistic model, of "the question is about something these articles do not cover" --
# Fitted on the questions the other rules and the doubt score (the shipped DoubtParams) still answer: the foreign
# questions (FOREIGN) and chat_dev's unanswerable ones against the answerable questions of newsqa, SQuAD, seed_dev and
# chat_dev; held out by article (two folds, as the doubt fit's) and scored on the never-fitted bbc_blind, offtopic,
# newsqa_unanswerable and seed_heldout. Its one threshold (not sure) is the lowest at which no set of OFFTOPIC_BUDGET
# loses more answerable questions than 3 % allows or, when the other rules and the doubt score already take that
# many, any more than they do.
OFFTOPIC_NAMES = ("coverage", "best_coverage", "article_gap", "known_article_gap", "pool_gap", "uncovered_peak",
                  "absent", "strange", "off_domain", "held_share", "short", "name_gap")
OFFTOPIC_SIGNS = {**DOUBT_SIGNS, "known_article_gap": 1, "strange": 1, "held_share": -1, "short": 0}
OFFTOPIC_POSITIVE = tuple(sorted(FOREIGN)) + ("chat_dev",)
OFFTOPIC_BUDGET = ("squad", "newsqa", "seed_dev", "chat_dev")
OFFTOPIC_FITTED = tuple(sorted(set(OFFTOPIC_POSITIVE) | set(OFFTOPIC_BUDGET)))


def _still_answered(cases: list[Case]) -> list[Case]:
    """The questions the off-topic score can change: answered by the other rules and the shipped doubt score."""
    d = DEFAULT.doubt
    return [c for c in _doubt_usable(cases) if not (d.not_sure is not None and refusal.doubt(d, _evidence_of(c)) >= d.not_sure)
            and not (d.not_found is not None and refusal.doubt(d, _evidence_of(c)) >= d.not_found)]


def _evidence_of(c: Case) -> Evidence:
    assert c.evidence is not None
    return Evidence(*map(float, c.evidence))


def fit_offtopic(train: list[Case]) -> DoubtParams:
    """The off-topic model (no threshold) on `train`'s still-answered questions of OFFTOPIC_FITTED."""
    from scipy.optimize import minimize

    usable = [c for c in _still_answered(train) if c.set in OFFTOPIC_FITTED and (c.no_answer or c.set in OFFTOPIC_BUDGET)]
    cols = [DOUBT_NAMES.index(n) for n in OFFTOPIC_NAMES]
    x = np.vstack([np.asarray(c.evidence)[cols] for c in usable])
    y = np.array([c.no_answer for c in usable], dtype=float)
    positives = max(1, int(y.sum()))
    per_set = {n: sum(1 for c in usable if c.set == n and not c.no_answer) for n in OFFTOPIC_BUDGET}
    sets = sum(1 for v in per_set.values() if v)
    sw = np.array([1.0 / positives if c.no_answer else DOUBT_ANSWERABLE / (sets * per_set[c.set]) for c in usable])

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        z = theta[0] + x @ theta[1:]
        prob = 1.0 / (1.0 + np.exp(-np.clip(z, -60, 60)))
        nll = -(sw * (y * np.log(prob + 1e-12) + (1 - y) * np.log(1 - prob + 1e-12))).sum()
        g = sw * (prob - y)
        return float(nll + DOUBT_L2 * (theta[1:] @ theta[1:])), np.concatenate([[g.sum()], x.T @ g + 2 * DOUBT_L2 * theta[1:]])

    sign_bounds: dict[int | None, tuple[float | None, float | None]] = {1: (0.0, None), -1: (None, 0.0), 0: (0.0, 0.0)}
    bounds = [(None, None)] + [sign_bounds.get(OFFTOPIC_SIGNS.get(n), (None, None)) for n in OFFTOPIC_NAMES]
    theta = np.round(np.asarray(minimize(loss, np.zeros(len(OFFTOPIC_NAMES) + 1), jac=True, method="L-BFGS-B",
                                         bounds=bounds).x), 3)
    zero = {n: 0.0 for n in DOUBT_NAMES}
    return DoubtParams(float(theta[0]), **{**zero, **{n: float(v) for n, v in zip(OFFTOPIC_NAMES, theta[1:])}},
                       not_sure=None, not_found=None)


def _lost_before(cases: list[Case], name: str) -> int:
    """A set's answerable questions the other rules or the shipped doubt score do not answer."""
    answerable = [c for c in cases if c.set == name and not c.no_answer]
    still = {id(c) for c in _still_answered(answerable)}
    return sum(1 for c in answerable if id(c) not in still)


def offtopic_threshold(cases: list[Case], model: DoubtParams, limit: float = DOUBT_LIMIT) -> float | None:
    """The lowest score at which no OFFTOPIC_BUDGET set loses more than its room (see the section's comment)."""
    live = _still_answered(cases)
    scores = {id(c): refusal.doubt(model, _evidence_of(c)) for c in live}
    rooms = {}
    for name in OFFTOPIC_BUDGET:
        n = sum(1 for c in cases if c.set == name and not c.no_answer)
        if n:
            rooms[name] = max(0, int(limit * n) - _lost_before(cases, name))
    best = None
    for t in sorted({round(v, 4) for v in scores.values()}, reverse=True):
        if any(sum(1 for c in live if c.set == name and not c.no_answer and scores[id(c)] >= t) > room
               for name, room in rooms.items()):
            break
        best = float(t)
    return best


def offtopic_rows(cases: list[Case], scored: dict[int, tuple[DoubtParams, float | None]]) -> str:
    """Per set: answerable lost and unanswerable caught, shipped rules alone and with the off-topic score."""
    lines = ["| set | unanswerable refused or not sure: now → with it | answerable refused or not sure: now → with it "
             "| top-1 (answered and right): now → with it |", "|---|---|---|---|"]
    for name in sorted({c.set for c in cases}):
        group = [c for c in cases if c.set == name]
        still = {id(c) for c in _still_answered(group)}

        def off(c: Case, still: set[int] = still) -> bool:
            model, t = scored[id(c)]
            return id(c) in still and t is not None and refusal.doubt(model, _evidence_of(c)) >= t
        un = [c for c in group if c.no_answer]
        an = [c for c in group if not c.no_answer]
        u0 = sum(id(c) not in still for c in un)
        u1 = u0 + sum(off(c) for c in un)
        a0 = sum(id(c) not in still for c in an)
        a1 = a0 + sum(off(c) for c in an)
        r0 = sum(c.answered_right and id(c) in still for c in an)
        r1 = r0 - sum(c.answered_right and off(c) for c in an)
        lines.append(f"| {name} | " + (f"{u0}/{len(un)} → **{u1}/{len(un)}**" if un else "—") + " | "
                     + (f"{a0}/{len(an)} → {a1}/{len(an)} ({a1 / len(an):.1%})" if an else "—") + " | "
                     + (f"{r0 / len(an):.3f} → {r1 / len(an):.3f}" if an else "—") + " |")
    return "\n".join(lines)


def offtopic_report(every: list[Case]) -> str:
    squad_titles = sorted({c.group for c in every if c.set == "squad"})
    fold = {id(c): _two_folds(c, squad_titles) for c in every}
    out = ["off-topic score, held out by article (two folds; check-only sets scored by each fold's model in turn, "
           "counted as caught only when both folds' models catch them):"]
    scored: dict[int, tuple[DoubtParams, float | None]] = {}
    models = []
    for k in (0, 1):
        train = [c for c in every if fold[id(c)] != k and c.set in OFFTOPIC_FITTED]
        model = fit_offtopic(train)
        t = offtopic_threshold(train, model)
        models.append((model, t))
        out.append(f"  fold {k}: intercept {model.intercept:+.3f}, "
                   + ", ".join(f"{n} {model.of(n):+.3f}" for n in OFFTOPIC_NAMES) + f"; not sure at {t}")
        for c in every:
            if c.set in OFFTOPIC_FITTED and fold[id(c)] == k:
                scored[id(c)] = (model, t)
    for c in every:
        if c.set not in OFFTOPIC_FITTED:
            # never fitted on: caught only when the stricter of the two folds' models catches it
            (m0, t0), (m1, t1) = models
            e = _evidence_of(c) if c.evidence is not None else None
            s0 = refusal.doubt(m0, e) - t0 if e is not None and t0 is not None else -1.0
            s1 = refusal.doubt(m1, e) - t1 if e is not None and t1 is not None else -1.0
            scored[id(c)] = (m0, None) if min(s0, s1) < 0 else (m0, t0)
    out.append(offtopic_rows(every, scored))
    fitted = [c for c in every if c.set in OFFTOPIC_FITTED]
    model = fit_offtopic(fitted)
    t = offtopic_threshold(fitted, model)
    out += ["", "fitted on every fitted set (in-sample for the fitted sets; bbc_blind, offtopic, newsqa_unanswerable, "
            "seed_heldout never fitted on):", offtopic_rows(every, {id(c): (model, t) for c in every}), ""]
    params = ", ".join([f"intercept={model.intercept:.3f}"] + [f"{n}={model.of(n):.3f}" for n in OFFTOPIC_NAMES]
                       + [f"not_sure={t}"])
    out.append(f"offtopic: DoubtParams({params})")
    return "\n".join(out)


# -- a key word the best sentence lacks (answers6): does one threshold earn its refusals? ----------------------------
# The rule asked for: a question word that weighs much (high idf) and that the best sentence does not hold -- nor its
# neighbours (`neighbours`), or nor any sentence of its article as read (`article`) -- makes the reply not sure
# ("japans unemployment rate" answered by a sentence about Japan that never says unemployment). `--key-gap` fits that
# one threshold on the cached questions with article folds, under the same budget as the doubt score (DOUBT_LIMIT of
# each budget set's answerable questions not answered, earlier refusals counted), and prints the held-out effect.
KEY_GAP_BUDGET = ("squad", "newsqa", "seed_dev", "chat_dev")
KEY_GAP_POSITIVE = ("squad", "chat_dev", "offtopic")


def key_gap(case: Case, reach: str) -> float:
    """The heaviest concept the best sentence lacks that no other sentence within `reach` holds whole ("sentence";
    "neighbours": the sentences right before and after it; "article": every sentence of its article read for the
    question), as a share of the question's idf mass; 0 when it holds them all."""
    if case.matches is None or case.concept_weight is None or not len(case.matches):
        return 0.0
    lacking = case.matches[0] < 1.0
    if reach != "sentence":
        same = case.source == case.source[0]
        if reach == "neighbours":
            same &= np.abs(case.position - case.position[0]) == 1
        held = (case.matches[same] >= 1.0).any(axis=0) if same.any() else np.zeros(len(lacking), dtype=bool)
        lacking &= ~held
    total = float(case.concept_weight.sum()) or 1.0
    return float(case.concept_weight[lacking].max() / total) if lacking.any() else 0.0


def _key_gap_effect(cases: list[Case], values: dict[int, float], t: float | None) -> dict[str, list[int]]:
    """Per set: [unanswerable newly not sure, right answers lost, wrong answers made not sure] at threshold `t`."""
    out: dict[str, list[int]] = {}
    for c in cases:
        if t is not None and values[id(c)] >= t:
            row = out.setdefault(c.set, [0, 0, 0])
            row[0 if c.no_answer else 1 if c.answered_right else 2] += 1
    return out


def key_gap_threshold(cases: list[Case], values: dict[int, float], limit: float = DOUBT_LIMIT) -> float | None:
    """The threshold catching the most unanswerable questions of KEY_GAP_POSITIVE less the right answers it loses, among
    those keeping every KEY_GAP_BUDGET set within `limit` (earlier refusals counted); None: none does better than off."""
    usable = [c for c in _still_answered(cases) if c.set in KEY_GAP_BUDGET + KEY_GAP_POSITIVE]
    room = {n: int(limit * sum(1 for c in cases if c.set == n and not c.no_answer)) - _lost_before(cases, n)
            for n in KEY_GAP_BUDGET}
    best, best_gain = None, 0
    for t in sorted({values[id(c)] for c in usable if values[id(c)] > 0.0}):
        effect = _key_gap_effect(usable, values, t)
        if any(sum(effect.get(n, [0, 0, 0])[1:]) > room[n] for n in KEY_GAP_BUDGET):
            continue
        gain = sum(effect[n][0] for n in KEY_GAP_POSITIVE if n in effect) - sum(v[1] for v in effect.values())
        if gain > best_gain:
            best, best_gain = t, gain
    return best


def key_gap_report(every: list[Case]) -> str:
    cases = [c for c in every if c.set not in FOREIGN]
    out = ["key word lacking (bench.fit --key-gap): held out over five article folds; per set +unanswerable caught / "
           "-right answers lost / wrong answers made not sure"]
    for reach in ("sentence", "neighbours", "article"):
        values = {id(c): key_gap(c, reach) for c in cases}
        chosen: list[float | None] = []
        total: dict[str, list[int]] = {}
        for k in range(FOLDS):
            train = [c for c in cases if c.fold != k]
            t = key_gap_threshold(train, values)
            chosen.append(t)
            for n, row in _key_gap_effect(_still_answered([c for c in cases if c.fold == k]), values, t).items():
                total[n] = [a + b for a, b in zip(total.get(n, [0, 0, 0]), row)]
        effect = "  ".join(f"{n} +{r[0]}/-{r[1]}/w{r[2]}" for n, r in sorted(total.items())) or "no reply changed"
        out.append(f"  {reach}: thresholds per fold {['off' if t is None else round(t, 3) for t in chosen]}; {effect}")
        for t in (0.3, 0.4, 0.5, 0.6):
            at = _key_gap_effect(_still_answered(cases), values, t)
            out.append(f"    at {t} (all folds, no budget): " + "  ".join(
                f"{n} +{r[0]}/-{r[1]}/w{r[2]}" for n, r in sorted(at.items())))
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fresh", action="store_true", help="recompute the cached candidates (after a feature changed)")
    parser.add_argument("--misses", action="store_true",
                        help="where newsqa's right sentences are when the current weights miss them (analysis, not a score)")
    parser.add_argument("--gbm", action="store_true",
                        help="held-out top-1 of a LightGBM lambdarank model on the same features and folds, next to the linear fit")
    parser.add_argument("--concepts", action="store_true",
                        help="held-out top-1 of reweighing the question's concepts (names, idf power, light verbs) in coverage, "
                             "on the cached matches")
    parser.add_argument("--doubt", action="store_true",
                        help="fit the doubt score (refusal.doubt) and its thresholds; held-out tables and a DoubtParams line")
    parser.add_argument("--offtopic", action="store_true",
                        help="fit the off-topic score (AnswerParams.offtopic) and its threshold; held-out tables")
    parser.add_argument("--key-gap", action="store_true",
                        help="fit a not-sure threshold on the heaviest question word the best sentence lacks; held-out table")
    parser.add_argument("--foreign-weight", type=float, default=None,
                        help="the foreign questions' weight in the doubt fit (0: not fitted on, only scored)")
    parser.add_argument("--refine-rounds", type=int, default=None,
                        help="coordinate-ascent rounds on the unanswerable questions caught at the budget threshold")
    parser.add_argument("--free", default=None,
                        help="comma-separated weights coordinate ascent may move (default: FREE), e.g. a new feature's alone")
    args = parser.parse_args()
    if args.free is not None:
        global FREE
        FREE = frozenset(args.free.split(","))
        if FREE - set(NAMES):
            parser.error(f"no such weight: {', '.join(sorted(FREE - set(NAMES)))}")
    if args.refine_rounds is not None:
        global DOUBT_REFINE_ROUNDS
        DOUBT_REFINE_ROUNDS = args.refine_rounds
    if args.foreign_weight is not None:
        global FOREIGN_WEIGHT, DOUBT_FITTED
        FOREIGN_WEIGHT = args.foreign_weight
        DOUBT_FITTED = DOUBT_SETS + tuple(sorted(FOREIGN)) if FOREIGN_WEIGHT else DOUBT_SETS
    started = time.perf_counter()
    every = _cached(args.fresh)
    print(f"{len(every)} questions, candidates cached in {time.perf_counter() - started:.0f} s")
    cases = [c for c in every if c.set not in CHECK_ONLY | FOREIGN]
    if args.doubt:
        print(doubt_report(every))
        return
    if args.offtopic:
        print(offtopic_report(every))
        return
    if args.key_gap:
        print(key_gap_report(every))
        return
    if args.misses:
        print(misses(cases, np.array([DEFAULT.weights.of(n) for n in NAMES])))
        return
    if args.gbm:
        print(gbm_table(cases))
        return
    if args.concepts:
        print(concept_table(cases))
        return
    current = np.array([DEFAULT.weights.of(n) for n in NAMES])
    sets = sorted({c.set for c in cases})
    regression, _ = cross_validate(cases, current, rounds=0)
    held_out, folds = cross_validate(cases, current, free=FREE)
    print("| set | current weights | held-out: softmax fit alone | held-out: + coordinate ascent | reachable |")
    print("|---|---|---|---|---|")
    for name in sets:
        group = [c for c in cases if c.set == name]
        reach = sum(c.right.any() for c in group if not c.no_answer) / (sum(not c.no_answer for c in group) or 1)
        print(f"| {name} | {top1(group, current):.3f} | {regression[name]:.3f} | {held_out[name]:.3f} | {reach:.3f} |")
    all_free, _ = cross_validate(cases, current)
    print("held-out with every weight free: " + ", ".join(f"{n} {all_free[n]:.3f}" for n in sets))
    final = fit_weights(cases, current, free=FREE)
    print("fitted on all folds (in-sample): " + ", ".join(f"{n} {top1([c for c in cases if c.set == n], final):.3f}" for n in sets))
    spread = np.std(np.array(folds), axis=0)
    print("\nper-fold weights (spread = std over folds):")
    for n, v, sd in zip(NAMES, final, spread):
        print(f"  {n:12s} {v:+.3f}  (fold spread {sd:.3f})")
    print("\nWeights(" + ", ".join(f"{n}={v:.3f}" for n, v in zip(NAMES, final)) + ")")
    print("\n" + doubt_report(every))
    print(f"done in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    # Run as bench.fit, not __main__, so the cached Case records unpickle from either.
    from bench.fit import main as run

    run()
