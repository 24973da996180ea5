"""Starting and running `qabot telegram`: token errors as one line, the token in no log line, webhook mode."""
from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
from pathlib import Path

import aiohttp
import pytest
from fake_bot_api import PROJECT_ROOT, TOKEN, BotProcess, FakeBotApi, bot_env, build_store, wait_ready

ADMIN = 42


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("startup-store") / "qabot.sqlite3"
    build_store(path, PROJECT_ROOT / "seeds")
    return path


def run_cli(tmp_path: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=60)


def test_missing_token_is_one_clear_line(tmp_path: Path, store: Path):
    result = run_cli(tmp_path, {**bot_env(None, store), "TELEGRAM_BOT_TOKEN": ""}, "telegram")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "qabot: TELEGRAM_BOT_TOKEN is not set; create a bot with @BotFather and put TELEGRAM_BOT_TOKEN=... in .env"]


@pytest.mark.parametrize("token", ["not-a-token", "98765", "abc:defghijklmnop", "98765:short"])
def test_malformed_token_is_one_line_without_echoing_it(tmp_path: Path, store: Path, token: str):
    result = run_cli(tmp_path, {**bot_env(None, store), "TELEGRAM_BOT_TOKEN": token}, "telegram")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "does not look like a bot token" in lines[0]
    assert token not in result.stderr and "Traceback" not in result.stderr


async def test_token_rejected_by_telegram_exits_2(tmp_path: Path, store: Path):
    async with FakeBotApi("999999:ANOTHER-token_abcdefghijklmnop") as api:
        env = {**bot_env(api, store), "TELEGRAM_BOT_TOKEN": TOKEN}
        bot = await BotProcess(tmp_path / "run", env).start()
        code = await bot.wait(30)
    assert code == 2
    assert "Telegram rejected TELEGRAM_BOT_TOKEN" in bot.stderr()
    assert TOKEN not in bot.stderr() and "Traceback" not in bot.stderr()


async def test_token_appears_in_no_log_line_at_debug(tmp_path: Path, store: Path):
    secret_part = TOKEN.split(":", 1)[1]
    async with FakeBotApi(TOKEN) as api:
        bot = await BotProcess(tmp_path / "run", bot_env(api, store, ADMIN_USER_IDS=str(ADMIN)),
                               log_level="DEBUG").start()
        await wait_ready(api, bot)
        api.forced_429["sendmessage"] = 1
        api.push_text(1001, "Who is Sung Kim?")
        await api.wait_for(lambda: api.sent(1001), 20, "an answer")
        api.fail_ratio, api.fail_methods = 1.0, {"sendmessage"}
        api.push_text(1001, "Who met in Seoul?")
        await api.wait_for(lambda: [c for c in api.calls if c.status >= 500], 20, "a server error")
        api.fail_ratio = 0.0
        await api.wait_for(lambda: len(api.sent(1001)) == 2, 30, "the retried answer")
        api.push_document(ADMIN, ADMIN, "note.txt", b"Seoul talks\n\nPosted on : 2021-07-01\n\nThe envoys met in Seoul on Monday to talk.\n")
        await api.wait_for(lambda: api.sent(ADMIN), 20, "the upload summary")
        api.push_inline(1001, "Sung Kim")
        await api.wait_for(lambda: api.ok_calls("answerInlineQuery"), 20, "inline answers")
        assert await bot.stop() == 0
    output = bot.stdout() + bot.stderr()
    assert " DEBUG telegram" in output and " DEBUG httpx" not in output  # DEBUG really was on; httpx kept quiet
    assert api.downloads  # the download URL (which holds the token) was used
    assert TOKEN not in output and secret_part not in output


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def test_webhook_mode_checks_the_secret_and_answers(tmp_path: Path, store: Path):
    port = free_port()
    url = f"http://127.0.0.1:{port}/qabot-hook"
    async with FakeBotApi(TOKEN) as api:
        env = bot_env(api, store, TELEGRAM_WEBHOOK_LISTEN="127.0.0.1", TELEGRAM_WEBHOOK_PORT=str(port),
                      TELEGRAM_WEBHOOK_SECRET="s3cret-value_1")
        bot = await BotProcess(tmp_path / "run", env, args=("telegram", "--webhook", url), log_level="DEBUG").start()
        try:
            hook = await api.wait_for(lambda: api.webhook, 30, "setWebhook")
            assert hook == {"url": url, "secret_token": "s3cret-value_1"}
            api.chat(1001)
            update = {"update_id": 1, "message": {"message_id": 1, "date": 0, "chat": {"id": 1001, "type": "private"},
                                                  "from": api.user(1001), "text": "Who is Sung Kim?"}}
            async with aiohttp.ClientSession() as session:
                async def post(secret: str) -> int:
                    for _ in range(100):  # the server may still be binding
                        try:
                            async with session.post(url, json=update, headers={
                                    "X-Telegram-Bot-Api-Secret-Token": secret}) as response:
                                return response.status
                        except aiohttp.ClientConnectionError:
                            await asyncio.sleep(0.1)
                    raise AssertionError("webhook server never accepted a connection")

                assert await post("wrong") == 403
                assert await post("s3cret-value_1") == 200
            answer = await api.wait_for(lambda: api.sent(1001), 20, "the webhook answer")
            assert "Sung Kim" in answer[0].result["text"]
        finally:
            assert await bot.stop() == 0
    output = bot.stdout() + bot.stderr()
    assert "setWebhook" in output and "s3cret-value_1" not in output and TOKEN not in output


async def test_conflict_and_handler_errors_are_logged_and_the_bot_keeps_going(tmp_path: Path, store: Path):
    async with FakeBotApi(TOKEN) as api:
        bot = await BotProcess(tmp_path / "run", bot_env(api, store)).start()
        await wait_ready(api, bot)
        api.forced_errors["getupdates"].append(
            (409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"))
        api.push_text(1002, "/help")  # ends the current long poll, so the next getUpdates meets the conflict
        await api.wait_for(lambda: "another process is getting updates" in bot.stderr(), 30, "the Conflict log line")
        await api.wait_for(lambda: api.sent(1002), 20, "the /help reply")  # before the next send is made to fail

        # The answer itself is refused (a 400 is not retried): the error handler logs it and apologises.
        api.forced_errors["sendmessage"].append((400, "Bad Request: something unexpected"))
        api.push_text(1001, "Who is Sung Kim?")
        apology = await api.wait_for(lambda: api.sent(1001), 20, "the apology")
        assert "Sorry, something went wrong" in apology[0].result["text"]
        api.push_text(1001, "Who met in Seoul?")
        await api.wait_for(lambda: len(api.sent(1001)) == 2, 20, "the next answer")
        assert ".txt" in api.sent(1001)[1].result["text"]
        assert await bot.stop() == 0
    stderr = bot.stderr()
    assert "error while handling update" in stderr and "Traceback" in stderr and "something unexpected" in stderr.lower()
