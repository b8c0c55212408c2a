"""Issue 10: every answer tells the browser not to frame, sniff or keep what it must not."""

from __future__ import annotations

import pytest
from flask import Flask

from tests.api.conftest import Caller, World


def assert_guarded(response) -> None:  # type: ignore[no-untyped-def]
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy.split("style-src")[0]  # never for scripts
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/commitments",
        "/api/v1/exports/evidence.csv",
        "/api/v1/nowhere",
        "/healthz",
        "/sign-in",
        "/coalitions/ke",
    ],
)
def test_answers_carry_the_security_headers_and_are_not_stored(
    users: dict[str, Caller], world: World, path: str
) -> None:
    response = users["admin"].get(path)
    assert_guarded(response)
    assert response.headers["Cache-Control"] == "no-store"


def test_an_unauthenticated_error_is_guarded_too(app: Flask) -> None:
    assert_guarded(app.test_client().get("/api/v1/commitments"))


def test_the_docs_page_starts_swagger_ui_without_an_inline_script(app: Flask) -> None:
    page = app.test_client().get("/api/docs")
    assert_guarded(page)
    html = page.get_data(as_text=True)
    assert "<script>" not in html and "<script src=" in html
    assert app.test_client().get("/api/docs/start.js").status_code == 200


def test_session_cookies_are_httponly_lax_and_last_twelve_hours(app: Flask) -> None:
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert app.config["PERMANENT_SESSION_LIFETIME"].total_seconds() == 12 * 3600
    assert app.config["SESSION_COOKIE_SECURE"] is False  # not production: plain http on loopback


def test_in_production_the_session_cookie_is_sent_over_https_only(sqlite_url: str) -> None:
    from web import create_app
    from web.services import close_services

    app = create_app(
        {"DATABASE_URL": sqlite_url, "TRACKER_ENV": "production", "SECRET_KEY": "k" * 40}
    )
    try:
        assert app.config["SESSION_COOKIE_SECURE"] is True
    finally:
        close_services(app)
