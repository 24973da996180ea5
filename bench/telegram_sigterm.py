"""`python -m bench.telegram_sigterm`: questions lost and duplicated across random SIGTERMs during a burst.

The real `python -m bot telegram` against the fake Bot API of the test suite (tests/fake_bot_api.py,
which keeps every update until an offset confirms it, as Telegram does). A burst of `--questions`
questions from `--chats` users is queued at once; the bot is stopped with SIGTERM at a random moment
(uniform in `--min-run`..`--max-run` seconds after it is ready) and started again, `--restarts`
times; a last run answers what is left. Flood limits (`--rate` messages a second overall) keep the
burst going across the restarts. `--fail-ratio` adds Bot API 5xx errors on every method.

Prints one table: questions, answered once, lost (never answered), duplicated (answered more than
once), SIGTERMs that landed mid-burst, and the updates kept for the next start at each stop.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT / "tests"))

from fake_bot_api import TOKEN, BotProcess, FakeBotApi, bot_env, wait_ready  # noqa: E402


def _questions() -> list[str]:
    lines = (PROJECT_ROOT / "eval" / "seed_heldout.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["question"] for line in lines if line.strip()]


def _answered(api: FakeBotApi) -> Counter:
    """(chat, question id) → answers delivered (the fake's own record of messages in each chat)."""
    counts: Counter = Counter()
    for call in api.sent():
        replied = call.params.get("reply_parameters")
        if replied:  # an apology ("something went wrong") answers no question in particular
            counts[(call.params["chat_id"], replied["message_id"])] += 1
    return counts


async def run(args: argparse.Namespace) -> dict[str, object]:
    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="qabot-sigterm-"))
    store = work / "store" / "qabot.sqlite3"
    store.parent.mkdir(parents=True)
    done = subprocess.run([sys.executable, "-m", "bot", "--store", str(store), "ingest", str(PROJECT_ROOT / "seeds")],
                          cwd=work, env=bot_env(None, store), capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        raise SystemExit(f"could not build the seed store: {done.stderr}")
    kept: list[int] = []
    mid_burst = 0
    try:
        async with FakeBotApi(TOKEN, seed=args.seed) as api:
            api.flood.global_limit, api.flood.global_window = args.rate, 1.0
            api.fail_ratio = args.fail_ratio
            pool = _questions()
            asked = [(9000 + n % args.chats, api.push_text(9000 + n % args.chats, pool[n % len(pool)]))
                     for n in range(args.questions)]
            for restart in range(args.restarts + 1):
                bot = await BotProcess(work / f"run{restart}", bot_env(api, store)).start()
                await wait_ready(api, bot, timeout=60)
                if restart == args.restarts:  # the last run: answer what is left
                    await api.wait_for(lambda: set(_answered(api)) >= set(asked), 300, "every question answered")
                    await asyncio.sleep(1.0)  # anything sent twice would arrive now
                    await bot.stop(timeout=120)
                    break
                await asyncio.sleep(rng.uniform(args.min_run, args.max_run))
                if len(_answered(api)) < len(asked):
                    mid_burst += 1
                if args.kill and bot.process is not None:  # a crash: no chance to finish anything
                    bot.process.kill()
                    await bot.wait(30)
                else:
                    await bot.stop(timeout=120)
                found = re.search(r"(\d+) updates are kept", bot.stderr())
                kept.append(int(found.group(1)) if found else 0)
                tracebacks = bot.stderr().count("Traceback")
                if tracebacks:
                    print(f"run {restart}: {tracebacks} tracebacks in the log", file=sys.stderr)
            counts = _answered(api)
    finally:
        if args.keep:
            print(f"logs kept in {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    lost = [q for q in asked if counts[q] == 0]
    duplicated = [q for q in asked if counts[q] > 1]
    return {"questions": len(asked), "answered once": sum(counts[q] == 1 for q in asked), "lost": len(lost),
            "duplicated": len(duplicated), "stops": f"{args.restarts} x {'SIGKILL' if args.kill else 'SIGTERM'}",
            "stops mid-burst": mid_burst,
            "kept per stop (min/median/max)": _spread(kept)}


def _spread(values: list[int]) -> str:
    if not values:
        return "-"
    ordered = sorted(values)
    return f"{ordered[0]}/{ordered[len(ordered) // 2]}/{ordered[-1]}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--questions", type=int, default=200)
    parser.add_argument("--chats", type=int, default=8, help="at most one answer per chat is in progress at a time")
    parser.add_argument("--restarts", type=int, default=20)
    parser.add_argument("--rate", type=int, default=2, help="messages a second the fake Bot API delivers overall")
    parser.add_argument("--min-run", type=float, default=0.1, help="seconds a run lasts before SIGTERM, at least")
    parser.add_argument("--max-run", type=float, default=1.5)
    parser.add_argument("--fail-ratio", type=float, default=0.0, help="share of Bot API calls answered with a 5xx")
    parser.add_argument("--kill", action="store_true", help="SIGKILL instead of SIGTERM (a crash)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the store and each run's log")
    args = parser.parse_args()
    started = time.monotonic()
    result = asyncio.run(run(args))
    width = max(len(k) for k in result)
    for key, value in result.items():
        print(f"{key.ljust(width)}  {value}")
    print(f"{'seconds'.ljust(width)}  {time.monotonic() - started:.0f}")
    return 0 if result["lost"] == 0 and result["duplicated"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
