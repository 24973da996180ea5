"""How worker processes are started for bulk parsing (ingest) and analysis (index rebuilds).

Workers exit with their parent. A pool's workers wait on a queue for work, so when the parent
is killed (SIGKILL, the OOM killer) nothing tells them to stop, and each would stay behind
holding its memory. On Linux every worker asks the kernel for SIGKILL when its parent dies
(prctl PR_SET_PDEATHSIG); elsewhere a daemon thread in the worker polls its parent's pid.
Both live in the worker's Process class, so every pool built on `pool_context()` gets them.

Results cross the process boundary as cheaply as they can: strings a worker reports over and
over are numbered once (`WorkerNumbering`, `Renumbering`), then sent as numbers.
"""
from __future__ import annotations

import ctypes
import multiprocessing
import multiprocessing.context
import os
import signal
import sys
import threading
import time

import numpy as np

_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
_PARENT_POLL_SECONDS = 1.0


def pool_context() -> multiprocessing.context.BaseContext:
    """fork when this process runs one thread (the command line): instant, and it does not
    re-import the main module. With other threads running (the bot) a fork can copy a lock
    some thread holds into the child, so spawn fresh interpreters instead."""
    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        return _ForkContext()
    return _SpawnContext()


def exit_with_parent(parent_pid: int) -> None:
    """Make this process end when `parent_pid` does (called first thing in every worker)."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
                # The parent may have died before prctl took effect: then we already have a new one.
                if os.getppid() != parent_pid:
                    os._exit(1)
                return
        except (OSError, AttributeError):
            pass  # no usable libc: poll instead
    threading.Thread(target=_watch_parent, args=(parent_pid,), name="parent-watch", daemon=True).start()


def _watch_parent(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(_PARENT_POLL_SECONDS)
    os._exit(1)


class _ForkProcess(multiprocessing.context.ForkProcess):
    def run(self) -> None:
        exit_with_parent(self._parent_pid)  # type: ignore[attr-defined]
        super().run()


class _SpawnProcess(multiprocessing.context.SpawnProcess):
    def run(self) -> None:
        exit_with_parent(self._parent_pid)  # type: ignore[attr-defined]
        super().run()


class _ForkContext(multiprocessing.context.ForkContext):
    Process = _ForkProcess


class _SpawnContext(multiprocessing.context.SpawnContext):
    Process = _SpawnProcess


# -- strings numbered across the process boundary ----------------------------------------------
# Workers that report many strings (terms, lexicon chunks) part by part would send and the parent
# would look up the same strings again and again; instead each worker numbers a string the first
# time it sees it and sends each string once, then only numbers (numpy arrays). The parent maps
# every worker's numbers to its own, numbering strings in the order of first sight over the parts
# taken in order. That order is the batch's: a string new to the parent in part k is new to the
# worker that parsed it too (a worker parses its parts in order), and a worker lists its new
# strings in the order its part first shows them.


class Numbering(dict):
    """string -> number in order of first sight; `numbering[s]` numbers an unseen string (from C
    through `map`), `order` lists them by number."""

    def __init__(self) -> None:
        super().__init__()
        self.order: list[str] = []

    def __missing__(self, key: str) -> int:
        n = self[key] = len(self.order)
        self.order.append(key)
        return n


class WorkerNumbering:
    """A worker's numbering; `new()` gives the strings numbered since it was last called."""

    def __init__(self) -> None:
        self.ids = Numbering()
        self._sent = 0

    def new(self) -> list[str]:
        fresh = self.ids.order[self._sent:]
        self._sent = len(self.ids.order)
        return fresh


class Renumbering:
    """The parent's side: each worker's numbers as the parent's (see above)."""

    def __init__(self) -> None:
        self.ids = Numbering()
        self._by_worker: dict[int, np.ndarray] = {}

    def take(self, worker: int, new: list[str], numbers: np.ndarray) -> np.ndarray:
        """`numbers` of `worker` (which sent `new` with them) as the parent's numbers."""
        known = self._by_worker.get(worker)
        if new or known is None:  # most parts bring no new strings: no copy of the worker's table then
            fresh = np.fromiter(map(self.ids.__getitem__, new), np.int64, len(new))
            known = fresh if known is None else np.concatenate([known, fresh])
            self._by_worker[worker] = known
        return known[numbers]
