"""Fixtures shared by every test: database URLs for each store, and a Redis URL."""

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
import redis
from psycopg import sql

POSTGRES_START = "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"
REDIS_START = (
    'redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no'
    " --dir /var/lib/redis --logfile /var/log/redis/ci.log"
)

# What probing each service found, once per session: None when it answered, else the error.
_probed: dict[str, str | None] = {}


def require_service(name: str, url: str, probe: Callable[[], object], start: str) -> None:
    """Skip the test when a service is not reachable, or fail it in CI, which must have it.

    The probe runs once per session, so a missing server costs one timeout, not one per test.
    """
    if url not in _probed:
        try:
            probe()
        except Exception as error:
            _probed[url] = " ".join(f"{type(error).__name__}: {error}".split())
        else:
            _probed[url] = None
    problem = _probed[url]
    if problem is None:
        return
    message = f"{name} not reachable at {url} ({problem}); start it with: {start}"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def _libpq_url(url: str) -> str:
    """The same URL without an SQLAlchemy driver name, as psycopg wants it."""
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """An SQLAlchemy URL of a new SQLite file, gone after the test."""
    return f"sqlite:///{tmp_path}/tracker.sqlite"


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """An SQLAlchemy URL whose search path is a new, empty schema, dropped after the test."""
    base = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
    conninfo = _libpq_url(base)

    def probe() -> None:
        with psycopg.connect(conninfo, connect_timeout=3):
            pass

    require_service("PostgreSQL", base, probe, POSTGRES_START)
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(conninfo, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
    separator = "&" if "?" in base else "?"
    try:
        yield f"{base}{separator}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(conninfo, autocommit=True) as connection:
            connection.execute(
                sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema))
            )


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest) -> str:
    """The URL of an empty database of each kind the tracker runs on: the test runs on each."""
    url: str = request.getfixturevalue(f"{request.param}_url")
    return url


@pytest.fixture
def redis_url() -> Iterator[str]:
    """The URL of a Redis database emptied before and after the test."""
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    client = redis.Redis.from_url(url, socket_connect_timeout=3, socket_timeout=3)
    require_service("Redis", url, client.ping, REDIS_START)
    client.flushdb()
    try:
        yield url
    finally:
        client.flushdb()
        client.close()
