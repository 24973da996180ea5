"""Settings are checked at start: a bad value is one line naming the variable, never a later crash."""
from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main

_CLEAN = ("QABOT_", "TELEGRAM_", "ADMIN_", "ALLOWED_")


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    import os

    for name in list(os.environ):
        if name.startswith(_CLEAN):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)  # no stray .env
    monkeypatch.setenv("HOME", str(tmp_path))
    return monkeypatch


@pytest.mark.parametrize("name, value, says", [
    ("QABOT_MAX_FILE_MB", "inf", "Input should be a finite number"),
    ("QABOT_MAX_FILE_MB", "nan", "Input should be a finite number"),
    ("QABOT_MAX_FILE_MB", "1e9", "Input should be less than or equal to 1024"),
    ("QABOT_MAX_ZIP_TOTAL_MB", "-inf", "Input should be a finite number"),
    ("QABOT_MAX_ZIP_TOTAL_MB", "0", "Input should be greater than 0"),
    ("TELEGRAM_MAX_UPLOAD_MB", "inf", "Input should be a finite number"),
    ("TELEGRAM_MAX_UPLOAD_MB", "5000", "Input should be less than or equal to 2000"),
    ("TELEGRAM_WEBHOOK_LISTEN", "999.1.1.1", "not an IP address or host name: '999.1.1.1'"),
    ("TELEGRAM_WEBHOOK_LISTEN", "", "not an IP address or host name: ''"),
    ("TELEGRAM_WEBHOOK_PORT", "70000", "Input should be less than or equal to 65535"),
    ("QABOT_HISTORY_FILE", "/dev/zero", "/dev/zero is not a regular file (a device, pipe or socket)"),
    ("TELEGRAM_API_BASE_URL", "api.telegram.org", "not an http(s) URL"),
])
def test_a_bad_value_is_one_line_naming_the_variable_and_the_value(
        env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], name: str, value: str, says: str) -> None:
    env.setenv(name, value)
    assert main(["sources"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"qabot: bad setting {name}: ") and says in err, err
    assert f"(got {value!r})" in err and err.count("\n") == 1


def test_a_folder_as_the_history_file_is_refused(env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                                                 tmp_path: Path) -> None:
    env.setenv("QABOT_HISTORY_FILE", str(tmp_path))
    assert main(["sources"]) == 2
    assert f"{tmp_path} is a folder; give a file path" in capsys.readouterr().err


@pytest.mark.parametrize("listen", ["127.0.0.1", "0.0.0.0", "::", "::1", "localhost", "bot.example.org"])
def test_good_listen_addresses_pass(env: pytest.MonkeyPatch, listen: str) -> None:
    from bot.settings import Settings

    env.setenv("TELEGRAM_WEBHOOK_LISTEN", listen)
    assert Settings().telegram_webhook_listen == listen


def test_a_device_as_the_store_is_refused_by_name(env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--store", "/dev/zero", "sources"]) == 1
    assert capsys.readouterr().err == (
        "qabot: /dev/zero is not a regular file (a device or pipe?), not a store file; give the path of a .sqlite3 file\n")
