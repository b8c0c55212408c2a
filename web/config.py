"""The Flask configuration, from the environment (Settings) and the caller's overrides."""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Iterable, Mapping
from datetime import timedelta
from typing import Any

from tracker.imports.reading import MAX_BYTES
from tracker.settings import DEVELOPMENT_SECRET_KEY, Settings, SettingsError

# Keys of create_app's config that mean the same as the environment variable of that name.
ENVIRONMENT_KEYS = ("DATABASE_URL", "REDIS_URL", "SECRET_KEY", "TRACKER_ENV", "TRUSTED_PROXIES")
# DEVELOPMENT_SECRET_KEY (tracker.settings, shared with the reminders that sign links) is
# public, so it is refused anywhere but on loopback (check_bind).
MIN_SECRET_KEY = 32
MAX_BODY_BYTES = 1024 * 1024
# An import's upload: the file (the import itself refuses one over MAX_BYTES, with a clear
# report), its mapping and the form's fields. Only the paths of web.bodies' UPLOADS take it.
MAX_UPLOAD_BYTES = MAX_BYTES + MAX_BODY_BYTES
SESSION_LIFETIME = timedelta(hours=12)

API_DOCUMENT = {
    "API_TITLE": "Advocacy tracker",
    "API_VERSION": "v1",
    "OPENAPI_VERSION": "3.0.3",  # Swagger UI 4, served by the app itself, renders 3.0
    "OPENAPI_URL_PREFIX": "/api",
    "OPENAPI_JSON_PATH": "openapi.json",
    "OPENAPI_SWAGGER_UI_PATH": "docs",
    "OPENAPI_SWAGGER_UI_URL": "/api/docs/assets/",
    # No online validator: the docs page loads nothing from the internet.
    "OPENAPI_SWAGGER_UI_CONFIG": {"validatorUrl": None, "deepLinking": True},
}


def require_secret_key(settings: Settings, why: str) -> None:
    """Refuse to serve with the development key, or a short one, where it matters."""
    if len(settings.secret_key or "") < MIN_SECRET_KEY:
        raise SettingsError(
            f"SECRET_KEY must be set to at least {MIN_SECRET_KEY} random characters with {why}"
            " (for example: python3 -c 'import secrets; print(secrets.token_urlsafe(48))')"
        )


def check_bind(settings: Settings, hosts: Iterable[str]) -> None:
    """Serving anywhere but on loopback needs a real SECRET_KEY: the development key is
    public, and anyone could sign a session cookie with it."""
    for host in hosts:
        if not is_loopback(host):
            require_secret_key(settings, f"the server bound to {host}, not loopback")


def is_loopback(host: str) -> bool:
    """Whether a bind host is this machine only (127.0.0.0/8, ::1, localhost)."""
    name = host.strip("[]")
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False  # a name or unix socket we cannot judge: ask for a key


def load_config(config: Mapping[str, Any] | None) -> tuple[Settings, dict[str, Any]]:
    """The process's Settings and the Flask config; refuses production without SECRET_KEY."""
    overrides = dict(config or {})
    environ = dict(os.environ)
    environ.update({k: str(overrides[k]) for k in ENVIRONMENT_KEYS if overrides.get(k)})
    settings = Settings.from_env(environ)
    if settings.production:
        require_secret_key(settings, "TRACKER_ENV=production")
    flask_config: dict[str, Any] = {
        **API_DOCUMENT,
        "SECRET_KEY": settings.secret_key or DEVELOPMENT_SECRET_KEY,
        "MAX_CONTENT_LENGTH": MAX_BODY_BYTES,
        "MAX_UPLOAD_LENGTH": MAX_UPLOAD_BYTES,
        # Flask defines these keys already, so they are set here, never with setdefault.
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": settings.production,  # production is served over HTTPS only
        "PERMANENT_SESSION_LIFETIME": SESSION_LIFETIME,
        "SESSION_REFRESH_EACH_REQUEST": True,  # the lifetime is idle time, renewed on use
        **overrides,
    }
    return settings, flask_config
