"""Logging set-up shared by every front end. Secrets never reach a log line, nor terminal escapes.

Log lines quote file names and article text, and the log usually goes to a terminal, so every
control character but newline and tab is written as a visible escape (`\\x1b`).
"""
from __future__ import annotations

import logging
import re
import sys
from collections.abc import Iterable

_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


class EscapingFormatter(logging.Formatter):
    """The standard format, with control characters (escape sequences, bidi overrides) made visible."""

    def format(self, record: logging.LogRecord) -> str:
        return escape_controls(super().format(record))


def escape_controls(text: str) -> str:
    """`text` with every control character except newline and tab written as `\\xNN` or `\\uNNNN`."""
    return _CONTROLS.sub(lambda m: repr(m.group())[1:-1], text)


class RedactSecrets(logging.Filter):
    """Replace each secret with *** in the formatted message, whatever logger produced it."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self._secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        if not self._secrets:
            return True
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        changed = False
        for secret in self._secrets:
            if secret in message:
                message = message.replace(secret, "***")
                changed = True
            if record.exc_text and secret in record.exc_text:
                record.exc_text = record.exc_text.replace(secret, "***")
        if changed:
            record.msg, record.args = message, None
        return True


def configure_logging(level: str = "INFO", secrets: Iterable[str] = ()) -> None:
    """Log to stderr; the filter sits on the handler so it sees records of every logger."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(EscapingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactSecrets(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # httpx logs every request URL at INFO, and Bot API URLs contain the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
