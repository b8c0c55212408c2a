"""Settings read from the environment, and what they mean for the event store."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from sqlalchemy.engine import URL, make_url

DEFAULT_DATABASE_URL = "sqlite:///var/tracker.sqlite"
DEFAULT_PUBLIC_URL = "http://127.0.0.1:5000"
DEFAULT_MAIL_FROM = "tracker@localhost"
# A fixed key is fine where nothing is at stake: the web refuses it off loopback and in
# production (web.config); what it signs (sessions, unsubscribe links) is then local only.
DEVELOPMENT_SECRET_KEY = "development-only-not-secret"


class SettingsError(ValueError):
    """A setting is missing or cannot be used."""


@dataclass(frozen=True)
class Settings:
    """What a `tracker` process needs to know about where it runs."""

    database_url: str = DEFAULT_DATABASE_URL
    redis_url: str | None = None
    secret_key: str | None = None
    production: bool = False
    smtp_url: str | None = None  # where reminders are sent (tracker.reminders.mail)
    mail_from: str = DEFAULT_MAIL_FROM
    public_url: str = DEFAULT_PUBLIC_URL  # how links in e-mails reach the pages
    # How many reverse proxies in front of the web processes set X-Forwarded-For, -Proto and
    # -Host: the client address that rate limits count, and the host links are built with.
    trusted_proxies: int = 0

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read DATABASE_URL, REDIS_URL, SECRET_KEY, TRACKER_ENV (`production` or not), and
        for e-mails SMTP_URL, MAIL_FROM and PUBLIC_URL, and TRUSTED_PROXIES."""
        env = os.environ if environ is None else environ
        settings = cls(
            database_url=env.get("DATABASE_URL") or DEFAULT_DATABASE_URL,
            redis_url=env.get("REDIS_URL") or None,
            secret_key=env.get("SECRET_KEY") or None,
            production=env.get("TRACKER_ENV", "development") == "production",
            smtp_url=env.get("SMTP_URL") or None,
            mail_from=env.get("MAIL_FROM") or DEFAULT_MAIL_FROM,
            public_url=(env.get("PUBLIC_URL") or DEFAULT_PUBLIC_URL).rstrip("/"),
            trusted_proxies=_proxies(env.get("TRUSTED_PROXIES") or "0"),
        )
        settings.url  # noqa: B018 - refuse a malformed URL at once, not at first use
        return settings

    @property
    def url(self) -> URL:
        """DATABASE_URL parsed; only SQLite and PostgreSQL are supported."""
        try:
            url = make_url(self.database_url)
        except Exception as error:
            raise SettingsError(f"DATABASE_URL is not a database URL: {error}") from None
        if url.get_backend_name() not in ("sqlite", "postgresql"):
            raise SettingsError("DATABASE_URL must name an sqlite:/// file or postgresql://")
        if url.get_backend_name() == "sqlite" and not url.database:
            raise SettingsError("DATABASE_URL must name an SQLite file, not a memory database")
        return url

    @property
    def signing_key(self) -> str:
        """The key that signs what the tracker hands out (sessions, unsubscribe links)."""
        return self.secret_key or DEVELOPMENT_SECRET_KEY

    @property
    def is_postgres(self) -> bool:
        """Whether events and read models live in PostgreSQL."""
        return self.url.get_backend_name() == "postgresql"

    @property
    def sqlalchemy_url(self) -> URL:
        """The URL for the read models, with psycopg 3 named for PostgreSQL."""
        url = self.url
        if self.is_postgres:
            return url.set(drivername="postgresql+psycopg")
        return url

    @property
    def postgres_schema(self) -> str | None:
        """The schema named by `options=-csearch_path=...` in the URL, if any."""
        options = self.url.query.get("options")
        text = unquote(options if isinstance(options, str) else " ".join(options or ()))
        for option in text.split():
            if option.startswith("-csearch_path="):
                return option.removeprefix("-csearch_path=").split(",")[0]
        return None

    def event_store_env(self) -> dict[str, str]:
        """eventsourcing's own settings for the store DATABASE_URL names."""
        url = self.url
        if not self.is_postgres:
            path = Path(url.database or "")
            path.parent.mkdir(parents=True, exist_ok=True)
            return {
                "PERSISTENCE_MODULE": "eventsourcing.sqlite",
                "APPLICATION_RECORDER_TOPIC": "tracker.ledger.recorders:LinkedSQLiteRecorder",
                "SQLITE_DBNAME": str(path),
                "SQLITE_LOCK_TIMEOUT": "30",
            }
        env = {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "APPLICATION_RECORDER_TOPIC": "tracker.ledger.recorders:LinkedPostgresRecorder",
            "POSTGRES_DBNAME": url.database or "postgres",
            "POSTGRES_HOST": url.host or "127.0.0.1",
            "POSTGRES_PORT": str(url.port or 5432),
            "POSTGRES_USER": url.username or "postgres",
            "POSTGRES_PASSWORD": url.password if isinstance(url.password, str) else "",
            "POSTGRES_LOCK_TIMEOUT": "10",
            "POSTGRES_CONNECT_TIMEOUT": "2",  # an unreachable database is a 503, soon
        }
        if schema := self.postgres_schema:
            env["POSTGRES_SCHEMA"] = schema
        return env


def _proxies(text: str) -> int:
    """TRUSTED_PROXIES: a small whole number (0: the web processes face clients directly)."""
    if not (text.isascii() and text.isdigit()) or int(text) > 5:
        raise SettingsError("TRUSTED_PROXIES must be a whole number from 0 to 5")
    return int(text)
