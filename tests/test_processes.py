"""Pool workers exit with their parent: a SIGKILLed ingest leaves no orphaned worker behind."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import PROJECT_ROOT

from retrieval.processes import pool_context

# The parent: a pool on pool_context() (spawn when another thread runs, as in the bot; fork otherwise),
# each worker reports its pid and blocks; then the parent waits to be killed.
_PARENT = """
import os, sys, threading, time
from concurrent.futures import ProcessPoolExecutor
from retrieval.processes import pool_context
if sys.argv[1] == "spawn":
    threading.Thread(target=time.sleep, args=(600,), daemon=True).start()
def work(_):
    time.sleep(0.5)  # long enough that both workers take one task each
    return os.getpid()
if __name__ == "__main__":
    pool = ProcessPoolExecutor(max_workers=2, mp_context=pool_context())
    print(type(pool._mp_context).__name__, *sorted(set(pool.map(work, range(4)))), flush=True)
    pool.submit(time.sleep, 600)
    time.sleep(600)
"""


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/status") as status:
            return "State:\tZ" not in status.read()
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc to see the workers")
@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_workers_exit_when_their_parent_is_killed(method: str, tmp_path: Path) -> None:
    script = tmp_path / "parent.py"  # a file, not -c: spawned workers import the task from it
    script.write_text(_PARENT)
    parent = subprocess.Popen([sys.executable, str(script), method], stdout=subprocess.PIPE, text=True,
                              cwd=PROJECT_ROOT, env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)})
    try:
        assert parent.stdout is not None
        context, *pids = parent.stdout.readline().split()
        assert context == ("_ForkContext" if method == "fork" else "_SpawnContext")
        workers = [int(p) for p in pids]
        assert workers and all(_alive(p) for p in workers)
    finally:
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait()
    deadline = time.monotonic() + 10
    while any(_alive(p) for p in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [p for p in workers if _alive(p)], "workers outlived their killed parent"


def test_the_context_starts_working_pools() -> None:
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=2, mp_context=pool_context()) as pool:
        assert list(pool.map(abs, [-1, -2, 3])) == [1, 2, 3]
