"""Articles, sentences, the BM25 index and answers. Never imports `telegram`.

Front ends use `QAService` and the records; nothing else here is public.
"""
from retrieval.errors import ArticleError, QabotError, StoreError
from retrieval.records import (
    AnalyzerOptions,
    Answer,
    AnswerSet,
    ArticleInfo,
    Context,
    CorpusStats,
    EvalReport,
    Feature,
    Hit,
    IngestLimits,
    IngestReport,
    Rejection,
    Sentence,
)


def __getattr__(name: str):
    # Lazy so that `import retrieval` for records does not load numpy and the store.
    if name == "QAService":
        from retrieval.service import QAService

        return QAService
    raise AttributeError(name)


__all__ = [
    "AnalyzerOptions", "Answer", "AnswerSet", "ArticleError", "ArticleInfo", "Context", "CorpusStats",
    "EvalReport", "Feature", "Hit", "IngestLimits", "IngestReport", "QAService", "QabotError",
    "Rejection", "Sentence", "StoreError",
]
