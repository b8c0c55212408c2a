"""gunicorn settings of the Procfile's web process (`gunicorn -c python:web.gunicorn_config`).

The start refuses to serve off loopback with the public development key (web.config), and
rebuilds, before any worker starts, the projections an older version of their handlers
built (as `tracker serve` does). Request lines have no gunicorn limit, so an over-long
query reaches the app and is answered as problem+json, never with gunicorn's own HTML page.
"""

from __future__ import annotations

from typing import Any

from tracker.composition import open_services
from tracker.projection_commands import cores, rebuild_outdated
from tracker.settings import Settings
from web.config import check_bind

limit_request_line = 0  # 0 is unlimited, gunicorn's maximum; the app judges the query itself
limit_request_field_size = 16380


def on_starting(server: Any) -> None:
    """Before any worker starts: a server bound off loopback needs a real SECRET_KEY, and
    outdated projections are rebuilt (one process at a time, under the setup lock)."""
    hosts = [str(address[0]) for address in server.cfg.address if isinstance(address, tuple)]
    settings = Settings.from_env()
    check_bind(settings, hosts)
    services = open_services(settings)  # closed again before the workers are forked
    try:
        rebuild_outdated(services, processes=cores())
    finally:
        services.close()
