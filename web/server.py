"""`tracker serve`: gunicorn in the foreground, with the app made in each worker.

The CLI calls `serve`; production runs the same app through the Procfile's gunicorn
command (`gunicorn 'web:create_app()'`), with the settings in the environment.
"""

from __future__ import annotations

from typing import Any

from gunicorn.app.base import BaseApplication  # type: ignore[import-untyped]

from tracker.settings import Settings
from web import create_app, gunicorn_config
from web.config import check_bind


class _Gunicorn(BaseApplication):
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        return create_app()


def serve(host: str = "127.0.0.1", port: int = 5000, workers: int = 2, threads: int = 4) -> None:
    """Serve the API on http://host:port until interrupted (each worker opens its services)."""
    check_bind(Settings.from_env(), [host])  # the public development key serves loopback only
    create_app()  # fail here, in the foreground, on bad settings (e.g. production, no key)
    _Gunicorn(
        {
            "bind": f"{host}:{port}",
            "workers": workers,
            "threads": threads,
            "accesslog": "-",
            "worker_tmp_dir": "/dev/shm",
            "limit_request_line": gunicorn_config.limit_request_line,
            "limit_request_field_size": gunicorn_config.limit_request_field_size,
        }
    ).run()
