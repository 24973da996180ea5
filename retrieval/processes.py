"""How worker processes are started for bulk parsing (ingest) and analysis (index rebuilds).

Workers exit with their parent. A pool's workers wait on a queue for work, so when the parent
is killed (SIGKILL, the OOM killer) nothing tells them to stop, and each would stay behind
holding its memory. On Linux every worker asks the kernel for SIGKILL when its parent dies
(prctl PR_SET_PDEATHSIG); elsewhere a daemon thread in the worker polls its parent's pid.
Both live in the worker's Process class, so every pool built on `pool_context()` gets them.
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
