"""The real `python -m bot telegram` against the fake Bot API over HTTP: what users and admins get.

Each test starts the bot as a subprocess on a copy of a store built from seeds/ with
`qabot ingest`, pushes updates into the fake server, and asserts on the calls the bot made.
"""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from fake_bot_api import PROJECT_ROOT, BotProcess, Call, FakeBotApi, bot_env, build_store, wait_ready

SEEDS = sorted(p.name for p in (PROJECT_ROOT / "seeds").glob("*.txt"))
ADMIN = 42
USER = 1001
GROUP = -100123


@pytest.fixture
def store(seed_store_copy: Path) -> Path:
    return seed_store_copy




async def start_bot(api: FakeBotApi, store: Path, tmp_path: Path, **env: str) -> BotProcess:
    bot = await BotProcess(tmp_path / "run", bot_env(api, store, ADMIN_USER_IDS=str(ADMIN), **env)).start()
    await wait_ready(api, bot)
    return bot


@pytest.fixture
async def bot(api: FakeBotApi, store: Path, tmp_path: Path):
    process = await start_bot(api, store, tmp_path)
    yield process
    assert await process.stop() == 0
    assert "Traceback" not in process.stderr(), process.stderr()[-3000:]


def replies_to(api: FakeBotApi, chat_id: int, message_id: int) -> list[Call]:
    return [c for c in api.sent(chat_id) if (c.params.get("reply_parameters") or {}).get("message_id") == message_id]


async def reply_to(api: FakeBotApi, chat_id: int, message_id: int, what: str = "a reply") -> Call:
    found = await api.wait_for(lambda: replies_to(api, chat_id, message_id), 20, what)
    assert len(found) == 1, f"expected one reply to message {message_id}, got {len(found)}"
    return found[0]


def visible(call: Call) -> str:
    return call.result["text"]


def buttons(call: Call) -> dict[str, str]:
    markup = call.params.get("reply_markup") or {"inline_keyboard": []}
    return {b["text"]: b["callback_data"] for row in markup["inline_keyboard"] for b in row}


def cited_sources(text: str) -> list[str]:
    return re.findall(r"\b\d{3}_[0-9a-f]{16}\.txt\b", text)


def squash(text: str) -> str:
    return " ".join(text.split())


def assert_quotes_its_source(text: str, source: str, folder: Path = PROJECT_ROOT / "seeds") -> None:
    """The first line of an answer message is a verbatim sentence of the cited file (white space aside)."""
    sentence = text.split("\n")[0]
    sentence = re.sub(r"^\d+\.\s+", "", sentence).rstrip("…")
    assert squash(sentence) in squash((folder / source).read_text(encoding="utf-8")), (sentence, source)


def no_bad_requests(api: FakeBotApi) -> None:
    bad = [c for c in api.calls if c.status == 400]
    assert not bad, [(c.method, c.error) for c in bad]


# -- private chat ------------------------------------------------------------------------------
async def test_question_gets_a_cited_answer_with_more_and_context(api: FakeBotApi, bot: BotProcess):
    asked = api.push_text(USER, "Who is Sung Kim?")
    answer = await reply_to(api, USER, asked, "the answer")
    assert answer.params["parse_mode"] == "HTML"
    text = visible(answer)
    sources = cited_sources(text)
    assert sources and set(sources) <= set(SEEDS)
    assert_quotes_its_source(text, sources[0])
    assert "Sung Kim" in text
    typing = [c for c in api.ok_calls("sendChatAction") if c.params["chat_id"] == USER]
    assert typing and typing[0].params["action"] == "typing" and typing[0].at <= answer.at
    keys = buttons(answer)
    more = next(v for k, v in keys.items() if k.startswith("More"))
    assert all(len(v.encode()) <= 64 for v in keys.values())

    # More: the same message now shows the next answers, numbered, each citing a seed file.
    api.push_callback(USER, answer.result["message_id"], more)
    edit = await api.wait_for(lambda: api.ok_calls("editMessageText"), 20, "More to edit the message")
    edited = edit[0].result["text"]
    assert edited.startswith("1. ") and "\n2. " in edited
    assert set(cited_sources(edited)) <= set(SEEDS)
    for block in edited.split("\n\n"):
        assert_quotes_its_source(block, cited_sources(block)[0])
    context_keys = buttons(edit[0])
    assert "Context 1" in context_keys and "Context 2" in context_keys

    # Context of the second answer: a reply with its article's title and the sentences around it.
    api.push_callback(USER, answer.result["message_id"], context_keys["Context 2"])
    context = await reply_to(api, USER, answer.result["message_id"], "the context")
    second = re.sub(r"^\d+\.\s+", "", edited.split("\n\n")[1].split("\n")[0])
    assert squash(second.rstrip("…")) in squash(visible(context))
    assert "<b>" in context.params["text"]

    # An unknown (expired) key gets a polite callback answer.
    stale = api.push_callback(USER, answer.result["message_id"], "m:gone1234")
    await api.wait_for(lambda: [c for c in api.ok_calls("answerCallbackQuery")
                                if c.params["callback_query_id"] == stale], 20, "the expired answer")
    expired = next(c for c in api.ok_calls("answerCallbackQuery") if c.params["callback_query_id"] == stale)
    assert "expired" in expired.params["text"]
    assert len(api.ok_calls("answerCallbackQuery")) == 3  # every button press answered, once
    no_bad_requests(api)


async def test_start_help_sources_and_the_command_menu(api: FakeBotApi, bot: BotProcess):
    commands = {c["command"] for c in api.commands}
    assert {"start", "help", "ask", "sources"} <= commands
    start = await reply_to(api, USER, api.push_text(USER, "/start"))
    text = visible(start)
    assert f"{len(SEEDS)} news articles" in text
    examples = [line[2:] for line in text.splitlines() if line.startswith("• ")]
    assert len(examples) == 2
    for example in examples:  # the examples really are answered
        reply = await reply_to(api, USER, api.push_text(USER, example))
        assert cited_sources(visible(reply))
    assert "/sources" in visible(await reply_to(api, USER, api.push_text(USER, "/help")))
    sources = visible(await reply_to(api, USER, api.push_text(USER, "/sources")))
    assert all(name in sources for name in SEEDS)
    usage = visible(await reply_to(api, USER, api.push_text(USER, "/ask")))
    assert "after the command" in usage
    no_bad_requests(api)


async def test_awkward_questions(api: FakeBotApi, bot: BotProcess):
    html_question = api.push_text(USER, "<b>Who</b> is Sung Kim & what did he </i>say?")
    assert cited_sources(visible(await reply_to(api, USER, html_question)))
    nothing = api.push_text(USER, "<script>zzqxvbl</script> &amp; flurbogrunt?")
    text = visible(await reply_to(api, USER, nothing))
    assert "zzqxvbl" in text and "flurbogrunt" in text
    long_question = api.push_text(USER, ("Sung Kim Seoul envoy " * 500)[:10_000])
    assert len(visible(await reply_to(api, USER, long_question))) <= 4096
    emoji = api.push_text(USER, "😀🎉🇰🇷")
    assert "in words" in visible(await reply_to(api, USER, emoji))
    no_bad_requests(api)


# -- groups and inline mode --------------------------------------------------------------------
async def test_groups_answer_only_ask_mentions_and_replies(api: FakeBotApi, bot: BotProcess):
    api.chat(GROUP, "supergroup")
    chatter = api.push_text(GROUP, "Who is Sung Kim? just chatting", user_id=USER, chat_type="supergroup")
    asked = api.push_text(GROUP, "/ask Who is Sung Kim?", user_id=USER, chat_type="supergroup")
    answer = await reply_to(api, GROUP, asked)
    assert cited_sources(visible(answer))
    addressed = api.push_text(GROUP, "/ask@qabot_test_bot Who met in Seoul?", user_id=USER, chat_type="supergroup")
    assert cited_sources(visible(await reply_to(api, GROUP, addressed)))
    mention = api.push_text(GROUP, "@qabot_test_bot who is Sung Kim?", user_id=USER, chat_type="supergroup")
    assert cited_sources(visible(await reply_to(api, GROUP, mention)))
    follow_up = api.push_text(GROUP, "What did the US say about dialogue?", user_id=USER, chat_type="supergroup",
                              reply_to=answer.result["message_id"])
    assert cited_sources(visible(await reply_to(api, GROUP, follow_up)))
    other_mention = api.push_text(GROUP, "@someone_else who is Sung Kim?", user_id=USER, chat_type="supergroup")
    # A last command proves every earlier update has been handled before we check the silences.
    last = api.push_text(GROUP, "/help", user_id=USER, chat_type="supergroup")
    await reply_to(api, GROUP, last)
    assert not replies_to(api, GROUP, chatter)
    assert not replies_to(api, GROUP, other_mention)
    no_bad_requests(api)


async def test_inline_mode_offers_top_answers(api: FakeBotApi, bot: BotProcess):
    api.push_inline(USER, "Sung Kim special representative")
    call = (await api.wait_for(lambda: api.ok_calls("answerInlineQuery"), 20, "inline answers"))[0]
    results = call.params["results"]
    assert 1 <= len(results) <= 5
    for result in results:
        content = result["input_message_content"]["message_text"]
        assert set(cited_sources(content)) <= set(SEEDS) and cited_sources(content)
    api.push_inline(USER, "flurbogrunt zzqxvbl")
    calls = await api.wait_for(lambda: len(api.ok_calls("answerInlineQuery")) == 2 and api.ok_calls("answerInlineQuery"))
    assert calls[1].params["results"][0]["title"] == "No answer in the articles"
    no_bad_requests(api)


# -- admins --------------------------------------------------------------------------------------
ARTICLE = """Zanzibar spice council names new chair, growers say

Posted on : 2021-07-01 10:00 KST Modified on : 2021-07-01 10:00 KST

The Zanzibar Spice Council elected Amina Baraka as its chair on Thursday, ending a year of deadlock among clove growers.

Baraka, a former agronomist, said the council would publish clove export prices every week.

Growers welcomed the decision and said prices had been opaque for a decade.
"""

ZIP_ARTICLE = """Lighthouse keepers of Vardo vote to automate the northern light

Posted on : 2021-07-02 09:00 KST Modified on : 2021-07-02 09:00 KST

The keepers of the Vardo lighthouse voted on Friday to automate the northern light by the end of the year.

The harbour master, Ola Nordmann, said the keepers would move to the new coastal rescue station.

Fishermen in Vardo said the lighthouse had guided boats through winter storms for a century.
"""


TOWNS = ["Hammerfest", "Honningsvag", "Kirkenes", "Batsfjord", "Berlevag", "Mehamn", "Havoysund", "Tromso", "Alta"]
HARBOUR = """{town} harbour opens a new fish auction hall

Posted on : 2021-07-03 08:00 KST Modified on : 2021-07-03 08:00 KST

The port of {town} opened auction hall number {n} on Saturday after two years of building work.

The mayor of {town} said the hall would let small boats sell their catch the same day.
"""


def zipped(**files: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


async def test_admin_uploads_txt_and_zip_then_asks(api: FakeBotApi, bot: BotProcess):
    upload = api.push_document(ADMIN, ADMIN, "zanzibar_spice.txt", ARTICLE.encode())
    summary = visible(await reply_to(api, ADMIN, upload, "the ingest summary"))
    assert "added 1" in summary and "zanzibar_spice.txt" in summary
    assert api.ok_calls("getFile") and api.downloads
    answer = visible(await reply_to(api, ADMIN, api.push_text(ADMIN, "Who chairs the Zanzibar Spice Council?")))
    assert "Amina Baraka" in answer and "zanzibar_spice.txt" in answer

    harbours = {f"harbour_{i:02d}.txt": HARBOUR.format(n=i, town=town) for i, town in enumerate(TOWNS)}
    upload = api.push_document(ADMIN, ADMIN, "batch.zip", zipped(**{"vardo_lighthouse.txt": ZIP_ARTICLE}, **harbours),
                               mime_type="application/zip")
    summary = visible(await reply_to(api, ADMIN, upload, "the zip summary"))
    assert f"added {1 + len(TOWNS)}" in summary and "vardo_lighthouse.txt" in summary
    answer = visible(await reply_to(api, ADMIN, api.push_text(ADMIN, "When will the Vardo lighthouse be automated?")))
    assert "vardo_lighthouse.txt" in answer

    # Now /sources is longer than a page: Next edits the message to the second page.
    listing = await reply_to(api, ADMIN, api.push_text(ADMIN, "/sources"))
    total = len(SEEDS) + 2 + len(TOWNS)
    assert f"{total} articles (page 1 of 2)" in visible(listing)
    api.push_callback(ADMIN, listing.result["message_id"], buttons(listing)["Next ▶"])
    page = (await api.wait_for(lambda: api.ok_calls("editMessageText"), 20, "page 2"))[0]
    assert "page 2 of 2" in page.result["text"] and "◀ Prev" in buttons(page)
    no_bad_requests(api)


async def test_context_of_an_answer_whose_article_was_replaced_is_a_polite_expiry(api: FakeBotApi, bot: BotProcess):
    upload = api.push_document(ADMIN, ADMIN, "zanzibar_spice.txt", ARTICLE.encode())
    await reply_to(api, ADMIN, upload, "the ingest summary")
    answer = await reply_to(api, USER, api.push_text(USER, "Who chairs the Zanzibar Spice Council?"))
    assert "zanzibar_spice.txt" in visible(answer)
    context_key = next(v for k, v in buttons(answer).items() if k.startswith("Context"))
    changed = ARTICLE.replace("Amina Baraka", "Halima Said").encode()
    upload = api.push_document(ADMIN, ADMIN, "zanzibar_spice.txt", changed, caption="replace")
    assert "replaced 1" in visible(await reply_to(api, ADMIN, upload, "the replace summary"))
    pressed = api.push_callback(USER, answer.result["message_id"], context_key)
    await api.wait_for(lambda: [c for c in api.ok_calls("answerCallbackQuery")
                                if c.params["callback_query_id"] == pressed], 20, "the button's answer")
    told = next(c for c in api.ok_calls("answerCallbackQuery") if c.params["callback_query_id"] == pressed)
    assert "expired" in told.params["text"]
    assert not [c for c in api.ok_calls("sendMessage") if "went wrong" in c.params.get("text", "")]
    no_bad_requests(api)


async def test_non_admin_upload_is_refused_without_download(api: FakeBotApi, bot: BotProcess):
    upload = api.push_document(USER, USER, "mine.txt", ARTICLE.encode())
    refusal = visible(await reply_to(api, USER, upload))
    assert "only the bot's admins" in refusal
    assert not api.calls_to("getFile") and not api.downloads
    too_big = api.push_document(ADMIN, ADMIN, "huge.zip", b"PK", file_size=500 * 1024 * 1024)
    assert "MB" in visible(await reply_to(api, ADMIN, too_big))
    assert not api.calls_to("getFile")
    wrong_kind = api.push_document(ADMIN, ADMIN, "photo.jpg", b"\xff\xd8")
    assert ".txt" in visible(await reply_to(api, ADMIN, wrong_kind))
    refused = visible(await reply_to(api, USER, api.push_text(USER, "/reload")))
    assert "admins" in refused
    no_bad_requests(api)


async def test_reload_picks_up_a_command_line_batch(api: FakeBotApi, bot: BotProcess, store: Path, tmp_path: Path):
    article = tmp_path / "zanzibar_cli.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    build_store(store, article)
    reply = visible(await reply_to(api, ADMIN, api.push_text(ADMIN, "/reload")))
    assert f"{len(SEEDS) + 1} articles" in reply
    answer = visible(await reply_to(api, USER, api.push_text(USER, "Who chairs the Zanzibar Spice Council?")))
    assert "zanzibar_cli.txt" in answer


async def test_allowed_chats_and_per_user_throttling(api: FakeBotApi, store: Path, tmp_path: Path):
    bot = await start_bot(api, store, tmp_path, ALLOWED_CHAT_IDS=f"{USER}", TELEGRAM_RATE_LIMIT_PER_MINUTE="3")
    try:
        stranger = api.push_text(2002, "Who is Sung Kim?")
        asked = [api.push_text(USER, f"Who is Sung Kim? ({i})") for i in range(6)]
        await api.wait_for(lambda: len(api.sent(USER)) >= 4, 20, "three answers and one warning")
        last = api.push_text(ADMIN, "/help")  # admins are always allowed
        await reply_to(api, ADMIN, last)
        texts = [visible(c) for c in api.sent(USER)]
        assert len(texts) == 4
        assert sum("faster than I can" in t for t in texts) == 1
        assert sum(bool(cited_sources(t)) for t in texts) == 3
        assert not api.sent(2002) and not replies_to(api, 2002, stranger)
        assert len({(c.params["reply_parameters"]["message_id"]) for c in api.sent(USER)}) == 4
        assert asked
    finally:
        assert await bot.stop() == 0


OLDER = """{title}

Posted on : 2019-03-0{day} 10:00 KST Modified on : 2019-03-0{day} 10:00 KST

{body}
"""
FLOODS = OLDER.format(title="Floods close roads as Mayor Ana Ruiz orders evacuation of Springfield", day=4, body=(
    "Mayor Ana Ruiz ordered the evacuation of three districts of Springfield on Monday as the river rose.\n\n"
    "Ruiz said buses would take residents to the sports hall until the water fell."))
DROUGHT = OLDER.format(title="Farmers in Lowland Valley count losses after the long drought", day=5, body=(
    "Farmers in Lowland Valley said the drought had cost them half of their wheat harvest.\n\n"
    "The valley had its driest winter in forty years, the weather office said."))
ORCHESTRA = OLDER.format(title="Orchestra of Tallinn names Kristjan Saar as conductor", day=6, body=(
    "The Orchestra of Tallinn named Kristjan Saar as its principal conductor on Wednesday.\n\n"
    "Saar, who is 34, will lead the orchestra's first tour of Japan next spring."))


def start_examples(call: Call) -> list[str]:
    return [line[2:] for line in visible(call).splitlines() if line.startswith("• ")]


async def test_start_examples_come_from_the_newest_batch(api: FakeBotApi, store: Path, tmp_path: Path):
    # An operator's batch of older stories (2019, before the seeds' 2021): /start's examples are about it.
    news = tmp_path / "news"
    news.mkdir()
    (news / "floods.txt").write_text(FLOODS, encoding="utf-8")
    (news / "drought.txt").write_text(DROUGHT, encoding="utf-8")
    build_store(store, news)
    bot = await start_bot(api, store, tmp_path)
    try:
        examples = start_examples(await reply_to(api, USER, api.push_text(USER, "/start")))
        assert examples == ["What do the articles say about Lowland Valley?", "What do the articles say about Mayor Ana Ruiz?"]
        for example in examples:  # answered, from the new batch
            answer = visible(await reply_to(api, USER, api.push_text(USER, example)))
            assert "drought.txt" in answer or "floods.txt" in answer
        usage = visible(await reply_to(api, USER, api.push_text(USER, "/ask")))
        assert "/ask What do the articles say about Lowland Valley?" in usage

        # A batch added with `qabot ingest` while the bot runs: the next /start's examples are about it, no /reload.
        (tmp_path / "orchestra.txt").write_text(ORCHESTRA, encoding="utf-8")
        build_store(store, tmp_path / "orchestra.txt")
        again = start_examples(await reply_to(api, USER, api.push_text(USER, "/start")))
        assert again[0] == "What do the articles say about Orchestra of Tallinn?"
        no_bad_requests(api)
    finally:
        assert await bot.stop() == 0
    assert "Traceback" not in bot.stderr(), bot.stderr()[-3000:]
