"""The app itself: settings, documents served offline, health."""

from __future__ import annotations

import re

import pytest
from flask import Flask

from tracker.settings import SettingsError
from web import create_app
from web.services import close_services


def test_production_refuses_to_start_without_a_secret_key(sqlite_url: str) -> None:
    with pytest.raises(SettingsError, match="SECRET_KEY"):
        create_app({"DATABASE_URL": sqlite_url, "TRACKER_ENV": "production", "SECRET_KEY": ""})


def test_production_starts_with_a_secret_key(sqlite_url: str) -> None:
    app = create_app(
        {"DATABASE_URL": sqlite_url, "TRACKER_ENV": "production", "SECRET_KEY": "k" * 32}
    )
    assert app.config["SECRET_KEY"] == "k" * 32
    close_services(app)


def test_development_has_a_default_secret_key(app: Flask) -> None:
    assert app.config["SECRET_KEY"]


def test_the_document_is_openapi_3_0_and_needs_no_token(app: Flask) -> None:
    response = app.test_client().get("/api/openapi.json")
    assert response.status_code == 200
    document = response.get_json()
    assert document["openapi"].startswith("3.0")
    assert document["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    progress = document["paths"]["/api/v1/commitments/{commitment_id}/progress"]["post"]
    assert {"401", "403", "404", "409", "412", "422"} <= set(progress["responses"])
    problem = progress["responses"]["422"]
    assert "application/problem+json" in app.test_client().get("/api/openapi.json").get_data(
        as_text=True
    )
    assert problem
    headers = {p["name"] for p in progress["parameters"] if p["in"] == "header"}
    assert headers == {"Idempotency-Key", "If-Match"}


def test_the_docs_page_loads_nothing_from_the_internet(app: Flask) -> None:
    client = app.test_client()
    page = client.get("/api/docs")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert not re.search(r"(src|href)=\"(https?:)?//", html)
    assert "validatorUrl" in html and "null" in html
    for asset in re.findall(r'(?:src|href)="(/api/docs/assets/[^"]+)"', html):
        assert client.get(asset).status_code == 200, asset


def test_health_needs_no_token_and_says_what_is_up(app: Flask) -> None:
    response = app.test_client().get("/healthz")
    assert response.status_code == 200
    body = response.get_json()
    assert body["store"] == "ok" and body["redis"] == "not_used" and body["status"] == "ok"
    assert "projection_lag" in body


def test_health_reports_redis_down_without_failing(sqlite_url: str) -> None:
    app = create_app({"DATABASE_URL": sqlite_url, "REDIS_URL": "redis://127.0.0.1:1/0"})
    try:
        response = app.test_client().get("/healthz")
        assert response.status_code == 200
        assert response.get_json()["redis"] == "down"
    finally:
        close_services(app)


def test_health_is_503_only_when_the_event_store_cannot_be_read(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    from web.services import services

    with app.app_context():
        recorder = services().tracker.recorder

    def unreachable() -> int:
        raise ConnectionError("store down")

    monkeypatch.setattr(recorder, "max_notification_id", unreachable)
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["store"] == "down"
