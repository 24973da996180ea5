"""The quality gate: the dev sets' scores must not drop, citations always hold.

The stores are built once per module in temporary folders. Measured when this gate was set (weights
from `python -m bench.fit`): seed_dev top-1 1.000 (all 3 no-answer questions refused, none wrongly);
seed_heldout (44 answerable, 8 no-answer questions written without looking at the system) top-1 0.864,
6 of 8 no-answer questions refused, none wrongly; SQuAD visible (293 answerable, 333 unanswerable) top-1
0.744, top-5 0.884, 22 of 333 unanswerable refused, no answerable one; newsqa_dev every 4th question
(236, over all 741 stories as one store) top-1 0.411. Each gate sits a little below the measured value
and the test prints its slack.
"""
from __future__ import annotations

import pytest
from conftest import PROJECT_ROOT, SEEDS, shared_file

from retrieval.evaluation.scoring import citation_ok, evaluate, load_questions
from retrieval.evaluation.squad import build_squad
from retrieval.records import EvalReport
from retrieval.service import QAService

EVAL = PROJECT_ROOT / "eval"
# 0.737 before the doubt score; 0.734 with it: one right answer ("What is the colloquial phrase used to convey the
# continuum of algorithms ...?", its sentence holding few of those words) is now not sure, which never counts as right.
SQUAD_TOP1_GATE = 0.73
# Refused or not sure. 0.066 before spelling correction; 0.054 with it: a misspelt word that used to match nothing
# (and so refused the question) is now read as the stored word it meant, and 4 such questions get an answer.
# 0.072 once a how-many/when question whose best sentence holds no number or date is "not sure".
# 0.210 with the doubt score (refusal.doubt, fitted by bench.fit --doubt; 70 of 333, 2 answerable not sure).
SQUAD_UNANSWERABLE_CAUGHT_GATE = 0.2
HELDOUT_TOP1_GATE = 0.85
HELDOUT_NO_ANSWER_RECALL_GATE = 0.7
NEWSQA_SUBSET_TOP1_GATE = 0.40
NEWSQA_EVERY = 4  # the fixed subset: questions 0, 4, 8, ... of questions.jsonl


@pytest.fixture(scope="module")
def seed_service(tmp_path_factory: pytest.TempPathFactory) -> QAService:
    root = tmp_path_factory.mktemp("seed_quality")
    service = QAService.open(root / "seeds.sqlite3", create=True, seeds_dir=SEEDS)
    yield service
    service.close()


@pytest.fixture(scope="module")
def seed_run(seed_service: QAService) -> tuple[QAService, EvalReport]:
    return seed_service, evaluate(seed_service, load_questions(shared_file("eval/seed_dev.jsonl")))


@pytest.fixture(scope="module")
def heldout_run(seed_service: QAService) -> tuple[QAService, EvalReport]:
    return seed_service, evaluate(seed_service, load_questions(EVAL / "seed_heldout.jsonl"))


@pytest.fixture(scope="module")
def squad_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[QAService, EvalReport]:
    root = tmp_path_factory.mktemp("squad_quality")
    squad = build_squad(shared_file("eval/squad2_dev_visible.json"), root / "articles")
    service = QAService.open(root / "squad.sqlite3", create=True)
    assert service.ingest([squad.folder]).ok
    yield service, evaluate(service, squad.questions)
    service.close()


def test_seed_dev_top1(seed_run) -> None:
    _, report = seed_run
    assert report.top1 >= 0.90, report


def test_seed_dev_refuses_every_no_answer_question_and_no_answerable_one(seed_run) -> None:
    _, report = seed_run
    assert report.no_answer_recall == 1.0, report
    assert report.no_answer_precision == 1.0, report
    assert report.wrongly_refused == 0


def test_seed_heldout_top1_and_refusals(heldout_run) -> None:
    _, report = heldout_run
    _slack("seed_heldout top-1", report.top1, HELDOUT_TOP1_GATE)
    assert report.top1 >= HELDOUT_TOP1_GATE, report
    assert report.no_answer_recall >= HELDOUT_NO_ANSWER_RECALL_GATE, report
    # At most 3 % of answerable questions refused or not sure (one of 44 now: its best sentence was wrong too).
    share = report.wrongly_refused / report.answerable
    print(f"seed_heldout answerable refused or not sure: {share:.3f} (ceiling 0.030, slack {0.03 - share:+.3f})")
    assert report.wrongly_refused <= 0.03 * report.answerable, report


def _slack(name: str, value: float, gate: float) -> None:
    print(f"{name}: {value:.3f} (gate {gate:.3f}, slack {value - gate:+.3f})")


def test_squad_visible_top1(squad_run) -> None:
    _, report = squad_run
    assert report.answerable == 293
    assert report.wrongly_refused <= 0.03 * report.answerable, report
    _slack("SQuAD visible top-1", report.top1, SQUAD_TOP1_GATE)
    assert report.top1 >= SQUAD_TOP1_GATE, report


def test_squad_unanswerable_questions_are_refused_or_not_sure_without_refusing_answerable_ones(squad_run) -> None:
    _, report = squad_run
    assert report.questions - report.answerable == 333
    _slack("SQuAD unanswerable caught", report.no_answer_recall, SQUAD_UNANSWERABLE_CAUGHT_GATE)
    assert report.no_answer_recall >= SQUAD_UNANSWERABLE_CAUGHT_GATE, report
    assert report.wrongly_refused <= 0.03 * report.answerable, report


@pytest.fixture(scope="module")
def newsqa_run(tmp_path_factory: pytest.TempPathFactory) -> EvalReport:
    folder = shared_file("eval/newsqa_dev")
    questions = load_questions(folder / "questions.jsonl")[::NEWSQA_EVERY]
    root = tmp_path_factory.mktemp("newsqa_quality")
    with QAService.open(root / "newsqa.sqlite3", create=True) as service:
        assert service.ingest([folder / "corpus"]).ok
        return evaluate(service, questions)


def test_newsqa_subset_top1_over_every_story_as_one_store(newsqa_run: EvalReport) -> None:
    _slack(f"newsqa_dev every {NEWSQA_EVERY}th question top-1", newsqa_run.top1, NEWSQA_SUBSET_TOP1_GATE)
    assert newsqa_run.top1 >= NEWSQA_SUBSET_TOP1_GATE, newsqa_run
    assert newsqa_run.wrongly_refused <= 0.03 * newsqa_run.answerable, newsqa_run
    assert newsqa_run.citation_failures == 0


@pytest.mark.parametrize("run", ["seed_run", "heldout_run", "squad_run"])
def test_every_answer_of_both_sets_cites_its_source_exactly(run: str, request: pytest.FixtureRequest) -> None:
    service, report = request.getfixturevalue(run)
    assert report.citation_failures == 0
    checked = 0
    for prediction in report.per_question:
        for a in prediction.reply.answers:
            raw = service.raw_text(a.source)
            assert "".join(raw[a.start:a.end].split()) == "".join(a.text.split()), (prediction.id, a)
            checked += 1
    assert checked > 0


def test_corroborated_seed_answers_name_every_source(seed_run) -> None:
    service, _ = seed_run
    reply = service.ask("What does the US hope the DPRK will do?", k=3)
    best = reply.answers[0]
    assert len({best.source, *best.also_in}) == 5  # the quote runs in all five seed articles
    assert citation_ok(best, service.raw_text(best.source))
