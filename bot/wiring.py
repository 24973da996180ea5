"""Opens the QAService the way every command needs it, from the one settings object."""
from __future__ import annotations

from bot.settings import SEEDS_DIR, Settings
from retrieval import QAService, use_compiled_first_stage


def open_service(settings: Settings, *, create_explicit: bool = False) -> QAService:
    """The default store is built from seeds/ on first use; a named store must exist unless
    `create_explicit` (ingest), in which case it starts empty."""
    default = settings.store_is_default
    use_compiled_first_stage(settings.qabot_compiled_first_stage)
    return QAService.open(
        settings.store_path,
        create=default or create_explicit,
        seeds_dir=SEEDS_DIR if default else None,
        limits=settings.limits,
        analyzer=settings.analyzer,
    )
