"""Issue 10, finding 3: the public development key never signs sessions off loopback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tracker.settings import Settings, SettingsError
from web.config import check_bind

TRACKER = str(Path(sys.executable).with_name("tracker"))


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.0.0.2"])
def test_loopback_may_use_the_development_key(host: str) -> None:
    check_bind(Settings(), [host])


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "10.0.0.5", "tracker.example.org"])
def test_any_other_bind_needs_a_long_secret_key(host: str) -> None:
    with pytest.raises(SettingsError):
        check_bind(Settings(), [host])
    with pytest.raises(SettingsError):
        check_bind(Settings(secret_key="short"), [host])
    check_bind(Settings(secret_key="k" * 32), [host])


def test_tracker_serve_refuses_to_listen_on_every_interface_without_a_key(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "TRACKER_ENV")}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path}/t.sqlite"
    done = subprocess.run(
        [TRACKER, "serve", "--host", "0.0.0.0", "--port", "5999"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert "SECRET_KEY must be set" in done.stderr


def test_production_refuses_a_short_key(sqlite_url: str) -> None:
    from web import create_app

    with pytest.raises(SettingsError):
        create_app(
            {"DATABASE_URL": sqlite_url, "TRACKER_ENV": "production", "SECRET_KEY": "x" * 31}
        )


def test_the_procfile_serves_through_the_checked_configuration() -> None:
    procfile = (Path(__file__).parents[2] / "Procfile").read_text()
    assert "-c python:web.gunicorn_config" in procfile and "web.wsgi:app" in procfile
