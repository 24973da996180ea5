"""What chat users see: silence on small talk in groups, one greeting, help for unknown commands, edited
questions editing their answer, buttons that work after a restart, citations people can read.

The real `python -m bot telegram` against the fake Bot API.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from fake_bot_api import BotProcess, Call, FakeBotApi, bot_env, wait_ready

pytestmark = pytest.mark.e2e

USER = 1001
OTHER = 1002
GROUP = -100555


@pytest.fixture
def store(seed_store_copy: Path) -> Path:
    return seed_store_copy




async def start(api: FakeBotApi, store: Path, run: Path) -> BotProcess:
    bot = await BotProcess(run, bot_env(api, store)).start()
    await wait_ready(api, bot)
    return bot


@pytest.fixture
async def bot(api: FakeBotApi, store: Path, tmp_path: Path):
    process = await start(api, store, tmp_path / "run")
    yield process
    assert await process.stop() == 0
    assert "Traceback" not in process.stderr(), process.stderr()[-3000:]


def replies_to(api: FakeBotApi, chat_id: int, message_id: int) -> list[Call]:
    return [c for c in api.sent(chat_id) if (c.params.get("reply_parameters") or {}).get("message_id") == message_id]


async def reply_to(api: FakeBotApi, chat_id: int, message_id: int) -> Call:
    found = await api.wait_for(lambda: replies_to(api, chat_id, message_id), 20, f"a reply to {message_id}")
    assert len(found) == 1
    return found[0]


def buttons(call: Call | dict) -> dict[str, str]:
    markup = (call.params if isinstance(call, Call) else call).get("reply_markup") or {"inline_keyboard": []}
    return {b["text"]: b["callback_data"] for row in markup["inline_keyboard"] for b in row}


def in_group(api: FakeBotApi, text: str, reply_to: int | None = None, user: int = USER) -> int:
    return api.push_text(GROUP, text, user_id=user, chat_type="supergroup", reply_to=reply_to)


async def test_group_replies_that_are_not_questions_get_nothing(api: FakeBotApi, bot: BotProcess):
    api.chat(GROUP, "supergroup")
    answer = await reply_to(api, GROUP, in_group(api, "/ask Who is Sung Kim?"))
    mine = answer.result["message_id"]
    silent = [in_group(api, text, reply_to=mine) for text in
              ("thanks!", "lol", "👍", "ok great", "@user1002 what do you think?")]
    question = in_group(api, "What did he say about dialogue?", reply_to=mine)
    assert ".txt" in (await reply_to(api, GROUP, question)).result["text"]
    last = in_group(api, "/help")
    await reply_to(api, GROUP, last)  # every earlier update has been handled by now
    for message_id in silent:
        assert not replies_to(api, GROUP, message_id)
    assert not [c for c in api.sent(GROUP) if "found nothing" in c.result["text"]]


async def test_added_to_a_group_greets_once_and_unknown_commands_get_one_line(api: FakeBotApi, bot: BotProcess):
    api.push_bot_added(GROUP, USER, service_message=True)  # both ways Telegram reports it: still one greeting
    await api.wait_for(lambda: api.sent(GROUP), 20, "the greeting")
    unknown = api.push_text(USER, "/frobnicate now")
    line = (await reply_to(api, USER, unknown)).result["text"]
    assert "/frobnicate" in line and "/help" in line and "\n" not in line
    other_bot = in_group(api, "/weather@another_bot Seoul")
    ours = in_group(api, "/frobnicate@qabot_test_bot")
    assert "/help" in (await reply_to(api, GROUP, ours)).result["text"]
    greetings = [c for c in api.sent(GROUP) if "Hello" in c.result["text"]]
    assert len(greetings) == 1 and "/ask" in greetings[0].result["text"]
    assert not replies_to(api, GROUP, other_bot)


async def test_an_edited_question_edits_its_answer(api: FakeBotApi, bot: BotProcess):
    asked = api.push_text(USER, "Who is Sung Kim?")
    answer = await reply_to(api, USER, asked)
    first_text = answer.result["text"]
    api.push_edit(USER, asked, "What did the Fed decide?")
    edits = await api.wait_for(lambda: api.ok_calls("editMessageText"), 20, "the answer to be edited")
    assert edits[0].params["message_id"] == answer.result["message_id"]
    assert "Sung Kim" in first_text and "Fed" in edits[0].result["text"]
    after = api.push_text(USER, "/help")
    await reply_to(api, USER, after)
    assert len(replies_to(api, USER, asked)) == 1  # no second answer
    assert not buttons(edits[0])  # nothing to page through for "not found": the old buttons are gone


async def test_buttons_work_after_a_restart(api: FakeBotApi, store: Path, tmp_path: Path):
    first = await start(api, store, tmp_path / "run1")
    answer = await reply_to(api, USER, api.push_text(USER, "Who is Sung Kim?"))
    assert await first.stop() == 0
    keys = buttons(answer)
    more = next(v for k, v in keys.items() if k.startswith("More"))
    second = await start(api, store, tmp_path / "run2")
    try:
        api.push_callback(USER, answer.result["message_id"], more)
        edit = (await api.wait_for(lambda: api.ok_calls("editMessageText"), 20, "More after the restart"))[0]
        assert edit.result["text"].startswith("1. ") and "\n2. " in edit.result["text"]
        api.push_callback(USER, answer.result["message_id"], buttons(edit)["Context 2"])
        context = await reply_to(api, USER, answer.result["message_id"])
        assert ".txt" in context.result["text"]
        assert not [c for c in api.ok_calls("answerCallbackQuery") if "expired" in (c.params.get("text") or "")]
    finally:
        assert await second.stop() == 0


async def test_citations_name_the_article_and_its_date_beside_the_file(api: FakeBotApi, bot: BotProcess):
    answer = (await reply_to(api, USER, api.push_text(USER, "Is the US ready to meet anywhere, anytime?"))).result["text"]
    citation = next(line for line in answer.splitlines() if line.startswith("— "))
    described, _, source = citation[2:].rpartition(" — ")
    assert source.endswith(".txt"), citation
    title, _, date = described.rpartition(" · ")
    assert len(title) > 10 and date[:2] == "20", citation  # "— Title · date — file" (and the outlet when named)


def read_as(call: Call) -> str:
    """The reply's "Read as: …" line ("" when the question was read as typed)."""
    return next((line for line in call.result["text"].splitlines() if line.startswith("Read as:")), "")


async def test_a_reply_to_an_answer_follows_up_on_that_answer_whoever_replies(api: FakeBotApi, bot: BotProcess):
    api.chat(GROUP, "supergroup")
    kim = (await reply_to(api, GROUP, in_group(api, "/ask Who is Sung Kim?"))).result["message_id"]
    # the other user's own last question is about someone else: replying to the first answer still means Sung Kim
    await reply_to(api, GROUP, in_group(api, "/ask What did Jake Sullivan tell ABC?", user=OTHER))
    follow = await reply_to(api, GROUP, in_group(api, "What did he say about dialogue?", reply_to=kim, user=OTHER))
    assert "Sung Kim" in read_as(follow) and "Sullivan" not in read_as(follow)


async def test_an_edited_follow_up_is_read_against_what_its_first_wording_was(api: FakeBotApi, bot: BotProcess):
    await reply_to(api, USER, api.push_text(USER, "Who is Sung Kim?"))
    asked = api.push_text(USER, "Where did the three envoys meet?")
    await reply_to(api, USER, asked)
    api.push_edit(USER, asked, "What did he say about dialogue?")
    edits = await api.wait_for(lambda: api.ok_calls("editMessageText"), 20, "the answer to be edited")
    # read against "Who is Sung Kim?", not against the edited message's own first wording
    assert "Sung Kim" in read_as(edits[0])


async def test_an_edited_group_mention_is_answered_like_a_new_one(api: FakeBotApi, bot: BotProcess):
    api.chat(GROUP, "supergroup")
    asked = in_group(api, f"@{api.username} who is sung kim")
    answer = await reply_to(api, GROUP, asked)
    api.push_edit(GROUP, asked, f"@{api.username} what did the Fed decide?")
    edits = await api.wait_for(lambda: api.ok_calls("editMessageText"), 20, "the answer to be edited")
    assert edits[0].params["message_id"] == answer.result["message_id"] and "Fed" in edits[0].result["text"]


async def test_a_message_over_the_question_limit_gets_one_line_and_no_search(api: FakeBotApi, bot: BotProcess):
    long = "Who is Sung Kim? " * 130  # 2,210 characters, 2,209 once the trailing space is stripped
    line = (await reply_to(api, USER, api.push_text(USER, long))).result["text"]
    assert "too long for one question" in line and "2,209 characters" in line and "\n" not in line
    assert ".txt" not in line
