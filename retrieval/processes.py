"""How worker processes are started for bulk parsing (ingest) and analysis (index rebuilds)."""
from __future__ import annotations

import multiprocessing
import threading


def pool_context() -> multiprocessing.context.BaseContext:
    """fork when this process runs one thread (the command line): instant, and it does not
    re-import the main module. With other threads running (the bot) a fork can copy a lock
    some thread holds into the child, so spawn fresh interpreters instead."""
    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")
