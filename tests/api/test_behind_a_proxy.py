"""Behind reverse proxies (TRUSTED_PROXIES): the client a rate limit counts is the one the
proxy names, and a header sent by a client facing the app directly is not believed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from tracker import substantiation
from tracker.settings import Settings, SettingsError
from web import create_app
from web.services import close_services


@pytest.fixture
def proxied(sqlite_url: str) -> Iterator[Flask]:
    app = create_app({"DATABASE_URL": sqlite_url, "TESTING": True, "TRUSTED_PROXIES": "1"})
    yield app
    close_services(app)


@pytest.fixture
def direct(sqlite_url: str) -> Iterator[Flask]:
    app = create_app({"DATABASE_URL": sqlite_url, "TESTING": True})
    yield app
    close_services(app)


def visits(app: Flask, address: str, n: int) -> list[int]:
    client = app.test_client()
    forwarded = {"X-Forwarded-For": address}
    return [client.get(f"/substantiate/guess-{i}", headers=forwarded).status_code for i in range(n)]


def test_behind_a_proxy_each_forwarded_client_has_its_own_limit(
    proxied: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(substantiation, "CLIENT_VISITS", 3)
    assert visits(proxied, "203.0.113.7", 4) == [404, 404, 404, 429]
    assert visits(proxied, "198.51.100.9", 1) == [404]  # another client, not yet limited


def test_facing_clients_directly_a_forwarded_header_is_not_believed(
    direct: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(substantiation, "CLIENT_VISITS", 3)
    assert visits(direct, "203.0.113.7", 3) == [404, 404, 404]
    assert visits(direct, "198.51.100.9", 1) == [429]  # the same client, whatever it claims


@pytest.mark.parametrize("value", ["-1", "one", "6", "1.5"])
def test_trusted_proxies_must_be_a_small_whole_number(value: str) -> None:
    with pytest.raises(SettingsError, match="TRUSTED_PROXIES"):
        Settings.from_env({"TRUSTED_PROXIES": value})
