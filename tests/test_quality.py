"""The quality gate: the dev sets' scores must not drop (issue 4's targets), citations always hold.

Both stores are built once per session in temporary folders. Measured when this gate was set:
seed_dev top-1 1.000 (all 3 no-answer questions refused, none wrongly); seed_heldout (44
answerable, 8 no-answer questions written without looking at the system) top-1 0.864, 6 of 8
no-answer questions refused, none wrongly; SQuAD visible set (293 answerable questions) top-1
0.737, top-5 0.884. Each gate sits a little below the measured value; the issue's 0.80 SQuAD
target is not reached by this extractive re-ranker.
"""
from __future__ import annotations

import pytest
from conftest import PROJECT_ROOT, SEEDS, shared_file

from retrieval.evaluation.scoring import citation_ok, evaluate, load_questions
from retrieval.evaluation.squad import build_squad
from retrieval.records import EvalReport
from retrieval.service import QAService

EVAL = PROJECT_ROOT / "eval"
SQUAD_TOP1_GATE = 0.725
HELDOUT_TOP1_GATE = 0.85
HELDOUT_NO_ANSWER_RECALL_GATE = 0.7


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
    assert report.top1 >= HELDOUT_TOP1_GATE, report
    assert report.no_answer_recall >= HELDOUT_NO_ANSWER_RECALL_GATE, report
    assert report.no_answer_precision == 1.0 and report.wrongly_refused == 0, report


def test_squad_visible_top1(squad_run) -> None:
    _, report = squad_run
    assert report.answerable == 293
    assert report.wrongly_refused == 0
    assert report.top1 >= SQUAD_TOP1_GATE, report


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
