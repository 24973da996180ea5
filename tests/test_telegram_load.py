"""Bursts and faults: 100 chats, 500 questions, flood limits with 429s, 5xx errors, SIGTERM mid-burst.

The fake server enforces Telegram's flood limits (30 messages a second overall; per chat a few
messages per window) and answers 429 with `retry_after`; faults are injected before delivery,
so a message counted here was delivered exactly once.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from conftest import heldout_questions
from fake_bot_api import TOKEN, BotProcess, FakeBotApi, bot_env, wait_ready

CHATS = 100
PER_CHAT = 5


@pytest.fixture
def store(seed_store_copy: Path) -> Path:
    return seed_store_copy


questions = heldout_questions


def push_burst(api: FakeBotApi) -> list[tuple[int, int]]:
    """PER_CHAT questions from each of CHATS users, all queued at once; returns (chat, message_id) pairs."""
    pool = questions()
    asked = []
    for round_ in range(PER_CHAT):
        for chat in range(1, CHATS + 1):
            chat_id = 5000 + chat
            asked.append((chat_id, api.push_text(chat_id, pool[(chat + round_) % len(pool)])))
    return asked


def answers_by_question(api: FakeBotApi) -> Counter:
    return Counter((c.params["chat_id"], c.params["reply_parameters"]["message_id"]) for c in api.sent())


async def run_burst(api: FakeBotApi, store: Path, tmp_path: Path) -> tuple[BotProcess, list[tuple[int, int]]]:
    bot = await BotProcess(tmp_path / "run", bot_env(api, store)).start()
    await wait_ready(api, bot)
    return bot, push_burst(api)


async def test_burst_under_flood_limits_answers_every_question_once(tmp_path: Path, store: Path):
    async with FakeBotApi(TOKEN) as api:
        api.flood.global_limit, api.flood.global_window = 30, 1.0
        api.flood.chat_limit, api.flood.chat_window = 3, 1.0
        api.forced_429["sendmessage"] = 3  # and Telegram sometimes says so for its own reasons
        bot, asked = await run_burst(api, store, tmp_path)
        try:
            await api.wait_for(lambda: len(api.sent()) >= len(asked), 120, f"{len(asked)} answers")
            flooded = [c for c in api.calls if c.status == 429]
        finally:
            code = await bot.stop()
        counts = answers_by_question(api)
        assert set(counts) == set(asked)
        assert max(counts.values()) == 1
        assert len(flooded) >= 3
        assert code == 0
        assert "Traceback" not in bot.stderr()


async def test_burst_with_server_errors_loses_and_duplicates_nothing(tmp_path: Path, store: Path):
    async with FakeBotApi(TOKEN, seed=7) as api:
        api.flood.global_limit, api.flood.global_window = 30, 1.0
        bot, asked = await run_burst(api, store, tmp_path)
        api.fail_ratio = 0.10  # every method, getUpdates included
        try:
            await api.wait_for(lambda: len(api.sent()) >= len(asked), 120, f"{len(asked)} answers")
        finally:
            api.fail_ratio = 0.0
            code = await bot.stop()
        counts = answers_by_question(api)
        assert set(counts) == set(asked)
        assert max(counts.values()) == 1
        failed = [c for c in api.calls if c.status >= 500]
        assert any(c.method == "sendMessage" for c in failed)
        assert code == 0


async def test_sigterm_mid_burst_exits_cleanly(tmp_path: Path, store: Path):
    async with FakeBotApi(TOKEN) as api:
        api.flood.global_limit, api.flood.global_window = 30, 1.0
        bot, asked = await run_burst(api, store, tmp_path)
        await api.wait_for(lambda: len(api.sent()) >= 40, 60, "the burst to be under way")
        code = await bot.stop(timeout=8.0)  # "a few seconds": fails if the bot drains the whole burst first
        assert code == 0
        counts = answers_by_question(api)
        assert len(counts) < len(asked)
        assert max(counts.values()) == 1
        stderr = bot.stderr()
        assert "Traceback" not in stderr, stderr[-3000:]
        assert "SIGTERM received: stopping" in stderr
