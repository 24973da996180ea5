"""`python -m bench.faults`: kill `qabot ingest` at random moments and fill its disk; count what went wrong.

Run by hand (it takes a few minutes and, for the disk part, root); it is not part of `make test`.

1. Kills. Each trial runs the real `qabot ingest` on a fresh batch (600 files, parsed in the
   process pool, or 60 files, parsed in the process itself), sends it SIGKILL after a random delay
   between 0 and the measured length of a whole run (every fourth trial: within 0.1 s of the pool's
   workers appearing, so some kills surely land in parsing), then checks:
   - lost: the store holds neither exactly what it held before nor that plus the whole batch
     (half a batch, or an earlier batch gone);
   - stuck: the same ingest run again without a kill fails or hangs, or `qabot ask` then fails;
   - orphaned: a pool worker of the killed ingest is still alive 5 s after the kill.
2. Full disk. The store lives on a small tmpfs (mounted here: needs root, else skipped saying
   why). Each trial fills the disk but for a random amount of room, runs an ingest, then frees
   the room and runs it again:
   - noisy: the failing run printed more than one line, or a traceback;
   - stuck: the run after space is freed fails;
   - lost: as above; leftovers: after the files are aged past the grace period and one more ingest
     has run, any index file no manifest names beyond the one generation that ingest itself just
     replaced (a failed save must not leave its generation behind, nor old copies pile up).

Prints one table of outcome counts per part; every bad count should be 0.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from retrieval.corpus.store import Store
from retrieval.errors import StoreError
from retrieval.index.retriever import index_home_of

PROJECT_ROOT = Path(__file__).resolve().parent.parent
_WORDS = (
    "minister talks nuclear envoy seoul tokyo washington summit market shares economy election parliament budget "
    "tariff export chip factory union strike court ruling police festival weather typhoon rainfall harvest rice "
    "price inflation bank rate policy treaty border army"
).split()


@dataclass
class Tally:
    counts: Counter = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)

    def bad(self, what: str, note: str) -> None:
        self.counts[what] += 1
        self.notes.append(f"{what}: {note}")


def write_batch(folder: Path, files: int, tag: str, rng: random.Random) -> list[str]:
    folder.mkdir(parents=True)
    names = []
    for i in range(files):
        lines = [f"Report {tag} {i}: officials discuss {rng.choice(_WORDS)}", "", "By Lee Min-ho", ""]
        for _ in range(8):
            lines.append(f"The {' '.join(rng.choices(_WORDS, k=rng.randint(8, 16)))} were discussed, officials said in {tag} {i}.")
        name = f"{tag}-{i:04d}.txt"
        (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
        names.append(name)
    return names


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QABOT_", "TELEGRAM_", "ADMIN_", "ALLOWED_"))}
    env.update(HOME=str(home), PYTHONPATH=str(PROJECT_ROOT), QABOT_LOG_LEVEL="WARNING")
    return env


def qabot(store: Path, home: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot", "--store", str(store), *args], cwd=home, env=_env(home),
                          capture_output=True, text=True, timeout=timeout)


def stored_sources(store: Path) -> set[str] | None:
    """The sources the store holds, read directly; None when it cannot be read."""
    try:
        with Store.open(store, create=False) as s:
            return {a.source for a in s.articles()}
    except StoreError:
        return None


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry))
    return found


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


# -- 1. kills --------------------------------------------------------------------------------------
def kill_trials(work: Path, trials: int, rng: random.Random) -> Tally:
    tally = Tally()
    home = work / "home"
    home.mkdir()
    store = work / "kills" / "qabot.sqlite3"
    seed = qabot(store, home, "ingest", str(PROJECT_ROOT / "seeds"))
    assert seed.returncode == 0, seed.stderr
    durations: dict[int, float] = {}
    for trial in range(trials):
        files = 600 if trial % 2 == 0 else 60
        folder = work / "batches" / f"t{trial}"
        names = set(write_batch(folder, files, f"t{trial}", rng))
        before = stored_sources(store)
        if files not in durations:  # one unkilled run of each size sets the range of kill delays
            started = time.monotonic()
            probe = work / "batches" / f"probe{files}"
            write_batch(probe, files, f"probe{files}", rng)
            done = qabot(store, home, "ingest", str(probe))
            durations[files] = time.monotonic() - started
            assert done.returncode == 0, done.stderr
            before = stored_sources(store)
        child = subprocess.Popen([sys.executable, "-m", "bot", "--store", str(store), "ingest", str(folder)],
                                 cwd=home, env=_env(home), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if files >= 500 and trial % 4 == 0:
            # Aimed at parsing: wait for the pool's workers to appear, then kill within the parse.
            deadline = time.monotonic() + durations[files] * 3
            while not _children(child.pid) and child.poll() is None and time.monotonic() < deadline:
                time.sleep(0.002)
            delay = rng.uniform(0, 0.1)
        else:
            delay = rng.uniform(0, durations[files])
        time.sleep(delay)
        workers = [w for w in _children(child.pid) if _alive(w)]
        child.send_signal(signal.SIGKILL)
        child.wait()
        tally.counts["kills"] += 1
        tally.counts["kills with pool workers running"] += bool(workers)
        deadline = time.monotonic() + 5
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        left = [w for w in workers if _alive(w)]
        if left:
            tally.bad("orphaned", f"trial {trial}: workers {left} outlived the kill")
            for w in left:
                with contextlib.suppress(OSError):
                    os.kill(w, signal.SIGKILL)
        after = stored_sources(store)
        if after == before:
            tally.counts["killed before commit (store unchanged)"] += 1
        elif before is not None and after == before | names:
            tally.counts["killed after commit (whole batch stored)"] += 1
        else:
            tally.bad("lost", f"trial {trial} (killed after {delay:.2f} s): store holds neither the old state nor the old "
                              f"plus the batch ({len(after or ())} sources, was {len(before or ())})")
        try:
            again = qabot(store, home, "ingest", str(folder), timeout=300)
            asked = qabot(store, home, "ask", f"What did officials say in t{trial} 3?", "--json", timeout=120)
        except subprocess.TimeoutExpired:
            tally.bad("stuck", f"trial {trial}: the next ingest or ask hung")
            continue
        if again.returncode != 0 or stored_sources(store) != (before or set()) | names:
            tally.bad("stuck", f"trial {trial}: the next ingest failed ({again.stderr.strip()[-200:]})")
        elif asked.returncode != 0 or json.loads(asked.stdout)["no_answer"]:
            tally.bad("stuck", f"trial {trial}: ask after the kill failed ({asked.stderr.strip()[-200:]})")
        shutil.rmtree(folder)
    return tally


# -- 2. a full disk --------------------------------------------------------------------------------
@contextlib.contextmanager
def tmpfs(folder: Path, size_kb: int) -> Iterator[Path | str]:
    """Yields the mounted folder, or the reason it cannot be mounted."""
    if os.geteuid() != 0:
        yield "not root: mounting a tmpfs needs root (or run it under `unshare -rm`)"
        return
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(folder)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        yield f"mount failed: {done.stderr.strip()}"
        return
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def fill(folder: Path, leave_bytes: int) -> Path:
    filler = folder / "filler"
    with open(filler, "wb", buffering=0) as handle, contextlib.suppress(OSError):
        while True:
            handle.write(b"\0" * 65536)
    with contextlib.suppress(OSError), open(filler, "ab", buffering=0) as handle:
        while True:
            handle.write(b"\0" * 512)
    os.truncate(filler, max(0, filler.stat().st_size - leave_bytes))
    return filler


def unreferenced_index_files(index: Path) -> list[str]:
    try:
        manifest = json.loads((index / "manifest.json").read_text())
    except (OSError, ValueError):
        return []
    named = {info["file"] for info in manifest["files"].values()} | {"manifest.json"}
    return sorted(p.name for p in index.iterdir() if p.name not in named)


def disk_trials(work: Path, trials: int, size_kb: int, rng: random.Random) -> Tally | str:
    tally = Tally()
    home = work / "home-disk"
    home.mkdir()
    with tmpfs(work / "disk", size_kb) as disk:
        if isinstance(disk, str):
            return disk
        store = disk / "qabot.sqlite3"
        seed = qabot(store, home, "ingest", str(PROJECT_ROOT / "seeds"))
        assert seed.returncode == 0, seed.stderr
        for trial in range(trials):
            folder = work / "disk-batches" / f"d{trial}"
            names = set(write_batch(folder, rng.choice([20, 80, 200]), f"d{trial}", rng))
            before = stored_sources(store)
            filler = fill(disk, rng.choice([0, 4096, 32 * 1024, 128 * 1024, 512 * 1024, 1024 * 1024]))
            first = qabot(store, home, "ingest", str(folder))
            lines = first.stderr.strip().splitlines()
            if first.returncode == 0:
                tally.counts["ingest fitted in the room left"] += 1
            else:
                tally.counts["ingest failed on the full disk"] += 1
                stray = [ln for ln in lines if not ln.startswith("qabot: ") and " WARNING " not in ln]
                if "Traceback" in first.stderr or len([ln for ln in lines if ln.startswith("qabot: ")]) != 1 or stray:
                    tally.bad("noisy", f"trial {trial}: {first.stderr.strip()[-300:]}")
                if lines and lines[-1].startswith("qabot: "):
                    tally.counts[f"said: {_kind(lines[-1])}"] += 1
            filler.unlink()  # read back once there is room: on a disk with no byte left SQLite cannot open at all
            after = stored_sources(store)
            if not (after == before or (before is not None and after == before | names)):
                tally.bad("lost", f"trial {trial}: store holds neither the old state nor the old plus the batch")
            again = qabot(store, home, "ingest", str(folder))
            asked = qabot(store, home, "ask", f"What did officials say in d{trial} 3?", "--json")
            if again.returncode != 0 or stored_sources(store) != (before or set()) | names:
                tally.bad("stuck", f"trial {trial}: the ingest after space was freed failed: {again.stderr.strip()[-300:]}")
            elif asked.returncode != 0 or json.loads(asked.stdout)["no_answer"]:
                tally.bad("stuck", f"trial {trial}: ask after space was freed failed: {asked.stderr.strip()[-300:]}")
            unreferenced = unreferenced_index_files(index_home_of(disk / "qabot.sqlite3"))
            tally.counts["max unreferenced index files after a trial (older generations, within grace)"] = max(
                tally.counts["max unreferenced index files after a trial (older generations, within grace)"], len(unreferenced))
            if any(n.startswith(".tmp-") for n in unreferenced):
                tally.bad("leftovers", f"trial {trial}: temporary index files left behind")
            shutil.rmtree(folder)
        # Past the grace period a successful save deletes every file no manifest names.
        for path in (index_home_of(disk / "qabot.sqlite3")).iterdir():
            os.utime(path, (time.time() - 600, time.time() - 600))
        final = work / "disk-batches" / "final"
        write_batch(final, 5, "final", rng)
        last = qabot(store, home, "ingest", str(final))
        if last.returncode != 0 or last.stderr.strip():
            sizes = {p.name: p.stat().st_size for p in disk.iterdir() if p.is_file()}
            tally.notes.append(f"the last ingest said: {last.stderr.strip()[-300:]}; disk holds {sizes}, "
                               f"free {shutil.disk_usage(disk).free} bytes")
        index = index_home_of(disk / "qabot.sqlite3")
        left = unreferenced_index_files(index)
        old = [n for n in left if time.time() - (index / n).stat().st_mtime > 120]
        if old or len({n.split(".", 1)[0] for n in left}) > 1:
            # Allowed: one generation no manifest names, written by this last run (a reader may be about to open it).
            tally.bad("leftovers", f"{len(left)} index files no manifest names after a save past the grace period: {left[:4]}")
    return tally


def _kind(line: str) -> str:
    for phrase in ("the disk is full", "disk I/O error", "read-only", "busy"):
        if phrase in line:
            return phrase
    return line[:80]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.faults", description=__doc__.split("\n")[0])
    parser.add_argument("--kills", type=int, default=30, help="kill trials (default 30)")
    parser.add_argument("--disk-trials", type=int, default=12, help="full-disk trials (default 12)")
    parser.add_argument("--disk-kb", type=int, default=8192, help="size of the tmpfs (default 8192 KB)")
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    bad_total = 0
    with tempfile.TemporaryDirectory(prefix="qabot-faults-") as tmp:
        work = Path(tmp)
        started = time.monotonic()
        kills = kill_trials(work, args.kills, rng)
        print(f"## SIGKILL during ingest ({args.kills} trials, {time.monotonic() - started:.0f} s)")
        bad_total += _report(kills, ("lost", "stuck", "orphaned"))
        started = time.monotonic()
        disk = disk_trials(work, args.disk_trials, args.disk_kb, rng)
        if isinstance(disk, str):
            print(f"\n## Full disk: skipped ({disk})")
        else:
            print(f"\n## Full disk ({args.disk_trials} trials on a {args.disk_kb} KB tmpfs, {time.monotonic() - started:.0f} s)")
            bad_total += _report(disk, ("noisy", "stuck", "lost", "leftovers"))
    return 1 if bad_total else 0


def _report(tally: Tally, bad: tuple[str, ...]) -> int:
    print("| outcome | count |\n|---|---|")
    for name, count in sorted(tally.counts.items()):
        if name not in bad:
            print(f"| {name} | {count} |")
    for name in bad:
        print(f"| **{name}** (goal 0) | {tally.counts[name]} |")
    for note in tally.notes:
        print(f"- {note}")
    return sum(tally.counts[name] for name in bad)


if __name__ == "__main__":
    raise SystemExit(main())
