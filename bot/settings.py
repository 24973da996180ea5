"""The one settings object: environment variables and `.env`, read once at start and passed down.

Every value is checked here, at start, so a bad one is one line naming the variable instead of
a crash later (an `OverflowError` on the first upload, a `gaierror` when the webhook binds, a
console reading /dev/zero as its history): numbers must be finite and in range, addresses must
be addresses, paths must be usable.
"""
from __future__ import annotations

import ipaddress
import re
import stat
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from retrieval import AnalyzerOptions, IngestLimits

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_STORE = PROJECT_ROOT / "data" / "qabot.sqlite3"
SEEDS_DIR = PROJECT_ROOT / "seeds"


def _id_list(value: object) -> object:
    """Accept "1, 2 3" from the environment as well as a real list."""
    if isinstance(value, str):
        parts = value.replace(",", " ").split()
        try:
            return [int(p) for p in parts]
        except ValueError as exc:
            raise ValueError(f"expected whole numbers separated by commas, got {value!r}") from exc
    return value


_HOST_LABEL = re.compile(r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)")


def _listen_address(value: str) -> str:
    """An IP address, or a host name that is not a malformed dotted quad ("999.1.1.1")."""
    value = value.strip()
    try:
        ipaddress.ip_address(value)
        return value
    except ValueError:
        pass
    labels = value.rstrip(".").split(".")
    if not value or len(value) > 253 or not all(_HOST_LABEL.fullmatch(label) for label in labels) or labels[-1].isdigit():
        raise ValueError(f"not an IP address or host name: {value!r}; use e.g. 127.0.0.1, 0.0.0.0 or ::")
    return value


def _usable_file(value: Path) -> Path:
    """A path that is a regular file, or nothing yet under a folder (or a folder still to create)."""
    path = value.expanduser()
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        parent = next((p for p in path.parents if p.exists()), None)
        if parent is not None and not parent.is_dir():
            raise ValueError(f"{path}: {parent} is not a folder") from None
        return path
    except OSError as exc:
        raise ValueError(f"{path} cannot be used: {exc.strerror or exc}") from None
    if stat.S_ISDIR(mode):
        raise ValueError(f"{path} is a folder; give a file path, e.g. ~/.qabot_history")
    if not stat.S_ISREG(mode):
        raise ValueError(f"{path} is not a regular file (a device, pipe or socket); give a file path, e.g. ~/.qabot_history")
    return path


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    # Store
    qabot_store: Path | None = Field(default=None, description="SQLite store; default data/qabot.sqlite3 built from seeds/")
    # Upper bounds are far above any real use; they exist so that "inf" or a typo of six zeros is refused.
    qabot_max_file_mb: float = Field(default=5.0, gt=0, le=1024, allow_inf_nan=False)
    qabot_max_zip_entries: int = Field(default=10_000, gt=0, le=10_000_000)
    qabot_max_zip_total_mb: float = Field(default=512.0, gt=0, le=1024 * 1024, allow_inf_nan=False)
    qabot_compiled_first_stage: bool = Field(
        default=True, description="load the numba first-stage kernel (faster; false saves ~165 MB resident)")
    qabot_stem: bool = True
    qabot_stop_words: bool = True
    qabot_answers: int = Field(default=3, ge=0, le=20, description="answers shown after the best one")
    qabot_log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] | None = Field(
        default=None, description="unset: INFO for the Telegram bot, WARNING elsewhere")

    @field_validator("qabot_log_level", mode="before")
    @classmethod
    def _upper_level(cls, value: object) -> object:
        return value.strip().upper() or None if isinstance(value, str) else value
    qabot_history_file: Path = Field(default_factory=lambda: Path.home() / ".qabot_history")
    qabot_conversation_minutes: float = Field(
        default=30.0, gt=0, description="a follow-up is read against the last question unless the chat was silent this long")

    # Terminal conventions (https://no-color.org): set and non-empty NO_COLOR turns colour off.
    no_color: str | None = Field(default=None, validation_alias="NO_COLOR")
    term: str | None = Field(default=None, validation_alias="TERM")

    # Telegram
    telegram_bot_token: SecretStr | None = None
    telegram_api_base_url: str = "https://api.telegram.org"
    admin_user_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)
    allowed_chat_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)
    telegram_rate_limit_per_minute: int = Field(default=20, ge=1, le=10_000, description="questions per user per minute")
    # 20 MB is what the Bot API lets a bot download; a local Bot API server allows up to 2000 MB.
    telegram_max_upload_mb: float = Field(default=20.0, gt=0, le=2000, allow_inf_nan=False)
    telegram_webhook_secret: SecretStr | None = None
    telegram_webhook_listen: str = "127.0.0.1"
    telegram_webhook_port: int = Field(default=8443, ge=1, le=65535)
    telegram_state_file: Path | None = Field(
        default=None, description="the bot's SQLite state (buttons, conversations, fetched updates); "
                                  "default: beside the store, e.g. data/qabot.telegram.sqlite3")
    telegram_read_timeout: float = Field(
        default=60.0, ge=1, description="seconds to wait for Telegram's answer to a send; longer than its slowest, "
                                          "since a send given up on is not sent again (it may have arrived)")
    telegram_button_hours: float = Field(default=48.0, gt=0, description="how long More/Context buttons keep working")

    _split_ids = field_validator("admin_user_ids", "allowed_chat_ids", mode="before")(_id_list)
    _check_listen = field_validator("telegram_webhook_listen")(_listen_address)
    _check_history = field_validator("qabot_history_file")(_usable_file)

    @field_validator("telegram_api_base_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not re.fullmatch(r"https?://[^\s/]+(/\S*)?", value.strip()):
            raise ValueError(f"not an http(s) URL: {value!r}; the default is https://api.telegram.org")
        return value.strip()

    @field_validator("telegram_bot_token", "telegram_webhook_secret", mode="before")
    @classmethod
    def _blank_token_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @property
    def store_path(self) -> Path:
        return self.qabot_store or DEFAULT_STORE

    @property
    def store_is_default(self) -> bool:
        return self.qabot_store is None

    @property
    def telegram_state_path(self) -> Path:
        return self.telegram_state_file or self.store_path.with_name(f"{self.store_path.stem}.telegram.sqlite3")

    @property
    def color_allowed(self) -> bool:
        return not self.no_color and self.term != "dumb"

    @property
    def limits(self) -> IngestLimits:
        return IngestLimits(
            max_file_bytes=int(self.qabot_max_file_mb * 1024 * 1024),
            max_zip_entries=self.qabot_max_zip_entries,
            max_zip_total_bytes=int(self.qabot_max_zip_total_mb * 1024 * 1024),
        )

    @property
    def analyzer(self) -> AnalyzerOptions:
        return AnalyzerOptions(stem=self.qabot_stem, stop_words=self.qabot_stop_words)
