"""Articles, sentences, the BM25 index and answers. Never imports `telegram`.

Front ends use `QAService`, the records, the errors and the evaluation entry points below; nothing else here is
public. Stages: `corpus` (files in, articles and sentences kept), `index` (analyzer, BM25, the retriever),
`answering` (question reading, re-ranking, refusals) and `evaluation` (scoring question sets).
"""
from typing import TYPE_CHECKING

from retrieval.errors import ArticleError, QabotError, QuestionError, StoreError
from retrieval.records import (
    AnalyzerOptions,
    Answer,
    AnswerSet,
    ArticleInfo,
    Context,
    CorpusStats,
    Correction,
    Duplicate,
    EvalReport,
    Feature,
    Hit,
    IngestLimits,
    IngestReport,
    Outcome,
    Rejection,
    Sentence,
    Turn,
)

if TYPE_CHECKING:
    from retrieval.answering.shorthand import expand_shorthand
    from retrieval.evaluation.scoring import evaluate, load_questions
    from retrieval.evaluation.squad import evaluate_squad
    from retrieval.service import QAService

def use_compiled_first_stage(enabled: bool) -> None:
    """Whether this process may load the compiled (numba) first stage; off, numpy answers every query."""
    if not enabled:
        from retrieval.index.compiled import FIRST_STAGE

        FIRST_STAGE.turn_off("turned off by QABOT_COMPILED_FIRST_STAGE")


_LAZY = {
    "QAService": "retrieval.service",
    "expand_shorthand": "retrieval.answering.shorthand",
    "evaluate": "retrieval.evaluation.scoring",
    "load_questions": "retrieval.evaluation.scoring",
    "evaluate_squad": "retrieval.evaluation.squad",
}


def __getattr__(name: str) -> object:
    # Lazy so that `import retrieval` for records does not load numpy and the store.
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(name)


__all__ = [
    "AnalyzerOptions",
    "Answer",
    "AnswerSet",
    "ArticleError",
    "ArticleInfo",
    "Context",
    "CorpusStats",
    "Correction",
    "Duplicate",
    "EvalReport",
    "Feature",
    "Hit",
    "IngestLimits",
    "IngestReport",
    "Outcome",
    "QAService",
    "QabotError",
    "QuestionError",
    "Rejection",
    "Sentence",
    "StoreError",
    "Turn",
    "evaluate",
    "evaluate_squad",
    "expand_shorthand",
    "load_questions",
    "use_compiled_first_stage",
]
