"""Errors the front ends show as one line. Each message says what was wrong, with the value."""


class QabotError(Exception):
    """Base: anything a front end reports to a person as one line, not a traceback."""


class StoreError(QabotError):
    """The store is missing, unreadable, or of an unknown schema."""


class ArticleError(QabotError):
    """A file cannot become an article (the message is the rejection reason)."""


class IndexFileError(QabotError):
    """The index on disk cannot be used (callers rebuild it from the store)."""


class QuestionError(QabotError):
    """A question that cannot be asked as given (too long); the message says what to change."""
