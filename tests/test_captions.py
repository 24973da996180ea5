"""The caption tier: photo captions are kept apart from the body, searched, and answer only when the body does not."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from retrieval.corpus.articles import parse_article
from retrieval.corpus.store import SCHEMA_VERSION, Store
from retrieval.records import Answer
from retrieval.service import QAService
from tests.conftest import service_over

# An invented story whose picture's caption names a place the story never does.
STORY = (
    "Harbour talks resume in Lisbon\n\n"
    "Negotiators from the two ports met on Tuesday to settle the dispute over berth fees.\n\n"
    "Marta Vaz, the harbour master, greets Tomas Rey at the old customs house in Belem. (Jane Roe / Example Photos)\n\n"
    "The talks will continue next month, officials said.\n\n"
    "Both sides called the meeting useful and said the fees would be cut by a third.\n"
)
CAPTION = "Marta Vaz, the harbour master, greets Tomas Rey at the old customs house in Belem."


def test_a_caption_is_kept_apart_from_the_body_without_its_credit() -> None:
    article = parse_article("a.txt", STORY)
    captions = [s for s in article.sentences if s.caption]
    assert [s.text for s in captions] == [CAPTION]
    assert all(STORY[s.start:s.end] == s.text for s in article.sentences)
    assert not any("Example Photos" in s.text for s in article.sentences)
    assert [s.start for s in article.sentences] == sorted(s.start for s in article.sentences)  # reading order


def test_a_page_of_captions_alone_is_no_article() -> None:
    raw = "Photos of the week\n\nA dog runs on the beach in Brighton on Sunday. (Jane Roe / Example Photos)\n"
    try:
        parse_article("gallery.txt", raw)
    except Exception as exc:  # ArticleError: no body left
        assert "no article text" in str(exc)
    else:
        raise AssertionError("a page of nothing but captions was accepted as an article")


def _store(tmp_path: Path) -> Store:
    store = Store.open(tmp_path / "s.sqlite3", create=True)
    store.add_batch([parse_article("a.txt", STORY)], replace=False)
    return store


def test_the_store_flags_captions_and_reads_the_body_without_them(tmp_path: Path) -> None:
    with _store(tmp_path) as store:
        everything = store.article_sentences("a.txt")
        caption = next(s for s in everything if s.caption)
        assert caption.text == CAPTION and caption.position == 0  # first among the article's captions
        body = [s for s in everything if not s.caption]
        assert [s.position for s in body] == list(range(len(body)))
        _, spans = store.article_spans("a.txt", "any")
        assert [s.id for s, _ in spans] == [s.id for s in body]
        assert store.sentences([caption.id])[0].caption is True
        # the body sentence after the picture has the one before it as its neighbour, not the caption
        ctx = store.context(body[2].id)
        assert ctx.before == (body[1],) and not any(s.caption for s in ctx.after)


def test_a_version_2_store_gets_its_captions_flagged_and_its_positions_recounted(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    with Store.open(path, create=True) as store:
        store.add_batch([parse_article("a.txt", STORY)], replace=False)
    conn = sqlite3.connect(path)  # what a version-2 store held: the caption as body, positions in reading order
    ids = [r[0] for r in conn.execute("SELECT id FROM sentences ORDER BY start")]
    conn.executemany("UPDATE sentences SET position = ? WHERE id = ?", [(i, sid) for i, sid in enumerate(ids)])
    conn.execute("ALTER TABLE sentences DROP COLUMN caption")
    conn.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()
    with Store.open(path, create=False) as store:
        sentences = store.article_sentences("a.txt")
        assert [s.text for s in sentences if s.caption] == [CAPTION]
        assert [s.position for s in sentences if not s.caption] == list(range(len(sentences) - 1))
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] == str(SCHEMA_VERSION)


def _service(tmp_path: Path) -> QAService:
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "a.txt").write_text(STORY, encoding="utf-8")
    other = ("Fishing quotas agreed in Porto\n\nThe fishing fleet agreed new quotas on Monday, the ministry said.\n\n"
             "Boats will stay in port for two weeks in May.\n")
    (folder / "b.txt").write_text(other, encoding="utf-8")
    service = QAService.open(tmp_path / "s.sqlite3", create=True)
    assert service.ingest([folder]).ok
    return service


def test_a_caption_answers_what_only_it_says_and_the_reply_says_so(tmp_path: Path) -> None:
    with _service(tmp_path) as service:
        reply = service.ask("Where did Marta Vaz greet Tomas Rey?")
        assert not reply.no_answer
        best = reply.answers[0]
        assert best.text == CAPTION and best.caption
        assert best.to_json()["caption"] is True


def test_the_body_answers_before_any_caption(tmp_path: Path) -> None:
    with _service(tmp_path) as service:
        reply = service.ask("When did the negotiators meet to settle the berth fees?")
        assert not reply.no_answer
        assert reply.answers[0].text.startswith("Negotiators from the two ports met on Tuesday")
        assert not any(a.caption for a in reply.answers)
        assert reply.answers[0].to_json()["caption"] is False


def test_a_caption_answer_is_marked_in_the_console_and_in_telegram() -> None:
    from bot.console.render import Style, render_answer
    from bot.telegram.render import citation

    answer = Answer(text=CAPTION, source="a.txt", also_in=(), score=1.0, start=0, end=len(CAPTION), title="Harbour talks",
                    date=None, sentence_id=3, position=0, caption=True)
    assert "(photo caption)" in render_answer(answer, 1, Style(False))
    assert "(photo caption)" in citation(answer)
    plain = Answer(text="x", source="a.txt", also_in=(), score=1.0, start=0, end=1, title="T", date=None,
                   sentence_id=1, position=0)
    assert "(photo caption)" not in render_answer(plain, 1, Style(False)) and "(photo caption)" not in citation(plain)


def test_a_caption_holding_more_of_the_question_takes_the_place_of_a_body_answer(tmp_path: Path) -> None:
    # The body says that Vaz met Rey, not where; the caption says where: "met" and "Rey" in the body answer
    # the question partly, the caption holds its place too.
    story = STORY.replace("The talks will continue next month, officials said.",
                          "Marta Vaz later spoke with Tomas Rey about the fees, officials said.")
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "a.txt").write_text(story, encoding="utf-8")
    with QAService.open(tmp_path / "s.sqlite3", create=True) as service:
        assert service.ingest([folder]).ok
        reply = service.ask("Where did Marta Vaz greet Tomas Rey at the customs house?")
        assert reply.answers[0].caption and reply.answers[0].text == CAPTION
        # a question the body sentence holds wholly is the body's
        reply = service.ask("What did Marta Vaz speak with Tomas Rey about?")
        assert not reply.answers[0].caption and "about the fees" in reply.answers[0].text


def test_a_captions_context_is_the_caption_alone(tmp_path: Path) -> None:
    with _store(tmp_path) as store:
        caption = next(s for s in store.article_sentences("a.txt") if s.caption)
        ctx = store.context(caption.id, width=5)
        assert ctx.before == () and ctx.after == () and ctx.sentence == caption


def test_a_pool_ingest_keeps_the_caption_flags_one_process_finds(tmp_path: Path) -> None:
    # Parse workers send sentences back as packed offsets: the caption flag must travel with them.
    from retrieval.corpus.ingest import ingest_batch

    folder = tmp_path / "batch"
    folder.mkdir()
    for i in range(12):
        (folder / f"story{i:02}.txt").write_text(STORY.replace("Lisbon", f"Lisbon {i}").replace("Belem", f"Belem {i}"))
    flagged = []
    for workers in (1, 2):
        with Store.open(tmp_path / f"s{workers}.sqlite3", create=True) as store:
            ingest_batch(store, [folder], workers=workers)
        with sqlite3.connect(tmp_path / f"s{workers}.sqlite3") as conn:
            flagged.append(conn.execute("SELECT text, position, caption FROM sentences ORDER BY id").fetchall())
    assert flagged[0] == flagged[1]
    assert sum(c for _, _, c in flagged[1]) == 12


def test_a_caption_with_the_office_asked_and_no_name_does_not_answer_who_holds_it(tmp_path: Path) -> None:
    # The caption holds "director" and names nobody: it is no answer to who the director is, as a body sentence
    # with the office and no name is none (refusal.lacks_holder).
    story = STORY.replace(CAPTION, "The port director greets visitors at the old customs house in Belem.")
    with service_over(tmp_path, {"a.txt": story}) as service:
        reply = service.ask("Who is the port director?")
        assert reply.no_answer or not reply.answers[0].caption
        # the caption still answers what it does say
        reply = service.ask("Where does the port director greet visitors?")
        assert not reply.no_answer and reply.answers[0].caption
