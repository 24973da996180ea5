"""Shared fixtures: real stores in tmp_path and generated article files."""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import settings as hypothesis_settings

# CI must not turn red on an example no developer has seen: there the property tests run a fixed,
# reproducible sequence (`CI=true`); developers' runs stay random and keep finding new cases.
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")

from retrieval.corpus.store import Store  # noqa: E402  (after the profile is chosen)
from retrieval.records import ParsedArticle, SentenceSpan  # noqa: E402

if TYPE_CHECKING:
    from retrieval.service import QAService

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SEEDS = PROJECT_ROOT / "seeds"
# Third-party evaluation data is never copied into the repository: it lives in ../shared/ beside the checkout.
SHARED = PROJECT_ROOT.parent / "shared"


def shared_file(relative: str) -> Path:
    """A file under ../shared/, or skip the test saying what is missing."""
    path = SHARED / relative
    if not path.exists():
        pytest.skip(f"{relative} is not in {SHARED} (evaluation data lives beside the checkout, never in it)")
    return path

_WORDS = (
    "minister talks nuclear envoy seoul tokyo washington summit market shares economy election "
    "parliament budget tariff export chip factory union strike court ruling police festival "
    "weather typhoon rainfall harvest rice price inflation bank rate policy treaty border army"
).split()


def parsed_article(source: str, sentences: list[str] | tuple[str, ...], *, title: str | None = None,
                   date: str | None = "2024-01-02", byline: str | None = None) -> ParsedArticle:
    """A ParsedArticle built directly (no parser): raw is the title line plus the sentences."""
    title = title if title is not None else f"Title of {source}"
    raw = title + "\n\n"
    spans = []
    for text in sentences:
        spans.append(SentenceSpan(text, len(raw), len(raw) + len(text)))
        raw += text + " "
    return ParsedArticle(source, raw, title, date, byline, tuple(spans), hashlib.sha256(raw.encode()).hexdigest())


@contextlib.contextmanager
def service_over(root: Path, articles: dict[str, str]) -> Iterator[QAService]:
    """A service over a fresh store holding `articles` (file name -> text), ingested as one batch from a folder."""
    from retrieval.service import QAService

    folder = root / "articles"
    folder.mkdir()
    for name, text in articles.items():
        (folder / name).write_text(text, encoding="utf-8")
    with QAService.open(root / "store.sqlite3", create=True) as svc:
        report = svc.ingest([folder])
        assert report.ok, report.rejected
        yield svc


def article_text(index: int, sentences: int = 6, seed: int = 0) -> str:
    """A plausible news article file: title, date line, byline, paragraphs of sentences."""
    rng = random.Random(seed * 1_000_003 + index)
    lines = [f"Officials discuss {rng.choice(_WORDS)} and {rng.choice(_WORDS)} in report number {index}", "",
             f"Posted on : 2023-{1 + index % 12:02d}-{1 + index % 28:02d} 10:00 KST", "By Lee Min-ho", ""]
    for _ in range(sentences):
        words = rng.choices(_WORDS, k=rng.randint(8, 16))
        lines.append(f"The {' '.join(words)} were discussed on Monday, officials said in article {index}.")
    return "\n".join(lines) + "\n"


def write_articles(folder: Path, count: int, *, sentences: int = 6, seed: int = 0, prefix: str = "article") -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = folder / f"{prefix}{i:05d}.txt"
        path.write_text(article_text(i, sentences, seed), encoding="utf-8")
        paths.append(path)
    return paths


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "store" / "qabot.sqlite3"


@pytest.fixture
def store(store_path: Path):
    with Store.open(store_path, create=True) as s:
        yield s


@pytest.fixture
def seed_store_copy(seed_store_folder: Path, tmp_path: Path) -> Path:
    """A private copy of the seed store (its index beside it too), for tests that add articles."""
    return Path(shutil.copytree(seed_store_folder, tmp_path / "store")) / "qabot.sqlite3"


@pytest.fixture
async def api():
    """A fake Bot API server on 127.0.0.1 for one test."""
    from fake_bot_api import TOKEN, FakeBotApi

    async with FakeBotApi(TOKEN) as server:
        yield server


def heldout_questions() -> list[str]:
    """The questions of eval/seed_heldout.jsonl (our own set), as chat users would send them."""
    lines = (PROJECT_ROOT / "eval" / "seed_heldout.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["question"] for line in lines if line.strip()]


def qabot_cli(home: Path, *args: str) -> subprocess.CompletedProcess:
    """`qabot --store HOME/store.sqlite3 ARGS` in a subprocess, with none of the caller's settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QABOT_", "TELEGRAM_"))}
    env.update(HOME=str(home), PYTHONPATH=str(PROJECT_ROOT), QABOT_LOG_LEVEL="WARNING")
    return subprocess.run(
        [sys.executable, "-m", "bot", "--store", str(home / "store.sqlite3"), *args],
        cwd=home, env=env, capture_output=True, text=True, timeout=120,
    )


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory):
    """A service over a store built from seeds/ in-process, one per test module (for tests that only ask)."""
    from retrieval.service import QAService

    with QAService.open(tmp_path_factory.mktemp("seeds") / "s.sqlite3", create=True, seeds_dir=SEEDS) as service:
        yield service


@pytest.fixture(scope="session")
def seed_store_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding `qabot.sqlite3` built from seeds/ by the real `qabot ingest`, once per run.

    Tests that change a store copy the folder first (the index lives beside the store)."""
    folder = tmp_path_factory.mktemp("seed-store")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "QABOT_", "ADMIN_", "ALLOWED_"))}
    env["PYTHONPATH"] = str(PROJECT_ROOT)
    done = subprocess.run([sys.executable, "-m", "bot", "--store", str(folder / "qabot.sqlite3"), "ingest", str(SEEDS)],
                          cwd=folder, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr + done.stdout
    return folder


# Modules that drive the real `qabot` in a subprocess, a pseudo-terminal or against the fake Bot API: the slow tier.
# `make test-fast` leaves them out (`-m "not e2e"`); `make test` and CI run everything.
_E2E_MODULES = {"test_console", "test_corpus_cli", "test_eval_cli", "test_telegram_bot", "test_telegram_load",
                "test_telegram_startup"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.module is not None and item.module.__name__.rsplit(".", 1)[-1] in _E2E_MODULES:
            item.add_marker(pytest.mark.e2e)
