"""Where a Telegram message comes in: one thin handler per kind of update.

Each handler reads the update, asks the `QAService` (in a worker thread: an answer costs tens of
milliseconds of CPU and the event loop keeps sending other chats' answers meanwhile), renders with
`render` and replies. The wiring (which handler gets which update) lives in `app.build_application`;
updates reach the handlers through `polling.UpdatePump` (or PTB's webhook server).
"""
from __future__ import annotations

import asyncio
import html
import logging
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from telegram import (
    ChatMember,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    LinkPreviewOptions,
    Message,
    ReplyParameters,
    Update,
    User,
)
from telegram.constants import ChatAction, ChatType, MessageEntityType, ParseMode
from telegram.error import BadRequest, Conflict, NetworkError, TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.settings import Settings
from bot.small_talk import small_talk, small_talk_reply
from bot.telegram import render
from bot.telegram.addressing import is_question, names_someone_else
from bot.telegram.delivery import PossiblyDelivered
from bot.telegram.state import AnswerCard, BotMemory, UserThrottle
from retrieval import AnswerSet, Outcome, QabotError, QAService, Turn

log = logging.getLogger(__name__)

QUESTION_LIMIT = QAService.MAX_QUESTION_CHARS  # characters of a message used as the question; the rest is not a question
INLINE_RESULTS = 5
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
EXPIRED = "This button has expired. Please ask your question again."
Context = ContextTypes.DEFAULT_TYPE


@dataclass
class BotRuntime:
    """Everything the handlers share, created once in `app.run_telegram`."""

    service: QAService
    settings: Settings
    memory: BotMemory
    throttle: UserThrottle = field(init=False)
    examples: list[str] = field(default_factory=list)
    examples_batch: int | None = None  # the store's batch the examples were made from

    def __post_init__(self) -> None:
        self.throttle = UserThrottle(self.settings.telegram_rate_limit_per_minute, 60.0)

    @property
    def answers_per_question(self) -> int:
        return 1 + self.settings.qabot_answers

    def is_admin(self, user: User | None) -> bool:
        return user is not None and user.id in self.settings.admin_user_ids

    def is_allowed(self, chat_id: int | None, user: User | None) -> bool:
        allowed = self.settings.allowed_chat_ids
        if not allowed or self.is_admin(user):
            return True
        return (chat_id if chat_id is not None else (user.id if user else None)) in allowed

    def refresh_examples(self) -> None:
        """Two example questions built from the titles of the store's newest articles, kept only if the bot really
        answers them: the latest batch first (an operator's new batch gets examples about it, whatever its
        articles' dates), then the latest dates, then source names (the same store always gives the same two)."""
        batch = self.service.stats().batch
        examples: list[str] = []
        articles = sorted(self.service.sources(), key=lambda a: a.source)
        articles.sort(key=lambda a: (a.batch, a.date or ""), reverse=True)  # stable: names stay in order
        for article in articles[:20]:
            question = render.example_question(article.title)
            if question and question not in examples and not self.service.ask(question, 1).no_answer:
                examples.append(question)
            if len(examples) == 2:
                break
        self.examples, self.examples_batch = examples, batch

    @property
    def example(self) -> str:
        """One question to show in a line of help: the first example (the store's own), else a general one."""
        return self.examples[0] if self.examples else "Who said what, and when?"

    def current_examples(self) -> list[str]:
        """The examples, made again first when a batch was committed since (`qabot ingest` in another process)."""
        if self.examples_batch != self.service.stats().batch:
            self.refresh_examples()
        return self.examples


class QAHandlers:
    """The bot's handlers; bound methods are registered in `app.build_application`."""

    def __init__(self, runtime: BotRuntime) -> None:
        self.rt = runtime

    # -- gate ----------------------------------------------------------------------------------
    async def gate(self, update: object, context: Context) -> None:
        """Runs first for every update: ignore chats not in ALLOWED_CHAT_IDS."""
        if not isinstance(update, Update):
            return
        chat = update.effective_chat
        if self.rt.is_allowed(chat.id if chat else None, update.effective_user):
            return
        log.info("ignoring update %s from chat %s: not in ALLOWED_CHAT_IDS", update.update_id, chat.id if chat else None)
        if update.callback_query:
            await update.callback_query.answer("This bot is not available here.")
        elif update.inline_query:
            await update.inline_query.answer([], cache_time=300)
        raise ApplicationHandlerStop

    # -- commands ------------------------------------------------------------------------------
    async def start(self, update: Update, context: Context) -> None:
        """/start: what the bot knows, with two example questions."""
        if (message := update.effective_message) is None:
            return
        examples = await asyncio.to_thread(self.rt.current_examples)
        stats = await asyncio.to_thread(self.rt.service.stats)
        name = context.bot.first_name or context.bot.username
        await reply(message, render.render_start(stats, examples, name))

    async def help(self, update: Update, context: Context) -> None:
        """/help: how to ask, buttons, commands."""
        if (message := update.effective_message) is not None:
            await reply(message, render.render_help(context.bot.username, self.rt.is_admin(update.effective_user)))

    async def sources(self, update: Update, context: Context) -> None:
        """/sources: the article list, one page at a time."""
        if (message := update.effective_message) is not None:
            text, markup = await asyncio.to_thread(self._sources_page, 0)
            await reply(message, text, markup)

    async def sources_page(self, update: Update, context: Context) -> None:
        """A Prev/Next button of /sources (callback data "s:<page>")."""
        if (query := update.callback_query) is None:
            return
        page = int((query.data or "s:0").split(":", 1)[1])
        text, markup = await asyncio.to_thread(self._sources_page, page)
        await query.answer()
        await _edit(query.message, text, markup)

    def _sources_page(self, page: int) -> tuple[str, InlineKeyboardMarkup | None]:
        text, pages = render.render_sources_page(self.rt.service.sources(), page)
        page = min(max(page, 0), pages - 1)
        if pages == 1:
            return text, None
        buttons = []
        if page > 0:
            buttons.append(InlineKeyboardButton("◀ Prev", callback_data=f"s:{page - 1}"))
        if page < pages - 1:
            buttons.append(InlineKeyboardButton("Next ▶", callback_data=f"s:{page + 1}"))
        return text, InlineKeyboardMarkup([buttons])

    async def ask_command(self, update: Update, context: Context) -> None:
        """/ask QUESTION (the way to ask in groups)."""
        if (message := update.effective_message) is None:
            return
        question = " ".join(context.args or [])
        if not question.strip():
            await reply(message, f"Put your question after the command, e.g. <i>/ask {html.escape(self.rt.example)}</i>")
            return
        await self._answer(message, update.effective_user, question)

    async def reload(self, update: Update, context: Context) -> None:
        """/reload (admins): pick up batches ingested from the command line."""
        if (message := update.effective_message) is None:
            return
        if not self.rt.is_admin(update.effective_user):
            await reply(message, "Only the bot's admins can use /reload.")
            return
        changed = await asyncio.to_thread(self.rt.service.refresh)
        stats = await asyncio.to_thread(self.rt.service.stats)
        if changed:
            await asyncio.to_thread(self.rt.refresh_examples)
        state = "Reloaded" if changed else "Already up to date"
        await reply(message, f"{state}: {stats.articles} articles, {stats.sentences} sentences (batch {stats.batch}).")

    async def unknown_command(self, update: Update, context: Context) -> None:
        """A /command the bot does not have: one line of help (in groups only when addressed to this bot)."""
        if (message := update.effective_message) is None or not message.text:
            return
        command = message.text.split()[0]
        name, _, target = command.partition("@")
        if message.chat.type != ChatType.PRIVATE and target.lower() != (context.bot.username or "").lower():
            return  # meant for another bot in the group
        await reply(message, render.render_unknown_command(name))

    # -- questions -----------------------------------------------------------------------------
    async def private_text(self, update: Update, context: Context) -> None:
        """Any text in a private chat is a question."""
        if (message := update.effective_message) is not None:
            await self._answer(message, update.effective_user, message.text or "")

    async def group_text(self, update: Update, context: Context) -> None:
        """In groups, answer @mentions and replies to the bot that are questions; stay out of the rest."""
        if (message := update.effective_message) is None:
            return
        question = _addressed_question(message, context.bot.id, context.bot.username or "")
        if question == "":
            await reply(message, "Ask me a question after the mention, e.g. "
                                 f"<i>@{context.bot.username} who met in Seoul?</i>")
        elif question is not None:
            await self._answer(message, update.effective_user, question)

    async def edited_text(self, update: Update, context: Context) -> None:
        """An edited question: the bot's earlier answer is edited to answer the new wording."""
        if (message := update.edited_message) is None or not message.text:
            return
        earlier = self.rt.memory.answer_to(message.chat_id, message.message_id)
        if message.chat.type == ChatType.PRIVATE:
            question: str | None = message.text
        elif message.text.startswith("/ask"):
            question = message.text.partition(" ")[2]
        else:
            question = _addressed_question(message, context.bot.id, context.bot.username or "")
        if not question:
            return
        await self._answer(message, update.effective_user, question, edit=earlier)

    async def _answer(self, message: Message, user: User | None, question: str, *, edit: int | None = None) -> None:
        if edit is None and self.rt.memory.answer_to(message.chat_id, message.message_id) is not None:
            # Answered already: the process died after sending but before the journal heard of it.
            log.info("message %s in chat %s was answered before the last stop; not answering again",
                     message.message_id, message.chat_id)
            return
        if user is not None:
            decision = self.rt.throttle.check(user.id)
            if not decision.allowed:
                if decision.warn:
                    await reply(message, f"You're asking faster than I can keep up. Please wait about "
                                         f"{max(1, round(decision.retry_in))} s and ask again.")
                return
        question = question.strip()
        if len(question) > QUESTION_LIMIT:  # as in the console and `qabot ask`: one line, nothing searched
            await reply(message, f"That is too long for one question ({len(question):,} characters; the limit is "
                                 f"{QUESTION_LIMIT:,}). Please ask about one thing, in a sentence or two.")
            return
        if not any(ch.isalnum() for ch in question):
            await reply(message, f"Please ask a question in words, e.g. <i>{html.escape(self.rt.example)}</i>")
            return
        if (kind := small_talk(question)) is not None:  # "thanks", "hi": a friendly line, not a search
            text = (render.render_help(message.get_bot().username, self.rt.is_admin(user)) if kind == "help"
                    else html.escape(small_talk_reply(kind)))
            sent = await reply(message, text)
            self.rt.memory.remember_answer(message.chat_id, message.message_id, sent.message_id)
            return
        await typing(message)
        asker = user.id if user is not None else message.chat_id
        previous = self._previous_turn(message, asker, edit)
        answers = await asyncio.to_thread(self.rt.service.ask, question, self.rt.answers_per_question,
                                          previous=previous)
        turn = Turn(question, answers)
        self.rt.memory.remember_turn(message.chat_id, asker, turn)
        rendered = render.render_answers(answers, 1)
        markup = self._card_markup(question, answers, rendered.shown)
        if edit is not None:
            try:
                await message.get_bot().edit_message_text(
                    rendered.text, chat_id=message.chat_id, message_id=edit, parse_mode=ParseMode.HTML,
                    reply_markup=markup, link_preview_options=NO_PREVIEW)
                self.rt.memory.remember_answer_turn(message.chat_id, edit, turn, previous)
                return
            except BadRequest as exc:
                if "not modified" in str(exc):
                    return
                log.info("could not edit answer %s in chat %s (%s); answering anew", edit, message.chat_id, exc)
        sent = await reply(message, rendered.text, markup)
        self.rt.memory.remember_answer(message.chat_id, message.message_id, sent.message_id)
        self.rt.memory.remember_answer_turn(message.chat_id, sent.message_id, turn, previous)

    def _previous_turn(self, message: Message, asker: int, edit: int | None) -> Turn | None:
        """What a question is read against. An edited question: what its first wording was read against (not its own
        first wording). A reply to one of the bot's answers: that answer's turn, whoever asked it (in a group the
        answer replied to says what "he" is, not the replier's own last question). Otherwise the asker's last turn in
        this chat, unless the conversation has gone quiet."""
        memory = self.rt.memory
        if edit is not None and (answered := memory.answer_turn(message.chat_id, edit)) is not None:
            return answered[1]
        replied = message.reply_to_message
        if (edit is None and replied is not None and replied.from_user is not None
                and replied.from_user.id == message.get_bot().id
                and (answered := memory.answer_turn(message.chat_id, replied.message_id)) is not None):
            return answered[0]
        return memory.last_turn(message.chat_id, asker)

    def _card_markup(self, question: str, answers: AnswerSet, shown: int) -> InlineKeyboardMarkup | None:
        if not answers.answers or shown == 0:
            return None
        key = self.rt.memory.put_card(AnswerCard(question, answers, shown))
        return _buttons(key, answers, shown)

    # -- buttons -------------------------------------------------------------------------------
    async def more(self, update: Update, context: Context) -> None:
        """More: edit the answer message to show the next answers, each with its Context button."""
        if (query := update.callback_query) is None:
            return
        key = (query.data or "m:").split(":", 1)[1]
        card = self.rt.memory.card(key)
        if card is None:
            await query.answer(EXPIRED)
            return
        rendered = render.render_answers(card.answers, len(card.answers.answers))
        self.rt.memory.replace_card(key, AnswerCard(card.question, card.answers, rendered.shown))
        await query.answer()
        await _edit(query.message, rendered.text, _buttons(key, card.answers, rendered.shown))

    async def context_button(self, update: Update, context: Context) -> None:
        """Context: the sentences around one answer, with its article's title, outlet and date, as a reply."""
        if (query := update.callback_query) is None:
            return
        _, key, index = (query.data or "c::0").split(":", 2)
        card = self.rt.memory.card(key)
        position = int(index)
        if card is None or position >= len(card.answers.answers):
            await query.answer(EXPIRED)
            return
        answer = card.answers.answers[position]
        try:
            around = await asyncio.to_thread(self.rt.service.context, answer.sentence_id, 1)
        except QabotError:  # the article was replaced since this answer was given
            await query.answer(EXPIRED)
            return
        await query.answer()
        if isinstance(query.message, Message):
            await reply(query.message, render.render_context(around, answer.site))

    async def stale_button(self, update: Update, context: Context) -> None:
        """Any button this version does not know: answer it so the client stops spinning."""
        if update.callback_query is not None:
            await update.callback_query.answer(EXPIRED)

    # -- inline mode ---------------------------------------------------------------------------
    async def inline_query(self, update: Update, context: Context) -> None:
        """@bot question in any chat: the top answers as shareable results."""
        if (query := update.inline_query) is None:
            return
        question = query.query.strip()[:QUESTION_LIMIT]
        if not any(ch.isalnum() for ch in question):
            await query.answer([], cache_time=60)
            return
        answers = await asyncio.to_thread(self.rt.service.ask, question, INLINE_RESULTS)
        header = f"<b>Q:</b> {html.escape(render.trim_plain(question, render.QUESTION_ECHO_LIMIT))}\n\n"
        not_sure = answers.outcome is Outcome.NOT_SURE and bool(answers.answers)
        if not answers.answers or (answers.no_answer and not not_sure):
            results = [InlineQueryResultArticle(
                id="none", title="No answer in the articles",
                description=", ".join(answers.missing_terms)[:100] or "Try other words",
                input_message_content=InputTextMessageContent(header + render.render_no_answer(answers),
                                                              parse_mode=ParseMode.HTML))]
        else:
            label = render.render_not_sure(answers) + "\n\n" if not_sure else ""
            results = [InlineQueryResultArticle(
                id=str(i), title=("Not sure: " if not_sure else "") + render.render_inline_title(a),
                description=a.source + (f" (+{len(a.also_in)} more)" if a.also_in else ""),
                input_message_content=InputTextMessageContent(
                    header + label + render.render_answer(a), parse_mode=ParseMode.HTML,
                    link_preview_options=NO_PREVIEW))
                for i, a in enumerate(answers.answers)]
        await query.answer(results, cache_time=60)

    # -- groups ----------------------------------------------------------------------------------
    async def membership(self, update: Update, context: Context) -> None:
        """The bot added to a group: greet once; removed: forget, so that being added back greets again."""
        if (change := update.my_chat_member) is None:
            return
        chat_id = change.chat.id
        if change.new_chat_member.status in {ChatMember.LEFT, ChatMember.BANNED}:
            self.rt.memory.forget_group(chat_id)
            return
        joined = change.old_chat_member.status in {ChatMember.LEFT, ChatMember.BANNED}
        if joined and change.chat.type != ChatType.PRIVATE:
            await self._greet(context, chat_id)

    async def new_members(self, update: Update, context: Context) -> None:
        """Some clients report the bot's arrival as a service message instead: greet once all the same."""
        message = update.effective_message
        if message is not None and any(member.id == context.bot.id for member in message.new_chat_members):
            await self._greet(context, message.chat_id)

    async def _greet(self, context: Context, chat_id: int) -> None:
        if not self.rt.memory.greet_once(chat_id):
            return
        stats = await asyncio.to_thread(self.rt.service.stats)
        await context.bot.send_message(chat_id, render.render_group_greeting(stats, context.bot.username or ""),
                                       parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW)

    # -- admin uploads -------------------------------------------------------------------------
    async def document(self, update: Update, context: Context) -> None:
        """A .txt or .zip from an admin becomes one ingest batch; anyone else is refused before any download."""
        message = update.effective_message
        if message is None or message.document is None:
            return
        user = update.effective_user
        document = message.document
        if not self.rt.is_admin(user):
            await reply(message, "Thanks, but only the bot's admins can add articles. You can ask me questions, though!")
            return
        name = Path(document.file_name or "upload.txt").name or "upload.txt"
        if Path(name).suffix.lower() not in {".txt", ".zip"}:
            await reply(message, f"I can add .txt files and .zip archives of .txt files; "
                                 f"<i>{html.escape(name)}</i> is neither.")
            return
        limit_mb = self.rt.settings.telegram_max_upload_mb
        limit = int(limit_mb * 1024 * 1024)
        if document.file_size is not None and document.file_size > limit:
            await reply(message, _too_big(name, document.file_size, limit_mb))
            return
        await typing(message)
        try:
            remote = await context.bot.get_file(document.file_id)
        except BadRequest as exc:
            await reply(message, f"Telegram would not let me download <i>{html.escape(name)}</i>: "
                                 f"{html.escape(str(exc))}. Send it again in a minute.")
            return
        if remote.file_size is not None and remote.file_size > limit:
            await reply(message, _too_big(name, remote.file_size, limit_mb))
            return
        with tempfile.TemporaryDirectory(prefix="qabot-upload-") as folder:
            path = Path(folder) / name  # the original name: it becomes the article's source
            await remote.download_to_drive(path)
            try:
                # The caption "replace" does what `qabot ingest --replace` does.
                replace = (message.caption or "").strip().lower() == "replace"
                report = await asyncio.to_thread(self.rt.service.ingest, [path], replace=replace)
            except QabotError as exc:
                await reply(message, f"Nothing was added: {render.in_telegram_words(str(exc))}")
                return
        log.info("admin %s added batch %s: %d added, %d replaced, %d skipped, %d rejected", user.id if user else None,
                 report.batch, len(report.added), len(report.replaced), len(report.skipped), len(report.rejected))
        if report.added or report.replaced:
            await asyncio.to_thread(self.rt.refresh_examples)
        await reply(message, render.render_ingest_report(report))

    async def other_private(self, update: Update, context: Context) -> None:
        """Stickers, photos, voice… in a private chat: say what the bot understands."""
        if (message := update.effective_message) is not None:
            await reply(message, "I answer questions typed as text. Try /help.")

    # -- errors ----------------------------------------------------------------------------------
    async def error(self, update: object, context: Context) -> None:
        """Log every error with its traceback and apologise to the user; a bad update never stops the bot."""
        err = context.error
        if isinstance(err, Conflict):
            log.error("Telegram reports a conflict: another process is getting updates for this bot token "
                      "(%s). Only one `qabot telegram` may poll per token: stop the other one, or remove its webhook.", err)
            return
        if update is None and isinstance(err, NetworkError):
            log.warning("network problem while polling Telegram (%s); retrying", err)
            return
        update_id = update.update_id if isinstance(update, Update) else None
        if isinstance(err, PossiblyDelivered):
            return  # logged where it happened; an apology could be the second message the user gets
        log.error("error while handling update %s", update_id, exc_info=err)
        if not isinstance(update, Update):
            return
        try:
            if update.callback_query is not None:
                await update.callback_query.answer("Sorry, something went wrong. Please try again.")
            elif update.effective_message is not None and update.effective_chat is not None:
                await context.bot.send_message(update.effective_chat.id,
                                               "Sorry, something went wrong while answering. Please try again.")
        except TelegramError as exc:
            log.warning("could not apologise for update %s: %s", update_id, exc)


def _buttons(key: str, answers: AnswerSet, shown: int) -> InlineKeyboardMarkup:
    if shown == 1:
        row = [InlineKeyboardButton("Context", callback_data=f"c:{key}:0")]
        if len(answers.answers) > 1:
            row.insert(0, InlineKeyboardButton(f"More ({len(answers.answers) - 1})", callback_data=f"m:{key}"))
        return InlineKeyboardMarkup([row])
    row = [InlineKeyboardButton(f"Context {i + 1}", callback_data=f"c:{key}:{i}") for i in range(shown)]
    return InlineKeyboardMarkup([row[i:i + 4] for i in range(0, len(row), 4)])


def _addressed_question(message: Message, bot_id: int, bot_username: str) -> str | None:
    """The question a group message puts to the bot; "" for a bare @mention; None when it is not for the bot."""
    text = message.text or ""
    entities = message.parse_entities([MessageEntityType.MENTION, MessageEntityType.TEXT_MENTION])
    mentions = [value for entity, value in entities.items() if entity.type == MessageEntityType.MENTION]
    named = [e.user for e in entities if e.type == MessageEntityType.TEXT_MENTION and e.user is not None]
    own = f"@{bot_username}".lower()
    if any(m.lower() == own for m in mentions):
        return re.sub(re.escape(own), " ", text, flags=re.IGNORECASE).strip()
    replied = message.reply_to_message
    if replied is None or replied.from_user is None or replied.from_user.id != bot_id:
        return None
    if names_someone_else(mentions, bot_username) or any(user.id != bot_id for user in named):
        return None  # a reply that turns to another member
    return text if is_question(text) else None


async def reply(message: Message, text: str, markup: InlineKeyboardMarkup | None = None) -> Message:
    """Reply in HTML, quoting the message (so each answer is tied to its question) without failing if it's gone."""
    return await message.get_bot().send_message(
        chat_id=message.chat_id, text=text, parse_mode=ParseMode.HTML, reply_markup=markup,
        link_preview_options=NO_PREVIEW,
        reply_parameters=ReplyParameters(message.message_id, allow_sending_without_reply=True),
    )


async def _edit(message: object, text: str, markup: InlineKeyboardMarkup | None) -> None:
    if not isinstance(message, Message):
        return  # inaccessible (too old) message: nothing to edit
    try:
        await message.edit_text(text, parse_mode=ParseMode.HTML, reply_markup=markup, link_preview_options=NO_PREVIEW)
    except BadRequest as exc:
        if "not modified" not in str(exc):  # a double tap on the same button
            raise


async def typing(message: Message) -> None:
    """Show "typing…"; losing it must not cost the answer."""
    try:
        await message.get_bot().send_chat_action(message.chat_id, ChatAction.TYPING)
    except TelegramError as exc:
        log.debug("chat action failed in %s: %s", message.chat_id, exc)


def _too_big(name: str, size: int, limit_mb: float) -> str:
    return (f"<i>{html.escape(name)}</i> is {size / 1024 / 1024:.1f} MB; I accept files up to "
            f"{limit_mb:g} MB (TELEGRAM_MAX_UPLOAD_MB). Split it into smaller .zip files and send them one by one.")

